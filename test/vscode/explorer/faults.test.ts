// Each fault shows a clear message on its node (an error child with retry), never a throw or an endless
// spinner, and the rest of the tree keeps working. Real RGW where it can produce the fault (AccessDenied
// with a second user, throttling through a proxy, a closed port); AWS response shapes from the API docs otherwise.
import { PutBucketPolicyCommand } from '@aws-sdk/client-s3';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { ConnectionConfig } from '../../../src/core/s3/connection';
import type { BucketNode, ExplorerNode, MessageNode } from '../../../src/vscode/explorer/model/nodes';
import { liveEnv } from '../../../tools/live/live-env';
import { liveConnection } from '../../../tools/live/s3-test-bucket';
import { useTestBucket } from '../../support/live-fixtures';
import { documented, startFakeS3, type FakeS3 } from '../../support/fake-s3';
import { createSecondUser, type SecondUser } from './support/second-user';
import { eventually, find, modelHarness, type Harness } from './support/model-harness';
import { PutObjectCommand } from '@aws-sdk/client-s3';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

function bucketRef(connectionId: string, bucket: string): BucketNode {
  return { kind: 'bucket', id: `b/${connectionId}/${bucket}`, connectionId, bucket };
}

function errorOf(nodes: ExplorerNode[]): MessageNode {
  return find(nodes, 'message', (m) => m.severity === 'error');
}

describe('explorer faults', function () {
  this.timeout(60_000);
  const t = useTestBucket('explorer-faults');
  let h: Harness | undefined;
  let fake: FakeS3 | undefined;
  before(async () => {
    await t.client.send(new PutObjectCommand({ Bucket: t.bucket, Key: 'visible.txt', Body: 'x' }));
  });
  afterEach(async () => {
    h?.dispose();
    await fake?.close();
    h = undefined;
    fake = undefined;
  });

  it('an endpoint that does not answer: error child with the URL; the other connection still lists', async () => {
    const port = await closedPort();
    const dead: ConnectionConfig = {
      ...liveConnection(),
      id: 'dead',
      label: 'dead',
      endpoint: `http://127.0.0.1:${port}`,
    };
    h = modelHarness([
      { conn: dead, secret: 'x', maxAttempts: 1 },
      { conn: liveConnection(), secret: liveEnv().secretAccessKey },
    ]);
    const [deadNode, liveNode] = await h.model.getChildren();
    const children = await h.model.getChildren(deadNode);
    assert.equal(children.length, 1);
    const err = errorOf(children);
    assert.equal(err.fault?.kind, 'EndpointUnreachable');
    assert.match(h.present(err).label, new RegExp(`127\\.0\\.0\\.1:${port} does not answer`));
    assert.equal(h.present(err).command?.id, 's3enc.retry');
    assert.ok((await h.model.getChildren(liveNode)).some((n) => n.kind === 'bucket' && n.bucket === t.bucket));
    // Retry asks again and ends in the same clear error, not a spinner.
    h.model.refresh(err);
    assert.equal(errorOf(await h.model.getChildren(deadNode)).fault?.kind, 'EndpointUnreachable');
  });

  it('throttling: 503 SlowDown twice is retried with backoff and the listing arrives', async () => {
    let slowDowns = 0;
    fake = await startFakeS3((r) => {
      if (r.query.get('list-type') === '2' && slowDowns < 2) {
        slowDowns++;
        return documented('slow-down');
      }
      return 'forward';
    }, liveEnv().s3Endpoint);
    h = modelHarness([
      {
        conn: { ...liveConnection(), id: 'proxy', endpoint: fake.endpoint },
        secret: liveEnv().secretAccessKey,
        maxAttempts: 3,
      },
    ]);
    const children = await h.model.getChildren(bucketRef('proxy', t.bucket));
    assert.equal(slowDowns, 2);
    assert.deepEqual(
      children.map((c) => c.kind),
      ['object'],
    );
  });

  it('throttling that outlasts the retries: error child saying so, sibling bucket unaffected', async () => {
    fake = await startFakeS3(
      (r) =>
        r.query.get('list-type') === '2' && r.path.includes('throttled-bucket') ? documented('slow-down') : 'forward',
      liveEnv().s3Endpoint,
    );
    h = modelHarness([
      {
        conn: { ...liveConnection(), id: 'proxy', endpoint: fake.endpoint },
        secret: liveEnv().secretAccessKey,
        maxAttempts: 2,
      },
    ]);
    const err = errorOf(await h.model.getChildren(bucketRef('proxy', 'throttled-bucket')));
    assert.equal(err.fault?.kind, 'Throttled');
    assert.match(err.message, /throttling/);
    assert.ok((await h.model.getChildren(bucketRef('proxy', t.bucket))).some((n) => n.kind === 'object'));
  });

  describe('AccessDenied (a second RGW user)', () => {
    let user: SecondUser;
    before(async () => {
      user = await createSecondUser();
    });
    after(async () => {
      await user?.remove();
    });
    const asUser = (): ConnectionConfig => ({
      ...liveConnection(),
      id: 'other',
      credentials: { kind: 'static', accessKeyId: user.accessKeyId },
    });

    it('on ListObjectsV2, GetBucketEncryption and GetBucketPolicy: messages name the call', async () => {
      h = modelHarness([{ conn: asUser(), secret: user.secretAccessKey }]);
      const bucket = bucketRef('other', t.bucket);
      const err = errorOf(await h.model.getChildren(bucket));
      assert.equal(err.fault?.kind, 'AccessDenied');
      assert.match(err.message, new RegExp(`ListObjectsV2 on bucket ${t.bucket}`));
      h.model.refresh(bucket); // loads the bucket's encryption posture
      await eventually(() => bucket.info !== undefined, 'bucket info');
      assert.equal(bucket.info?.defaultEncryption.mode, 'unknown');
      assert.match(bucket.info?.defaultEncryption.reason ?? '', /Access denied: GetBucketEncryption/);
      assert.equal(bucket.info?.policy.status, 'unknown');
      assert.match(h.present(bucket).tooltip ?? '', /GetBucketPolicy/);
      assert.equal(h.present(bucket).icon?.color, 'disabledForeground');
    });

    it('on HeadObject only: the listing works and the object says unknown, with the reason', async () => {
      const policy = {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: [`arn:aws:iam:::user/${user.uid}`] },
            Action: ['s3:ListBucket'],
            Resource: [`arn:aws:s3:::${t.bucket}`],
          },
        ],
      };
      await t.client.send(new PutBucketPolicyCommand({ Bucket: t.bucket, Policy: JSON.stringify(policy) }));
      h = modelHarness([{ conn: asUser(), secret: user.secretAccessKey }]);
      const obj = find(await h.model.getChildren(bucketRef('other', t.bucket)), 'object');
      await h.model.whenClassified();
      const p = h.present(obj);
      assert.equal(p.contextValue, 's3enc.object.unknown');
      assert.match(p.tooltip ?? '', /Access denied: HeadObject on s3:\/\//);
    });
  });

  it('expired credentials on ListBuckets: error child with the login hint', async () => {
    fake = await startFakeS3(() => documented('expired-token'));
    h = modelHarness([
      { conn: { ...liveConnection(), id: 'expired', endpoint: fake.endpoint }, secret: 'x', maxAttempts: 1 },
    ]);
    const [conn] = await h.model.getChildren();
    const err = errorOf(await h.model.getChildren(conn));
    assert.equal(err.fault?.kind, 'ExpiredCredentials');
    assert.match(h.present(err).tooltip ?? '', /aws sso login/);
  });

  it('a bucket in another region: the 301 is followed and the folder lists', async () => {
    const listing = {
      description: 'listing',
      status: 200,
      headers: { 'content-type': 'application/xml' },
      body: '<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>far</Name><KeyCount>1</KeyCount><MaxKeys>200</MaxKeys><IsTruncated>false</IsTruncated><Contents><Key>far.txt</Key><LastModified>2026-11-26T10:00:00.000Z</LastModified><ETag>"e"</ETag><Size>1</Size></Contents></ListBucketResult>',
    };
    fake = await startFakeS3((r) => {
      if (r.query.has('location') || r.method === 'HEAD') return documented('access-denied');
      if (r.query.get('list-type') === '2')
        return r.region === 'eu-west-1' ? listing : documented('permanent-redirect-eu-west-1');
      return documented('access-denied');
    });
    h = modelHarness(
      [{ conn: { ...liveConnection(), id: 'far', endpoint: fake.endpoint }, secret: 'x', maxAttempts: 1 }],
      { classifyObjects: false },
    );
    const children = await h.model.getChildren(bucketRef('far', 'far'));
    assert.deepEqual(
      children.map((c) => (c.kind === 'object' ? c.key : c.kind)),
      ['far.txt'],
    );
  });
});
