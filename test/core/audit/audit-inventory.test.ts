// `s3enc audit` on inventory reports written in AWS's exact formats into the live RGW and read back through the
// real SDK: CSV (gzip, quoted, URL-encoded keys) and Parquet (Snappy), several data files, every status, object
// versions and delete markers. Expected counts come from the generated rows (support/expected-audit.ts).
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import assert from 'node:assert/strict';
import { gunzipSync, gzipSync } from 'node:zlib';
import { syntheticRows, type SyntheticRow } from '../../../tools/inventory/synthetic-rows';
import { useTestBucket } from '../../support/live-fixtures';
import { expectedAudit, type ExpectedAudit } from './support/expected-audit';
import { publishReport, type PublishedReport } from './support/publish-report';
import { s3enc } from './support/run-cli';
import { liveEnv } from '../../../tools/live/live-env';

interface AuditJson {
  bucket: string;
  source: string;
  manifest: string;
  inventoryDate: string;
  objects: number;
  bytes: number;
  deleteMarkers: number;
  byEncryption: Record<string, { objects: number; bytes: number }>;
  bucketKey: Record<string, number>;
  prefixes: {
    prefix: string;
    objects: number;
    bytes: number;
    byEncryption: Record<string, { objects: number; bytes: number }>;
  }[];
}

function assertMatches(actual: AuditJson, expected: ExpectedAudit): void {
  assert.equal(actual.objects, expected.objects, 'objects');
  assert.equal(actual.bytes, expected.bytes, 'bytes');
  assert.equal(actual.deleteMarkers, expected.deleteMarkers, 'delete markers');
  for (const status of ['SSE-S3', 'SSE-KMS', 'DSSE-KMS', 'SSE-C', 'NOT-SSE']) {
    assert.deepEqual(actual.byEncryption[status], expected.byEncryption[status] ?? { objects: 0, bytes: 0 }, status);
  }
  assert.equal(actual.byEncryption.unknown, undefined, 'no unknown status');
  assert.deepEqual(actual.bucketKey, {
    ENABLED: expected.bucketKey.ENABLED ?? 0,
    DISABLED: expected.bucketKey.DISABLED ?? 0,
  });
  assert.deepEqual(actual.prefixes.map((p) => p.prefix).sort(), [...expected.prefixes.keys()].sort());
  for (const p of actual.prefixes) {
    const e = expected.prefixes.get(p.prefix);
    assert.ok(e, p.prefix);
    assert.equal(p.objects, e.objects, `objects under ${p.prefix}`);
    assert.equal(p.bytes, e.bytes, `bytes under ${p.prefix}`);
    for (const [status, n] of Object.entries(e.byEncryption))
      assert.equal(p.byEncryption[status]?.objects, n, `${status} under ${p.prefix}`);
  }
}

describe('s3enc audit: inventory reports in AWS format (live RGW)', function () {
  this.timeout(180_000);
  const source = useTestBucket('audit-src');
  const dest = useTestBucket('audit-dest');
  // Three data files of different sizes, one report per format, from the same rows.
  let files: SyntheticRow[][];
  let rows: SyntheticRow[];
  let csv: PublishedReport;
  let parquet: PublishedReport;
  const endpoint = (): string[] => ['--endpoint', liveEnv().s3Endpoint, '--path-style'];

  before(async () => {
    files = [
      [...syntheticRows(9000, 11, source.bucket)],
      [...syntheticRows(4000, 12, source.bucket)],
      [...syntheticRows(1500, 13, source.bucket)],
    ];
    rows = files.flat();
    const common = {
      destBucket: dest.bucket,
      destPrefix: 'inventory',
      sourceBucket: source.bucket,
      date: '2026-11-29T01-00Z',
      files,
    };
    csv = await publishReport(dest.client, { ...common, configId: 'csv-report', format: 'CSV' });
    parquet = await publishReport(dest.client, {
      ...common,
      configId: 'parquet-report',
      format: 'Parquet',
      parquetRowGroupRows: 2500,
    });
  });

  it('generated rows cover every status, URL-encoded keys, versions and delete markers', () => {
    const statuses = new Set(rows.filter((r) => !r.isDeleteMarker).map((r) => r.encryptionStatus));
    assert.deepEqual([...statuses].sort(), ['DSSE-KMS', 'NOT-SSE', 'SSE-C', 'SSE-KMS', 'SSE-S3']);
    assert.ok(rows.some((r) => r.isDeleteMarker));
    assert.ok(rows.some((r) => !r.isLatest && !r.isDeleteMarker));
    assert.ok(
      rows.some((r) => r.key.includes(' ')) &&
        rows.some((r) => r.key.includes('+')) &&
        rows.some((r) => r.key.includes('%')),
    );
    assert.ok(
      rows.some((r) => r.key.includes('"')) &&
        rows.some((r) => r.key.includes(',')) &&
        rows.some((r) => [...r.key].some((c) => c.charCodeAt(0) > 0x7f)),
    );
  });

  for (const format of ['CSV', 'Parquet'] as const) {
    it(`${format}: --json gives exact counts per status, Bucket Key and prefix`, async () => {
      const report = format === 'CSV' ? csv : parquet;
      const { stdout, stderr, code } = await s3enc([
        'audit',
        `s3://${source.bucket}`,
        '--manifest',
        report.manifestUrl,
        '--json',
        '--kms-sample',
        '0',
        ...endpoint(),
      ]);
      assert.equal(code, 0, stderr);
      const out = JSON.parse(stdout) as AuditJson;
      assert.equal(out.bucket, source.bucket);
      assert.equal(out.source, 'inventory');
      assert.equal(out.manifest, report.manifestUrl);
      assert.equal(out.inventoryDate, '2026-11-29T01:00:00.000Z');
      assertMatches(out, expectedAudit(rows));
    });

    it(`${format}: --by-prefix 2 and --current-only`, async () => {
      const report = format === 'CSV' ? csv : parquet;
      const { stdout, stderr, code } = await s3enc([
        'audit',
        `s3://${source.bucket}`,
        '--manifest',
        report.manifestUrl,
        '--json',
        '--kms-sample',
        '0',
        '--by-prefix',
        '2',
        '--current-only',
        ...endpoint(),
      ]);
      assert.equal(code, 0, stderr);
      assertMatches(JSON.parse(stdout) as AuditJson, expectedAudit(rows, 2, true));
    });
  }

  it('the text report calls out SSE-C and NOT-SSE objects with their counts', async () => {
    const { stdout, code, stderr } = await s3enc([
      'audit',
      `s3://${source.bucket}`,
      '--manifest',
      csv.manifestUrl,
      '--kms-sample',
      '0',
      ...endpoint(),
    ]);
    assert.equal(code, 0, stderr);
    const e = expectedAudit(rows);
    assert.match(stdout, new RegExp(`! ${e.byEncryption['SSE-C'].objects.toLocaleString('en-US')} objects use SSE-C`));
    assert.match(
      stdout,
      new RegExp(`! ${e.byEncryption['NOT-SSE'].objects.toLocaleString('en-US')} objects are NOT-SSE`),
    );
  });

  it('refuses a CSV data file changed after S3 wrote it (valid gzip, wrong MD5) and prints no report', async () => {
    const tampered = await publishReport(dest.client, {
      destBucket: dest.bucket,
      sourceBucket: source.bucket,
      configId: 'tampered-csv',
      date: '2026-11-28T01-00Z',
      format: 'CSV',
      files: [files[2], files[1]],
    });
    // Flip one object's status from NOT-SSE to SSE-KMS and re-compress: still a perfectly readable file.
    const key = tampered.dataKeys[1];
    const body = gunzipSync(
      Buffer.from(
        await (
          await dest.client.send(new GetObjectCommand({ Bucket: dest.bucket, Key: key }))
        ).Body!.transformToByteArray(),
      ),
    );
    const text = body.toString('utf8').replace('"NOT-SSE"', '"SSE-KMS"');
    assert.notEqual(text, body.toString('utf8'));
    await dest.client.send(new PutObjectCommand({ Bucket: dest.bucket, Key: key, Body: gzipSync(text) }));
    const { stdout, stderr, code } = await s3enc([
      'audit',
      `s3://${source.bucket}`,
      '--manifest',
      tampered.manifestUrl,
      '--json',
      ...endpoint(),
    ]);
    assert.equal(code, 1);
    assert.equal(stdout, '');
    assert.match(stderr, /^InventoryChecksumMismatch: .*does not match the MD5checksum.*nothing was counted/);
    assert.ok(stderr.includes(key), stderr);
  });

  it('refuses a Parquet data file with one changed byte', async () => {
    const tampered = await publishReport(dest.client, {
      destBucket: dest.bucket,
      sourceBucket: source.bucket,
      configId: 'tampered-parquet',
      date: '2026-11-28T01-00Z',
      format: 'Parquet',
      files: [files[2]],
    });
    const key = tampered.dataKeys[0];
    const body = Buffer.from(
      await (
        await dest.client.send(new GetObjectCommand({ Bucket: dest.bucket, Key: key }))
      ).Body!.transformToByteArray(),
    );
    body[Math.floor(body.length / 2)] ^= 0xff;
    await dest.client.send(new PutObjectCommand({ Bucket: dest.bucket, Key: key, Body: body }));
    const { stdout, stderr, code } = await s3enc([
      'audit',
      `s3://${source.bucket}`,
      '--manifest',
      tampered.manifestUrl,
      '--json',
      ...endpoint(),
    ]);
    assert.equal(code, 1);
    assert.equal(stdout, '');
    assert.match(stderr, /^InventoryChecksumMismatch: /);
  });

  it('refuses a manifest.json that does not match manifest.checksum', async () => {
    const report = await publishReport(dest.client, {
      destBucket: dest.bucket,
      sourceBucket: source.bucket,
      configId: 'bad-manifest',
      date: '2026-11-27T01-00Z',
      format: 'CSV',
      files: [files[2]],
    });
    await dest.client.send(
      new PutObjectCommand({
        Bucket: dest.bucket,
        Key: report.manifestKey.replace('manifest.json', 'manifest.checksum'),
        Body: '0123456789abcdef0123456789abcdef',
      }),
    );
    const { stdout, stderr, code } = await s3enc([
      'audit',
      `s3://${source.bucket}`,
      '--manifest',
      report.manifestUrl,
      '--json',
      ...endpoint(),
    ]);
    assert.equal(code, 1);
    assert.equal(stdout, '');
    assert.match(stderr, /^InventoryChecksumMismatch: .*manifest\.json does not match its manifest\.checksum/);
  });

  it('refuses an ORC report with a message that names ORC and offers Parquet', async () => {
    const report = await publishReport(dest.client, {
      destBucket: dest.bucket,
      sourceBucket: source.bucket,
      configId: 'orc-report',
      date: '2026-11-27T01-00Z',
      format: 'ORC',
      files: [files[2]],
    });
    const { stdout, stderr, code } = await s3enc([
      'audit',
      `s3://${source.bucket}`,
      '--manifest',
      report.manifestUrl,
      '--json',
      ...endpoint(),
    ]);
    assert.equal(code, 1);
    assert.equal(stdout, '');
    assert.match(stderr, /^InventoryFormatUnsupported: .*ORC.*Parquet.*--switch-to-parquet/);
  });

  it('refuses a manifest of another bucket', async () => {
    const { stderr, code } = await s3enc([
      'audit',
      `s3://${dest.bucket}`,
      '--manifest',
      csv.manifestUrl,
      '--json',
      ...endpoint(),
    ]);
    assert.equal(code, 1);
    assert.match(
      stderr,
      new RegExp(`InventoryManifestInvalid: .*inventory of s3://${source.bucket}, not of s3://${dest.bucket}`),
    );
  });
});
