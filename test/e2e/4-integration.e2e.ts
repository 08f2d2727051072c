// The extension-host integration suite (test/integration), run inside code-server's extension host: a real
// VS Code loading the extension from the repo. Its results come back as a report; the tests here check that
// every test mocha found there ran and passed (each failure is named with its error).
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { liveEnv } from '../../tools/live/live-env';
import { prepareEnvironment } from '../../tools/code-server/environment';
import { FIXTURE_BUCKET_VAR } from './support/fixture-keys';
import { compileIntegrationSuite, runIntegrationInCodeServer, type IntegrationResult } from './support/integration-run';
import { repoRoot } from './support/paths';
import { seedFixtures } from './support/seed';
import { sharedBrowser } from './support/session';

describe('integration suite in code-server', function () {
  let result: IntegrationResult | undefined;

  before(async function () {
    this.timeout(240_000);
    compileIntegrationSuite();
    const live = liveEnv();
    const fixtures = await seedFixtures(live);
    const env = prepareEnvironment(live, { workspaceTemplate: join(repoRoot, 'test', 'e2e', 'fixtures', 'workspace') });
    try {
      env.env.S3ENC_LIVE_ENV = JSON.stringify(live);
      env.env[FIXTURE_BUCKET_VAR] = fixtures.bucket;
      result = await runIntegrationInCodeServer(await sharedBrowser(), env, 180_000);
    } finally {
      env.cleanup();
    }
    for (const [name, value] of Object.entries(result.report.measurements ?? {})) {
      console.log(`    measured in code-server's extension host: ${name} = ${value}`);
    }
    for (const title of result.report.passed) console.log(`    [extension host] ✔ ${title}`);
  });

  it('every extension-host test passed (failures are listed with their errors)', () => {
    assert.ok(result, 'the suite did not run');
    const failures = result.report.failed.map((f) => `[extension host] ${f.title}\n${f.error}`);
    assert.deepEqual(failures, [], `${failures.length} extension-host test(s) failed:\n\n${failures.join('\n\n')}`);
  });

  it('every test mocha found in the suite ran (none skipped, none lost), and the window exited 0', () => {
    assert.ok(result, 'the suite did not run');
    const { passed, failed, pending, total } = result.report;
    assert.ok(total > 0, 'mocha found no test in the integration suite');
    assert.deepEqual(pending, [], 'pending (skipped) extension-host tests');
    assert.equal(
      passed.length + failed.length,
      total,
      `${total} tests found, ${passed.length + failed.length} reported`,
    );
    assert.equal(result.exitCode, failed.length ? 1 : 0);
  });
});
