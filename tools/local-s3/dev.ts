// Long-running live services for developers: `node tools/local-s3/dev-up.mjs` boots Ceph RGW + the local KMS
// detached and prints `export S3ENC_LIVE_ENV='...'`; `node tools/local-s3/dev-down.mjs` stops exactly them.
// State lives in /tmp/s3enc-dev (S3ENC_DEV_DIR overrides): state.json (instance folder, env) and env.sh.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kmsMasterKeyFile } from '../live/vectors-path';
import { LIVE_ENV_VAR } from '../live/live-env';
import { startLocalServices, stopRecorded, type LocalLiveEnv } from './index';

const stateDir = process.env.S3ENC_DEV_DIR ?? '/tmp/s3enc-dev';
const stateFile = join(stateDir, 'state.json');
const envFile = join(stateDir, 'env.sh');

interface DevState {
  env: LocalLiveEnv;
  startedAt: string;
}

function exportLine(env: LocalLiveEnv): string {
  return `export ${LIVE_ENV_VAR}='${JSON.stringify(env)}'`;
}

function writeAtomic(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

function readState(): DevState | undefined {
  if (!existsSync(stateFile)) return undefined;
  return JSON.parse(readFileSync(stateFile, 'utf8')) as DevState;
}

/** Running = both services answer (a failed-and-retried OSD start leaves a dead pid on record, so no pid check). */
async function isRunning(state: DevState): Promise<boolean> {
  const answers = async (url: string, init?: RequestInit) => {
    try {
      return (await fetch(url, { ...init, signal: AbortSignal.timeout(3000) })).status === 200;
    } catch {
      return false; // not listening: not running
    }
  };
  return (
    (await answers(state.env.s3Endpoint)) &&
    (await answers(state.env.kmsEndpoint, {
      method: 'POST',
      headers: { 'X-Amz-Target': 'TrentService.ListKeys' },
      body: '{}',
    }))
  );
}

async function up(): Promise<void> {
  const old = readState();
  if (old && (await isRunning(old))) {
    console.error(`Live services already running (started ${old.startedAt}); source ${envFile} or run dev-down.`);
    console.log(exportLine(old.env));
    return;
  }
  if (old) await stopRecorded(old.env.instanceDir); // half-dead leftovers
  mkdirSync(stateDir, { recursive: true });
  const t0 = Date.now();
  const services = await startLocalServices({ detached: true, kmsMasterKeyFile: kmsMasterKeyFile() });
  const state: DevState = { env: services.env, startedAt: new Date().toISOString() };
  writeAtomic(stateFile, JSON.stringify(state, null, 2));
  writeAtomic(envFile, `${exportLine(services.env)}\n`);
  console.error(
    `Ceph RGW at ${services.env.s3Endpoint}, local KMS at ${services.env.kmsEndpoint} ` +
      `(up in ${((Date.now() - t0) / 1000).toFixed(1)} s; logs in ${services.dir}/log). Stop: node tools/local-s3/dev-down.mjs`,
  );
  console.log(exportLine(services.env));
}

async function down(): Promise<void> {
  const state = readState();
  if (!state) {
    console.error(`No dev services recorded in ${stateDir}.`);
    return;
  }
  const pids = await stopRecorded(state.env.instanceDir);
  rmSync(stateFile, { force: true });
  rmSync(envFile, { force: true });
  console.error(`Stopped ${pids.length} processes and removed ${state.env.instanceDir}.`);
}

const cmd = process.argv[2];
(cmd === 'up' ? up() : cmd === 'down' ? down() : Promise.reject(new Error('usage: dev.ts up|down'))).catch(
  (e: Error) => {
    console.error(`${e.name}: ${e.message}`);
    process.exit(1);
  },
);
