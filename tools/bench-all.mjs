#!/usr/bin/env node
// `npm run bench [-- <name filter>]`: runs each bench/*.bench.ts in turn with tsx, sharing one local Ceph RGW
// + local KMS (or the services S3ENC_LIVE_ENV already points at). Each benchmark prints its own markdown table
// and rewrites its own BENCHMARKS.md section; this runner only orchestrates and reports failures.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { register } from 'tsx/cjs/api';

const root = fileURLToPath(new URL('..', import.meta.url));
const filters = process.argv.slice(2);
const benches = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !filters.length || filters.some((x) => f.includes(x)))
  .sort();
if (!benches.length) {
  console.error(`No benchmark matches ${filters.length ? filters.join(', ') : 'bench/*.bench.ts'}.`);
  process.exit(2);
}

let services;
if (!process.env.S3ENC_LIVE_ENV) {
  register(); // lets require() load the TypeScript service launcher (CommonJS, like the rest of the project)
  const require = createRequire(import.meta.url);
  const { startLocalServices } = require('./local-s3/index.ts');
  const { kmsMasterKeyFile } = require('./live/vectors-path.ts');
  const t0 = Date.now();
  services = await startLocalServices({ kmsMasterKeyFile: kmsMasterKeyFile() });
  process.env.S3ENC_LIVE_ENV = JSON.stringify(services.env);
  console.error(
    `bench: Ceph RGW ${services.env.s3Endpoint} + local KMS up in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
}
const stop = () => services?.stopNow();
process.once('exit', stop);
for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => process.exit(130));

const failed = [];
for (const file of benches) {
  const started = Date.now();
  console.log(`\n=== bench/${file} ===`);
  const code = await new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join('bench', file)], { cwd: root, stdio: 'inherit' });
    child.once('exit', (c, signal) => resolve(signal ? 1 : (c ?? 1)));
  });
  console.log(`=== bench/${file}: exit ${code} in ${((Date.now() - started) / 1000).toFixed(1)} s ===`);
  if (code !== 0) failed.push(file);
}
if (services) await services.stop();
services = undefined;
console.log(failed.length ? `\nfailed: ${failed.join(', ')}` : `\nall ${benches.length} benchmarks ran`);
process.exit(failed.length ? 1 : 0);
