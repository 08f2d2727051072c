#!/usr/bin/env node
// `npm run demo`: the product, for real, in one command. Builds and packages the extension, boots Ceph RGW
// and the local KMS, seeds demo buckets in every encryption mode, opens a sample workspace with code that
// triggers each diagnostic in code-server (a real VS Code) with the extension installed and connected, and
// prints the URL. Ctrl-C stops everything it started.
//
//   npm run demo                     build, package, start, wait for Ctrl-C
//   npm run demo -- --check          start, verify the workbench answers, stop, exit 0 (used by a test)
//   npm run demo -- --skip-build     reuse dist/ (e.g. right after `npm run build`)
//   npm run demo -- --port 8080      fixed port instead of a free one
// The work is done in tools/demo/run.ts, loaded through tsx so it can reuse the TypeScript tooling.
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { tsImport } from 'tsx/esm/api';

const { values } = parseArgs({
  options: {
    check: { type: 'boolean', default: false },
    'skip-build': { type: 'boolean', default: false },
    port: { type: 'string' },
  },
});
const root = new URL('..', import.meta.url).pathname;

function step(title, cmd, args) {
  console.log(`demo: ${title}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`demo: ${title} failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
}

if (!values['skip-build']) {
  step('building', 'npm', ['run', '--silent', 'build']);
  step('packaging the .vsix', 'npm', ['run', '--silent', 'package']);
}
step('checking code-server (installed once per machine into ~/.cache/s3enc)', process.execPath, [
  `${root}tools/code-server/install.mjs`,
]);

const { runDemo } = await tsImport('./demo/run.ts', import.meta.url);
const port = values.port === undefined ? 0 : Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`demo: --port must be a port number, got "${values.port}"`);
  process.exit(2);
}
process.exitCode = await runDemo({ root, check: values.check, port });
