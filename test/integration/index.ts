// Entry point VS Code loads in the extension host (extensionTestsPath): runs the integration suite with mocha.
// Works under @vscode/test-electron (desktop VS Code) and under code-server's remote extension host. Results
// also go to $S3ENC_INTEGRATION_REPORT as JSON, because code-server's extension host output is not a terminal.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export interface IntegrationReport {
  passed: string[];
  failed: { title: string; error: string }[];
  pending: string[];
  /** Tests mocha found in the suite files (so a test that never reported is noticed). */
  total: number;
  /** Numbers the suite measured (e.g. activation time), reported by the runner; never asserted against. */
  measurements: Record<string, number>;
}

/** Suite files record measurements here (a global: the suite files are loaded by mocha, not imported). */
export const MEASUREMENTS_KEY = '__s3encIntegrationMeasurements';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, slow: 5_000, reporter: 'spec' });
  const suiteDir = join(__dirname, 'suite');
  for (const file of readdirSync(suiteDir)
    .filter((f) => f.endsWith('.test.js'))
    .sort()) {
    mocha.addFile(join(suiteDir, file));
  }
  const measurements: Record<string, number> = {};
  (globalThis as Record<string, unknown>)[MEASUREMENTS_KEY] = measurements;
  const report: IntegrationReport = { passed: [], failed: [], pending: [], total: 0, measurements };
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      report.total = runner.total;
      const out = process.env.S3ENC_INTEGRATION_REPORT;
      if (out) writeFileSync(out, JSON.stringify(report, null, 2));
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else if (report.passed.length === 0) reject(new Error('no integration test ran'));
      else resolve();
    });
    runner.on(Mocha.Runner.constants.EVENT_TEST_PASS, (t) => report.passed.push(t.fullTitle()));
    runner.on(Mocha.Runner.constants.EVENT_TEST_PENDING, (t) => report.pending.push(t.fullTitle()));
    runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, (t, err: Error) =>
      report.failed.push({ title: t.fullTitle(), error: err.stack ?? String(err) }),
    );
  });
}
