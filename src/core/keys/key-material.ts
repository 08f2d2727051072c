// Symmetric key material (SSE-C keys, CSE AES keys) as users hand it to us: a file of raw bytes, base64 or hex.
// The format is detected so "import this key file" just works; a wrong size is a clear error, never a
// silently truncated or padded key. Error messages never contain the key bytes.
import { createHash, randomBytes } from 'node:crypto';
import { S3encError } from '../errors';

export const AES256_KEY_BYTES = 32;

export type KeyEncoding = 'raw' | 'base64' | 'hex';

/** A key file or key text that holds no usable key (wrong size, not raw/base64/hex). */
export class KeyMaterialError extends S3encError {
  override readonly name = 'InvalidKeyMaterial';
}

export interface ParsedKey {
  key: Buffer;
  encoding: KeyEncoding;
}

/**
 * Accepts exactly 32 raw bytes, or text holding 32 bytes in base64 (44 chars with padding) or hex (64 chars).
 * Surrounding whitespace and a trailing newline in text files are ignored.
 */
export function parseAes256Key(input: Buffer, source = 'the key'): ParsedKey {
  // 32 bytes that are all base64/hex characters are text of a too-short key (e.g. a 16-byte key in hex),
  // not raw bytes: random key bytes are practically never all printable.
  const printable = /^[\x20-\x7e\r\n\t]*$/.test(input.toString('latin1'));
  if (input.length === AES256_KEY_BYTES && !printable) {
    return { key: Buffer.from(input), encoding: 'raw' };
  }
  const text = input.toString('latin1').trim();
  if (/^[0-9a-fA-F]+$/.test(text) && text.length % 2 === 0) {
    return sized(Buffer.from(text, 'hex'), 'hex', source, text.length);
  }
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) {
    return sized(Buffer.from(text, 'base64'), 'base64', source, text.length);
  }
  throw new KeyMaterialError(
    `${source} is ${input.length} bytes and neither raw key bytes, base64 nor hex. ` +
      `An AES-256 key is exactly ${AES256_KEY_BYTES} raw bytes, 44 base64 characters or 64 hex digits.`,
  );
}

function sized(key: Buffer, encoding: KeyEncoding, source: string, chars: number): ParsedKey {
  if (key.length !== AES256_KEY_BYTES) {
    throw new KeyMaterialError(
      `${source} looks like ${encoding} (${chars} characters) but decodes to ${key.length} bytes; ` +
        `an AES-256 key must be ${AES256_KEY_BYTES} bytes (44 base64 characters or 64 hex digits).`,
    );
  }
  return { key, encoding };
}

export function generateAes256Key(): Buffer {
  return randomBytes(AES256_KEY_BYTES);
}

/** Base64 MD5 of the key, as S3 sends it in x-amz-server-side-encryption-customer-key-MD5. Safe to show. */
export function keyMd5(key: Buffer): string {
  return createHash('md5').update(key).digest('base64');
}
