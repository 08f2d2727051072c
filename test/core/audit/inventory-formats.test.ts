// Inventory formats without a network: CSV records (AWS's quoting and hostile variations), form-style key
// decoding, manifest schemas as real manifests write them, and every generated key surviving a round trip
// through gzip CSV and Snappy Parquet files (multi-byte characters split across gzip chunks, several row groups).
import assert from 'node:assert/strict';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeInventoryKey, parseCsvRecord, readCsvInventory } from '../../../src/core/audit/csv-inventory';
import { InventoryError } from '../../../src/core/audit/errors';
import { columnPositions } from '../../../src/core/audit/inventory-row';
import { parseManifest, schemaColumns, verifyManifestChecksum } from '../../../src/core/audit/manifest';
import { readParquetInventory } from '../../../src/core/audit/parquet-inventory';
import {
  CSV_COLUMNS,
  PARQUET_FILE_SCHEMA,
  formUrlEncode,
  writeCsvGz,
  writeParquet,
} from '../../../tools/inventory/inventory-files';
import { syntheticRows } from '../../../tools/inventory/synthetic-rows';

describe('inventory formats', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 's3enc-inv-formats-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('splits AWS CSV records, including empty, escaped-quote and comma fields', () => {
    assert.deepEqual(parseCsvRecord('"b","k","","true"', 4), ['b', 'k', '', 'true']);
    assert.deepEqual(parseCsvRecord('"b","say ""hi""","a,b",""', 4), ['b', 'say "hi"', 'a,b', '']);
    assert.deepEqual(parseCsvRecord('"b",""""', 2), ['b', '"']);
    assert.deepEqual(parseCsvRecord('b,k,,x', 4), ['b', 'k', '', 'x']);
    assert.throws(() => parseCsvRecord('"b","unterminated', 2), InventoryError);
  });

  it('decodes keys form-style: + is a space, then %XX as UTF-8', () => {
    assert.equal(decodeInventoryKey('my+folder%2Fa%2Bb.txt'), 'my folder/a+b.txt');
    assert.equal(decodeInventoryKey('na%C3%AFve%F0%9F%98%80'), 'naïve😀');
    assert.equal(decodeInventoryKey('100%25'), '100%');
    assert.equal(decodeInventoryKey(formUrlEncode('a b+c%d/é,"q"')), 'a b+c%d/é,"q"');
    assert.throws(
      () => decodeInventoryKey('bad%E0%A4%A'),
      (e: unknown) => e instanceof InventoryError && e.code === 'InventoryDataInvalid',
    );
  });

  it('reads the column names of real manifests: CSV list, Parquet message type with (STRING) and TIMESTAMP(MILLIS,true)', () => {
    assert.deepEqual(schemaColumns({ fileFormat: 'CSV', fileSchema: CSV_COLUMNS.join(', ') }), [...CSV_COLUMNS]);
    const parquet = schemaColumns({ fileFormat: 'Parquet', fileSchema: PARQUET_FILE_SCHEMA });
    assert.deepEqual(parquet.slice(0, 7), [
      'bucket',
      'key',
      'version_id',
      'is_latest',
      'is_delete_marker',
      'size',
      'last_modified_date',
    ]);
    assert.equal(parquet.length, 13);
    const pos = columnPositions(parquet, 'x');
    assert.equal(parquet[pos.encryptionStatus], 'encryption_status');
    assert.equal(parquet[pos.bucketKeyStatus], 'bucket_key_status');
    assert.equal(parquet[pos.etag], 'e_tag');
    assert.equal(columnPositions(['Bucket', 'Key'], 'x').encryptionStatus, -1);
  });

  it('rejects manifests that are not S3 Inventory manifests, and a changed manifest', () => {
    const code = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        return (e as InventoryError).code;
      }
      return undefined;
    };
    assert.equal(
      code(() => parseManifest('{', 'm')),
      'InventoryManifestInvalid',
    );
    assert.equal(
      code(() => parseManifest('{"fileFormat":"JSON","fileSchema":"a","files":[]}', 'm')),
      'InventoryManifestInvalid',
    );
    assert.equal(
      code(() =>
        parseManifest('{"fileFormat":"CSV","fileSchema":"Key","files":[{"key":"k","MD5checksum":"nope"}]}', 'm'),
      ),
      'InventoryManifestInvalid',
    );
    const m = parseManifest(
      '{"sourceBucket":"s","destinationBucket":"arn:aws:s3:::d","fileFormat":"CSV","fileSchema":"Bucket, Key","files":[{"key":"k","size":3,"MD5checksum":"0123456789ABCDEF0123456789ABCDEF"}]}',
      'm',
    );
    assert.equal(m.destinationBucket, 'd');
    assert.equal(m.files[0].MD5checksum, '0123456789abcdef0123456789abcdef');
    assert.equal(
      code(() => verifyManifestChecksum(Buffer.from('{}'), 'd41d8cd98f00b204e9800998ecf8427e', 'm')),
      'InventoryChecksumMismatch',
    );
    assert.equal(
      code(() => verifyManifestChecksum(Buffer.from(''), 'd41d8cd98f00b204e9800998ecf8427e\n', 'm')),
      undefined,
    );
  });

  it('every key, status and size of 60,000 rows survives gzip CSV and Snappy Parquet', async () => {
    const rows = [...syntheticRows(60_000, 5)];
    const csv = await writeCsvGz(join(dir, 'a.csv.gz'), rows);
    const parquet = await writeParquet(join(dir, 'a.parquet'), rows, 7_000);
    const cols = columnPositions([...CSV_COLUMNS], 'csv');
    for (const read of [
      (onRow: Parameters<typeof readCsvInventory>[3]) =>
        readCsvInventory(createReadStream(csv.path, { highWaterMark: 1021 }), CSV_COLUMNS.length, cols, onRow),
      (onRow: Parameters<typeof readCsvInventory>[3]) => readParquetInventory(parquet.path, onRow),
    ]) {
      let i = 0;
      const n = await read((row) => {
        const r = rows[i++];
        if (
          row.key !== r.key ||
          row.encryptionStatus !== r.encryptionStatus ||
          row.bucketKeyStatus !== r.bucketKeyStatus ||
          row.isDeleteMarker !== r.isDeleteMarker
        ) {
          assert.fail(`row ${i - 1}: ${JSON.stringify(row)} vs ${JSON.stringify(r)}`);
        }
        assert.equal(row.size, r.size ?? 0);
        assert.equal(row.isLatest, r.isLatest);
      });
      assert.equal(n, rows.length);
    }
  });
});
