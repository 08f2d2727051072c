// Progress of one transfer or a batch, in bytes, with a speed over a sliding window. UIs (VS Code
// notification, CLI TTY line) render snapshots; the engines only call `add`.
export interface ProgressSnapshot {
  label: string;
  doneBytes: number;
  /** Undefined while unknown (e.g. a listing still running). */
  totalBytes?: number;
  /** 0..100, or undefined when the total is unknown. */
  percent?: number;
  bytesPerSecond: number;
  elapsedMs: number;
}

export type ProgressListener = (snapshot: ProgressSnapshot) => void;

export class ProgressTracker {
  private done = 0;
  private readonly started = Date.now();
  private samples: Array<[number, number]> = [];

  constructor(
    public label: string,
    public totalBytes: number | undefined,
    private readonly listener?: ProgressListener,
  ) {}

  add(bytes: number): void {
    this.done += bytes;
    const now = Date.now();
    this.samples.push([now, this.done]);
    // A 3-second window: speed reacts to stalls without jumping per part.
    while (this.samples.length > 2 && now - this.samples[0][0] > 3000) this.samples.shift();
    this.listener?.(this.snapshot());
  }

  snapshot(): ProgressSnapshot {
    const now = Date.now();
    const [t0, b0] = this.samples[0] ?? [this.started, 0];
    const span = now - t0 > 0 ? now - t0 : now - this.started;
    const bytes = now - t0 > 0 ? this.done - b0 : this.done;
    return {
      label: this.label,
      doneBytes: this.done,
      totalBytes: this.totalBytes,
      percent: this.totalBytes ? Math.min(100, (this.done / this.totalBytes) * 100) : undefined,
      bytesPerSecond: span > 0 ? (bytes * 1000) / span : 0,
      elapsedMs: now - this.started,
    };
  }
}

export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

export function formatProgress(s: ProgressSnapshot): string {
  const total = s.totalBytes !== undefined ? ` / ${formatBytes(s.totalBytes)}` : '';
  const pct = s.percent !== undefined ? ` ${s.percent.toFixed(0)}%` : '';
  return `${formatBytes(s.doneBytes)}${total}${pct} at ${formatBytes(s.bytesPerSecond)}/s`;
}
