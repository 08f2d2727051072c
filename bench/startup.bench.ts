// Start-up benchmark: how long a user waits for `s3enc --help`, and for `s3enc lint` on the 8-file
// examples/insecure-sample (one file per language), next to `/usr/bin/aws --version` and the `eslint` CLI on the
// same folder (it lints the sample's TypeScript file; the other languages are outside its reach). Whole processes,
// run in turns (a, b, c, d, a, b, ...) so a busy moment of the shared machine hits every command alike.
// Prints a markdown table and replaces the "Start-up" section of BENCHMARKS.md. Needs `npm run build`.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ESLINT_CONFIG } from './lint.bench';
import { alternate, median, replaceBenchmarksSection, runMeasured } from './support/run-measured';

const ROOT = join(__dirname, '..');
const ROUNDS = Number(process.env.S3ENC_BENCH_STARTUP_ROUNDS ?? 9);
const SAMPLE = join(ROOT, 'examples', 'insecure-sample');

interface Sample {
  seconds: number;
  rssMiB: number;
}

async function timed(cmd: string, args: string[], okCodes: number[]): Promise<Sample> {
  const r = await runMeasured(cmd, args, { cwd: ROOT, okCodes, maxBuffer: 64 << 20 });
  return { seconds: r.ms / 1000, rssMiB: r.maxRssMiB };
}

async function main(): Promise<void> {
  const cli = join(ROOT, 'dist', 'cli.js');
  if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` before the start-up benchmark');
  if (!existsSync('/usr/bin/aws'))
    throw new Error('/usr/bin/aws is missing: install the AWS CLI v2 (the peer of this benchmark)');
  const tmp = mkdtempSync(join(tmpdir(), 's3enc-startup-'));
  const eslintConfig = join(tmp, 'eslint.config.cjs');
  writeFileSync(eslintConfig, ESLINT_CONFIG(require.resolve('@typescript-eslint/parser')));
  const files = (
    await new Promise<string>((resolve) =>
      execFile('find', [SAMPLE, '-type', 'f', '!', '-name', '*.md'], (_e, out) => resolve(out)),
    )
  )
    .trim()
    .split('\n');
  const commands: Array<{ label: string; cmd: string; args: string[]; ok: number[] }> = [
    { label: '`s3enc --help`', cmd: process.execPath, args: [cli, '--help'], ok: [0] },
    { label: '`aws --version` (AWS CLI v2)', cmd: '/usr/bin/aws', args: ['--version'], ok: [0] },
    {
      label: `\`s3enc lint\` on examples/insecure-sample (${files.length} files, ${new Set(files.map((f) => f.split('.').pop())).size} languages)`,
      cmd: process.execPath,
      args: [cli, 'lint', SAMPLE],
      ok: [0, 1],
    },
    {
      label: '`eslint` CLI on the same folder (lints its one .ts file)',
      cmd: process.execPath,
      args: [join(dirname(require.resolve('eslint/package.json')), 'bin', 'eslint.js'), '-c', eslintConfig, SAMPLE],
      ok: [0, 1],
    },
  ];
  let samples: Sample[][];
  try {
    // One unkept round first warms the page cache.
    samples = await alternate(
      commands.map((c) => () => timed(c.cmd, c.args, c.ok)),
      ROUNDS,
      { warmUp: true },
    );
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const rows = commands.map((c, i) => {
    const s = samples[i];
    const secs = s.map((x) => x.seconds);
    return `| ${c.label} | ${median(secs).toFixed(2)} s | ${Math.min(...secs).toFixed(2)} s | ${median(s.map((x) => x.rssMiB)).toFixed(0)} MiB |`;
  });
  const med = (i: number) => median(samples[i].map((x) => x.seconds));
  const body = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}; ${ROUNDS} rounds, the four commands in turn each round; 1-minute load average at the end: ${loadavg()[0].toFixed(1)} (the machine is shared with other jobs, so absolute times are inflated; the ratios within a round are what compare).`,
    '',
    '| Command (whole process, wall clock) | Median | Best | Peak RSS |',
    '|---|---:|---:|---:|',
    ...rows,
    '',
    `\`s3enc --help\` takes ${(med(0) / med(1)).toFixed(2)}× the time of \`aws --version\`; \`s3enc lint\` on the ${files.length}-file sample takes ${(med(2) / med(3)).toFixed(2)}× the time of the \`eslint\` CLI on the same folder. \`s3enc lint\` on a handful of files starts no worker and loads the parser of each language present once (six WASM grammars plus TypeScript for this sample).`,
  ].join('\n');
  console.log(body);
  replaceBenchmarksSection('## Start-up (`s3enc --help`, `s3enc lint` on a handful of files)', body);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
