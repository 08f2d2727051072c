// npm install / npm ci print no "install scripts not yet covered by allowScripts" block: package.json's
// allowScripts decides, for every dependency with an install script, whether it runs (esbuild and vsce-sign
// set up their binaries) or not (the tree-sitter grammars' native builds and keytar: the analyzer loads the
// grammars' WASM builds, and packaging the .vsix never stores credentials).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

describe('npm install scripts', function () {
  this.timeout(60_000);

  it('every dependency with an install script is reviewed in package.json allowScripts', () => {
    const out = execFileSync('npm', ['install-scripts', 'ls'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    assert.match(out, /No packages with unreviewed install scripts/, out);
  });

  it('the grammars whose native build is skipped ship the WASM the analyzer loads', () => {
    const allow = (
      JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { allowScripts: Record<string, boolean> }
    ).allowScripts;
    const grammars = Object.keys(allow).filter((name) => name.includes('tree-sitter') && allow[name] === false);
    assert.ok(grammars.length >= 6, `expected the tree-sitter grammars in allowScripts: ${grammars.join(', ')}`);
    for (const name of grammars) {
      const wasm = readdirSync(join(ROOT, 'node_modules', name)).filter((f) => f.endsWith('.wasm'));
      assert.ok(wasm.length > 0, `${name} has no .wasm file`);
    }
  });
});
