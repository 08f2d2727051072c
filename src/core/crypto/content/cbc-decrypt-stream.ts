// Legacy AES-CBC/PKCS5 content (V1 objects). CBC has no authentication: a bad padding at the end is the
// only signal of a wrong key or corruption, reported as AuthenticationFailed.
import { createDecipheriv } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { AuthenticationFailed } from '../errors';
import { aesCipherName } from './aes-names';

export function createCbcDecryptStream(key: Buffer, iv: Buffer): Transform {
  const decipher = createDecipheriv(aesCipherName('cbc', key), key, iv);
  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      done(null, decipher.update(chunk));
    },
    flush(done: TransformCallback) {
      try {
        const last = decipher.final();
        if (last.length) this.push(last);
      } catch {
        done(
          new AuthenticationFailed(
            'the AES-CBC padding is invalid: wrong key or corrupted body (legacy CBC is unauthenticated)',
          ),
        );
        return;
      }
      done();
    },
  });
}
