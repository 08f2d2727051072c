// Bucket actions. Default encryption and the SSE-C block are AWS-only shapes (RGW accepts PutBucketEncryption
// but keeps nothing), so they run against AWS response shapes written from the API docs; the TLS policy merge runs against RGW.
import { strict as assert } from 'node:assert';
import { mockClient } from 'aws-sdk-client-mock';
import {
  GetBucketEncryptionCommand,
  PutBucketEncryptionCommand,
  PutBucketPolicyCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import {
  applyBucketPolicy,
  blockSseC,
  mergeTlsRequirement,
  readBucketPolicy,
  setDefaultEncryption,
} from '../../../src/core/transfer/bucket-actions';
import { useLiveBucket } from '../../support/live-fixtures';

// What AWS answers GetBucketEncryption on a bucket with an SSE-KMS default (shape from the S3 API reference).
const AWS_KMS_DEFAULT = {
  ServerSideEncryptionConfiguration: {
    Rules: [
      {
        ApplyServerSideEncryptionByDefault: {
          SSEAlgorithm: 'aws:kms' as const,
          KMSMasterKeyID: 'arn:aws:kms:us-east-1:111122223333:key/abc',
        },
        BucketKeyEnabled: true,
      },
    ],
  },
};

describe('bucket default encryption (AWS response shapes from the API docs)', () => {
  // Installed only for this block: mockClient patches every S3Client while active.
  let s3: ReturnType<typeof mockClient>;
  before(() => (s3 = mockClient(S3Client)));
  afterEach(() => s3.reset());
  after(() => s3.restore());

  it('Set default encryption: SSE-KMS with bucket key, keeping an existing SSE-C block', async () => {
    s3.on(GetBucketEncryptionCommand).resolves({
      ServerSideEncryptionConfiguration: {
        Rules: [
          {
            ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' },
            BlockedEncryptionTypes: { EncryptionType: ['SSE-C'] },
          },
        ],
      },
    });
    s3.on(PutBucketEncryptionCommand).resolves({});
    await setDefaultEncryption(new S3Client({ region: 'us-east-1' }), 'b', {
      mode: 'SSE-KMS',
      keyId: 'alias/data',
      bucketKey: true,
    });
    const sent = s3.commandCalls(PutBucketEncryptionCommand)[0].args[0].input;
    assert.deepEqual(sent.ServerSideEncryptionConfiguration?.Rules, [
      {
        ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/data' },
        BucketKeyEnabled: true,
        BlockedEncryptionTypes: { EncryptionType: ['SSE-C'] },
      },
    ]);
  });

  it('DSSE-KMS default on a bucket that had none', async () => {
    s3.on(GetBucketEncryptionCommand).rejects(
      new S3ServiceException({
        name: 'ServerSideEncryptionConfigurationNotFoundError',
        $fault: 'client',
        $metadata: { httpStatusCode: 404 },
        message: 'The server side encryption configuration was not found',
      }),
    );
    s3.on(PutBucketEncryptionCommand).resolves({});
    await setDefaultEncryption(new S3Client({ region: 'us-east-1' }), 'b', { mode: 'DSSE-KMS' });
    assert.deepEqual(
      s3.commandCalls(PutBucketEncryptionCommand)[0].args[0].input.ServerSideEncryptionConfiguration?.Rules,
      [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms:dsse' } }],
    );
  });

  it('Block SSE-C keeps the bucket CMK default and adds BlockedEncryptionTypes', async () => {
    s3.on(GetBucketEncryptionCommand).resolves(AWS_KMS_DEFAULT);
    s3.on(PutBucketEncryptionCommand).resolves({});
    await blockSseC(new S3Client({ region: 'us-east-1' }), 'b');
    const rule =
      s3.commandCalls(PutBucketEncryptionCommand)[0].args[0].input.ServerSideEncryptionConfiguration?.Rules?.[0];
    assert.equal(
      rule?.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID,
      'arn:aws:kms:us-east-1:111122223333:key/abc',
    );
    assert.equal(rule?.BucketKeyEnabled, true);
    assert.deepEqual(rule?.BlockedEncryptionTypes, { EncryptionType: ['SSE-C'] });
  });

  it('surfaces AccessDenied from PutBucketEncryption instead of claiming success', async () => {
    s3.on(GetBucketEncryptionCommand).resolves(AWS_KMS_DEFAULT);
    s3.on(PutBucketEncryptionCommand).rejects(
      new S3ServiceException({
        name: 'AccessDenied',
        $fault: 'client',
        $metadata: { httpStatusCode: 403 },
        message: 'Access Denied',
      }),
    );
    await assert.rejects(blockSseC(new S3Client({ region: 'us-east-1' }), 'b'), /Access Denied/);
  });
});

describe('Require TLS policy merge', () => {
  it('adds the Deny statement after the existing ones, and is idempotent', () => {
    const existing = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'ReadOnly',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::1:root' },
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::b/*',
        },
      ],
    });
    const change = mergeTlsRequirement(existing, 'b');
    const after = JSON.parse(change.after) as {
      Statement: Array<{ Sid: string; Effect: string; Condition?: unknown }>;
    };
    assert.deepEqual(
      after.Statement.map((s) => s.Sid),
      ['ReadOnly', 'DenyInsecureTransport'],
    );
    assert.deepEqual(after.Statement[1].Condition, { Bool: { 'aws:SecureTransport': 'false' } });
    assert.equal(change.alreadyRequired, false);
    assert.notEqual(change.before, change.after);
    const again = mergeTlsRequirement(change.after, 'b');
    assert.equal(again.alreadyRequired, true);
    assert.equal(again.after, again.before);
  });

  it('starts a policy when the bucket has none, and refuses to merge into broken JSON', () => {
    const change = mergeTlsRequirement(undefined, 'b');
    assert.equal(change.before, '');
    assert.equal((JSON.parse(change.after) as { Statement: unknown[] }).Statement.length, 1);
    assert.throws(() => mergeTlsRequirement('{nope', 'b'), /not valid JSON/);
  });

  describe('against Ceph RGW', function () {
    this.timeout(60_000);
    const s = useLiveBucket('require-tls');
    it('the merged policy is stored and read back with the original statement intact', async () => {
      assert.equal(await readBucketPolicy(s.client, s.bucket), undefined);
      const original = JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DenyDelete',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:DeleteObject',
            Resource: `arn:aws:s3:::${s.bucket}/*`,
          },
        ],
      });
      await s.client.send(new PutBucketPolicyCommand({ Bucket: s.bucket, Policy: original }));
      const change = mergeTlsRequirement(await readBucketPolicy(s.client, s.bucket), s.bucket);
      await applyBucketPolicy(s.client, s.bucket, change.after);
      const stored = JSON.parse((await readBucketPolicy(s.client, s.bucket)) ?? '{}') as {
        Statement: Array<{ Sid: string }>;
      };
      assert.deepEqual(
        stored.Statement.map((st) => st.Sid),
        ['DenyDelete', 'DenyInsecureTransport'],
      );
      assert.equal(mergeTlsRequirement(JSON.stringify(stored), s.bucket).alreadyRequired, true);
    });
  });
});
