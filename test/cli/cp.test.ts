// `s3enc cp` end to end against Ceph RGW: every direction, SSE and CSE modes, --json, and its error lines.
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { liveEnv } from '../../tools/live/live-env';
import { MIB, randomFile, useLiveBucket } from '../support/live-fixtures';
import { s3encCp } from './cp-support';

describe('s3enc cp against Ceph RGW', function () {
  this.timeout(120_000);
  const s = useLiveBucket('cli-cp');

  it('uploads with SSE-KMS, prints one JSON summary line, downloads byte for byte', async () => {
    const f = randomFile(s.dir, 'a.bin', 3 * MIB);
    const up = await s3encCp([
      f.path,
      `s3://${s.bucket}/dir/`,
      '--sse',
      'aws:kms',
      '--sse-kms-key-id',
      liveEnv().rgwKmsKeyIds[0],
      '--json',
    ]);
    assert.equal(up.code, 0, up.stderr);
    const lines = up.stdout.trim().split('\n');
    assert.equal(lines.length, 1);
    const summary = JSON.parse(lines[0]) as {
      ok: boolean;
      direction: string;
      objects: number;
      bytes: number;
      items: Array<{ destination: string }>;
    };
    assert.deepEqual([summary.ok, summary.direction, summary.objects, summary.bytes], [true, 'upload', 1, 3 * MIB]);
    assert.equal(summary.items[0].destination, `s3://${s.bucket}/dir/a.bin`);
    const head = await s.client.send(new HeadObjectCommand({ Bucket: s.bucket, Key: 'dir/a.bin' }));
    assert.equal(head.ServerSideEncryption, 'aws:kms');
    const out = join(s.dir, 'a.out');
    const down = await s3encCp([`s3://${s.bucket}/dir/a.bin`, out]);
    assert.equal(down.code, 0, down.stderr);
    assert.ok(readFileSync(out).equals(f.data));
  });

  it('refuses SSE-C over plain HTTP unless --allow-http-loopback, then round-trips with a hex key file', async () => {
    const f = randomFile(s.dir, 'c.bin', 1000);
    const keyFile = join(s.dir, 'ssec.hex');
    writeFileSync(keyFile, `${randomBytes(32).toString('hex')}\n`);
    const refused = await s3encCp([f.path, `s3://${s.bucket}/c.bin`, '--sse-c-key-file', keyFile]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /^SseCRequiresHttps: .*--allow-http-loopback/m);
    const up = await s3encCp([f.path, `s3://${s.bucket}/c.bin`, '--sse-c-key-file', keyFile, '--allow-http-loopback']);
    assert.equal(up.code, 0, up.stderr);
    const noKey = await s3encCp([`s3://${s.bucket}/c.bin`, join(s.dir, 'c.nokey')]);
    assert.match(noKey.stderr, /^SseCKeyRequired: /m);
    const out = join(s.dir, 'c.out');
    assert.equal(
      (await s3encCp([`s3://${s.bucket}/c.bin`, out, '--sse-c-key-file', keyFile, '--allow-http-loopback'])).code,
      0,
    );
    assert.ok(readFileSync(out).equals(f.data));
  });

  it('a key file of the wrong size is refused before anything is sent', async () => {
    const f = randomFile(s.dir, 'w.bin', 10);
    const keyFile = join(s.dir, 'short.key');
    writeFileSync(keyFile, randomBytes(24).toString('base64'));
    const r = await s3encCp([f.path, `s3://${s.bucket}/w.bin`, '--sse-c-key-file', keyFile, '--allow-http-loopback']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^InvalidKeyMaterial: .*decodes to 24 bytes.*32 bytes/m);
    assert.equal((await s3encCp([`s3://${s.bucket}/w.bin`, join(s.dir, 'w.out')])).code, 1, 'nothing was uploaded');
  });

  it('CSE: a >3-part multipart V3 object decrypts byte for byte; without the key the download is refused', async () => {
    const f = randomFile(s.dir, 'cse.bin', 17 * MIB + 5);
    const keyFile = join(s.dir, 'cse.key');
    writeFileSync(keyFile, randomBytes(32).toString('base64'));
    const up = await s3encCp([
      f.path,
      `s3://${s.bucket}/cse.bin`,
      '--cse',
      'aes',
      '--aes-key-file',
      keyFile,
      '--part-size',
      '5',
      '--multipart-threshold',
      '5',
      '--json',
    ]);
    assert.equal(up.code, 0, up.stderr);
    const head = await s.client.send(new HeadObjectCommand({ Bucket: s.bucket, Key: 'cse.bin' }));
    assert.match(head.ETag ?? '', /-4"$/, 'four parts');
    assert.equal(head.ContentLength, f.data.length + 16, 'ciphertext is plaintext + GCM tag');
    const refused = await s3encCp([`s3://${s.bucket}/cse.bin`, join(s.dir, 'cse.nokey')]);
    assert.match(refused.stderr, /^CseKeyRequired: /m);
    assert.equal(existsSync(join(s.dir, 'cse.nokey')), false);
    const out = join(s.dir, 'cse.out');
    const down = await s3encCp([`s3://${s.bucket}/cse.bin`, out, '--cse', 'aes', '--aes-key-file', keyFile]);
    assert.equal(down.code, 0, down.stderr);
    assert.ok(readFileSync(out).equals(f.data));
  });

  it('CSE with a denied KMS key fails with the KMS error and uploads nothing', async () => {
    const f = randomFile(s.dir, 'k.bin', 100);
    const denied = liveEnv().kmsDeniedKeyId;
    const r = await s3encCp([
      f.path,
      `s3://${s.bucket}/k.bin`,
      '--cse',
      'kms',
      '--kms-key-id',
      denied,
      '--kms-endpoint',
      liveEnv().kmsEndpoint,
    ]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /AccessDenied/);
    assert.equal(
      (await s3encCp([`s3://${s.bucket}/k.bin`, join(s.dir, 'k.out'), '--raw'])).code,
      1,
      'no object was written',
    );
  });

  it('--recursive uploads a folder tree and downloads it back; S3→S3 copies a prefix re-encrypted', async () => {
    const tree = join(s.dir, 'tree');
    mkdirSync(join(tree, 'sub'), { recursive: true });
    writeFileSync(join(tree, 'one.txt'), 'one');
    writeFileSync(join(tree, 'sub', 'two.txt'), 'two');
    assert.equal((await s3encCp([tree, `s3://${s.bucket}/tree`, '--recursive', '--sse', 'AES256'])).code, 0);
    const copy = await s3encCp([
      `s3://${s.bucket}/tree/`,
      `s3://${s.bucket}/copy/`,
      '--recursive',
      '--sse',
      'aws:kms',
      '--sse-kms-key-id',
      liveEnv().rgwKmsKeyIds[1],
      '--json',
    ]);
    assert.equal(copy.code, 0, copy.stderr);
    assert.equal((JSON.parse(copy.stdout) as { objects: number }).objects, 2);
    const head = await s.client.send(new HeadObjectCommand({ Bucket: s.bucket, Key: 'copy/sub/two.txt' }));
    assert.equal(head.SSEKMSKeyId, liveEnv().rgwKmsKeyIds[1]);
    const back = join(s.dir, 'back');
    assert.equal((await s3encCp([`s3://${s.bucket}/copy`, back, '--recursive'])).code, 0);
    assert.equal(readFileSync(join(back, 'sub', 'two.txt'), 'utf8'), 'two');
    assert.deepEqual(readdirSync(back).sort(), ['one.txt', 'sub']);
  });

  it('usage errors exit 2', async () => {
    const r = await s3encCp(['only-one-arg']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /expected SRC and DST/);
    assert.equal((await s3encCp(['a', 's3://b/k', '--sse', 'rot13'])).code, 2);
  });
});
