// `--format text`: `file:line:col  severity  message  rule`, grouped by file, then the files that could not be
// analysed (`file  notice  reason  [code]`), and a summary line.
import type { FileFindings, FileNotice } from '../../core/analysis/lint-files';

export function formatText(
  results: readonly FileFindings[],
  filesAnalysed: number,
  notices: readonly FileNotice[] = [],
): string {
  const out: string[] = [];
  let total = 0;
  for (const { file, findings } of results) {
    for (const f of findings) {
      out.push(`${file}:${f.line}:${f.column}  ${f.severity.padEnd(7)}  ${f.message}  [${f.rule}]`);
      total++;
    }
  }
  for (const n of notices) out.push(`${n.file}  notice   ${n.message}  [${n.code}]`);
  const summary = `${total} finding${total === 1 ? '' : 's'} in ${filesAnalysed} analysed file${filesAnalysed === 1 ? '' : 's'}`;
  out.push(
    notices.length
      ? `${summary}; ${notices.length} notice${notices.length === 1 ? '' : 's'} (not analysed or only partly).`
      : `${summary}.`,
  );
  return `${out.join('\n')}\n`;
}

/** Notices as stderr lines beside `--format json` (whose stdout is the findings array and nothing else). */
export function formatNoticeLines(notices: readonly FileNotice[]): string {
  return notices.map((n) => `s3enc lint: notice: ${n.file}: ${n.message} [${n.code}]\n`).join('');
}
