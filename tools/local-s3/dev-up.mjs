#!/usr/bin/env node
// `node tools/local-s3/dev-up.mjs`: see tools/local-s3/dev.ts.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const r = spawnSync(process.execPath, ['--import', 'tsx', 'tools/local-s3/dev.ts', 'up'], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
