// "Edit and re-encrypt" must never silently swap an object's KMS key: the AWS Toolkit replaces it with the
// bucket default on save. Here a missing key id keeps the object's current key, and moving away from it
// (bucket default, or another key) needs an explicit opt-in.
import { optionHint } from '../errors';
import type { HeadObjectCommandOutput } from '@aws-sdk/client-s3';
import { KmsKeyWouldChangeError } from './errors';
import type { SseChoice } from './sse-params';

export function guardKmsKey(head: HeadObjectCommandOutput, target: SseChoice, allowChange: boolean, where: string): SseChoice {
  const isKms = head.ServerSideEncryption === 'aws:kms' || head.ServerSideEncryption === 'aws:kms:dsse';
  const currentKey = isKms ? head.SSEKMSKeyId : undefined;
  if (!currentKey) return target;
  if ((target.mode === 'SSE-KMS' || target.mode === 'DSSE-KMS') && !target.keyId) {
    return { ...target, keyId: currentKey };
  }
  // An explicit switch to another mode (SSE-S3, SSE-C) is the user's visible choice, not a silent swap.
  if (allowChange || target.mode === 'SSE-S3' || target.mode === 'SSE-C') return target;
  const sameKey = (target.mode === 'SSE-KMS' || target.mode === 'DSSE-KMS') && sameKmsKey(target.keyId, currentKey);
  if (sameKey) return target;
  const to = target.mode === 'bucket-default' ? "the bucket's default encryption" : `KMS key ${target.keyId}`;
  throw new KmsKeyWouldChangeError(
    `${where} is encrypted with KMS key ${currentKey}; this would replace it with ${to}. ` +
      `Pick that key again to keep it, or confirm the change explicitly.`,
    { hint: optionHint('allowKmsKeyChange') },
  );
}

/** Key ids may be given as a bare id while HEAD returns the full ARN. */
function sameKmsKey(a: string | undefined, b: string): boolean {
  if (!a) return false;
  return a === b || b.endsWith(`/${a}`) || a.endsWith(`/${b}`);
}
