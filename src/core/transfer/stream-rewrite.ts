// Rewrites an object under the same key by streaming it through this process: GET (decrypting CSE) and
// PUT / multipart upload (encrypting CSE, any SSE). Used when the new encryption involves CSE, and when a
// server-side copy cannot apply the new SSE (Ceph RGW ignores SSE headers on CopyObject and refuses SSE-C
// sources). S3 swaps the object atomically on PUT / CompleteMultipartUpload, so a failure changes nothing.
import { DeleteObjectCommand, type HeadObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import { DEFAULT_INSTRUCTION_SUFFIX, inspectEnvelope } from '../crypto';
import { cseDecryptStage, uploadEncrypted, withoutCseMetadata, type CseWriteSpec } from './cse-transfer';
import { openObjectBody } from './download';
import { TransferCancelledError } from './errors';
import type { ReadMode } from './file-transfers';
import { guardKmsKey } from './kms-key-guard';
import type { SseChoice } from './sse-params';
import { ensureTags, readTags, tagsAsQuery } from './tags';
import { uploadObject, type MultipartSettings } from './upload';

export interface RewriteOptions {
  client: S3Client;
  bucket: string;
  key: string;
  read: ReadMode;
  target: { sse: SseChoice; cse?: CseWriteSpec };
  allowKmsKeyChange?: boolean;
  multipart?: Partial<MultipartSettings>;
  signal?: AbortSignal;
  onBytes?: (bytes: number) => void;
}

export async function rewriteThroughClient(opts: RewriteOptions, head: HeadObjectCommandOutput): Promise<number> {
  const key = opts.key;
  const { client, bucket } = opts;
  const where = `s3://${bucket}/${key}`;
  const sse = guardKmsKey(head, opts.target.sse, opts.allowKmsKeyChange ?? false, where);
  const hadInstructionFile = inspectEnvelope(head.Metadata ?? {}).needsInstructionFile;
  const tags = await readTags(client, bucket, key, opts.signal);
  const body = await openObjectBody(
    { client, bucket, key, sseCKey: opts.read.sseCKey, signal: opts.signal },
    head.ETag,
  );
  const decrypt = await cseDecryptStage(client, bucket, key, opts.read.cse, { signal: opts.signal })(head);
  // The decrypting stream fails at its end if the tag does not verify, which fails (and aborts) the upload
  // before it completes: unauthenticated plaintext never becomes an object.
  const plaintext = decrypt ? body.pipe(decrypt) : body;
  if (decrypt) body.on('error', (e) => decrypt.destroy(e));
  const plaintextLength = decrypt
    ? Number(head.Metadata?.['x-amz-unencrypted-content-length'] ?? NaN)
    : head.ContentLength;
  const common = {
    client,
    bucket,
    key,
    sse,
    metadata: withoutCseMetadata(head.Metadata),
    contentType: head.ContentType,
    storageClass: head.StorageClass,
    tagging: tagsAsQuery(tags),
    systemMetadata: {
      ...(head.CacheControl ? { CacheControl: head.CacheControl } : {}),
      ...(head.ContentDisposition ? { ContentDisposition: head.ContentDisposition } : {}),
      ...(head.ContentEncoding ? { ContentEncoding: head.ContentEncoding } : {}),
      ...(head.ContentLanguage ? { ContentLanguage: head.ContentLanguage } : {}),
    },
    multipart: opts.multipart,
    signal: opts.signal,
    onBytes: opts.onBytes,
  };
  const known = Number.isFinite(plaintextLength) ? plaintextLength : undefined;
  const result = opts.target.cse
    ? await uploadEncrypted({ ...common, plaintext, plaintextLength: known, cse: opts.target.cse })
    : await uploadObject({ ...common, body: plaintext, sizeBytes: known });
  await ensureTags(client, bucket, key, tags);
  const nowUsesInstructionFile = opts.target.cse?.envelope === 'instruction-file';
  if (hadInstructionFile && !nowUsesInstructionFile) {
    // The old envelope would now describe nothing; remove it only after the new object is in place.
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: `${key}${DEFAULT_INSTRUCTION_SUFFIX}` }));
  }
  if (opts.signal?.aborted) throw new TransferCancelledError('cancelled');
  return result.bytes;
}
