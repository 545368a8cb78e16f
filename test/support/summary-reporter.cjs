// @ts-check
'use strict';
/**
 * Mocha's spec reporter, plus the plain closing line `N passed, N failed[, N skipped]` that CI
 * log readers look for, and (when AIGUARD_TEST_RESULTS names a file) the results as JSON, which
 * is how the in-editor runs report back to the harness outside the editor.
 */
const fs = require('node:fs');
const Mocha = require('mocha');

const { EVENT_RUN_END, EVENT_TEST_FAIL, EVENT_TEST_PASS, EVENT_TEST_PENDING } = Mocha.Runner.constants;

class SummaryReporter extends Mocha.reporters.Spec {
  /**
   * @param {Mocha.Runner} runner
   * @param {Mocha.MochaOptions} options
   */
  constructor(runner, options) {
    super(runner, options);
    /** @type {Array<{ title: string; state: string; durationMs?: number; error?: string }>} */
    const tests = [];
    runner.on(EVENT_TEST_PASS, (test) => tests.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration }));
    runner.on(EVENT_TEST_PENDING, (test) => tests.push({ title: test.fullTitle(), state: 'skipped' }));
    runner.on(EVENT_TEST_FAIL, (test, error) => tests.push({ title: test.fullTitle(), state: 'failed', error: String((error && (error.stack || error.message)) || error) }));
    // Registered after the spec reporter's own end handler, so this line is the last one printed.
    runner.once(EVENT_RUN_END, () => {
      const stats = this.stats;
      const skipped = stats.pending ? `, ${stats.pending} skipped` : '';
      console.log(`${stats.passes} passed, ${stats.failures} failed${skipped}`);
      const file = process.env.AIGUARD_TEST_RESULTS;
      if (file) {
        const summary = { passed: stats.passes, failed: stats.failures, skipped: stats.pending, tests };
        fs.writeFileSync(file, JSON.stringify(summary, null, 2));
      }
    });
  }
}

module.exports = SummaryReporter;
