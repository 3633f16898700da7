/**
 * Ends the run with one plain line, "vitest: N passed, N failed, N skipped", that CI can read. Under
 * scripts/test.mjs, which runs vitest twice (unit tests beside the build, browser tests after it), the
 * counts go to the file HANDBOOK_TEST_COUNTS names instead, and that script prints the one line for both.
 */
import { appendFileSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: readonly TestModule[]): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of modules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      // A file that failed to load has no tests but must still count as a failure.
      if (module.state() === 'failed' && ![...module.children.allTests()].length) failed++;
    }
    const counts = process.env.HANDBOOK_TEST_COUNTS;
    if (counts) appendFileSync(counts, `${JSON.stringify({ passed, failed, skipped })}\n`);
    else process.stdout.write(`\nvitest: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
