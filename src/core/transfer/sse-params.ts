// Builds the SSE request parameters for each mode. "Bucket default" sends no SSE header at all, so a bucket's
// customer-managed-key default applies (an explicit AES256/aws:kms header would override it).
import { keyMd5 } from '../keys/key-material';
import { InvalidTransferArgumentError } from './errors';

export type SseChoice =
  | { mode: 'bucket-default' }
  | { mode: 'SSE-S3' }
  | { mode: 'SSE-KMS'; keyId?: string; context?: Record<string, string>; bucketKey?: boolean }
  | { mode: 'DSSE-KMS'; keyId?: string; context?: Record<string, string> }
  | { mode: 'SSE-C'; key: Buffer };

export type SseMode = SseChoice['mode'];

/** The SSE fields of PutObject / CreateMultipartUpload / CopyObject (destination side). */
export interface SseWriteParams {
  ServerSideEncryption?: 'AES256' | 'aws:kms' | 'aws:kms:dsse';
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
  switch (choice.mode) {
    case 'bucket-default':
      return {};
    case 'SSE-S3':
      return { ServerSideEncryption: 'AES256' };
    case 'SSE-KMS':
      return {
        ServerSideEncryption: 'aws:kms',
        ...(choice.keyId ? { SSEKMSKeyId: choice.keyId } : {}),
        ...(choice.context ? { SSEKMSEncryptionContext: encodeKmsContext(choice.context) } : {}),
        ...(choice.bucketKey !== undefined ? { BucketKeyEnabled: choice.bucketKey } : {}),
      };
    case 'DSSE-KMS':
      return {
        ServerSideEncryption: 'aws:kms:dsse',
        ...(choice.keyId ? { SSEKMSKeyId: choice.keyId } : {}),
        ...(choice.context ? { SSEKMSEncryptionContext: encodeKmsContext(choice.context) } : {}),
      };
    case 'SSE-C':
      return sseCParams(choice.key);
  }
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
    if (typeof v !== 'string') throw new InvalidTransferArgumentError(`Encryption context value of "${k}" must be a string.`);
  }
  return parsed as Record<string, string>;
}

export function describeSseChoice(choice: SseChoice): string {
  switch (choice.mode) {
    case 'bucket-default':
      return 'bucket default (no SSE header)';
    case 'SSE-KMS':
    case 'DSSE-KMS':
      return `${choice.mode}${choice.keyId ? ` (${choice.keyId})` : ' (AWS managed key)'}`;
    case 'SSE-C':
      return `SSE-C (key MD5 ${keyMd5(choice.key)})`;
    default:
      return choice.mode;
  }
}
