// Transfers: `s3enc cp` vs Debian's `/usr/bin/aws s3 cp`, same machine, same local Ceph RGW, same run.
// 1 GiB (S3ENC_BENCH_TRANSFER_MIB to change) upload and download for: no SSE, SSE-KMS (RGW testing key),
// SSE-C, and CSE. Runs are paired whole processes: s3enc and the AWS CLI alternate, REPEAT times, and the
// median of each counts (the machine is shared; alternating spreads the noise over both). Peak RSS is the
// whole process's, via /usr/bin/time. CSE has no AWS CLI peer (it cannot decrypt S3EC objects), so a CSE
// download alternates with s3enc's own plain download of an object of the same size, and the AWS CLI's plain
// download is given beside it. The in-process rows run the same core download (downloadFile) without
// process start-up, to separate the engine from the CLI's fixed cost.
// RGW's memstore keeps objects in RAM, so every object is deleted (and garbage-collected) after its runs.
// Prints a markdown table and replaces the "Transfers" section of BENCHMARKS.md.
// S3ENC_BENCH_TRANSFER_ONLY=cse runs only the client-side encryption comparison (=sse only the SSE modes):
// quicker, for focused runs; the tables are printed and BENCHMARKS.md is left as it is.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, DeleteBucketCommand, DeleteObjectCommand } from '@aws-sdk/client-s3';
import { AesKeyring } from '../src/core/crypto';
import { downloadFile } from '../src/core/transfer/file-transfers';
import { liveEnv } from '../tools/live/live-env';
import { liveS3Client } from '../tools/live/s3-test-bucket';
import { floorRows, measurePassFloor } from './support/cse-pass-floor';
import { median, runMeasured } from './support/run-measured';
import { awsCliEnv } from './support/aws-cli-env';

const ROOT = join(__dirname, '..');
const MIB = 1024 * 1024;
const SIZE = Number(process.env.S3ENC_BENCH_TRANSFER_MIB ?? 1024) * MIB;
const REPEAT = Number(process.env.S3ENC_BENCH_TRANSFER_REPEAT ?? 3);
/** A CSE object within the default memory budget (authenticated in memory, written once). */
const SMALL = Number(process.env.S3ENC_BENCH_TRANSFER_SMALL_MIB ?? 64) * MIB;
const ONLY = process.env.S3ENC_BENCH_TRANSFER_ONLY;
if (ONLY !== undefined && ONLY !== 'cse' && ONLY !== 'sse')
  throw new Error(`S3ENC_BENCH_TRANSFER_ONLY must be cse or sse, not ${ONLY}`);
const env = liveEnv();
const dir = mkdtempSync(join(tmpdir(), 's3enc-bench-transfer-'));
const ssecKey = join(dir, 'ssec.key');
writeFileSync(ssecKey, randomBytes(32));
const aesKeyBytes = randomBytes(32);
const aesKey = join(dir, 'aes.key');
writeFileSync(aesKey, aesKeyBytes.toString('hex'));
const childEnv = awsCliEnv(env, dir);

// The bundled CLI when built with `cp` in it (what users run), else the sources through tsx.
const bundle = join(ROOT, 'dist', 'cli.js');
const bundleHasCp = existsSync(bundle) && spawnSync(process.execPath, [bundle, 'cp', '--help']).status === 0;
const s3enc = bundleHasCp
  ? [process.execPath, bundle]
  : [process.execPath, '--import', 'tsx', join(ROOT, 'src', 'cli', 'bin.ts')];
const aws = ['/usr/bin/aws', 's3', 'cp', '--only-show-errors'];

interface Run {
  seconds: number;
  peakRssMiB: number;
}

async function timed(cmd: string[]): Promise<Run> {
  const r = await runMeasured(cmd[0], cmd.slice(1), { env: childEnv, cwd: ROOT, maxBuffer: 16 * MIB });
  return { seconds: r.ms / 1000, peakRssMiB: r.maxRssMiB };
}

const mbps = (runs: Run[]) => SIZE / MIB / median(runs.map((r) => r.seconds));
const smallMbps = (runs: Run[]) => SMALL / MIB / median(runs.map((r) => r.seconds));
const rss = (runs: Run[]) => median(runs.map((r) => r.peakRssMiB));
const rssRange = (runs: Run[]) =>
  `${Math.min(...runs.map((r) => r.peakRssMiB)).toFixed(0)}–${Math.max(...runs.map((r) => r.peakRssMiB)).toFixed(0)}`;

function makeFile(path: string, bytes: number): void {
  const fd = openSync(path, 'w');
  const block = randomBytes(8 * MIB);
  for (let left = bytes; left > 0; left -= block.length) writeSync(fd, block, 0, Math.min(left, block.length));
  closeSync(fd);
}

/**
 * RGW only frees a deleted object's data when its garbage collector runs (by default hours later), and the
 * memstore OSD holds 4 GiB: without this, a few 1 GiB steps fill it and RGW stalls.
 */
function collectGarbage(): void {
  const instanceDir = env.instanceDir;
  if (!instanceDir)
    return console.error('no instanceDir in S3ENC_LIVE_ENV: cannot run RGW garbage collection; the OSD may fill up');
  const r = spawnSync('radosgw-admin', ['-c', join(instanceDir, 'ceph.conf'), 'gc', 'process', '--include-all'], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.status !== 0) console.error(`radosgw-admin gc process failed: ${r.stderr}`);
}

interface Mode {
  name: string;
  ours: string[];
  oursDown: string[];
  aws: string[];
  awsDown: string[];
}

const MODES: Mode[] = [
  { name: 'no SSE', ours: [], oursDown: [], aws: [], awsDown: [] },
  {
    name: 'SSE-KMS',
    ours: ['--sse', 'aws:kms', '--sse-kms-key-id', env.rgwKmsKeyIds[0]],
    oursDown: [],
    aws: ['--sse', 'aws:kms', '--sse-kms-key-id', env.rgwKmsKeyIds[0]],
    awsDown: [],
  },
  {
    name: 'SSE-C',
    ours: ['--sse-c-key-file', ssecKey, '--allow-http-loopback'],
    oursDown: ['--sse-c-key-file', ssecKey, '--allow-http-loopback'],
    aws: ['--sse-c', 'AES256', '--sse-c-key', `fileb://${ssecKey}`],
    awsDown: ['--sse-c', 'AES256', '--sse-c-key', `fileb://${ssecKey}`],
  },
];
const CSE_ARGS = ['--cse', 'aes', '--aes-key-file', aesKey];

async function main(): Promise<void> {
  const client = liveS3Client();
  const bucket = `s3enc-bench-transfer-${Date.now().toString(36)}`;
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  const src = join(dir, 'src.bin');
  makeFile(src, SIZE);
  const out = join(dir, 'out.bin');
  const endpoint = ['--endpoint', env.s3Endpoint];
  const up = (key: string, args: string[], from = src) =>
    timed([...s3enc, 'cp', from, `s3://${bucket}/${key}`, ...endpoint, ...args]);
  const awsUp = (key: string, args: string[]) =>
    timed([...aws, src, `s3://${bucket}/${key}`, '--endpoint-url', env.s3Endpoint, ...args]);
  const downloaded = async (run: Promise<Run>, expected = SIZE): Promise<Run> => {
    const r = await run;
    if (statSync(out).size !== expected)
      throw new Error(`downloaded ${statSync(out).size} bytes, expected ${expected}`);
    rmSync(out);
    return r;
  };
  const down = (key: string, args: string[], expected = SIZE) =>
    downloaded(timed([...s3enc, 'cp', `s3://${bucket}/${key}`, out, ...endpoint, ...args]), expected);
  const awsDown = (key: string, args: string[]) =>
    downloaded(timed([...aws, `s3://${bucket}/${key}`, out, '--endpoint-url', env.s3Endpoint, ...args]));
  const remove = async (key: string) => {
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    collectGarbage();
  };
  const rows: string[] = [];
  const cseRows: string[] = [];
  const floorTable: string[] = [];
  try {
    for (const m of ONLY === 'cse' ? [] : MODES) {
      const r = { up: [] as Run[], down: [] as Run[], awsUp: [] as Run[], awsDown: [] as Run[] };
      for (let i = 0; i < REPEAT; i++) {
        // Paired: each s3enc run is followed by the AWS CLI's on the same object size, then the object goes.
        r.up.push(await up('ours', m.ours));
        r.down.push(await down('ours', m.oursDown));
        await remove('ours');
        r.awsUp.push(await awsUp('theirs', m.aws));
        r.awsDown.push(await awsDown('theirs', m.awsDown));
        await remove('theirs');
      }
      rows.push(
        `| ${m.name} | ${mbps(r.up).toFixed(0)} ↑ / ${mbps(r.down).toFixed(0)} ↓ | ${rss(r.up).toFixed(0)} / ${rss(r.down).toFixed(0)} (${rssRange(r.up)} / ${rssRange(r.down)}) | ` +
          `${mbps(r.awsUp).toFixed(0)} ↑ / ${mbps(r.awsDown).toFixed(0)} ↓ | ${rss(r.awsUp).toFixed(0)} / ${rss(r.awsDown).toFixed(0)} (${rssRange(r.awsUp)} / ${rssRange(r.awsDown)}) | ` +
          `${(mbps(r.up) / mbps(r.awsUp)).toFixed(2)}× / ${(mbps(r.down) / mbps(r.awsDown)).toFixed(2)}× | ${(rss(r.up) / rss(r.awsUp)).toFixed(2)}× / ${(rss(r.down) / rss(r.awsDown)).toFixed(2)}× |`,
      );
      console.error(rows[rows.length - 1]);
    }

    // CSE: the encrypted and a plain object of the same size side by side; downloads alternate plain / CSE.
    if (ONLY !== 'sse') {
      const c = {
        up: [] as Run[],
        plainUp: [] as Run[],
        down: [] as Run[],
        plainDown: [] as Run[],
        awsDown: [] as Run[],
        inProcPlain: [] as number[],
        inProcCse: [] as number[],
        smallPlain: [] as Run[],
        smallCse: [] as Run[],
      };
      // Uploads alternate too, and swap their order each round: the first upload into freshly started RGW ran
      // slower (0.62× once, when the CSE upload always went first). The last round's objects stay for the downloads.
      for (let i = 0; i < REPEAT; i++) {
        if (i > 0) await Promise.all([remove('cse'), remove('plain')]);
        const pair = [
          async () => c.up.push(await up('cse', CSE_ARGS)),
          async () => c.plainUp.push(await up('plain', [])),
        ];
        for (const step of i % 2 ? pair.reverse() : pair) await step();
      }
      for (let i = 0; i < REPEAT; i++) {
        c.plainDown.push(await down('plain', []));
        c.down.push(await down('cse', CSE_ARGS));
        c.awsDown.push(await awsDown('plain', []));
      }
      // In-process: the same core download the CLI runs, without process start-up and module loading.
      for (let i = 0; i < REPEAT; i++) {
        for (const [key, list] of [
          ['plain', c.inProcPlain],
          ['cse', c.inProcCse],
        ] as const) {
          const started = process.hrtime.bigint();
          await downloadFile({
            client,
            bucket,
            key,
            destPath: out,
            read: key === 'cse' ? { cse: { keyring: new AesKeyring(aesKeyBytes) } } : {},
          });
          list.push(Number(process.hrtime.bigint() - started) / 1e9);
          rmSync(out);
        }
      }
      await remove('cse');
      await remove('plain');
      // Within the memory budget: no second pass over the disk.
      const small = join(dir, 'small.bin');
      makeFile(small, SMALL);
      await up('small-plain', [], small);
      await up('small-cse', CSE_ARGS, small);
      for (let i = 0; i < REPEAT; i++) {
        c.smallPlain.push(await down('small-plain', [], SMALL));
        c.smallCse.push(await down('small-cse', CSE_ARGS, SMALL));
      }
      await remove('small-plain');
      await remove('small-cse');
      const floor = await measurePassFloor(src, join(dir, 'spool.bin'), REPEAT);
      const inProc = (xs: number[]) => SIZE / MIB / median(xs);
      cseRows.push(
        `| s3enc \`cp\` download, whole process | ${mbps(c.plainDown).toFixed(0)} MiB/s, RSS ${rss(c.plainDown).toFixed(0)} MiB | ${mbps(c.down).toFixed(0)} MiB/s, RSS ${rss(c.down).toFixed(0)} MiB | **${(mbps(c.down) / mbps(c.plainDown)).toFixed(2)}×** |`,
        `| core \`downloadFile\`, in-process (no start-up) | ${inProc(c.inProcPlain).toFixed(0)} MiB/s | ${inProc(c.inProcCse).toFixed(0)} MiB/s | ${(inProc(c.inProcCse) / inProc(c.inProcPlain)).toFixed(2)}× |`,
        `| peer: \`aws s3 cp\` plain download, whole process | ${mbps(c.awsDown).toFixed(0)} MiB/s, RSS ${rss(c.awsDown).toFixed(0)} MiB | – (cannot decrypt S3EC) | CSE ÷ AWS CLI plain: ${(mbps(c.down) / mbps(c.awsDown)).toFixed(2)}× |`,
        `| s3enc \`cp\` download of a ${SMALL / MIB} MiB object (within the default memory budget: no second pass), whole process | ${smallMbps(c.smallPlain).toFixed(0)} MiB/s, RSS ${rss(c.smallPlain).toFixed(0)} MiB | ${smallMbps(c.smallCse).toFixed(0)} MiB/s, RSS ${rss(c.smallCse).toFixed(0)} MiB | ${(smallMbps(c.smallCse) / smallMbps(c.smallPlain)).toFixed(2)}× |`,
        `| s3enc \`cp\` upload, whole process | ${mbps(c.plainUp).toFixed(0)} MiB/s, RSS ${rss(c.plainUp).toFixed(0)} MiB | ${mbps(c.up).toFixed(0)} MiB/s, RSS ${rss(c.up).toFixed(0)} MiB | ${(mbps(c.up) / mbps(c.plainUp)).toFixed(2)}× |`,
      );
      floorTable.push(...floorRows(floor, SIZE, median(c.plainDown.map((r) => r.seconds))));
      for (const row of [...cseRows, ...floorTable]) console.error(row);
    }
  } finally {
    await client
      .send(new DeleteBucketCommand({ Bucket: bucket }))
      .catch((e: Error) => console.error(`bucket cleanup: ${e.message}`));
    client.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
  const table = [
    `${SIZE / MIB} MiB file to and from local Ceph RGW (memstore) over loopback HTTP. Paired whole-process runs: s3enc and`,
    `\`/usr/bin/aws s3 cp\` (Debian awscli 2.9.19, its defaults: 8 MiB parts, 10 threads) alternate, ${REPEAT} times each; the`,
    `median run counts, and peak RSS is the median (range in brackets) of the whole process (/usr/bin/time).`,
    `s3enc defaults: 16 MiB parts, 4 in flight up; 8 MiB ranges, 8 in flight down. CLI: ${s3enc.includes('--import') ? 'sources via tsx (no bundle built)' : 'dist/cli.js'}.`,
    `Machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC;`,
    `1-minute load average at the end: ${loadavg()[0].toFixed(1)} (other agents were loading the machine; the same-run ratios are what count).`,
    '',
    ...(rows.length
      ? [
          '| mode | s3enc MiB/s | s3enc peak RSS MiB (↑ / ↓) | AWS CLI MiB/s | AWS CLI peak RSS MiB (↑ / ↓) | s3enc ÷ AWS CLI speed (↑ / ↓) | s3enc ÷ AWS CLI memory (↑ / ↓) |',
          '| --- | --- | --- | --- | --- | --- | --- |',
          ...rows,
        ]
      : []),
    '',
    `Client-side encryption (AES, V3), the same size, in the same run (downloads alternate plain / CSE / AWS CLI plain):`,
    '',
    '| | plain object | CSE object | CSE ÷ plain |',
    '| --- | --- | --- | --- |',
    ...cseRows,
    ...(floorTable.length
      ? [
          '',
          'What the guarantee costs at best (CSE downloads spool ciphertext and decrypt it only after the tag verified):',
          '',
          '| piece, same size, same run | time |',
          '| --- | --- |',
          ...floorTable,
        ]
      : []),
  ].join('\n');
  console.log(table);
  if (ONLY) console.error(`S3ENC_BENCH_TRANSFER_ONLY=${ONLY}: BENCHMARKS.md not updated.`);
  else replaceSection(table);
}

function replaceSection(body: string): void {
  const file = join(ROOT, 'BENCHMARKS.md');
  const text = readFileSync(file, 'utf8');
  const heading = '## Transfers (`s3enc cp`) vs AWS CLI';
  const start = text.indexOf(heading);
  if (start < 0) return console.error(`BENCHMARKS.md has no "${heading}" section; not updated`);
  // The generated table ends at the first "Reading the table" paragraph, which is written by hand.
  const notes = text.indexOf('\nReading the table', start);
  const next = text.indexOf('\n## ', start + heading.length);
  const end = notes >= 0 && (next < 0 || notes < next) ? notes + 1 : next < 0 ? text.length : next + 1;
  writeFileSync(file, `${text.slice(0, start)}${heading}\n\n${body}\n\n${text.slice(end)}`);
}

main().catch((e: Error) => {
  console.error(e.message);
  process.exit(1);
});
