// The cheapest correct way to bring one object to the target encryption (pure: no network).
// 1. UpdateObjectEncryption: no data moves; target SSE-KMS with a full key ARN, source SSE-S3 or SSE-KMS,
//    no Object Lock, a general purpose bucket, and an endpoint that implements it.
// 2. In-place CopyObject with the new SSE settings (metadata, content type, tags, storage class restated).
// 3. Download and re-upload through this process: client-side encrypted sources, SSE-C sources with their key.
// Otherwise the object is skipped, with the reason the user sees.
import type { ObjectFacts } from './object-facts';
import { isDirectoryBucket, isFullKmsKeyArn, sameKmsKey, type ReencryptTarget } from './target';

export type ReencryptMethod = 'update' | 'copy' | 'rewrite';

export type SkipReason =
  | 'already-in-target'
  | 'other-kms-key'
  | 'sse-c-without-key'
  | 'cse-without-key'
  | 'object-lock'
  | 'unknown-encryption'
  | 'filtered-out';

export type MethodChoice =
  { method: ReencryptMethod; why: string } | { method: 'skip'; reason: SkipReason; why: string };

export interface ChoiceContext {
  bucket: string;
  allowKmsKeyChange: boolean;
  /** The user gave keys that open client-side encrypted objects. */
  haveCseKeys: boolean;
  /** Whether this endpoint implements UpdateObjectEncryption: unknown until probed (then assumed usable). */
  updateSupported: boolean | 'unknown';
}

export function chooseMethod(obj: ObjectFacts, target: ReencryptTarget, ctx: ChoiceContext): MethodChoice {
  if (obj.mode === 'unknown')
    return { method: 'skip', reason: 'unknown-encryption', why: obj.note ?? 'its encryption could not be read' };
  if (obj.objectLocked)
    return {
      method: 'skip',
      reason: 'object-lock',
      why: 'protected by Object Lock (retention or legal hold); remove it first',
    };
  if (obj.mode === 'SSE-C' && !obj.sseCKeyMatches) {
    return { method: 'skip', reason: 'sse-c-without-key', why: obj.note ?? 'SSE-C: its key is needed to read it' };
  }
  const cse = obj.mode.startsWith('CSE');
  if (cse && !ctx.haveCseKeys)
    return { method: 'skip', reason: 'cse-without-key', why: 'client-side encrypted: its key is needed to decrypt it' };
  if (!cse && alreadyInTarget(obj, target))
    return { method: 'skip', reason: 'already-in-target', why: 'already in the target encryption' };
  if (
    obj.mode === 'SSE-KMS' &&
    target.mode === 'SSE-KMS' &&
    target.keyId &&
    !sameKmsKey(obj.kmsKeyId, target.keyId) &&
    !ctx.allowKmsKeyChange
  ) {
    return {
      method: 'skip',
      reason: 'other-kms-key',
      why: `encrypted under another KMS key (${obj.kmsKeyId ?? 'unknown'}); allow KMS key changes to move it`,
    };
  }
  if (cse)
    return { method: 'rewrite', why: 'client-side encrypted: decrypted here and uploaded with server-side encryption' };
  if (obj.mode === 'SSE-C') return { method: 'rewrite', why: 'SSE-C: read with its key and uploaded again' };
  const updateBlocker = updateIneligibility(obj, target, ctx);
  if (!updateBlocker) return { method: 'update', why: 'UpdateObjectEncryption: no data is copied' };
  return { method: 'copy', why: `in-place copy (${updateBlocker})` };
}

/** Why UpdateObjectEncryption cannot be used, or undefined when it can. */
export function updateIneligibility(
  obj: Pick<ObjectFacts, 'mode' | 'objectLocked'>,
  target: ReencryptTarget,
  ctx: Pick<ChoiceContext, 'bucket' | 'updateSupported'>,
): string | undefined {
  if (target.mode !== 'SSE-KMS') return 'UpdateObjectEncryption only targets SSE-KMS';
  if (obj.mode !== 'SSE-S3' && obj.mode !== 'SSE-KMS')
    return `UpdateObjectEncryption needs an SSE-S3 or SSE-KMS source, not ${obj.mode === 'none' ? 'an unencrypted one' : obj.mode}`;
  if (!isFullKmsKeyArn(target.keyId)) return 'UpdateObjectEncryption needs a full KMS key ARN (no alias or bare id)';
  if (obj.objectLocked) return 'Object Lock blocks UpdateObjectEncryption';
  if (isDirectoryBucket(ctx.bucket)) return 'directory buckets do not support UpdateObjectEncryption';
  if (ctx.updateSupported === false) return 'this endpoint does not implement UpdateObjectEncryption';
  return undefined;
}

function alreadyInTarget(obj: ObjectFacts, target: ReencryptTarget): boolean {
  if (target.mode === 'SSE-S3') return obj.mode === 'SSE-S3';
  if (obj.mode !== 'SSE-KMS') return false;
  if (target.keyId && !sameKmsKey(obj.kmsKeyId, target.keyId)) return false;
  // Asking for a Bucket Key on an object without one is a change UpdateObjectEncryption (or a copy) makes.
  if (target.bucketKey !== undefined && (obj.bucketKeyEnabled ?? false) !== target.bucketKey) return false;
  return true;
}
