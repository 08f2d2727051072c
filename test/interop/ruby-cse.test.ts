// Live interop with the AWS S3 Encryption Client for Ruby (EncryptionV2, aws-sdk-s3 1.117.2) through Ceph
// RGW, both directions, for AES-GCM, RSA-OAEP-SHA1 and KMS (Ruby's Aws::KMS::Client on the local KMS),
// with the envelope in metadata and in an instruction file. Ruby 1.117.2 cannot read V3, so we write V2.
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { KMSClient } from '@aws-sdk/client-kms';
import {
  AesKeyring,
  KmsKeyring,
  RsaKeyring,
  createDecryptor,
  createEncryptor,
  type Keyring,
} from '../../src/core/crypto';
import { liveEnv } from '../../tools/live/live-env';
import { runRubyS3ec, type RubyS3ecRequest } from '../support/ruby/ruby-s3ec';
import { useTestBucket } from '../support/live-fixtures';

type Wrap = RubyS3ecRequest['wrap'];
type Envelope = NonNullable<RubyS3ecRequest['envelope']>;

describe('interop: Ruby EncryptionV2 client via RGW', function () {
  this.timeout(60_000);
  const t = useTestBucket('ruby-cse');
  let dir: string;
  const aesKey = randomBytes(32);
  const rsa = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const context = { purpose: 'interop', team: 'storage' };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 's3enc-ruby-cse-'));
    writeFileSync(join(dir, 'aes.hex'), aesKey.toString('hex'));
    writeFileSync(join(dir, 'rsa.pem'), rsa.privateKey);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function keyring(wrap: Wrap): Keyring {
    if (wrap === 'aes') return new AesKeyring(aesKey);
    if (wrap === 'rsa') return new RsaKeyring({ privateKey: rsa.privateKey });
    const env = liveEnv();
    const kms = new KMSClient({
      endpoint: env.kmsEndpoint,
      region: env.region,
      credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
    });
    return new KmsKeyring({ kms, keyId: env.kmsKeyIds[0] });
  }
  const rubyBase = (wrap: Wrap, envelope: Envelope, key: string, file: string): RubyS3ecRequest => ({
    op: 'put',
    bucket: t.bucket,
    key,
    file,
    wrap,
    keyFile: wrap === 'aes' ? join(dir, 'aes.hex') : join(dir, 'rsa.pem'),
    context: wrap === 'kms' ? context : undefined,
    envelope,
  });
  const ctxFor = (wrap: Wrap): Record<string, string> => (wrap === 'kms' ? context : {});

  async function getRaw(key: string): Promise<{ body: Buffer; metadata: Record<string, string> }> {
    const head = await t.client.send(new HeadObjectCommand({ Bucket: t.bucket, Key: key }));
    const got = await t.client.send(new GetObjectCommand({ Bucket: t.bucket, Key: key }));
    return { body: Buffer.from(await got.Body!.transformToByteArray()), metadata: head.Metadata ?? {} };
  }

  for (const wrap of ['aes', 'rsa', 'kms'] as const) {
    for (const envelope of ['metadata', 'instruction_file'] as const) {
      for (const size of [0, 100_003]) {
        it(`Ruby writes, we read: ${wrap}, ${envelope}, ${size} bytes`, async () => {
          const plain = randomBytes(size);
          const key = `ruby-to-ts/${wrap}-${envelope}-${size}`;
          const file = join(dir, `${wrap}-${envelope}-${size}.in`);
          writeFileSync(file, plain);
          const put = await runRubyS3ec(liveEnv(), rubyBase(wrap, envelope, key, file));
          assert.equal(put.ok, true, `Ruby put failed: ${put.error}: ${put.message}`);
          const obj = await getRaw(key);
          const instructionFile =
            envelope === 'instruction_file' ? (await getRaw(`${key}.instruction`)).body.toString('utf8') : undefined;
          const dec = await createDecryptor({
            keyring: keyring(wrap),
            metadata: obj.metadata,
            instructionFile,
            encryptionContext: ctxFor(wrap),
          });
          assert.deepEqual(await buffer(Readable.from([obj.body]).pipe(dec.stream)), plain);
        });

        it(`we write V2, Ruby reads: ${wrap}, ${envelope}, ${size} bytes`, async () => {
          const plain = randomBytes(size);
          const key = `ts-to-ruby/${wrap}-${envelope}-${size}`;
          const enc = await createEncryptor({
            keyring: keyring(wrap),
            format: 'v2',
            encryptionContext: ctxFor(wrap),
            envelope: envelope === 'instruction_file' ? 'instruction-file' : 'metadata',
            plaintextLength: size,
          });
          const body = await buffer(Readable.from([plain]).pipe(enc.stream));
          await t.client.send(
            new PutObjectCommand({ Bucket: t.bucket, Key: key, Body: body, Metadata: { ...enc.metadata } }),
          );
          if (enc.instructionFile) {
            await t.client.send(
              new PutObjectCommand({
                Bucket: t.bucket,
                Key: `${key}${enc.instructionFile.suffix}`,
                Body: enc.instructionFile.body,
              }),
            );
          }
          const out = join(dir, `${wrap}-${envelope}-${size}.out`);
          const got = await runRubyS3ec(liveEnv(), { ...rubyBase(wrap, envelope, key, out), op: 'get' });
          assert.equal(got.ok, true, `Ruby get failed: ${got.error}: ${got.message}`);
          assert.deepEqual(readFileSync(out), plain);
        });
      }
    }
  }

  it('Ruby rejects our object when one ciphertext byte is flipped (our tag is a real GCM tag)', async () => {
    const plain = randomBytes(5000);
    const enc = await createEncryptor({ keyring: keyring('aes'), format: 'v2', plaintextLength: plain.length });
    const body = await buffer(Readable.from([plain]).pipe(enc.stream));
    body[2500] ^= 1;
    await t.client.send(
      new PutObjectCommand({ Bucket: t.bucket, Key: 'tampered', Body: body, Metadata: { ...enc.metadata } }),
    );
    const got = await runRubyS3ec(liveEnv(), {
      ...rubyBase('aes', 'metadata', 'tampered', join(dir, 'tampered.out')),
      op: 'get',
    });
    assert.equal(got.ok, false);
    assert.match(`${got.error} ${got.message}`, /Cipher|Decrypt|auth/i);
  });

  it('Ruby refuses our KMS object under a different encryption context', async () => {
    const enc = await createEncryptor({
      keyring: keyring('kms'),
      format: 'v2',
      encryptionContext: context,
      plaintextLength: 3,
    });
    const body = await buffer(Readable.from([Buffer.from('abc')]).pipe(enc.stream));
    await t.client.send(
      new PutObjectCommand({ Bucket: t.bucket, Key: 'kms-ctx', Body: body, Metadata: { ...enc.metadata } }),
    );
    const got = await runRubyS3ec(liveEnv(), {
      ...rubyBase('kms', 'metadata', 'kms-ctx', join(dir, 'kms-ctx.out')),
      op: 'get',
      context: { purpose: 'other' },
    });
    assert.equal(got.ok, false);
    assert.match(got.message ?? '', /encryption context/i);
  });
});
