// The e2e suite installs the packaged extension, exactly what a user would install. `npm test` builds first;
// packaging is redone here whenever the bundle is newer than the .vsix.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, vsixPath } from './paths';

export function ensureVsix(): string {
  const bundle = join(repoRoot, 'dist', 'extension.js');
  if (!existsSync(bundle)) {
    throw new Error('dist/extension.js is missing: run `npm run build` first (npm test does it).');
  }
  if (!existsSync(vsixPath) || statSync(vsixPath).mtimeMs < statSync(bundle).mtimeMs) {
    const r = spawnSync('npm', ['run', '--silent', 'package'], { cwd: repoRoot, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`npm run package failed:\n${r.stdout}\n${r.stderr}`);
  }
  return vsixPath;
}
