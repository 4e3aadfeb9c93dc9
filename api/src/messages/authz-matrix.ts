import type { MatrixEntry } from '../http/authz-matrix.ts';
import { EVERYONE_SIGNED_IN, PATIENT_DATA_READERS } from '../http/authz-matrix.ts';
import { DEMO_ATTACHMENT, DEMO_THREADS } from './demo-seed.ts';

/** Maria's open care-team conversation, claimed by Dr. Chen (the demo seed). */
const thread = DEMO_THREADS[0]!;
const threadPath = (rest = '') => `/v1/message-threads/${thread.id}${rest}`;
const staff = ['clinician_in_team', 'clinician_out_of_team', 'break_glass', 'admin'] as const;

export const authzMatrix: MatrixEntry[] = [
  { method: 'GET', path: '/v1/messages/compose-info', request: () => ({ path: '/v1/messages/compose-info' }), allow: EVERYONE_SIGNED_IN },
  { method: 'GET', path: '/v1/patients/:patientId/message-threads', proxyScope: 'messages', request: (ctx) => ({ path: `/v1/patients/${ctx.patientId}/message-threads` }), allow: PATIENT_DATA_READERS },
  {
    method: 'POST',
    path: '/v1/patients/:patientId/message-threads',
    proxyScope: 'messages',
    request: (ctx) => ({ path: `/v1/patients/${ctx.patientId}/message-threads`, json: { topic: 'appointment', subject: 'Matrix', body: 'Can I come earlier?' } }),
    // staff answer threads; they do not open them for the patient
    allow: ['patient', 'proxy_with_scope'],
  },
  // the care team answers the care-team pool; the admin is in no pool for it and has no clinical access
  { method: 'GET', path: '/v1/message-threads/:threadId', proxyScope: 'messages', request: () => ({ path: threadPath() }), allow: PATIENT_DATA_READERS },
  { method: 'POST', path: '/v1/message-threads/:threadId/messages', proxyScope: 'messages', request: () => ({ path: threadPath('/messages'), json: { body: 'Matrix reply' } }), allow: PATIENT_DATA_READERS },
  { method: 'POST', path: '/v1/message-threads/:threadId/read', proxyScope: 'messages', request: () => ({ path: threadPath('/read') }), allow: PATIENT_DATA_READERS },
  {
    method: 'GET',
    path: '/v1/message-threads/:threadId/attachments/:attachmentId',
    proxyScope: 'messages',
    request: () => ({ path: threadPath(`/attachments/${DEMO_ATTACHMENT.id}`) }),
    allow: PATIENT_DATA_READERS,
  },
  { method: 'GET', path: '/v1/messages/inbox', request: () => ({ path: '/v1/messages/inbox' }), allow: staff },
  // only those who answer the thread's pool claim, assign or set its status; break-the-glass reads but does not
  // take over the inbox. Claiming a thread Dr. Chen holds is 409; the others leave it as it was.
  { method: 'POST', path: '/v1/message-threads/:threadId/claim', request: () => ({ path: threadPath('/claim') }), allow: ['clinician_in_team'] },
  { method: 'POST', path: '/v1/message-threads/:threadId/assign', request: () => ({ path: threadPath('/assign'), json: { assigneeId: thread.assigneeId } }), allow: ['clinician_in_team'] },
  { method: 'POST', path: '/v1/message-threads/:threadId/status', request: () => ({ path: threadPath('/status'), json: { status: 'open' } }), allow: ['clinician_in_team'] },
  { method: 'GET', path: '/v1/messages/metrics', request: () => ({ path: '/v1/messages/metrics' }), allow: staff },
];
