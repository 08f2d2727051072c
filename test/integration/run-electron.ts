// `npm run test:integration`: the extension-host suite in desktop VS Code, downloaded by
// @vscode/test-electron (needs internet). On machines without it the same suite runs inside code-server
// as part of the e2e phase (test/e2e/4-integration.e2e.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { prepareEnvironment } from '../../tools/code-server/environment';
import { startLocalServices, type LocalServices } from '../../tools/local-s3/index';
import { compileIntegrationSuite, INTEGRATION_OUT } from '../e2e/support/integration-run';
import { repoRoot } from '../e2e/support/paths';
import { removeFixtures, seedFixtures } from '../e2e/support/seed';
import { FIXTURE_BUCKET_VAR } from '../e2e/support/fixture-keys';
import { liveEnv, LIVE_ENV_VAR } from '../../tools/live/live-env';
import { kmsMasterKeyFile } from '../../tools/live/vectors-path';

async function main(): Promise<number> {
  compileIntegrationSuite();
  let services: LocalServices | undefined;
  if (!process.env[LIVE_ENV_VAR]) {
    services = await startLocalServices({ kmsMasterKeyFile: kmsMasterKeyFile() });
    process.env[LIVE_ENV_VAR] = JSON.stringify(services.env);
  }
  const live = liveEnv();
  const env = prepareEnvironment(live, { workspaceTemplate: join(repoRoot, 'test', 'e2e', 'fixtures', 'workspace') });
  try {
    const fixtures = await seedFixtures(live);
    const userData = join(env.dir, 'user-data');
    mkdirSync(join(userData, 'User'), { recursive: true });
    writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify(env.settings, null, 2));
    await runTests({
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: join(INTEGRATION_OUT, 'index.js'),
      launchArgs: [env.workspace, '--user-data-dir', userData, '--disable-extensions', '--disable-workspace-trust'],
      extensionTestsEnv: { ...env.env, [LIVE_ENV_VAR]: JSON.stringify(live), [FIXTURE_BUCKET_VAR]: fixtures.bucket },
    });
    return 0;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    console.error(`integration suite failed: ${message}`);
    if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|download/i.test(message)) {
      console.error(
        '@vscode/test-electron could not download VS Code. Without internet the same suite runs inside ' +
          'code-server: `npm run test:e2e` (or `npm test`), see docs/e2e.md.',
      );
    }
    return 1;
  } finally {
    await removeFixtures(live).catch((err: Error) => console.error(`could not remove the test bucket: ${err.message}`));
    env.cleanup();
    await services?.stop();
  }
}

void main().then((code) => process.exit(code));
