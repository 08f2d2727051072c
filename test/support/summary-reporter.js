// Mocha's spec output, plus the run's counts written to $S3ENC_TEST_STATS so tools/test-all.mjs can print
// one closing "N passed, N failed" line across all phases.
'use strict';
const fs = require('fs');
const Mocha = require('mocha');

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const file = process.env.S3ENC_TEST_STATS;
      if (!file) return;
      const s = runner.stats || {};
      fs.writeFileSync(
        file,
        JSON.stringify({ passed: s.passes || 0, failed: s.failures || 0, pending: s.pending || 0 }),
      );
    });
  }
}
module.exports = SummaryReporter;
