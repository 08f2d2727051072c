// Two-pass content decryption for callers that must not release plaintext before it is authenticated:
// pass 1 computes the GCM tag of the ciphertext without decrypting it, in pieces that may arrive in any
// order (ghash.ts); pass 2 decrypts, and is allowed to start only after pass 1 verified. Pass 2 of GCM with
// a 12-byte IV is plain AES-CTR, so it can also run as independent ranges (keystream()). The content key
// is kept (a copy, zeroed by dispose()) only until then.
import { createCipheriv, createDecipheriv, timingSafeEqual, type Decipher } from 'node:crypto';
import * as C from '../constants';
import { AuthenticationFailed } from '../errors';
import { aesCipherName } from './aes-names';
import { PiecewiseGhash, fromBigInt, type GhashSegment } from './ghash';

export type { GhashSegment } from './ghash';

/** Seekable pass 2: AES-CTR from `counter` at ciphertext byte 0 (block b uses counter + b). */
export interface CtrKeystream {
  cipher: string;
  key: Buffer;
  counter: Buffer;
}

export interface ContentDecryption {
  /** False only for legacy AES-CBC, which has no tag: pass 2 then runs on unauthenticated content. */
  readonly authenticated: boolean;
  /** Bytes at the end of the stored body that are the tag (16 for GCM, 0 for CBC). */
  readonly tagBytes: number;
  /** Pass 1, any order: hashes a run of ciphertext that starts on a 16-byte boundary. No plaintext. */
  segment(): GhashSegment;
  /**
   * Ends pass 1. `segments` are the ciphertext without its tag, in body order, each but the last a whole
   * number of blocks. Throws AuthenticationFailed unless the tag verifies. Required before pass 2.
   */
  verify(segments: readonly GhashSegment[], tag: Uint8Array): void;
  /** Pass 2 as independent ranges (a copy of the key: zero it), or undefined when it must run in order. */
  keystream(): CtrKeystream | undefined;
  /** Pass 2, in order, over the ciphertext without its tag. */
  decrypt(ciphertext: Uint8Array): Buffer;
  /** Ends pass 2 (CBC: checks and strips the padding). */
  finish(): Buffer;
  /** Zeroes the kept copy of the content key. */
  dispose(): void;
}

export function createContentDecryption(
  cekAlgorithm: string,
  key: Buffer,
  iv: Buffer,
  aad: Buffer | undefined,
): ContentDecryption {
  if (cekAlgorithm === C.CEK_CBC) return cbcDecryption(key, iv);
  const contentKey = Buffer.from(key);
  const ghash = new PiecewiseGhash(contentKey);
  const aadSegment = aad ? ghash.segment() : undefined;
  aadSegment?.update(aad!);
  // E_K(J0): the tag of an empty message (GHASH of an all-zero length block is 0).
  const gcm = createCipheriv(aesCipherName('gcm', key) as 'aes-256-gcm', key, iv, { authTagLength: C.GCM_TAG_BYTES });
  gcm.final();
  const tagMask = gcm.getAuthTag();
  // GCM's keystream for a 96-bit IV is AES-CTR from IV || be32(2); CTR skips the GHASH work pass 1 already did.
  const ctr = iv.length === C.GCM_IV_BYTES ? Buffer.concat([iv, Buffer.from([0, 0, 0, 2])]) : undefined;
  const decipher: Decipher = ctr ? createDecipheriv(aesCipherName('ctr', key), key, ctr) : gcmWithoutTag(key, iv, aad);
  let verified = false;
  const mustBeVerified = () => {
    if (!verified) throw new Error('pass 2 before the tag verified');
  };
  return {
    authenticated: true,
    tagBytes: C.GCM_TAG_BYTES,
    segment: () => ghash.segment(),
    verify(segments, tag) {
      if (tag.length !== C.GCM_TAG_BYTES)
        throw new AuthenticationFailed('the body is shorter than the 16-byte GCM tag: the object is truncated');
      const expected = fromBigInt(ghash.combine(aadSegment, segments));
      for (let i = 0; i < expected.length; i++) expected[i] ^= tagMask[i];
      if (!timingSafeEqual(expected, tag))
        throw new AuthenticationFailed('the GCM tag does not verify: the object body was tampered with or truncated');
      verified = true;
    },
    keystream() {
      mustBeVerified();
      return ctr && { cipher: aesCipherName('ctr', contentKey), key: Buffer.from(contentKey), counter: ctr };
    },
    decrypt(ciphertext) {
      mustBeVerified();
      return decipher.update(ciphertext);
    },
    finish() {
      return Buffer.alloc(0);
    },
    dispose() {
      contentKey.fill(0);
    },
  };
}

function gcmWithoutTag(key: Buffer, iv: Buffer, aad: Buffer | undefined): Decipher {
  const d = createDecipheriv(aesCipherName('gcm', key) as 'aes-256-gcm', key, iv, { authTagLength: C.GCM_TAG_BYTES });
  if (aad) d.setAAD(aad);
  return d; // final() is never called: pass 1 already checked the tag
}

function cbcDecryption(key: Buffer, iv: Buffer): ContentDecryption {
  const decipher = createDecipheriv(aesCipherName('cbc', key), key, iv);
  return {
    authenticated: false,
    tagBytes: 0,
    segment: () => uncheckedSegment(),
    verify() {
      // Legacy CBC carries no tag; there is nothing to check before decrypting.
    },
    keystream: () => undefined,
    decrypt(ciphertext) {
      return decipher.update(ciphertext);
    },
    finish() {
      try {
        return decipher.final();
      } catch {
        throw new AuthenticationFailed(
          'the AES-CBC padding is invalid: wrong key or corrupted body (legacy CBC is unauthenticated)',
        );
      }
    },
    dispose() {},
  };
}

/** CBC has no tag: its segments only count bytes. */
function uncheckedSegment(): GhashSegment {
  let bytes = 0;
  return {
    get bytes() {
      return bytes;
    },
    update(chunk) {
      bytes += chunk.length;
    },
  };
}
