// Reads the annotated fixtures: test/fixtures/lint/<rule-id>/<file>. A line expecting a finding carries a comment
// `expect: <rule-id>`; JSON files (no comments) list expected line numbers in a sidecar `<file>.expect`.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULE_IDS, type RuleId } from '../../../../src/core/analysis/types';

export const FIXTURE_ROOT = join(__dirname, '..', '..', '..', 'fixtures', 'lint');

export interface Fixture {
  rule: RuleId;
  path: string;
  name: string;
  text: string;
  /** 1-based lines where the fixture's rule must report. */
  expectedLines: number[];
}

export function loadFixtures(): Fixture[] {
  const out: Fixture[] = [];
  for (const rule of RULE_IDS) {
    const dir = join(FIXTURE_ROOT, rule);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      if (name.endsWith('.expect')) continue;
      const path = join(dir, name);
      const text = readFileSync(path, 'utf8');
      let expectedLines: number[];
      if (existsSync(`${path}.expect`)) {
        expectedLines = readFileSync(`${path}.expect`, 'utf8').split(/\s+/).filter(Boolean).map(Number);
      } else {
        expectedLines = [];
        text.split('\n').forEach((line, i) => {
          const m = /expect: (s3-[a-z0-9-]+)/.exec(line);
          if (m && m[1] === rule) expectedLines.push(i + 1);
        });
      }
      out.push({ rule, path, name: `${rule}/${name}`, text, expectedLines });
    }
  }
  return out;
}
