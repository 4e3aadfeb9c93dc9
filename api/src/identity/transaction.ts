/** The one transaction helper lives in db/; re-exported here for identity's imports. */
export { inTransaction } from '../../../db/src/transaction.ts';
