// The audit benchmark's inventory: ROWS synthetic rows in data files of 1 million rows, each written as CSV.gz
// and as Parquet (Snappy, row groups of 250,000), with a local manifest per format. Files are written by child
// processes, one per core, into a folder of the system's temporary directory named after the row count, and
// reused by later runs (a marker file says the set is complete).
// As a script (`node --import tsx bench/audit-fixtures.ts DIR INDEX ROWS SOURCE`) it writes one data file pair.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { writeCsvGz, writeManifestFiles, writeParquet } from '../tools/inventory/inventory-files';
import { syntheticRows } from '../tools/inventory/synthetic-rows';

const run = promisify(execFile);
export const ROWS_PER_FILE = 1_000_000;
/** Bump when the files' content or layout changes, so old caches are not reused. */
const LAYOUT = 'v3';

export interface AuditFixtures {
  dir: string;
  csvManifest: string;
  parquetManifest: string;
  csvBytes: number;
  parquetBytes: number;
  files: number;
  note: string;
}

interface FilePair {
  csv: { size: number; md5: string };
  parquet: { size: number; md5: string };
}

const DATE = '2026-11-29T01-00Z';

export async function auditFixtures(rows: number, source: string): Promise<AuditFixtures> {
  const dir = join(tmpdir(), `s3enc-bench-audit-${rows}-${LAYOUT}`);
  const marker = join(dir, 'complete.json');
  const result = (sizes: { csvBytes: number; parquetBytes: number; files: number }, note: string): AuditFixtures => ({
    dir,
    csvManifest: join(dir, 'csv', DATE, 'manifest.json'),
    parquetManifest: join(dir, 'parquet', DATE, 'manifest.json'),
    ...sizes,
    note,
  });
  if (existsSync(marker))
    return result(
      JSON.parse(readFileSync(marker, 'utf8')) as { csvBytes: number; parquetBytes: number; files: number },
      `reused from ${dir}`,
    );
  mkdirSync(dir, { recursive: true });
  const started = Date.now();
  const count = Math.ceil(rows / ROWS_PER_FILE);
  const pairs: FilePair[] = new Array<FilePair>(count);
  let next = 0;
  const child = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      const n = Math.min(ROWS_PER_FILE, rows - i * ROWS_PER_FILE);
      const { stdout } = await run(
        process.execPath,
        ['--import', 'tsx', __filename, dir, String(i), String(n), source],
        {
          cwd: join(__dirname, '..'),
          maxBuffer: 1 << 20,
        },
      );
      pairs[i] = JSON.parse(stdout) as FilePair;
      console.error(`bench audit: wrote data file ${i + 1} of ${count}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(count, cpus().length) }, child));
  for (const format of ['CSV', 'Parquet'] as const) {
    const ext = format === 'CSV' ? 'csv.gz' : 'parquet';
    writeManifestFiles(join(dir, format.toLowerCase(), DATE), {
      sourceBucket: source,
      destinationBucket: 'bench-destination',
      format,
      files: pairs.map((p, i) => ({
        key: `data/part-${i}.${ext}`,
        ...(format === 'CSV' ? p.csv : p.parquet),
      })),
    });
  }
  const sizes = {
    csvBytes: pairs.reduce((n, p) => n + p.csv.size, 0),
    parquetBytes: pairs.reduce((n, p) => n + p.parquet.size, 0),
    files: count,
  };
  writeFileSync(marker, JSON.stringify(sizes));
  return result(sizes, `generated in ${((Date.now() - started) / 1000).toFixed(0)} s into ${dir}`);
}

async function writePair(dir: string, index: number, rows: number, source: string): Promise<FilePair> {
  const seed = 1000 + index;
  const csv = await writeCsvGz(join(dir, 'csv', 'data', `part-${index}.csv.gz`), syntheticRows(rows, seed, source));
  // S3's Parquet row groups hold hundreds of thousands of rows; 250k here.
  const parquet = await writeParquet(
    join(dir, 'parquet', 'data', `part-${index}.parquet`),
    syntheticRows(rows, seed, source),
    250_000,
  );
  return { csv: { size: csv.size, md5: csv.md5 }, parquet: { size: parquet.size, md5: parquet.md5 } };
}

if (require.main === module) {
  const [dir, index, rows, source] = process.argv.slice(2);
  writePair(dir, Number(index), Number(rows), source).then(
    (pair) => process.stdout.write(JSON.stringify(pair)),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
