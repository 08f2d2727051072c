// "Change encryption…" on one object or a prefix: first a dry-run plan (counts per current mode, bytes), then
// each object is rewritten in its new mode. SSE→SSE is an in-place CopyObject (copy.ts); anything involving
// CSE streams the object down and back up under the same key. S3 replaces an object atomically when the
// PUT / CompleteMultipartUpload succeeds, so a failure leaves the old object exactly as it was.
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { DEFAULT_INSTRUCTION_SUFFIX } from '../crypto';
import { classifyObjectEncryption } from '../s3/classify-object';
import type { EncryptionMode } from '../s3/object-encryption';
import { copyObject } from './copy';
import { isCseObject, type CseWriteSpec } from './cse-transfer';
import { headObject } from './download';
import { SseCKeyRequiredError, TransferError, isAbortError, s3ErrorCode } from './errors';
import type { ReadMode } from './file-transfers';
import { rewriteThroughClient } from './stream-rewrite';
import type { SseChoice } from './sse-params';
import type { MultipartSettings } from './upload';

export interface EncryptionTarget {
  sse: SseChoice;
  cse?: CseWriteSpec;
}

export interface PlannedObject {
  key: string;
  size: number;
  mode: EncryptionMode;
  /** Why this object cannot be changed with the keys given (e.g. SSE-C without its key). */
  blocker?: string;
}

export interface ChangePlan {
  bucket: string;
  objects: PlannedObject[];
  countsByMode: Partial<Record<EncryptionMode, number>>;
  bytes: number;
}

export interface ChangeReport {
  changed: string[];
  failed: Array<{ key: string; error: string }>;
  skipped: Array<{ key: string; reason: string }>;
  cancelled: boolean;
  bytes: number;
}

export interface ChangeOptions {
  client: S3Client;
  bucket: string;
  /** Source keys: SSE-C key and/or CSE keyring to read the current objects. */
  read: ReadMode;
  target: EncryptionTarget;
  allowKmsKeyChange?: boolean;
  multipart?: Partial<MultipartSettings>;
  signal?: AbortSignal;
  onBytes?: (bytes: number) => void;
  onObject?: (key: string, index: number, total: number) => void;
}

/** The dry run: what would change, without changing anything. `key` ending in "/" (or "") means a prefix. */
export async function planEncryptionChange(
  client: S3Client,
  bucket: string,
  keyOrPrefix: string,
  read: ReadMode,
): Promise<ChangePlan> {
  const listed =
    keyOrPrefix === '' || keyOrPrefix.endsWith('/')
      ? await listAll(client, bucket, keyOrPrefix)
      : [await single(client, bucket, keyOrPrefix, read)];
  const objects: PlannedObject[] = [];
  for (const item of listed) {
    const enc = await classifyObjectEncryption(client, bucket, item.key, {
      instructionSibling: item.instructionSibling,
      sseCustomerKey: read.sseCKey,
    });
    let blocker: string | undefined;
    if (enc.mode.startsWith('CSE') && !read.cse) blocker = 'client-side encrypted: its key is needed';
    else if (enc.mode === 'SSE-C' && !read.sseCKey) blocker = 'SSE-C: its key is needed';
    else if (enc.mode === 'unknown') blocker = enc.reason ?? 'its encryption could not be read';
    objects.push({ key: item.key, size: item.size, mode: enc.mode, blocker });
  }
  const countsByMode: ChangePlan['countsByMode'] = {};
  for (const o of objects) countsByMode[o.mode] = (countsByMode[o.mode] ?? 0) + 1;
  return { bucket, objects, countsByMode, bytes: objects.reduce((n, o) => n + o.size, 0) };
}

interface ListedObject {
  key: string;
  size: number;
  instructionSibling: boolean;
}

async function single(client: S3Client, bucket: string, key: string, read: ReadMode): Promise<ListedObject> {
  try {
    const head = await headObject({ client, bucket, key, sseCKey: read.sseCKey });
    return { key, size: head.ContentLength ?? 0, instructionSibling: false };
  } catch (err) {
    // The classifier reports why (SSE-C without key, denied, missing); the size is then unknown.
    if (err instanceof SseCKeyRequiredError || err instanceof TransferError)
      return { key, size: 0, instructionSibling: false };
    throw err;
  }
}

export async function executeEncryptionChange(plan: ChangePlan, opts: ChangeOptions): Promise<ChangeReport> {
  const report: ChangeReport = { changed: [], failed: [], skipped: [], cancelled: false, bytes: 0 };
  for (const [i, obj] of plan.objects.entries()) {
    if (opts.signal?.aborted) {
      report.cancelled = true;
      break;
    }
    if (obj.blocker) {
      report.skipped.push({ key: obj.key, reason: obj.blocker });
      continue;
    }
    opts.onObject?.(obj.key, i, plan.objects.length);
    try {
      report.bytes += await changeObjectEncryption({ ...opts, bucket: plan.bucket }, obj.key);
      report.changed.push(obj.key);
    } catch (err) {
      if (isAbortError(err) || opts.signal?.aborted) {
        report.cancelled = true;
        break;
      }
      report.failed.push({ key: obj.key, error: `${(err as Error).name}: ${(err as Error).message}` });
    }
  }
  return report;
}

/** Rewrites one object in the target mode; returns the bytes moved. */
export async function changeObjectEncryption(opts: ChangeOptions, key: string): Promise<number> {
  const { client, bucket } = opts;
  const loc = { client, bucket, key, sseCKey: opts.read.sseCKey, signal: opts.signal };
  const head = await headObject(loc);
  if (!isCseObject(head) && !opts.target.cse) {
    const r = await copyObject({
      client,
      source: { bucket, key, sseCKey: opts.read.sseCKey },
      dest: { bucket, key },
      sse: opts.target.sse,
      allowKmsKeyChange: opts.allowKmsKeyChange,
      signal: opts.signal,
      onBytes: opts.onBytes,
    }).catch((err: unknown) => {
      // Ceph RGW cannot copy from an SSE-C source (501); AWS can. Streaming is the portable fallback.
      if (opts.read.sseCKey && s3ErrorCode(err) === 'NotImplemented') return undefined;
      throw err;
    });
    if (r) return r.bytes;
  }
  return rewriteThroughClient({ ...opts, key }, head);
}

async function listAll(client: S3Client, bucket: string, prefix: string): Promise<ListedObject[]> {
  const all: Array<{ key: string; size: number }> = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const o of page.Contents ?? []) if (o.Key && !o.Key.endsWith('/')) all.push({ key: o.Key, size: o.Size ?? 0 });
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  const keys = new Set(all.map((o) => o.key));
  const suffix = DEFAULT_INSTRUCTION_SUFFIX;
  return all
    .filter((o) => !(o.key.endsWith(suffix) && keys.has(o.key.slice(0, -suffix.length))))
    .map((o) => ({ ...o, instructionSibling: keys.has(o.key + suffix) }));
}
