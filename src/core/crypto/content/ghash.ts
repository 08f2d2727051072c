// GHASH (NIST SP 800-38D) computed piecewise, so that the ranges of a parallel download can each be
// authenticated as they arrive instead of waiting to be fed in order. GHASH over blocks X1..Xm is
// X1·H^m ⊕ … ⊕ Xm·H: a polynomial in H, so a segment hashed on its own only needs multiplying by H^k
// (k = blocks after it) to take its place in the whole. The bulk of each segment is hashed by OpenSSL (the
// bytes go in as additional authenticated data of a GCM cipher with the same key); only the handful of
// combining multiplications run here, on bigints.
import { createCipheriv, type CipherGCM } from 'node:crypto';
import { aesCipherName } from './aes-names';

const BLOCK = 16;
/** J0 for a 12-byte IV of zeros: the counter block whose encryption masks the tag of a segment cipher. */
const SEGMENT_IV = Buffer.alloc(12);
const GCM_R = 0xe1n << 120n;

/** Multiplication in GCM's GF(2^128) (SP 800-38D, Algorithm 1; the first bit of a block is x^0). */
export function gfMultiply(x: bigint, y: bigint): bigint {
  let z = 0n;
  let v = y;
  for (let i = 127n; i >= 0n; i--) {
    if ((x >> i) & 1n) z ^= v;
    v = v & 1n ? (v >> 1n) ^ GCM_R : v >> 1n;
  }
  return z;
}

/** h^n by square-and-multiply; n ≥ 0. */
export function gfPower(h: bigint, n: number): bigint {
  let result = 1n << 127n; // the field's 1 (x^0 is the block's first bit)
  let base = h;
  for (let e = BigInt(n); e > 0n; e >>= 1n) {
    if (e & 1n) result = gfMultiply(result, base);
    base = gfMultiply(base, base);
  }
  return result;
}

export function toBigInt(block: Uint8Array): bigint {
  return BigInt(`0x${Buffer.from(block).toString('hex')}`);
}

export function fromBigInt(x: bigint): Buffer {
  return Buffer.from(x.toString(16).padStart(32, '0'), 'hex');
}

/** GHASH's final block: bit lengths of the AAD and of the ciphertext, 64 bits each. */
export function lengthBlock(aadBytes: number, ciphertextBytes: number): bigint {
  return ((BigInt(aadBytes) * 8n) << 64n) | (BigInt(ciphertextBytes) * 8n);
}

/** Bytes hashed as one run, zero-padded to whole blocks at its end. */
export interface GhashSegment {
  update(bytes: Uint8Array): void;
  /** Bytes given so far. */
  readonly bytes: number;
}

/**
 * GHASH under one key, piecewise: `segment()` hashes a run of bytes; `combine()` puts runs (in order, each
 * but the last a whole number of blocks) together with the length block, as GCM's GHASH over them.
 */
export class PiecewiseGhash {
  private readonly h: bigint;
  /** E_K(J0) of the segment ciphers: removed from their tags to leave the bare GHASH. */
  private readonly segmentMask: bigint;
  private readonly powers = new Map<number, bigint>();

  constructor(private readonly key: Buffer) {
    const ecb = createCipheriv(aesCipherName('ecb', key), key, null).setAutoPadding(false);
    const j0 = Buffer.concat([SEGMENT_IV, Buffer.from([0, 0, 0, 1])]);
    const [h, mask] = [ecb.update(Buffer.alloc(BLOCK)), ecb.update(j0)];
    this.h = toBigInt(h);
    this.segmentMask = toBigInt(mask);
  }

  segment(): GhashSegment {
    const gcm = createCipheriv(aesCipherName('gcm', this.key) as 'aes-256-gcm', this.key, SEGMENT_IV);
    return new Segment(gcm);
  }

  /**
   * GCM's GHASH(A ‖ C ‖ len(A) ‖ len(C)) from A hashed as one segment (GCM pads it on its own) and C as
   * segments in body order, each but the last a whole number of blocks.
   */
  combine(aad: GhashSegment | undefined, ciphertext: readonly GhashSegment[]): bigint {
    const all = aad ? [aad, ...ciphertext] : ciphertext;
    let acc = 0n; // (GHASH of the parts so far) · H
    all.forEach((part, i) => {
      const s = part as Segment;
      const last = i === all.length - 1 || (aad !== undefined && i === 0);
      if (!last && s.bytes % BLOCK !== 0)
        throw new RangeError('only the last piece of a GHASH input may end inside a block');
      acc = gfMultiply(acc, this.power(Math.ceil(s.bytes / BLOCK))) ^ s.digest(this.h, this.segmentMask);
    });
    const ciphertextBytes = ciphertext.reduce((n, s) => n + s.bytes, 0);
    return acc ^ gfMultiply(lengthBlock(aad?.bytes ?? 0, ciphertextBytes), this.h);
  }

  private power(blocks: number): bigint {
    let p = this.powers.get(blocks);
    if (p === undefined) this.powers.set(blocks, (p = gfPower(this.h, blocks)));
    return p;
  }
}

class Segment implements GhashSegment {
  bytes = 0;
  private result?: bigint;

  constructor(private readonly gcm: CipherGCM) {}

  update(bytes: Uint8Array): void {
    if (this.result !== undefined) throw new Error('GHASH segment updated after its digest');
    this.gcm.setAAD(bytes);
    this.bytes += bytes.length;
  }

  /**
   * GHASH(segment)·H. The cipher's tag is E_K(J0) ⊕ GHASH(segment ‖ len block), i.e. the mask ⊕
   * GHASH(segment)·H ⊕ len·H, where len carries the segment's bytes as AAD length.
   */
  digest(h: bigint, mask: bigint): bigint {
    if (this.result === undefined) {
      this.gcm.final();
      this.result = toBigInt(this.gcm.getAuthTag()) ^ mask ^ gfMultiply(lengthBlock(this.bytes, 0), h);
    }
    return this.result;
  }
}
