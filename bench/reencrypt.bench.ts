// Re-encryption by copy: `s3enc reencrypt s3://B/P --sse AES256` over 10,000 small objects (S3ENC_BENCH_REENCRYPT_OBJECTS)
// against a shell loop of Debian's `/usr/bin/aws s3api copy-object` doing the same in-place copy, same RGW,
// same run. The AWS CLI starts one Python process per object, so its loop runs over a sample
// (S3ENC_BENCH_REENCRYPT_PEER_OBJECTS, default 300) and its rate is objects per second over that sample.
// SSE-S3 is the target because Ceph RGW applies it on CopyObject (it ignores SSE-KMS headers on copies,
// where s3enc then rewrites the object; that would not be a copy benchmark).
// Prints a markdown table and replaces the "Re-encryption" section of BENCHMARKS.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { mapConcurrent } from '../src/core/reencrypt/plan';
import { liveEnv } from '../tools/live/live-env';
import { createTestBucket, deleteBucketCompletely, liveS3Client } from '../tools/live/s3-test-bucket';
import { replaceBenchmarksSection, runMeasured } from './support/run-measured';
import { awsCliEnv } from './support/aws-cli-env';

const ROOT = join(__dirname, '..');
const OBJECTS = Number(process.env.S3ENC_BENCH_REENCRYPT_OBJECTS ?? 10_000);
const PEER_OBJECTS = Number(process.env.S3ENC_BENCH_REENCRYPT_PEER_OBJECTS ?? 300);
const env = liveEnv();
const dir = mkdtempSync(join(tmpdir(), 's3enc-bench-reencrypt-'));
const childEnv = awsCliEnv(env, dir);
const bundle = join(ROOT, 'dist', 'cli.js');
const bundleHasIt = existsSync(bundle) && spawnSync(process.execPath, [bundle, 'reencrypt', '--help']).status === 0;
const s3enc = bundleHasIt
  ? [process.execPath, bundle]
  : [process.execPath, '--import', 'tsx', join(ROOT, 'src', 'cli', 'bin.ts')];

async function run(cmd: string, args: string[]): Promise<{ seconds: number; stdout: string; maxRssMiB: number }> {
  const r = await runMeasured(cmd, args, { env: childEnv, cwd: ROOT });
  return { seconds: r.ms / 1000, stdout: r.stdout, maxRssMiB: r.maxRssMiB };
}

async function main(): Promise<void> {
  const client = liveS3Client();
  const bucket = await createTestBucket(client, 'bench-reencrypt');
  try {
    const keys = Array.from({ length: OBJECTS }, (_, i) => `ours/${String(i).padStart(5, '0')}.txt`);
    const peerKeys = Array.from({ length: PEER_OBJECTS }, (_, i) => `peer/${String(i).padStart(5, '0')}.txt`);
    const body = Buffer.alloc(1024, 'x');
    await mapConcurrent([...keys, ...peerKeys], 32, (key) =>
      client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body,
          ContentType: 'text/plain',
          Metadata: { seeded: 'yes' },
        }),
      ),
    );
    const load = loadavg()[0].toFixed(1);
    const ours = await run(s3enc[0], [
      ...s3enc.slice(1),
      'reencrypt',
      `s3://${bucket}/ours/`,
      '--sse',
      'AES256',
      '--json',
      '--endpoint',
      env.s3Endpoint,
    ]);
    const report = (JSON.parse(ours.stdout) as { report: { changed: Array<{ method: string }>; failed: unknown[] } })
      .report;
    if (report.failed.length || report.changed.length !== OBJECTS)
      throw new Error(`s3enc reencrypt changed ${report.changed.length}/${OBJECTS}, ${report.failed.length} failed`);
    const script = join(dir, 'peer.sh');
    writeFileSync(
      script,
      `#!/bin/sh\nset -e\nwhile read -r k; do\n  /usr/bin/aws s3api copy-object --bucket "${bucket}" --key "$k" --copy-source "${bucket}/$k" --server-side-encryption AES256 --metadata-directive REPLACE --content-type text/plain --metadata seeded=yes --endpoint-url "${env.s3Endpoint}" > /dev/null\ndone < "${join(dir, 'peer-keys.txt')}"\n`,
    );
    writeFileSync(join(dir, 'peer-keys.txt'), `${peerKeys.join('\n')}\n`);
    const peer = await run('/bin/sh', [script]);
    const oursRate = OBJECTS / ours.seconds;
    const peerRate = PEER_OBJECTS / peer.seconds;
    const table = [
      `${OBJECTS.toLocaleString('en-US')} objects of 1 KiB, unencrypted → SSE-S3 in place on local Ceph RGW (memstore) over loopback HTTP, one run each, measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
      `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), 1-minute load average ${load} at the start: other agents were using the machine, so same-run ratios are what count.`,
      `s3enc: \`reencrypt --sse AES256\` end to end (listing, one HEAD per object to plan, then per object HEAD + GetObjectTagging + CopyObject; 8 in flight). CLI: ${bundleHasIt ? 'dist/cli.js' : 'sources via tsx'}.`,
      `Peer: a shell loop of Debian awscli \`/usr/bin/aws s3api copy-object --server-side-encryption AES256 --metadata-directive REPLACE\` restating the content type and metadata (RGW refuses an in-place COPY-directive copy), one process per object, over ${PEER_OBJECTS} objects (the same work; a full 10,000-object loop would take over an hour here).`,
      '',
      '| tool | objects | seconds | objects/s | ÷ peer | peak RSS (largest process) |',
      '| --- | --- | --- | --- | --- | --- |',
      `| s3enc reencrypt (copy) | ${OBJECTS} | ${ours.seconds.toFixed(1)} | ${oursRate.toFixed(1)} | ${(oursRate / peerRate).toFixed(1)}× | ${ours.maxRssMiB.toFixed(0)} MiB |`,
      `| aws s3api copy-object loop | ${PEER_OBJECTS} | ${peer.seconds.toFixed(1)} | ${peerRate.toFixed(1)} | 1.0× | ${peer.maxRssMiB.toFixed(0)} MiB |`,
    ].join('\n');
    console.log(table);
    replaceBenchmarksSection('## Re-encryption (`s3enc reencrypt`) vs AWS CLI copy-object loop', table);
  } finally {
    await deleteBucketCompletely(client, bucket);
    client.destroy();
  }
}

main().catch((e: Error) => {
  console.error(e.message);
  process.exit(1);
});
