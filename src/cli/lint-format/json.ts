// `--format json`: the array shape fixed in design.md, one entry per finding, paths as given.
import type { FileFindings } from '../../core/analysis/lint-files';

export interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  rule: string;
  severity: string;
  message: string;
}

export function toJsonFindings(results: readonly FileFindings[]): JsonFinding[] {
  return results.flatMap(({ file, findings }) =>
    findings.map((f) => ({
      file,
      line: f.line,
      column: f.column,
      endLine: f.endLine,
      endColumn: f.endColumn,
      rule: f.rule,
      severity: f.severity,
      message: f.message,
    })),
  );
}

export function formatJson(results: readonly FileFindings[]): string {
  return `${JSON.stringify(toJsonFindings(results), null, 2)}\n`;
}
