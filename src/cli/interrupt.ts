// SIGINT, SIGTERM and SIGHUP during a transfer: cancel it, let it clean up (abort the multipart upload,
// remove the temp file), say in one line what was cleaned up, and exit with the conventional 128 + signal
// number. A second signal exits at once, without waiting for the cleanup.
import { InFlightTransfers } from '../core/transfer/in-flight';

const EXIT_CODES = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;
type HandledSignal = keyof typeof EXIT_CODES;

export class Interrupts {
  readonly transfers = new InFlightTransfers();
  private received: HandledSignal | undefined;
  private readonly handlers = new Map<HandledSignal, () => void>();

  constructor() {
    for (const name of Object.keys(EXIT_CODES) as HandledSignal[]) {
      const handler = () => this.onSignal(name);
      this.handlers.set(name, handler);
      process.on(name, handler);
    }
  }

  /** The signal that interrupted the command, if any. */
  get signal(): HandledSignal | undefined {
    return this.received;
  }

  get exitCode(): number {
    return this.received ? EXIT_CODES[this.received] : 0;
  }

  /** The one line printed after an interrupted command has cleaned up. */
  summary(): string {
    const cleaned = this.transfers.cleanedUp();
    const what = cleaned.length ? `cleaned up: ${cleaned.join('; ')}` : 'nothing was left behind to clean up';
    return `Interrupted (${this.received}): ${what}.`;
  }

  dispose(): void {
    for (const [name, handler] of this.handlers) process.off(name, handler);
    this.handlers.clear();
  }

  private onSignal(name: HandledSignal): void {
    if (this.received) {
      process.stderr.write(`Interrupted (${name}) again: exiting without waiting for the cleanup.\n`);
      process.exit(EXIT_CODES[name]);
    }
    this.received = name;
    void this.transfers.abortAll();
  }
}
