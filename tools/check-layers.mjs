// Enforces the layering in docs/architecture.md: src/core never imports vscode (or the adapters above it),
// and src/cli and src/vscode never import each other.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const rules = [
  { dir: 'src/core', banned: [/^vscode$/, /(^|\/)vscode\//, /(^|\/)cli\//], why: 'src/core must stay free of VS Code and the CLI' },
  { dir: 'src/cli', banned: [/^vscode$/, /(^|\/)vscode\//], why: 'the CLI must not depend on VS Code' },
  { dir: 'src/vscode', banned: [/(^|\/)cli\//], why: 'the extension must not depend on the CLI' },
];
const importRe = /(?:import\s[^'"]*?from\s*|import\s*\(\s*|require\s*\(\s*|import\s+)['"]([^'"]+)['"]/g;

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* walk(p);
    else if (p.endsWith('.ts')) yield p;
  }
}

const problems = [];
for (const rule of rules) {
  let files;
  try { files = [...walk(join(root, rule.dir))]; } catch { continue; }
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(importRe)) {
      if (rule.banned.some((re) => re.test(m[1]))) {
        const line = text.slice(0, m.index).split('\n').length;
        problems.push(`${relative(root, file)}:${line}: imports '${m[1]}' (${rule.why})`);
      }
    }
  }
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log('layers ok');
