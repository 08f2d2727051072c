// Reads the annotated fixtures under test/fixtures/lint (any depth). A line expecting findings carries a comment
// `expect: <rule-id>[, <rule-id>...]`; `expect-next-line: ...` labels the following line (for lines that cannot
// hold a comment, such as shell continuations). JSON files (no comments) list `<line> [<rule-id>]` in a sidecar
// `<file>.expect`; a bare line number means the rule named by the fixture's top-level folder.
// Files under `heldout/` were written before the analyzer learnt their constructs and are scored separately.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { RULE_IDS, type RuleId } from '../../../../src/core/analysis/types';

export const FIXTURE_ROOT = join(__dirname, '..', '..', '..', 'fixtures', 'lint');

export interface Expected {
  /** 1-based line. */
  line: number;
  rule: RuleId;
}

export interface Fixture {
  path: string;
  /** Path relative to the fixture root, for messages. */
  name: string;
  text: string;
  group: 'heldout' | 'corpus';
  expected: Expected[];
}

const NOT_FIXTURES = new Set(['sarif-schema-2.1.0.json', 'README.md']);
const RULE_PATTERN = /s3-[a-z0-9-]+/g;

function rulesIn(s: string, where: string): RuleId[] {
  const ids = s.match(RULE_PATTERN) ?? [];
  for (const id of ids)
    if (!(RULE_IDS as readonly string[]).includes(id)) throw new Error(`${where}: unknown rule id ${id}`);
  return ids as RuleId[];
}

function annotations(text: string, name: string): Expected[] {
  const out: Expected[] = [];
  text.split('\n').forEach((line, i) => {
    const next = /expect-next-line:\s*([^\n]*)/.exec(line);
    if (next) {
      for (const rule of rulesIn(next[1], `${name}:${i + 1}`)) out.push({ line: i + 2, rule });
      return;
    }
    const m = /expect:\s*([^\n]*)/.exec(line);
    if (m) for (const rule of rulesIn(m[1], `${name}:${i + 1}`)) out.push({ line: i + 1, rule });
  });
  return out;
}

function sidecar(path: string, name: string): Expected[] {
  const folderRule = name.split(/[\\/]/)[0];
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [line, rule] = l.split(/\s+/);
      const id = rule ?? folderRule;
      rulesIn(id, name);
      return { line: Number(line), rule: id as RuleId };
    });
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (!entry.endsWith('.expect') && !NOT_FIXTURES.has(entry)) yield path;
  }
}

export function loadFixtures(root = FIXTURE_ROOT): Fixture[] {
  const out: Fixture[] = [];
  for (const path of walk(root)) {
    const name = relative(root, path);
    const text = readFileSync(path, 'utf8');
    const expected = existsSync(`${path}.expect`) ? sidecar(`${path}.expect`, name) : annotations(text, name);
    out.push({ path, name, text, group: name.split(sep)[0] === 'heldout' ? 'heldout' : 'corpus', expected });
  }
  return out;
}
