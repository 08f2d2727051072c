// Every quick fix offered on the fixtures: apply its edits, re-lint with all rules, and expect that finding gone,
// no new findings of any rule, and a file that still parses.
import { strict as assert } from 'node:assert';
import * as ts from 'typescript';
import { parseDocument } from 'yaml';
import { Analyzer } from '../../../../src/core/analysis/engine';
import { createParser, type GrammarName } from '../../../../src/core/analysis/languages/tree-sitter';
import type { Finding, Fix, LanguageId, RuleId } from '../../../../src/core/analysis/types';
import { loadFixtures } from '../rules/fixture-support';

function applyFix(text: string, fix: Fix): string {
  const edits = [...fix.edits].sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

function countByRule(findings: Finding[]): Map<RuleId, number> {
  const m = new Map<RuleId, number>();
  for (const f of findings) m.set(f.rule, (m.get(f.rule) ?? 0) + 1);
  return m;
}

const GRAMMAR: Partial<Record<LanguageId, GrammarName>> = {
  python: 'python',
  java: 'java',
  go: 'go',
  shell: 'bash',
  terraform: 'terraform',
  ruby: 'ruby',
};

/** Number of syntax errors the real parser reports, so a fix that breaks the file is caught. */
async function syntaxErrors(language: LanguageId, path: string, text: string): Promise<number> {
  if (language === 'typescript' || language === 'javascript') {
    const sf = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, false);
    return (sf as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length;
  }
  if (language === 'cloudformation') return parseDocument(text).errors.length;
  const parser = await createParser(GRAMMAR[language]!);
  const tree = parser.parse(text)!;
  let errors = 0;
  const cursor = tree.walk();
  const visit = (): void => {
    do {
      if (cursor.currentNode.isError || cursor.currentNode.isMissing) errors++;
      if (cursor.gotoFirstChild()) {
        visit();
        cursor.gotoParent();
      }
    } while (cursor.gotoNextSibling());
  };
  visit();
  tree.delete();
  return errors;
}

describe('quick fixes: apply, re-lint, finding gone, nothing new', function () {
  this.timeout(60_000);
  const analyzer = new Analyzer();
  const fixtures = loadFixtures();
  const fixedRules = new Set<RuleId>();

  for (const fx of fixtures) {
    it(`${fx.name}: every offered fix removes its finding`, async () => {
      const before = await analyzer.analyze(fx.path, fx.text);
      const baseline = countByRule(before.findings);
      const baseErrors = await syntaxErrors(before.language!, fx.path, fx.text);
      for (const finding of before.findings) {
        for (const fix of finding.fixes) {
          fixedRules.add(finding.rule);
          const fixed = applyFix(fx.text, fix);
          const where = `${fx.name}:${finding.line} "${fix.title}"`;
          assert.notEqual(fixed, fx.text, `${where}: the fix changed nothing`);
          const after = countByRule((await analyzer.analyze(fx.path, fixed)).findings);
          // At least this finding is gone (an https endpoint also clears other SSE-C calls through the same client).
          assert.ok(
            (after.get(finding.rule) ?? 0) <= (baseline.get(finding.rule) ?? 0) - 1,
            `${where}: the finding is still reported`,
          );
          for (const [rule, n] of after) {
            // Choosing SSE-KMS for a bucket may surface the (informational) Bucket Key advice; that is the next step, not a regression.
            if (rule === 's3-kms-without-bucket-key' && /aws:kms/.test(fix.edits.map((e) => e.newText).join(' ')))
              continue;
            if (rule !== finding.rule)
              assert.ok(n <= (baseline.get(rule) ?? 0), `${where}: introduced a new ${rule} finding`);
          }
          assert.ok(
            (await syntaxErrors(before.language!, fx.path, fixed)) <= baseErrors,
            `${where}: the fixed file no longer parses:\n${fixed}`,
          );
        }
      }
    });
  }

  it('fixable rules offer at least one fix on the fixtures', () => {
    for (const rule of [
      's3-http-endpoint',
      's3-tls-disabled',
      's3-sse-c-over-http',
      's3-missing-sse',
      's3-invalid-sse-value',
      's3-kms-key-without-kms',
      's3-legacy-client-encryption',
      's3-bucket-no-tls-policy',
      's3-kms-without-bucket-key',
    ] as RuleId[]) {
      assert.ok(fixedRules.has(rule), `${rule} offered no fix on any fixture`);
    }
  });
});
