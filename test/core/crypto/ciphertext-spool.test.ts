// The ciphertext spool behind CSE downloads and `s3enc decrypt`: bodies written in any order decrypt byte for
// byte once the tag verifies (V2: no AAD, V3: suite-id AAD, legacy CBC), and any flipped bit, in the body or
// the tag, or a truncation, fails with AuthenticationFailed before a single plaintext byte is in the file.
import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AuthenticationFailed,
  CiphertextSpool,
  DecryptPassFailed,
  createContentDecryptor,
} from '../../../src/core/crypto';
import type { SpoolOptions } from '../../../src/core/crypto/ciphertext-spool';
import { aesKeyring, encryptBuffer } from './helpers';

/** Writes `body` into a spool in the given chunk order; returns the spool (not yet committed). */
async function spoolOf(
  dest: string,
  metadata: Record<string, string>,
  body: Buffer,
  chunk: number,
  order: 'in-order' | 'reversed' | 'interleaved',
): Promise<CiphertextSpool> {
  const { content } = await createContentDecryptor({ keyring: aesKeyring(), metadata });
  const spool = await CiphertextSpool.create(dest, content);
  const offsets: number[] = [];
  for (let at = 0; at < body.length; at += chunk) offsets.push(at);
  if (order === 'reversed') offsets.reverse();
  if (order === 'interleaved') offsets.sort((a, b) => ((a / chunk) % 3) - ((b / chunk) % 3) || a - b);
  for (const at of offsets) await spool.write(at, body.subarray(at, at + chunk));
  return spool;
}

describe('crypto: ciphertext spool (no unauthenticated plaintext on disk)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 's3enc-spool-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  for (const format of ['v2', 'v3'] as const) {
    for (const size of [0, 1, 15, 16, 17, 65_537, (1 << 20) - 1, (1 << 20) + 17, 3 * (1 << 20) + 5]) {
      it(`${format}, ${size} bytes: decrypts byte for byte whatever the write order`, async () => {
        const plain = randomBytes(size);
        const { enc, body } = await encryptBuffer(plain, { keyring: aesKeyring(), format });
        for (const [chunk, order] of [
          [7919, 'reversed'],
          [65_536, 'interleaved'],
          [1 << 20, 'in-order'],
        ] as const) {
          const dest = join(dir, `out-${chunk}`);
          const spool = await spoolOf(dest, enc.metadata, body, chunk, order);
          assert.equal((await spool.commit()).plaintextBytes, size);
          assert.ok(readFileSync(dest).equals(plain), `${chunk} ${order}`);
        }
        assert.deepEqual(
          readdirSync(dir).filter((n) => n.endsWith('.part')),
          [],
        );
      });
    }
  }

  it('every flipped bit position class (first, middle, last body byte, tag) and a truncation fail before decrypting', async () => {
    const marker = Buffer.alloc(200_000, 'PLAINTEXT-MARKER-');
    const { enc, body } = await encryptBuffer(marker, { keyring: aesKeyring(), format: 'v3' });
    const cases: Array<[string, Buffer]> = [
      ['first byte', Buffer.from(body)],
      ['middle byte', Buffer.from(body)],
      ['last body byte', Buffer.from(body)],
      ['tag', Buffer.from(body)],
      ['truncated', body.subarray(0, body.length - 1)],
    ];
    cases[0][1][0] ^= 1;
    cases[1][1][100_000] ^= 0x80;
    cases[2][1][body.length - 17] ^= 1;
    cases[3][1][body.length - 1] ^= 1;
    for (const [name, tampered] of cases) {
      const dest = join(dir, 'out');
      const spool = await spoolOf(dest, enc.metadata, tampered, 65_536, 'interleaved');
      // Before commit the spool holds only ciphertext.
      assert.ok(!readFileSync(spool.tempPath).includes('PLAINTEXT-MARKER-'), `${name}: plaintext before the tag`);
      await assert.rejects(spool.commit(), AuthenticationFailed, name);
      assert.ok(!readFileSync(spool.tempPath).includes('PLAINTEXT-MARKER-'), `${name}: plaintext after a failed tag`);
      assert.equal(await spool.discard(), true);
      assert.deepEqual(readdirSync(dir), [], name);
    }
  });

  /** Cuts the body at random offsets (mostly not multiples of 16) and writes the pieces in random order. */
  async function randomlyCutSpool(dest: string, metadata: Record<string, string>, body: Buffer, pass?: SpoolOptions) {
    const { content } = await createContentDecryptor({ keyring: aesKeyring(), metadata });
    const spool = await CiphertextSpool.create(dest, content, pass);
    const cuts = new Set([0, body.length]);
    for (let i = randomInt(0, 12); i > 0 && body.length > 1; i--) cuts.add(randomInt(1, body.length));
    const sorted = [...cuts].sort((a, b) => a - b);
    const pieces = sorted.slice(1).map((end, i) => [sorted[i], end] as const);
    for (const [a, b] of pieces.sort(() => Math.random() - 0.5)) await spool.write(a, body.subarray(a, b));
    return spool;
  }

  for (const size of [0, 1, 15, 16, 17, 33, 100_003, 2_000_001]) {
    it(`${size} bytes cut at random offsets, in random order: decrypts in memory, on one thread and on 1–3 workers, started ahead or not`, async () => {
      const plain = randomBytes(size);
      const { enc, body } = await encryptBuffer(plain, { keyring: aesKeyring(), format: 'v3' });
      for (const pass of [
        undefined,
        { minBytes: 0, workers: 1 },
        { minBytes: 0, workers: 3 },
        { minBytes: 0, workers: 2, bodyBytes: body.length, memoryBytes: 0 },
        { bodyBytes: body.length }, // within the default memory budget
        { bodyBytes: body.length, memoryBytes: body.length },
      ]) {
        for (let round = 0; round < 4; round++) {
          const dest = join(dir, 'out');
          const spool = await randomlyCutSpool(dest, enc.metadata, body, pass);
          assert.equal((await spool.commit()).plaintextBytes, size);
          assert.ok(readFileSync(dest).equals(plain), `${JSON.stringify(pass)} round ${round}`);
          rmSync(dest);
        }
      }
      assert.deepEqual(readdirSync(dir), []);
    });
  }

  it('a tag split over two writes (a last range shorter than the tag) verifies, in either order', async () => {
    for (const size of [5, 100, 4099]) {
      const plain = randomBytes(size);
      const { enc, body } = await encryptBuffer(plain, { keyring: aesKeyring(), format: 'v3' });
      const splits = [body.length - 1, body.length - 8, body.length - 15].map((at) => Math.floor(at / 16) * 16);
      for (const at of splits.filter((at) => at > 0)) {
        for (const [reversed, pass] of [
          [false, {}],
          [true, {}],
          [true, { bodyBytes: body.length }], // size known: the tag is placed by its offset
          [false, { bodyBytes: body.length, memoryBytes: 0 }],
        ] as const) {
          const { content } = await createContentDecryptor({ keyring: aesKeyring(), metadata: enc.metadata });
          const dest = join(dir, 'out');
          const spool = await CiphertextSpool.create(dest, content, pass);
          const writes: Array<[number, Buffer]> = [
            [0, body.subarray(0, at)],
            [at, body.subarray(at)],
          ];
          if (reversed) writes.reverse();
          for (const [offset, bytes] of writes) await spool.write(offset, bytes);
          await spool.commit();
          assert.ok(readFileSync(dest).equals(plain), `${size} bytes, split at ${at}, reversed ${reversed}`);
          rmSync(dest);
        }
      }
    }
  });

  it('a worker of the parallel pass that fails surfaces as DecryptPassFailed, and the temp file is removed', async () => {
    const plain = randomBytes(3_000_000);
    const { enc, body } = await encryptBuffer(plain, { keyring: aesKeyring(), format: 'v3' });
    const pass = { minBytes: 0, workers: 2, bodyBytes: body.length, memoryBytes: 0 }; // workers started ahead
    const spool = await randomlyCutSpool(join(dir, 'out'), enc.metadata, body, pass);
    // The tag verifies (pass 1 is done); then the file loses its second half, so the second worker fails.
    truncateSync(spool.tempPath, 1_000_000);
    await assert.rejects(spool.commit(), DecryptPassFailed);
    assert.equal(await spool.discard(), true);
    assert.deepEqual(readdirSync(dir), []);
  });

  it('an aborted parallel pass stops its workers and rejects with the abort; the temp file is removed', async () => {
    const { enc, body } = await encryptBuffer(randomBytes(3_000_000), { keyring: aesKeyring(), format: 'v2' });
    const spool = await randomlyCutSpool(join(dir, 'out'), enc.metadata, body, { minBytes: 0, workers: 2 });
    const abort = new AbortController();
    abort.abort();
    await assert.rejects(spool.commit(abort.signal), { name: 'AbortError' });
    assert.equal(await spool.discard(), true);
    assert.deepEqual(readdirSync(dir), []);
  });

  describe('a body within the memory budget', () => {
    const marker = Buffer.alloc(300_000, 'PLAINTEXT-MARKER-');

    it('creates no file before its tag verified: tampered or truncated, nothing is ever on disk', async () => {
      const { enc, body } = await encryptBuffer(marker, { keyring: aesKeyring(), format: 'v3' });
      const flipped = Buffer.from(body);
      flipped[150_000] ^= 0x04;
      for (const [name, tampered] of [
        ['flipped bit', flipped],
        ['truncated', body.subarray(0, body.length - 5)],
      ] as const) {
        const spool = await randomlyCutSpool(join(dir, 'out'), enc.metadata, tampered, {
          bodyBytes: tampered.length,
        });
        assert.deepEqual(readdirSync(dir), [], `${name}: nothing on disk while the body arrives`);
        await assert.rejects(spool.commit(), AuthenticationFailed, name);
        assert.deepEqual(readdirSync(dir), [], `${name}: nothing on disk after the tag failed`);
        assert.equal(await spool.discard(), false);
      }
    });

    it('the budget counts plaintext: an object of exactly the budget waits in memory, one byte more is spooled to disk', async () => {
      const { enc, body } = await encryptBuffer(marker, { keyring: aesKeyring(), format: 'v2' });
      const exact = await randomlyCutSpool(join(dir, 'out'), enc.metadata, body, {
        bodyBytes: body.length,
        memoryBytes: marker.length,
      });
      assert.deepEqual(readdirSync(dir), [], 'nothing on disk: the object is exactly the budget');
      await exact.commit();
      assert.ok(readFileSync(join(dir, 'out')).equals(marker));
      rmSync(join(dir, 'out'));
      const spool = await randomlyCutSpool(join(dir, 'out'), enc.metadata, body, {
        bodyBytes: body.length,
        memoryBytes: marker.length - 1,
      });
      const spooled = readFileSync(spool.tempPath);
      assert.equal(spooled.length, body.length);
      assert.ok(!spooled.includes('PLAINTEXT-MARKER-'));
      await spool.commit();
      assert.ok(readFileSync(join(dir, 'out')).equals(marker));
    });

    it('a body that ends before its announced size fails authentication, in memory and spooled', async () => {
      const { enc, body } = await encryptBuffer(marker, { keyring: aesKeyring(), format: 'v3' });
      for (const memoryBytes of [undefined, 0]) {
        const { content } = await createContentDecryptor({ keyring: aesKeyring(), metadata: enc.metadata });
        const spool = await CiphertextSpool.create(join(dir, 'out'), content, { bodyBytes: body.length, memoryBytes });
        await spool.write(0, body.subarray(0, body.length - 16)); // everything but the tag
        await assert.rejects(spool.commit(), AuthenticationFailed);
        await spool.discard();
        assert.deepEqual(readdirSync(dir), []);
      }
    });

    it('more bytes than the announced size fail authentication, and nothing is written', async () => {
      const { enc, body } = await encryptBuffer(marker, { keyring: aesKeyring(), format: 'v3' });
      const { content } = await createContentDecryptor({ keyring: aesKeyring(), metadata: enc.metadata });
      const spool = await CiphertextSpool.create(join(dir, 'out'), content, { bodyBytes: body.length - 100 });
      await assert.rejects(spool.write(0, body), AuthenticationFailed);
      await spool.discard();
      assert.deepEqual(readdirSync(dir), []);
    });
  });

  it('a spool with a gap (a range never arrived) cannot be committed', async () => {
    const { enc, body } = await encryptBuffer(randomBytes(100_000), { keyring: aesKeyring() });
    const { content } = await createContentDecryptor({ keyring: aesKeyring(), metadata: enc.metadata });
    const spool = await CiphertextSpool.create(join(dir, 'out'), content);
    await spool.write(0, body.subarray(0, 1000));
    await spool.write(2000, body.subarray(2000));
    await assert.rejects(spool.commit(), AuthenticationFailed);
    await spool.discard();
    assert.deepEqual(readdirSync(dir), []);
  });
});
