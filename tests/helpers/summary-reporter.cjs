// Prints the plain closing line CI reads ("N passed, N failed, N skipped"),
// so a run that executed no test is visible as "0 passed". With
// TEST_SUMMARY_FILE set, also writes it there, for .ci/run to print last.
const { writeFileSync } = require("node:fs");

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped`;
    process.stdout.write(`\n${line}\n`);
    if (process.env.TEST_SUMMARY_FILE) writeFileSync(process.env.TEST_SUMMARY_FILE, `${line}\n`);
  }
}
module.exports = SummaryReporter;
