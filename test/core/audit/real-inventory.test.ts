// `s3enc audit` on inventory reports written by Amazon S3 itself (test/fixtures/aws-inventory: third-party test
// data, MIT, provenance in its README), published into the live RGW under the real destination bucket's name and
// read back through the real SDK. Expected counts are derived here from the data files themselves: the CSV text
// split by hand, the Parquet file queried with DuckDB; the ORC report is refused with the message naming ORC.
import { CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { liveEnv } from '../../../tools/live/live-env';
import { deleteBucketCompletely, liveS3Client } from '../../../tools/live/s3-test-bucket';
import { s3enc } from './support/run-cli';

const FIXTURES = join(__dirname, '../../fixtures/aws-inventory/umccr-orcabus');
/** The bucket S3 inventoried and delivered the reports to (the manifests name it). */
const BUCKET = 'filemanager-inventory-test';
const DATE = '2024-05-07T01-00Z';

interface Expected {
  objects: number;
  bytes: number;
  byEncryption: Record<string, number>;
  bucketKey: Record<string, number>;
  prefixes: Record<string, number>;
}

interface AuditJson {
  objects: number;
  bytes: number;
  inventoryDate: string;
  byEncryption: Record<string, { objects: number; bytes: number }>;
  bucketKey: Record<string, number>;
  prefixes: { prefix: string; objects: number }[];
}

const count = (into: Record<string, number>, key: string): void => {
  into[key] = (into[key] ?? 0) + 1;
};

/** Counts straight from the CSV text: every field is quoted and none holds a quote in these files. */
function expectedFromCsv(file: string, manifest: string): Expected {
  const columns = (JSON.parse(readFileSync(join(FIXTURES, manifest), 'utf8')) as { fileSchema: string }).fileSchema
    .split(',')
    .map((c) => c.trim());
  const at = (name: string): number => columns.indexOf(name);
  const e: Expected = { objects: 0, bytes: 0, byEncryption: {}, bucketKey: {}, prefixes: {} };
  for (const line of gunzipSync(readFileSync(join(FIXTURES, file)))
    .toString('utf8')
    .split('\n')) {
    if (!line) continue;
    const f = line.slice(1, -1).split('","');
    assert.equal(f.length, columns.length);
    if (at('IsDeleteMarker') >= 0 && f[at('IsDeleteMarker')] === 'true') continue;
    e.objects++;
    e.bytes += Number(f[at('Size')]);
    count(e.byEncryption, f[at('EncryptionStatus')]);
    count(e.bucketKey, f[at('BucketKeyStatus')]);
    const key = decodeURIComponent(f[at('Key')].replace(/\+/g, ' '));
    count(e.prefixes, key.includes('/') ? key.slice(0, key.indexOf('/') + 1) : '');
  }
  return e;
}

/** Counts of the Parquet file by DuckDB, an independent reader. */
async function expectedFromParquet(file: string): Promise<Expected> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const db = await (await DuckDBInstance.create(':memory:')).connect();
  const rows = (
    await db.runAndReadAll(
      `SELECT encryption_status, bucket_key_status, regexp_extract(key, '^([^/]*/)?') AS prefix, size
       FROM read_parquet('${join(FIXTURES, file)}') WHERE NOT coalesce(is_delete_marker, false)`,
    )
  ).getRows();
  db.closeSync();
  const e: Expected = { objects: 0, bytes: 0, byEncryption: {}, bucketKey: {}, prefixes: {} };
  for (const [status, bucketKey, prefix, size] of rows) {
    e.objects++;
    e.bytes += Number(size ?? 0);
    count(e.byEncryption, String(status));
    count(e.bucketKey, String(bucketKey));
    count(e.prefixes, String(prefix));
  }
  return e;
}

function assertAudit(out: AuditJson, e: Expected): void {
  assert.equal(out.objects, e.objects);
  assert.equal(out.bytes, e.bytes);
  assert.equal(out.inventoryDate, '2024-05-07T01:00:00.000Z');
  const statuses = Object.fromEntries(
    Object.entries(out.byEncryption)
      .filter(([, c]) => c.objects > 0)
      .map(([s, c]) => [s, c.objects]),
  );
  assert.deepEqual(statuses, e.byEncryption);
  assert.deepEqual(Object.fromEntries(Object.entries(out.bucketKey).filter(([, n]) => n > 0)), e.bucketKey);
  assert.deepEqual(Object.fromEntries(out.prefixes.map((p) => [p.prefix, p.objects])), e.prefixes);
}

describe('s3enc audit: reports written by Amazon S3 (live RGW)', function () {
  this.timeout(120_000);
  let client: S3Client;
  const endpoint = (): string[] => ['--endpoint', liveEnv().s3Endpoint, '--path-style'];
  const manifestUrl = (report: string): string => `s3://${BUCKET}/${BUCKET}/${report}/${DATE}/manifest.json`;

  before(async () => {
    client = liveS3Client();
    await deleteBucketCompletely(client, BUCKET);
    await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
    // As S3 delivered them: data files at the keys the manifests name, each manifest under its report's date.
    for (const report of ['csv_inventory', 'csv_inventory_no_version', 'parquet_inventory', 'orc_inventory']) {
      const manifest = JSON.parse(readFileSync(join(FIXTURES, `${report}_manifest.json`), 'utf8')) as {
        files: { key: string }[];
      };
      for (const f of manifest.files)
        await client.send(
          new PutObjectCommand({ Bucket: BUCKET, Key: f.key, Body: readFileSync(join(FIXTURES, f.key)) }),
        );
      for (const name of ['manifest.json', 'manifest.checksum'])
        await client.send(
          new PutObjectCommand({
            Bucket: BUCKET,
            Key: `${BUCKET}/${report}/${DATE}/${name}`,
            Body: readFileSync(join(FIXTURES, `${report}_${name}`)),
          }),
        );
    }
  });
  after(async () => {
    await deleteBucketCompletely(client, BUCKET);
    client.destroy();
  });

  const audit = async (report: string): Promise<AuditJson> => {
    const r = await s3enc([
      'audit',
      `s3://${BUCKET}`,
      '--manifest',
      manifestUrl(report),
      '--json',
      '--kms-sample',
      '0',
      ...endpoint(),
    ]);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as AuditJson;
  };

  it('CSV, all versions: a delete marker, a noncurrent version and a pre-versioning object, counted exactly', async () => {
    const e = expectedFromCsv('csv_inventory.csv.gz', 'csv_inventory_manifest.json');
    assert.equal(e.objects, 4, 'the report lists 4 object versions and a delete marker');
    assertAudit(await audit('csv_inventory'), e);
  });

  it('CSV, current versions only (no version columns)', async () => {
    assertAudit(
      await audit('csv_inventory_no_version'),
      expectedFromCsv('csv_inventory_no_version.csv.gz', 'csv_inventory_no_version_manifest.json'),
    );
  });

  it('Parquet written by S3 (parquet-mr, Snappy, dictionary pages), counted as DuckDB counts it', async () => {
    const e = await expectedFromParquet('parquet_inventory.parquet');
    assert.equal(e.objects, 4);
    assertAudit(await audit('parquet_inventory'), e);
  });

  it('ORC written by S3 is refused with a message that names ORC and offers Parquet', async () => {
    const r = await s3enc([
      'audit',
      `s3://${BUCKET}`,
      '--manifest',
      manifestUrl('orc_inventory'),
      '--json',
      ...endpoint(),
    ]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /ORC/);
    assert.match(r.stderr, /Parquet/);
    assert.equal(r.stdout.trim(), '');
  });
});
