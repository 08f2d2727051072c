// `npm test`: prerequisites, build, then every test phase, then one closing line for all of them.
// Phases: prerequisites (installs what the tests need beyond `npm ci` and tools/setup-debian.sh: code-server, once
// per machine, when the e2e phase will run), build, unit + live (mocha; the live suites boot local Ceph RGW and
// the local KMS once), then the browser end-to-end suite against code-server. Any phase failing fails the run;
// nothing is skipped.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const statsDir = mkdtempSync(join(tmpdir(), 's3enc-stats-'));
const only = process.argv.slice(2); // e.g. `npm test -- unit` runs one phase while developing

// Boot Ceph RGW + the local KMS once for every phase (each phase's mocha global setup would otherwise boot
// its own). If the boot fails, the phases' global setups try again and every live test reports the reason.
const liveDir = join(statsDir, 'live');
let liveEnv = process.env.S3ENC_LIVE_ENV;
function stopLive() {
  if (liveEnv && !process.env.S3ENC_LIVE_ENV) {
    // only stop what this run started
    spawnSync('node', ['tools/local-s3/dev-down.mjs'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, S3ENC_DEV_DIR: liveDir },
    });
    liveEnv = undefined;
  }
  // The stats and the live-service state are this run's own: leave no folder behind.
  rmSync(statsDir, { recursive: true, force: true });
}
function startLive() {
  if (liveEnv || process.env.S3ENC_LIVE === 'off') return;
  console.log('\n=== live services (Ceph RGW + local KMS) ===');
  const r = spawnSync('node', ['tools/local-s3/dev-up.mjs'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    env: { ...process.env, S3ENC_DEV_DIR: liveDir },
  });
  const m = /^export S3ENC_LIVE_ENV='(.*)'$/m.exec(r.stdout ?? '');
  if (r.status === 0 && m) liveEnv = m[1];
  else console.log('live services did not start here; each phase will try again and report why');
}
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    stopLive();
    process.exit(130);
  });
}

const phases = [
  // A real VS Code for the e2e phase, cached in ~/.cache/s3enc (about 2 min the first time, instant after).
  { name: 'prerequisites', cmd: 'node', args: ['tools/code-server/install.mjs'], when: () => wants('e2e') },
  { name: 'build', cmd: 'npm', args: ['run', '--silent', 'build'] },
  { name: 'unit+live', cmd: 'npx', args: ['mocha'], stats: true, live: true },
  { name: 'e2e', cmd: 'npx', args: ['mocha', '--config', '.mocharc.e2e.json'], stats: true, live: true },
];

function wants(name) {
  return !only.length || only.includes(name);
}
function alwaysRuns(phase) {
  return phase.name === 'build' || phase.name === 'prerequisites';
}

let passed = 0;
let failed = 0;
const failedPhases = [];
for (const phase of phases) {
  if (!alwaysRuns(phase) && !wants(phase.name)) continue;
  if (phase.when && !phase.when()) continue;
  if (phase.live) startLive();
  const statsFile = join(statsDir, `${phase.name}.json`);
  const started = Date.now();
  console.log(`\n=== ${phase.name} ===`);
  const r = spawnSync(phase.cmd, phase.args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, S3ENC_TEST_STATS: statsFile, ...(liveEnv ? { S3ENC_LIVE_ENV: liveEnv } : {}) },
  });
  console.log(`=== ${phase.name}: exit ${r.status} in ${((Date.now() - started) / 1000).toFixed(1)} s ===`);
  if (phase.stats && existsSync(statsFile)) {
    const s = JSON.parse(readFileSync(statsFile, 'utf8'));
    passed += s.passed;
    failed += s.failed;
  }
  if (r.status !== 0) {
    failedPhases.push(phase.name);
    if (alwaysRuns(phase)) break;
  }
}
stopLive();
if (failedPhases.length) console.log(`failed phases: ${failedPhases.join(', ')}`);
// A phase that died before mocha could count still fails the run.
if (failedPhases.length && failed === 0) failed = failedPhases.length;
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failedPhases.length ? 1 : 0);
