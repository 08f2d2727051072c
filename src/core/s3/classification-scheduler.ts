// Runs object classifications in the background: bounded concurrency, in request order (the tree requests
// only what the user expanded), results cached by bucket/key + ETag + LastModified and delivered through listeners.
// The listing never waits for it.
import type { ObjectClassification } from './classify-object';

export interface ClassificationTarget {
  connectionId: string;
  bucket: string;
  key: string;
  etag?: string;
  lastModified?: Date;
  /** The object's instruction file was seen in the same listing. */
  instructionSibling?: boolean;
}

export type ClassifyFn = (target: ClassificationTarget) => Promise<ObjectClassification>;
export type ClassificationListener = (target: ClassificationTarget, result: ObjectClassification) => void;

export function classificationCacheKey(t: ClassificationTarget): string {
  return [t.connectionId, t.bucket, t.key, t.etag ?? '', t.lastModified?.toISOString() ?? ''].join('\u0000');
}

export class ClassificationScheduler {
  private readonly cache = new Map<string, ObjectClassification>();
  private readonly queued = new Map<string, ClassificationTarget>();
  private readonly running = new Set<string>();
  private readonly listeners = new Set<ClassificationListener>();
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly classify: ClassifyFn,
    private concurrency = 8,
    /** Entries kept before the oldest are dropped. */
    private readonly maxCacheEntries = 50_000,
  ) {}

  setConcurrency(n: number): void {
    this.concurrency = Math.max(1, Math.floor(n));
    this.pump();
  }

  onResult(listener: ClassificationListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The cached result, if this exact version of the object was classified. */
  cached(target: ClassificationTarget): ObjectClassification | undefined {
    return this.cache.get(classificationCacheKey(target));
  }

  /** Queues targets that are not cached; returns how many were queued. */
  request(targets: ClassificationTarget[]): number {
    let added = 0;
    for (const t of targets) {
      const id = classificationCacheKey(t);
      if (this.cache.has(id) || this.running.has(id) || this.queued.has(id)) continue;
      this.queued.set(id, t);
      added++;
    }
    this.pump();
    return added;
  }

  /** Drops queued (not yet running) work, e.g. when a subtree is refreshed or collapsed. */
  cancel(predicate: (t: ClassificationTarget) => boolean): void {
    for (const [id, t] of this.queued) if (predicate(t)) this.queued.delete(id);
  }

  /** Forgets cached results, so the next request classifies again. */
  invalidate(predicate: (t: { connectionId: string; bucket: string; key: string }) => boolean): void {
    for (const id of [...this.cache.keys()]) {
      const [connectionId, bucket, key] = id.split('\u0000');
      if (predicate({ connectionId, bucket, key })) this.cache.delete(id);
    }
  }

  get pendingCount(): number {
    return this.queued.size + this.running.size;
  }

  /** Resolves when nothing is queued or running (tests, the CLI). */
  whenIdle(): Promise<void> {
    if (this.pendingCount === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.running.size < this.concurrency && this.queued.size > 0) {
      const [id, target] = this.queued.entries().next().value as [string, ClassificationTarget];
      this.queued.delete(id);
      this.running.add(id);
      void this.run(id, target);
    }
    if (this.pendingCount === 0 && this.idleWaiters.length) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  private async run(id: string, target: ClassificationTarget): Promise<void> {
    let result: ObjectClassification;
    let failed = false;
    try {
      result = await this.classify(target);
    } catch (err) {
      // Classifiers report most faults as mode "unknown"; a thrown one (e.g. a region retry that failed
      // again, a connection without its secret) is shown the same way.
      result = { mode: 'unknown', reason: err instanceof Error ? err.message : String(err) };
      failed = true;
    }
    this.running.delete(id);
    // Faults are not cached: a retry (refresh) should ask S3 again.
    if (!result.fault && !failed) {
      if (this.cache.size >= this.maxCacheEntries) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(id, result);
    }
    for (const l of this.listeners) l(target, result);
    this.pump();
  }
}
