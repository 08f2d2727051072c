// Interop with Debian's AWS CLI (/usr/bin/aws) on Ceph RGW: SSE-C objects written by `s3enc cp` download
// with `aws s3 cp --sse-c`, and the reverse; SSE-KMS with RGW's testing keys both ways.
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { liveEnv } from '../../tools/live/live-env';
import { MIB, randomFile, useLiveBucket } from '../support/live-fixtures';
import { awsCli, s3encCp } from '../cli/cp-support';

describe('transfer interop with /usr/bin/aws on Ceph RGW', function () {
  this.timeout(180_000);
  const s = useLiveBucket('awscli-interop');
  let keyFile: string;
  before(() => {
    keyFile = join(s.dir, 'ssec.key');
    writeFileSync(keyFile, randomBytes(32)); // raw bytes, as `fileb://` reads them
  });

  it('SSE-C: s3enc cp uploads (multipart), aws s3 cp --sse-c downloads the same bytes', async () => {
    const f = randomFile(s.dir, 'ours.bin', 9 * MIB + 3);
    const up = await s3encCp([
      f.path,
      `s3://${s.bucket}/ours.bin`,
      '--sse-c-key-file',
      keyFile,
      '--allow-http-loopback',
      '--part-size',
      '5',
      '--multipart-threshold',
      '5',
    ]);
    assert.equal(up.code, 0, up.stderr);
    const out = join(s.dir, 'ours.by-aws');
    const down = await awsCli([
      's3',
      'cp',
      `s3://${s.bucket}/ours.bin`,
      out,
      '--sse-c',
      'AES256',
      '--sse-c-key',
      `fileb://${keyFile}`,
    ]);
    assert.equal(down.code, 0, down.stderr);
    assert.ok(readFileSync(out).equals(f.data));
  });

  it('SSE-C: aws s3 cp --sse-c uploads, s3enc cp downloads; a wrong key is refused by both', async () => {
    const f = randomFile(s.dir, 'theirs.bin', 2 * MIB);
    const up = await awsCli([
      's3',
      'cp',
      f.path,
      `s3://${s.bucket}/theirs.bin`,
      '--sse-c',
      'AES256',
      '--sse-c-key',
      `fileb://${keyFile}`,
    ]);
    assert.equal(up.code, 0, up.stderr);
    const out = join(s.dir, 'theirs.by-us');
    const down = await s3encCp([
      `s3://${s.bucket}/theirs.bin`,
      out,
      '--sse-c-key-file',
      keyFile,
      '--allow-http-loopback',
    ]);
    assert.equal(down.code, 0, down.stderr);
    assert.ok(readFileSync(out).equals(f.data));
    const wrong = join(s.dir, 'wrong.key');
    writeFileSync(wrong, randomBytes(32).toString('hex'));
    const bad = await s3encCp([
      `s3://${s.bucket}/theirs.bin`,
      join(s.dir, 'nope'),
      '--sse-c-key-file',
      wrong,
      '--allow-http-loopback',
    ]);
    assert.match(bad.stderr, /^SseCKeyMismatch: .*the key does not match/m);
  });

  it('SSE-KMS with an RGW testing key: each side reads what the other wrote, and HEAD names the key', async () => {
    const keyId = liveEnv().rgwKmsKeyIds[1];
    const f = randomFile(s.dir, 'kms.bin', 6 * MIB);
    assert.equal(
      (await s3encCp([f.path, `s3://${s.bucket}/kms-ours.bin`, '--sse', 'aws:kms', '--sse-kms-key-id', keyId])).code,
      0,
    );
    assert.equal(
      (
        await awsCli([
          's3',
          'cp',
          f.path,
          `s3://${s.bucket}/kms-theirs.bin`,
          '--sse',
          'aws:kms',
          '--sse-kms-key-id',
          keyId,
        ])
      ).code,
      0,
    );
    for (const key of ['kms-ours.bin', 'kms-theirs.bin']) {
      const head = await s.client.send(new HeadObjectCommand({ Bucket: s.bucket, Key: key }));
      assert.equal(head.ServerSideEncryption, 'aws:kms');
      assert.equal(head.SSEKMSKeyId, keyId);
    }
    const byAws = join(s.dir, 'kms.by-aws');
    assert.equal((await awsCli(['s3', 'cp', `s3://${s.bucket}/kms-ours.bin`, byAws])).code, 0);
    assert.ok(readFileSync(byAws).equals(f.data));
    const byUs = join(s.dir, 'kms.by-us');
    assert.equal((await s3encCp([`s3://${s.bucket}/kms-theirs.bin`, byUs])).code, 0);
    assert.ok(readFileSync(byUs).equals(f.data));
  });
});
