// A uniform sample without replacement that can be merged: every item gets a random priority and the k
// smallest are kept. Two samples of disjoint inputs merge into a sample of their union, so data files read
// in parallel can each keep their own and the audit merges only the ones whose checksum verified.
export class BottomKSample<T> {
  private items: { priority: number; value: T }[] = [];
  /** How many items were offered (the population size the sample was drawn from). */
  seen = 0;
  /** Priorities at or above this can no longer enter the sample (`size` smaller ones are kept). */
  private threshold = Infinity;

  constructor(readonly size: number) {}

  offer(value: T, priority = Math.random()): void {
    this.seen++;
    if (this.size <= 0 || priority >= this.threshold) return;
    this.items.push({ priority, value });
    if (this.items.length >= this.size * 2) this.trim();
  }

  /** Like offer, but builds the value only if it may be kept: once the sample is full, most offers are not. */
  offerLazy(make: () => T, priority = Math.random()): void {
    this.seen++;
    if (this.size <= 0 || priority >= this.threshold) return;
    this.items.push({ priority, value: make() });
    if (this.items.length >= this.size * 2) this.trim();
  }

  merge(other: BottomKSample<T>): void {
    this.seen += other.seen;
    for (const item of other.items) this.items.push(item);
    this.trim();
  }

  values(): T[] {
    this.trim();
    return this.items.map((i) => i.value);
  }

  private trim(): void {
    if (this.items.length <= this.size) return;
    this.items.sort((a, b) => a.priority - b.priority);
    this.items.length = this.size;
    this.threshold = this.items[this.size - 1].priority;
  }

  /** The sample's state, to rebuild it in another thread (structured-clone friendly). */
  toJSON(): { size: number; seen: number; items: { priority: number; value: T }[] } {
    return { size: this.size, seen: this.seen, items: this.items };
  }

  static fromJSON<T>(state: { size: number; seen: number; items: { priority: number; value: T }[] }): BottomKSample<T> {
    const sample = new BottomKSample<T>(state.size);
    sample.seen = state.seen;
    sample.items = state.items;
    sample.trim();
    return sample;
  }
}
