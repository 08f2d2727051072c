// Padding decoders run on raw RSA output (RSA_NO_PADDING). Needed because Node refuses PKCS#1 v1.5
// private decryption (CVE-2023-46809) and cannot mix OAEP-SHA256 with MGF1-SHA1, both of which legacy
// V1 objects use. Failures return undefined; callers turn that into a typed error.
import { createHash, timingSafeEqual } from 'node:crypto';

/** EME-PKCS1-v1_5 decoding: 00 02 PS(>=8 non-zero) 00 M. */
export function decodePkcs1v15(em: Buffer): Buffer | undefined {
  if (em.length < 11 || em[0] !== 0x00 || em[1] !== 0x02) return undefined;
  const sep = em.indexOf(0x00, 2);
  if (sep < 10) return undefined;
  return Buffer.from(em.subarray(sep + 1));
}

function mgf1(hash: string, seed: Buffer, length: number): Buffer {
  const out: Buffer[] = [];
  let produced = 0;
  for (let counter = 0; produced < length; counter++) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter);
    const block = createHash(hash).update(seed).update(c).digest();
    out.push(block);
    produced += block.length;
  }
  return Buffer.concat(out).subarray(0, length);
}

/** EME-OAEP decoding (RFC 8017 7.1.2) with separate label hash and MGF1 hash, empty label. */
export function decodeOaep(em: Buffer, hash: string, mgfHash: string): Buffer | undefined {
  const hLen = createHash(hash).digest().length;
  if (em.length < 2 * hLen + 2 || em[0] !== 0x00) return undefined;
  const maskedSeed = em.subarray(1, 1 + hLen);
  const maskedDb = em.subarray(1 + hLen);
  const seedMask = mgf1(mgfHash, maskedDb, hLen);
  const seed = Buffer.alloc(hLen);
  for (let i = 0; i < hLen; i++) seed[i] = maskedSeed[i] ^ seedMask[i];
  const dbMask = mgf1(mgfHash, seed, maskedDb.length);
  const db = Buffer.alloc(maskedDb.length);
  for (let i = 0; i < db.length; i++) db[i] = maskedDb[i] ^ dbMask[i];
  const lHash = createHash(hash).digest();
  if (!timingSafeEqual(db.subarray(0, hLen), lHash)) return undefined;
  const one = db.indexOf(0x01, hLen);
  if (one < 0 || db.subarray(hLen, one).some((b) => b !== 0)) return undefined;
  return Buffer.from(db.subarray(one + 1));
}
