// Two-pass content decryption for callers that must not release plaintext before it is authenticated:
// pass 1 computes the GCM tag of the ciphertext (in order) without decrypting it; pass 2 decrypts, and is
// allowed to start only after pass 1 verified. Both ciphers are keyed up front, so the
// content key is zeroed before any body byte is read.
import { createCipheriv, createDecipheriv, timingSafeEqual, type Decipher } from 'node:crypto';
import * as C from '../constants';
import { AuthenticationFailed } from '../errors';
import { aesCipherName } from './aes-names';

export interface ContentDecryption {
  /** False only for legacy AES-CBC, which has no tag: pass 2 then runs on unauthenticated content. */
  readonly authenticated: boolean;
  /** Bytes at the end of the stored body that are the tag (16 for GCM, 0 for CBC). */
  readonly tagBytes: number;
  /** Pass 1: the ciphertext without its tag, in order. Computes no plaintext. */
  authenticate(ciphertext: Uint8Array): void;
  /** Ends pass 1: throws AuthenticationFailed unless the tag verifies. Required before `decrypt`. */
  verify(tag: Uint8Array): void;
  /** Pass 2, in order, over the ciphertext without its tag. */
  decrypt(ciphertext: Uint8Array): Buffer;
  /** Ends pass 2 (CBC: checks and strips the padding). */
  finish(): Buffer;
}

export function createContentDecryption(
  cekAlgorithm: string,
  key: Buffer,
  iv: Buffer,
  aad: Buffer | undefined,
): ContentDecryption {
  if (cekAlgorithm === C.CEK_CBC) return cbcDecryption(key, iv);
  const tagger = createGcmTagger(key, iv, aad);
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
      tagger.update(ciphertext);
    },
    verify(tag) {
      if (tag.length !== C.GCM_TAG_BYTES)
        throw new AuthenticationFailed('the body is shorter than the 16-byte GCM tag: the object is truncated');
      const expected = tagger.tag();
      if (!timingSafeEqual(expected, tag))
        throw new AuthenticationFailed('the GCM tag does not verify: the object body was tampered with or truncated');
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

/**
 * Computes the GCM tag of a ciphertext without decrypting it. Node has no GHASH-only API, and a decipher
 * allocates the plaintext of every chunk only for it to be thrown away (most of pass 1's cost). Instead the
 * ciphertext goes in as additional authenticated data of a GCM cipher with the same key and IV: GHASH then
 * runs over exactly the same blocks (AAD padded, then the ciphertext, padded) and only the final length block
 * differs, so the real tag is that tag XOR (L_real XOR L_aad) * H, with H = AES_K(0^128) (NIST SP 800-38D).
 */
function createGcmTagger(
  key: Buffer,
  iv: Buffer,
  aad: Buffer | undefined,
): { update(c: Uint8Array): void; tag(): Buffer } {
  const gmac = createCipheriv(aesCipherName('gcm', key) as 'aes-256-gcm', key, iv, { authTagLength: C.GCM_TAG_BYTES });
  const aadBytes = aad?.length ?? 0;
  const paddedAad = Math.ceil(aadBytes / 16) * 16;
  if (aad) gmac.setAAD(Buffer.concat([aad, Buffer.alloc(paddedAad - aadBytes)]));
  const ecb = createCipheriv(aesCipherName('ecb', key), key, null);
  const h = toBigInt(ecb.update(Buffer.alloc(16)));
  let ciphertextBytes = 0;
  return {
    update(c) {
      gmac.setAAD(c);
      ciphertextBytes += c.length;
    },
    tag() {
      gmac.final();
      const asAad = toBigInt(gmac.getAuthTag());
      const correction = gfMultiply(
        lengthBlock(aadBytes, ciphertextBytes) ^ lengthBlock(paddedAad + ciphertextBytes, 0),
        h,
      );
      return Buffer.from((asAad ^ correction).toString(16).padStart(32, '0'), 'hex');
    },
  };
}

/** GHASH's final block: bit lengths of the AAD and of the ciphertext, 64 bits each. */
function lengthBlock(aadBytes: number, ciphertextBytes: number): bigint {
  return ((BigInt(aadBytes) * 8n) << 64n) | (BigInt(ciphertextBytes) * 8n);
}

const GCM_R = 0xe1n << 120n;

/** Multiplication in GCM's GF(2^128) (SP 800-38D, Algorithm 1; the first bit of a block is x^0). */
function gfMultiply(x: bigint, y: bigint): bigint {
  let z = 0n;
  let v = y;
  for (let i = 127n; i >= 0n; i--) {
    if ((x >> i) & 1n) z ^= v;
    v = v & 1n ? (v >> 1n) ^ GCM_R : v >> 1n;
  }
  return z;
}

function toBigInt(block: Buffer): bigint {
  return BigInt(`0x${block.toString('hex')}`);
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
        throw new AuthenticationFailed(
          'the AES-CBC padding is invalid: wrong key or corrupted body (legacy CBC is unauthenticated)',
        );
      }
    },
  };
}
