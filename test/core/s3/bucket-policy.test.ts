import assert from 'node:assert/strict';
import { analyzeBucketPolicy } from '../../../src/core/s3/bucket-policy';

const policy = (...statements: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const denyHttp = { Sid: 'DenyHttp', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'], Condition: { Bool: { 'aws:SecureTransport': 'false' } } };

describe('core/s3 bucket policy analysis', () => {
  const cases: { name: string; doc: string; tls: boolean; uploads: boolean; required?: string[] }[] = [
    { name: 'the AWS-documented TLS-only statement', doc: policy(denyHttp), tls: true, uploads: false },
    { name: 'a boolean false and BoolIfExists', doc: policy({ ...denyHttp, Condition: { BoolIfExists: { 'aws:SecureTransport': false } } }), tls: true, uploads: false },
    { name: 'an Allow on SecureTransport=true (does not deny HTTP)', doc: policy({ ...denyHttp, Effect: 'Allow', Condition: { Bool: { 'aws:SecureTransport': 'true' } } }), tls: false, uploads: false },
    {
      name: 'Deny PutObject when the SSE header is missing (Null)',
      doc: policy({ Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: 'arn:aws:s3:::b/*', Condition: { Null: { 's3:x-amz-server-side-encryption': 'true' } } }),
      tls: false,
      uploads: true,
    },
    {
      name: 'Deny PutObject unless aws:kms (StringNotEquals) plus TLS',
      doc: policy(denyHttp, { Effect: 'Deny', Principal: '*', Action: ['s3:PutObject'], Resource: 'arn:aws:s3:::b/*', Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } } }),
      tls: true,
      uploads: true,
      required: ['aws:kms'],
    },
    {
      name: 'an SSE condition on GetObject only (not an upload rule)',
      doc: policy({ Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', Condition: { Null: { 's3:x-amz-server-side-encryption': 'true' } } }),
      tls: false,
      uploads: false,
    },
    { name: 'a single Statement object instead of an array', doc: JSON.stringify({ Statement: denyHttp }), tls: true, uploads: false },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const f = analyzeBucketPolicy(c.doc);
      assert.equal(f.deniesInsecureTransport, c.tls);
      assert.equal(f.deniesUnencryptedUploads, c.uploads);
      assert.deepEqual(f.requiredEncryption, c.required);
    });
  }
  it('rejects a policy that is not JSON with a clear message', () => {
    assert.throws(() => analyzeBucketPolicy('{'), /not valid JSON/);
  });
});
