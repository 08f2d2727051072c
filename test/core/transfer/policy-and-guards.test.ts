// Reading the encryption a bucket policy demands, and refusing to silently swap an object's KMS key.
import { strict as assert } from 'node:assert';
import { KmsKeyWouldChangeError } from '../../../src/core/transfer/errors';
import { guardKmsKey } from '../../../src/core/transfer/kms-key-guard';
import { encryptionRequirementsOf } from '../../../src/core/transfer/policy-requirements';

const deny = (condition: object, action: string | string[] = 's3:PutObject') =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'S', Effect: 'Deny', Principal: '*', Action: action, Resource: 'arn:aws:s3:::b/*', Condition: condition }] });

describe('bucket policy encryption requirements', () => {
  const cases: Array<[string, string, string | undefined]> = [
    ['StringNotEquals aws:kms', deny({ StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } }), 'SSE-KMS'],
    ['StringNotEqualsIfExists AES256', deny({ StringNotEqualsIfExists: { 's3:x-amz-server-side-encryption': 'AES256' } }), 'SSE-S3'],
    ['Null header', deny({ Null: { 's3:x-amz-server-side-encryption': 'true' } }), 'an SSE header'],
    ['a specific KMS key', deny({ StringNotEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': 'arn:k' } }, 's3:*'), 'SSE-KMS with key arn:k'],
    ['SSE-C only', deny({ Null: { 's3:x-amz-server-side-encryption-customer-algorithm': 'true' } }), 'SSE-C'],
    ['a TLS-only policy', deny({ Bool: { 'aws:SecureTransport': 'false' } }, 's3:*'), undefined],
    ['a deny on GetObject', deny({ Null: { 's3:x-amz-server-side-encryption': 'true' } }, 's3:GetObject'), undefined],
  ];
  for (const [name, policy, expected] of cases) {
    it(`${name} → ${expected ?? 'no requirement'}`, () => {
      const reqs = encryptionRequirementsOf(policy);
      if (expected === undefined) assert.deepEqual(reqs, []);
      else assert.ok(reqs[0]?.requiredMode.startsWith(expected), JSON.stringify(reqs));
    });
  }
  it('ignores a policy that is not JSON', () => assert.deepEqual(encryptionRequirementsOf('{'), []));
});

describe('KMS key guard (edit / re-encrypt)', () => {
  const kmsHead = { ServerSideEncryption: 'aws:kms' as const, SSEKMSKeyId: 'arn:aws:kms:us-east-1:1:key/abc', $metadata: {} };
  it('keeps the object key when SSE-KMS is chosen without a key id', () => {
    assert.deepEqual(guardKmsKey(kmsHead, { mode: 'SSE-KMS' }, false, 'o'), { mode: 'SSE-KMS', keyId: kmsHead.SSEKMSKeyId });
  });
  it('refuses "bucket default" on an SSE-KMS object unless confirmed', () => {
    assert.throws(() => guardKmsKey(kmsHead, { mode: 'bucket-default' }, false, 'o'), (e: unknown) => e instanceof KmsKeyWouldChangeError && /key\/abc/.test(e.message));
    assert.deepEqual(guardKmsKey(kmsHead, { mode: 'bucket-default' }, true, 'o'), { mode: 'bucket-default' });
  });
  it('refuses another KMS key, accepts the same key given as a bare id', () => {
    assert.throws(() => guardKmsKey(kmsHead, { mode: 'SSE-KMS', keyId: 'other' }, false, 'o'), KmsKeyWouldChangeError);
    assert.doesNotThrow(() => guardKmsKey(kmsHead, { mode: 'SSE-KMS', keyId: 'abc' }, false, 'o'));
  });
  it('lets objects without a KMS key go anywhere', () => {
    assert.deepEqual(guardKmsKey({ $metadata: {} }, { mode: 'bucket-default' }, false, 'o'), { mode: 'bucket-default' });
  });
});
