// Batches the model's change events for VS Code's tree. VS Code re-fetches an expanded element's children
// on every change event; if another event arrives while that fetch is still pending, both fetches register
// the same ids and the view breaks with "Element with id … is already registered" (microsoft/vscode#192055).
// So: events are collected for a short window, and held while any getChildren is in flight.
export type Fire<T> = (nodes: T[] | undefined) => void;

export class RefreshCoalescer<T> {
  private readonly pending = new Set<T>();
  private all = false;
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  private heldSince: number | undefined;

  constructor(
    private readonly fire: Fire<T>,
    private readonly windowMs = 50,
    /** A fetch that hangs (a stalled endpoint) must not freeze the tree: past this, fire anyway. */
    private readonly maxHoldMs = 10_000,
  ) {}

  /** A node changed (undefined: everything did). */
  changed(node: T | undefined): void {
    if (node === undefined) this.all = true;
    else this.pending.add(node);
    this.schedule();
  }

  /** Wraps a getChildren call so events wait until it settles. */
  async track<R>(fetch: () => Promise<R>): Promise<R> {
    this.inFlight++;
    try {
      return await fetch();
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) this.schedule();
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }

  private schedule(): void {
    if (this.timer || (!this.all && this.pending.size === 0)) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.inFlight > 0) {
        this.heldSince ??= Date.now();
        if (Date.now() - this.heldSince < this.maxHoldMs) {
          this.timer = setTimeout(() => {
            this.timer = undefined;
            this.schedule();
          }, this.windowMs); // re-check until the fetches settle or the hold limit passes
          return;
        }
      }
      this.heldSince = undefined;
      const nodes = this.all ? undefined : [...this.pending];
      this.all = false;
      this.pending.clear();
      this.fire(nodes);
    }, this.windowMs);
  }
}
