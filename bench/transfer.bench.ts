// Transfers: `s3enc cp` vs Debian's `/usr/bin/aws s3 cp`, same machine, same local Ceph RGW, same run.
// 1 GiB (S3ENC_BENCH_TRANSFER_MIB to change) upload and download for: no SSE, SSE-KMS (RGW testing key),
// SSE-C, and CSE (no AWS CLI peer: compared with s3enc's own no-SSE run). Peak RSS via /usr/bin/time.
// RGW's memstore keeps objects in RAM, so every object is deleted right after its download.
// Prints a markdown table and replaces the "Transfers" section of BENCHMARKS.md.
import { execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, DeleteBucketCommand, DeleteObjectCommand } from '@aws-sdk/client-s3';
import { liveEnv } from '../tools/live/live-env';
import { liveS3Client } from '../tools/live/s3-test-bucket';

const ROOT = join(__dirname, '..');
const MIB = 1024 * 1024;
const SIZE = Number(process.env.S3ENC_BENCH_TRANSFER_MIB ?? 1024) * MIB;
/** Each transfer runs this many times and the fastest counts: the machine is shared, and noise only slows. */
const REPEAT = Number(process.env.S3ENC_BENCH_TRANSFER_REPEAT ?? 2);
const env = liveEnv();
const dir = mkdtempSync(join(tmpdir(), 's3enc-bench-transfer-'));
const awsConfig = join(dir, 'aws-config');
writeFileSync(awsConfig, '[default]\nregion = us-east-1\ns3 =\n  addressing_style = path\n');
const ssecKey = join(dir, 'ssec.key');
writeFileSync(ssecKey, randomBytes(32));
const aesKey = join(dir, 'aes.key');
writeFileSync(aesKey, randomBytes(32).toString('hex'));
const childEnv = { ...process.env, AWS_ACCESS_KEY_ID: env.accessKeyId, AWS_SECRET_ACCESS_KEY: env.secretAccessKey, AWS_REGION: env.region, AWS_CONFIG_FILE: awsConfig, AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };

// The bundled CLI when built with `cp` in it (what users run), else the sources through tsx.
const bundle = join(ROOT, 'dist', 'cli.js');
const bundleHasCp = existsSync(bundle) && spawnSync(process.execPath, [bundle, 'cp', '--help']).status === 0;
const s3enc = bundleHasCp ? [process.execPath, bundle] : [process.execPath, '--import', 'tsx', join(ROOT, 'src', 'cli', 'bin.ts')];

interface Run {
  seconds: number;
  peakRssMiB: number;
}

async function best(cmd: string[], after: () => Promise<void>): Promise<Run> {
  let fastest: Run | undefined;
  for (let i = 0; i < REPEAT; i++) {
    const r = await timed(cmd);
    await after();
    if (!fastest || r.seconds < fastest.seconds) fastest = { seconds: r.seconds, peakRssMiB: Math.max(r.peakRssMiB, fastest?.peakRssMiB ?? 0) };
  }
  return fastest!;
}

function timed(cmd: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    execFile('/usr/bin/time', ['-f', 'RSS_KB=%M', ...cmd], { env: childEnv, cwd: ROOT, maxBuffer: 16 * MIB }, (err, _out, stderr) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (err) return reject(new Error(`${cmd.join(' ')} failed: ${stderr.slice(-800)}`));
      const kb = Number(/RSS_KB=(\d+)/.exec(stderr)?.[1] ?? NaN);
      resolve({ seconds, peakRssMiB: kb / 1024 });
    });
  });
}

function makeFile(path: string, bytes: number): void {
  const fd = openSync(path, 'w');
  const block = randomBytes(8 * MIB);
  for (let left = bytes; left > 0; left -= block.length) writeSync(fd, block, 0, Math.min(left, block.length));
  closeSync(fd);
}

interface Mode {
  name: string;
  ours: string[];
  oursDown: string[];
  aws?: string[];
  awsDown?: string[];
}

const MODES: Mode[] = [
  { name: 'no SSE', ours: [], oursDown: [], aws: [], awsDown: [] },
  { name: 'SSE-KMS', ours: ['--sse', 'aws:kms', '--sse-kms-key-id', env.rgwKmsKeyIds[0]], oursDown: [], aws: ['--sse', 'aws:kms', '--sse-kms-key-id', env.rgwKmsKeyIds[0]], awsDown: [] },
  {
    name: 'SSE-C',
    ours: ['--sse-c-key-file', ssecKey, '--allow-http-loopback'],
    oursDown: ['--sse-c-key-file', ssecKey, '--allow-http-loopback'],
    aws: ['--sse-c', 'AES256', '--sse-c-key', `fileb://${ssecKey}`],
    awsDown: ['--sse-c', 'AES256', '--sse-c-key', `fileb://${ssecKey}`],
  },
  { name: 'CSE (AES, V3)', ours: ['--cse', 'aes', '--aes-key-file', aesKey], oursDown: ['--cse', 'aes', '--aes-key-file', aesKey] },
];

const mbps = (r: Run) => SIZE / MIB / r.seconds;

/**
 * RGW only frees a deleted object's data when its garbage collector runs (by default hours later), and the
 * memstore OSD holds 4 GiB: without this, the third 1 GiB step fills it and RGW stalls.
 */
function collectGarbage(): void {
  const instanceDir = env.instanceDir;
  if (!instanceDir) return console.error('no instanceDir in S3ENC_LIVE_ENV: cannot run RGW garbage collection; the OSD may fill up');
  const r = spawnSync('radosgw-admin', ['-c', join(instanceDir, 'ceph.conf'), 'gc', 'process', '--include-all'], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) console.error(`radosgw-admin gc process failed: ${r.stderr}`);
}

async function deleteAndCollect(client: ReturnType<typeof liveS3Client>, bucket: string, key: string): Promise<void> {
  await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  collectGarbage();
}

async function main(): Promise<void> {
  const client = liveS3Client();
  const bucket = `s3enc-bench-transfer-${Date.now().toString(36)}`;
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  const src = join(dir, 'src.bin');
  makeFile(src, SIZE);
  const rows: string[] = [];
  let plainUp: Run | undefined;
  let plainDown: Run | undefined;
  try {
    for (const m of MODES) {
      const key = `bench-${m.name.replace(/\W+/g, '-')}`;
      const out = join(dir, 'out.bin');
      // An overwritten upload's old data waits for RGW's garbage collector; collect between runs.
      const noop = async () => collectGarbage();
      const oursUp = await best([...s3enc, 'cp', src, `s3://${bucket}/${key}`, '--endpoint', env.s3Endpoint, ...m.ours], noop);
      const oursDown = await best([...s3enc, 'cp', `s3://${bucket}/${key}`, out, '--endpoint', env.s3Endpoint, ...m.oursDown], async () => {
        if (statSync(out).size !== SIZE) throw new Error(`${m.name}: s3enc downloaded ${statSync(out).size} bytes`);
        rmSync(out);
      });
      await deleteAndCollect(client, bucket, key);
      let peer = '';
      if (m.aws) {
        const awsUp = await best(['/usr/bin/aws', 's3', 'cp', '--only-show-errors', src, `s3://${bucket}/${key}`, '--endpoint-url', env.s3Endpoint, ...m.aws], noop);
        const awsDown = await best(['/usr/bin/aws', 's3', 'cp', '--only-show-errors', `s3://${bucket}/${key}`, out, '--endpoint-url', env.s3Endpoint, ...(m.awsDown ?? [])], async () => rmSync(out));
        await deleteAndCollect(client, bucket, key);
        peer = `aws s3 cp: ${mbps(awsUp).toFixed(0)} ↑ / ${mbps(awsDown).toFixed(0)} ↓ MiB/s, RSS ${awsUp.peakRssMiB.toFixed(0)} / ${awsDown.peakRssMiB.toFixed(0)} MiB | ${(mbps(oursUp) / mbps(awsUp)).toFixed(2)}× / ${(mbps(oursDown) / mbps(awsDown)).toFixed(2)}×`;
      } else if (plainUp && plainDown) {
        peer = `s3enc no SSE: ${mbps(plainUp).toFixed(0)} ↑ / ${mbps(plainDown).toFixed(0)} ↓ MiB/s | ${(mbps(oursUp) / mbps(plainUp)).toFixed(2)}× / ${(mbps(oursDown) / mbps(plainDown)).toFixed(2)}×`;
      }
      if (m.name === 'no SSE') {
        plainUp = oursUp;
        plainDown = oursDown;
      }
      const [peerText, ratio] = peer.split(' | ');
      rows.push(`| ${m.name} | ${mbps(oursUp).toFixed(0)} ↑ / ${mbps(oursDown).toFixed(0)} ↓ | ${oursUp.peakRssMiB.toFixed(0)} / ${oursDown.peakRssMiB.toFixed(0)} | ${peerText} | ${ratio} |`);
      console.error(rows[rows.length - 1]);
    }
  } finally {
    await client.send(new DeleteBucketCommand({ Bucket: bucket })).catch((e: Error) => console.error(`bucket cleanup: ${e.message}`));
    client.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
  const table = [
    `${SIZE / MIB} MiB file, upload (↑) then download (↓) per mode to local Ceph RGW (memstore) over loopback HTTP; best of ${REPEAT} runs each (shared 2-core machine), peak RSS the highest seen.`,
    `s3enc defaults: 16 MiB parts, 4 in flight. Peer: Debian awscli 2.9.19 (\`/usr/bin/aws s3 cp\`, its defaults: 8 MiB parts, 10 threads).`,
    `CLI: ${s3enc.includes('--import') ? 'sources via tsx' : 'dist/cli.js'}. Measured ${new Date().toISOString().slice(0, 10)}.`,
    '',
    '| mode | s3enc MiB/s | s3enc peak RSS MiB (↑ / ↓) | peer | s3enc ÷ peer (↑ / ↓) |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
  console.log(table);
  replaceSection(table);
}

function replaceSection(body: string): void {
  const file = join(ROOT, 'BENCHMARKS.md');
  const text = readFileSync(file, 'utf8');
  const heading = '## Transfers (`s3enc cp`) vs AWS CLI';
  const start = text.indexOf(heading);
  if (start < 0) return console.error(`BENCHMARKS.md has no "${heading}" section; not updated`);
  const next = text.indexOf('\n## ', start + heading.length);
  const end = next < 0 ? text.length : next + 1;
  writeFileSync(file, `${text.slice(0, start)}${heading}\n\n${body}\n\n${text.slice(end)}`);
}

main().catch((e: Error) => {
  console.error(e.message);
  process.exit(1);
});
