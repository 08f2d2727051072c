// The explorer tree model against the live Ceph RGW: levels, lazy classification, what each node shows,
// paging with "Load more…", the prefix filter, refresh and the S3NodeRef contract.
import assert from 'node:assert/strict';
import { DeleteObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { liveEnv } from '../../../tools/live/live-env';
import { liveConnection } from '../../../tools/live/s3-test-bucket';
import { useTestBucket } from '../../support/live-fixtures';
import { seedEncryptionBucket, type SeededBucket } from '../../support/seed-encryption-bucket';
import { MODE_STYLES } from '../../../src/vscode/explorer/model/mode-style';
import type { BucketNode, FolderNode, ObjectNode } from '../../../src/vscode/explorer/model/nodes';
import { s3NodeRefFrom, s3Uri } from '../../../src/vscode/explorer/node-ref';
import { eventually, find, modelHarness, type Harness } from './support/model-harness';

describe('explorer model (live RGW)', function () {
  this.timeout(60_000);
  const t = useTestBucket('explorer-model');
  let seeded: SeededBucket;
  let h: Harness;
  before(async () => {
    seeded = await seedEncryptionBucket(t.client, t.bucket, liveEnv().rgwKmsKeyIds[0]);
  });
  beforeEach(() => {
    h = modelHarness([{ conn: liveConnection(), secret: liveEnv().secretAccessKey }], { pageSize: 200 });
  });
  afterEach(() => h.dispose());

  async function bucketNode(): Promise<BucketNode> {
    const [conn] = await h.model.getChildren();
    return find(await h.model.getChildren(conn), 'bucket', (b) => b.bucket === t.bucket);
  }
  async function folder(prefix: string): Promise<FolderNode> {
    return find(await h.model.getChildren(await bucketNode()), 'folder', (f) => f.prefix === prefix);
  }

  it('shows connection → bucket → folders and objects, with the contextValues menus rely on', async () => {
    const roots = await h.model.getChildren();
    assert.equal(roots.length, 1);
    assert.equal(h.present(roots[0]).contextValue, 's3enc.connection');
    const bucket = await bucketNode();
    assert.equal(h.present(bucket).contextValue, 's3enc.bucket');
    const children = await h.model.getChildren(bucket);
    assert.deepEqual(
      children.filter((c) => c.kind === 'folder').map((c) => h.present(c).label),
      ['cse/', 'deep/', 'kms/', 'page/', 'ssec/'],
    );
    assert.deepEqual(
      children.filter((c) => c.kind === 'folder').map((c) => h.present(c).contextValue),
      Array(5).fill('s3enc.folder'),
    );
    const plain = find(children, 'object', (o) => o.key === 'plain.txt');
    await h.model.whenClassified();
    // RGW 16 does not report SSE-S3 on HeadObject (the model probes once), so "no header" is "not reported".
    assert.equal(h.present(plain).contextValue, 's3enc.object.not-reported');
  });

  it('bucket shows its default encryption and TLS policy once read, without blocking the listing', async () => {
    const bucket = await bucketNode();
    await eventually(() => bucket.info !== undefined, 'bucket info');
    const p = h.present(bucket);
    // RGW 16 answers GetBucketEncryption with an empty configuration, and the bucket has no policy.
    assert.match(p.description ?? '', /^default encryption not reported · TLS not enforced/);
    assert.match(p.tooltip ?? '', /unencrypted uploads allowed/);
    assert.equal(p.icon?.color, 'disabledForeground');
  });

  it('says "SSE not reported by this endpoint" for an object written with SSE-S3, and leaves no probe object', async () => {
    await t.client.send(
      new PutObjectCommand({ Bucket: t.bucket, Key: 'sse-s3.txt', Body: 'x', ServerSideEncryption: 'AES256' }),
    );
    try {
      const children = await h.model.getChildren(await bucketNode());
      await h.model.whenClassified();
      const p = h.present(find(children, 'object', (o) => o.key === 'sse-s3.txt'));
      assert.equal(p.description, 'SSE not reported by this endpoint');
      assert.notEqual(p.icon?.color, MODE_STYLES.none.color);
      const listed = await t.client.send(new ListObjectsV2Command({ Bucket: t.bucket, Prefix: '.s3enc' }));
      assert.equal(listed.KeyCount ?? 0, 0, 'the endpoint probe left its object behind');
    } finally {
      await t.client.send(new DeleteObjectCommand({ Bucket: t.bucket, Key: 'sse-s3.txt' }));
    }
  });

  it('with s3enc.explorer.probeEndpoint off, writes no probe and shows what HeadObject said ("none")', async () => {
    const off = modelHarness([{ conn: liveConnection(), secret: liveEnv().secretAccessKey }], {
      pageSize: 200,
      probeEndpoint: false,
    });
    try {
      const [conn] = await off.model.getChildren();
      const bucket = find(await off.model.getChildren(conn), 'bucket', (b) => b.bucket === t.bucket);
      const plain = find(await off.model.getChildren(bucket), 'object', (o) => o.key === 'plain.txt');
      await off.model.whenClassified();
      assert.equal(off.present(plain).contextValue, 's3enc.object.none');
      // Nothing probed, and nothing will be on request either: the dry run cannot know and says "none".
      assert.equal(await off.model.sseReportingOf('live-rgw', t.bucket), undefined);
    } finally {
      off.dispose();
    }
    // On (the default), the same object on the same endpoint is "not reported" (RGW does not report SSE).
    assert.equal(await h.model.sseReportingOf('live-rgw', t.bucket), 'silent');
  });

  it('an instruction file is not a row of its own: its object names it, and counts leave it out', async () => {
    const cse = await folder('cse/');
    const nodes = (await h.model.getChildren(cse)).filter((n): n is ObjectNode => n.kind === 'object');
    await h.model.whenClassified();
    assert.ok(seeded.instructionKeys.length > 0);
    for (const k of seeded.instructionKeys) {
      assert.ok(!nodes.some((n) => n.key === k), `${k} listed as an object`);
      const owner = find(nodes, 'object', (n) => n.key === k.slice(0, -'.instruction'.length));
      assert.match(h.present(owner).tooltip ?? '', /Key envelope: `.*\.instruction`/);
      assert.match(h.present(owner).description ?? '', /\(instruction file\)/);
    }
    assert.doesNotMatch(h.present(cse).description ?? '', /none|not reported/);
  });

  it('the bucket row counts what was loaded in its opened folders too', async () => {
    const bucket = await bucketNode();
    await h.model.getChildren(bucket);
    const kms = await folder('kms/');
    await h.model.whenClassified();
    h.changes.length = 0;
    await h.model.getChildren(kms);
    await h.model.whenClassified();
    // The tree redraws the bucket row only when told: classifications in a folder must notify it too.
    await eventually(() => h.changes.includes(bucket.id), 'a change event for the bucket row');
    await eventually(() => bucket.info !== undefined, 'bucket info');
    const kmsCount = seeded.objects.filter((o) => o.key.startsWith('kms/') && o.mode === 'SSE-KMS').length;
    assert.ok(kmsCount > 0);
    assert.match(h.present(bucket).description ?? '', new RegExp(`loaded: .*${kmsCount} SSE-KMS`));
  });

  it('classifies objects lazily: only folders that were expanded are asked about', async () => {
    const cse = await folder('cse/');
    const kmsTarget = { connectionId: 'live-rgw', bucket: t.bucket, key: 'kms/object.txt' };
    const objects = (await h.model.getChildren(cse)).filter((n): n is ObjectNode => n.kind === 'object');
    assert.ok(objects.length > 0);
    assert.equal(h.present(objects[0]).contextValue, 's3enc.object.pending', 'listing returns before classification');
    await h.model.whenClassified();
    const kmsObject = seeded.objects.find((o) => o.key === kmsTarget.key);
    assert.ok(kmsObject);
    assert.equal(h.model.scheduler.pendingCount, 0);
    // kms/ was never expanded, so nothing classified it.
    assert.ok(!h.changes.some((id) => id?.endsWith('/kms/object.txt')));
  });

  it('shows each seeded object with its mode, details and a distinct icon per mode', async () => {
    const shown = new Map<string, ReturnType<Harness['present']>>();
    for (const prefix of ['cse/', 'kms/', 'ssec/']) {
      const nodes = await h.model.getChildren(await folder(prefix));
      await h.model.whenClassified();
      for (const n of nodes) if (n.kind === 'object') shown.set(n.key, h.present(n));
    }
    for (const o of seeded.objects.filter((x) => /^(cse|kms|ssec)\//.test(x.key))) {
      const p = shown.get(o.key);
      assert.ok(p, o.key);
      assert.equal(p.contextValue, `s3enc.object.${o.mode.toLowerCase()}`, o.key);
      assert.ok(p.description?.startsWith(o.mode), `${o.key}: ${p.description}`);
      if (o.wrapAlgorithm) assert.ok(p.description?.includes(o.wrapAlgorithm), `${o.key}: ${p.description}`);
      if (o.kmsKeyId) assert.ok(p.description?.includes(o.kmsKeyId), `${o.key}: ${p.description}`);
      assert.equal(p.icon?.id, MODE_STYLES[o.mode as keyof typeof MODE_STYLES].icon);
    }
    const icons = new Set([...shown.values()].map((p) => `${p.icon?.id}/${p.icon?.color}`));
    const modes = new Set([...shown.values()].map((p) => p.contextValue));
    assert.equal(icons.size, modes.size, 'one look per mode');
  });

  it('summarises the loaded page of a folder as counts per mode', async () => {
    const cse = await folder('cse/');
    await h.model.getChildren(cse);
    await h.model.whenClassified();
    const expected = new Map<string, number>();
    for (const o of seeded.objects.filter((x) => x.key.startsWith('cse/')))
      expected.set(o.mode, (expected.get(o.mode) ?? 0) + 1);
    const description = h.present(cse).description ?? '';
    for (const [mode, n] of expected)
      assert.ok(description.includes(`${n} ${mode}`), `${description} lacks ${n} ${mode}`);
  });

  it('pages a folder with "Load more…" using the configured page size', async () => {
    const page = await folder(seeded.pageFolder);
    h.settings.pageSize = 3;
    let children = await h.model.getChildren(page);
    assert.equal(children.filter((c) => c.kind === 'object').length, 3);
    let more = find(children, 'loadMore');
    assert.equal(h.present(more).label, 'Load more…');
    await h.model.loadMore(more.container);
    children = await h.model.getChildren(page);
    assert.equal(children.filter((c) => c.kind === 'object').length, 6);
    more = find(children, 'loadMore');
    await h.model.loadMore(more.container);
    children = await h.model.getChildren(page);
    assert.equal(children.filter((c) => c.kind === 'object').length, seeded.pageCount);
    assert.ok(!children.some((c) => c.kind === 'loadMore'));
  });

  it('filters a folder by prefix on the server, and clears the filter', async () => {
    const page = await folder(seeded.pageFolder);
    h.model.setFilter(page, 'item-1');
    const filtered = await h.model.getChildren(page);
    assert.deepEqual(
      filtered.filter((c) => c.kind === 'object').map((c) => c.key),
      [`${seeded.pageFolder}item-1.txt`],
    );
    assert.match(h.present(page).description ?? '', /filter "item-1"/);
    h.model.setFilter(page, 'nothing-like-this');
    const none = await h.model.getChildren(page);
    assert.equal(none.length, 1);
    assert.match(h.present(none[0]).label, /Nothing matches the filter/);
    h.model.setFilter(page, '');
    assert.equal((await h.model.getChildren(page)).filter((c) => c.kind === 'object').length, seeded.pageCount);
  });

  it('refresh of a folder reloads it and notifies that node', async () => {
    const kms = await folder('kms/');
    const before = await h.model.getChildren(kms);
    await h.model.whenClassified();
    h.changes.length = 0;
    // Other features refresh by S3NodeRef; the model hands back the very node object the tree holds.
    assert.equal(h.model.findContainer(kms.id), kms);
    h.model.refresh(kms);
    assert.deepEqual(h.changes, [kms.id]);
    const after = await h.model.getChildren(kms);
    assert.deepEqual(
      after.map((n) => n.id),
      before.map((n) => n.id),
    );
  });

  it('tree elements expose the S3NodeRef contract for other features', async () => {
    const nodes = await h.model.getChildren(await folder('kms/'));
    const obj = find(nodes, 'object');
    const ref = s3NodeRefFrom(obj);
    assert.deepEqual(ref, {
      connectionId: 'live-rgw',
      bucket: t.bucket,
      prefix: 'kms/',
      key: 'kms/object.txt',
      region: ref?.region,
    });
    assert.equal(s3Uri(ref), `s3://${t.bucket}/kms/object.txt`);
    assert.equal(s3Uri(s3NodeRefFrom(await folder('kms/'))!), `s3://${t.bucket}/kms/`);
    assert.equal(s3NodeRefFrom((await h.model.getChildren())[0]), undefined, 'a connection is not an S3 location');
  });
});
