// The demo seed puts what it claims on the real RGW: each object answers HeadObject with its mode's
// signature, CSE objects carry the vectors' envelopes, and the policy buckets hold their policies.
import {
  GetBucketPolicyCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDemo, type DemoSeed } from '../../tools/seed-demo';
import { liveEnv } from '../../tools/live/live-env';
import { deleteBucketCompletely, liveS3Client } from '../../tools/live/s3-test-bucket';

const statusOf = async (p: Promise<unknown>): Promise<number | undefined> => {
  try {
    await p;
    return 200;
  } catch (e) {
    return (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  }
};

describe('demo seed (tools/seed-demo.ts) on the live RGW', function () {
  this.timeout(60_000);
  let client: S3Client;
  let seeded: DemoSeed;
  let demoDir: string;

  before(async () => {
    client = liveS3Client();
    demoDir = mkdtempSync(join(tmpdir(), 's3enc-seed-test-'));
    // A unique prefix: parallel runs against a shared RGW never touch the real demo buckets.
    seeded = await seedDemo(liveEnv(), { demoDir, client, bucketPrefix: `t${randomBytes(3).toString('hex')}-` });
  });
  after(async () => {
    for (const b of seeded?.buckets ?? []) await deleteBucketCompletely(client, b);
    client.destroy();
    rmSync(demoDir, { recursive: true, force: true });
  });

  it('seeds every mode RGW can hold, plus folders and an empty bucket', async () => {
    const modes = new Set(seeded.objects.map((o) => o.expectedMode));
    for (const m of ['none', 'SSE-KMS', 'SSE-C', 'CSE-V1', 'CSE-V2', 'CSE-V3'] as const) assert.ok(modes.has(m), m);
    const folders = await client.send(
      new ListObjectsV2Command({ Bucket: seeded.bucketNames.encrypted, Delimiter: '/' }),
    );
    const prefixes = (folders.CommonPrefixes ?? []).map((p) => p.Prefix);
    for (const p of ['cse/', 'docs/', 'logs/', 'plain/', 'sse-c/', 'sse-kms/']) assert.ok(prefixes.includes(p), p);
    const empty = await client.send(new ListObjectsV2Command({ Bucket: seeded.bucketNames.empty }));
    assert.equal(empty.KeyCount, 0);
  });

  it('SSE-KMS objects report aws:kms; SSE-C objects need the key written to the demo folder', async () => {
    for (const o of seeded.objects.filter((x) => x.expectedMode === 'SSE-KMS')) {
      const head = await client.send(new HeadObjectCommand({ Bucket: o.bucket, Key: o.key }));
      assert.equal(head.ServerSideEncryption, 'aws:kms', o.key);
    }
    assert.equal(statSync(seeded.sseCKeyFile).mode & 0o077, 0, 'SSE-C key file is private');
    const key = readFileSync(seeded.sseCKeyFile);
    const sseC = seeded.objects.find((x) => x.expectedMode === 'SSE-C')!;
    assert.equal(await statusOf(client.send(new HeadObjectCommand({ Bucket: sseC.bucket, Key: sseC.key }))), 400);
    const head = await client.send(
      new HeadObjectCommand({
        Bucket: sseC.bucket,
        Key: sseC.key,
        SSECustomerAlgorithm: 'AES256',
        SSECustomerKey: key.toString('base64'),
        SSECustomerKeyMD5: createHash('md5').update(key).digest('base64'),
      }),
    );
    assert.equal(head.SSECustomerAlgorithm, 'AES256');
  });

  it('CSE objects carry their envelope in metadata or in a <key>.instruction object', async () => {
    for (const o of seeded.objects.filter((x) => x.expectedMode.startsWith('CSE'))) {
      const head = await client.send(new HeadObjectCommand({ Bucket: o.bucket, Key: o.key }));
      const meta = head.Metadata ?? {};
      const marker = { 'CSE-V1': 'x-amz-key', 'CSE-V2': 'x-amz-cek-alg', 'CSE-V3': 'x-amz-c' }[
        o.expectedMode as 'CSE-V1'
      ];
      if (meta[marker] === undefined) {
        const instr = await client.send(new GetObjectCommand({ Bucket: o.bucket, Key: `${o.key}.instruction` }));
        const envelope = JSON.parse(await instr.Body!.transformToString()) as Record<string, string>;
        assert.ok(envelope['x-amz-key-v2'] ?? envelope['x-amz-3'], `${o.key}: instruction file holds the wrapped key`);
      }
      assert.equal(head.ServerSideEncryption, undefined, `${o.key}: no SSE on a CSE object`);
    }
  });

  it('the TLS bucket holds a SecureTransport deny; the SSE bucket refuses an unencrypted upload', async () => {
    const tls = await client.send(new GetBucketPolicyCommand({ Bucket: seeded.bucketNames.tlsPolicy }));
    assert.match(tls.Policy ?? '', /"aws:SecureTransport":"false"/);
    const bucket = seeded.bucketNames.requireSse;
    assert.equal(
      await statusOf(client.send(new PutObjectCommand({ Bucket: bucket, Key: 'plain.txt', Body: 'x' }))),
      403,
    );
    await client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'ok.txt',
        Body: 'x',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: liveEnv().rgwKmsKeyIds[0],
      }),
    );
  });
});
