// ServerSideEncryption values S3 accepts, and the mechanical correction for the ones it rejects; both from
// the mode table.
import {
  headerForEnumMember,
  headerForLooseSpelling,
  isKmsHeader,
  isSseHeaderValue,
  SSE_HEADER_VALUES,
  type SseHeaderValue,
} from '../encryption/modes';
import type { Value } from './types';

export const VALID_SSE_VALUES: readonly SseHeaderValue[] = SSE_HEADER_VALUES;
export type SseValue = SseHeaderValue;

/** Maps a rejected spelling to the value the author meant, or undefined when we cannot tell. */
export function correctSseValue(value: string): SseValue | undefined {
  return headerForLooseSpelling(value);
}

/** The SSE algorithm a value selects (an S3 header value), 'invalid', or undefined if unknown. */
export function sseAlgorithmOf(v: Value): SseValue | 'invalid' | undefined {
  if (v.str !== undefined) return isSseHeaderValue(v.str) ? v.str : 'invalid';
  // Only the SDKs' own member names: `ServerSideEncryption.AWS_KMS`, Go's `types.ServerSideEncryptionAwsKms`.
  if (v.enumName) return headerForEnumMember(v.enumName.split('.').pop() ?? '');
  return undefined;
}

export const isKms = isKmsHeader;

/** CDK's `BucketEncryption` members (`KMS`, `KMS_MANAGED`, `S3_MANAGED`, `DSSE`, ...) → the S3 value each selects. */
export function cdkBucketEncryptionValue(member: string): SseValue | undefined {
  return headerForLooseSpelling(member.replace(/_MANAGED$/, ''));
}
