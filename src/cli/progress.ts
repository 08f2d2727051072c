// One self-overwriting progress line on stderr, only when stderr is a terminal (never in pipes or CI logs).
import { ProgressTracker, formatProgress } from '../core/transfer/progress';

export class TtyProgress {
  private readonly tracker = new ProgressTracker('', undefined);
  private lastDraw = 0;
  private current = '';
  private readonly enabled: boolean;

  constructor(stream: NodeJS.WriteStream = process.stderr) {
    this.enabled = stream.isTTY === true;
    this.stream = stream;
  }

  private readonly stream: NodeJS.WriteStream;

  item(label: string): void {
    this.current = label;
    this.draw(true);
  }

  add(bytes: number): void {
    this.tracker.add(bytes);
    this.draw(false);
  }

  done(): void {
    if (this.enabled) this.stream.write('\r\x1b[K');
  }

  private draw(force: boolean): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (!force && now - this.lastDraw < 200) return;
    this.lastDraw = now;
    const width = (this.stream.columns ?? 100) - 1;
    const line = `${this.current}  ${formatProgress(this.tracker.snapshot())}`;
    this.stream.write(`\r\x1b[K${line.length > width ? `…${line.slice(line.length - width + 1)}` : line}`);
  }
}
