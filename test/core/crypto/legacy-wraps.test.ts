// Java V1-era wraps no shared vector covers: AESWrap (RFC 3394) and RSA/ECB/OAEPWithSHA-256AndMGF1Padding
// with either MGF1 hash (Java's default provider uses MGF1-SHA1). Objects are built here from the spec.
import assert from 'node:assert/strict';
import { constants, createCipheriv, createHash, publicEncrypt, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { AesKeyring, RsaKeyring, createDecryptor } from '../../../src/core/crypto';
import { rsaPem } from './helpers';

function gcmObject(dataKey: Buffer, plain: Buffer): { iv: Buffer; body: Buffer } {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', dataKey, iv);
  return { iv, body: Buffer.concat([c.update(plain), c.final(), c.getAuthTag()]) };
}

function metadataFor(wrap: string, edk: Buffer, iv: Buffer): Record<string, string> {
  return {
    'x-amz-key-v2': edk.toString('base64'),
    'x-amz-iv': iv.toString('base64'),
    'x-amz-cek-alg': 'AES/GCM/NoPadding',
    'x-amz-wrap-alg': wrap,
    'x-amz-tag-len': '128',
    'x-amz-matdesc': '{}',
  };
}

/** RFC 8017 EME-OAEP encoding with separate hashes, for building test objects. */
function oaepEncode(message: Buffer, k: number, hash: string, mgfHash: string): Buffer {
  const mgf1 = (seed: Buffer, len: number): Buffer => {
    const parts: Buffer[] = [];
    for (let i = 0; Buffer.concat(parts).length < len; i++) {
      const c = Buffer.alloc(4);
      c.writeUInt32BE(i);
      parts.push(createHash(mgfHash).update(seed).update(c).digest());
    }
    return Buffer.concat(parts).subarray(0, len);
  };
  const lHash = createHash(hash).digest();
  const hLen = lHash.length;
  const db = Buffer.concat([lHash, Buffer.alloc(k - message.length - 2 * hLen - 2), Buffer.from([1]), message]);
  const seed = randomBytes(hLen);
  const maskedDb = Buffer.from(db.map((b, i) => b ^ mgf1(seed, db.length)[i]));
  const maskedSeed = Buffer.from(seed.map((b, i) => b ^ mgf1(maskedDb, hLen)[i]));
  return Buffer.concat([Buffer.from([0]), maskedSeed, maskedDb]);
}

async function decrypt(
  keyring: AesKeyring | RsaKeyring,
  metadata: Record<string, string>,
  body: Buffer,
  legacy: boolean,
): Promise<Buffer> {
  const dec = await createDecryptor({ keyring, metadata, legacy });
  return buffer(Readable.from([body]).pipe(dec.stream));
}

describe('crypto: legacy key wraps (AESWrap, RSA-OAEP-SHA256)', () => {
  const plain = Buffer.from('legacy but still readable');

  it('AESWrap: LegacyDisabled by default, decrypts with legacy on', async () => {
    const kek = randomBytes(32);
    const dataKey = randomBytes(32);
    const w = createCipheriv('id-aes256-wrap', kek, Buffer.from('A6A6A6A6A6A6A6A6', 'hex'));
    const edk = Buffer.concat([w.update(dataKey), w.final()]);
    const { iv, body } = gcmObject(dataKey, plain);
    const meta = metadataFor('AESWrap', edk, iv);
    await assert.rejects(decrypt(new AesKeyring(kek), meta, body, false), { code: 'LegacyDisabled' });
    assert.deepEqual(await decrypt(new AesKeyring(kek), meta, body, true), plain);
    await assert.rejects(decrypt(new AesKeyring(randomBytes(32)), meta, body, true), { code: 'WrongKey' });
  });

  for (const mgf of ['sha256', 'sha1']) {
    it(`RSA/ECB/OAEPWithSHA-256AndMGF1Padding with MGF1-${mgf.toUpperCase()}`, async () => {
      const dataKey = randomBytes(32);
      const em = oaepEncode(dataKey, 256, 'sha256', mgf);
      const edk = publicEncrypt({ key: rsaPem().publicKey, padding: constants.RSA_NO_PADDING }, em);
      const { iv, body } = gcmObject(dataKey, plain);
      const meta = metadataFor('RSA/ECB/OAEPWithSHA-256AndMGF1Padding', edk, iv);
      const keyring = new RsaKeyring({ privateKey: rsaPem().privateKey });
      await assert.rejects(decrypt(keyring, meta, body, false), { code: 'LegacyDisabled' });
      assert.deepEqual(await decrypt(keyring, meta, body, true), plain);
    });
  }
});
