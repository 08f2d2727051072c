// The named keys a user keeps in the key store. Only the material of SSE-C/AES/RSA keys is secret; a KMS key
// reference is just an id. The store itself (SecretStorage in VS Code) lives in the adapter; this file holds
// the shapes and the lookups both the extension and tests share.
import { keyMd5 } from './key-material';

export type KeyKind = 'sse-c' | 'cse-aes' | 'rsa-private' | 'kms-ref';

export interface KeyEntryInfo {
  name: string;
  kind: KeyKind;
  /** Base64 MD5 of an SSE-C / AES key: how an SSE-C object's key is recognised without asking. */
  md5?: string;
  /** KMS key id, ARN or alias, for kind `kms-ref`. */
  kmsKeyId?: string;
  /** Region of a KMS key reference, when it differs from the connection's. */
  kmsRegion?: string;
  createdAt: string;
}

export const KEY_KIND_LABELS: Record<KeyKind, string> = {
  'sse-c': 'SSE-C key',
  'cse-aes': 'CSE AES key',
  'rsa-private': 'RSA private key (PEM)',
  'kms-ref': 'KMS key reference',
};

export function describeKeyEntry(info: KeyEntryInfo, material?: Buffer): KeyEntryInfo {
  if ((info.kind === 'sse-c' || info.kind === 'cse-aes') && material) return { ...info, md5: keyMd5(material) };
  return info;
}

export function findByMd5(entries: readonly KeyEntryInfo[], md5: string): KeyEntryInfo | undefined {
  return entries.find((e) => (e.kind === 'sse-c' || e.kind === 'cse-aes') && e.md5 === md5);
}

export function validateKeyName(name: string, existing: readonly KeyEntryInfo[], ignore?: string): string | undefined {
  const trimmed = name.trim();
  if (!trimmed) return 'A key needs a name.';
  if (!/^[\w .@:/+-]{1,80}$/.test(trimmed)) return 'Use letters, digits, spaces and . _ - @ : / + (at most 80).';
  if (existing.some((e) => e.name === trimmed && e.name !== ignore)) return `A key named "${trimmed}" already exists.`;
  return undefined;
}

/** PEM private keys only; the check is structural, node:crypto validates the key itself on use. */
export function looksLikePemPrivateKey(text: string): boolean {
  return /-----BEGIN (RSA |ENCRYPTED )?PRIVATE KEY-----[\s\S]+-----END (RSA |ENCRYPTED )?PRIVATE KEY-----/.test(text);
}
