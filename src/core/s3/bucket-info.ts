// A bucket's encryption posture: its default encryption (GetBucketEncryption) and what its policy denies
// (GetBucketPolicy). Either part can be "unknown" (access denied, unsupported by the service) without
// hiding the other.
import { GetBucketEncryptionCommand, GetBucketPolicyCommand, type S3Client } from '@aws-sdk/client-s3';
import { readPolicy, type PolicyReading } from '../encryption/bucket-policy';
import { isKmsMode, modeForSseHeader, type HeaderMode } from '../encryption/modes';
import { rulesBlockSseC } from '../transfer/sse-c-block';
import { toS3Fault, type S3Fault } from './faults';
import { shortKmsKeyId } from './object-encryption';

export interface DefaultEncryption {
  mode: 'none' | HeaderMode | 'unknown';
  kmsKeyId?: string;
  bucketKeyEnabled?: boolean;
  /** BlockedEncryptionTypes names SSE-C: SSE-C writes get 403 (S3's default for new buckets since April 2026). */
  sseCBlocked?: boolean;
  /** Why the mode is unknown. */
  reason?: string;
  /**
   * The endpoint answered without saying (NotImplemented, or a configuration with no rule, which AWS never
   * sends): mode is "unknown", and the UI says "not reported by this endpoint" rather than "none".
   */
  notReported?: boolean;
}

const NOT_REPORTED: DefaultEncryption = {
  mode: 'unknown',
  notReported: true,
  reason: 'this endpoint does not report default encryption',
};

export type PolicyInfo =
  | ({ status: 'policy' } & Pick<
      PolicyReading,
      'deniesInsecureTransport' | 'deniesUnencryptedUploads' | 'requiredEncryption' | 'uploadRequirements'
    >)
  | { status: 'no-policy' }
  | { status: 'unknown'; reason: string };

export interface BucketEncryptionInfo {
  defaultEncryption: DefaultEncryption;
  policy: PolicyInfo;
  /** Faults met while reading, for the tree's error children. */
  faults: S3Fault[];
}

interface FaultHints {
  profile?: string;
  endpoint?: string;
}

function errorName(err: unknown): string {
  const e = err as { name?: string; Code?: string };
  return e?.Code ?? e?.name ?? '';
}

export async function getDefaultEncryption(
  client: S3Client,
  bucket: string,
  hints: FaultHints = {},
): Promise<{ value: DefaultEncryption; fault?: S3Fault }> {
  try {
    const out = await client.send(new GetBucketEncryptionCommand({ Bucket: bucket }));
    const rules = out.ServerSideEncryptionConfiguration?.Rules;
    const rule = rules?.[0];
    const blocked = rulesBlockSseC(rules) ? { sseCBlocked: true } : {};
    const byDefault = rule?.ApplyServerSideEncryptionByDefault;
    // AWS answers "no configuration" with a 404; an empty 200 (Ceph RGW) tells nothing either way.
    if (!byDefault?.SSEAlgorithm) return { value: { ...NOT_REPORTED, ...blocked } };
    const bucketKeyEnabled = rule?.BucketKeyEnabled ?? false;
    const mode = modeForSseHeader(byDefault.SSEAlgorithm);
    if (!mode)
      return { value: { mode: 'unknown', reason: `unrecognised algorithm ${byDefault.SSEAlgorithm}`, ...blocked } };
    if (mode === 'SSE-S3') return { value: { mode, bucketKeyEnabled, ...blocked } };
    return { value: { mode, kmsKeyId: byDefault.KMSMasterKeyID ?? 'aws/s3', bucketKeyEnabled, ...blocked } };
  } catch (err) {
    const name = errorName(err);
    if (name === 'ServerSideEncryptionConfigurationNotFoundError') return { value: { mode: 'none' } };
    if (name === 'NotImplemented' || name === 'MethodNotAllowed') {
      return { value: { ...NOT_REPORTED } };
    }
    const fault = toS3Fault(err, { operation: 'GetBucketEncryption', bucket, ...hints });
    return { value: { mode: 'unknown', reason: fault.message }, fault };
  }
}

export async function getPolicyInfo(
  client: S3Client,
  bucket: string,
  hints: FaultHints = {},
): Promise<{ value: PolicyInfo; fault?: S3Fault }> {
  try {
    const out = await client.send(new GetBucketPolicyCommand({ Bucket: bucket }));
    if (!out.Policy) return { value: { status: 'no-policy' } };
    try {
      const { deniesInsecureTransport, deniesUnencryptedUploads, requiredEncryption, uploadRequirements } = readPolicy(
        out.Policy,
      );
      return {
        value: {
          status: 'policy',
          deniesInsecureTransport,
          deniesUnencryptedUploads,
          uploadRequirements,
          ...(requiredEncryption ? { requiredEncryption } : {}),
        },
      };
    } catch (err) {
      return { value: { status: 'unknown', reason: (err as Error).message } };
    }
  } catch (err) {
    const name = errorName(err);
    if (name === 'NoSuchBucketPolicy') return { value: { status: 'no-policy' } };
    if (name === 'NotImplemented')
      return { value: { status: 'unknown', reason: 'this service does not support bucket policies' } };
    const fault = toS3Fault(err, { operation: 'GetBucketPolicy', bucket, ...hints });
    return { value: { status: 'unknown', reason: fault.message }, fault };
  }
}

export async function getBucketEncryptionInfo(
  client: S3Client,
  bucket: string,
  hints: FaultHints = {},
): Promise<BucketEncryptionInfo> {
  const [enc, policy] = await Promise.all([
    getDefaultEncryption(client, bucket, hints),
    getPolicyInfo(client, bucket, hints),
  ]);
  return {
    defaultEncryption: enc.value,
    policy: policy.value,
    faults: [enc.fault, policy.fault].filter((f): f is S3Fault => f !== undefined),
  };
}

export function describeDefaultEncryption(enc: DefaultEncryption): string {
  if (enc.mode === 'none') return 'no default encryption';
  if (enc.mode === 'unknown')
    return enc.notReported ? 'default encryption not reported by this endpoint' : 'default encryption unknown';
  const key = isKmsMode(enc.mode) ? ` ${shortKmsKeyId(enc.kmsKeyId ?? 'aws/s3')}` : '';
  return `${enc.mode}${key}${enc.bucketKeyEnabled ? ' +bucket key' : ''}`;
}
