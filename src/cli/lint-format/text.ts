// `--format text`: `file:line:col  severity  message  rule`, grouped by file, with a summary line.
import type { FileFindings } from '../../core/analysis/lint-files';

export function formatText(results: readonly FileFindings[], filesAnalysed: number): string {
  const out: string[] = [];
  let total = 0;
  for (const { file, findings } of results) {
    for (const f of findings) {
      out.push(`${file}:${f.line}:${f.column}  ${f.severity.padEnd(7)}  ${f.message}  [${f.rule}]`);
      total++;
    }
  }
  out.push(`${total} finding${total === 1 ? '' : 's'} in ${filesAnalysed} analysed file${filesAnalysed === 1 ? '' : 's'}.`);
  return `${out.join('\n')}\n`;
}
