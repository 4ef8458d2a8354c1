// Sums vitest JSON reports into the one closing line CI reads: "N passed, N failed".
// A failed non-test step (type check, lint, drift, build) counts as one failure each.
import { readFileSync } from 'node:fs';

const [stepsFailed, ...files] = process.argv.slice(2);
let passed = 0;
let failed = Number(stepsFailed) || 0;
let skipped = 0;
for (const file of files) {
  try {
    const report = JSON.parse(readFileSync(file, 'utf8'));
    passed += report.numPassedTests ?? 0;
    failed += (report.numFailedTests ?? 0) + (report.numFailedTestSuites > 0 && report.numFailedTests === 0 ? 1 : 0);
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  } catch {
    failed += 1;
    console.log(`missing or unreadable test report: ${file}`);
  }
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
