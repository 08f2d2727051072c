// Typed transfer errors. `name` is what the CLI prints before the message and what tests match on; messages
// say what to do next and never contain key material.
import { S3encError } from '../errors';

export class TransferError extends S3encError {
  override name = 'TransferError';
}

/** SSE-C sends the key in a header: refused over plain HTTP by every S3 client (s3/sse-c-guard). */
export { SseCRequiresHttpsError } from '../s3/sse-c-guard';

/** The SSE-C key we sent is not the one the object was written with. */
export class SseCKeyMismatchError extends TransferError {
  override name = 'SseCKeyMismatch';
}

/** The object is SSE-C but no key was given (or none in the key store matches). */
export class SseCKeyRequiredError extends TransferError {
  override name = 'SseCKeyRequired';
}

export class AccessDeniedError extends TransferError {
  override name = 'AccessDenied';
}

export class KmsAccessDeniedError extends TransferError {
  override name = 'KmsAccessDenied';
}

export class TransferCancelledError extends TransferError {
  override name = 'Cancelled';
}

/** The local destination cannot be written (read-only, missing, full). Nothing was left behind. */
export class DestinationError extends TransferError {
  override name = 'DestinationNotWritable';
}

/** The connection to S3 failed mid-transfer (reset, refused, timed out). Nothing was left behind. */
export class ConnectionLostError extends TransferError {
  override name = 'ConnectionLost';
}

/** A CSE download of an object that carries no S3 Encryption Client envelope. Nothing was written. */
export class NotClientSideEncryptedError extends TransferError {
  override name = 'NotClientSideEncrypted';
}

/** A mode required by the `s3enc.transfers.mandatoryModes` setting (or a CLI rule) was not chosen. */
export class MandatoryModeError extends TransferError {
  override name = 'MandatoryMode';
}

/** The change would silently replace an object's KMS key (e.g. "bucket default" on an SSE-KMS object). */
export class KmsKeyWouldChangeError extends TransferError {
  override name = 'KmsKeyWouldChange';
}

/** The bucket named in a transfer does not exist (or was deleted). */
export class NoSuchBucketError extends TransferError {
  override name = 'NoSuchBucket';
}

/** The object named in a transfer does not exist in an existing bucket. */
export class NoSuchKeyError extends TransferError {
  override name = 'NoSuchKey';
}

/** The endpoint refused SSE-KMS / DSSE-KMS without a key id (AWS would use the AWS-managed key aws/s3). */
export class KmsKeyRequiredError extends TransferError {
  override name = 'KmsKeyRequired';
}

export class InvalidTransferArgumentError extends TransferError {
  override name = 'InvalidArgument';
}

/** Reads the S3 error code from an SDK error (`name` for modeled errors, `Code` for others). */
export function s3ErrorCode(err: unknown): string | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const e = err as { name?: string; Code?: string; code?: string };
  return e.Code ?? e.code ?? e.name;
}

export function httpStatusOf(err: unknown): number | undefined {
  return (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}

export function isAbortError(err: unknown): boolean {
  return err instanceof TransferCancelledError || (err as { name?: string })?.name === 'AbortError';
}
