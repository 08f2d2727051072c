// Bucket-level encryption actions: default encryption (SSE-S3 / SSE-KMS / DSSE-KMS, bucket key), blocking
// SSE-C (PutBucketEncryption BlockedEncryptionTypes), and a TLS-only bucket policy merged into the existing one.
import {
  GetBucketEncryptionCommand,
  GetBucketPolicyCommand,
  PutBucketEncryptionCommand,
  PutBucketPolicyCommand,
  type S3Client,
  type ServerSideEncryptionRule,
} from '@aws-sdk/client-s3';
import { isKmsMode, MODES, sseHeaderFor, type HeaderMode, type KmsMode } from '../encryption/modes';
import { s3ErrorCode } from './errors';
import { encryptionConfigDiff, rulesBlockSseC, withSseCBlock } from './sse-c-block';

/** A bucket default: any mode S3 selects by header (the mode table's), with a KMS key where one applies. */
export type DefaultEncryption =
  { mode: Exclude<HeaderMode, KmsMode> } | { mode: KmsMode; keyId?: string; bucketKey?: boolean };

export function defaultEncryptionRule(choice: DefaultEncryption): ServerSideEncryptionRule {
  const SSEAlgorithm = sseHeaderFor(choice.mode);
  if (!isKmsDefault(choice)) return { ApplyServerSideEncryptionByDefault: { SSEAlgorithm } };
  return {
    ApplyServerSideEncryptionByDefault: { SSEAlgorithm, ...(choice.keyId ? { KMSMasterKeyID: choice.keyId } : {}) },
    ...(MODES[choice.mode].bucketKey ? { BucketKeyEnabled: choice.bucketKey ?? false } : {}),
  };
}

function isKmsDefault(choice: DefaultEncryption): choice is Extract<DefaultEncryption, { mode: KmsMode }> {
  return isKmsMode(choice.mode);
}

/** Sets the default; an SSE-C block already on the bucket is kept. */
export async function setDefaultEncryption(
  client: S3Client,
  bucket: string,
  choice: DefaultEncryption,
): Promise<ServerSideEncryptionRule> {
  const current = await currentRule(client, bucket);
  const rule: ServerSideEncryptionRule = {
    ...defaultEncryptionRule(choice),
    ...(current?.BlockedEncryptionTypes ? { BlockedEncryptionTypes: current.BlockedEncryptionTypes } : {}),
  };
  await client.send(
    new PutBucketEncryptionCommand({ Bucket: bucket, ServerSideEncryptionConfiguration: { Rules: [rule] } }),
  );
  return rule;
}

/** Blocks SSE-C uploads, keeping the bucket's default encryption (SSE-S3, S3's own default, when none is set). */
export async function blockSseC(client: S3Client, bucket: string): Promise<ServerSideEncryptionRule> {
  const current = (await currentRule(client, bucket)) ?? defaultEncryptionRule({ mode: 'SSE-S3' });
  const rule: ServerSideEncryptionRule = { ...current, BlockedEncryptionTypes: { EncryptionType: ['SSE-C'] } };
  await client.send(
    new PutBucketEncryptionCommand({ Bucket: bucket, ServerSideEncryptionConfiguration: { Rules: [rule] } }),
  );
  return rule;
}

async function currentRule(client: S3Client, bucket: string): Promise<ServerSideEncryptionRule | undefined> {
  try {
    const out = await client.send(new GetBucketEncryptionCommand({ Bucket: bucket }));
    return out.ServerSideEncryptionConfiguration?.Rules?.[0];
  } catch (err) {
    if (s3ErrorCode(err) === 'ServerSideEncryptionConfigurationNotFoundError') return undefined;
    throw err;
  }
}

export { mergeTlsRequirement, TLS_STATEMENT_SID, type PolicyChange } from '../encryption/bucket-policy';

export async function readBucketPolicy(client: S3Client, bucket: string): Promise<string | undefined> {
  try {
    return (await client.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy;
  } catch (err) {
    if (s3ErrorCode(err) === 'NoSuchBucketPolicy') return undefined;
    throw err;
  }
}

export async function applyBucketPolicy(client: S3Client, bucket: string, policyJson: string): Promise<void> {
  await client.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policyJson }));
}

export interface SseCBlockChange {
  before?: ServerSideEncryptionRule;
  after: ServerSideEncryptionRule;
  /** The encryption configuration before → after, shown before anything is applied. */
  diff: string;
  /** Already in the asked state: nothing to apply. */
  unchanged: boolean;
}

/** What "Block SSE-C" / "Unblock SSE-C" would change, read from the bucket and not yet applied. */
export async function planSseCBlockChange(client: S3Client, bucket: string, block: boolean): Promise<SseCBlockChange> {
  const before = await currentRule(client, bucket);
  const after = withSseCBlock(before, block);
  return {
    before,
    after,
    diff: encryptionConfigDiff(before, after),
    unchanged: rulesBlockSseC(before ? [before] : []) === block && before !== undefined,
  };
}

export async function applySseCBlockChange(client: S3Client, bucket: string, change: SseCBlockChange): Promise<void> {
  await client.send(
    new PutBucketEncryptionCommand({ Bucket: bucket, ServerSideEncryptionConfiguration: { Rules: [change.after] } }),
  );
}
