// The one bucket-policy reader: the TLS question, the upload-encryption question and "why was this denied",
// on the policy shapes AWS documents and the spellings IAM accepts.
import assert from 'node:assert/strict';
import {
  describeRequirement,
  mergeTlsRequirement,
  PolicyNotJsonError,
  readPolicy,
  requirementsViolatedBy,
  transportState,
} from '../../../src/core/encryption/bucket-policy';

const policy = (...statements: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const denyHttp = {
  Sid: 'DenyHttp',
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:*',
  Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'],
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
};
const denyPut = (condition: object, extra: object = {}) => ({
  Sid: 'S',
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:PutObject',
  Resource: 'arn:aws:s3:::b/*',
  Condition: condition,
  ...extra,
});

describe('core/encryption bucket policy reader', () => {
  describe('does it deny plain HTTP', () => {
    const cases: [string, string, boolean][] = [
      ['the AWS-documented TLS-only statement', policy(denyHttp), true],
      [
        'a boolean false and BoolIfExists',
        policy({ ...denyHttp, Condition: { BoolIfExists: { 'aws:SecureTransport': false } } }),
        true,
      ],
      [
        'lower-case effect, operator and key',
        policy({ ...denyHttp, Effect: 'deny', Condition: { bool: { 'aws:securetransport': 'FALSE' } } }),
        true,
      ],
      [
        'an Allow on SecureTransport=true (does not deny HTTP)',
        policy({ ...denyHttp, Effect: 'Allow', Condition: { Bool: { 'aws:SecureTransport': 'true' } } }),
        false,
      ],
      [
        'a Deny with NotPrincipal (still denies everyone else)',
        policy({ ...denyHttp, Principal: undefined, NotPrincipal: { AWS: 'arn:aws:iam::1:root' } }),
        true,
      ],
      ['a single Statement object instead of an array', JSON.stringify({ Statement: denyHttp }), true],
      [
        'a Deny on SecureTransport=true (denies HTTPS, not HTTP)',
        policy({ ...denyHttp, Condition: { Bool: { 'aws:SecureTransport': 'true' } } }),
        false,
      ],
    ];
    for (const [name, doc, expected] of cases)
      it(name, () => assert.equal(readPolicy(doc).deniesInsecureTransport, expected));
  });

  describe('which SSE does it require for uploads', () => {
    const cases: { name: string; doc: string; uploads: boolean; required?: string[]; described?: string }[] = [
      {
        name: 'Null on the SSE header',
        doc: policy(denyPut({ Null: { 's3:x-amz-server-side-encryption': 'true' } })),
        uploads: true,
        described: 'an SSE header (SSE-S3, SSE-KMS or DSSE-KMS',
      },
      {
        name: 'StringNotEquals aws:kms',
        doc: policy(denyHttp, denyPut({ StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } })),
        uploads: true,
        required: ['aws:kms'],
        described: 'SSE-KMS',
      },
      {
        name: 'StringNotEqualsIfExists AES256',
        doc: policy(denyPut({ StringNotEqualsIfExists: { 's3:x-amz-server-side-encryption': 'AES256' } })),
        uploads: true,
        required: ['AES256'],
        described: 'SSE-S3',
      },
      {
        name: 'StringNotLike with two values',
        doc: policy(denyPut({ StringNotLike: { 's3:x-amz-server-side-encryption': ['aws:kms', 'aws:kms:dsse'] } })),
        uploads: true,
        required: ['aws:kms', 'aws:kms:dsse'],
        described: 'SSE-KMS or DSSE-KMS',
      },
      {
        name: 'Effect "DENY" on s3:Put*',
        doc: policy(
          denyPut({ Null: { 's3:x-amz-server-side-encryption': 'true' } }, { Effect: 'DENY', Action: 's3:Put*' }),
        ),
        uploads: true,
      },
      {
        name: 'Action "*"',
        doc: policy(denyPut({ Null: { 's3:x-amz-server-side-encryption': 'true' } }, { Action: '*' })),
        uploads: true,
      },
      {
        name: 'NotAction that leaves PutObject covered',
        doc: policy(
          denyPut({ Null: { 's3:x-amz-server-side-encryption': 'true' } }, { Action: undefined, NotAction: 's3:Get*' }),
        ),
        uploads: true,
      },
      {
        name: 'NotAction that excludes PutObject',
        doc: policy(
          denyPut({ Null: { 's3:x-amz-server-side-encryption': 'true' } }, { Action: undefined, NotAction: 's3:Put*' }),
        ),
        uploads: false,
      },
      {
        name: 'an SSE condition on GetObject only',
        doc: policy(denyPut({ Null: { 's3:x-amz-server-side-encryption': 'true' } }, { Action: 's3:GetObject' })),
        uploads: false,
      },
      {
        name: 'a specific KMS key',
        doc: policy(
          denyPut(
            { StringNotEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': 'arn:k' } },
            { Action: 's3:*' },
          ),
        ),
        uploads: false,
        described: 'SSE-KMS with key arn:k',
      },
      {
        name: 'SSE-C only',
        doc: policy(denyPut({ Null: { 's3:x-amz-server-side-encryption-customer-algorithm': 'true' } })),
        uploads: false,
        described: 'SSE-C',
      },
      { name: 'a TLS-only policy', doc: policy(denyHttp), uploads: false },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const r = readPolicy(c.doc);
        assert.equal(r.deniesUnencryptedUploads, c.uploads);
        assert.deepEqual(r.requiredEncryption, c.required);
        if (c.described)
          assert.ok(
            r.uploadRequirements.length > 0 && describeRequirement(r.uploadRequirements[0]).startsWith(c.described),
            JSON.stringify(r.uploadRequirements),
          );
      });
    }
  });

  describe('why was this upload denied', () => {
    const kmsOnly = readPolicy(
      policy(
        denyPut({ StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } }),
        denyPut(
          { StringNotEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': 'arn:aws:kms:r:1:key/k1' } },
          { Sid: 'Key' },
        ),
      ),
    );
    it('no header breaks both rules', () => assert.equal(requirementsViolatedBy(kmsOnly, {}).length, 2));
    it('SSE-S3 breaks both rules', () =>
      assert.equal(requirementsViolatedBy(kmsOnly, { ServerSideEncryption: 'AES256' }).length, 2));
    it('SSE-KMS with another key breaks the key rule only', () => {
      const broken = requirementsViolatedBy(kmsOnly, { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'other' });
      assert.deepEqual(
        broken.map((r) => r.statementId),
        ['Key'],
      );
    });
    it('SSE-KMS with the key (bare id) breaks nothing', () =>
      assert.deepEqual(requirementsViolatedBy(kmsOnly, { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'k1' }), []));
    it('StringNotLike patterns are matched as globs', () => {
      const like = readPolicy(policy(denyPut({ StringNotLike: { 's3:x-amz-server-side-encryption': 'aws:kms*' } })));
      assert.equal(requirementsViolatedBy(like, { ServerSideEncryption: 'aws:kms:dsse' }).length, 0);
      assert.equal(requirementsViolatedBy(like, { ServerSideEncryption: 'AES256' }).length, 1);
    });
  });

  describe('IaC documents', () => {
    it('reads parsed documents and says when the shape is unreadable', () => {
      assert.equal(transportState(JSON.parse(policy(denyHttp))), 'denies-insecure');
      assert.equal(transportState({ Statement: [] }), 'missing');
      assert.equal(transportState({ NotAPolicy: true }), 'unknown');
      assert.equal(transportState({ Statement: ['not an object'] }), 'unknown');
      assert.equal(transportState(null), 'unknown');
    });
  });

  describe('Require TLS merging', () => {
    it('appends the TLS statement, keeps the others, and then sees it as present', () => {
      const change = mergeTlsRequirement(
        policy({
          Sid: 'ReadOnly',
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::b/*',
        }),
        'b',
      );
      const after = JSON.parse(change.after) as { Statement: { Sid: string }[] };
      assert.deepEqual(
        after.Statement.map((s) => s.Sid),
        ['ReadOnly', 'DenyInsecureTransport'],
      );
      assert.equal(readPolicy(change.after).deniesInsecureTransport, true);
      assert.equal(mergeTlsRequirement(change.after, 'b').alreadyRequired, true);
    });
    it('counts an existing TLS deny written in another spelling', () => {
      const existing = policy({
        ...denyHttp,
        Effect: 'deny',
        Condition: { BoolIfExists: { 'aws:securetransport': false } },
      });
      assert.equal(mergeTlsRequirement(existing, 'b').alreadyRequired, true);
    });
  });

  it('rejects a policy that is not JSON with a typed error', () => {
    assert.throws(
      () => readPolicy('{'),
      (e: unknown) => e instanceof PolicyNotJsonError && e.code === 'PolicyNotJson' && /not valid JSON/.test(e.message),
    );
  });

  it('reads a big hostile policy without choking', () => {
    const statements = Array.from({ length: 5000 }, (_, i) => ({
      Effect: i % 2 ? 'Allow' : 'Deny',
      Action: ['s3:Get*', 42, null],
      Condition: { [`Op${i}`]: { k: [i, true, { x: 1 }] }, Bool: 'not a block' },
    }));
    const r = readPolicy(JSON.stringify({ Statement: [...statements, null, denyHttp] }));
    assert.equal(r.deniesInsecureTransport, true);
    assert.equal(r.readable, false);
    assert.equal(r.deniesUnencryptedUploads, false);
  });
});
