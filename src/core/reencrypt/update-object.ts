// One UpdateObjectEncryption call, its "not implemented here" answers told apart from real failures.
import { UpdateObjectEncryptionCommand, type S3Client } from '@aws-sdk/client-s3';
import { httpStatusOf, s3ErrorCode } from '../transfer/errors';

/** Answers that mean the endpoint does not implement the operation (S3-compatible servers). */
export function isNotImplemented(err: unknown): boolean {
  const code = s3ErrorCode(err);
  const status = httpStatusOf(err);
  return (
    code === 'NotImplemented' ||
    code === 'MethodNotAllowed' ||
    code === 'UnsupportedOperation' ||
    status === 501 ||
    status === 405
  );
}

export async function updateObjectEncryption(
  client: S3Client,
  bucket: string,
  key: string,
  kmsKeyArn: string,
  bucketKey: boolean | undefined,
  signal?: AbortSignal,
): Promise<void> {
  await client.send(
    new UpdateObjectEncryptionCommand({
      Bucket: bucket,
      Key: key,
      ObjectEncryption: {
        SSEKMS: { KMSKeyArn: kmsKeyArn, ...(bucketKey !== undefined ? { BucketKeyEnabled: bucketKey } : {}) },
      },
    }),
    { abortSignal: signal },
  );
}
