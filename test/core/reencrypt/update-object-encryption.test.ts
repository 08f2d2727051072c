// UpdateObjectEncryption through the stand-in (real @aws-sdk/client-s3 on the wire), the planner's use of it,
// its documented errors, throttling that never fails the run, and the once-per-endpoint support check —
// including Ceph RGW, which would overwrite the object with the request's XML if we simply called it.
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UpdateObjectEncryptionCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import {
  forgetEndpointCapabilities,
  planReencryption,
  runReencryption,
  updateObjectEncryptionSupport,
  AdaptivePace,
} from '../../../src/core/reencrypt';
import { sseCParams } from '../../../src/core/transfer/sse-params';
import { liveEnv } from '../../../tools/live/live-env';
import { standInKeyArn, useStandIn } from '../../support/stand-in';
import { useLiveBucket } from '../../support/live-fixtures';

async function body(client: S3Client, bucket: string, key: string): Promise<Buffer> {
  const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await out.Body!.transformToByteArray());
}

function update(client: S3Client, bucket: string, key: string, arn: string) {
  return client.send(
    new UpdateObjectEncryptionCommand({
      Bucket: bucket,
      Key: key,
      ObjectEncryption: { SSEKMS: { KMSKeyArn: arn, BucketKeyEnabled: true } },
    }),
  );
}

async function rejectsWith(p: Promise<unknown>, name: string, status: number, message: RegExp): Promise<void> {
  await assert.rejects(p, (err: Error & { $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(err.name, name);
    assert.equal(err.$metadata?.httpStatusCode, status);
    assert.match(err.message, message);
    return true;
  });
}

describe('UpdateObjectEncryption (stand-in in front of Ceph RGW)', function () {
  this.timeout(120_000);
  const s = useLiveBucket('uoe');
  const denied = 'arn:aws:kms:us-east-1:111122223333:key/denied-0000';
  const t = useStandIn({ deniedKeyArns: [denied] });
  beforeEach(() => forgetEndpointCapabilities());

  it('moves an SSE-KMS object to another key without changing its bytes', async () => {
    const data = randomBytes(5000);
    await s.client.send(
      new PutObjectCommand({
        Bucket: s.bucket,
        Key: 'k1',
        Body: data,
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: liveEnv().rgwKmsKeyIds[1],
      }),
    );
    await update(t.s3, s.bucket, 'k1', standInKeyArn(0));
    const head = await s.client.send(new HeadObjectCommand({ Bucket: s.bucket, Key: 'k1' }));
    assert.equal(head.ServerSideEncryption, 'aws:kms');
    assert.equal(head.SSEKMSKeyId, liveEnv().rgwKmsKeyIds[0]);
    assert.ok((await body(s.client, s.bucket, 'k1')).equals(data));
  });

  it('answers the documented errors: alias, unencrypted and SSE-C sources, missing key, foreign or denied KMS key', async () => {
    await s.client.send(new PutObjectCommand({ Bucket: s.bucket, Key: 'plain', Body: 'x' }));
    await s.client.send(
      new PutObjectCommand({
        Bucket: s.bucket,
        Key: 'kms',
        Body: 'x',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: liveEnv().rgwKmsKeyIds[0],
      }),
    );
    await s.client.send(
      new PutObjectCommand({ Bucket: s.bucket, Key: 'ssec', Body: 'x', ...sseCParams(randomBytes(32)) }),
    );
    await rejectsWith(
      update(t.s3, s.bucket, 'kms', 'alias/app-data'),
      'InvalidRequest',
      400,
      /valid AWS KMS key Amazon Resource Name/,
    );
    await rejectsWith(
      update(t.s3, s.bucket, 'plain', standInKeyArn(1)),
      'InvalidRequest',
      400,
      /doesn't support unencrypted source objects/,
    );
    await rejectsWith(update(t.s3, s.bucket, 'ssec', standInKeyArn(1)), 'InvalidRequest', 400, /DSSE-KMS or SSE-C/);
    await rejectsWith(update(t.s3, s.bucket, 'missing', standInKeyArn(1)), 'NoSuchKey', 404, /does not exist/);
    await rejectsWith(
      update(t.s3, s.bucket, 'kms', 'arn:aws:kms:us-east-1:444455556666:key/other'),
      'AccessDenied',
      403,
      /same account as the bucket/,
    );
    await rejectsWith(update(t.s3, s.bucket, 'kms', denied), 'AccessDenied', 403, /may not use KMS key/);
    assert.equal(
      (await body(s.client, s.bucket, 'plain')).toString(),
      'x',
      'a refused call leaves the object as it was',
    );
  });

  it('the run uses UpdateObjectEncryption where eligible and copies the rest; 503 SlowDown is retried, never a failure', async () => {
    const prefix = 'run/';
    const datas = new Map<string, Buffer>();
    for (let i = 0; i < 6; i++) {
      const key = `${prefix}kms-${i}`;
      datas.set(key, randomBytes(300 + i));
      await s.client.send(
        new PutObjectCommand({
          Bucket: s.bucket,
          Key: key,
          Body: datas.get(key),
          ServerSideEncryption: 'aws:kms',
          SSEKMSKeyId: liveEnv().rgwKmsKeyIds[1],
        }),
      );
    }
    const target = { mode: 'SSE-KMS' as const, keyId: standInKeyArn(0), bucketKey: true };
    // An unencrypted object next to them cannot take UpdateObjectEncryption: it is planned as a copy.
    // (Not run here: RGW's SSE-KMS backend knows key ids, not the ARNs AWS-style copies would send.)
    await s.client.send(new PutObjectCommand({ Bucket: s.bucket, Key: 'mixed/plain', Body: 'x' }));
    await s.client.send(
      new PutObjectCommand({
        Bucket: s.bucket,
        Key: 'mixed/kms',
        Body: 'x',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: liveEnv().rgwKmsKeyIds[1],
      }),
    );
    const mixed = await planReencryption({
      client: t.s3,
      bucket: s.bucket,
      prefix: 'mixed/',
      target,
      allowKmsKeyChange: true,
      region: 'us-east-1',
      probeUpdateSupport: true,
    });
    assert.deepEqual([mixed.byMethod.update.objects, mixed.byMethod.copy.objects], [1, 1]);
    const plan = await planReencryption({
      client: t.s3,
      bucket: s.bucket,
      prefix,
      target,
      allowKmsKeyChange: true,
      region: 'us-east-1',
      probeUpdateSupport: true,
    });
    assert.equal(plan.updateAssumption, 'supported');
    assert.deepEqual([plan.byMethod.update.objects, plan.byMethod.copy.objects], [6, 0]);
    t.standIn.proxy.throttleNext(4);
    const pace = new AdaptivePace({ baseDelayMs: 5, maxDelayMs: 50 });
    const report = await runReencryption(plan, { client: t.s3, concurrency: 3, pace });
    assert.deepEqual(report.failed, []);
    assert.equal(report.throttled, 4);
    assert.equal(report.changed.filter((c) => c.method === 'update').length, 6);
    for (const [key, data] of datas) {
      const head = await s.client.send(new HeadObjectCommand({ Bucket: s.bucket, Key: key }));
      assert.equal(head.SSEKMSKeyId, liveEnv().rgwKmsKeyIds[0], key);
      assert.ok((await body(s.client, s.bucket, key)).equals(data), key);
    }
  });

  it('support is checked once per endpoint on a probe object: RGW (which would store the XML as the object) is detected and copied instead', async () => {
    const data = randomBytes(64);
    await s.client.send(
      new PutObjectCommand({
        Bucket: s.bucket,
        Key: 'rgw/a',
        Body: data,
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: liveEnv().rgwKmsKeyIds[1],
      }),
    );
    const onRgw = await updateObjectEncryptionSupport(s.client, s.bucket, standInKeyArn(0));
    assert.equal(onRgw.supported, false);
    assert.match(onRgw.detail, /treated UpdateObjectEncryption as an upload/);
    assert.ok((await body(s.client, s.bucket, 'rgw/a')).equals(data), 'real objects are never the probe');
    const probes = await s.client.send(new ListObjectsV2Command({ Bucket: s.bucket, Prefix: '.s3enc-update-probe-' }));
    assert.equal(probes.KeyCount ?? 0, 0, 'the probe object is deleted');
    const plan = await planReencryption({
      client: s.client,
      bucket: s.bucket,
      prefix: 'rgw/',
      target: { mode: 'SSE-KMS', keyId: standInKeyArn(0) },
      allowKmsKeyChange: true,
      region: 'us-east-1',
      probeUpdateSupport: true,
    });
    assert.equal(plan.updateAssumption, 'unsupported');
    assert.equal(plan.byMethod.copy.objects, 1);
    const before = t.standIn.proxy.requests.length;
    assert.equal((await updateObjectEncryptionSupport(t.s3, s.bucket, standInKeyArn(0))).supported, true);
    const afterFirst = t.standIn.proxy.requests.length;
    assert.ok(afterFirst > before, 'the first check probes');
    assert.equal((await updateObjectEncryptionSupport(t.s3, s.bucket, standInKeyArn(0))).supported, true);
    assert.equal(t.standIn.proxy.requests.length, afterFirst, 'the second check is remembered, not probed again');
  });
});
