// Runs every rule over every annotated fixture and prints a precision/recall table (the one in docs/diagnostics.md).
// Two groups: the corpus the rules were developed against, and a held-out set written before the analyzer learnt
// its constructs, which measures how the rules do on code shaped like theirs but not tuned for.
import { strict as assert } from 'node:assert';
import { RULE_IDS } from '../../../../src/core/analysis/types';
import { loadFixtures } from './fixture-support';
import { formatTable, precision, recall, score, type ScoreTable } from './scoring';

describe('rule fixtures: precision and recall, all rules on all files', () => {
  let corpus: ScoreTable;
  let heldout: ScoreTable;

  before(async function () {
    this.timeout(120_000);
    const fixtures = loadFixtures();
    corpus = await score(fixtures.filter((f) => f.group === 'corpus'));
    heldout = await score(fixtures.filter((f) => f.group === 'heldout'));
    const indent = (s: string) =>
      s
        .split('\n')
        .map((l) => `    ${l}`)
        .join('\n');
    process.stdout.write(`\n${indent(formatTable('Corpus', corpus))}\n\n${indent(formatTable('Held out', heldout))}\n`);
    for (const [name, t] of [
      ['corpus', corpus],
      ['held out', heldout],
    ] as const) {
      for (const m of t.get('all')!.misses) process.stdout.write(`      ${name}: ${m}\n`);
    }
  });

  for (const rule of RULE_IDS) {
    it(`${rule}: precision >= 0.95 and recall >= 0.92 on the corpus`, () => {
      const s = corpus.get(rule)!;
      assert.ok(s.tp + s.fn >= 10, `${rule}: too few annotated positives (${s.tp + s.fn}) for a meaningful score`);
      assert.ok(precision(s) >= 0.95, `${rule} precision ${precision(s).toFixed(3)}: ${s.misses.join('; ')}`);
      assert.ok(recall(s) >= 0.92, `${rule} recall ${recall(s).toFixed(3)}: ${s.misses.join('; ')}`);
    });
  }

  it('corpus: several hundred labelled findings across every language', () => {
    const all = corpus.get('all')!;
    assert.ok(all.tp + all.fn >= 300, `only ${all.tp + all.fn} labelled findings`);
    assert.equal(all.languages.size, 9, `languages: ${[...all.languages].join(', ')}`);
  });

  it('held out: overall precision >= 0.95, recall >= 0.92, every rule recall >= 0.80', () => {
    const all = heldout.get('all')!;
    assert.ok(precision(all) >= 0.95, `precision ${precision(all).toFixed(3)}: ${all.misses.join('; ')}`);
    assert.ok(recall(all) >= 0.92, `recall ${recall(all).toFixed(3)}: ${all.misses.join('; ')}`);
    for (const rule of RULE_IDS) {
      const s = heldout.get(rule)!;
      assert.ok(recall(s) >= 0.8, `${rule} recall ${recall(s).toFixed(3)}: ${s.misses.join('; ')}`);
    }
  });
});
