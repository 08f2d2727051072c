// Mocha global fixtures (registered in .mocharc.json and .mocharc.e2e.json): boot Ceph RGW and the local KMS
// once per run and hand their coordinates to live tests through S3ENC_LIVE_ENV (see live-env.ts).
// - S3ENC_LIVE_ENV already set (e.g. `source /tmp/s3enc-dev/env.sh`): reuse those services, start nothing.
// - S3ENC_LIVE=off: start nothing; live tests then fail with instructions (fast unit-only runs).
// - Boot failure: unit tests still run, and every live test fails with the reason (never a silent skip).
import { startLocalServices, type LocalServices } from '../../tools/local-s3/index';
import { LIVE_ENV_VAR, LIVE_ERROR_VAR } from '../../tools/live/live-env';
import { kmsMasterKeyFile } from '../../tools/live/vectors-path';

let services: LocalServices | undefined;

function stopOnSignal(signal: NodeJS.Signals): void {
  services?.stopNow();
  services = undefined;
  process.exit(signal === 'SIGINT' ? 130 : 143);
}

export async function mochaGlobalSetup(): Promise<void> {
  if (process.env[LIVE_ENV_VAR]) return;
  if (process.env.S3ENC_LIVE === 'off') {
    process.env[LIVE_ERROR_VAR] = 'S3ENC_LIVE=off was set for this run, so Ceph RGW and the local KMS were not started';
    return;
  }
  const started = Date.now();
  try {
    services = await startLocalServices({ kmsMasterKeyFile: kmsMasterKeyFile() });
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    process.env[LIVE_ERROR_VAR] = reason;
    console.error(`global setup: live services did not start; live tests will fail: ${reason}`);
    return;
  }
  process.env[LIVE_ENV_VAR] = JSON.stringify(services.env);
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  // `exit` handlers run synchronously: the last chance when mocha exits without teardown.
  process.once('exit', () => services?.stopNow());
  if (process.env.S3ENC_LIVE_VERBOSE) {
    console.error(
      `global setup: RGW ${services.env.s3Endpoint}, KMS ${services.env.kmsEndpoint} in ${Date.now() - started} ms`,
    );
  }
}

export async function mochaGlobalTeardown(): Promise<void> {
  const s = services;
  services = undefined;
  if (s) {
    delete process.env[LIVE_ENV_VAR];
    await s.stop();
  }
}
