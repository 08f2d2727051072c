// Server-side copy with new SSE settings, used for S3→S3 `cp` and for in-place SSE→SSE "Change encryption".
// MetadataDirective REPLACE lets the copy change encryption in place, so everything REPLACE would drop is
// restated from HEAD: user metadata, content type and the other system metadata, storage class. Tags are
// kept with TaggingDirective COPY (single copy) or restated on CreateMultipartUpload (multipart copy, >5 GiB).
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  UploadPartCopyCommand,
  type CompletedPart,
  type HeadObjectCommandOutput,
  type S3Client,
  type Tag,
} from '@aws-sdk/client-s3';
import { ensureTags, readTags, tagsAsQuery } from './tags';
import { rewriteThroughClient } from './stream-rewrite';
import { keyMd5 } from '../keys/key-material';
import { inspectEnvelope } from '../crypto';
import { TransferCancelledError, TransferError, isAbortError } from './errors';
import { mapS3Error } from './error-mapping';
import { headObject } from './download';
import { guardKmsKey } from './kms-key-guard';
import { assertSseCWriteAllowed } from './sse-c-block';
import {
  copySourceSseCParams,
  describeSseChoice,
  isKmsChoice,
  sseCParams,
  sseWriteParams,
  type SseChoice,
} from './sse-params';
import { sseHeaderFor } from '../encryption/modes';

export const GIB = 1024 * 1024 * 1024;
/** CopyObject's limit; above it S3 requires a multipart copy. */
export const SINGLE_COPY_LIMIT = 5 * GIB;

export interface CopyRequest {
  client: S3Client;
  source: { bucket: string; key: string; sseCKey?: Buffer };
  dest: { bucket: string; key: string };
  sse: SseChoice;
  /** Allow replacing an SSE-KMS object's key (with another key or the bucket default). Off by default. */
  allowKmsKeyChange?: boolean;
  /** Objects above this use UploadPartCopy (tests lower it; S3's own limit is 5 GiB). */
  multipartCopyThresholdBytes?: number;
  copyPartSizeBytes?: number;
  concurrency?: number;
  signal?: AbortSignal;
  onBytes?: (bytes: number) => void;
}

export interface CopyResult {
  bytes: number;
  parts: number;
  sse: SseChoice;
  /** The object is CSE with its envelope in an instruction file, which must travel with it. */
  hasInstructionFile: boolean;
}

export function copySourceOf(bucket: string, key: string): string {
  return `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
}

/** System metadata REPLACE would otherwise reset. */
export function restatedMetadata(head: HeadObjectCommandOutput) {
  return {
    Metadata: head.Metadata ?? {},
    ...(head.ContentType ? { ContentType: head.ContentType } : {}),
    ...(head.CacheControl ? { CacheControl: head.CacheControl } : {}),
    ...(head.ContentDisposition ? { ContentDisposition: head.ContentDisposition } : {}),
    ...(head.ContentEncoding ? { ContentEncoding: head.ContentEncoding } : {}),
    ...(head.ContentLanguage ? { ContentLanguage: head.ContentLanguage } : {}),
    ...(head.Expires ? { Expires: head.Expires } : {}),
    ...(head.WebsiteRedirectLocation ? { WebsiteRedirectLocation: head.WebsiteRedirectLocation } : {}),
    ...(head.StorageClass ? { StorageClass: head.StorageClass } : {}),
  };
}

export async function copyObject(req: CopyRequest): Promise<CopyResult> {
  if (req.sse.mode === 'SSE-C') await assertSseCWriteAllowed(req.client, req.dest.bucket, req.signal);
  const head = await headObject({
    client: req.client,
    bucket: req.source.bucket,
    key: req.source.key,
    sseCKey: req.source.sseCKey,
    signal: req.signal,
  });
  const inPlace = req.source.bucket === req.dest.bucket && req.source.key === req.dest.key;
  // Only an in-place change can replace the object's key; a copy elsewhere leaves the source as it was.
  const sse = inPlace
    ? guardKmsKey(head, req.sse, req.allowKmsKeyChange ?? false, `s3://${req.source.bucket}/${req.source.key}`)
    : req.sse;
  const size = head.ContentLength ?? 0;
  const hasInstructionFile = inspectEnvelope(head.Metadata ?? {}).needsInstructionFile;
  const threshold = req.multipartCopyThresholdBytes ?? SINGLE_COPY_LIMIT;
  const tags = await readTags(req.client, req.source.bucket, req.source.key, req.signal);
  try {
    if (size <= threshold) {
      const out = await req.client.send(
        new CopyObjectCommand({
          Bucket: req.dest.bucket,
          Key: req.dest.key,
          CopySource: copySourceOf(req.source.bucket, req.source.key),
          CopySourceIfMatch: head.ETag,
          MetadataDirective: 'REPLACE',
          TaggingDirective: 'COPY',
          ...restatedMetadata(head),
          ...sseWriteParams(sse),
          ...copySourceSseCParams(req.source.sseCKey),
        }),
        { abortSignal: req.signal },
      );
      await ensureTags(req.client, req.dest.bucket, req.dest.key, tags);
      await rewriteUnlessApplied(req, sse, out.ServerSideEncryption, out.SSEKMSKeyId, out.SSECustomerKeyMD5);
      req.onBytes?.(size);
      return { bytes: size, parts: 1, sse, hasInstructionFile };
    }
    const result = await multipartCopy(req, head, sse, size, tags);
    await ensureTags(req.client, req.dest.bucket, req.dest.key, tags);
    await rewriteUnlessApplied(req, sse, result.applied.ServerSideEncryption, result.applied.SSEKMSKeyId, undefined);
    return { bytes: result.bytes, parts: result.parts, sse, hasInstructionFile };
  } catch (err) {
    if (isAbortError(err) || req.signal?.aborted)
      throw new TransferCancelledError('The copy was cancelled; the object is unchanged.');
    throw await mapS3Error(err, {
      client: req.client,
      bucket: req.dest.bucket,
      key: req.dest.key,
      operation: 'copy',
      sse,
      sseCKey: req.source.sseCKey,
    });
  }
}

async function multipartCopy(
  req: CopyRequest,
  head: HeadObjectCommandOutput,
  sse: SseChoice,
  size: number,
  tags: Tag[],
): Promise<{ bytes: number; parts: number; applied: { ServerSideEncryption?: string; SSEKMSKeyId?: string } }> {
  const tagging = tagsAsQuery(tags);
  const created = await req.client.send(
    new CreateMultipartUploadCommand({
      Bucket: req.dest.bucket,
      Key: req.dest.key,
      ...restatedMetadata(head),
      ...(tagging ? { Tagging: tagging } : {}),
      ...sseWriteParams(sse),
    }),
    { abortSignal: req.signal },
  );
  const uploadId = created.UploadId;
  if (!uploadId) throw new TransferError('The server started a multipart copy without an upload id.');
  const partSize = Math.max(req.copyPartSizeBytes ?? 512 * 1024 * 1024, Math.ceil(size / 10_000));
  const ranges: Array<[number, number]> = [];
  for (let start = 0; start < size; start += partSize) ranges.push([start, Math.min(size, start + partSize) - 1]);
  const parts: CompletedPart[] = [];
  try {
    let next = 0;
    const worker = async () => {
      while (next < ranges.length) {
        const i = next++;
        const [a, b] = ranges[i];
        const out = await req.client.send(
          new UploadPartCopyCommand({
            Bucket: req.dest.bucket,
            Key: req.dest.key,
            UploadId: uploadId,
            PartNumber: i + 1,
            CopySource: copySourceOf(req.source.bucket, req.source.key),
            CopySourceIfMatch: head.ETag,
            CopySourceRange: `bytes=${a}-${b}`,
            ...copySourceSseCParams(req.source.sseCKey),
            ...(sse.mode === 'SSE-C' ? sseCParams(sse.key) : {}),
          }),
          { abortSignal: req.signal },
        );
        parts.push({ PartNumber: i + 1, ETag: out.CopyPartResult?.ETag });
        req.onBytes?.(b - a + 1);
      }
    };
    await Promise.all(Array.from({ length: Math.min(req.concurrency ?? 4, ranges.length) }, worker));
    parts.sort((x, y) => (x.PartNumber ?? 0) - (y.PartNumber ?? 0));
    const done = await req.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: req.dest.bucket,
        Key: req.dest.key,
        UploadId: uploadId,
        MultipartUpload: { Parts: parts },
      }),
      { abortSignal: req.signal },
    );
    return {
      bytes: size,
      parts: ranges.length,
      applied: { ServerSideEncryption: done.ServerSideEncryption, SSEKMSKeyId: done.SSEKMSKeyId },
    };
  } catch (err) {
    // The source is untouched until Complete succeeds; aborting leaves it exactly as it was.
    await req.client
      .send(new AbortMultipartUploadCommand({ Bucket: req.dest.bucket, Key: req.dest.key, UploadId: uploadId }))
      .catch((abortErr: unknown) => {
        throw new TransferError(
          `The copy failed (${err instanceof Error ? err.message : String(err)}) and multipart upload ${uploadId} could not be aborted (${abortErr instanceof Error ? abortErr.message : String(abortErr)}). The source object is unchanged.`,
        );
      });
    throw err;
  }
}

/**
 * S3 echoes the encryption it applied. A server that ignored the SSE headers of a copy (Ceph RGW 16 does)
 * would leave the object in the wrong mode while we report success; rewrite it through the client instead.
 * SSE-S3 cannot be checked this way (RGW never reports it), so it is taken as applied.
 */
async function rewriteUnlessApplied(
  req: CopyRequest,
  sse: SseChoice,
  applied?: string,
  appliedKey?: string,
  appliedMd5?: string,
): Promise<void> {
  if (sseApplied(sse, applied, appliedKey, appliedMd5)) return;
  const dest = { client: req.client, bucket: req.dest.bucket, key: req.dest.key };
  const head = await headObject(dest);
  await rewriteThroughClient({ ...dest, read: {}, target: { sse }, allowKmsKeyChange: true, signal: req.signal }, head);
  const check = await headObject({ ...dest, sseCKey: sse.mode === 'SSE-C' ? sse.key : undefined });
  if (!sseApplied(sse, check.ServerSideEncryption, check.SSEKMSKeyId, check.SSECustomerKeyMD5)) {
    throw new TransferError(
      `The server did not apply ${describeSseChoice(sse)} to s3://${req.dest.bucket}/${req.dest.key}; it reports ${check.ServerSideEncryption ?? 'no encryption'}.`,
    );
  }
}

export function sseApplied(sse: SseChoice, applied?: string, appliedKey?: string, appliedMd5?: string): boolean {
  if (sse.mode === 'SSE-C') return appliedMd5 === keyMd5(sse.key);
  if (!isKmsChoice(sse)) return true; // bucket default, or a header-only mode S3 cannot get wrong
  if (applied !== sseHeaderFor(sse.mode)) return false;
  return !sse.keyId || !appliedKey || appliedKey === sse.keyId || appliedKey.endsWith(`/${sse.keyId}`);
}
