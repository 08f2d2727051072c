// ServerSideEncryption values S3 accepts, and the mechanical correction for the ones it rejects.
import type { Value } from './types';

export const VALID_SSE_VALUES = ['AES256', 'aws:kms', 'aws:kms:dsse'] as const;
export type SseValue = (typeof VALID_SSE_VALUES)[number];

/** Maps a rejected spelling to the value the author meant, or undefined when we cannot tell. */
export function correctSseValue(value: string): SseValue | undefined {
  const k = value.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (k === 'aes256' || k === 'aes' || k === 'sses3' || k === 's3') return 'AES256';
  if (k === 'awskms' || k === 'kms' || k === 'ssekms') return 'aws:kms';
  if (k === 'awskmsdsse' || k === 'dsse' || k === 'kmsdsse' || k === 'dssekms') return 'aws:kms:dsse';
  return undefined;
}

/** The SSE algorithm a value selects: 'AES256' | 'aws:kms' | 'aws:kms:dsse', 'invalid', or undefined if unknown. */
export function sseAlgorithmOf(v: Value): SseValue | 'invalid' | undefined {
  if (v.str !== undefined) return (VALID_SSE_VALUES as readonly string[]).includes(v.str) ? (v.str as SseValue) : 'invalid';
  if (v.enumName) {
    // Only the SDKs' own member names: `ServerSideEncryption.AWS_KMS`, Go's `types.ServerSideEncryptionAwsKms`.
    const member = (v.enumName.split('.').pop() ?? '').toLowerCase().replace(/[^a-z0-9]/g, '').replace(/^serversideencryption/, '');
    if (member === 'aes256' || member === 'aes256serversideencryption') return 'AES256';
    if (member === 'awskms') return 'aws:kms';
    if (member === 'awskmsdsse') return 'aws:kms:dsse';
  }
  return undefined;
}

export function isKms(alg: string | undefined): boolean {
  return alg === 'aws:kms' || alg === 'aws:kms:dsse';
}
