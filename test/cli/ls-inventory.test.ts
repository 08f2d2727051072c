// `s3enc ls` takes each object's encryption from the bucket's newest S3 Inventory report (found through the
// inventory-configuration stand-in in front of the live RGW), labelled with the report's date; objects missing
// from the report, or changed since it, are headed. --no-classify lists without encryption; --no-inventory heads all.
import { PutObjectCommand } from '@aws-sdk/client-s3';
import assert from 'node:assert/strict';
import {
  inventoryConfigurationXml,
  startInventoryStandIn,
  type InventoryStandIn,
} from '../../tools/inventory/inventory-config-stand-in';
import type { SyntheticRow } from '../../tools/inventory/synthetic-rows';
import { liveEnv } from '../../tools/live/live-env';
import { useTestBucket } from '../support/live-fixtures';
import { publishReport } from '../core/audit/support/publish-report';
import { s3enc } from '../core/audit/support/run-cli';
import { currentRow } from '../core/audit/support/current-row';

interface Line {
  key: string;
  encryption?: { mode: string };
  encryptionSource?: string;
  inventoryDate?: string;
}

describe('s3enc ls with an S3 Inventory (live RGW + stand-in)', function () {
  this.timeout(120_000);
  const source = useTestBucket('ls-inv-src');
  const dest = useTestBucket('ls-inv-dest');
  let standIn: InventoryStandIn;
  const via = (): string[] => ['--endpoint', standIn.endpoint, '--path-style'];

  before(async () => {
    standIn = await startInventoryStandIn(liveEnv().s3Endpoint);
    const rows: SyntheticRow[] = [];
    const row = (key: string, etag: string, size: number, status: string): SyntheticRow =>
      currentRow(source.bucket, key, etag, size, status);
    // Plain objects on RGW; the report says SSE-S3 (what AWS reports for every new object since 2023), so a
    // listing that shows SSE-S3 took it from the report, and one that shows none headed the object.
    for (let i = 0; i < 5; i++) {
      const body = `object ${i}`;
      const out = await source.client.send(
        new PutObjectCommand({ Bucket: source.bucket, Key: `docs/report ${i}.txt`, Body: body }),
      );
      rows.push(row(`docs/report ${i}.txt`, (out.ETag ?? '').replace(/"/g, ''), body.length, 'SSE-S3'));
    }
    // Changed after the report: the listing's ETag differs from the report's.
    await source.client.send(
      new PutObjectCommand({ Bucket: source.bucket, Key: 'docs/changed.txt', Body: 'new content' }),
    );
    rows.push(row('docs/changed.txt', '0123456789abcdef0123456789abcdef', 'new content'.length, 'SSE-S3'));
    // Not in the report at all.
    await source.client.send(new PutObjectCommand({ Bucket: source.bucket, Key: 'docs/new.txt', Body: 'brand new' }));
    await publishReport(dest.client, {
      destBucket: dest.bucket,
      sourceBucket: source.bucket,
      configId: 'daily',
      date: '2026-11-29T01-00Z',
      format: 'CSV',
      files: [rows],
    });
    standIn.put(
      source.bucket,
      'daily',
      inventoryConfigurationXml({ id: 'daily', destinationBucket: dest.bucket, format: 'CSV' }),
    );
  });
  after(async () => standIn?.close());

  it('takes statuses from the report, labelled with its date, and heads what is missing or changed', async () => {
    const { stdout, stderr, code } = await s3enc([
      'ls',
      `s3://${source.bucket}/docs/`,
      '--recursive',
      '--json',
      ...via(),
    ]);
    assert.equal(code, 0, stderr);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Line);
    const byKey = new Map(lines.map((l) => [l.key, l]));
    assert.equal(lines.length, 7);
    for (let i = 0; i < 5; i++) {
      const l = byKey.get(`docs/report ${i}.txt`);
      assert.equal(l?.encryption?.mode, 'SSE-S3');
      assert.equal(l?.encryptionSource, 'inventory');
      assert.equal(l?.inventoryDate, '2026-11-29T01:00:00.000Z');
    }
    for (const key of ['docs/changed.txt', 'docs/new.txt']) {
      assert.equal(byKey.get(key)?.encryption?.mode, 'none', key);
      assert.equal(byKey.get(key)?.encryptionSource, 'head', key);
    }
  });

  it('the table labels inventory statuses with the report date', async () => {
    const { stdout, stderr, code } = await s3enc(['ls', `s3://${source.bucket}/docs/`, ...via()]);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /SSE-S3 \(inventory 2026-11-29\)\s+docs\/report 0\.txt/);
    assert.match(stderr, /Encryption from the S3 Inventory of 2026-11-29/);
  });

  it('--no-inventory heads every object; --no-classify lists without encryption', async () => {
    let r = await s3enc(['ls', `s3://${source.bucket}/docs/`, '--recursive', '--json', '--no-inventory', ...via()]);
    assert.equal(r.code, 0, r.stderr);
    let lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Line);
    assert.ok(lines.every((l) => l.encryption?.mode === 'none' && l.encryptionSource === 'head'));
    r = await s3enc(['ls', `s3://${source.bucket}/docs/`, '--recursive', '--json', '--no-classify', ...via()]);
    assert.equal(r.code, 0, r.stderr);
    lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Line);
    assert.equal(lines.length, 7);
    assert.ok(lines.every((l) => l.encryption === undefined && l.encryptionSource === undefined));
  });
});
