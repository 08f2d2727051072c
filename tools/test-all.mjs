// `npm test`: build, then every test phase, then one closing line for all of them.
// Phases: unit + live (mocha; the live suites boot local Ceph RGW and the local KMS once), then the
// browser end-to-end suite against code-server. Any phase failing fails the run; nothing is skipped.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const statsDir = mkdtempSync(join(tmpdir(), 's3enc-stats-'));
const only = process.argv.slice(2); // e.g. `npm test -- unit` runs one phase while developing

const phases = [
  { name: 'build', cmd: 'npm', args: ['run', '--silent', 'build'] },
  { name: 'unit+live', cmd: 'npx', args: ['mocha'], stats: true },
  { name: 'e2e', cmd: 'npx', args: ['mocha', '--config', '.mocharc.e2e.json'], stats: true },
];

let passed = 0;
let failed = 0;
const failedPhases = [];
for (const phase of phases) {
  if (only.length && !only.includes(phase.name) && phase.name !== 'build') continue;
  const statsFile = join(statsDir, `${phase.name}.json`);
  const started = Date.now();
  console.log(`\n=== ${phase.name} ===`);
  const r = spawnSync(phase.cmd, phase.args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, S3ENC_TEST_STATS: statsFile },
  });
  console.log(`=== ${phase.name}: exit ${r.status} in ${((Date.now() - started) / 1000).toFixed(1)} s ===`);
  if (phase.stats && existsSync(statsFile)) {
    const s = JSON.parse(readFileSync(statsFile, 'utf8'));
    passed += s.passed;
    failed += s.failed;
  }
  if (r.status !== 0) {
    failedPhases.push(phase.name);
    if (phase.name === 'build') break;
  }
}
if (failedPhases.length) console.log(`failed phases: ${failedPhases.join(', ')}`);
// A phase that died before mocha could count still fails the run.
if (failedPhases.length && failed === 0) failed = failedPhases.length;
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failedPhases.length ? 1 : 0);
