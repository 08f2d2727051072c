// Live (Ceph RGW): multipart uploads in each SSE mode, downloads that never leave partial files, and the
// promise that cancel or any failure leaves no multipart upload behind.
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { liveEnv } from '../../../tools/live/live-env';
import { keyMd5 } from '../../../src/core/keys/key-material';
import { downloadFile, uploadFile } from '../../../src/core/transfer/file-transfers';
import { uploadObject } from '../../../src/core/transfer/upload';
import { SseCKeyMismatchError, SseCKeyRequiredError, TransferCancelledError } from '../../../src/core/transfer/errors';
import { sseCParams } from '../../../src/core/transfer/sse-params';
import { MIB, objectExists, pendingUploads, randomFile, useLiveBucket } from '../../support/live-fixtures';

const SMALL_PARTS = { thresholdBytes: 5 * MIB, partSizeBytes: 5 * MIB, concurrency: 2 };

describe('transfer engine against Ceph RGW', function () {
  this.timeout(120_000);
  const s = useLiveBucket('transfer-engine');

  it('uploads a 12 MiB file in 3 parts with no SSE header and downloads it byte for byte', async () => {
    const f = randomFile(s.dir, 'plain.bin', 12 * MIB + 7);
    let reported = 0;
    const up = await uploadFile({
      client: s.client,
      localPath: f.path,
      bucket: s.bucket,
      key: 'plain.bin',
      write: { sse: { mode: 'bucket-default' } },
      multipart: SMALL_PARTS,
      onBytes: (n) => (reported += n),
    });
    assert.equal(up.parts, 3);
    assert.equal(reported, f.data.length);
    const head = await s.client.send(new HeadObjectCommand({ Bucket: s.bucket, Key: 'plain.bin' }));
    assert.match(head.ETag ?? '', /-3"$/, 'a multipart ETag');
    assert.equal(head.ServerSideEncryption, undefined);
    const dest = join(s.dir, 'plain.out');
    await downloadFile({ client: s.client, bucket: s.bucket, key: 'plain.bin', destPath: dest, read: {} });
    assert.ok(readFileSync(dest).equals(f.data));
    assert.deepEqual(await pendingUploads(s.client, s.bucket), []);
  });

  it('downloads a large object with parallel ranged GETs (SSE-C included) byte for byte, leaving no temp file', async () => {
    // 20 MiB + 5 is above the 16 MiB ranged-download threshold: 8 MiB ranges fetched in parallel and written at
    // their offsets; the odd tail checks the last, short range lands exactly.
    const key = randomBytes(32);
    const f = randomFile(s.dir, 'ranged.bin', 20 * MIB + 5);
    await uploadFile({
      client: s.client,
      localPath: f.path,
      bucket: s.bucket,
      key: 'ranged.bin',
      write: { sse: { mode: 'SSE-C', key } },
      multipart: SMALL_PARTS,
    });
    const dir = join(s.dir, 'ranged-dest');
    mkdirSync(dir);
    let reported = 0;
    await downloadFile({
      client: s.client,
      bucket: s.bucket,
      key: 'ranged.bin',
      destPath: join(dir, 'ranged.out'),
      read: { sseCKey: key },
      onBytes: (n) => (reported += n),
    });
    assert.ok(readFileSync(join(dir, 'ranged.out')).equals(f.data));
    assert.equal(reported, f.data.length, 'progress must count every byte once');
    assert.deepEqual(readdirSync(dir), ['ranged.out']);
  });

  it('SSE-C multipart: every part carries the key; the object reads back only with it', async () => {
    const key = randomBytes(32);
    const f = randomFile(s.dir, 'ssec.bin', 11 * MIB);
    await uploadFile({
      client: s.client,
      localPath: f.path,
      bucket: s.bucket,
      key: 'ssec.bin',
      write: { sse: { mode: 'SSE-C', key } },
      multipart: SMALL_PARTS,
    });
    const head = await s.client.send(new HeadObjectCommand({ Bucket: s.bucket, Key: 'ssec.bin', ...sseCParams(key) }));
    assert.equal(head.SSECustomerKeyMD5, keyMd5(key));
    const dest = join(s.dir, 'ssec.out');
    await downloadFile({ client: s.client, bucket: s.bucket, key: 'ssec.bin', destPath: dest, read: { sseCKey: key } });
    assert.ok(readFileSync(dest).equals(f.data));
  });

  it('a wrong SSE-C key says "the key does not match" with the MD5, and writes nothing', async () => {
    const wrong = randomBytes(32);
    const dir = join(s.dir, 'empty-dest');
    mkdirSync(dir);
    await assert.rejects(
      downloadFile({
        client: s.client,
        bucket: s.bucket,
        key: 'ssec.bin',
        destPath: join(dir, 'x.bin'),
        read: { sseCKey: wrong },
      }),
      (e: unknown) =>
        e instanceof SseCKeyMismatchError &&
        /the key does not match/.test(e.message) &&
        e.message.includes(keyMd5(wrong)) &&
        !e.message.includes(wrong.toString('base64')),
    );
    await assert.rejects(
      downloadFile({ client: s.client, bucket: s.bucket, key: 'ssec.bin', destPath: join(dir, 'x.bin'), read: {} }),
      SseCKeyRequiredError,
    );
    assert.deepEqual(readdirSync(dir), []);
  });

  it('SSE-KMS with an RGW testing key: HEAD reports aws:kms and the key', async () => {
    const keyId = liveEnv().rgwKmsKeyIds[0];
    const f = randomFile(s.dir, 'kms.bin', 6 * MIB);
    await uploadFile({
      client: s.client,
      localPath: f.path,
      bucket: s.bucket,
      key: 'kms.bin',
      write: { sse: { mode: 'SSE-KMS', keyId } },
      multipart: SMALL_PARTS,
    });
    const head = await s.client.send(new HeadObjectCommand({ Bucket: s.bucket, Key: 'kms.bin' }));
    assert.equal(head.ServerSideEncryption, 'aws:kms');
    assert.equal(head.SSEKMSKeyId, keyId);
    const dest = join(s.dir, 'kms.out');
    await downloadFile({ client: s.client, bucket: s.bucket, key: 'kms.bin', destPath: dest, read: {} });
    assert.ok(readFileSync(dest).equals(f.data));
  });

  it('cancel during a multipart upload aborts it: no object, no parts left', async () => {
    const controller = new AbortController();
    const f = randomFile(s.dir, 'cancel.bin', 20 * MIB);
    await assert.rejects(
      uploadFile({
        client: s.client,
        localPath: f.path,
        bucket: s.bucket,
        key: 'cancel.bin',
        write: { sse: { mode: 'bucket-default' } },
        multipart: { ...SMALL_PARTS, concurrency: 1 },
        signal: controller.signal,
        onBytes: () => controller.abort(), // cancel as soon as the first part landed
      }),
      TransferCancelledError,
    );
    assert.deepEqual(await pendingUploads(s.client, s.bucket), []);
    assert.equal(await objectExists(s.client, s.bucket, 'cancel.bin'), false);
  });

  it('a source that fails mid-stream aborts the multipart upload', async () => {
    let sent = 0;
    const failing = new Readable({
      read() {
        if (sent >= 12 * MIB) return this.destroy(new Error('disk read error'));
        sent += MIB;
        this.push(randomBytes(MIB));
      },
    });
    await assert.rejects(
      uploadObject({
        client: s.client,
        bucket: s.bucket,
        key: 'broken.bin',
        body: failing,
        sse: { mode: 'bucket-default' },
        multipart: SMALL_PARTS,
      }),
      /disk read error/,
    );
    assert.deepEqual(await pendingUploads(s.client, s.bucket), []);
    assert.equal(await objectExists(s.client, s.bucket, 'broken.bin'), false);
  });
});
