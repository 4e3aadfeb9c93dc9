// Print the plain closing line CI looks for: "tests: N passed, N failed, N skipped", summed over
// the vitest JSON reports given (CI writes one for the main suite and one for test:reliability).
// A report that is missing (its run crashed before writing it) or has failed files is named first.
import { existsSync, readFileSync } from 'node:fs';

const total = { passed: 0, failed: 0, skipped: 0 };
for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    console.log(`${file}: missing (the run did not finish)`);
    continue;
  }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  total.passed += r.numPassedTests ?? 0;
  total.failed += r.numFailedTests ?? 0;
  total.skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  if (r.numFailedTestSuites) console.log(`${file}: ${r.numFailedTestSuites} failed suites (files and describe blocks)`);
}
console.log(`tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
