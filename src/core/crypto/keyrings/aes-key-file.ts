// Reads an AES key file written as hex, base64 or raw bytes, and tells which it was.
import { WrongKey } from '../errors';

const SIZES = [16, 24, 32];

export function parseAesKeyFile(content: Uint8Array): { key: Buffer; encoding: 'hex' | 'base64' | 'raw' } {
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
  throw new WrongKey('the AES key file must hold a 128-, 192- or 256-bit key as hex, base64 or raw bytes');
}
