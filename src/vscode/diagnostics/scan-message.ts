// The message a finished (or cancelled) workspace scan ends with. Pure, so tests read what users read.
/** What the user is told when a scan ends (or is cancelled). */
export function scanResultMessage(r: {
  files: number;
  findings: number;
  filesWithFindings?: number;
  cancelled: boolean;
}): string {
  const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
  const scanned = `${r.cancelled ? 'Scan cancelled after' : 'Scanned'} ${plural(r.files, 'file')}`;
  if (!r.findings) return `${scanned}: no S3 encryption problems found.`;
  return `${scanned}: ${plural(r.findings, 'S3 encryption problem')} in ${plural(r.filesWithFindings ?? 0, 'file')}, listed in the Problems panel.`;
}
