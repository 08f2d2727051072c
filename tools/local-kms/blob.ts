// The local KMS's ciphertext blob, exactly as test/fixtures/vectors/README.md defines it, so the KMS-wrapped test
// vectors open here:  iv(12) || AES-256-GCM(master, dataKey, AAD = canonical context JSON) || tag(16).
// The blob does not name its key: any key the server accepts opens any blob.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const IV_LEN = 12;
const TAG_LEN = 16;

export type EncryptionContext = Record<string, string>;

export class BlobAuthError extends Error {
  override readonly name = 'BlobAuthError';
}

/** Compact JSON with keys sorted by code point; `{}` for an empty or absent context. */
export function canonicalContext(ctx: EncryptionContext | undefined): Buffer {
  const keys = Object.keys(ctx ?? {}).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const sorted: EncryptionContext = {};
  for (const k of keys) sorted[k] = (ctx as EncryptionContext)[k];
  return Buffer.from(JSON.stringify(sorted), 'utf8');
}

export function sealBlob(master: Buffer, plaintext: Buffer, ctx?: EncryptionContext): Buffer {
  const iv = randomBytes(IV_LEN);
  const cipher = createCipheriv('aes-256-gcm', master, iv, { authTagLength: TAG_LEN });
  cipher.setAAD(canonicalContext(ctx));
  return Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

/** Throws BlobAuthError when the blob is malformed, was sealed under another master key or context. */
export function openBlob(master: Buffer, blob: Buffer, ctx?: EncryptionContext): Buffer {
  if (blob.length < IV_LEN + TAG_LEN) throw new BlobAuthError('Ciphertext blob is too short');
  const decipher = createDecipheriv('aes-256-gcm', master, blob.subarray(0, IV_LEN), { authTagLength: TAG_LEN });
  decipher.setAAD(canonicalContext(ctx));
  decipher.setAuthTag(blob.subarray(blob.length - TAG_LEN));
  try {
    return Buffer.concat([decipher.update(blob.subarray(IV_LEN, blob.length - TAG_LEN)), decipher.final()]);
  } catch {
    throw new BlobAuthError('Ciphertext blob does not authenticate under this key and encryption context');
  }
}
