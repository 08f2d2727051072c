// Live (Ceph RGW): "Change encryption…" keeps everything about the object but its encryption, across
// SSE→SSE (in-place copy, multipart copy) and CSE↔SSE (stream down and up), and never loses the object.
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectTaggingCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { AesKeyring, isClientSideEncrypted } from '../../../src/core/crypto';
import { keyMd5 } from '../../../src/core/keys/key-material';
import {
  executeEncryptionChange,
  planEncryptionChange,
  changeObjectEncryption,
} from '../../../src/core/transfer/change-encryption';
import { copyObject } from '../../../src/core/transfer/copy';
import { KmsKeyWouldChangeError } from '../../../src/core/transfer/errors';
import { downloadFile } from '../../../src/core/transfer/file-transfers';
import { sseCParams } from '../../../src/core/transfer/sse-params';
import { liveEnv } from '../../../tools/live/live-env';
import { MIB, pendingUploads, useLiveBucket } from '../../support/live-fixtures';

describe('change encryption against Ceph RGW', function () {
  this.timeout(120_000);
  const s = useLiveBucket('reencrypt');
  const ssecKey = randomBytes(32);
  const aes = new AesKeyring(randomBytes(32));

  async function putWithEverything(key: string, body: Buffer, extra: object = {}): Promise<void> {
    await s.client.send(
      new PutObjectCommand({
        Bucket: s.bucket,
        Key: key,
        Body: body,
        ContentType: 'text/csv',
        CacheControl: 'max-age=60',
        ContentDisposition: 'attachment; filename="r.csv"',
        Metadata: { owner: 'team-a', 'source-system': 'crm' },
        Tagging: 'class=confidential&retention=7y',
        ...extra,
      }),
    );
  }

  async function assertKept(key: string, read: object = {}): Promise<void> {
    const head = await s.client.send(new HeadObjectCommand({ Bucket: s.bucket, Key: key, ...read }));
    assert.equal(head.ContentType, 'text/csv');
    assert.equal(head.CacheControl, 'max-age=60');
    assert.equal(head.ContentDisposition, 'attachment; filename="r.csv"');
    assert.equal(head.Metadata?.owner, 'team-a');
    assert.equal(head.Metadata?.['source-system'], 'crm');
    const tags = await s.client.send(new GetObjectTaggingCommand({ Bucket: s.bucket, Key: key }));
    assert.deepEqual(Object.fromEntries((tags.TagSet ?? []).map((t) => [t.Key, t.Value])), {
      class: 'confidential',
      retention: '7y',
    });
  }

  it('SSE-C → SSE-KMS in place keeps metadata, content type, tags; the old key no longer applies', async () => {
    const body = randomBytes(100_000);
    await putWithEverything('a/report.csv', body, sseCParams(ssecKey));
    await changeObjectEncryption(
      {
        client: s.client,
        bucket: s.bucket,
        read: { sseCKey: ssecKey },
        target: { sse: { mode: 'SSE-KMS', keyId: liveEnv().rgwKmsKeyIds[0] } },
      },
      'a/report.csv',
    );
    const head = await s.client.send(new HeadObjectCommand({ Bucket: s.bucket, Key: 'a/report.csv' }));
    assert.equal(head.ServerSideEncryption, 'aws:kms');
    assert.equal(head.SSEKMSKeyId, liveEnv().rgwKmsKeyIds[0]);
    await assertKept('a/report.csv');
    const out = join(s.dir, 'report.csv');
    await downloadFile({ client: s.client, bucket: s.bucket, key: 'a/report.csv', destPath: out, read: {} });
    assert.ok(readFileSync(out).equals(body));
  });

  it('refuses "bucket default" on the SSE-KMS object (would replace its key) and leaves it untouched', async () => {
    await assert.rejects(
      changeObjectEncryption(
        { client: s.client, bucket: s.bucket, read: {}, target: { sse: { mode: 'bucket-default' } } },
        'a/report.csv',
      ),
      KmsKeyWouldChangeError,
    );
    const head = await s.client.send(new HeadObjectCommand({ Bucket: s.bucket, Key: 'a/report.csv' }));
    assert.equal(head.SSEKMSKeyId, liveEnv().rgwKmsKeyIds[0]);
  });

  it('SSE-KMS → CSE (V3) → SSE-C streams through the client, keeping metadata and tags', async () => {
    await changeObjectEncryption(
      {
        client: s.client,
        bucket: s.bucket,
        read: {},
        target: { sse: { mode: 'bucket-default' }, cse: { keyring: aes, format: 'v3', envelope: 'metadata' } },
        allowKmsKeyChange: true,
      },
      'a/report.csv',
    );
    let head = await s.client.send(new HeadObjectCommand({ Bucket: s.bucket, Key: 'a/report.csv' }));
    assert.ok(isClientSideEncrypted(head.Metadata ?? {}), 'now client-side encrypted');
    await assertKept('a/report.csv');
    await changeObjectEncryption(
      {
        client: s.client,
        bucket: s.bucket,
        read: { cse: { keyring: aes } },
        target: { sse: { mode: 'SSE-C', key: ssecKey } },
      },
      'a/report.csv',
    );
    head = await s.client.send(
      new HeadObjectCommand({ Bucket: s.bucket, Key: 'a/report.csv', ...sseCParams(ssecKey) }),
    );
    assert.equal(head.SSECustomerKeyMD5, keyMd5(ssecKey));
    assert.equal(isClientSideEncrypted(head.Metadata ?? {}), false, 'CSE metadata removed');
    await assertKept('a/report.csv', sseCParams(ssecKey));
  });

  it('a multipart copy (above the copy threshold) keeps tags and metadata too', async () => {
    const body = randomBytes(11 * MIB);
    await putWithEverything('big.bin', body);
    const r = await copyObject({
      client: s.client,
      source: { bucket: s.bucket, key: 'big.bin' },
      dest: { bucket: s.bucket, key: 'big.bin' },
      sse: { mode: 'SSE-KMS', keyId: liveEnv().rgwKmsKeyIds[1] },
      multipartCopyThresholdBytes: 5 * MIB,
      copyPartSizeBytes: 5 * MIB,
    });
    assert.equal(r.parts, 3);
    const head = await s.client.send(new HeadObjectCommand({ Bucket: s.bucket, Key: 'big.bin' }));
    assert.equal(
      head.ServerSideEncryption,
      'aws:kms',
      'the new SSE really applies (RGW ignores it on copies: we must notice)',
    );
    assert.equal(head.SSEKMSKeyId, liveEnv().rgwKmsKeyIds[1]);
    await assertKept('big.bin');
    const out = join(s.dir, 'big.out');
    await downloadFile({ client: s.client, bucket: s.bucket, key: 'big.bin', destPath: out, read: {} });
    assert.ok(readFileSync(out).equals(body));
    assert.deepEqual(await pendingUploads(s.client, s.bucket), []);
  });

  it('a wrong CSE key fails that object only; the object stays readable with the right key', async () => {
    const body = randomBytes(50_000);
    await putWithEverything('c/x.bin', body);
    await changeObjectEncryption(
      {
        client: s.client,
        bucket: s.bucket,
        read: {},
        target: { sse: { mode: 'bucket-default' }, cse: { keyring: aes, format: 'v2', envelope: 'instruction-file' } },
      },
      'c/x.bin',
    );
    await putWithEverything('c/y.bin', body);
    const plan = await planEncryptionChange(s.client, s.bucket, 'c/', {
      cse: { keyring: new AesKeyring(randomBytes(32)) },
    });
    assert.deepEqual(plan.countsByMode, { 'CSE-V2': 1, none: 1 }, 'the instruction file is not counted as an object');
    const report = await executeEncryptionChange(plan, {
      client: s.client,
      bucket: s.bucket,
      read: { cse: { keyring: new AesKeyring(randomBytes(32)) } },
      target: { sse: { mode: 'SSE-S3' } },
    });
    assert.deepEqual(report.changed, ['c/y.bin']);
    assert.equal(report.failed.length, 1);
    assert.match(report.failed[0].error, /WrongKey|AuthenticationFailed/);
    const out = join(s.dir, 'x.out');
    await downloadFile({
      client: s.client,
      bucket: s.bucket,
      key: 'c/x.bin',
      destPath: out,
      read: { cse: { keyring: aes } },
    });
    assert.ok(readFileSync(out).equals(body));
  });
});
