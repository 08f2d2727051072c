// The dry run: list a bucket or prefix, read each object's encryption, and choose a method per object.
// Nothing is written. The plan carries per-method counts and bytes and the KMS request estimate.
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { DEFAULT_INSTRUCTION_SUFFIX } from '../crypto';
import { DEFAULT_MULTIPART } from '../transfer/upload';
import { chooseMethod, type MethodChoice, type ReencryptMethod, type SkipReason } from './choose-method';
import { PROBE_PREFIX, endpointKey, knownUpdateSupport, updateObjectEncryptionSupport } from './endpoint-capabilities';
import { estimateKmsRequests, type KmsEstimate } from './kms-estimate';
import { readObjectFacts, statusOf, type ObjectFacts } from './object-facts';
import type { EncryptionStatus, ReencryptTarget } from './target';

export interface PlannedItem extends ObjectFacts {
  choice: MethodChoice;
}

export interface MethodTotals {
  objects: number;
  bytes: number;
}

export interface ReencryptPlan {
  bucket: string;
  prefix: string;
  target: ReencryptTarget;
  items: PlannedItem[];
  byMethod: Record<ReencryptMethod | 'skip', MethodTotals>;
  skipped: Partial<Record<SkipReason, number>>;
  kms: KmsEstimate;
  /** Whether UpdateObjectEncryption was assumed for this endpoint (checked for real before the first use). */
  updateAssumption: 'supported' | 'unsupported' | 'not-needed';
}

export interface PlanOptions {
  client: S3Client;
  bucket: string;
  /** A prefix ('' for the whole bucket) or one object key. */
  prefix: string;
  target: ReencryptTarget;
  only?: EncryptionStatus[];
  allowKmsKeyChange?: boolean;
  sseCKey?: Buffer;
  haveCseKeys?: boolean;
  /** What is known about the endpoint's UpdateObjectEncryption (undefined: remembered, else AWS yes, others no). */
  updateSupported?: boolean;
  /**
   * Check the endpoint with a throwaway probe object when UpdateObjectEncryption could be used (a real run;
   * a dry run writes nothing and relies on what is remembered or assumed).
   */
  probeUpdateSupport?: boolean;
  region: string;
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (examined: number) => void;
}

export async function planReencryption(opts: PlanOptions): Promise<ReencryptPlan> {
  const listed = await listObjects(opts.client, opts.bucket, opts.prefix, opts.signal);
  const facts = await mapConcurrent(listed, opts.concurrency ?? 16, async (o, i) => {
    const f = await readObjectFacts(opts.client, opts.bucket, o.key, o.size, {
      sseCKey: opts.sseCKey,
      instructionSibling: o.instructionSibling,
    });
    opts.onProgress?.(i + 1);
    return f;
  });
  const only = opts.only ? new Set<string>(opts.only) : undefined;
  const choose = (updateSupported: boolean) => {
    const ctx = {
      bucket: opts.bucket,
      allowKmsKeyChange: opts.allowKmsKeyChange ?? false,
      haveCseKeys: opts.haveCseKeys ?? false,
      updateSupported,
    };
    return facts.map((f): PlannedItem => {
      const status = statusOf(f);
      if (only && (!status || !only.has(status)))
        return {
          ...f,
          choice: {
            method: 'skip',
            reason: 'filtered-out',
            why: `not in the selected states (${[...only].join(', ')})`,
          },
        };
      return { ...f, choice: chooseMethod(f, opts.target, ctx) };
    });
  };
  const optimistic = choose(true);
  const anyUpdatable = optimistic.some((i) => i.choice.method === 'update');
  if (!anyUpdatable) return summarise(opts, optimistic, 'not-needed');
  let updateSupported = opts.updateSupported ?? (await knownUpdateSupport(opts.client))?.supported;
  if (updateSupported === undefined && opts.probeUpdateSupport && opts.target.mode === 'SSE-KMS' && opts.target.keyId) {
    updateSupported = (await updateObjectEncryptionSupport(opts.client, opts.bucket, opts.target.keyId)).supported;
  }
  updateSupported ??= await isAws(opts.client);
  return summarise(opts, updateSupported ? optimistic : choose(false), updateSupported ? 'supported' : 'unsupported');
}

/** AWS implements UpdateObjectEncryption; other endpoints are assumed not to until a probe shows otherwise. */
async function isAws(client: S3Client): Promise<boolean> {
  return (await endpointKey(client)).startsWith('aws:');
}

export function summarise(
  opts: Pick<PlanOptions, 'bucket' | 'prefix' | 'target' | 'region'>,
  items: PlannedItem[],
  updateAssumption: ReencryptPlan['updateAssumption'],
): ReencryptPlan {
  const byMethod: ReencryptPlan['byMethod'] = {
    update: { objects: 0, bytes: 0 },
    copy: { objects: 0, bytes: 0 },
    rewrite: { objects: 0, bytes: 0 },
    skip: { objects: 0, bytes: 0 },
  };
  const skipped: ReencryptPlan['skipped'] = {};
  for (const it of items) {
    byMethod[it.choice.method].objects++;
    byMethod[it.choice.method].bytes += it.size;
    if (it.choice.method === 'skip') skipped[it.choice.reason] = (skipped[it.choice.reason] ?? 0) + 1;
  }
  const work = items.flatMap((it) =>
    it.choice.method === 'skip'
      ? []
      : [
          {
            method: it.choice.method,
            size: it.size,
            sourceKms: it.mode === 'SSE-KMS' || it.serverSide === 'SSE-KMS',
            sourceBucketKey: it.bucketKeyEnabled ?? false,
          },
        ],
  );
  const kms = estimateKmsRequests(
    work,
    opts.target,
    opts.region,
    DEFAULT_MULTIPART.partSizeBytes,
    DEFAULT_MULTIPART.thresholdBytes,
  );
  return {
    bucket: opts.bucket,
    prefix: opts.prefix,
    target: opts.target,
    items,
    byMethod,
    skipped,
    kms,
    updateAssumption,
  };
}

interface ListedObject {
  key: string;
  size: number;
  instructionSibling: boolean;
}

async function listObjects(
  client: S3Client,
  bucket: string,
  prefix: string,
  signal?: AbortSignal,
): Promise<ListedObject[]> {
  const all: Array<{ key: string; size: number }> = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
      { abortSignal: signal },
    );
    for (const o of page.Contents ?? [])
      if (o.Key && !o.Key.endsWith('/') && !o.Key.startsWith(PROBE_PREFIX)) all.push({ key: o.Key, size: o.Size ?? 0 });
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  // A single key given as the 'prefix' means that object only (and not others that merely start with it).
  const exact = prefix !== '' && !prefix.endsWith('/') ? all.filter((o) => o.key === prefix) : [];
  const chosen = exact.length ? exact : all;
  const keys = new Set(all.map((o) => o.key));
  const suffix = DEFAULT_INSTRUCTION_SUFFIX;
  // Instruction files travel with their object; they are not re-encrypted on their own.
  return chosen
    .filter((o) => !(o.key.endsWith(suffix) && keys.has(o.key.slice(0, -suffix.length))))
    .map((o) => ({ ...o, instructionSibling: keys.has(o.key + suffix) }));
}

export async function mapConcurrent<T, R>(
  items: T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], done++);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  return out;
}
