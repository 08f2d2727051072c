// KMS throttling never fails a re-encryption run: S3 surfaces it as 503 SlowDown (or KMS's own
// ThrottlingException), and each such answer halves the pace of the whole run (shared by all workers) and
// retries the object after an exponential, jittered backoff. Successes win the pace back slowly.
import { httpStatusOf, s3ErrorCode } from '../transfer/errors';

const THROTTLE_CODES = new Set([
  'ThrottlingException',
  'KMS.ThrottlingException',
  'SlowDown',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'KMS.KMSThrottlingException',
]);

export function isThrottle(err: unknown): boolean {
  const code = s3ErrorCode(err);
  const status = httpStatusOf(err);
  return (
    (code !== undefined && THROTTLE_CODES.has(code)) ||
    status === 429 ||
    (status === 503 && (code === undefined || code === 'ServiceUnavailable' || code === 'SlowDown'))
  );
}

export interface PaceOptions {
  /** Starting and maximum operations per second (Infinity: no limit until throttled). */
  maxPerSecond?: number;
  minPerSecond?: number;
  /** Backoff bounds. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Attempts per object before it is reported as failed (the run goes on). */
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** An adaptive pace shared by the workers of one run. */
export class AdaptivePace {
  private rate: number;
  private nextSlot = 0;
  throttles = 0;
  private readonly opts: Required<Omit<PaceOptions, 'sleep'>> & { sleep: (ms: number) => Promise<void> };

  constructor(opts: PaceOptions = {}) {
    this.opts = {
      maxPerSecond: opts.maxPerSecond ?? Infinity,
      minPerSecond: opts.minPerSecond ?? 1,
      baseDelayMs: opts.baseDelayMs ?? 200,
      maxDelayMs: opts.maxDelayMs ?? 20_000,
      maxAttempts: opts.maxAttempts ?? 12,
      sleep: opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
    };
    this.rate = this.opts.maxPerSecond;
  }

  /** Operations per second now (Infinity while never throttled). */
  get currentRate(): number {
    return this.rate;
  }

  /** Waits for this operation's slot under the current rate. */
  async acquire(): Promise<void> {
    if (!Number.isFinite(this.rate)) return;
    const now = Date.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + 1000 / this.rate;
    if (slot > now) await this.opts.sleep(slot - now);
  }

  onThrottle(observedPerSecond: number): void {
    this.throttles++;
    const base = Number.isFinite(this.rate) ? this.rate : Math.max(observedPerSecond, this.opts.minPerSecond * 2);
    this.rate = Math.max(this.opts.minPerSecond, base / 2);
  }

  onSuccess(): void {
    if (Number.isFinite(this.rate)) this.rate = Math.min(this.opts.maxPerSecond, this.rate * 1.02 + 0.1);
  }

  /** Runs `op`, retrying throttled attempts; other errors are thrown at once. */
  async run<T>(op: () => Promise<T>, observedPerSecond: () => number): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      await this.acquire();
      try {
        const out = await op();
        this.onSuccess();
        return out;
      } catch (err) {
        if (!isThrottle(err) || attempt >= this.opts.maxAttempts) throw err;
        this.onThrottle(observedPerSecond());
        const cap = Math.min(this.opts.maxDelayMs, this.opts.baseDelayMs * 2 ** (attempt - 1));
        await this.opts.sleep(cap / 2 + Math.random() * (cap / 2));
      }
    }
  }
}
