// The services the global setup booted (or S3ENC_LIVE_ENV points at) behave as the live tests rely on:
// real Ceph RGW through the product's own S3 client, SSE-KMS via RGW's testing keys, SSE-C, and the KMS.
import {
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { liveEnv } from '../../tools/live/live-env';
import { createTestBucket, deleteBucketCompletely, liveS3Client } from '../../tools/live/s3-test-bucket';
import { useTestBucket } from '../support/live-fixtures';
import { vectorsDir } from '../../tools/live/vectors-path';

const statusOf = async (p: Promise<unknown>): Promise<number | undefined> => {
  try {
    await p;
    return 200;
  } catch (e) {
    return (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  }
};

describe('live services: Ceph RGW', () => {
  const t = useTestBucket('infra');

  it('round-trips an object, including a streamed body', async () => {
    const data = randomBytes(300_000);
    await t.client.send(
      new PutObjectCommand({
        Bucket: t.bucket,
        Key: 'dir/blob.bin',
        Body: Readable.from([data]),
        ContentLength: data.length,
      }),
    );
    const got = await t.client.send(new GetObjectCommand({ Bucket: t.bucket, Key: 'dir/blob.bin' }));
    assert.deepEqual(Buffer.from(await got.Body!.transformToByteArray()), data);
  });

  it('stores SSE-KMS with an RGW testing key and reports aws:kms with the key id on HeadObject', async () => {
    const keyId = liveEnv().rgwKmsKeyIds[0];
    await t.client.send(
      new PutObjectCommand({
        Bucket: t.bucket,
        Key: 'kms.txt',
        Body: 'secret',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: keyId,
      }),
    );
    const head = await t.client.send(new HeadObjectCommand({ Bucket: t.bucket, Key: 'kms.txt' }));
    assert.equal(head.ServerSideEncryption, 'aws:kms');
    assert.equal(head.SSEKMSKeyId, keyId);
    const plain = await t.client.send(new PutObjectCommand({ Bucket: t.bucket, Key: 'plain.txt', Body: 'x' }));
    assert.equal(plain.ServerSideEncryption, undefined);
  });

  it('serves SSE-C only with the key: HeadObject without it answers 400', async () => {
    const key = randomBytes(32);
    const sse = {
      SSECustomerAlgorithm: 'AES256',
      SSECustomerKey: key.toString('base64'),
      SSECustomerKeyMD5: createHash('md5').update(key).digest('base64'),
    };
    await t.client.send(new PutObjectCommand({ Bucket: t.bucket, Key: 'ssec.txt', Body: 'customer', ...sse }));
    assert.equal(await statusOf(t.client.send(new HeadObjectCommand({ Bucket: t.bucket, Key: 'ssec.txt' }))), 400);
    const head = await t.client.send(new HeadObjectCommand({ Bucket: t.bucket, Key: 'ssec.txt', ...sse }));
    assert.equal(head.SSECustomerAlgorithm, 'AES256');
    assert.equal(head.SSECustomerKeyMD5, sse.SSECustomerKeyMD5);
  });

  it('deleteBucketCompletely removes versions and in-progress multipart uploads, then the bucket', async () => {
    const client = liveS3Client();
    const bucket = await createTestBucket(client, 'cleanup');
    await client.send(
      new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }),
    );
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'a', Body: '1' }));
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'a', Body: '2' }));
    await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'unfinished' }));
    await deleteBucketCompletely(client, bucket);
    assert.equal(await statusOf(client.send(new HeadBucketCommand({ Bucket: bucket }))), 404);
    client.destroy();
  });
});

describe('live services: local KMS', () => {
  let kms: KMSClient;
  before(() => {
    kms = new KMSClient({
      endpoint: liveEnv().kmsEndpoint,
      region: liveEnv().region,
      credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' },
    });
  });
  after(() => kms.destroy());

  it('opens a Ruby-written vector blob (the services use the vectors master key)', async () => {
    const meta = JSON.parse(
      readFileSync(join(vectorsDir(), 'rb-v2-kms-context-meta', 'metadata.json'), 'utf8'),
    ) as Record<string, string>;
    const out = await kms.send(
      new DecryptCommand({
        CiphertextBlob: Buffer.from(meta['x-amz-key-v2'], 'base64'),
        EncryptionContext: JSON.parse(meta['x-amz-matdesc']) as Record<string, string>,
        KeyId: liveEnv().kmsKeyIds[0],
      }),
    );
    assert.equal(out.Plaintext?.length, 32);
  });

  it('accepts every advertised key id and refuses the denied one', async () => {
    for (const KeyId of liveEnv().kmsKeyIds) {
      const out = await kms.send(new GenerateDataKeyCommand({ KeyId, KeySpec: 'AES_256' }));
      assert.equal(out.Plaintext?.length, 32, KeyId);
    }
    await assert.rejects(
      kms.send(new GenerateDataKeyCommand({ KeyId: liveEnv().kmsDeniedKeyId, KeySpec: 'AES_256' })),
      { name: 'AccessDeniedException' },
    );
  });

  it("serves Ruby's Aws::KMS::Client (the CSE interop peer): same data key back, context enforced", async function () {
    this.timeout(30_000);
    const script = `
      require "aws-sdk-kms"
      c = Aws::KMS::Client.new(endpoint: ARGV[0], region: "us-east-1", credentials: Aws::Credentials.new("AKID", "local"))
      g = c.generate_data_key(key_id: ARGV[1], key_spec: "AES_256", encryption_context: {"purpose" => "ruby"})
      d = c.decrypt(ciphertext_blob: g.ciphertext_blob, encryption_context: {"purpose" => "ruby"})
      puts(d.plaintext == g.plaintext ? "same-key" : "different-key")
      begin
        c.decrypt(ciphertext_blob: g.ciphertext_blob, encryption_context: {"purpose" => "other"})
        puts "accepted-wrong-context"
      rescue Aws::KMS::Errors::ServiceError => e
        puts e.class.name
      end`;
    const out = await new Promise<string>((resolve, reject) => {
      execFile('ruby', ['-e', script, liveEnv().kmsEndpoint, 'alias/s3enc-demo'], (err, stdout, stderr) => {
        if (err) reject(new Error(`ruby failed (install Debian ruby-aws-sdk-kms): ${stderr || err.message}`));
        else resolve(stdout);
      });
    });
    assert.deepEqual(out.trim().split('\n'), ['same-key', 'Aws::KMS::Errors::InvalidCiphertextException']);
  });
});
