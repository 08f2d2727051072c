// "Edit and re-encrypt" must never silently swap an object's KMS key: the AWS Toolkit replaces it with the
// bucket default on save. Here a missing key id keeps the object's current key, and moving away from it
// (bucket default, or another key) needs an explicit opt-in.
import type { HeadObjectCommandOutput } from '@aws-sdk/client-s3';
import { isKmsHeader } from '../encryption/modes';
import { optionHint } from '../errors';
import { KmsKeyWouldChangeError } from './errors';
import { isKmsChoice, type SseChoice } from './sse-params';

export function guardKmsKey(
  head: HeadObjectCommandOutput,
  target: SseChoice,
  allowChange: boolean,
  where: string,
): SseChoice {
  const currentKey = isKmsHeader(head.ServerSideEncryption) ? head.SSEKMSKeyId : undefined;
  if (!currentKey) return target;
  if (isKmsChoice(target) && !target.keyId) return { ...target, keyId: currentKey };
  // An explicit switch to a mode without KMS (SSE-S3, SSE-C) is the user's visible choice, not a silent swap.
  if (allowChange || (target.mode !== 'bucket-default' && !isKmsChoice(target))) return target;
  if (isKmsChoice(target) && sameKmsKey(target.keyId, currentKey)) return target;
  const to = isKmsChoice(target) ? `KMS key ${target.keyId}` : "the bucket's default encryption";
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
