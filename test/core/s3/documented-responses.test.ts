// AWS response shapes the local RGW cannot produce (SSE-S3 reporting, bucket default encryption, DSSE-KMS,
// a ListBuckets entry without BucketRegion, region redirects, expired tokens), replayed over HTTP from
// test/fixtures/aws-documented-responses (written from the S3 API Reference and the SDK models, not captured) so
// the real SDK parses them.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getBucketEncryptionInfo, getDefaultEncryption } from '../../../src/core/s3/bucket-info';
import { classifyObjectEncryption } from '../../../src/core/s3/classify-object';
import { ClientPool } from '../../../src/core/s3/client-pool';
import type { ConnectionConfig } from '../../../src/core/s3/connection';
import { S3Fault } from '../../../src/core/s3/faults';
import { listBuckets, listObjectsPage } from '../../../src/core/s3/listing';
import { documented, startFakeS3, type FakeS3, type Route } from '../../support/fake-s3';

const KEY_ARN = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

function connection(endpoint: string, extra: Partial<ConnectionConfig> = {}): ConnectionConfig {
  return {
    id: 'fake',
    label: 'fake',
    credentials: { kind: 'static', accessKeyId: 'AKIAFAKEFAKEFAKE' },
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    ...extra,
  };
}

describe('core/s3 on AWS response shapes from the API docs', () => {
  let fake: FakeS3 | undefined;
  let pool: ClientPool | undefined;
  async function serve(route: Route, extra: Partial<ConnectionConfig> = {}): Promise<ClientPool> {
    fake = await startFakeS3(route);
    // The stand-in listens on loopback HTTP; SSE-C cases need the explicit loopback allowance a user would give.
    pool = new ClientPool(connection(fake.endpoint, extra), {
      secretAccessKey: 'fake-secret',
      maxAttempts: 2,
      allowSseCOverHttpLoopback: true,
    });
    return pool;
  }
  afterEach(async () => {
    pool?.dispose();
    await fake?.close();
    fake = undefined;
    pool = undefined;
  });

  describe('bucket default encryption (GetBucketEncryption)', () => {
    const cases: { fixture: string; expect: object }[] = [
      { fixture: 'get-bucket-encryption-sse-s3', expect: { mode: 'SSE-S3', bucketKeyEnabled: false } },
      {
        fixture: 'get-bucket-encryption-sse-kms-bucket-key',
        expect: { mode: 'SSE-KMS', kmsKeyId: KEY_ARN, bucketKeyEnabled: true },
      },
      {
        fixture: 'get-bucket-encryption-sse-kms-aws-managed',
        expect: { mode: 'SSE-KMS', kmsKeyId: 'aws/s3', bucketKeyEnabled: false },
      },
      {
        fixture: 'get-bucket-encryption-dsse-kms',
        expect: { mode: 'DSSE-KMS', kmsKeyId: KEY_ARN, bucketKeyEnabled: false },
      },
      { fixture: 'get-bucket-encryption-not-found', expect: { mode: 'none' } },
    ];
    for (const c of cases) {
      it(`${c.fixture} → ${JSON.stringify(c.expect)}`, async () => {
        const p = await serve((r) => (r.query.has('encryption') ? documented(c.fixture) : undefined));
        const { value, fault } = await getDefaultEncryption(p.client(), 'b');
        assert.deepEqual(value, c.expect);
        assert.equal(fault, undefined);
      });
    }
    it('AccessDenied on GetBucketEncryption → unknown, naming the call; the policy is still read', async () => {
      const policy = JSON.stringify({
        Statement: [
          {
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: '*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ],
      });
      const p = await serve((r) => {
        if (r.query.has('encryption')) return documented('access-denied');
        if (r.query.has('policy'))
          return { description: 'policy', status: 200, headers: { 'content-type': 'application/json' }, body: policy };
        return undefined;
      });
      const info = await getBucketEncryptionInfo(p.client(), 'b');
      assert.equal(info.defaultEncryption.mode, 'unknown');
      assert.match(info.defaultEncryption.reason ?? '', /Access denied: GetBucketEncryption on bucket b/);
      assert.equal(info.policy.status, 'policy');
      assert.ok(info.policy.status === 'policy' && info.policy.deniesInsecureTransport);
      assert.equal(info.faults[0]?.kind, 'AccessDenied');
    });
  });

  describe('object encryption (HeadObject)', () => {
    it('SSE-S3', async () => {
      const p = await serve((r) => (r.method === 'HEAD' ? documented('head-object-sse-s3') : undefined));
      assert.deepEqual(await classifyObjectEncryption(p.client(), 'b', 'k'), { mode: 'SSE-S3' });
    });
    it('SSE-KMS with key ARN and bucket key', async () => {
      const p = await serve((r) => (r.method === 'HEAD' ? documented('head-object-sse-kms-bucket-key') : undefined));
      assert.deepEqual(await classifyObjectEncryption(p.client(), 'b', 'k'), {
        mode: 'SSE-KMS',
        kmsKeyId: KEY_ARN,
        bucketKeyEnabled: true,
      });
    });
    it('DSSE-KMS', async () => {
      const p = await serve((r) => (r.method === 'HEAD' ? documented('head-object-dsse-kms') : undefined));
      assert.deepEqual(await classifyObjectEncryption(p.client(), 'b', 'k'), { mode: 'DSSE-KMS', kmsKeyId: KEY_ARN });
    });
    it('SSE-C with the key sent: the MD5 S3 confirms is shown', async () => {
      const p = await serve((r) =>
        r.method === 'HEAD' && r.headers['x-amz-server-side-encryption-customer-key']
          ? documented('head-object-sse-c-with-key')
          : undefined,
      );
      const enc = await classifyObjectEncryption(p.client(), 'b', 'k', { sseCustomerKey: Buffer.alloc(32, 7) });
      assert.equal(enc.mode, 'SSE-C');
      assert.equal(enc.sseCustomerKeyMd5, 'mE6qo1Vv0XAp6dLcCOeQGQ==');
    });
    it('AccessDenied on HeadObject → unknown with a message naming HeadObject and the key', async () => {
      const p = await serve((r) => (r.method === 'HEAD' ? documented('access-denied') : undefined));
      const enc = await classifyObjectEncryption(p.client(), 'b', 'dir/k');
      assert.equal(enc.mode, 'unknown');
      assert.equal(enc.fault?.kind, 'AccessDenied');
      assert.match(enc.reason ?? '', /HeadObject on s3:\/\/b\/dir\/k/);
    });
  });

  describe('regions', () => {
    it('a bucket without BucketRegion is listed, and its region comes from GetBucketLocation', async () => {
      const p = await serve((r) => {
        if (r.path === '/' && r.method === 'GET') return documented('list-buckets-partial-bucket-region');
        if (r.path.startsWith('/without-region') && r.query.has('location'))
          return documented('get-bucket-location-eu-central-1');
        return undefined;
      });
      const buckets = await listBuckets(p.client());
      assert.deepEqual(
        buckets.map((b) => [b.name, b.region]),
        [
          ['with-region', 'eu-west-1'],
          ['without-region', undefined],
        ],
      );
      assert.deepEqual(await p.bucketRegion('without-region'), { region: 'eu-central-1', source: 'location' });
    });
    it('an empty LocationConstraint means us-east-1', async () => {
      const p = await serve((r) => (r.query.has('location') ? documented('get-bucket-location-us-east-1') : undefined));
      assert.equal((await p.bucketRegion('old')).region, 'us-east-1');
    });
    it('GetBucketLocation denied → the region header of HeadBucket', async () => {
      const p = await serve((r) => {
        if (r.query.has('location')) return documented('access-denied');
        if (r.method === 'HEAD')
          return {
            description: 'HeadBucket 403 with region',
            status: 403,
            headers: { 'x-amz-bucket-region': 'ap-south-1' },
            body: '',
          };
        return undefined;
      });
      assert.deepEqual(await p.bucketRegion('locked'), { region: 'ap-south-1', source: 'head' });
    });
    it('a 301 PermanentRedirect is followed once, in the region S3 names, and remembered', async () => {
      const listing = {
        description: 'empty listing',
        status: 200,
        headers: { 'content-type': 'application/xml' },
        body: '<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>far-bucket</Name><Prefix></Prefix><KeyCount>1</KeyCount><MaxKeys>200</MaxKeys><IsTruncated>false</IsTruncated><Contents><Key>x.txt</Key><LastModified>2026-11-26T10:00:00.000Z</LastModified><ETag>"abc"</ETag><Size>3</Size><StorageClass>STANDARD</StorageClass></Contents></ListBucketResult>',
      };
      const p = await serve((r) => {
        if (r.query.has('location')) return documented('access-denied');
        if (r.method === 'HEAD')
          return { description: 'HeadBucket 403 without region', status: 403, headers: {}, body: '' };
        if (r.query.get('list-type') === '2')
          return r.region === 'eu-west-1' ? listing : documented('permanent-redirect-eu-west-1');
        return undefined;
      });
      const page = await p.forBucket('far-bucket', (client) => listObjectsPage(client, { bucket: 'far-bucket' }));
      assert.deepEqual(
        page.objects.map((o) => o.key),
        ['x.txt'],
      );
      const lists = fake!.requests.filter((r) => r.query.get('list-type') === '2').map((r) => r.region);
      assert.deepEqual(lists, ['us-east-1', 'eu-west-1']);
      assert.deepEqual(p.regions.get('fake', 'far-bucket'), { region: 'eu-west-1', source: 'redirect' });
    });
  });

  it("HeadObject answered with a redirect is repeated in the bucket's region, not taken for SSE-C", async () => {
    const p = await serve((r) => {
      if (r.query.has('location') || (r.method === 'HEAD' && r.path === '/far-bucket/'))
        return documented('access-denied');
      if (r.method === 'HEAD')
        return r.region === 'eu-west-1'
          ? documented('head-object-sse-s3')
          : { ...documented('permanent-redirect-eu-west-1'), status: 400 };
      return undefined;
    });
    const enc = await p.forBucket('far-bucket', (client) => classifyObjectEncryption(client, 'far-bucket', 'k'));
    assert.deepEqual(enc, { mode: 'SSE-S3' });
  });

  describe('faults', () => {
    it('ExpiredToken → ExpiredCredentials with an `aws sso login --profile` hint', async () => {
      const dir = mkdtempSync(join(tmpdir(), 's3enc-creds-'));
      const saved = process.env.AWS_SHARED_CREDENTIALS_FILE;
      try {
        writeFileSync(
          join(dir, 'credentials'),
          '[work-sso]\naws_access_key_id = ASIAFAKE\naws_secret_access_key = fake\naws_session_token = expired\n',
        );
        process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
        const p = await serve(() => documented('expired-token'), {
          credentials: { kind: 'profile', profile: 'work-sso' },
        });
        await assert.rejects(listBuckets(p.client(), p.faultHints()), (err: unknown) => {
          assert.ok(err instanceof S3Fault);
          assert.equal(err.kind, 'ExpiredCredentials');
          assert.match(err.message, /aws sso login --profile work-sso/);
          return true;
        });
      } finally {
        if (saved === undefined) delete process.env.AWS_SHARED_CREDENTIALS_FILE;
        else process.env.AWS_SHARED_CREDENTIALS_FILE = saved;
        rmSync(dir, { recursive: true, force: true });
      }
    });
    it('503 SlowDown on every attempt → Throttled after the retries, with a hint', async () => {
      const p = await serve((r) => (r.query.get('list-type') === '2' ? documented('slow-down') : undefined));
      await assert.rejects(listObjectsPage(p.client(), { bucket: 'busy' }), (err: unknown) => {
        assert.ok(err instanceof S3Fault);
        assert.equal(err.kind, 'Throttled');
        assert.match(err.message, /retries with backoff were exhausted/);
        return true;
      });
      assert.equal(
        fake!.requests.filter((r) => r.query.get('list-type') === '2').length,
        2,
        'maxAttempts requests were made',
      );
    });
  });
});
