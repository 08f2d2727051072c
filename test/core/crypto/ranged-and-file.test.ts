// Ranged (unauthenticated) previews and decrypt-to-file (temp file + rename only after the tag verifies).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { createUnauthenticatedRangeDecryptor, decryptToFile } from '../../../src/core/crypto';
import { aesKeyring, encryptBuffer } from './helpers';

describe('crypto: ranged reads and decrypt-to-file', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 's3enc-crypto-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  for (const format of ['v2', 'v3'] as const) {
    it(`${format}: any byte range decrypts to the same bytes as the full plaintext, flagged unauthenticated`, async () => {
      const plain = randomBytes(70_000);
      const { enc, body } = await encryptBuffer(plain, { keyring: aesKeyring(), format });
      for (const [start, end] of [
        [0, 0],
        [0, 15],
        [15, 16],
        [17, 4099],
        [65_530, 69_999],
        [69_990, 99_999],
      ] as const) {
        const r = await createUnauthenticatedRangeDecryptor({
          keyring: aesKeyring(),
          metadata: enc.metadata,
          range: { start, end, objectSize: body.length },
        });
        assert.equal(r.authenticated, false);
        assert.equal(r.ciphertextRange.start % 16, 0);
        const slice = body.subarray(r.ciphertextRange.start, r.ciphertextRange.end + 1);
        const out = await buffer(Readable.from([slice]).pipe(r.stream));
        assert.deepEqual(out, plain.subarray(start, Math.min(end, plain.length - 1) + 1), `${start}-${end}`);
      }
    });
  }

  it('decryptToFile writes the file only after the tag verifies', async () => {
    const plain = randomBytes(300_000);
    const { enc, body } = await encryptBuffer(plain, { keyring: aesKeyring() });
    const out = join(dir, 'plain.bin');
    let seen = 0;
    const res = await decryptToFile({
      keyring: aesKeyring(),
      metadata: enc.metadata,
      source: Readable.from([body]),
      destination: out,
      onProgress: (n) => (seen = n),
    });
    assert.equal(res.plaintextBytes, plain.length);
    assert.equal(seen, body.length);
    assert.deepEqual(readFileSync(out), plain);
  });

  it('a tampered body leaves no output file and no temp file, and an existing file is untouched', async () => {
    const { enc, body } = await encryptBuffer(randomBytes(200_000), { keyring: aesKeyring() });
    body[100_000] ^= 1;
    const out = join(dir, 'plain.bin');
    writeFileSync(out, 'previous contents');
    await assert.rejects(
      decryptToFile({ keyring: aesKeyring(), metadata: enc.metadata, source: Readable.from([body]), destination: out }),
      { code: 'AuthenticationFailed' },
    );
    assert.equal(readFileSync(out, 'utf8'), 'previous contents');
    assert.deepEqual(readdirSync(dir), ['plain.bin']);
  });
});
