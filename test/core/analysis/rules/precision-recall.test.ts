// Runs every rule over its annotated fixtures and prints a precision/recall table per rule.
// Findings on annotated lines are true positives; anything else the rule reports there is a false positive.
import { strict as assert } from 'node:assert';
import { Analyzer } from '../../../../src/core/analysis/engine';
import { RULE_IDS, type RuleId } from '../../../../src/core/analysis/types';
import { loadFixtures } from './fixture-support';

interface Score {
  tp: number;
  fp: number;
  fn: number;
  files: Set<string>;
  misses: string[];
}

describe('rule fixtures: precision and recall', () => {
  const scores = new Map<RuleId, Score>(RULE_IDS.map((r) => [r, { tp: 0, fp: 0, fn: 0, files: new Set(), misses: [] }]));

  before(async function () {
    this.timeout(60_000);
    for (const fx of loadFixtures()) {
      const analyzer = new Analyzer({ rules: [fx.rule] });
      const { findings, language } = await analyzer.analyze(fx.path, fx.text);
      assert.ok(language, `${fx.name}: no front end recognised this fixture`);
      const score = scores.get(fx.rule)!;
      score.files.add(language);
      const found = findings.map((f) => f.line);
      for (const line of fx.expectedLines) {
        const i = found.indexOf(line);
        if (i >= 0) {
          score.tp++;
          found.splice(i, 1);
        } else {
          score.fn++;
          score.misses.push(`missed ${fx.name}:${line}`);
        }
      }
      for (const line of found) {
        score.fp++;
        score.misses.push(`unexpected ${fx.name}:${line}`);
      }
    }
    const rows = [...scores].map(([rule, s]) => {
      const precision = s.tp + s.fp === 0 ? 1 : s.tp / (s.tp + s.fp);
      const recall = s.tp + s.fn === 0 ? 1 : s.tp / (s.tp + s.fn);
      return `${rule.padEnd(30)} ${String(s.tp).padStart(4)} ${String(s.fp).padStart(4)} ${String(s.fn).padStart(4)}  ${precision.toFixed(3)}  ${recall.toFixed(3)}  ${[...s.files].sort().join(',')}`;
    });
    process.stdout.write(`\n    ${'rule'.padEnd(30)}   TP   FP   FN  prec.  recall  languages\n${rows.map((r) => `    ${r}`).join('\n')}\n`);
    for (const s of scores.values()) for (const m of s.misses) process.stdout.write(`      ${m}\n`);
  });

  for (const rule of RULE_IDS) {
    it(`${rule}: precision >= 0.95 and recall >= 0.9 on its fixtures`, () => {
      const s = scores.get(rule)!;
      assert.ok(s.tp + s.fn >= 5, `${rule}: too few annotated positives (${s.tp + s.fn}) for a meaningful score`);
      const precision = s.tp / Math.max(1, s.tp + s.fp);
      const recall = s.tp / Math.max(1, s.tp + s.fn);
      assert.ok(precision >= 0.95, `${rule} precision ${precision.toFixed(3)}: ${s.misses.join('; ')}`);
      assert.ok(recall >= 0.9, `${rule} recall ${recall.toFixed(3)}: ${s.misses.join('; ')}`);
    });
  }
});
