// `s3enc reencrypt` end to end against Ceph RGW: unencrypted objects become SSE-KMS with their bytes,
// metadata, content type and tags kept; SSE-C objects without their key and objects under another KMS key
// are skipped and reported; --dry-run changes nothing and prints the plan with the KMS estimate.
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { sseCParams } from '../../src/core/transfer/sse-params';
import { liveEnv } from '../../tools/live/live-env';
import { useLiveBucket } from '../support/live-fixtures';
import { s3enc } from './s3enc-run';

interface Seeded {
  plain: Array<{ key: string; data: Buffer }>;
  sseC: string;
  sseCKey: Buffer;
  otherKey: string;
}

async function seed(client: S3Client, bucket: string, prefix: string): Promise<Seeded> {
  const env = liveEnv();
  const plain: Seeded['plain'] = [];
  for (const name of ['report.csv', 'nested/photo one.jpg', 'ünïcode+plus.txt']) {
    const key = `${prefix}${name}`;
    const data = randomBytes(2000 + plain.length * 777);
    await client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: data,
        ContentType: `application/x-test-${plain.length}`,
        Metadata: { owner: `team-${plain.length}` },
        Tagging: `class=keep&n=${plain.length}`,
      }),
    );
    plain.push({ key, data });
  }
  const sseC = `${prefix}secret.bin`;
  const sseCKey = randomBytes(32);
  await client.send(
    new PutObjectCommand({ Bucket: bucket, Key: sseC, Body: randomBytes(100), ...sseCParams(sseCKey) }),
  );
  const otherKey = `${prefix}other-key.bin`;
  await client.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: otherKey,
      Body: randomBytes(100),
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: env.rgwKmsKeyIds[1],
    }),
  );
  return { plain, sseC, sseCKey, otherKey };
}

async function snapshot(client: S3Client, bucket: string, keys: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const key of keys) {
    try {
      const h = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      out.push(
        `${key} ${h.ETag} ${h.ServerSideEncryption ?? '-'} ${h.SSEKMSKeyId ?? '-'} ${h.LastModified?.toISOString()}`,
      );
    } catch (e) {
      out.push(`${key} ${(e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode}`);
    }
  }
  return out;
}

describe('s3enc reencrypt against Ceph RGW', function () {
  this.timeout(180_000);
  const s = useLiveBucket('cli-reencrypt');

  it('--dry-run changes nothing and prints the plan per method with the KMS request estimate', async () => {
    const seeded = await seed(s.client, s.bucket, 'dry/');
    const keys = [...seeded.plain.map((p) => p.key), seeded.sseC, seeded.otherKey];
    const before = await snapshot(s.client, s.bucket, keys);
    const key = liveEnv().rgwKmsKeyIds[0];
    const json = await s3enc([
      'reencrypt',
      `s3://${s.bucket}/dry/`,
      '--sse',
      'aws:kms',
      '--sse-kms-key-id',
      key,
      '--dry-run',
      '--json',
      '--endpoint',
      liveEnv().s3Endpoint,
    ]);
    assert.equal(json.code, 0, json.stderr);
    const { plan } = JSON.parse(json.stdout) as {
      plan: {
        byMethod: Record<string, { objects: number; bytes: number }>;
        skipped: Record<string, number>;
        kms: { withoutBucketKey: number; withBucketKey: number; quotaPerSecond: number; recommendation: string };
      };
    };
    assert.equal(plan.byMethod.copy.objects, 3);
    assert.equal(
      plan.byMethod.copy.bytes,
      seeded.plain.reduce((n, p) => n + p.data.length, 0),
    );
    assert.deepEqual(plan.skipped, { 'sse-c-without-key': 1, 'other-kms-key': 1 });
    // Three SSE-KMS writes without a Bucket Key; the quota is us-east-1's default.
    assert.equal(plan.kms.withoutBucketKey, 3);
    assert.equal(plan.kms.quotaPerSecond, 30_000);
    assert.match(plan.kms.recommendation, /Bucket Key/);
    const text = await s3enc([
      'reencrypt',
      `s3://${s.bucket}/dry/`,
      '--sse',
      'aws:kms',
      '--sse-kms-key-id',
      key,
      '--dry-run',
      '--endpoint',
      liveEnv().s3Endpoint,
    ]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /in-place copy\s+3 objects/);
    assert.match(text.stdout, /KMS requests \(estimate\): 3 without a Bucket Key/);
    assert.deepEqual(await snapshot(s.client, s.bucket, keys), before, 'a dry run must not change any object');
  });

  it('turns unencrypted objects into SSE-KMS keeping bytes, metadata, content type and tags; skips and reports SSE-C and other-key objects', async () => {
    const seeded = await seed(s.client, s.bucket, 'run/');
    const untouched = await snapshot(s.client, s.bucket, [seeded.sseC, seeded.otherKey]);
    const key = liveEnv().rgwKmsKeyIds[0];
    const r = await s3enc([
      'reencrypt',
      `s3://${s.bucket}/run/`,
      '--sse',
      'aws:kms',
      '--sse-kms-key-id',
      key,
      '--endpoint',
      liveEnv().s3Endpoint,
    ]);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stdout, new RegExp(`skipped: s3://${s.bucket}/run/secret.bin: SSE-C`));
    assert.match(r.stdout, new RegExp(`skipped: s3://${s.bucket}/run/other-key.bin: encrypted under another KMS key`));
    assert.match(r.stdout, /Done: 3 re-encrypted .* 2 skipped, 0 failed/);
    for (const [i, p] of seeded.plain.entries()) {
      const got = await s.client.send(new GetObjectCommand({ Bucket: s.bucket, Key: p.key }));
      assert.equal(got.ServerSideEncryption, 'aws:kms', p.key);
      assert.equal(got.SSEKMSKeyId, key);
      assert.equal(got.ContentType, `application/x-test-${i}`);
      assert.deepEqual(got.Metadata, { owner: `team-${i}` });
      assert.ok(Buffer.from(await got.Body!.transformToByteArray()).equals(p.data), `bytes of ${p.key}`);
      const tags = await s.client.send(new GetObjectTaggingCommand({ Bucket: s.bucket, Key: p.key }));
      assert.deepEqual((tags.TagSet ?? []).map((t) => `${t.Key}=${t.Value}`).sort(), ['class=keep', `n=${i}`]);
    }
    assert.deepEqual(
      await snapshot(s.client, s.bucket, [seeded.sseC, seeded.otherKey]),
      untouched,
      'skipped objects stay as they were',
    );
    // Running again finds nothing left to do.
    const again = await s3enc([
      'reencrypt',
      `s3://${s.bucket}/run/`,
      '--sse',
      'aws:kms',
      '--sse-kms-key-id',
      key,
      '--dry-run',
      '--json',
      '--endpoint',
      liveEnv().s3Endpoint,
    ]);
    assert.deepEqual((JSON.parse(again.stdout) as { plan: { skipped: Record<string, number> } }).plan.skipped, {
      'already-in-target': 3,
      'sse-c-without-key': 1,
      'other-kms-key': 1,
    });
  });

  it('--allow-kms-key-change moves the other-key object too; with its key, the SSE-C object is rewritten', async () => {
    const seeded = await seed(s.client, s.bucket, 'opt/');
    const key = liveEnv().rgwKmsKeyIds[0];
    const keyFile = join(s.dir, 'opt-ssec.key');
    writeFileSync(keyFile, seeded.sseCKey.toString('hex'));
    const r = await s3enc([
      'reencrypt',
      `s3://${s.bucket}/opt/`,
      '--sse',
      'aws:kms',
      '--sse-kms-key-id',
      key,
      '--allow-kms-key-change',
      '--only',
      'SSE-KMS,SSE-C',
      '--sse-c-key-file',
      keyFile,
      '--allow-http-loopback',
      '--json',
      '--endpoint',
      liveEnv().s3Endpoint,
    ]);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const { report } = JSON.parse(r.stdout) as {
      report: { changed: Array<{ key: string; method: string }>; skipped: Array<{ key: string; reason: string }> };
    };
    assert.deepEqual(report.changed.map((c) => c.key).sort(), [seeded.otherKey, seeded.sseC].sort());
    assert.equal(report.changed.find((c) => c.key === seeded.sseC)?.method, 'rewrite');
    assert.deepEqual(
      [...new Set(report.skipped.map((x) => x.reason))],
      ['filtered-out'],
      'the unencrypted objects are outside --only',
    );
    for (const k of [seeded.otherKey, seeded.sseC]) {
      const head = await s.client.send(new HeadObjectCommand({ Bucket: s.bucket, Key: k }));
      assert.equal(head.ServerSideEncryption, 'aws:kms', k);
      assert.equal(head.SSEKMSKeyId, key, k);
    }
  });
});
