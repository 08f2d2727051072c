// SSE-C blocked by default (2026): an SSE-C write to a bucket whose encryption rule blocks SSE-C is stopped
// before any byte is sent (the stand-in's request recorder proves it), with the explanation and both ways
// out; a 403 on an SSE-C write is explained the same way when the configuration cannot be read; Block and
// Unblock SSE-C show their diff before applying it.
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateBucketCommand, PutBucketEncryptionCommand } from '@aws-sdk/client-s3';
import { getDefaultEncryption } from '../../../src/core/s3/bucket-info';
import { applySseCBlockChange, planSseCBlockChange } from '../../../src/core/transfer/bucket-actions';
import { uploadFile } from '../../../src/core/transfer/file-transfers';
import { readSseCBlock } from '../../../src/core/transfer/sse-c-block';
import { useStandIn } from '../../support/stand-in';
import { uniqueBucketName, deleteBucketCompletely } from '../../../tools/live/s3-test-bucket';
import { s3enc } from '../../cli/s3enc-run';
import { randomFile, useLiveBucket } from '../../support/live-fixtures';

describe('SSE-C blocked by default (stand-in in front of Ceph RGW)', function () {
  this.timeout(120_000);
  const s = useLiveBucket('ssec-block');
  const t = useStandIn();

  async function blockedBucket(): Promise<string> {
    const bucket = uniqueBucketName('ssec-blocked');
    await t.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await t.s3.send(
      new PutBucketEncryptionCommand({
        Bucket: bucket,
        ServerSideEncryptionConfiguration: {
          Rules: [
            {
              ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' },
              BlockedEncryptionTypes: { EncryptionType: ['SSE-C'] },
            },
          ],
        },
      }),
    );
    after(() => deleteBucketCompletely(s.client, bucket));
    return bucket;
  }

  /** Requests that write an object (not the bucket setup) to `bucket`. */
  const writesTo = (bucket: string) =>
    t.standIn.proxy.requests.filter(
      (r) =>
        r.path.length > bucket.length + 2 &&
        r.path.startsWith(`/${bucket}/`) &&
        (r.method === 'PUT' || r.method === 'POST'),
    );

  it('an SSE-C upload is stopped before any byte is sent, with the April 2026 change and both ways out', async () => {
    const bucket = await blockedBucket();
    const f = randomFile(s.dir, 'big.bin', 20 * 1024 * 1024);
    await assert.rejects(
      uploadFile({
        client: t.s3,
        localPath: f.path,
        bucket,
        key: 'secret.bin',
        write: { sse: { mode: 'SSE-C', key: randomBytes(32) } },
      }),
      (err: Error) => {
        assert.equal(err.name, 'SseCBlocked');
        assert.match(err.message, /blocks SSE-C writes .*nothing was sent/);
        assert.match(err.message, /Since April 2026/);
        assert.match(err.message, /write with SSE-KMS instead/);
        assert.match(err.message, /Unblock SSE-C/);
        assert.match(err.message, /- +"SSE-C"\n\+ +"NONE"/, 'the diff of the encryption configuration');
        return true;
      },
    );
    assert.deepEqual(writesTo(bucket), [], 'no PUT or POST reached the server');
  });

  it('s3enc cp with an SSE-C key to such a bucket fails with SseCBlocked and sends nothing', async () => {
    const bucket = await blockedBucket();
    const f = randomFile(s.dir, 'cli.bin', 4096);
    const keyFile = join(s.dir, 'ssec.hex');
    writeFileSync(keyFile, randomBytes(32).toString('hex'));
    const r = await s3enc([
      'cp',
      f.path,
      `s3://${bucket}/x.bin`,
      '--sse-c-key-file',
      keyFile,
      '--allow-http-loopback',
      '--endpoint',
      t.standIn.s3Endpoint,
    ]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^SseCBlocked: s3:\/\/.* blocks SSE-C writes/m);
    assert.deepEqual(writesTo(bucket), []);
  });

  it('a 403 on an SSE-C write is explained as blocked SSE-C when the configuration cannot be read', async () => {
    const bucket = await blockedBucket();
    t.standIn.proxy.denyEncryptionRead.add(bucket);
    const f = randomFile(s.dir, 'denied.bin', 1000);
    await assert.rejects(
      uploadFile({
        client: t.s3,
        localPath: f.path,
        bucket,
        key: 'd.bin',
        write: { sse: { mode: 'SSE-C', key: randomBytes(32) } },
      }),
      (err: Error) => {
        assert.equal(err.name, 'SseCBlocked');
        assert.match(
          err.message,
          /S3 denied the SSE-C write .*could not be read, but the likely cause is that the bucket blocks SSE-C/,
        );
        assert.match(err.message, /Since April 2026/);
        return true;
      },
    );
  });

  it('the bucket info the explorer reads reports the block', async () => {
    const bucket = await blockedBucket();
    assert.equal((await getDefaultEncryption(t.s3, bucket)).value.sseCBlocked, true);
    assert.equal((await getDefaultEncryption(s.client, s.bucket)).value.sseCBlocked, undefined);
  });

  it('Unblock SSE-C shows the diff first, then SSE-C writes go through; Block SSE-C restores the block', async () => {
    const bucket = await blockedBucket();
    const unblock = await planSseCBlockChange(t.s3, bucket, false);
    assert.equal(unblock.unchanged, false);
    assert.match(unblock.diff, /"SSEAlgorithm": "AES256"/);
    assert.match(unblock.diff, /^- +"SSE-C"$/m);
    assert.match(unblock.diff, /^\+ +"NONE"$/m);
    assert.equal((await readSseCBlock(t.s3, bucket)).state, 'blocked', 'planning changes nothing');
    await applySseCBlockChange(t.s3, bucket, unblock);
    assert.equal((await readSseCBlock(t.s3, bucket)).state, 'allowed');
    const f = randomFile(s.dir, 'ok.bin', 1000);
    const key = randomBytes(32);
    const up = await uploadFile({
      client: t.s3,
      localPath: f.path,
      bucket,
      key: 'ok.bin',
      write: { sse: { mode: 'SSE-C', key } },
    });
    assert.equal(up.bytes, 1000);
    const block = await planSseCBlockChange(t.s3, bucket, true);
    assert.match(block.diff, /^- +"NONE"$/m);
    await applySseCBlockChange(t.s3, bucket, block);
    assert.equal((await readSseCBlock(t.s3, bucket)).state, 'blocked');
  });
});
