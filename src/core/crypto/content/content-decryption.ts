// Two-pass content decryption for callers that must not release plaintext before it is authenticated:
// pass 1 feeds the ciphertext (in order) to a GCM decipher whose output is thrown away, only to check the tag;
// pass 2 decrypts, and is allowed to start only after pass 1 verified. Both ciphers are keyed up front, so the
// content key is zeroed before any body byte is read.
import { createDecipheriv, type Decipher, type DecipherGCM } from 'node:crypto';
import * as C from '../constants';
import { AuthenticationFailed } from '../errors';
import { aesCipherName } from './aes-names';

export interface ContentDecryption {
  /** False only for legacy AES-CBC, which has no tag: pass 2 then runs on unauthenticated content. */
  readonly authenticated: boolean;
  /** Bytes at the end of the stored body that are the tag (16 for GCM, 0 for CBC). */
  readonly tagBytes: number;
  /** Pass 1: the ciphertext without its tag, in order. Discards the plaintext it computes. */
  authenticate(ciphertext: Uint8Array): void;
  /** Ends pass 1: throws AuthenticationFailed unless the tag verifies. Required before `decrypt`. */
  verify(tag: Uint8Array): void;
  /** Pass 2, in order, over the ciphertext without its tag. */
  decrypt(ciphertext: Uint8Array): Buffer;
  /** Ends pass 2 (CBC: checks and strips the padding). */
  finish(): Buffer;
}

export function createContentDecryption(cekAlgorithm: string, key: Buffer, iv: Buffer, aad: Buffer | undefined): ContentDecryption {
  if (cekAlgorithm === C.CEK_CBC) return cbcDecryption(key, iv);
  const checker = createDecipheriv(aesCipherName('gcm', key) as 'aes-256-gcm', key, iv, { authTagLength: C.GCM_TAG_BYTES }) as DecipherGCM;
  if (aad) checker.setAAD(aad);
  // GCM's keystream for a 96-bit IV is AES-CTR from IV || be32(2); CTR skips the GHASH work pass 1 already did.
  const decipher: Decipher =
    iv.length === C.GCM_IV_BYTES
      ? createDecipheriv(aesCipherName('ctr', key), key, Buffer.concat([iv, Buffer.from([0, 0, 0, 2])]))
      : gcmWithoutTag(key, iv, aad);
  let verified = false;
  return {
    authenticated: true,
    tagBytes: C.GCM_TAG_BYTES,
    authenticate(ciphertext) {
      checker.update(ciphertext);
    },
    verify(tag) {
      if (tag.length !== C.GCM_TAG_BYTES) throw new AuthenticationFailed('the body is shorter than the 16-byte GCM tag: the object is truncated');
      checker.setAuthTag(tag);
      try {
        checker.final();
      } catch {
        throw new AuthenticationFailed('the GCM tag does not verify: the object body was tampered with or truncated');
      }
      verified = true;
    },
    decrypt(ciphertext) {
      if (!verified) throw new Error('decrypt() before the tag verified');
      return decipher.update(ciphertext);
    },
    finish() {
      return Buffer.alloc(0);
    },
  };
}

function gcmWithoutTag(key: Buffer, iv: Buffer, aad: Buffer | undefined): Decipher {
  const d = createDecipheriv(aesCipherName('gcm', key) as 'aes-256-gcm', key, iv, { authTagLength: C.GCM_TAG_BYTES }) as DecipherGCM;
  if (aad) d.setAAD(aad);
  return d; // final() is never called: pass 1 already checked the tag
}

function cbcDecryption(key: Buffer, iv: Buffer): ContentDecryption {
  const decipher = createDecipheriv(aesCipherName('cbc', key), key, iv);
  return {
    authenticated: false,
    tagBytes: 0,
    authenticate() {
      // Legacy CBC carries no tag; there is nothing to check before decrypting.
    },
    verify() {},
    decrypt(ciphertext) {
      return decipher.update(ciphertext);
    },
    finish() {
      try {
        return decipher.final();
      } catch {
        throw new AuthenticationFailed('the AES-CBC padding is invalid: wrong key or corrupted body (legacy CBC is unauthenticated)');
      }
    },
  };
}
