// A uniform sample without replacement that can be merged: every item gets a random priority and the k
// smallest are kept. Two samples of disjoint inputs merge into a sample of their union, so data files read
// in parallel can each keep their own and the audit merges only the ones whose checksum verified.
export class BottomKSample<T> {
  private items: { priority: number; value: T }[] = [];
  /** How many items were offered (the population size the sample was drawn from). */
  seen = 0;

  constructor(readonly size: number) {}

  offer(value: T, priority = Math.random()): void {
    this.seen++;
    if (this.size <= 0) return;
    this.items.push({ priority, value });
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
  }
}
