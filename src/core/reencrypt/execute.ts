// Runs a re-encryption plan: workers take objects in turn; each uses the planned method, under one adaptive
// pace so KMS throttling slows the run instead of failing it. An endpoint that turns out not to implement
// UpdateObjectEncryption is remembered and its objects are copied instead. A failed object is reported
// and the run goes on; S3 replaces objects atomically, so a failure leaves the old object as it was.
import type { S3Client } from '@aws-sdk/client-s3';
import { copyObject } from '../transfer/copy';
import { headObject } from '../transfer/download';
import { isAbortError, s3ErrorCode } from '../transfer/errors';
import type { CseReadSpec } from '../transfer/cse-transfer';
import { rewriteThroughClient } from '../transfer/stream-rewrite';
import type { ReencryptMethod } from './choose-method';
import { rememberUpdateUnsupported, updateObjectEncryptionSupport } from './endpoint-capabilities';
import type { PlannedItem, ReencryptPlan } from './plan';
import { mapConcurrent } from './plan';
import { targetAsSseChoice } from './target';
import { AdaptivePace } from './throttle';
import { isNotImplemented, updateObjectEncryption } from './update-object';

export interface ReencryptRunOptions {
  client: S3Client;
  sseCKey?: Buffer;
  cse?: CseReadSpec;
  concurrency?: number;
  pace?: AdaptivePace;
  signal?: AbortSignal;
  onObject?: (done: number, total: number, key: string, method: ReencryptMethod) => void;
}

export interface ReencryptReport {
  changed: Array<{ key: string; method: ReencryptMethod; bytes: number }>;
  skipped: Array<{ key: string; reason: string; why: string }>;
  failed: Array<{ key: string; error: string }>;
  /** Throttled answers that were retried. */
  throttled: number;
  /** Set when UpdateObjectEncryption was planned but the endpoint does not implement it. */
  updateFallback?: string;
  cancelled: boolean;
  elapsedMs: number;
}

export async function runReencryption(plan: ReencryptPlan, opts: ReencryptRunOptions): Promise<ReencryptReport> {
  const started = Date.now();
  const pace = opts.pace ?? new AdaptivePace();
  const report: ReencryptReport = {
    changed: [],
    skipped: [],
    failed: [],
    throttled: 0,
    cancelled: false,
    elapsedMs: 0,
  };
  for (const it of plan.items)
    if (it.choice.method === 'skip') report.skipped.push({ key: it.key, reason: it.choice.reason, why: it.choice.why });
  const work = plan.items.filter((it) => it.choice.method !== 'skip');
  let useUpdate = work.some((w) => w.choice.method === 'update');
  if (useUpdate && plan.target.mode === 'SSE-KMS' && plan.target.keyId) {
    const support = await updateObjectEncryptionSupport(opts.client, plan.bucket, plan.target.keyId);
    if (!support.supported) {
      useUpdate = false;
      report.updateFallback = support.detail;
    }
  }
  let done = 0;
  await mapConcurrent(work, opts.concurrency ?? 8, async (item) => {
    if (opts.signal?.aborted) {
      report.cancelled = true;
      return;
    }
    const method: ReencryptMethod =
      item.choice.method === 'update' && !useUpdate ? 'copy' : (item.choice.method as ReencryptMethod);
    try {
      const rate = () => (done * 1000) / Math.max(1, Date.now() - started);
      const used = await pace.run(() => reencryptOne(plan, item, method, opts), rate);
      report.changed.push({ key: item.key, method: used, bytes: item.size });
    } catch (err) {
      if (isAbortError(err) || opts.signal?.aborted) {
        report.cancelled = true;
        return;
      }
      report.failed.push({ key: item.key, error: `${(err as Error).name}: ${(err as Error).message}` });
    } finally {
      done++;
      opts.onObject?.(done, work.length, item.key, method);
    }
  });
  report.throttled = pace.throttles;
  report.elapsedMs = Date.now() - started;
  return report;
}

async function reencryptOne(
  plan: ReencryptPlan,
  item: PlannedItem,
  method: ReencryptMethod,
  opts: ReencryptRunOptions,
): Promise<ReencryptMethod> {
  const { client } = opts;
  const sse = targetAsSseChoice(plan.target);
  if (method === 'update' && plan.target.mode === 'SSE-KMS' && plan.target.keyId) {
    try {
      await updateObjectEncryption(
        client,
        plan.bucket,
        item.key,
        plan.target.keyId,
        plan.target.bucketKey,
        opts.signal,
      );
      return 'update';
    } catch (err) {
      if (!isNotImplemented(err)) throw err;
      await rememberUpdateUnsupported(client, `UpdateObjectEncryption answered ${(err as Error).name}`);
    }
  }
  if (method !== 'rewrite') {
    // The plan already decided a KMS key may change (or that it does not), so the copy need not ask again.
    const copied = await copyObject({
      client,
      source: { bucket: plan.bucket, key: item.key },
      dest: { bucket: plan.bucket, key: item.key },
      sse,
      allowKmsKeyChange: true,
      signal: opts.signal,
    }).then(
      () => true,
      (err: unknown) => {
        // Ceph RGW cannot copy an SSE-KMS object onto itself (501); streaming it through here is the fallback.
        if (s3ErrorCode(err) === 'NotImplemented') return false;
        throw err;
      },
    );
    if (copied) return 'copy';
  }
  const head = await headObject({
    client,
    bucket: plan.bucket,
    key: item.key,
    sseCKey: opts.sseCKey,
    signal: opts.signal,
  });
  await rewriteThroughClient(
    {
      client,
      bucket: plan.bucket,
      key: item.key,
      read: { sseCKey: opts.sseCKey, cse: opts.cse },
      target: { sse },
      allowKmsKeyChange: true,
      signal: opts.signal,
    },
    head,
  );
  return 'rewrite';
}
