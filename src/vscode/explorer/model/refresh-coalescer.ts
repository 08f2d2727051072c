// Batches the model's change events for VS Code's tree. VS Code re-fetches an expanded element's children
// on every change event; if another event arrives while that fetch is still pending, both fetches register
// the same ids and the view breaks with "Element with id … is already registered" (microsoft/vscode#192055).
// So: events are collected for a short window, and held while any getChildren is in flight.
//
// It also knows when the tree has settled. Refreshing a row that has children makes VS Code's extension host
// forget the handles of those children until it fetches them again; a menu entry chosen on one of them in
// between reaches its command without its row. Commands that lost their row wait for `whenSettled()`.
export type Fire<T> = (nodes: T[] | undefined) => void;

export interface CoalescerOptions<T> {
  /** Events are collected for this long before one is fired. */
  windowMs?: number;
  /** A fetch that hangs (a stalled endpoint) must not freeze the tree: past this, fire anyway. */
  maxHoldMs?: number;
  /** Whether refreshing this node drops its children's handles (a node with children). */
  hasChildren?: (node: T) => boolean;
  /** A refreshed node whose children VS Code does not fetch again (collapsed, hidden) counts as settled after this. */
  refetchMs?: number;
}

/** The key of a full refresh (the roots are fetched again). */
const ROOT = Symbol('root');

export class RefreshCoalescer<T> {
  private readonly pending = new Set<T>();
  private all = false;
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  private heldSince: number | undefined;
  /** Nodes refreshed whose children VS Code has not fetched again yet, with when they were refreshed. */
  private readonly refetching = new Map<T | typeof ROOT, number>();
  private settleWaiters: Array<() => void> = [];
  private settleTimer: NodeJS.Timeout | undefined;
  private readonly windowMs: number;
  private readonly maxHoldMs: number;
  private readonly refetchMs: number;
  private readonly hasChildren: (node: T) => boolean;

  constructor(
    private readonly fire: Fire<T>,
    options: CoalescerOptions<T> = {},
  ) {
    this.windowMs = options.windowMs ?? 50;
    this.maxHoldMs = options.maxHoldMs ?? 10_000;
    this.refetchMs = options.refetchMs ?? 2_000;
    this.hasChildren = options.hasChildren ?? (() => true);
  }

  /** A node changed (undefined: everything did). */
  changed(node: T | undefined): void {
    if (node === undefined) this.all = true;
    else this.pending.add(node);
    this.schedule();
  }

  /** Wraps a getChildren call (of `parent`; undefined: the roots) so events wait until it settles. */
  async track<R>(fetch: () => Promise<R>, parent?: T): Promise<R> {
    const started = Date.now();
    this.inFlight++;
    try {
      return await fetch();
    } finally {
      this.inFlight--;
      const key = parent ?? ROOT;
      const since = this.refetching.get(key);
      if (since !== undefined && started >= since) this.refetching.delete(key);
      if (this.inFlight === 0) this.schedule();
      this.checkSettled();
    }
  }

  /**
   * Resolves once no event waits to be fired, no fetch is in flight and every refreshed node's children were
   * fetched again (VS Code maps their handles back to our nodes then), or were given up on after `refetchMs`.
   */
  whenSettled(): Promise<void> {
    return new Promise((resolve) => {
      this.settleWaiters.push(resolve);
      this.checkSettled();
    });
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.timer = this.settleTimer = undefined;
    this.pending.clear();
    this.refetching.clear();
    for (const w of this.settleWaiters.splice(0)) w();
  }

  private settled(): boolean {
    const now = Date.now();
    for (const [key, since] of this.refetching) if (now - since >= this.refetchMs) this.refetching.delete(key);
    return !this.timer && !this.all && this.pending.size === 0 && this.inFlight === 0 && this.refetching.size === 0;
  }

  private checkSettled(): void {
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = undefined;
    if (this.settleWaiters.length === 0) return;
    // The extension host registers fetched children in continuations after our promise: look again after them.
    // While fetches are awaited, look again when the oldest one would be given up on.
    const oldest = Math.min(...this.refetching.values());
    const wait = this.settled() ? 0 : Number.isFinite(oldest) ? Math.max(0, oldest + this.refetchMs - Date.now()) : -1;
    if (wait < 0) return; // the next fetch or fire calls back
    this.settleTimer = setTimeout(() => {
      this.settleTimer = undefined;
      if (this.settled()) for (const w of this.settleWaiters.splice(0)) w();
      else this.checkSettled();
    }, wait);
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
      const now = Date.now();
      if (!nodes) this.refetching.set(ROOT, now);
      else for (const n of nodes) if (this.hasChildren(n)) this.refetching.set(n, now);
      this.all = false;
      this.pending.clear();
      this.fire(nodes);
      this.checkSettled();
    }, this.windowMs);
  }
}
