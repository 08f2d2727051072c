// Scores the analyzer against annotated fixtures: every rule runs on every file, so a rule firing on another
// rule's fixture counts as a false positive. Matching is by (line, rule).
import { Analyzer } from '../../../../src/core/analysis/engine';
import { RULE_IDS, type RuleId } from '../../../../src/core/analysis/types';
import type { Fixture } from './fixture-support';

export interface Score {
  tp: number;
  fp: number;
  fn: number;
  languages: Set<string>;
  misses: string[];
}

export type ScoreTable = Map<RuleId | 'all', Score>;

const empty = (): Score => ({ tp: 0, fp: 0, fn: 0, languages: new Set(), misses: [] });

export function precision(s: Score): number {
  return s.tp + s.fp === 0 ? 1 : s.tp / (s.tp + s.fp);
}

export function recall(s: Score): number {
  return s.tp + s.fn === 0 ? 1 : s.tp / (s.tp + s.fn);
}

export async function score(fixtures: Fixture[]): Promise<ScoreTable> {
  const table: ScoreTable = new Map<RuleId | 'all', Score>([
    ...RULE_IDS.map((r) => [r, empty()] as const),
    ['all', empty()],
  ]);
  const analyzer = new Analyzer();
  for (const fx of fixtures) {
    const { findings, language } = await analyzer.analyze(fx.path, fx.text);
    if (!language) throw new Error(`${fx.name}: no front end recognised this fixture`);
    const found = findings.map((f) => `${f.line} ${f.rule}`);
    const bump = (rule: RuleId, kind: 'tp' | 'fp' | 'fn', line: number) => {
      for (const s of [table.get(rule)!, table.get('all')!]) {
        s[kind]++;
        s.languages.add(language);
        if (kind !== 'tp') s.misses.push(`${kind === 'fp' ? 'unexpected' : 'missed'} ${rule} at ${fx.name}:${line}`);
      }
    };
    for (const e of fx.expected) {
      const i = found.indexOf(`${e.line} ${e.rule}`);
      if (i >= 0) {
        found.splice(i, 1);
        bump(e.rule, 'tp', e.line);
      } else bump(e.rule, 'fn', e.line);
    }
    for (const f of found) {
      const [line, rule] = f.split(' ');
      bump(rule as RuleId, 'fp', Number(line));
    }
  }
  return table;
}

export function formatTable(title: string, table: ScoreTable): string {
  const rows = [
    `${title}`,
    `| Rule | TP | FP | FN | Precision | Recall | Languages |`,
    '|---|---:|---:|---:|---:|---:|---|',
  ];
  for (const [rule, s] of table) {
    const name = rule === 'all' ? '**all rules**' : rule;
    rows.push(
      `| ${name} | ${s.tp} | ${s.fp} | ${s.fn} | ${precision(s).toFixed(3)} | ${recall(s).toFixed(3)} | ${rule === 'all' ? s.languages.size : [...s.languages].sort().join(', ')} |`,
    );
  }
  return rows.join('\n');
}
