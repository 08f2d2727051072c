// How many KMS requests a re-encryption makes, with and without an S3 Bucket Key, against the Region's quota.
// Per object, without a Bucket Key (S3 User Guide, SSE-KMS and Bucket Keys):
// - reading an SSE-KMS source costs one Decrypt (a multipart rewrite reads it once);
// - writing SSE-KMS costs one GenerateDataKey, plus one Decrypt per part for multipart writes;
// - UpdateObjectEncryption re-wraps the data key: one request from SSE-S3, two (Decrypt + Encrypt) from SSE-KMS.
// A Bucket Key makes S3 reuse a bucket-level key for a while; AWS documents "up to 99%" fewer requests, so
// the with-Bucket-Key figure is modelled as 1% (at least one request), and labelled an estimate.
import type { ReencryptMethod } from './choose-method';
import { kmsRequestQuota } from './kms-quota';
import type { ReencryptTarget } from './target';

export interface KmsEstimateItem {
  method: ReencryptMethod;
  size: number;
  sourceKms: boolean;
  sourceBucketKey: boolean;
}

export interface KmsEstimate {
  region: string;
  quotaPerSecond: number;
  withoutBucketKey: number;
  withBucketKey: number;
  /** The request count the run will make as configured (the target's Bucket Key setting). */
  asConfigured: number;
  /** Seconds the configured requests take if they alone used the whole quota: a floor, never a forecast. */
  secondsAtQuota: number;
  recommendation: string;
}

const BUCKET_KEY_FACTOR = 0.01;

export function estimateKmsRequests(
  items: KmsEstimateItem[],
  target: ReencryptTarget,
  region: string,
  partSizeBytes: number,
  multipartThresholdBytes: number,
): KmsEstimate {
  let sourceFull = 0;
  let sourceWithBk = 0;
  let targetCalls = 0;
  for (const it of items) {
    const source = it.sourceKms ? 1 : 0;
    if (it.sourceBucketKey) sourceWithBk += source;
    else sourceFull += source;
    if (target.mode !== 'SSE-KMS') continue;
    const parts =
      it.method === 'rewrite' && it.size >= multipartThresholdBytes ? Math.ceil(it.size / partSizeBytes) : 0;
    targetCalls += 1 + parts;
  }
  const srcBk = Math.ceil(sourceWithBk * BUCKET_KEY_FACTOR);
  const withoutBucketKey = sourceFull + srcBk + targetCalls;
  const withBucketKey =
    sourceFull + srcBk + (targetCalls > 0 ? Math.max(1, Math.ceil(targetCalls * BUCKET_KEY_FACTOR)) : 0);
  const quotaPerSecond = kmsRequestQuota(region);
  const asConfigured = target.mode === 'SSE-KMS' && target.bucketKey ? withBucketKey : withoutBucketKey;
  const secondsAtQuota = asConfigured / quotaPerSecond;
  return {
    region,
    quotaPerSecond,
    withoutBucketKey,
    withBucketKey,
    asConfigured,
    secondsAtQuota,
    recommendation: recommend(target, withoutBucketKey, withBucketKey, quotaPerSecond, items.length),
  };
}

function recommend(target: ReencryptTarget, without: number, withBk: number, quota: number, objects: number): string {
  const notes: string[] = [];
  if (target.mode === 'SSE-KMS' && !target.bucketKey && without > withBk) {
    notes.push(
      `Enable an S3 Bucket Key: about ${withBk.toLocaleString('en-US')} KMS requests instead of ${without.toLocaleString('en-US')}.`,
    );
  }
  const asRun = target.mode === 'SSE-KMS' && target.bucketKey ? withBk : without;
  if (asRun / quota > 60) {
    notes.push(
      `At least ${Math.ceil(asRun / quota)} s of this Region's whole default KMS quota (${quota.toLocaleString('en-US')}/s, shared with every other KMS user in the account): other workloads may be throttled; run it off-peak or ask for a quota increase.`,
    );
  }
  if (objects > 100_000)
    notes.push('For this many objects, an S3 Batch Operations job runs the work on AWS instead of this machine.');
  return notes.length ? notes.join(' ') : 'Well within the KMS quota.';
}
