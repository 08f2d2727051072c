// The audit's fast paths count exactly what the row-by-row reader counts: the columnar Parquet reader (typed
// arrays, prefixes cut as bytes) on Parquet from two writers (hyparquet-writer: data pages v2; DuckDB: data
// pages v1 with dictionary pages, as parquet-mr writes them) and in encodings beyond the defaults (DELTA_*,
// PLAIN strings, dictionary-encoded keys), and several data files counted on worker threads, a tampered one
// refused there with the same typed error as in this thread.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditInventoryFiles } from '../../../src/core/audit/audit-inventory';
import { localDataFiles } from '../../../src/core/audit/data-files';
import { InventoryError } from '../../../src/core/audit/errors';
import { parseManifest } from '../../../src/core/audit/manifest';
import { auditParquetFile } from '../../../src/core/audit/parquet-audit';
import { AuditTally, type TallyOptions } from '../../../src/core/audit/tally';
import { writeCsvGz, writeManifestFiles, writeParquet } from '../../../tools/inventory/inventory-files';
import { syntheticRows } from '../../../tools/inventory/synthetic-rows';
import { comparable, parquetByRows } from './support/comparable-tally';

async function columnar(path: string, options: TallyOptions): Promise<AuditTally> {
  const tally = new AuditTally(options);
  await auditParquetFile(path, tally);
  return tally;
}

const OPTION_SETS: TallyOptions[] = [
  { prefixDepth: 1, currentOnly: false, kmsSampleSize: 50 },
  { prefixDepth: 3, currentOnly: true, kmsSampleSize: 50 },
];

describe('columnar audit of Parquet, and data files on worker threads', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 's3enc-columnar-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('counts like the row reader on hyparquet-writer files, default and non-default encodings', async () => {
    const rows = [...syntheticRows(30_000, 21, 'src')];
    const plain = await writeParquet(join(dir, 'default.parquet'), rows, 7_000);
    const unusual = await writeParquet(join(dir, 'delta.parquet'), rows, 6_000, {
      key: 'DELTA_BYTE_ARRAY',
      version_id: 'DELTA_LENGTH_BYTE_ARRAY',
      size: 'DELTA_BINARY_PACKED',
      encryption_status: 'PLAIN',
      storage_class: 'PLAIN',
    });
    const dictionaryKeys = await writeParquet(join(dir, 'dict.parquet'), rows.slice(0, 3_000), 1_000, {
      key: 'RLE_DICTIONARY',
      version_id: 'RLE_DICTIONARY',
      size: 'RLE_DICTIONARY',
    });
    for (const file of [plain, unusual, dictionaryKeys])
      for (const options of OPTION_SETS) {
        const expected = comparable(await parquetByRows(file.path, options));
        assert.deepEqual(
          comparable(await columnar(file.path, options)),
          expected,
          `${file.path} ${JSON.stringify(options)}`,
        );
      }
  });

  it('counts like the row reader on Parquet written by DuckDB (data pages v1, dictionary pages, Snappy)', async () => {
    const rows = [...syntheticRows(20_000, 22, 'src')];
    const csv = await writeCsvGz(join(dir, 'for-duckdb.csv.gz'), rows);
    const out = join(dir, 'duckdb.parquet');
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await (await DuckDBInstance.create(':memory:')).connect();
    const columns =
      "{'bucket':'VARCHAR','key':'VARCHAR','version_id':'VARCHAR','is_latest':'BOOLEAN','is_delete_marker':'BOOLEAN'," +
      "'size':'BIGINT','last_modified_date':'VARCHAR','e_tag':'VARCHAR','storage_class':'VARCHAR'," +
      "'is_multipart_uploaded':'BOOLEAN','replication_status':'VARCHAR','encryption_status':'VARCHAR','bucket_key_status':'VARCHAR'}";
    // Empty CSV fields become NULLs, as S3 writes them in Parquet.
    await db.run(
      `COPY (SELECT bucket, url_decode(replace(key, '+', ' ')) AS key, version_id, is_latest, is_delete_marker, size,
                    e_tag, nullif(storage_class, '') AS storage_class, nullif(encryption_status, '') AS encryption_status,
                    nullif(bucket_key_status, '') AS bucket_key_status
             FROM read_csv('${csv.path}', header=false, quote='"', escape='"', columns=${columns}))
       TO '${out}' (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 4096)`,
    );
    db.closeSync();
    for (const options of OPTION_SETS) {
      const expected = comparable(await parquetByRows(out, options));
      assert.equal((await parquetByRows(out, options)).rows, rows.length);
      assert.deepEqual(comparable(await columnar(out, options)), expected, JSON.stringify(options));
    }
  });

  for (const format of ['CSV', 'Parquet'] as const) {
    it(`${format}: several data files counted on a worker thread give the same tally; a tampered one is refused`, async () => {
      const folder = join(dir, `report-${format}`);
      const files: { key: string; size: number; md5: string }[] = [];
      for (let i = 0; i < 3; i++) {
        const name = `part-${i}.${format === 'CSV' ? 'csv.gz' : 'parquet'}`;
        const rows = syntheticRows(8_000 + 1_000 * i, 30 + i, 'src');
        const written =
          format === 'CSV'
            ? await writeCsvGz(join(folder, name), rows)
            : await writeParquet(join(folder, name), rows, 3_000);
        files.push({ key: name, size: written.size, md5: written.md5 });
      }
      const { manifestPath, text } = writeManifestFiles(folder, {
        sourceBucket: 'src',
        destinationBucket: 'dest',
        format,
        files,
      });
      const manifest = parseManifest(text, manifestPath);
      const options = { prefixDepth: 2, currentOnly: false, kmsSampleSize: 20 };
      const here = await auditInventoryFiles(manifest, localDataFiles(manifestPath), { ...options, workers: 0 });
      const threaded = await auditInventoryFiles(manifest, localDataFiles(manifestPath), { ...options, workers: 1 });
      assert.deepEqual(comparable(threaded), comparable(here));
      assert.equal(here.rows, 8_000 + 9_000 + 10_000);

      // The second file gets one byte changed: this thread takes the first, the worker the second.
      const victim = join(folder, files[1].key);
      copyFileSync(victim, `${victim}.orig`);
      const bytes = readFileSync(victim);
      bytes[Math.floor(bytes.length / 2)] ^= 0xff;
      writeFileSync(victim, bytes);
      await assert.rejects(
        auditInventoryFiles(manifest, localDataFiles(manifestPath), { ...options, workers: 1 }),
        (err: unknown) =>
          err instanceof InventoryError &&
          (err.code === 'InventoryChecksumMismatch' || err.code === 'InventoryDataInvalid') &&
          err.message.includes(files[1].key),
      );
      copyFileSync(`${victim}.orig`, victim);
    });
  }
});
