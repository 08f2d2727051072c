// Pass 1 of the spooled download authenticates ranges as they arrive and combines their GHASH pieces at
// the end. These tests hold that combination to GCM itself: the tag it verifies is the tag OpenSSL's
// one-pass GCM computes, for every cut of the body into pieces, and a spec vector pins the field arithmetic.
import assert from 'node:assert/strict';
import { createCipheriv, randomBytes, randomInt } from 'node:crypto';
import * as C from '../../../src/core/crypto/constants';
import { createContentDecryption } from '../../../src/core/crypto/content/content-decryption';
import { PiecewiseGhash, fromBigInt, gfMultiply, gfPower, toBigInt } from '../../../src/core/crypto/content/ghash';
import { AuthenticationFailed } from '../../../src/core/crypto';

/** One-pass GCM (OpenSSL): the ciphertext and the tag a piecewise verification must accept. */
function gcmEncrypt(key: Buffer, iv: Buffer, aad: Buffer | undefined, plain: Buffer) {
  const c = createCipheriv(`aes-${key.length * 8}-gcm` as 'aes-256-gcm', key, iv);
  if (aad) c.setAAD(aad);
  const ciphertext = Buffer.concat([c.update(plain), c.final()]);
  return { ciphertext, tag: c.getAuthTag() };
}

/** Cuts [0, n) at random block boundaries: the pieces a parallel download would hash separately. */
function randomCuts(n: number): Array<[number, number]> {
  const cuts = new Set<number>([0, n]);
  const blocks = Math.floor(n / 16);
  for (let i = randomInt(0, 6); i > 0 && blocks > 1; i--) cuts.add(16 * randomInt(1, blocks));
  const sorted = [...cuts].sort((a, b) => a - b);
  return sorted.slice(1).map((end, i) => [sorted[i], end]);
}

/** Feeds `bytes` to a piece in chunks of random sizes, none a multiple of 16 on purpose. */
function feed(piece: { update(b: Uint8Array): void }, bytes: Buffer): void {
  for (let at = 0; at < bytes.length;) {
    const n = Math.min(bytes.length - at, 16 * randomInt(0, 40) + randomInt(1, 16));
    piece.update(bytes.subarray(at, at + n));
    at += n;
  }
}

describe('crypto: GHASH in pieces (pass 1 of the spooled download)', () => {
  it('matches the GCM spec vector (McGrew–Viega test case 2: K = 0, P = 0^128, IV = 0^96)', () => {
    const key = Buffer.alloc(16);
    const content = createContentDecryption(C.CEK_GCM, key, Buffer.alloc(12), undefined);
    const ciphertext = Buffer.from('0388dace60b6a392f328c2b971b2fe78', 'hex');
    const piece = content.segment();
    piece.update(ciphertext);
    content.verify([piece], Buffer.from('ab6e47d42cec13bdf53a67b21257bddf', 'hex'));
    // and the bare GHASH the spec lists for it
    const ghash = new PiecewiseGhash(key);
    const s = ghash.segment();
    s.update(ciphertext);
    assert.equal(fromBigInt(ghash.combine(undefined, [s])).toString('hex'), 'f38cbb1ad69223dcc3457ae5b6b0f885');
  });

  it('field arithmetic: 1 is neutral, multiplication commutes and distributes, powers add up', () => {
    const one = 1n << 127n;
    for (let i = 0; i < 20; i++) {
      const [a, b, c] = [toBigInt(randomBytes(16)), toBigInt(randomBytes(16)), toBigInt(randomBytes(16))];
      assert.equal(gfMultiply(a, one), a);
      assert.equal(gfMultiply(a, b), gfMultiply(b, a));
      assert.equal(gfMultiply(a, b ^ c), gfMultiply(a, b) ^ gfMultiply(a, c));
      const [m, n] = [randomInt(0, 5000), randomInt(0, 5000)];
      assert.equal(gfMultiply(gfPower(a, m), gfPower(a, n)), gfPower(a, m + n));
    }
    assert.equal(gfPower(toBigInt(randomBytes(16)), 0), one);
  });

  for (const size of [0, 1, 15, 16, 17, 31, 33, 4095, 65_537, 1_000_003]) {
    it(`${size} bytes: every cut into pieces verifies the one-pass tag, with and without AAD`, () => {
      for (const aadBytes of [undefined, 0, 5, 16, 33]) {
        const key = randomBytes([16, 24, 32][randomInt(0, 3)]);
        const iv = randomBytes(12);
        const aad = aadBytes === undefined ? undefined : randomBytes(aadBytes);
        const { ciphertext, tag } = gcmEncrypt(key, iv, aad, randomBytes(size));
        const content = createContentDecryption(C.CEK_GCM, key, iv, aad);
        const cuts = randomCuts(size);
        // Pieces are created and fed in a shuffled order, as ranges arrive, then handed over in body order.
        const pieces = cuts.map(() => content.segment());
        for (const i of cuts.map((_, i) => i).sort(() => Math.random() - 0.5))
          feed(pieces[i], ciphertext.subarray(...cuts[i]));
        content.verify(pieces, tag);
        const plain = content.decrypt(ciphertext);
        assert.equal(plain.length, size);
      }
    });
  }

  it('a flipped bit, pieces in the wrong order, or a missing piece fail with AuthenticationFailed', () => {
    const key = randomBytes(32);
    const iv = randomBytes(12);
    const { ciphertext, tag } = gcmEncrypt(key, iv, undefined, randomBytes(4096));
    const verifyWith = (parts: Buffer[], t = tag) => {
      const content = createContentDecryption(C.CEK_GCM, key, iv, undefined);
      const pieces = parts.map((p) => {
        const s = content.segment();
        s.update(p);
        return s;
      });
      content.verify(pieces, t);
    };
    const [a, b] = [ciphertext.subarray(0, 2048), ciphertext.subarray(2048)];
    verifyWith([a, b]);
    const flipped = Buffer.from(ciphertext);
    flipped[3000] ^= 1;
    assert.throws(() => verifyWith([flipped]), AuthenticationFailed);
    assert.throws(() => verifyWith([b, a]), AuthenticationFailed);
    assert.throws(() => verifyWith([a]), AuthenticationFailed);
    const badTag = Buffer.from(tag);
    badTag[15] ^= 0x80;
    assert.throws(() => verifyWith([a, b], badTag), AuthenticationFailed);
  });

  it('pass 2 cannot start before the tag verified', () => {
    const content = createContentDecryption(C.CEK_GCM, randomBytes(32), randomBytes(12), undefined);
    assert.throws(() => content.decrypt(Buffer.alloc(16)), /before the tag verified/);
    assert.throws(() => content.keystream(), /before the tag verified/);
  });
});
