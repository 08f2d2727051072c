// Transfers in flight, so a shutdown (a signal to the CLI, the extension's deactivate) can cancel them all and
// wait until each has cleaned up after itself (multipart upload aborted, temp file removed) before the
// process goes away. It also collects what was cleaned up, so the front end can say so in one line.
export interface TrackedTransfer {
  signal: AbortSignal;
  onCleanup: (what: string) => void;
}

export class InFlightTransfers {
  private readonly running = new Map<AbortController, Promise<unknown>>();
  private readonly cleaned: string[] = [];

  /** Runs `work` with a signal that `abortAll` (or `outer`) fires. */
  run<T>(work: (t: TrackedTransfer) => Promise<T>, outer?: AbortSignal): Promise<T> {
    const controller = new AbortController();
    const signal = outer ? AbortSignal.any([outer, controller.signal]) : controller.signal;
    const done = work({ signal, onCleanup: (what) => this.cleaned.push(what) });
    const settled = done.then(
      () => undefined,
      () => undefined,
    );
    this.running.set(controller, settled);
    void settled.then(() => this.running.delete(controller));
    return done;
  }

  get size(): number {
    return this.running.size;
  }

  /** Cancels every transfer and resolves once each has finished cleaning up; returns what was cleaned up. */
  async abortAll(): Promise<readonly string[]> {
    const waiting = [...this.running.entries()];
    for (const [controller] of waiting) controller.abort();
    await Promise.all(waiting.map(([, settled]) => settled));
    return [...this.cleaned];
  }

  /** What was cleaned up so far. */
  cleanedUp(): readonly string[] {
    return [...this.cleaned];
  }
}
