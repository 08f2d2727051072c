// Maps a key length to the Node cipher name for a mode.
import { InvalidMetadata } from '../errors';

export function aesCipherName(mode: 'gcm' | 'cbc' | 'ctr' | 'ecb', key: Buffer): string {
  const bits = key.length * 8;
  if (bits !== 128 && bits !== 192 && bits !== 256) {
    throw new InvalidMetadata(`the data key is ${key.length} bytes; expected 16, 24 or 32`);
  }
  return `aes-${bits}-${mode}`;
}
