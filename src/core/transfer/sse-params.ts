// Builds the SSE request parameters for each mode. "Bucket default" sends no SSE header at all, so a bucket's
// customer-managed-key default applies (an explicit AES256/aws:kms header would override it).
import {
  isKmsMode,
  MODES,
  sseHeaderFor,
  type HeaderMode,
  type KmsMode,
  type SseHeaderValue,
} from '../encryption/modes';
import { keyMd5 } from '../keys/key-material';
import { InvalidTransferArgumentError } from './errors';

/** What a write asks S3 for; every server-side mode S3 selects by header comes from the mode table. */
export type SseChoice =
  | { mode: 'bucket-default' }
  | { mode: Exclude<HeaderMode, KmsMode> }
  | { mode: KmsMode; keyId?: string; context?: Record<string, string>; bucketKey?: boolean }
  | { mode: 'SSE-C'; key: Buffer };

export type SseMode = SseChoice['mode'];
export type KmsChoice = Extract<SseChoice, { mode: KmsMode }>;

export function isKmsChoice(choice: SseChoice): choice is KmsChoice {
  return isKmsMode(choice.mode);
}

/** The SSE fields of PutObject / CreateMultipartUpload / CopyObject (destination side). */
export interface SseWriteParams {
  ServerSideEncryption?: SseHeaderValue;
  SSEKMSKeyId?: string;
  SSEKMSEncryptionContext?: string;
  BucketKeyEnabled?: boolean;
  SSECustomerAlgorithm?: string;
  SSECustomerKey?: string;
  SSECustomerKeyMD5?: string;
}

/** The SSE-C fields of GetObject / HeadObject / UploadPart. */
export interface SseCReadParams {
  SSECustomerAlgorithm?: string;
  SSECustomerKey?: string;
  SSECustomerKeyMD5?: string;
}

export function sseWriteParams(choice: SseChoice): SseWriteParams {
  if (choice.mode === 'bucket-default') return {};
  if (choice.mode === 'SSE-C') return sseCParams(choice.key);
  const params: SseWriteParams = { ServerSideEncryption: sseHeaderFor(choice.mode) };
  if (!isKmsChoice(choice)) return params;
  return {
    ...params,
    ...(choice.keyId ? { SSEKMSKeyId: choice.keyId } : {}),
    ...(choice.context ? { SSEKMSEncryptionContext: encodeKmsContext(choice.context) } : {}),
    ...(MODES[choice.mode].bucketKey && choice.bucketKey !== undefined ? { BucketKeyEnabled: choice.bucketKey } : {}),
  };
}

/** Key headers for SSE-C. The SDK also computes the MD5; we set it so both sides agree on what was sent. */
export function sseCParams(key: Buffer | undefined): SseCReadParams {
  if (!key) return {};
  if (key.length !== 32) throw new InvalidTransferArgumentError(`An SSE-C key must be 32 bytes; got ${key.length}.`);
  return { SSECustomerAlgorithm: 'AES256', SSECustomerKey: key.toString('base64'), SSECustomerKeyMD5: keyMd5(key) };
}

/** CopyObject / UploadPartCopy source-side SSE-C headers. */
export function copySourceSseCParams(key: Buffer | undefined): {
  CopySourceSSECustomerAlgorithm?: string;
  CopySourceSSECustomerKey?: string;
  CopySourceSSECustomerKeyMD5?: string;
} {
  const p = sseCParams(key);
  if (!p.SSECustomerKey) return {};
  return {
    CopySourceSSECustomerAlgorithm: p.SSECustomerAlgorithm,
    CopySourceSSECustomerKey: p.SSECustomerKey,
    CopySourceSSECustomerKeyMD5: p.SSECustomerKeyMD5,
  };
}

export function encodeKmsContext(context: Record<string, string>): string {
  return Buffer.from(JSON.stringify(context), 'utf8').toString('base64');
}

/** Parses `--sse-kms-context` / the UI's context field: JSON object of strings. */
export function parseKmsContext(text: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InvalidTransferArgumentError(`The KMS encryption context must be a JSON object, e.g. {"project":"x"}.`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InvalidTransferArgumentError(`The KMS encryption context must be a JSON object of string values.`);
  }
  for (const [k, v] of Object.entries(parsed)) {
    if (typeof v !== 'string')
      throw new InvalidTransferArgumentError(`Encryption context value of "${k}" must be a string.`);
  }
  return parsed as Record<string, string>;
}

export function describeSseChoice(choice: SseChoice): string {
  if (choice.mode === 'bucket-default') return 'bucket default (no SSE header)';
  if (choice.mode === 'SSE-C') return `SSE-C (key MD5 ${keyMd5(choice.key)})`;
  if (isKmsChoice(choice)) return `${choice.mode}${choice.keyId ? ` (${choice.keyId})` : ' (AWS managed key)'}`;
  return choice.mode;
}
