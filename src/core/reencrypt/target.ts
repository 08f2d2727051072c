// What a re-encryption aims at, and the small facts about KMS key names that decide which method may be used.
import { SERVER_SIDE_MODES, type ServerSideMode } from '../encryption/modes';
import type { SseChoice } from '../transfer/sse-params';

/** The server-side target of `s3enc reencrypt` / "Change Encryption…". */
export type ReencryptTarget = { mode: 'SSE-KMS'; keyId?: string; bucketKey?: boolean } | { mode: 'SSE-S3' };

/** S3 Inventory's encryption status names, used by `--only` and by Batch Operations' manifest filters. */
export type EncryptionStatus = 'NOT-SSE' | ServerSideMode;
export const ENCRYPTION_STATUSES: readonly EncryptionStatus[] = ['NOT-SSE', ...SERVER_SIDE_MODES];

export function targetAsSseChoice(target: ReencryptTarget): SseChoice {
  if (target.mode === 'SSE-S3') return { mode: 'SSE-S3' };
  return {
    mode: 'SSE-KMS',
    ...(target.keyId ? { keyId: target.keyId } : {}),
    ...(target.bucketKey !== undefined ? { bucketKey: target.bucketKey } : {}),
  };
}

/** UpdateObjectEncryption and S3UpdateObjectEncryption take only a full key ARN (no alias, no bare key id). */
export function isFullKmsKeyArn(keyId: string | undefined): keyId is string {
  return !!keyId && /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/.test(keyId);
}

/** Key ids may be given as a bare id, an alias or an ARN; HEAD reports the ARN (AWS) or the id (RGW). */
export function sameKmsKey(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  return a === b || b.endsWith(`/${a}`) || a.endsWith(`/${b}`);
}

/** Directory buckets (S3 Express One Zone) are named `name--zone-id--x-s3`. */
export function isDirectoryBucket(bucket: string): boolean {
  return bucket.endsWith('--x-s3');
}

export function describeTarget(target: ReencryptTarget): string {
  if (target.mode === 'SSE-S3') return 'SSE-S3';
  return `SSE-KMS${target.keyId ? ` (${target.keyId})` : ' (AWS managed key)'}${target.bucketKey ? ' with a Bucket Key' : ''}`;
}
