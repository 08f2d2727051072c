// Audit benchmark: a large synthetic S3 Inventory (default 10 million rows, in data files of 1 million rows; CSV.gz
// and Parquet, AWS's formats, written by tools/inventory; cached in the temporary directory, see audit-fixtures.ts)
// audited by the shipped CLI, `node dist/cli.js audit --json` (MD5 verification included; run `npm run build`
// first), next to DuckDB running the same aggregation on the same files (bench/audit-duckdb-peer.mjs): rows/s,
// peak RSS (/usr/bin/time). Needs no S3 service. S3ENC_BENCH_AUDIT_ROWS changes the size.
// `s3enc ls` with and without an inventory, next to the AWS CLI's listing, is measured by bench/listing.bench.ts.
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { auditFixtures, ROWS_PER_FILE } from './audit-fixtures';
import { replaceBenchmarksSection, runMeasured } from './support/run-measured';

const ROOT = join(__dirname, '..');
const ROWS = Number(process.env.S3ENC_BENCH_AUDIT_ROWS ?? 10_000_000);
const CLI = join(ROOT, 'dist', 'cli.js');
const SOURCE = 'bench-source-bucket';

interface Measured {
  ms: number;
  maxRssMiB: number;
}

/** A whole process under /usr/bin/time: wall clock, peak RSS, its output. */
async function timed(cmd: string, args: string[]): Promise<Measured & { stdout: string }> {
  const r = await runMeasured(cmd, args, { cwd: ROOT });
  return { ms: r.ms, maxRssMiB: r.maxRssMiB, stdout: r.stdout };
}

/** The CLI as shipped: the bundle and its audit worker beside it. */
function requireBundle(): void {
  for (const f of [CLI, join(ROOT, 'dist', 'audit-worker.js')])
    if (!existsSync(f)) throw new Error(`${f} is missing: run \`npm run build\` before the audit benchmark`);
}

async function auditOurs(manifest: string): Promise<Measured & { objects: number; bytes: number }> {
  const r = await timed(process.execPath, [
    CLI,
    'audit',
    `s3://${SOURCE}`,
    '--manifest',
    manifest,
    '--json',
    '--kms-sample',
    '0',
  ]);
  const out = JSON.parse(r.stdout) as { objects: number; bytes: number };
  return { ms: r.ms, maxRssMiB: r.maxRssMiB, objects: out.objects, bytes: out.bytes };
}

async function auditDuckDb(
  dir: string,
  format: 'csv' | 'parquet',
): Promise<Measured & { objects: number; bytes: number; innerMs: number }> {
  const glob = join(dir, format, 'data', format === 'csv' ? '*.csv.gz' : '*.parquet');
  const r = await timed(process.execPath, [join(ROOT, 'bench/audit-duckdb-peer.mjs'), format, glob]);
  const out = JSON.parse(r.stdout) as { ms: number; objects: number; bytes: number };
  return { ms: r.ms, maxRssMiB: r.maxRssMiB, objects: out.objects, bytes: out.bytes, innerMs: out.ms };
}

/** Start-up of the bundled CLI alone, to read the audit rows with and without it. */
async function startup(): Promise<number> {
  return (await timed(process.execPath, [CLI, '--version'])).ms;
}

const AUDIT_HEADING = '## Audit (`s3enc audit`) vs DuckDB';

const machine = (): string => {
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  return `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}); load average at the end ${load}.`;
};

async function inventoryPart(): Promise<void> {
  requireBundle();
  const files = await auditFixtures(ROWS, SOURCE);
  console.error(`bench audit: ${ROWS.toLocaleString('en-US')} rows ${files.note}`);
  const boot = await startup();
  const results: {
    format: string;
    ours: Awaited<ReturnType<typeof auditOurs>>;
    duck: Awaited<ReturnType<typeof auditDuckDb>>;
  }[] = [];
  for (const format of ['csv', 'parquet'] as const) {
    const ours = await auditOurs(format === 'csv' ? files.csvManifest : files.parquetManifest);
    const duck = await auditDuckDb(files.dir, format);
    if (ours.objects !== duck.objects || ours.bytes !== duck.bytes)
      throw new Error(`${format}: s3enc counted ${ours.objects}/${ours.bytes}, DuckDB ${duck.objects}/${duck.bytes}`);
    results.push({ format, ours, duck });
    console.error(
      `bench audit: ${format} s3enc ${(ours.ms / 1000).toFixed(1)} s ${ours.maxRssMiB.toFixed(0)} MiB, DuckDB ${(duck.ms / 1000).toFixed(1)} s ${duck.maxRssMiB.toFixed(0)} MiB`,
    );
  }
  const rps = (ms: number): string => `${Math.round(ROWS / (ms / 1000)).toLocaleString('en-US')}`;
  const mib = (n: number): string => `${(n / 1048576).toFixed(0)} MiB`;
  const body = [
    `${ROWS.toLocaleString('en-US')} inventory rows (every status, versions, delete markers, URL-encoded keys), in ${files.files} data files of up to ${ROWS_PER_FILE.toLocaleString('en-US')} rows:`,
    `CSV.gz ${mib(files.csvBytes)}, Parquet (Snappy, row groups of 250,000) ${mib(files.parquetBytes)}. Both tools read the same local files.`,
    machine(),
    'Other agents may have been loading the machine during the run, so absolute times are pessimistic; the same-run ratios are what count.',
    '',
    '| format | s3enc audit --json (dist/cli.js): time, rows/s, peak RSS | DuckDB (same aggregation, all cores): time, rows/s, peak RSS | s3enc / DuckDB throughput |',
    '| --- | --- | --- | --- |',
    ...results.map(
      (r) =>
        `| ${r.format === 'csv' ? 'CSV.gz' : 'Parquet'} | ${(r.ours.ms / 1000).toFixed(1)} s, ${rps(r.ours.ms)} rows/s, ${r.ours.maxRssMiB.toFixed(0)} MiB | ${(r.duck.ms / 1000).toFixed(1)} s, ${rps(r.duck.ms)} rows/s, ${r.duck.maxRssMiB.toFixed(0)} MiB | ${(r.duck.ms / r.ours.ms).toFixed(2)}× |`,
    ),
    '',
    `Both count the same objects and bytes (checked in the run). Times are wall clock for the whole process, including start-up (s3enc's bundled CLI: ${(boot / 1000).toFixed(1)} s; DuckDB loads its native library); peak RSS from /usr/bin/time, worker threads included.`,
    "s3enc also verifies every data file's MD5 before counting it (one extra read for Parquet); DuckDB verifies nothing.",
    "Targets: peak RSS ≤ 300 MiB whatever the size; throughput ≥ 0.5× DuckDB's. " +
      results
        .map(
          (r) =>
            `${r.format === 'csv' ? 'CSV' : 'Parquet'}: RSS ${r.ours.maxRssMiB <= 300 ? 'met' : 'MISSED'}, throughput ${r.duck.ms / r.ours.ms >= 0.5 ? 'met' : 'MISSED'}`,
        )
        .join('; ') +
      '.',
    ...(ROWS < 10_000_000 ? [`This run used ${ROWS.toLocaleString('en-US')} rows, not the issue's 10 million.`] : []),
    '',
    "How s3enc reads them: one file in the main thread and one per other core on worker threads (dist/audit-worker.js); Parquet column chunks decoded page by page straight into typed arrays (only the columns the audit needs, a window of 262,144 rows at a time, Snappy through hysnappy's WASM), counted without an object or string per row; CSV.gz gunzipped in 64 KiB chunks and each record cut into field spans in place (statuses matched where they stand, sizes parsed digit by digit, keys URL-decoded only as far as their prefix), no string per field.",
    'Before the CSV span counter (10,000,000 rows, 2026-11-30 11:32, idle): CSV.gz 26.4 s, 379,315 rows/s, 206 MiB, 0.47× DuckDB, with a string array per record and every key URL-decoded; in a paired run on a loaded machine (12:53) the span counter took 17.2 s of CPU against 40.3 s before (DuckDB: 23.3 s).',
    'Before this reader (5,000,000 rows, 2026-11-30 07:50, the CLI run through tsx): Parquet 0.15× DuckDB at 445 MiB, because hyparquet assembled every row group into arrays of JS values (a string per key, version id and status, a BigInt per size) in one thread; CSV.gz 0.61× at 201 MiB.',
    '',
    'Run alone (no S3 service needed): `npm run build && npx tsx bench/audit.bench.ts inventory`. `S3ENC_BENCH_AUDIT_ROWS` changes the size; generated files are kept in the system temporary directory (`s3enc-bench-audit-<rows>-*`) and reused.',
  ].join('\n');
  console.log(body);
  replaceBenchmarksSection(AUDIT_HEADING, body);
}

async function main(): Promise<void> {
  await inventoryPart();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
