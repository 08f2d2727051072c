// Analyses one file: detect language -> front end facts -> rules -> findings (severity, suppression, positions).
import { detectLanguage, isProbablyBinary } from './languages/detect';
import { frontEndFor } from './languages/front-end';
import { DiskModuleFiles, type ModuleFiles } from './module-files';
import { resolveOptions, type LintOptions, type ResolvedOptions } from './options';
import { RULES } from './rules';
import { docsUrl, type Report } from './rules/rule';
import { findSuppressions } from './suppressions';
import { LineIndex } from './text-positions';
import type { FileFacts, Finding, LanguageId, RuleId } from './types';

/** Files bigger than this are skipped: generated bundles and data dumps are not hand-written S3 code. */
export const MAX_ANALYSED_CHARS = 5_000_000;

export function runRules(facts: FileFacts, text: string, options: ResolvedOptions): Finding[] {
  const findings: Finding[] = [];
  const lines = new LineIndex(text);
  const suppressed = findSuppressions(text);
  for (const rule of RULES) {
    const id: RuleId = rule.meta.id;
    if (options.rules && !options.rules.has(id)) continue;
    const configured = options.severities[id];
    if (configured === 'off') continue;
    const report = (r: Report) => {
      const start = lines.position(r.range.start);
      const s = suppressed.get(start.line - 1);
      if (s === 'all' || s?.has(id)) return;
      const end = lines.position(r.range.end);
      findings.push({
        rule: id,
        severity: configured ?? r.severity ?? rule.meta.defaultSeverity,
        message: r.message,
        start: r.range.start,
        end: r.range.end,
        line: start.line,
        column: start.column,
        endLine: end.line,
        endColumn: end.column,
        fixes: r.fixes ?? [],
        docsUrl: docsUrl(id),
      });
    };
    rule.check({ facts, text, options, report });
  }
  return findings.sort((a, b) => a.start - b.start || a.rule.localeCompare(b.rule));
}

export interface AnalyzeResult {
  language?: LanguageId;
  findings: Finding[];
}

export class Analyzer {
  private readonly options: ResolvedOptions;

  /** `module` supplies a file's siblings for module-level analysis (default: read from disk). */
  constructor(options: LintOptions = {}, private readonly module: ModuleFiles = new DiskModuleFiles()) {
    this.options = resolveOptions(options);
  }

  /** Never throws for bad input: unparsable code yields what the parser recovered; unsupported files yield nothing. */
  async analyze(path: string, text: string, language = detectLanguage(path, text)): Promise<AnalyzeResult> {
    if (!language || text.length > MAX_ANALYSED_CHARS || isProbablyBinary(text)) return { language, findings: [] };
    const frontEnd = await frontEndFor(language);
    const facts = frontEnd.extract(text, path, this.module);
    return { language, findings: runRules(facts, text, this.options) };
  }
}
