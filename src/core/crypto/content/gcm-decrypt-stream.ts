// Ciphertext || tag -> plaintext. The last 16 bytes are held back as the tag; the stream ends with an
// AuthenticationFailed error (never a silent end) if the tag does not verify or the body is truncated.
// Bytes pass through before the tag is checked, so consumers that must not release unauthenticated
// plaintext write to a temporary place first (see decrypt-to-file.ts).
import { createDecipheriv } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { GCM_TAG_BYTES } from '../constants';
import { AuthenticationFailed } from '../errors';
import { aesCipherName } from './aes-names';

export function createGcmDecryptStream(key: Buffer, iv: Buffer, aad: Buffer | undefined): Transform {
  const decipher = createDecipheriv(aesCipherName('gcm', key) as 'aes-256-gcm', key, iv, {
    authTagLength: GCM_TAG_BYTES,
  });
  if (aad) decipher.setAAD(aad);
  let tail = Buffer.alloc(0);
  return new Transform({
    readableHighWaterMark: 1 << 20,
    writableHighWaterMark: 1 << 20,
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      if (chunk.length >= GCM_TAG_BYTES) {
        // Push the held-back bytes separately: concatenating would copy every chunk once more.
        if (tail.length) this.push(decipher.update(tail));
        const body = decipher.update(chunk.subarray(0, chunk.length - GCM_TAG_BYTES));
        tail = Buffer.from(chunk.subarray(chunk.length - GCM_TAG_BYTES));
        done(null, body);
        return;
      }
      const joined = Buffer.concat([tail, chunk]);
      const release = Math.max(0, joined.length - GCM_TAG_BYTES);
      tail = joined.subarray(release);
      done(null, decipher.update(joined.subarray(0, release)));
    },
    flush(done: TransformCallback) {
      if (tail.length < GCM_TAG_BYTES) {
        done(new AuthenticationFailed('the body is shorter than the 16-byte GCM tag: the object is truncated'));
        return;
      }
      decipher.setAuthTag(tail);
      try {
        const last = decipher.final();
        if (last.length) this.push(last);
      } catch {
        done(new AuthenticationFailed('the GCM tag does not verify: the object body was tampered with or truncated'));
        return;
      }
      done();
    },
  });
}
