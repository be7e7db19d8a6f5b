'use strict';
// Mocha's spec reporter, plus a JSON file with the run's totals so that the root test command can
// print one "N passed, M failed" line across every package and tier.
const fs = require('node:fs');
const path = require('node:path');
const Mocha = require('mocha');

const { EVENT_RUN_END } = Mocha.Runner.constants;

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const output = options.reporterOption?.output ?? options.reporterOptions?.output;
    if (!output) return;
    const file = path.resolve(output);
    fs.rmSync(file, { force: true });
    runner.once(EVENT_RUN_END, () => {
      const { passes, failures, pending, tests, duration } = runner.stats;
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify({ suite: path.relative(process.cwd(), file), passes, failures, pending, tests, duration }));
    });
  }
}

module.exports = SummaryReporter;
