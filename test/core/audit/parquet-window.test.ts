// A Parquet row group is counted a window of rows at a time, so memory does not grow with the row group: exact
// counts when windows cut through pages (many small pages, and pages larger than a window), progress that never
// covers more rows than a window, and a row group of 1,000,000 rows audited by the CLI within 300 MiB.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ParquetWriter } from 'hyparquet-writer';
import type { AuditStatus } from '../../../src/core/audit/inventory-status';
import { auditParquetFile } from '../../../src/core/audit/parquet-audit';
import { WINDOW_ROWS } from '../../../src/core/audit/parquet-window';
import { AuditTally, type TallyOptions } from '../../../src/core/audit/tally';
import { fileWriter, writeManifestFiles, writeParquet } from '../../../tools/inventory/inventory-files';
import { syntheticRows } from '../../../tools/inventory/synthetic-rows';
import { comparable, parquetByRows } from './support/comparable-tally';

const run = promisify(execFile);
const ROOT = join(__dirname, '../../..');

async function windowed(
  path: string,
  options: TallyOptions,
  windowRows?: number,
): Promise<{ tally: AuditTally; windows: number[] }> {
  const tally = new AuditTally(options);
  const windows: number[] = [];
  await auditParquetFile(path, tally, { windowRows, onRows: (rows) => windows.push(rows) });
  return { tally, windows };
}

const OPTIONS: TallyOptions[] = [
  { prefixDepth: 1, currentOnly: false, kmsSampleSize: 30 },
  { prefixDepth: 2, currentOnly: true, kmsSampleSize: 30 },
];

describe('Parquet row groups counted a window of rows at a time', function () {
  this.timeout(180_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 's3enc-parquet-window-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('counts exactly when windows cut through pages, small ones and ones larger than a window', async () => {
    const rows = [...syntheticRows(20_000, 51, 'src')];
    // One row group; 2 KiB pages hold a few dozen rows, so windows of 777 rows start and end inside pages,
    // while the boolean columns' single pages span every window.
    const small = await writeParquet(join(dir, 'small-pages.parquet'), rows, 20_000, {}, 2048);
    for (const options of OPTIONS) {
      const expected = comparable(await parquetByRows(small.path, options));
      for (const windowRows of [777, 5_000, 1_000_000]) {
        const { tally, windows } = await windowed(small.path, options, windowRows);
        assert.deepEqual(comparable(tally), expected, `window ${windowRows} ${JSON.stringify(options)}`);
        assert.equal(
          windows.reduce((a, b) => a + b, 0),
          rows.length,
        );
        assert.ok(Math.max(...windows) <= windowRows, `windows of ${Math.max(...windows)} rows`);
      }
    }
  });

  it('a row group of 1,000,000 rows: counted in windows, exact, and audited by the CLI within 300 MiB', async () => {
    const n = 1_000_000;
    const statuses = ['SSE-S3', 'SSE-KMS', 'DSSE-KMS', 'SSE-C', 'NOT-SSE'];
    const key = new Array<string>(n);
    const size = new Array<bigint>(n);
    const status = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      key[i] = `top${i % 7}/sub${i % 13}/object-${i}.bin`;
      size[i] = BigInt((i * 7919) % 100_000);
      status[i] = statuses[i % 5];
    }
    const path = join(dir, 'big-group.parquet');
    const writer = new ParquetWriter({
      writer: fileWriter(path),
      schema: [
        { name: 's3.inventory', num_children: 3 },
        { name: 'key', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
        { name: 'size', type: 'INT64', repetition_type: 'OPTIONAL' },
        { name: 'encryption_status', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
      ],
      codec: 'SNAPPY',
      statistics: false,
    });
    // One row group, pages of 1 MiB as parquet-mr writes them.
    await writer.write({
      rowGroupSize: n,
      pageSize: 1024 * 1024,
      columnData: [
        { name: 'key', data: key },
        { name: 'size', data: size },
        { name: 'encryption_status', data: status },
      ],
    });
    await writer.finish();

    const { tally, windows } = await windowed(path, OPTIONS[0]);
    assert.ok(Math.max(...windows) <= WINDOW_ROWS, `windows of ${Math.max(...windows)} rows`);
    let bytes = 0;
    const perStatus = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      bytes += Number(size[i]);
      perStatus.set(status[i], (perStatus.get(status[i]) ?? 0) + 1);
    }
    assert.deepEqual(tally.byStatus.total(), { objects: n, bytes });
    for (const [s, count] of perStatus) assert.equal(tally.byStatus.get(s as AuditStatus).objects, count);
    assert.equal(tally.prefixes.size, 7);

    // Two such files: one counted in the CLI's thread, one on a worker, at the same time.
    mkdirSync(join(dir, 'report', 'data'), { recursive: true });
    const content = readFileSync(path);
    const files = ['a', 'b'].map((name) => {
      copyFileSync(path, join(dir, 'report', 'data', `${name}.parquet`));
      return {
        key: `data/${name}.parquet`,
        size: content.length,
        md5: createHash('md5').update(content).digest('hex'),
      };
    });
    const { manifestPath } = writeManifestFiles(join(dir, 'report', '2026-11-29T01-00Z'), {
      sourceBucket: 'src',
      destinationBucket: 'dest',
      format: 'Parquet',
      fileSchema:
        'message s3.inventory {  required binary key (STRING);  optional int64 size;  optional binary encryption_status (STRING);}',
      files,
    });
    const { stdout, stderr } = await run(
      '/usr/bin/time',
      [
        '-f',
        'peak-rss-kib=%M',
        process.execPath,
        '--import',
        'tsx',
        'src/cli/bin.ts',
        'audit',
        's3://src',
        '--manifest',
        manifestPath,
        '--json',
        '--kms-sample',
        '0',
      ],
      { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
    );
    assert.equal((JSON.parse(stdout) as { objects: number }).objects, 2 * n);
    const rssMiB = Number(/peak-rss-kib=(\d+)/.exec(stderr)?.[1]) / 1024;
    assert.ok(rssMiB > 0 && rssMiB <= 300, `peak RSS ${rssMiB.toFixed(0)} MiB`);
  });
});
