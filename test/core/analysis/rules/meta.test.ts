// Meta-checks: every rule id is registered once, documented (with non-compliant and compliant examples),
// and covered by fixtures; diagnostics link to the docs page.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../../../../src/core/analysis/rules';
import { docsUrl } from '../../../../src/core/analysis/rules/rule';
import { RULE_IDS } from '../../../../src/core/analysis/types';
import { FIXTURE_ROOT } from './fixture-support';

const DOCS = join(__dirname, '..', '..', '..', '..', 'docs', 'rules');

describe('rule registry', () => {
  it('registers each rule id from design.md exactly once', () => {
    assert.deepEqual(RULES.map((r) => r.meta.id).sort(), [...RULE_IDS].sort());
  });

  for (const rule of RULES) {
    const id = rule.meta.id;
    it(`${id}: has a docs page with non-compliant and compliant examples, linked from its diagnostics`, () => {
      const page = join(DOCS, `${id}.md`);
      assert.ok(existsSync(page), `missing docs/rules/${id}.md`);
      const text = readFileSync(page, 'utf8');
      assert.match(text, new RegExp(`^# ${id}`, 'm'));
      assert.match(text, /^## Non-compliant/m);
      assert.match(text, /^## Compliant/m);
      assert.ok(docsUrl(id).endsWith(`docs/rules/${id}.md`));
    });

    it(`${id}: has annotated fixtures in at least two languages`, () => {
      const files = readdirSync(join(FIXTURE_ROOT, id)).filter((f) => !f.endsWith('.expect'));
      const extensions = new Set(files.map((f) => f.split('.').pop()));
      assert.ok(extensions.size >= 2, `${id}: fixtures only in ${[...extensions].join(', ')}`);
    });
  }
});
