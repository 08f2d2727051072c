// `s3enc ls` against the live Ceph RGW: the real CLI entry point in a child process, on a bucket seeded
// with every mode RGW supports (none, SSE-KMS, SSE-C, CSE V1/V2/V3 from AWS clients' vectors).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { liveEnv } from '../../tools/live/live-env';
import { useTestBucket } from '../support/live-fixtures';
import { seedEncryptionBucket, type SeededBucket } from '../support/seed-encryption-bucket';

const run = promisify(execFile);
const ROOT = join(__dirname, '../..');

async function s3enc(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ stdout: string; stderr: string; code: number }> {
  const live = liveEnv();
  try {
    const out = await run(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/bin.ts'), ...args], {
      cwd: ROOT,
      // An empty string in `env` removes that variable from the child's environment.
      env: Object.fromEntries(
        Object.entries({
          ...process.env,
          AWS_ACCESS_KEY_ID: live.accessKeyId,
          AWS_SECRET_ACCESS_KEY: live.secretAccessKey,
          AWS_REGION: live.region,
          ...env,
        }).filter(([, v]) => v),
      ),
      maxBuffer: 16 * 1024 * 1024,
    });
    return { ...out, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

interface JsonObjectLine {
  key: string;
  size: number;
  lastModified: string;
  encryption: { mode: string; kmsKeyId?: string; wrapAlgorithm?: string; envelope?: string };
}

describe('s3enc ls (live RGW)', function () {
  this.timeout(60_000);
  const t = useTestBucket('ls-cli');
  let seeded: SeededBucket;
  before(async () => {
    seeded = await seedEncryptionBucket(t.client, t.bucket, liveEnv().rgwKmsKeyIds[0]);
  });

  it('--json --recursive classifies every seeded object as written', async () => {
    const { stdout, code, stderr } = await s3enc([
      'ls',
      `s3://${t.bucket}`,
      '--json',
      '--recursive',
      '--endpoint',
      liveEnv().s3Endpoint,
      '--path-style',
    ]);
    assert.equal(code, 0, stderr);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as JsonObjectLine);
    const byKey = new Map(lines.map((l) => [l.key, l]));
    assert.equal(lines.length, seeded.objects.length + seeded.instructionKeys.length);
    for (const o of seeded.objects) {
      const line = byKey.get(o.key);
      assert.ok(line, `missing ${o.key}`);
      assert.equal(line.encryption.mode, o.mode, o.key);
      if (o.kmsKeyId) assert.equal(line.encryption.kmsKeyId, o.kmsKeyId);
      if (o.wrapAlgorithm) assert.equal(line.encryption.wrapAlgorithm, o.wrapAlgorithm, o.key);
      if (o.envelope) assert.equal(line.encryption.envelope, o.envelope, o.key);
      assert.ok(!Number.isNaN(Date.parse(line.lastModified)));
      assert.equal(typeof line.size, 'number');
    }
    for (const k of seeded.instructionKeys) assert.equal(byKey.get(k)?.encryption.mode, 'none');
  });

  it('without --recursive lists one level with folders as prefixes', async () => {
    const { stdout, code, stderr } = await s3enc([
      'ls',
      `s3://${t.bucket}/`,
      '--json',
      '--endpoint',
      liveEnv().s3Endpoint,
    ]);
    assert.equal(code, 0, stderr);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { prefix?: string; key?: string });
    assert.deepEqual(
      lines
        .filter((l) => l.prefix)
        .map((l) => l.prefix)
        .sort(),
      ['cse/', 'deep/', 'kms/', 'page/', 'ssec/'],
    );
    assert.deepEqual(
      lines.filter((l) => l.key).map((l) => l.key),
      ['plain.txt'],
    );
  });

  it('pages with --page-size and still lists every key of a folder', async () => {
    const { stdout, code } = await s3enc([
      'ls',
      `s3://${t.bucket}/${seeded.pageFolder}`,
      '--json',
      '--page-size',
      '2',
      '--endpoint',
      liveEnv().s3Endpoint,
    ]);
    assert.equal(code, 0);
    assert.equal(stdout.trim().split('\n').length, seeded.pageCount);
  });

  it('prints an aligned table in text mode', async () => {
    const { stdout, code } = await s3enc(['ls', `s3://${t.bucket}/kms/`, '--endpoint', liveEnv().s3Endpoint]);
    assert.equal(code, 0);
    const [header, row] = stdout.trimEnd().split('\n');
    assert.match(header, /^LAST MODIFIED\s+SIZE\s+ENCRYPTION\s+KEY$/);
    assert.ok(row.includes('SSE-KMS testkey-1'), row);
    assert.equal(row.indexOf('kms/object.txt'), header.indexOf('KEY'), 'KEY column aligned');
  });

  it('lists buckets with region and default encryption as JSON', async () => {
    const { stdout, code } = await s3enc(['ls', '--json', '--endpoint', liveEnv().s3Endpoint]);
    assert.equal(code, 0);
    const mine = stdout
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            bucket: string;
            region: string;
            defaultEncryption: { mode: string; notReported?: boolean };
          },
      )
      .find((b) => b.bucket === t.bucket);
    assert.ok(mine);
    assert.equal(typeof mine.region, 'string');
    // RGW 16 answers GetBucketEncryption with an empty configuration: it does not say, so neither do we.
    assert.deepEqual([mine.defaultEncryption.mode, mine.defaultEncryption.notReported], ['unknown', true]);
  });

  it('--profile reads credentials and region from AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE', async () => {
    const dir = mkdtempSync(join(tmpdir(), 's3enc-ls-profile-'));
    try {
      const live = liveEnv();
      writeFileSync(
        join(dir, 'credentials'),
        `[rgw]\naws_access_key_id = ${live.accessKeyId}\naws_secret_access_key = ${live.secretAccessKey}\n`,
      );
      writeFileSync(join(dir, 'config'), `[profile rgw]\nregion = ${live.region}\n`);
      const { stdout, code, stderr } = await s3enc(
        ['ls', `s3://${t.bucket}/kms/`, '--json', '--profile', 'rgw', '--endpoint', live.s3Endpoint],
        {
          AWS_ACCESS_KEY_ID: '',
          AWS_SECRET_ACCESS_KEY: '',
          AWS_REGION: '',
          AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
          AWS_CONFIG_FILE: join(dir, 'config'),
        },
      );
      assert.equal(code, 0, stderr);
      assert.equal((JSON.parse(stdout.trim()) as JsonObjectLine).encryption.mode, 'SSE-KMS');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a closed endpoint as one typed line on stderr, exit 1', async () => {
    const { stderr, code } = await s3enc(['ls', 's3://x', '--endpoint', 'http://127.0.0.1:9']);
    assert.equal(code, 1);
    assert.match(stderr, /^EndpointUnreachable: The endpoint http:\/\/127\.0\.0\.1:9 does not answer/m);
  });

  it('rejects a malformed URI with a usage error (exit 2)', async () => {
    const { stderr, code } = await s3enc(['ls', 'http://bucket']);
    assert.equal(code, 2);
    assert.match(stderr, /expected s3:\/\/bucket\[\/prefix\]/);
  });
});
