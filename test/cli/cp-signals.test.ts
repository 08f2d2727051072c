// SIGINT, SIGTERM and SIGHUP in the middle of every kind of `s3enc cp` transfer against Ceph RGW (slowed by a
// relay so the signal lands mid-transfer): the multipart upload is aborted, the temp file removed, one line
// says what was cleaned up, and the exit code is 128 + the signal number.
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AesKeyring } from '../../src/core/crypto';
import { uploadFile } from '../../src/core/transfer/file-transfers';
import { liveEnv } from '../../tools/live/live-env';
import { startSlowProxy, type SlowProxy } from '../core/transfer/support/fault-proxy';
import { MIB, objectExists, pendingUploads, randomFile, useLiveBucket } from '../support/live-fixtures';
import { spawnS3encCp } from './cp-support';

const EXIT = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
type Sig = keyof typeof EXIT;

describe('s3enc cp: SIGINT, SIGTERM and SIGHUP mid-transfer', function () {
  this.timeout(120_000);
  const s = useLiveBucket('cli-signals');
  let proxy: SlowProxy;
  let keyFile: string;
  let bigFile: string;
  let smallFile: string;

  before(async () => {
    proxy = await startSlowProxy(liveEnv().s3Endpoint, MIB);
    const key = randomBytes(32);
    keyFile = join(s.dir, 'cse.key');
    writeFileSync(keyFile, key.toString('hex'));
    bigFile = randomFile(s.dir, 'big.bin', 24 * MIB).path;
    smallFile = randomFile(s.dir, 'small.bin', 4 * MIB).path;
    const plain = { sse: { mode: 'bucket-default' as const } };
    await uploadFile({ client: s.client, localPath: bigFile, bucket: s.bucket, key: 'seed-plain.bin', write: plain });
    await uploadFile({
      client: s.client,
      localPath: bigFile,
      bucket: s.bucket,
      key: 'seed-cse.bin',
      write: { ...plain, cse: { keyring: new AesKeyring(key), format: 'v3', envelope: 'metadata' } },
    });
  });
  after(() => proxy?.close());

  const waitFor = async (what: string, ready: () => Promise<boolean> | boolean) => {
    const started = Date.now();
    while (!(await ready())) {
      if (Date.now() - started > 30_000) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  const cse = () => ['--cse', 'aes', '--aes-key-file', keyFile];
  const multipart = ['--part-size', '5', '--multipart-threshold', '5', '--concurrency', '2'];

  const kinds: Array<{
    name: string;
    args: (key: string, dest: string) => string[];
    /** Resolves once the transfer is visibly under way. */
    started: (key: string, dest: string, relayedSinceSpawn: number) => Promise<boolean> | boolean;
    cleaned: RegExp;
    /** What must not exist afterwards. */
    check: (key: string, dest: string) => Promise<void>;
  }> = [
    {
      name: 'single-request upload',
      args: (key) => [smallFile, `s3://${s.bucket}/${key}`],
      started: (_key, _dest, relayed) => relayed > 1 * MIB,
      cleaned: /nothing was left behind to clean up\.$/,
      check: async (key) => assert.equal(await objectExists(s.client, s.bucket, key), false),
    },
    {
      name: 'multipart upload',
      args: (key) => [bigFile, `s3://${s.bucket}/${key}`, ...multipart],
      started: async (key) => (await pendingUploads(s.client, s.bucket)).some((u) => u.key === key),
      cleaned: /cleaned up: aborted multipart upload \S+ of s3:\/\/\S+\.$/,
      check: async (key) => {
        assert.deepEqual(await pendingUploads(s.client, s.bucket), [], 'ListMultipartUploads is empty');
        assert.equal(await objectExists(s.client, s.bucket, key), false);
      },
    },
    {
      name: 'CSE multipart upload',
      args: (key) => [bigFile, `s3://${s.bucket}/${key}`, ...multipart, ...cse()],
      started: async (key) => (await pendingUploads(s.client, s.bucket)).some((u) => u.key === key),
      cleaned: /cleaned up: aborted multipart upload \S+ of s3:\/\/\S+\.$/,
      check: async (key) => {
        assert.deepEqual(await pendingUploads(s.client, s.bucket), [], 'ListMultipartUploads is empty');
        assert.equal(await objectExists(s.client, s.bucket, key), false);
      },
    },
    {
      name: 'ranged download',
      args: (_key, dest) => [`s3://${s.bucket}/seed-plain.bin`, join(dest, 'out.bin')],
      started: (_key, dest) => readdirSync(dest).some((n) => n.endsWith('.part')),
      cleaned: /cleaned up: removed temp file \S+\.part\.$/,
      check: async (_key, dest) => assert.deepEqual(readdirSync(dest), [], 'no .part file'),
    },
    {
      name: 'CSE download spooled to disk',
      args: (_key, dest) => [`s3://${s.bucket}/seed-cse.bin`, join(dest, 'out.bin'), ...cse(), '--cse-memory', '0'],
      started: (_key, dest) => readdirSync(dest).some((n) => n.endsWith('.part')),
      cleaned: /cleaned up: removed temp file \S+\.part\.$/,
      check: async (_key, dest) => assert.deepEqual(readdirSync(dest), [], 'no .part file'),
    },
    {
      // Within the memory budget nothing is on disk before the tag verified, so there is nothing to remove.
      name: 'CSE download authenticated in memory',
      args: (_key, dest) => [`s3://${s.bucket}/seed-cse.bin`, join(dest, 'out.bin'), ...cse()],
      started: (_key, _dest, relayed) => relayed > 4 * MIB,
      cleaned: /nothing was left behind to clean up\.$/,
      check: async (_key, dest) => assert.deepEqual(readdirSync(dest), [], 'no file at all'),
    },
  ];

  for (const kind of kinds) {
    for (const sig of Object.keys(EXIT) as Sig[]) {
      it(`${sig} during a ${kind.name}: cleaned up, one line, exit ${EXIT[sig]}`, async () => {
        const key = `${kind.name.replace(/\W+/g, '-')}-${sig}`;
        const dest = mkdtempSync(join(s.dir, 'dest-'));
        const spawned = Date.now();
        const run = spawnS3encCp(kind.args(key, dest), proxy.endpoint);
        await waitFor(
          `the ${kind.name} to start`,
          () => proxy.relayed(spawned) > 0 && kind.started(key, dest, proxy.relayed(spawned)),
        );
        run.child.kill(sig);
        const r = await run.result;
        assert.equal(r.code, EXIT[sig], `exit code; stderr: ${r.stderr}`);
        const lines = r.stderr.trim().split('\n');
        assert.equal(lines.length, 1, `one line on stderr: ${r.stderr}`);
        assert.match(lines[0], new RegExp(`^Interrupted \\(${sig}\\): `));
        assert.match(lines[0], kind.cleaned);
        assert.equal(r.stdout, '', 'nothing reported as transferred');
        await kind.check(key, dest);
      });
    }
  }
});
