// Analyses one file: detect language -> front end facts -> rules -> findings (severity, suppression, positions).
import { detectLanguage, isProbablyBinary } from './languages/detect';
import { frontEndFor } from './languages/front-end';
import { DiskModuleFiles, type ModuleFiles } from './module-files';
import { resolveOptions, type LintOptions, type ResolvedOptions } from './options';
import { RULES } from './rules';
import { docsUrl, type Report } from './rules/rule';
import { BracketDepths, NESTING_LIMIT_MAIN_THREAD } from './nesting';
import { findSuppressions } from './suppressions';
import { lineIndexOf } from './text-positions';
import type { FileFacts, Finding, LanguageId, RuleId } from './types';

/** Files bigger than this are not analysed (a notice says so): analysis memory is ~100x the text size. */
export const MAX_ANALYSED_CHARS = 5_000_000;

export function runRules(facts: FileFacts, text: string, options: ResolvedOptions): Finding[] {
  const findings: Finding[] = [];
  const lines = lineIndexOf(text);
  const suppressed = findSuppressions(text);
  for (const rule of RULES) {
    const id: RuleId = rule.meta.id;
    if (options.rules && !options.rules.has(id)) continue;
    const configured = options.severities[id];
    if (configured === 'off') continue;
    // One setting shared by several calls (`...SSE_PARAMS` spread into a put and a head) is one finding.
    const reported = new Set<string>();
    const report = (r: Report) => {
      const at = `${r.range.start}:${r.range.end}:${r.message}`;
      if (reported.has(at)) return;
      reported.add(at);
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

/** Why a file was not (fully) analysed. One per file; the rest of a run is unaffected. */
export type NoticeCode =
  'unreadable' | 'not-a-file' | 'too-large' | 'binary' | 'encoding' | 'too-deep' | 'timeout' | 'analysis-failed';

export interface AnalysisNotice {
  code: NoticeCode;
  message: string;
}

export interface AnalyzeResult {
  language?: LanguageId;
  findings: Finding[];
  /** Set when the file could not be analysed (or only partly): the run goes on, the user is told. */
  notice?: AnalysisNotice;
}

/** V8 reports a blown stack as a RangeError with this message (parsers recurse on nesting depth). */
export function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack size/i.test(e.message);
}

/** Languages whose parsers recurse in JavaScript (TypeScript's, the yaml package's); tree-sitter's do not. */
const RECURSIVE_PARSERS = new Set<LanguageId>(['typescript', 'javascript', 'cloudformation']);

export class Analyzer {
  private readonly options: ResolvedOptions;
  private readonly depths = new BracketDepths();

  /**
   * `module` supplies a file's siblings for module-level analysis (default: read from disk). `nestingLimit`: deeper
   * TS/JS/CloudFormation input is refused with a notice (higher on a bigger stack).
   */
  constructor(
    options: LintOptions = {},
    private readonly module: ModuleFiles = new DiskModuleFiles(),
    private readonly nestingLimit = NESTING_LIMIT_MAIN_THREAD,
  ) {
    this.options = resolveOptions(options);
  }

  /**
   * Never throws for bad input: unparsable code yields what the parser recovered; unsupported files yield nothing;
   * input the analysis cannot handle (too large, binary, nested too deep for the parser, a front end failing)
   * yields a notice instead of findings. Only a broken installation (a grammar file missing) throws.
   */
  async analyze(path: string, text: string, language = detectLanguage(path, text)): Promise<AnalyzeResult> {
    if (!language) return { language, findings: [] };
    if (text.length > MAX_ANALYSED_CHARS) return { language, findings: [], notice: tooLarge(text.length) };
    if (isProbablyBinary(text))
      return {
        language,
        findings: [],
        notice: { code: 'binary', message: 'binary content (a NUL byte in the first 8 KB); not analysed' },
      };
    if (RECURSIVE_PARSERS.has(language)) {
      const depth = this.depths.of(path, text);
      if (depth > this.nestingLimit)
        return {
          language,
          findings: [],
          notice: tooDeep(
            `brackets nest ${depth.toLocaleString('en')} levels deep, over the ${this.nestingLimit.toLocaleString('en')} this analysis allows`,
          ),
        };
    }
    const frontEnd = await frontEndFor(language);
    try {
      const facts = frontEnd.extract(text, path, this.module);
      return { language, findings: runRules(facts, text, this.options) };
    } catch (e) {
      if (isStackOverflow(e)) {
        return { language, findings: [], notice: tooDeep('nested too deeply for the parser (call stack exhausted)') };
      }
      const err = e instanceof Error ? e : new Error(String(e));
      if (err.name === 'ParseTimeout')
        return { language, findings: [], notice: { code: 'timeout', message: `${err.message}; not analysed` } };
      return {
        language,
        findings: [],
        notice: {
          code: 'analysis-failed',
          message: `analysis failed (${err.name}: ${err.message.split('\n')[0]}); not analysed`,
        },
      };
    }
  }
}

function tooDeep(why: string): AnalysisNotice {
  return { code: 'too-deep', message: `${why}; not analysed` };
}

export function tooLarge(size: number, unit: 'characters' | 'bytes' = 'characters'): AnalysisNotice {
  return {
    code: 'too-large',
    message: `${size.toLocaleString('en')} ${unit}, over the ${MAX_ANALYSED_CHARS.toLocaleString('en')}-${unit.slice(0, -1)} limit; not analysed`,
  };
}
