// What UpdateObjectEncryption does, emulated on Ceph RGW for the stand-in: the same checks and error answers
// as the S3 API reference documents for it (InvalidRequest for an unencrypted, DSSE-KMS or SSE-C source or a
// key that is not a full ARN; AccessDenied for a key of another account or Object Lock; NoSuchKey), then the
// change itself. RGW cannot re-wrap a data key, so the stand-in rewrites the object under the new key (AWS
// keeps the ETag; RGW cannot). RGW names KMS keys by id, so a key ARN's last segment is the RGW key id.
import { HeadObjectCommand, type HeadObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import { copyObject } from '../../src/core/transfer/copy';
import { rewriteThroughClient } from '../../src/core/transfer/stream-rewrite';
import type { SseChoice } from '../../src/core/transfer/sse-params';

export class StandInError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const KEY_ARN = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):(\d{12}):key\/([A-Za-z0-9-]+)$/;

/** The RGW key id of a KMS key ARN (or the id itself when it is not an ARN). */
export function rgwKeyId(keyIdOrArn: string): string {
  return KEY_ARN.exec(keyIdOrArn)?.[3] ?? keyIdOrArn;
}

export async function headOrThrow(
  rgw: S3Client,
  bucket: string,
  key: string,
): Promise<HeadObjectCommandOutput | 'sse-c'> {
  try {
    return await rgw.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  } catch (err) {
    const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 404) throw new StandInError(404, 'NoSuchKey', 'The specified key does not exist.');
    if (status === 400) return 'sse-c';
    throw new StandInError(status ?? 500, (err as Error).name, (err as Error).message);
  }
}

export interface UpdateRules {
  accountId: string;
  /** RGW does not report SSE-S3 on HEAD: the proxy remembers which objects were written with AES256. */
  writtenWithSseS3?: (bucket: string, key: string) => boolean;
}

export async function updateObjectEncryption(
  rgw: S3Client,
  bucket: string,
  key: string,
  kmsKeyArn: string | undefined,
  bucketKey: boolean,
  rules: UpdateRules,
): Promise<void> {
  if (!kmsKeyArn)
    throw new StandInError(
      400,
      'InvalidRequest',
      "Requests that modify an object's encryption type to SSE-KMS require an AWS KMS key Amazon Resource Name (ARN).",
    );
  const arn = KEY_ARN.exec(kmsKeyArn);
  if (!arn)
    throw new StandInError(
      400,
      'InvalidRequest',
      "Requests that modify an object's encryption type to SSE-KMS require a valid AWS KMS key Amazon Resource Name (ARN).",
    );
  if (arn[2] !== rules.accountId)
    throw new StandInError(
      403,
      'AccessDenied',
      'The AWS KMS key in the request must be owned by the same account as the bucket.',
    );
  const head = await headOrThrow(rgw, bucket, key);
  if (head === 'sse-c' || head.ServerSideEncryption === 'aws:kms:dsse') {
    throw new StandInError(
      400,
      'InvalidRequest',
      "The UpdateObjectEncryption operation doesn't support source objects with the encryption type DSSE-KMS or SSE-C. Only source objects encrypted with SSE-S3 or SSE-KMS are supported.",
    );
  }
  if (!head.ServerSideEncryption && !rules.writtenWithSseS3?.(bucket, key)) {
    throw new StandInError(
      400,
      'InvalidRequest',
      "The UpdateObjectEncryption operation doesn't support unencrypted source objects. Only source objects encrypted with SSE-S3 or SSE-KMS are supported.",
    );
  }
  const locked =
    head.ObjectLockLegalHoldStatus === 'ON' ||
    (head.ObjectLockRetainUntilDate !== undefined && head.ObjectLockRetainUntilDate > new Date());
  if (locked)
    throw new StandInError(
      403,
      'AccessDenied',
      "The encryption type for the specified object can't be updated because that object is protected by S3 Object Lock.",
    );
  await reencryptOnRgw(rgw, bucket, key, { mode: 'SSE-KMS', keyId: rgwKeyId(kmsKeyArn), bucketKey });
}

/** In-place change of an object's SSE on RGW: a copy, or a rewrite where RGW cannot copy (SSE-KMS sources). */
export async function reencryptOnRgw(rgw: S3Client, bucket: string, key: string, sse: SseChoice): Promise<void> {
  try {
    await copyObject({ client: rgw, source: { bucket, key }, dest: { bucket, key }, sse, allowKmsKeyChange: true });
  } catch (err) {
    if ((err as Error).name !== 'NotImplemented') throw err;
    const head = await rgw.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    await rewriteThroughClient({ client: rgw, bucket, key, read: {}, target: { sse }, allowKmsKeyChange: true }, head);
  }
}
