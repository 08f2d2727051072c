// What a user sees when something is wrong: wrong keys, contexts, policies, legacy objects. Each case
// must fail with its typed error before any plaintext is produced.
import { hintOf } from '../../../src/core/errors';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { AesKeyring, KmsKeyring, RsaKeyring, createDecryptor, createEncryptor } from '../../../src/core/crypto';
import { aesKeyring, decryptBuffer, encryptBuffer, rsaKeyring, rsaPem } from './helpers';
import { localKmsClient } from './vector-support';
import { liveEnv } from '../../../tools/live/live-env';

const plain = Buffer.from('attack at dawn — 🌅');

describe('crypto: typed failures', () => {
  it('a different AES key fails with AuthenticationFailed (GCM key unwrap) and never yields plaintext', async () => {
    const { enc, body } = await encryptBuffer(plain, { keyring: aesKeyring() });
    await assert.rejects(decryptBuffer(body, enc, new AesKeyring(randomBytes(32))), { code: 'AuthenticationFailed' });
  });

  it("an RSA key for an AES-wrapped object fails with WrongKey pointing at the AES key (as a hint, in no front end's words)", async () => {
    const { enc } = await encryptBuffer(plain, { keyring: aesKeyring() });
    await assert.rejects(
      createDecryptor({ keyring: rsaKeyring(), metadata: enc.metadata }),
      (e: Error & { code?: string }) =>
        e.code === 'WrongKey' && /AES key/.test(e.message) && !/--/.test(e.message) && hintOf(e)?.name === 'aesKey',
    );
  });

  it('a public-only RSA keyring encrypts but cannot decrypt (WrongKey)', async () => {
    const pub = new RsaKeyring({ publicKey: rsaPem().publicKey });
    const { enc, body } = await encryptBuffer(plain, { keyring: pub, format: 'v2' });
    await assert.rejects(decryptBuffer(body, enc, pub), { code: 'WrongKey' });
    assert.deepEqual(await decryptBuffer(body, enc, rsaKeyring()), plain);
  });

  it('REQUIRE_ENCRYPT_REQUIRE_DECRYPT refuses V2 objects; the default policy reads them', async () => {
    const { enc, body } = await encryptBuffer(plain, { keyring: aesKeyring(), format: 'v2' });
    await assert.rejects(
      createDecryptor({
        keyring: aesKeyring(),
        metadata: enc.metadata,
        commitmentPolicy: 'REQUIRE_ENCRYPT_REQUIRE_DECRYPT',
      }),
      { code: 'CommitmentMismatch' },
    );
    assert.deepEqual(await decryptBuffer(body, enc, aesKeyring()), plain);
  });

  it('a changed V3 message id fails the commitment check before content decryption', async () => {
    const { enc } = await encryptBuffer(plain, { keyring: aesKeyring() });
    const id = Buffer.from(enc.metadata['x-amz-i'], 'base64');
    id[0] ^= 1;
    await assert.rejects(
      createDecryptor({ keyring: aesKeyring(), metadata: { ...enc.metadata, 'x-amz-i': id.toString('base64') } }),
      { code: 'CommitmentMismatch' },
    );
  });

  it('an AES key shorter than 256 bits reads but refuses to write', async () => {
    await assert.rejects(createEncryptor({ keyring: new AesKeyring(randomBytes(16)) }), {
      code: 'UnsupportedAlgorithm',
    });
  });

  it('plaintextLength above the GCM limit is refused up front', async () => {
    await assert.rejects(createEncryptor({ keyring: aesKeyring(), plaintextLength: 2 ** 36 }), {
      code: 'UnsupportedAlgorithm',
    });
  });

  it('error messages never contain the key bytes', async () => {
    const key = randomBytes(32);
    const { enc, body } = await encryptBuffer(plain, { keyring: new AesKeyring(key) });
    const err = await decryptBuffer(body, enc, new AesKeyring(randomBytes(32))).catch((e: Error) => e);
    assert.ok(err instanceof Error);
    for (const enc2 of ['hex', 'base64'] as const) assert.ok(!err.message.includes(key.toString(enc2)));
  });

  describe('KMS keyring through the real @aws-sdk/client-kms and the local KMS', () => {
    const keyId = (): string =>
      liveEnv().kmsKeyIds?.[0] ?? 'arn:aws:kms:us-east-1:111122223333:key/62512ef3-4784-4dc3-b4f9-c1cb1d0619aa';
    const kms = (): KmsKeyring => new KmsKeyring({ kms: localKmsClient(), keyId: keyId() });

    for (const format of ['v2', 'v3'] as const) {
      it(`${format}: round-trips with an encryption context and refuses a different one (ContextMismatch)`, async () => {
        const ctx = { purpose: 'test', team: 'storage' };
        const { enc, body } = await encryptBuffer(plain, { keyring: kms(), format, encryptionContext: ctx });
        const stored = JSON.parse(enc.metadata[format === 'v2' ? 'x-amz-matdesc' : 'x-amz-t']) as Record<
          string,
          string
        >;
        assert.equal(stored['aws:x-amz-cek-alg'], format === 'v2' ? 'AES/GCM/NoPadding' : '115');
        assert.deepEqual(await decryptBuffer(body, enc, kms(), { encryptionContext: ctx }), plain);
        await assert.rejects(
          decryptBuffer(body, enc, kms(), { encryptionContext: { purpose: 'other', team: 'storage' } }),
          {
            code: 'ContextMismatch',
          },
        );
        await assert.rejects(decryptBuffer(body, enc, kms()), { code: 'ContextMismatch' });
      });
    }

    it('a stored context edited to match the caller is caught by KMS (WrongKey), not silently accepted', async () => {
      const { enc, body } = await encryptBuffer(plain, { keyring: kms(), format: 'v2', encryptionContext: { a: '1' } });
      const forged = {
        ...enc.metadata,
        'x-amz-matdesc': JSON.stringify({ a: '2', 'aws:x-amz-cek-alg': 'AES/GCM/NoPadding' }),
      };
      await assert.rejects(decryptBuffer(body, { metadata: forged }, kms(), { encryptionContext: { a: '2' } }), {
        code: 'WrongKey',
      });
    });

    it('the reserved aws:x-amz-cek-alg key is refused in a caller context', async () => {
      await assert.rejects(createEncryptor({ keyring: kms(), encryptionContext: { 'aws:x-amz-cek-alg': 'x' } }), {
        code: 'ContextMismatch',
      });
    });
  });
});
