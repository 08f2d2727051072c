// Progress of an audit: rows read, rows per second, and an ETA from the bytes still to read.
export interface AuditProgress {
  rows: number;
  rowsPerSecond: number;
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  /** Undefined until there is a rate to go by. */
  etaSeconds?: number;
}

export type AuditProgressListener = (p: AuditProgress) => void;

export class AuditProgressMeter {
  rows = 0;
  filesDone = 0;
  bytesDone = 0;
  private readonly started = Date.now();
  private lastReport = 0;

  constructor(
    readonly filesTotal: number,
    readonly bytesTotal: number,
    private readonly listener?: AuditProgressListener,
    private readonly intervalMs = 250,
  ) {}

  tick(force = false): void {
    if (!this.listener) return;
    const now = Date.now();
    if (!force && now - this.lastReport < this.intervalMs) return;
    this.lastReport = now;
    this.listener(this.snapshot());
  }

  snapshot(): AuditProgress {
    const seconds = Math.max(0.001, (Date.now() - this.started) / 1000);
    const byteRate = this.bytesDone / seconds;
    const left = Math.max(0, this.bytesTotal - this.bytesDone);
    return {
      rows: this.rows,
      rowsPerSecond: this.rows / seconds,
      filesDone: this.filesDone,
      filesTotal: this.filesTotal,
      bytesDone: this.bytesDone,
      bytesTotal: this.bytesTotal,
      etaSeconds: byteRate > 0 && this.bytesDone > 0 ? left / byteRate : undefined,
    };
  }
}

export function formatAuditProgress(p: AuditProgress): string {
  const rate = p.rowsPerSecond >= 1000 ? `${Math.round(p.rowsPerSecond / 1000)}k` : String(Math.round(p.rowsPerSecond));
  const eta = p.etaSeconds === undefined ? '' : `, ETA ${formatDuration(p.etaSeconds)}`;
  return `${p.rows.toLocaleString('en-US')} rows, ${rate} rows/s, file ${p.filesDone}/${p.filesTotal}${eta}`;
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
}
