/** The one transaction helper lives in db/; re-exported here for the alerts store's imports. */
export { inTransaction, type Tx } from '../../../db/src/transaction.ts';
