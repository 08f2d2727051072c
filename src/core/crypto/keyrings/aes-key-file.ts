// Reads an AES key file written as hex, base64 or raw bytes, and tells which it was. Anything else is
// InvalidKeyMaterial, the same typed error as an unusable SSE-C key (a file that holds no key is not a wrong key).
import { KeyMaterialError } from '../../keys/key-material';

const SIZES = [16, 24, 32];

export function parseAesKeyFile(
  content: Uint8Array,
  source = 'the AES key file',
): { key: Buffer; encoding: 'hex' | 'base64' | 'raw' } {
  const bytes = Buffer.from(content);
  const text = bytes.toString('latin1').trim();
  if (/^[0-9a-fA-F]+$/.test(text) && SIZES.includes(text.length / 2)) {
    return { key: Buffer.from(text, 'hex'), encoding: 'hex' };
  }
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(text) && text.length % 4 === 0) {
    const decoded = Buffer.from(text, 'base64');
    if (SIZES.includes(decoded.length)) return { key: decoded, encoding: 'base64' };
  }
  if (SIZES.includes(bytes.length)) return { key: bytes, encoding: 'raw' };
  throw new KeyMaterialError(
    `${source} is ${bytes.length} bytes and neither raw key bytes, base64 nor hex. ` +
      'An AES key is 16, 24 or 32 raw bytes, or the same as base64 or hex (256-bit to encrypt).',
  );
}
