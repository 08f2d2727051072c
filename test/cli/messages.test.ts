// What `s3enc` says when something is wrong, run as a user runs it (the real entry point in a child process,
// against the live RGW): usage errors exit 2 and name the option, missing files and missing buckets/objects
// are said plainly, summaries do not claim a decryption that did not happen, and a closed pipe is not a crash.
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { liveEnv } from '../../tools/live/live-env';
import { randomFile, useLiveBucket } from '../support/live-fixtures';
import { credentialsEnv, s3encCp, spawnS3encCp, type RunResult } from './cp-support';

const ROOT = join(__dirname, '..', '..');
const AES_KEY = join(ROOT, 'test', 'fixtures', 'vectors', 'keys', 'aes256.hex');

/** Any `s3enc` subcommand through the real entry point (tsx on src/cli/bin.ts). */
function s3enc(args: string[]): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/bin.ts', ...args],
      { cwd: ROOT, env: credentialsEnv() },
      (err, stdout, stderr) => {
        const code = err
          ? typeof (err as { code?: unknown }).code === 'number'
            ? (err as { code: number }).code
            : 1
          : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** The one line a failure prints, split into its type and message. */
function failure(r: RunResult): { type: string; message: string } {
  const line = r.stderr.trimEnd().split('\n').pop() ?? '';
  const at = line.indexOf(': ');
  return { type: line.slice(0, at), message: line.slice(at + 2) };
}

describe('s3enc messages a user meets', function () {
  this.timeout(120_000);
  const s = useLiveBucket('cli-messages');

  describe('usage errors', () => {
    for (const args of [
      ['cp', '--bogus', 'a', 'b'],
      ['cp', 'a', 'b', '--sse-kms-keyid=k'],
      ['ls', '--recursiv'],
      ['encrypt', '--in'],
    ]) {
      it(`s3enc ${args.join(' ')}: exit 2, names the option and points to --help (no Node error code)`, async () => {
        const r = await s3enc(args);
        assert.equal(r.code, 2, r.stderr);
        assert.doesNotMatch(r.stderr, /ERR_PARSE_ARGS|To specify a positional argument/);
        const option = args.find((a) => a.startsWith('--'))!.split('=')[0];
        assert.ok(r.stderr.includes(option), r.stderr);
        assert.match(r.stderr, new RegExp(`Run 's3enc ${args[0]} --help' for usage`));
      });
    }
  });

  describe('files the user names', () => {
    const cases: Array<[string, (missing: string) => string[]]> = [
      ['--sse-c-key-file', (missing) => ['cp', 'README.md', 's3://b/k', '--sse-c-key-file', missing]],
      ['--aes-key-file', (missing) => ['cp', 'README.md', 's3://b/k', '--cse', 'aes', '--aes-key-file', missing]],
      [
        '--rsa-key-file',
        (missing) => [
          'encrypt',
          '--in',
          'README.md',
          '--out',
          '/tmp/x',
          '--out-metadata',
          '/tmp/y',
          '--rsa-key-file',
          missing,
        ],
      ],
      [
        '--in',
        (missing) => [
          'encrypt',
          '--in',
          missing,
          '--out',
          '/tmp/x',
          '--out-metadata',
          '/tmp/y',
          '--aes-key-file',
          AES_KEY,
        ],
      ],
    ];
    for (const [option, argsFor] of cases) {
      it(`a missing ${option} file is named, with "does not exist" instead of ENOENT`, async () => {
        const missing = join(s.dir, `missing-${randomBytes(4).toString('hex')}.key`);
        const r = await s3enc(argsFor(missing));
        assert.equal(r.code, 2, r.stderr);
        assert.ok(r.stderr.includes(`${option} ${missing}`), r.stderr);
        assert.match(r.stderr, /does not exist/);
        assert.doesNotMatch(r.stderr, /ENOENT/);
      });
    }

    it('a key file that is a folder says so', async () => {
      const folder = join(s.dir, 'a-folder');
      mkdirSync(folder, { recursive: true });
      const r = await s3enc(['cp', 'README.md', 's3://b/k', '--sse-c-key-file', folder]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /is a folder/);
      assert.doesNotMatch(r.stderr, /EISDIR/);
    });

    it('garbage in an AES key file and in an SSE-C key file is the same typed error, naming the file', async () => {
      const garbage = join(s.dir, 'garbage.key');
      writeFileSync(garbage, 'this is not a key\n');
      const { path } = randomFile(s.dir, 'plain.txt', 100);
      const aes = await s3encCp([path, `s3://${s.bucket}/g1`, '--cse', 'aes', '--aes-key-file', garbage]);
      const ssec = await s3encCp([path, `s3://${s.bucket}/g2`, '--sse-c-key-file', garbage, '--allow-http-loopback']);
      assert.equal(aes.code, ssec.code, `${aes.stderr}\n${ssec.stderr}`);
      assert.equal(failure(aes).type, 'InvalidKeyMaterial', aes.stderr);
      assert.equal(failure(ssec).type, 'InvalidKeyMaterial', ssec.stderr);
      for (const r of [aes, ssec]) assert.ok(failure(r).message.includes(garbage), r.stderr);
    });
  });

  describe('missing buckets and objects', () => {
    it('upload to a bucket that does not exist: NoSuchBucket, said plainly', async () => {
      const { path } = randomFile(s.dir, 'up.txt', 10);
      const r = await s3encCp([path, `s3://s3enc-no-such-bucket-${randomBytes(4).toString('hex')}/k`]);
      assert.equal(r.code, 1);
      assert.equal(failure(r).type, 'NoSuchBucket', r.stderr);
      assert.match(failure(r).message, /^Bucket s3enc-no-such-bucket-\w+ does not exist\.$/);
      assert.doesNotMatch(r.stderr, /UnknownError/);
    });

    it('download of a missing object: NoSuchKey naming it; of a missing bucket: NoSuchBucket', async () => {
      const key = `absent-${randomBytes(4).toString('hex')}`;
      const object = await s3encCp([`s3://${s.bucket}/${key}`, join(s.dir, 'out1')]);
      assert.equal(object.code, 1);
      assert.deepEqual(failure(object), { type: 'NoSuchKey', message: `s3://${s.bucket}/${key} does not exist.` });
      const bucket = await s3encCp([
        `s3://s3enc-no-such-bucket-${randomBytes(4).toString('hex')}/${key}`,
        join(s.dir, 'out2'),
      ]);
      assert.equal(bucket.code, 1);
      assert.equal(failure(bucket).type, 'NoSuchBucket', bucket.stderr);
      for (const r of [object, bucket]) assert.doesNotMatch(r.stderr, /UnknownError|HTTP 404/);
    });
  });

  describe('what the summary claims', () => {
    it('--raw does not say "decrypted"; a client-side download and a plain one say what happened', async () => {
      const keyFile = join(s.dir, 'aes.key');
      writeFileSync(keyFile, randomBytes(32).toString('hex'));
      const { path } = randomFile(s.dir, 'secret.txt', 26);
      assert.equal(
        (await s3encCp([path, `s3://${s.bucket}/cse-obj`, '--cse', 'aes', '--aes-key-file', keyFile])).code,
        0,
      );
      assert.equal((await s3encCp([path, `s3://${s.bucket}/plain-obj`])).code, 0);

      const raw = await s3encCp([`s3://${s.bucket}/cse-obj`, join(s.dir, 'raw.bin'), '--raw']);
      assert.equal(raw.code, 0, raw.stderr);
      assert.match(raw.stdout, /not decrypted/);
      assert.doesNotMatch(raw.stdout, /, decrypted\b|\(\d+ bytes, decrypted/);

      const cse = await s3encCp([
        `s3://${s.bucket}/cse-obj`,
        join(s.dir, 'dec.txt'),
        '--cse',
        'aes',
        '--aes-key-file',
        keyFile,
      ]);
      assert.equal(cse.code, 0, cse.stderr);
      assert.match(cse.stdout, /\(26 bytes, decrypted client-side\)/);

      const plain = await s3encCp([`s3://${s.bucket}/plain-obj`, join(s.dir, 'plain.txt')]);
      assert.equal(plain.code, 0, plain.stderr);
      assert.match(plain.stdout, /\(26 bytes, not encrypted\)/);
    });
  });

  describe("hints in the CLI's words", () => {
    it('an SSE-C object downloaded without its key: the hint names --sse-c-key-file, not the key store', async () => {
      const keyFile = join(s.dir, 'ssec.key');
      writeFileSync(keyFile, randomBytes(32));
      const { path } = randomFile(s.dir, 'ssec.txt', 40);
      const up = await s3encCp([
        path,
        `s3://${s.bucket}/ssec-obj`,
        '--sse-c-key-file',
        keyFile,
        '--allow-http-loopback',
      ]);
      assert.equal(up.code, 0, up.stderr);
      const r = await s3encCp([`s3://${s.bucket}/ssec-obj`, join(s.dir, 'ssec-out')]);
      assert.equal(r.code, 1);
      assert.equal(failure(r).type, 'SseCKeyRequired', r.stderr);
      assert.match(r.stderr, /--sse-c-key-file/);
      assert.doesNotMatch(r.stderr, /key store/i);
    });

    it('--sse aws:kms without a key id, refused by the server: says AWS would use aws/s3 and which flag names the key', async () => {
      const { path } = randomFile(s.dir, 'kms.txt', 10);
      const r = await s3encCp([path, `s3://${s.bucket}/kms-obj`, '--sse', 'aws:kms']);
      assert.equal(r.code, 1);
      assert.equal(failure(r).type, 'KmsKeyRequired', r.stderr);
      assert.match(r.stderr, /aws\/s3/);
      assert.match(r.stderr, /--sse-kms-key-id/);
      const named = await s3encCp([
        path,
        `s3://${s.bucket}/kms-obj`,
        '--sse',
        'aws:kms',
        '--sse-kms-key-id',
        liveEnv().rgwKmsKeyIds[0],
      ]);
      assert.equal(named.code, 0, `the flag the hint names must work: ${named.stderr}`);
    });
  });

  describe('output', () => {
    it('a closed stdout (s3enc cp … | head) ends quietly: exit 0, no EPIPE stack on stderr', async () => {
      const { path } = randomFile(s.dir, 'pipe.txt', 1000);
      const running = spawnS3encCp([path, `s3://${s.bucket}/pipe-obj`]);
      running.child.stdout?.destroy(); // the reader is gone before s3enc prints its summary
      const r = await running.result;
      assert.equal(r.code, 0, r.stderr);
      assert.doesNotMatch(r.stderr, /EPIPE|Error|at /);
    });

    it('a successful KMS client-side upload prints nothing on stderr (no SDK Node-version notice)', async () => {
      const { path } = randomFile(s.dir, 'quiet.txt', 100);
      const env = liveEnv();
      const r = await s3encCp([
        path,
        `s3://${s.bucket}/quiet-obj`,
        '--cse',
        'kms',
        '--kms-key-id',
        env.kmsKeyIds[0],
        '--kms-endpoint',
        env.kmsEndpoint,
      ]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, '');
    });
  });
});
