// The explorer takes object encryption from the bucket's newest S3 Inventory report (found through the
// inventory-configuration stand-in in front of the live RGW), labelled with the report's date; objects missing
// from the report or changed since are headed, and so is an object the user refreshes. The objects are plain on
// RGW while the report says SSE-KMS, so a row showing SSE-KMS took it from the report and one showing RGW's
// answer ("SSE not reported by this endpoint") was headed.
import assert from 'node:assert/strict';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import {
  inventoryConfigurationXml,
  startInventoryStandIn,
  type InventoryStandIn,
} from '../../../tools/inventory/inventory-config-stand-in';
import type { SyntheticRow } from '../../../tools/inventory/synthetic-rows';
import { liveEnv } from '../../../tools/live/live-env';
import { liveConnection } from '../../../tools/live/s3-test-bucket';
import { useTestBucket } from '../../support/live-fixtures';
import { publishReport } from '../../core/audit/support/publish-report';
import { currentRow } from '../../core/audit/support/current-row';
import type { BucketNode, ExplorerNode, ObjectNode } from '../../../src/vscode/explorer/model/nodes';
import { find, modelHarness, type Harness } from './support/model-harness';

describe('explorer rows from the S3 Inventory (live RGW + stand-in)', function () {
  this.timeout(120_000);
  const source = useTestBucket('tree-inv-src');
  const dest = useTestBucket('tree-inv-dest');
  let standIn: InventoryStandIn;
  let h: Harness;

  before(async () => {
    standIn = await startInventoryStandIn(liveEnv().s3Endpoint);
    const rows: SyntheticRow[] = [];
    const put = async (key: string, body: string): Promise<string> => {
      const out = await source.client.send(new PutObjectCommand({ Bucket: source.bucket, Key: key, Body: body }));
      return (out.ETag ?? '').replace(/"/g, '');
    };
    const row = (key: string, etag: string, size: number): SyntheticRow =>
      currentRow(source.bucket, key, etag, size, 'SSE-KMS', 'ENABLED');
    for (const key of ['docs/a.txt', 'docs/b.txt', 'top.txt'])
      rows.push(row(key, await put(key, `body of ${key}`), `body of ${key}`.length));
    // Changed after the report (another ETag), and not in the report at all.
    await put('docs/changed.txt', 'new content');
    rows.push(row('docs/changed.txt', '0123456789abcdef0123456789abcdef', 'new content'.length));
    await put('docs/new.txt', 'brand new');
    await publishReport(dest.client, {
      destBucket: dest.bucket,
      sourceBucket: source.bucket,
      configId: 'daily',
      date: '2026-11-28T01-00Z',
      format: 'Parquet',
      files: [rows],
    });
    standIn.put(
      source.bucket,
      'daily',
      inventoryConfigurationXml({ id: 'daily', destinationBucket: dest.bucket, format: 'Parquet' }),
    );
  });
  after(async () => standIn?.close());
  beforeEach(() => {
    h = modelHarness([
      { conn: { ...liveConnection(), endpoint: standIn.endpoint }, secret: liveEnv().secretAccessKey },
    ]);
  });
  afterEach(() => h.dispose());

  async function bucketNode(): Promise<BucketNode> {
    const [conn] = await h.model.getChildren();
    return find(await h.model.getChildren(conn), 'bucket', (b) => b.bucket === source.bucket);
  }
  const objectIn = (children: ExplorerNode[], key: string): ObjectNode =>
    find(children, 'object', (o) => o.key === key);

  it('labels rows with the report date; missing and changed objects are headed', async () => {
    const docs = find(await h.model.getChildren(await bucketNode()), 'folder', (f) => f.prefix === 'docs/');
    const children = await h.model.getChildren(docs);
    await h.model.whenClassified();
    for (const key of ['docs/a.txt', 'docs/b.txt']) {
      const p = h.present(objectIn(children, key));
      assert.equal(p.description, 'SSE-KMS · inventory 2026-11-28', key);
      assert.match(p.tooltip ?? '', /S3 Inventory report of 2026-11-28/);
      assert.match(p.tooltip ?? '', /Bucket key: on/);
    }
    for (const key of ['docs/changed.txt', 'docs/new.txt'])
      assert.equal(h.present(objectIn(children, key)).description, 'SSE not reported by this endpoint', key);
  });

  it('the bucket root reads only its own objects from the report; refreshing an object asks S3', async () => {
    const children = await h.model.getChildren(await bucketNode());
    await h.model.whenClassified();
    const top = objectIn(children, 'top.txt');
    assert.equal(h.present(top).description, 'SSE-KMS · inventory 2026-11-28');
    h.model.refresh(top);
    await h.model.whenClassified();
    assert.equal(h.present(top).description, 'SSE not reported by this endpoint');
    assert.equal(top.inventoryDate, undefined);
  });

  it('with s3enc.explorer.useInventory off, every object is headed', async () => {
    h.settings.useInventory = false;
    const docs = find(await h.model.getChildren(await bucketNode()), 'folder', (f) => f.prefix === 'docs/');
    const children = await h.model.getChildren(docs);
    await h.model.whenClassified();
    assert.equal(h.present(objectIn(children, 'docs/a.txt')).description, 'SSE not reported by this endpoint');
  });
});
