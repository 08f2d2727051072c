// Plaintext -> ciphertext || 16-byte tag, as one GCM invocation across the whole object (and across
// multipart parts, which are consecutive slices of this stream).
import { createCipheriv } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { GCM_MAX_PLAINTEXT_BYTES } from '../constants';
import { UnsupportedAlgorithm } from '../errors';
import { aesCipherName } from './aes-names';

export function createGcmEncryptStream(key: Buffer, iv: Buffer, aad: Buffer | undefined): Transform {
  const cipher = createCipheriv(aesCipherName('gcm', key) as 'aes-256-gcm', key, iv, { authTagLength: 16 });
  if (aad) cipher.setAAD(aad);
  let total = 0;
  return new Transform({
    readableHighWaterMark: 1 << 20,
    writableHighWaterMark: 1 << 20,
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      total += chunk.length;
      if (total > GCM_MAX_PLAINTEXT_BYTES) {
        done(new UnsupportedAlgorithm('the plaintext exceeds the AES-GCM limit of 2^36 - 32 bytes (64 GiB)'));
        return;
      }
      done(null, cipher.update(chunk));
    },
    flush(done: TransformCallback) {
      const last = cipher.final();
      this.push(Buffer.concat([last, cipher.getAuthTag()]));
      done();
    },
  });
}
