// `s3enc cp` CSE downloads against Ceph RGW, as an attacker and a clumsy user would try them: objects that are
// not client-side encrypted (or lost their envelope), tampered objects watched for plaintext on disk while the
// download runs and after SIGKILL, and legacy V1 objects with --legacy / --commitment-policy.
import { strict as assert } from 'node:assert';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CopyObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { liveEnv } from '../../tools/live/live-env';
import { vectorsDir } from '../../tools/live/vectors-path';
import { startSlowProxy } from '../core/transfer/support/fault-proxy';
import { MIB, useLiveBucket } from '../support/live-fixtures';
import { s3encCp, spawnS3encCp } from './cp-support';

const MARKER = Buffer.from('S3ENC-PLAINTEXT-MARKER-7f3a9c1e-0123456789abcdef\n');

/** A plaintext made only of MARKER lines: any 49 consecutive plaintext bytes contain a recognisable run. */
function markerPlaintext(bytes: number): Buffer {
  return Buffer.alloc(bytes, MARKER);
}

/**
 * The file in `dir` holding plaintext, if any: the plaintext repeats MARKER, so any 73 bytes of it contain
 * MARKER's first 24 bytes (random ciphertext does so with probability ~2^-192).
 */
function plaintextIn(dir: string): string | undefined {
  for (const name of safeReaddir(dir)) {
    let data: Buffer;
    try {
      data = readFileSync(join(dir, name));
    } catch {
      continue; // renamed or removed between the listing and the read
    }
    if (data.includes(MARKER.subarray(0, 24))) return name;
  }
  return undefined;
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Scans `dirs` for plaintext over and over until `until` settles; returns the first file seen holding any. */
async function watchForPlaintext(dirs: string[], until: Promise<unknown>): Promise<string | undefined> {
  let done = false;
  void until.finally(() => (done = true));
  let seen: string | undefined;
  while (!done && !seen) {
    for (const d of dirs) seen ??= plaintextIn(d);
    await new Promise((r) => setImmediate(r));
  }
  for (const d of dirs) seen ??= plaintextIn(d);
  return seen;
}

describe('s3enc cp: CSE downloads never write unauthenticated plaintext, and refuse what is not CSE', function () {
  this.timeout(180_000);
  const s = useLiveBucket('cli-cse-down');
  let keyFile: string;

  before(async () => {
    keyFile = join(s.dir, 'cse.key');
    writeFileSync(keyFile, randomBytes(32).toString('hex'));
    const plain = join(s.dir, 'marker.txt');
    writeFileSync(plain, markerPlaintext(40 * MIB));
    const up = await s3encCp([plain, `s3://${s.bucket}/marker.bin`, '--cse', 'aes', '--aes-key-file', keyFile]);
    assert.equal(up.code, 0, up.stderr);
    // The tampered copy: one ciphertext bit flipped near the end, the envelope kept.
    const head = await s.client.send(new HeadObjectCommand({ Bucket: s.bucket, Key: 'marker.bin' }));
    const body = Buffer.from(
      await (
        await s.client.send(new GetObjectCommand({ Bucket: s.bucket, Key: 'marker.bin' }))
      ).Body!.transformToByteArray(),
    );
    body[body.length - 1000] ^= 0x01;
    await s.client.send(
      new PutObjectCommand({ Bucket: s.bucket, Key: 'tampered.bin', Body: body, Metadata: head.Metadata }),
    );
  });

  it('the watcher finds plaintext when it is there (control: an authentic download)', async () => {
    const dest = mkdtempSync(join(s.dir, 'control-'));
    const r = await s3encCp([
      `s3://${s.bucket}/marker.bin`,
      join(dest, 'out.txt'),
      '--cse',
      'aes',
      '--aes-key-file',
      keyFile,
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(plaintextIn(dest), 'out.txt');
    assert.ok(readFileSync(join(dest, 'out.txt')).equals(markerPlaintext(40 * MIB)));
  });

  for (const [how, extra] of [
    ['authenticated in memory (within the default 64 MiB budget)', []],
    ['spooled to disk (--cse-memory 0)', ['--cse-memory', '0']],
  ] as const) {
    it(`a tampered object, ${how}: AuthenticationFailed, and no plaintext byte is on disk at any moment (destination and TMPDIR)`, async () => {
      const dest = mkdtempSync(join(s.dir, 'tampered-'));
      const tmp = mkdtempSync(join(s.dir, 'tmpdir-'));
      const run = spawnS3encCp(
        [`s3://${s.bucket}/tampered.bin`, join(dest, 'out.txt'), '--cse', 'aes', '--aes-key-file', keyFile, ...extra],
        liveEnv().s3Endpoint,
        { TMPDIR: tmp },
      );
      const seen = await watchForPlaintext([dest, tmp], run.result);
      const r = await run.result;
      assert.equal(seen, undefined, `plaintext appeared in ${seen}`);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /^AuthenticationFailed: /m);
      assert.deepEqual(readdirSync(dest), []);
      assert.deepEqual(
        readdirSync(tmp).filter((n) => !n.startsWith('tsx-')),
        [],
        'nothing but the TypeScript loader cache in TMPDIR',
      );
    });
  }

  it('SIGKILL mid-download: what is left on disk is ciphertext only, never plaintext', async () => {
    // 12 ranges of 8 MiB, 8 fetched at a time: killed after the first 8 arrived, while the last 4 still do.
    const plain = join(s.dir, 'big-marker.txt');
    writeFileSync(plain, markerPlaintext(96 * MIB));
    assert.equal(
      (await s3encCp([plain, `s3://${s.bucket}/big-marker.bin`, '--cse', 'aes', '--aes-key-file', keyFile])).code,
      0,
    );
    const proxy = await startSlowProxy(liveEnv().s3Endpoint, 2 * MIB);
    const dest = mkdtempSync(join(s.dir, 'killed-'));
    try {
      const spawned = Date.now();
      const run = spawnS3encCp(
        [`s3://${s.bucket}/big-marker.bin`, join(dest, 'out.txt'), '--cse', 'aes', '--aes-key-file', keyFile],
        proxy.endpoint,
      );
      let seen: string | undefined;
      // Scans now and then: reading the (sparse, 96 MiB) temp file blocks this process, which also runs the relay.
      while (Date.now() - spawned < 90_000 && proxy.relayed(spawned) < 72 * MIB) {
        seen ??= plaintextIn(dest);
        await new Promise((r) => setTimeout(r, 400));
      }
      const relayed = proxy.relayed(spawned);
      seen ??= plaintextIn(dest);
      run.child.kill('SIGKILL');
      const r = await run.result;
      assert.ok(relayed >= 72 * MIB && relayed < 94 * MIB, `killed mid-body (${relayed} bytes relayed)`);
      assert.equal(r.signal, 'SIGKILL');
      const left = readdirSync(dest);
      assert.equal(left.length, 1, `the killed process's temp file stays: ${left.join(', ')}`);
      assert.match(left[0], /^\.out\.txt\.s3enc-[0-9a-f]{8}\.part$/);
      assert.equal(seen ?? plaintextIn(dest), undefined, 'no plaintext before or after the kill');
      assert.equal(existsSync(join(dest, 'out.txt')), false);
    } finally {
      await proxy.close();
    }
  });

  describe('objects without an S3 Encryption Client envelope: NotClientSideEncrypted, nothing written', () => {
    const refuse = async (key: string, extra: string[] = []) => {
      const dest = mkdtempSync(join(s.dir, 'notcse-'));
      const r = await s3encCp([
        `s3://${s.bucket}/${key}`,
        join(dest, 'out.bin'),
        '--cse',
        'aes',
        '--aes-key-file',
        keyFile,
        ...extra,
      ]);
      assert.equal(r.code, 1, r.stderr);
      const lines = r.stderr.trim().split('\n');
      assert.equal(lines.length, 1, r.stderr);
      assert.match(
        lines[0],
        /^NotClientSideEncrypted: s3:\/\/.* is not client-side encrypted: .*Nothing was written\.$/,
      );
      assert.deepEqual(readdirSync(dest), []);
      return lines[0];
    };

    it('a plain object says it is plain', async () => {
      await s.client.send(
        new PutObjectCommand({ Bucket: s.bucket, Key: 'plain.txt', Body: 'hello, not encrypted\n'.repeat(100) }),
      );
      assert.match(await refuse('plain.txt'), /plain object.*without client-side decryption/);
    });

    it('an SSE-KMS object says it is server-side encrypted only', async () => {
      await s.client.send(
        new PutObjectCommand({
          Bucket: s.bucket,
          Key: 'kms.txt',
          Body: 'server side only\n'.repeat(100),
          ServerSideEncryption: 'aws:kms',
          SSEKMSKeyId: liveEnv().rgwKmsKeyIds[0],
        }),
      );
      assert.match(await refuse('kms.txt'), /encrypted server-side only \(SSE-KMS\)/);
    });

    it('a CSE object whose envelope metadata was stripped says the envelope is gone', async () => {
      await s.client.send(
        new CopyObjectCommand({
          Bucket: s.bucket,
          Key: 'stripped.bin',
          CopySource: `${s.bucket}/marker.bin`,
          MetadataDirective: 'REPLACE',
          Metadata: {},
        }),
      );
      const head = await s.client.send(new HeadObjectCommand({ Bucket: s.bucket, Key: 'stripped.bin' }));
      assert.deepEqual(head.Metadata, {}, 'the copy really dropped the envelope');
      assert.match(await refuse('stripped.bin'), /looks encrypted.*envelope was stripped/);
    });

    it('another encryption format (age) is named', async () => {
      await s.client.send(
        new PutObjectCommand({
          Bucket: s.bucket,
          Key: 'file.age',
          Body: Buffer.concat([Buffer.from('age-encryption.org/v1\n-> X25519 abc\n'), randomBytes(4096)]),
        }),
      );
      assert.match(await refuse('file.age'), /age format/);
    });
  });

  describe('--legacy and --commitment-policy', () => {
    const vector = (name: string) => join(vectorsDir(), name);
    const putVector = async (name: string) => {
      const metadata = JSON.parse(readFileSync(join(vector(name), 'metadata.json'), 'utf8')) as Record<string, string>;
      await s.client.send(
        new PutObjectCommand({
          Bucket: s.bucket,
          Key: name,
          Body: readFileSync(join(vector(name), 'body.bin')),
          Metadata: metadata,
        }),
      );
    };
    const sha256 = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

    for (const [name, keyArgs] of [
      ['rb-v1-aes-cbc', () => ['--aes-key-file', join(vectorsDir(), 'keys', 'aes256.hex')]],
      ['rb-v1-rsa-cbc', () => ['--rsa-key-file', join(vectorsDir(), 'keys', 'rsa2048.pem')]],
    ] as const) {
      it(`${name}: LegacyDisabled without --legacy; with it, the Ruby client's plaintext byte for byte`, async () => {
        await putVector(name);
        const expected = (
          JSON.parse(readFileSync(join(vector(name), 'vector.json'), 'utf8')) as { plaintextSha256: string }
        ).plaintextSha256;
        const dest = mkdtempSync(join(s.dir, 'legacy-'));
        const refused = await s3encCp([
          `s3://${s.bucket}/${name}`,
          join(dest, 'out'),
          '--cse',
          name.includes('rsa') ? 'rsa' : 'aes',
          ...keyArgs(),
        ]);
        assert.equal(refused.code, 1);
        assert.match(refused.stderr, /^LegacyDisabled: .*--legacy/m);
        assert.deepEqual(readdirSync(dest), []);
        const ok = await s3encCp([
          `s3://${s.bucket}/${name}`,
          join(dest, 'out'),
          '--cse',
          name.includes('rsa') ? 'rsa' : 'aes',
          ...keyArgs(),
          '--legacy',
        ]);
        assert.equal(ok.code, 0, ok.stderr);
        assert.equal(sha256(join(dest, 'out')), expected);
      });
    }

    it('--commitment-policy REQUIRE_ENCRYPT_REQUIRE_DECRYPT refuses a V2 object (CommitmentMismatch); the default reads it', async () => {
      const plain = join(s.dir, 'v2.txt');
      writeFileSync(plain, 'a V2 object\n');
      assert.equal(
        (await s3encCp([plain, `s3://${s.bucket}/v2.bin`, '--cse', 'aes', '--aes-key-file', keyFile, '--format', 'v2']))
          .code,
        0,
      );
      const dest = mkdtempSync(join(s.dir, 'policy-'));
      const refused = await s3encCp([
        `s3://${s.bucket}/v2.bin`,
        join(dest, 'out'),
        '--cse',
        'aes',
        '--aes-key-file',
        keyFile,
        '--commitment-policy',
        'REQUIRE_ENCRYPT_REQUIRE_DECRYPT',
      ]);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /^CommitmentMismatch: /m);
      assert.deepEqual(readdirSync(dest), []);
      const ok = await s3encCp([
        `s3://${s.bucket}/v2.bin`,
        join(dest, 'out'),
        '--cse',
        'aes',
        '--aes-key-file',
        keyFile,
      ]);
      assert.equal(ok.code, 0, ok.stderr);
      assert.equal(readFileSync(join(dest, 'out'), 'utf8'), 'a V2 object\n');
    });

    it('--cse-memory without a CSE download, or out of range, is a usage error', async () => {
      const upload = await s3encCp([join(s.dir, 'v2.txt'), `s3://${s.bucket}/x`, '--cse-memory', '8']);
      assert.equal(upload.code, 2);
      assert.match(upload.stderr, /--cse-memory applies to client-side decryption/);
      const tooBig = await s3encCp([
        `s3://${s.bucket}/v2.bin`,
        join(s.dir, 'y'),
        '--cse',
        'aes',
        '--aes-key-file',
        keyFile,
        '--cse-memory',
        '4096',
      ]);
      assert.equal(tooBig.code, 2);
      assert.match(tooBig.stderr, /--cse-memory must be an integer from 0 to 2048, got '4096'/);
    });

    it('--legacy without a CSE download is a usage error', async () => {
      const r = await s3encCp([join(s.dir, 'v2.txt'), `s3://${s.bucket}/x`, '--legacy']);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /--legacy and --commitment-policy apply to client-side decryption/);
    });
  });
});
