// The extension-host integration suite (test/integration), run inside code-server's extension host: a real
// VS Code loading the extension from the repo. Each test of that suite is reported here as its own test.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import Mocha from 'mocha';
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
    // Mocha runs a suite's tests after its `before` hooks, so tests added here are run and counted.
    const suite = this.test?.parent;
    if (!suite) throw new Error('no parent suite');
    for (const title of result.report.passed) suite.addTest(new Mocha.Test(`[extension host] ${title}`, () => {}));
    for (const f of result.report.failed) {
      suite.addTest(
        new Mocha.Test(`[extension host] ${f.title}`, () => {
          throw new Error(f.error);
        }),
      );
    }
  });

  it('ran the suite to completion with exit code 0', () => {
    assert.ok(result, 'the suite did not run');
    assert.ok(result.report.passed.length + result.report.failed.length > 0, 'no integration test ran');
    assert.equal(result.exitCode, result.report.failed.length ? 1 : 0);
  });
});
