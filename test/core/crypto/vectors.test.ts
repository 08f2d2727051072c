// Every known-answer vector (test/fixtures/vectors) decrypts to its plaintext, or fails with exactly the typed error its
// vector.json names. KMS vectors go through the real @aws-sdk/client-kms against the local KMS.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { createDecryptor, inspectEnvelope } from '../../../src/core/crypto';
import { EXPECTED_CODE, keyringFor, loadVectors, vectorFiles, type Vector } from './vector-support';

async function decryptVector(v: Vector, legacy: boolean): Promise<Buffer> {
  const f = vectorFiles(v);
  const dec = await createDecryptor({
    keyring: keyringFor(v),
    metadata: f.metadata,
    instructionFile: f.instruction,
    encryptionContext: v.encryptionContext ?? {},
    legacy,
  });
  return buffer(Readable.from([f.body]).pipe(dec.stream));
}

describe('crypto: S3EC known-answer vectors', () => {
  const vectors = loadVectors();

  it('finds all 27 vectors (18 positive, 9 negative)', () => {
    assert.equal(vectors.filter((v) => v.expect === 'ok').length, 18);
    assert.equal(vectors.filter((v) => v.expect !== 'ok').length, 9);
  });

  for (const v of vectors) {
    if (v.expect === 'ok') {
      it(`${v.name}: decrypts to plaintext.bin (${v.format}, ${v.wrap}, ${v.envelope})`, async () => {
        const plain = await decryptVector(v, v.legacyRequired);
        assert.equal(createHash('sha256').update(plain).digest('hex'), v.plaintextSha256);
        assert.deepEqual(plain, vectorFiles(v).plaintext);
      });
      it(`${v.name}: inspectEnvelope reports format ${v.format}`, () => {
        const f = vectorFiles(v);
        const info = inspectEnvelope(f.metadata);
        assert.equal(info.format, v.envelope === 'instruction-file' && v.format !== 'v3' ? 'none' : v.format);
        assert.equal(info.needsInstructionFile, v.envelope === 'instruction-file');
        assert.equal(info.legacy, v.envelope === 'instruction-file' ? false : v.legacyRequired);
      });
      if (v.legacyRequired) {
        it(`${v.name}: refused with LegacyDisabled when legacy is off`, async () => {
          await assert.rejects(decryptVector(v, false), { code: 'LegacyDisabled' });
        });
      }
    } else {
      const code = EXPECTED_CODE[v.expect];
      it(`${v.name}: fails with ${code}`, async () => {
        const legacy = v.expect === 'legacy-disabled' ? false : v.legacyRequired;
        await assert.rejects(decryptVector(v, legacy), (err: Error & { code?: string }) => {
          assert.equal(err.code, code, `got ${err.name}: ${err.message}`);
          return true;
        });
      });
    }
  }
});
