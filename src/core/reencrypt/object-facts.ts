// What the planner needs to know about one object, read with one HeadObject: its encryption (via the shared
// classifier), size, and whether Object Lock holds it. A 400 without an SSE-C key is how S3 answers for SSE-C.
import { isServerSideMode, type HeaderMode } from '../encryption/modes';
import { HeadObjectCommand, type HeadObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import { classifyObjectEncryption } from '../s3/classify-object';
import { classifyHead, type EncryptionMode } from '../s3/object-encryption';
import { httpStatusOf, s3ErrorCode } from '../transfer/errors';
import { sseCParams } from '../transfer/sse-params';
import type { EncryptionStatus } from './target';

export interface ObjectFacts {
  key: string;
  size: number;
  mode: EncryptionMode;
  kmsKeyId?: string;
  bucketKeyEnabled?: boolean;
  storageClass?: string;
  /** CSE objects: the server-side encryption under the client-side one. */
  serverSide?: HeaderMode;
  /** A retention date in the future or a legal hold: S3 refuses to change the object in place. */
  objectLocked: boolean;
  /** SSE-C object whose key we hold (HEAD with it succeeded). */
  sseCKeyMatches?: boolean;
  /** Why the mode is unknown, or a note such as "SSE-C with a different key". */
  note?: string;
}

export interface FactsOptions {
  sseCKey?: Buffer;
  /** The listing showed the object's instruction file: the CSE envelope lives there. */
  instructionSibling?: boolean;
  now?: Date;
}

export async function readObjectFacts(
  client: S3Client,
  bucket: string,
  key: string,
  listedSize: number,
  opts: FactsOptions = {},
): Promise<ObjectFacts> {
  let head: HeadObjectCommandOutput;
  try {
    head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  } catch (err) {
    const status = httpStatusOf(err);
    if (status !== 400)
      return {
        key,
        size: listedSize,
        mode: 'unknown',
        objectLocked: false,
        note: `HeadObject failed: ${s3ErrorCode(err) ?? status}`,
      };
    // SSE-C: only its key opens HEAD.
    if (!opts.sseCKey) return { key, size: listedSize, mode: 'SSE-C', objectLocked: false, sseCKeyMatches: false };
    try {
      head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key, ...sseCParams(opts.sseCKey) }));
    } catch {
      return {
        key,
        size: listedSize,
        mode: 'SSE-C',
        objectLocked: false,
        sseCKeyMatches: false,
        note: 'encrypted with a different SSE-C key',
      };
    }
  }
  let enc = classifyHead(head);
  if (opts.instructionSibling && !enc.mode.startsWith('CSE'))
    enc = await classifyObjectEncryption(client, bucket, key, {
      instructionSibling: true,
      sseCustomerKey: opts.sseCKey,
    });
  const now = opts.now ?? new Date();
  const retained = head.ObjectLockRetainUntilDate !== undefined && head.ObjectLockRetainUntilDate > now;
  return {
    key,
    size: head.ContentLength ?? listedSize,
    mode: enc.mode,
    kmsKeyId: enc.kmsKeyId,
    bucketKeyEnabled: enc.bucketKeyEnabled,
    storageClass: head.StorageClass,
    ...(enc.serverSide ? { serverSide: enc.serverSide } : {}),
    objectLocked: retained || head.ObjectLockLegalHoldStatus === 'ON',
    ...(enc.mode === 'SSE-C' ? { sseCKeyMatches: true } : {}),
    ...(enc.reason && enc.mode === 'unknown' ? { note: enc.reason } : {}),
  };
}

/** The S3 Inventory status of an object: client-side encrypted objects count by their server-side part. */
export function statusOf(facts: Pick<ObjectFacts, 'mode' | 'serverSide'>): EncryptionStatus | undefined {
  if (facts.mode === 'none') return 'NOT-SSE';
  if (facts.mode === 'unknown') return undefined;
  if (isServerSideMode(facts.mode)) return facts.mode;
  return facts.serverSide ?? 'NOT-SSE';
}
