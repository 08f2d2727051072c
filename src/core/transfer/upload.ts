// Uploads a stream as one object: a single PutObject below the multipart threshold, otherwise a hand-rolled
// multipart upload, so we control abort (on cancel and on any failure: no orphaned parts) and part alignment
// for CSE. Parts are buffers, so the SDK's adaptive retry (5xx, throttling) can resend them.
import type { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListMultipartUploadsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  type CompletedPart,
  type StorageClass,
} from '@aws-sdk/client-s3';
import {
  InvalidTransferArgumentError,
  TransferCancelledError,
  TransferError,
  isAbortError,
  s3ErrorCode,
} from './errors';
import { fixedSizeChunks } from './part-reader';
import { sseCParams, sseWriteParams, type SseChoice } from './sse-params';
import { mapS3Error } from './error-mapping';
import { assertSseCWriteAllowed } from './sse-c-block';

export const MIB = 1024 * 1024;
export const MIN_PART_SIZE = 5 * MIB;
export const MAX_PARTS = 10_000;

export interface MultipartSettings {
  /** Objects at or above this size use multipart. */
  thresholdBytes: number;
  /** Size of each part except the last; a multiple of 16 bytes (CSE) and at least 5 MiB. */
  partSizeBytes: number;
  /** Parts in flight at once; memory use is about concurrency × part size. */
  concurrency: number;
}

export const DEFAULT_MULTIPART: MultipartSettings = {
  thresholdBytes: 16 * MIB,
  partSizeBytes: 16 * MIB,
  concurrency: 4,
};

export interface UploadRequest {
  client: S3Client;
  bucket: string;
  key: string;
  body: Readable;
  /** Bytes the body will produce, when known: picks a part size that stays under 10,000 parts. */
  sizeBytes?: number;
  sse: SseChoice;
  metadata?: Record<string, string>;
  contentType?: string;
  storageClass?: StorageClass;
  /** URL-encoded tag set (`a=1&b=2`), as PutObject takes it. */
  tagging?: string;
  /** Other system metadata kept when an object is rewritten (Cache-Control, Content-Disposition, ...). */
  systemMetadata?: SystemMetadata;
  multipart?: Partial<MultipartSettings>;
  signal?: AbortSignal;
  /** Called with the byte count of each part (or the whole object) once the server has it. */
  onBytes?: (bytes: number) => void;
  /** Told what a failed or cancelled upload cleaned up (an aborted multipart upload), for the user. */
  onCleanup?: (what: string) => void;
}

export interface SystemMetadata {
  CacheControl?: string;
  ContentDisposition?: string;
  ContentEncoding?: string;
  ContentLanguage?: string;
  Expires?: Date;
  WebsiteRedirectLocation?: string;
}

export interface UploadResult {
  bucket: string;
  key: string;
  etag?: string;
  versionId?: string;
  bytes: number;
  parts: number;
}

export function resolveMultipart(
  settings: Partial<MultipartSettings> | undefined,
  sizeBytes?: number,
): MultipartSettings {
  const s = { ...DEFAULT_MULTIPART, ...settings };
  if (s.partSizeBytes < MIN_PART_SIZE) {
    throw new InvalidTransferArgumentError(
      `The part size must be at least 5 MiB (S3's minimum); got ${s.partSizeBytes} bytes.`,
    );
  }
  if (s.partSizeBytes % 16 !== 0) {
    throw new InvalidTransferArgumentError(
      'The part size must be a multiple of 16 bytes (AES block alignment for CSE).',
    );
  }
  if (!Number.isInteger(s.concurrency) || s.concurrency < 1) {
    throw new InvalidTransferArgumentError(`The concurrency must be a positive integer; got ${s.concurrency}.`);
  }
  if (sizeBytes !== undefined && Math.ceil(sizeBytes / s.partSizeBytes) > MAX_PARTS) {
    // Grow the part size (in whole MiB) so the object fits in S3's 10,000-part limit.
    s.partSizeBytes = Math.ceil(sizeBytes / MAX_PARTS / MIB) * MIB;
  }
  return s;
}

export async function uploadObject(req: UploadRequest): Promise<UploadResult> {
  const settings = resolveMultipart(req.multipart, req.sizeBytes);
  throwIfCancelled(req.signal);
  // Before any byte is read or sent: a bucket that blocks SSE-C would refuse the write with a bare 403.
  if (req.sse.mode === 'SSE-C') await assertSseCWriteAllowed(req.client, req.bucket, req.signal);
  const chunks = fixedSizeChunks(req.body, settings.partSizeBytes);
  // Read ahead up to the threshold: if the stream ends first, the object is small and goes in one PutObject.
  const head: Buffer[] = [];
  let headBytes = 0;
  while (headBytes < settings.thresholdBytes) {
    const next = await chunks.next();
    if (next.done) return putSingle(req, Buffer.concat(head, headBytes));
    head.push(next.value);
    headBytes += next.value.length;
  }
  return uploadMultipart(req, settings, prepend(head, chunks));
}

async function* prepend(head: Buffer[], rest: AsyncGenerator<Buffer>): AsyncGenerator<Buffer> {
  yield* head;
  yield* rest;
}

function commonWriteParams(req: UploadRequest) {
  return {
    Bucket: req.bucket,
    Key: req.key,
    ...sseWriteParams(req.sse),
    ...(req.metadata ? { Metadata: req.metadata } : {}),
    ...(req.contentType ? { ContentType: req.contentType } : {}),
    ...(req.storageClass ? { StorageClass: req.storageClass } : {}),
    ...(req.tagging ? { Tagging: req.tagging } : {}),
    ...req.systemMetadata,
  };
}

async function putSingle(req: UploadRequest, body: Buffer): Promise<UploadResult> {
  try {
    const out = await req.client.send(
      new PutObjectCommand({ ...commonWriteParams(req), Body: body, ContentLength: body.length }),
      {
        abortSignal: req.signal,
      },
    );
    req.onBytes?.(body.length);
    return { bucket: req.bucket, key: req.key, etag: out.ETag, versionId: out.VersionId, bytes: body.length, parts: 1 };
  } catch (err) {
    throw await mapUploadError(err, req);
  }
}

async function uploadMultipart(
  req: UploadRequest,
  settings: MultipartSettings,
  chunks: AsyncGenerator<Buffer>,
): Promise<UploadResult> {
  let uploadId: string | undefined;
  try {
    // Create and Complete are not cut off by a cancel: a Create the server performed but whose answer we dropped
    // would leave an upload we cannot name to abort, and a dropped Complete may still complete. The cancel is
    // honoured right after Create, and Complete only runs once every part is in.
    const created = await req.client.send(new CreateMultipartUploadCommand(commonWriteParams(req)));
    uploadId = created.UploadId;
    if (!uploadId) throw new TransferError('The server started a multipart upload without an upload id.');
    throwIfCancelled(req.signal);
    const parts = await uploadParts(req, settings, uploadId, chunks);
    const done = await req.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: req.bucket,
        Key: req.key,
        UploadId: uploadId,
        MultipartUpload: { Parts: parts.list },
      }),
    );
    return {
      bucket: req.bucket,
      key: req.key,
      etag: done.ETag,
      versionId: done.VersionId,
      bytes: parts.bytes,
      parts: parts.list.length,
    };
  } catch (err) {
    if (uploadId) await abortUpload(req, uploadId, err);
    throw await mapUploadError(err, req);
  }
}

async function uploadParts(
  req: UploadRequest,
  settings: MultipartSettings,
  uploadId: string,
  chunks: AsyncGenerator<Buffer>,
): Promise<{ list: CompletedPart[]; bytes: number }> {
  const list: CompletedPart[] = [];
  const inFlight = new Set<Promise<void>>();
  // Boxed so that a rejection with a falsy value still counts as a failure.
  let firstError: { error: unknown } | undefined;
  let bytes = 0;
  let partNumber = 0;
  const ssec = req.sse.mode === 'SSE-C' ? sseCParams(req.sse.key) : {};
  try {
    for await (const chunk of chunks) {
      if (firstError) break;
      throwIfCancelled(req.signal);
      const n = ++partNumber;
      if (n > MAX_PARTS)
        throw new InvalidTransferArgumentError('The object needs more than 10,000 parts; use a larger part size.');
      const p = req.client
        .send(
          new UploadPartCommand({
            Bucket: req.bucket,
            Key: req.key,
            UploadId: uploadId,
            PartNumber: n,
            Body: chunk,
            ContentLength: chunk.length,
            ...ssec,
          }),
          { abortSignal: req.signal },
        )
        .then((out) => {
          list.push({ PartNumber: n, ETag: out.ETag });
          bytes += chunk.length;
          req.onBytes?.(chunk.length);
        })
        .catch((err: unknown) => {
          firstError ??= { error: err };
        })
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
      // Backpressure: read the next part only when a slot is free, so memory stays at concurrency × part size.
      if (inFlight.size >= settings.concurrency) await Promise.race(inFlight);
    }
  } finally {
    // Never abort while a part is still on the wire: it could land after the abort and leave parts behind.
    await Promise.all(inFlight);
  }
  if (firstError) throw firstError.error;
  throwIfCancelled(req.signal);
  list.sort((a, b) => (a.PartNumber ?? 0) - (b.PartNumber ?? 0));
  return { list, bytes };
}

/**
 * Aborts without the caller's signal (which may be the reason we are aborting), then checks the upload is
 * really gone: a part the server was still writing when the abort arrived can leave it listed (seen with
 * Ceph RGW), so the abort is repeated a few times before giving up.
 */
const ABORT_CONFIRM_MS = 500;

async function abortUpload(req: UploadRequest, uploadId: string, cause: unknown): Promise<void> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 4; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, 250 * attempt));
    try {
      await req.client.send(new AbortMultipartUploadCommand({ Bucket: req.bucket, Key: req.key, UploadId: uploadId }));
    } catch (abortErr) {
      // NoSuchUpload: an earlier attempt (or the server) already removed it.
      if (s3ErrorCode(abortErr) !== 'NoSuchUpload') {
        lastError = abortErr;
        continue;
      }
    }
    try {
      // Checked twice: a part RGW was still receiving when the abort arrived can bring the upload back a
      // moment after it was first reported gone.
      if (
        !(await stillListed(req, uploadId)) &&
        !(await new Promise((r) => setTimeout(r, ABORT_CONFIRM_MS)).then(() => stillListed(req, uploadId)))
      ) {
        req.onCleanup?.(`aborted multipart upload ${uploadId} of s3://${req.bucket}/${req.key}`);
        return;
      }
      lastError = new Error('the upload is still listed after AbortMultipartUpload');
    } catch (listErr) {
      lastError = listErr;
    }
  }
  const why = lastError instanceof Error ? lastError.message : String(lastError);
  const original = cause instanceof Error ? cause.message : String(cause);
  throw new TransferError(
    `The upload of s3://${req.bucket}/${req.key} failed (${original}) and its multipart upload ${uploadId} could ` +
      `not be aborted (${why}). Nothing was uploaded; remove the leftover parts with ` +
      `\`aws s3api abort-multipart-upload --bucket ${req.bucket} --key ${req.key} --upload-id ${uploadId}\` or a lifecycle rule.`,
  );
}

async function stillListed(req: UploadRequest, uploadId: string): Promise<boolean> {
  const out = await req.client.send(new ListMultipartUploadsCommand({ Bucket: req.bucket, Prefix: req.key }));
  return (out.Uploads ?? []).some((u) => u.UploadId === uploadId);
}

function throwIfCancelled(signal?: AbortSignal): void {
  if (signal?.aborted) throw new TransferCancelledError('The transfer was cancelled; nothing was uploaded.');
}

async function mapUploadError(err: unknown, req: UploadRequest): Promise<unknown> {
  if (err instanceof TransferError) return err;
  if (isAbortError(err) || req.signal?.aborted)
    return new TransferCancelledError('The transfer was cancelled; nothing was uploaded.');
  return mapS3Error(err, { client: req.client, bucket: req.bucket, key: req.key, operation: 'upload', sse: req.sse });
}
