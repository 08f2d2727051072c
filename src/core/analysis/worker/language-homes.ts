// Which analysis worker gets which file in `s3enc lint`. Each worker loads and warms up (JIT, WebAssembly tier-up)
// the parser of every language it is sent, and that warm-up costs as much as analysing a few hundred files. Spread
// round-robin, every worker pays it for every language. Here each language family has a home worker, chosen so the
// homes share the bytes evenly; files wait in a read-ahead window and each worker takes the oldest file of its own
// families. A worker with none of its own takes another family's files only when they pile up (so it then loads
// that family too), never for the last few.
import type { LanguageId } from '../types';

/** Languages that share a parser (TypeScript's compiler reads both TS and JS). */
export function familyOf(language: LanguageId): string {
  return language === 'javascript' ? 'typescript' : language;
}

export interface HomesLimits {
  /** Files one worker may have in flight (enough that it never waits for the next message). */
  queue: number;
  /** A family's waiting files above which an idle worker without it loads it and helps. */
  shareAbove: number;
}

interface Waiting<T> {
  order: number;
  item: T;
}

export class LanguageHomes<T> {
  private readonly inFlight: number[];
  /** The workers that have loaded each family (its home first). */
  private readonly homes = new Map<string, number[]>();
  /** Bytes planned per worker, for homes of families first seen during the run. */
  private readonly planned: number[];
  private readonly waiting = new Map<string, Array<Waiting<T>>>();
  private waitingCount = 0;
  private order = 0;

  /**
   * `bytesByFamily`: the expected source bytes of each family (from file names and sizes before reading), assigned
   * largest first to the worker with the fewest bytes so far.
   */
  constructor(
    workers: number,
    bytesByFamily: ReadonlyMap<string, number>,
    private readonly limits: HomesLimits,
  ) {
    this.inFlight = new Array<number>(workers).fill(0);
    this.planned = new Array<number>(workers).fill(0);
    for (const [family, bytes] of [...bytesByFamily].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])))
      this.plan(family, bytes);
  }

  /** Files read and not yet handed to a worker. */
  get pending(): number {
    return this.waitingCount;
  }

  add(family: string, bytes: number, item: T): void {
    if (!this.homes.has(family)) this.plan(family, bytes);
    let queue = this.waiting.get(family);
    if (!queue) this.waiting.set(family, (queue = []));
    queue.push({ order: this.order++, item });
    this.waitingCount++;
  }

  /**
   * The files to start now, each with its worker: every worker with room takes the oldest file of its families; an
   * idle one with none takes from a family's pile above `shareAbove`. The caller reports each file's end with `done`.
   */
  start(): Array<{ worker: number; item: T }> {
    const out: Array<{ worker: number; item: T }> = [];
    for (let progress = true; progress && this.waitingCount > 0;) {
      progress = false;
      for (let w = 0; w < this.inFlight.length; w++) {
        if (this.inFlight[w] >= this.limits.queue) continue;
        const family = this.ownOldest(w) ?? (this.inFlight[w] === 0 ? this.biggestPile() : undefined);
        if (family === undefined) continue;
        const homes = this.homes.get(family)!;
        if (!homes.includes(w)) homes.push(w);
        const queue = this.waiting.get(family)!;
        out.push({ worker: w, item: queue.shift()!.item });
        if (!queue.length) this.waiting.delete(family);
        this.waitingCount--;
        this.inFlight[w]++;
        progress = true;
      }
    }
    return out;
  }

  done(worker: number): void {
    this.inFlight[worker]--;
  }

  /** The family of this worker's whose first waiting file was read earliest. */
  private ownOldest(worker: number): string | undefined {
    let best: string | undefined;
    let order = Number.POSITIVE_INFINITY;
    for (const [family, queue] of this.waiting) {
      if (queue[0].order < order && this.homes.get(family)!.includes(worker)) {
        best = family;
        order = queue[0].order;
      }
    }
    return best;
  }

  /** A family with more waiting files than its homes will soon take, for an idle worker to share. */
  private biggestPile(): string | undefined {
    let best: string | undefined;
    let size = this.limits.shareAbove;
    for (const [family, queue] of this.waiting) {
      if (queue.length > size) {
        best = family;
        size = queue.length;
      }
    }
    return best;
  }

  private plan(family: string, bytes: number): void {
    let w = 0;
    for (let i = 1; i < this.planned.length; i++) if (this.planned[i] < this.planned[w]) w = i;
    this.planned[w] += bytes;
    this.homes.set(family, [w]);
  }
}
