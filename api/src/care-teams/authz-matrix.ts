import { EVERYONE_SIGNED_IN, type MatrixEntry } from '../http/authz-matrix.ts';

/** About oneself: everyone signed in gets their own list (empty when in no team). */
export const authzMatrix: MatrixEntry[] = [{ method: 'GET', path: '/v1/care-teams', request: () => ({ path: '/v1/care-teams' }), allow: EVERYONE_SIGNED_IN }];
