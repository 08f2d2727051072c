// Finding the report through ListBucketInventoryConfigurations (answered by the local inventory-configuration
// stand-in in front of RGW; RGW itself has no inventory API), the KMS key sample on real SSE-KMS objects, the
// Parquet switch of an ORC configuration, and a local manifest with its data files beside it.
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  inventoryConfigurationXml,
  startInventoryStandIn,
  type InventoryStandIn,
} from '../../../tools/inventory/inventory-config-stand-in';
import { syntheticRows, type SyntheticRow } from '../../../tools/inventory/synthetic-rows';
import { liveEnv } from '../../../tools/live/live-env';
import { useTestBucket } from '../../support/live-fixtures';
import { expectedAudit } from './support/expected-audit';
import { publishReport } from './support/publish-report';
import { s3enc } from './support/run-cli';

describe('s3enc audit: finding reports, KMS key sample, configuration changes (live RGW + stand-in)', function () {
  this.timeout(180_000);
  const source = useTestBucket('audit-find-src');
  const dest = useTestBucket('audit-find-dest');
  let standIn: InventoryStandIn;
  const via = (): string[] => ['--endpoint', standIn.endpoint, '--path-style'];

  before(async () => {
    standIn = await startInventoryStandIn(liveEnv().s3Endpoint);
  });
  after(async () => standIn?.close());

  it("audits the newest report of the bucket's configuration", async () => {
    standIn.put(
      source.bucket,
      'daily',
      inventoryConfigurationXml({ id: 'daily', destinationBucket: dest.bucket, prefix: 'reports', format: 'CSV' }),
    );
    const older = [...syntheticRows(800, 21, source.bucket)];
    const newer = [...syntheticRows(1200, 22, source.bucket)];
    await publishReport(dest.client, {
      destBucket: dest.bucket,
      destPrefix: 'reports',
      sourceBucket: source.bucket,
      configId: 'daily',
      date: '2026-11-27T01-00Z',
      format: 'CSV',
      files: [older],
    });
    const latest = await publishReport(dest.client, {
      destBucket: dest.bucket,
      destPrefix: 'reports',
      sourceBucket: source.bucket,
      configId: 'daily',
      date: '2026-11-29T01-00Z',
      format: 'CSV',
      files: [newer],
    });
    await publishReport(dest.client, {
      destBucket: dest.bucket,
      destPrefix: 'reports',
      sourceBucket: source.bucket,
      configId: 'daily',
      date: '2026-11-28T01-00Z',
      format: 'CSV',
      files: [older],
    });
    const { stdout, stderr, code } = await s3enc([
      'audit',
      `s3://${source.bucket}`,
      '--json',
      '--kms-sample',
      '0',
      ...via(),
    ]);
    assert.equal(code, 0, stderr);
    const out = JSON.parse(stdout) as {
      manifest: string;
      inventoryDate: string;
      objects: number;
      deleteMarkers: number;
    };
    assert.equal(out.manifest, latest.manifestUrl);
    assert.equal(out.inventoryDate, '2026-11-29T01:00:00.000Z');
    const e = expectedAudit(newer);
    assert.equal(out.objects, e.objects);
    assert.equal(out.deleteMarkers, e.deleteMarkers);
  });

  it('a bucket without any configuration is told to use --scan or create one', async () => {
    const { stderr, code } = await s3enc(['audit', `s3://${dest.bucket}`, '--json', ...via()]);
    assert.equal(code, 1);
    assert.match(stderr, /^InventoryNotFound: .*has no S3 Inventory configuration.*--scan.*--create-inventory/);
  });

  it('samples SSE-KMS objects with HeadObject for the key distribution', async () => {
    const [k1, k2] = liveEnv().rgwKmsKeyIds;
    const rows: SyntheticRow[] = [];
    const puts: Promise<unknown>[] = [];
    for (let i = 0; i < 30; i++) {
      const key = `kms/object-${i}.txt`;
      const keyId = i < 20 ? k1 : k2;
      puts.push(
        source.client.send(
          new PutObjectCommand({
            Bucket: source.bucket,
            Key: key,
            Body: `body ${i}`,
            ServerSideEncryption: 'aws:kms',
            SSEKMSKeyId: keyId,
          }),
        ),
      );
      rows.push({
        bucket: source.bucket,
        key,
        versionId: '',
        isLatest: true,
        isDeleteMarker: false,
        size: 7,
        lastModified: Date.now(),
        storageClass: 'STANDARD',
        isMultipartUploaded: false,
        replicationStatus: '',
        encryptionStatus: 'SSE-KMS',
        bucketKeyStatus: 'DISABLED',
      });
    }
    await Promise.all(puts);
    const report = await publishReport(dest.client, {
      destBucket: dest.bucket,
      sourceBucket: source.bucket,
      configId: 'kms',
      date: '2026-11-29T02-00Z',
      format: 'Parquet',
      files: [rows],
    });
    // A sample as large as the population is a census: exact shares, no margin.
    let r = await s3enc([
      'audit',
      `s3://${source.bucket}`,
      '--manifest',
      report.manifestUrl,
      '--json',
      '--kms-sample',
      '100',
      ...via(),
    ]);
    assert.equal(r.code, 0, r.stderr);
    let kms = (
      JSON.parse(r.stdout) as {
        kmsKeys: {
          population: number;
          sampled: number;
          exact: boolean;
          keys: { keyId: string; sampled: number; margin95: number }[];
        };
      }
    ).kmsKeys;
    assert.equal(kms.population, 30);
    assert.equal(kms.sampled, 30);
    assert.ok(kms.exact);
    assert.deepEqual(Object.fromEntries(kms.keys.map((k) => [k.keyId, k.sampled])), { [k1]: 20, [k2]: 10 });
    // A sample of 10 of 30: shares add up over the sample, and each carries a margin of error.
    r = await s3enc([
      'audit',
      `s3://${source.bucket}`,
      '--manifest',
      report.manifestUrl,
      '--json',
      '--kms-sample',
      '10',
      ...via(),
    ]);
    assert.equal(r.code, 0, r.stderr);
    kms = (JSON.parse(r.stdout) as { kmsKeys: typeof kms }).kmsKeys;
    assert.equal(kms.sampled, 10);
    assert.equal(
      kms.keys.reduce((n, k) => n + k.sampled, 0),
      10,
    );
    assert.ok(kms.keys.every((k) => [k1, k2].includes(k.keyId) && k.margin95 > 0));
  });

  it('--switch-to-parquet shows the ORC configuration change as a diff, and puts it only with --apply', async () => {
    standIn.put(
      dest.bucket,
      'weekly-orc',
      inventoryConfigurationXml({
        id: 'weekly-orc',
        destinationBucket: source.bucket,
        format: 'ORC',
        fields: ['Size'],
      }),
    );
    let r = await s3enc(['audit', `s3://${dest.bucket}`, '--switch-to-parquet', ...via()]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^- +"Format": "ORC"/m);
    assert.match(r.stdout, /^\+ +"Format": "Parquet"/m);
    assert.match(r.stdout, /^\+ +"EncryptionStatus"/m);
    assert.match(r.stdout, /Not applied/);
    assert.match(standIn.configurations.get(dest.bucket)?.get('weekly-orc') ?? '', /<Format>ORC<\/Format>/);
    r = await s3enc(['audit', `s3://${dest.bucket}`, '--switch-to-parquet', '--apply', ...via()]);
    assert.equal(r.code, 0, r.stderr);
    const stored = standIn.configurations.get(dest.bucket)?.get('weekly-orc') ?? '';
    assert.match(stored, /<Format>Parquet<\/Format>/);
    assert.match(stored, /<Field>EncryptionStatus<\/Field>/);
  });

  it('--create-inventory shows the configuration an audit needs and puts it with --apply', async () => {
    let r = await s3enc([
      'audit',
      `s3://${source.bucket}`,
      '--create-inventory',
      `s3://${dest.bucket}/audit`,
      ...via(),
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^\+ +"Format": "Parquet"/m);
    assert.ok(!standIn.configurations.get(source.bucket)?.has('s3enc-encryption-audit'));
    r = await s3enc([
      'audit',
      `s3://${source.bucket}`,
      '--create-inventory',
      `s3://${dest.bucket}/audit`,
      '--apply',
      ...via(),
    ]);
    assert.equal(r.code, 0, r.stderr);
    const stored = standIn.configurations.get(source.bucket)?.get('s3enc-encryption-audit') ?? '';
    assert.match(stored, new RegExp(`<Bucket>arn:aws:s3:::${dest.bucket}</Bucket>`));
    assert.match(stored, /<Field>BucketKeyStatus<\/Field>/);
  });

  it('a local manifest reads the data files downloaded beside it', async () => {
    const rows = [...syntheticRows(2000, 31, source.bucket)];
    const report = await publishReport(dest.client, {
      destBucket: dest.bucket,
      sourceBucket: source.bucket,
      configId: 'local',
      date: '2026-11-29T03-00Z',
      format: 'CSV',
      files: [rows.slice(0, 1200), rows.slice(1200)],
    });
    const dir = mkdtempSync(join(tmpdir(), 's3enc-local-report-'));
    try {
      // The same layout as in the destination bucket, downloaded with any tool.
      for (const key of [
        report.manifestKey,
        report.manifestKey.replace('manifest.json', 'manifest.checksum'),
        ...report.dataKeys,
      ]) {
        const body = await (
          await dest.client.send(new GetObjectCommand({ Bucket: dest.bucket, Key: key }))
        ).Body!.transformToByteArray();
        mkdirSync(join(dir, key, '..'), { recursive: true });
        writeFileSync(join(dir, key), body);
      }
      const r = await s3enc([
        'audit',
        `s3://${source.bucket}`,
        '--manifest',
        join(dir, report.manifestKey),
        '--json',
        '--kms-sample',
        '0',
        ...via(),
      ]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal((JSON.parse(r.stdout) as { objects: number }).objects, expectedAudit(rows).objects);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
