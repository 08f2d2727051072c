// Turns SDK errors into typed, actionable errors: AccessDenied explained by the bucket policy, KMS permission
// failures named as such, SSE-C key problems stated in terms of key MD5s. Messages never carry key material.
import { GetBucketPolicyCommand, HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { optionHint, S3encError } from '../errors';
import { keyMd5 } from '../keys/key-material';
import {
  AccessDeniedError,
  KmsAccessDeniedError,
  KmsKeyRequiredError,
  NoSuchBucketError,
  NoSuchKeyError,
  SseCKeyMismatchError,
  SseCKeyRequiredError,
  TransferError,
  httpStatusOf,
  s3ErrorCode,
} from './errors';
import { describeRequirement, readPolicy, requirementsViolatedBy } from '../encryption/bucket-policy';
import { explainDeniedSseCWrite, readSseCBlock } from './sse-c-block';
import { describeSseChoice, sseWriteParams, type SseChoice } from './sse-params';
import { isKmsMode } from '../encryption/modes';

export interface ErrorContext {
  client: S3Client;
  bucket: string;
  key?: string;
  operation: 'upload' | 'download' | 'copy' | 'head';
  sse?: SseChoice;
  /** SSE-C key sent when reading. */
  sseCKey?: Buffer;
}

export async function mapS3Error(err: unknown, ctx: ErrorContext): Promise<Error> {
  if (err instanceof S3encError) return err; // already typed (ours, or refused before sending)
  const code = s3ErrorCode(err) ?? 'Error';
  const status = httpStatusOf(err);
  const message = err instanceof Error ? err.message : String(err);
  const where = `s3://${ctx.bucket}${ctx.key ? `/${ctx.key}` : ''}`;
  if (/kms/i.test(message) && (code === 'AccessDenied' || code === 'KMS.AccessDeniedException' || status === 403)) {
    return new KmsAccessDeniedError(
      `S3 could not use the KMS key for ${where}: ${message} Ask for kms:GenerateDataKey (upload) or kms:Decrypt (download) on that key, or pick another key.`,
    );
  }
  if (
    status === 400 &&
    (ctx.operation === 'upload' || ctx.operation === 'copy') &&
    kmsWithoutKeyId(ctx.sse) &&
    /kms/i.test(message)
  ) {
    const mode = ctx.sse!.mode;
    return new KmsKeyRequiredError(
      `${where}: the server refused ${mode} without a KMS key id (${message}). On AWS, S3 uses the AWS-managed ` +
        'key aws/s3 when no key is named; this endpoint needs the key named.',
      { hint: optionHint('sseKmsKey') },
    );
  }
  if (ctx.operation !== 'upload' && (status === 400 || status === 403) && ctx.sseCKey) {
    return new SseCKeyMismatchError(
      `${where}: the key does not match. The object was encrypted with an SSE-C key other than the one you gave (key MD5 ${keyMd5(ctx.sseCKey)}). Nothing was written.`,
    );
  }
  if (
    ctx.operation !== 'upload' &&
    status === 400 &&
    ['BadRequest', 'InvalidRequest', 'InvalidArgument', 'Unknown', 'UnknownError'].includes(code) &&
    !ctx.sseCKey
  ) {
    return new SseCKeyRequiredError(`${where} is encrypted with SSE-C (S3 answered 400 without a key).`, {
      hint: optionHint('sseCKey'),
    });
  }
  if (code === 'AccessDenied' || status === 403) {
    if ((ctx.operation === 'upload' || ctx.operation === 'copy') && ctx.sse?.mode === 'SSE-C')
      return explainSseCDenied(ctx, where, message);
    if (ctx.operation === 'upload') return explainUploadDenied(ctx, where, message);
    return new AccessDeniedError(`${ctx.operation} of ${where} was denied: ${message}`);
  }
  if (code === 'NoSuchBucket' || (status === 404 && ctx.operation === 'upload')) return noSuchBucket(ctx.bucket);
  if (code === 'NoSuchKey') return new NoSuchKeyError(`${where} does not exist.`);
  // A HEAD answers 404 without a body, so the SDK cannot tell a missing object from a missing bucket: ask.
  if (status === 404 && (code === 'NotFound' || code === 'UnknownError' || code === 'Unknown'))
    return explainNotFound(ctx, where);
  // Errors without a body reach us as "UnknownError"; the code and status say all there is.
  const detail = message && message !== code && message !== 'UnknownError' ? `: ${message}` : '';
  const e = new TransferError(
    `${ctx.operation} of ${where} failed: ${code}${status ? ` (HTTP ${status})` : ''}${detail}`,
  );
  e.name = code;
  return e;
}

function noSuchBucket(bucket: string): NoSuchBucketError {
  return new NoSuchBucketError(`Bucket ${bucket} does not exist.`);
}

async function explainNotFound(ctx: ErrorContext, where: string): Promise<Error> {
  try {
    await ctx.client.send(new HeadBucketCommand({ Bucket: ctx.bucket }));
  } catch (err) {
    if (s3ErrorCode(err) === 'NoSuchBucket' || s3ErrorCode(err) === 'NotFound' || httpStatusOf(err) === 404)
      return noSuchBucket(ctx.bucket);
  }
  return new NoSuchKeyError(`${where} does not exist.`);
}

function kmsWithoutKeyId(sse: SseChoice | undefined): boolean {
  return sse !== undefined && isKmsMode(sse.mode) && !('keyId' in sse && sse.keyId);
}

/** A denied SSE-C write: blocked SSE-C is the explanation when the bucket says so or cannot be asked. */
async function explainSseCDenied(ctx: ErrorContext, where: string, message: string): Promise<Error> {
  const block = await readSseCBlock(ctx.client, ctx.bucket);
  if (block.state === 'allowed')
    return ctx.operation === 'upload'
      ? explainUploadDenied(ctx, where, message)
      : new AccessDeniedError(`${ctx.operation} of ${where} was denied: ${message}`);
  return explainDeniedSseCWrite(ctx.bucket, where, message);
}

async function explainUploadDenied(ctx: ErrorContext, where: string, message: string): Promise<Error> {
  const sent = ctx.sse ? describeSseChoice(ctx.sse) : 'no SSE header';
  let policy: string | undefined;
  try {
    policy = (await ctx.client.send(new GetBucketPolicyCommand({ Bucket: ctx.bucket }))).Policy;
  } catch (policyErr) {
    // No policy, or no permission to read it: the denial is then about credentials, not encryption.
    const why = s3ErrorCode(policyErr);
    return new AccessDeniedError(
      `Upload to ${where} was denied (sent: ${sent}): ${message} (bucket policy not readable: ${why}).`,
    );
  }
  const reqs = policyRequirementsBroken(policy, ctx.sse);
  if (reqs.length === 0) return new AccessDeniedError(`Upload to ${where} was denied (sent: ${sent}): ${message}`);
  const modes = reqs
    .map((r) => `${describeRequirement(r)}${r.statementId ? ` (statement "${r.statementId}")` : ''}`)
    .join('; ');
  return new AccessDeniedError(
    `Upload to ${where} was denied: the bucket policy requires ${modes}, but this upload used ${sent}. Choose that mode and try again.`,
  );
}

/** The policy's upload rules this upload broke; none when the policy cannot be read (the denial is then unexplained). */
function policyRequirementsBroken(policy: string | undefined, sse: SseChoice | undefined) {
  if (!policy) return [];
  try {
    return requirementsViolatedBy(readPolicy(policy), sse ? sseWriteParams(sse) : {});
  } catch {
    return []; // a policy that is not JSON explains nothing
  }
}
