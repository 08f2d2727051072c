// Ranged decryption of V2/V3 objects WITHOUT authentication. GCM content is AES-CTR with the counter
// starting at IV || be32(2), so block b of the body decrypts with counter IV || be32(b + 2). The tag covers
// the whole object, so a range cannot be verified: use this for previews only, and say so to the user.
import { createDecipheriv } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import * as C from './constants';
import { UnsupportedAlgorithm } from './errors';
import { aesCipherName } from './content/aes-names';
import { prepareDecryption, type DecryptOptions } from './materials';

export interface UnauthenticatedRange {
  /** First plaintext byte, inclusive. */
  start: number;
  /** Last plaintext byte, inclusive. Clamped to the plaintext when `objectSize` is given. */
  end: number;
  /** Stored body size (plaintext + 16-byte tag), so the range never reaches into the tag. */
  objectSize?: number;
}

export interface UnauthenticatedRangeDecryptor {
  /** Always false: a range is not covered by the GCM tag. */
  readonly authenticated: false;
  /** Byte range of the stored body to GET (inclusive, 16-byte aligned start). */
  readonly ciphertextRange: { start: number; end: number };
  /** Feed it exactly the bytes of `ciphertextRange`; it emits the requested plaintext range. */
  readonly stream: Transform;
}

export async function createUnauthenticatedRangeDecryptor(
  options: DecryptOptions & { range: UnauthenticatedRange },
): Promise<UnauthenticatedRangeDecryptor> {
  const { start } = options.range;
  const lastPlain = options.range.objectSize === undefined ? Infinity : options.range.objectSize - C.GCM_TAG_BYTES - 1;
  const end = Math.min(options.range.end, lastPlain);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) {
    throw new RangeError(`invalid plaintext range ${start}-${end}`);
  }
  const m = await prepareDecryption(options);
  try {
    if (m.envelope.cekAlgorithm === C.CEK_CBC) {
      throw new UnsupportedAlgorithm(
        'ranged reads of legacy AES-CBC objects are not supported; download the whole object',
      );
    }
    const firstBlock = Math.floor(start / 16);
    const counter = Buffer.alloc(16);
    m.iv.copy(counter, 0);
    counter.writeUInt32BE((firstBlock + 2) >>> 0, 12);
    const decipher = createDecipheriv(aesCipherName('ctr', m.contentKey), m.contentKey, counter);
    let skip = start - firstBlock * 16;
    let remaining = end - start + 1;
    const stream = new Transform({
      transform(chunk: Buffer, _e, done: TransformCallback) {
        let out = decipher.update(chunk);
        if (skip > 0) {
          const s = Math.min(skip, out.length);
          out = out.subarray(s);
          skip -= s;
        }
        if (out.length > remaining) out = out.subarray(0, remaining);
        remaining -= out.length;
        done(null, out);
      },
    });
    return { authenticated: false, ciphertextRange: { start: firstBlock * 16, end }, stream };
  } finally {
    m.contentKey.fill(0);
  }
}
