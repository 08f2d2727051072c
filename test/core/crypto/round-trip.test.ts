// Encrypt -> decrypt round trips with the built-in AES and RSA keyrings, every format and envelope
// location, across sizes around block and multipart boundaries; plus fast-check properties.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { ciphertextLengthFor, inspectEnvelope } from '../../../src/core/crypto';
import { aesKeyring, decryptBuffer, encryptBuffer, rsaKeyring } from './helpers';

const MiB = 1024 * 1024;
const SIZES = [0, 1, 15, 16, 17, 4095, 65537, 5 * MiB - 1, 5 * MiB, 5 * MiB + 1];

describe('crypto: round trips', () => {
  for (const [name, keyring] of [
    ['AES', aesKeyring],
    ['RSA', rsaKeyring],
  ] as const) {
    for (const format of ['v2', 'v3'] as const) {
      for (const envelope of ['metadata', 'instruction-file'] as const) {
        it(`${name} ${format} ${envelope}: sizes ${SIZES.join(', ')} decrypt to the same bytes`, async () => {
          for (const size of SIZES) {
            const plain = randomBytes(size);
            const { enc, body } = await encryptBuffer(plain, { keyring: keyring(), format, envelope });
            assert.equal(body.length, ciphertextLengthFor(size));
            assert.equal(enc.ciphertextLength(size), body.length);
            const info = inspectEnvelope(enc.metadata, enc.instructionFile?.body);
            assert.equal(info.format, format);
            assert.equal(info.needsInstructionFile, envelope === 'instruction-file');
            assert.deepEqual(await decryptBuffer(body, enc, keyring()), plain, `size ${size}`);
          }
        });
      }
    }
  }

  it('V2 metadata has the keys the Ruby client requires; V3 keeps c/d/i in the object metadata', async () => {
    const v2 = await encryptBuffer(Buffer.from('x'), { keyring: aesKeyring(), format: 'v2' });
    for (const k of [
      'x-amz-key-v2',
      'x-amz-iv',
      'x-amz-cek-alg',
      'x-amz-wrap-alg',
      'x-amz-matdesc',
      'x-amz-tag-len',
      'x-amz-unencrypted-content-length',
    ]) {
      assert.ok(k in v2.enc.metadata, k);
    }
    assert.equal(v2.enc.metadata['x-amz-tag-len'], '128');
    const v3 = await encryptBuffer(Buffer.from('x'), { keyring: rsaKeyring(), envelope: 'instruction-file' });
    assert.deepEqual(Object.keys(v3.enc.metadata).sort(), ['x-amz-c', 'x-amz-d', 'x-amz-i']);
    assert.deepEqual(Object.keys(JSON.parse(v3.enc.instructionFile!.body) as object).sort(), [
      'x-amz-3',
      'x-amz-m',
      'x-amz-w',
    ]);
  });

  it('a multipart upload (ciphertext cut into 5 MiB parts) decrypts when the parts are joined in order', async () => {
    const plain = randomBytes(11 * MiB + 123);
    const { enc, body } = await encryptBuffer(plain, { keyring: aesKeyring() });
    const parts = [body.subarray(0, 5 * MiB), body.subarray(5 * MiB, 10 * MiB), body.subarray(10 * MiB)];
    assert.ok(parts.slice(0, -1).every((p) => p.length % 16 === 0));
    assert.deepEqual(await decryptBuffer(Buffer.concat(parts), enc, aesKeyring(), { sizes: [5 * MiB] }), plain);
  });

  it('property: any plaintext, chunking, format and envelope round-trips', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 3000 }),
        fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 6 }),
        fc.constantFrom('v2' as const, 'v3' as const),
        fc.constantFrom('metadata' as const, 'instruction-file' as const),
        async (bytes, sizes, format, envelope) => {
          const plain = Buffer.from(bytes);
          const { enc, body } = await encryptBuffer(plain, { keyring: aesKeyring(), format, envelope });
          assert.deepEqual(await decryptBuffer(body, enc, aesKeyring(), { sizes }), plain);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('property: flipping any body bit or truncating the body fails with AuthenticationFailed', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 1, maxLength: 2000 }),
        fc.nat(),
        fc.integer({ min: 0, max: 7 }),
        fc.boolean(),
        fc.constantFrom('v2' as const, 'v3' as const),
        async (bytes, where, bit, truncate, format) => {
          const { enc, body } = await encryptBuffer(Buffer.from(bytes), { keyring: aesKeyring(), format });
          const broken = Buffer.from(body);
          if (truncate) {
            await assert.rejects(decryptBuffer(broken.subarray(0, where % broken.length), enc, aesKeyring()), {
              code: 'AuthenticationFailed',
            });
          } else {
            broken[where % broken.length] ^= 1 << bit;
            await assert.rejects(decryptBuffer(broken, enc, aesKeyring()), { code: 'AuthenticationFailed' });
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
