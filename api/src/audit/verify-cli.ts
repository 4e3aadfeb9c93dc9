/**
 * Verify the audit log's hash chain from the first entry to the last.
 *   DATABASE_URL=postgres://… npx tsx api/src/audit/verify-cli.ts
 * Prints one JSON line `{ ok, checked, brokenSeq?, reason? }`; exits 1 when the chain is broken.
 */
import { z } from 'zod';
import { env, parseEnv, runMain } from '../../../common/src/config.ts';
import { createPool } from '../../../db/src/pool.ts';
import { verifyAuditLog } from './audit-log.ts';

await runMain(async () => {
  const cfg = parseEnv(z.object({ DATABASE_URL: env.url(['postgres', 'postgresql']) }), process.env);
  const db = createPool(cfg.DATABASE_URL, { max: 1, applicationName: 'vitals-audit-verify' });
  try {
    const v = await verifyAuditLog(db);
    // brokenAt is an index within one page of the walk: only the seq means anything to an operator.
    const result = v.ok ? { ok: true, checked: v.checked } : { ok: false, checked: v.checked, brokenSeq: v.brokenSeq, reason: v.reason };
    process.stdout.write(JSON.stringify(result) + '\n');
    process.exitCode = v.ok ? 0 : 1;
  } finally {
    await db.end();
  }
});
