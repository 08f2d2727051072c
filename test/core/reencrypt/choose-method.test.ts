// The per-object method table: each row is an object state and a target, and the method a user should see.
import { strict as assert } from 'node:assert';
import { chooseMethod, type ChoiceContext, type ObjectFacts, type ReencryptTarget } from '../../../src/core/reencrypt';

const ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const OTHER_ARN = 'arn:aws:kms:us-east-1:111122223333:key/0f4d8a52-2b39-4c55-9d0e-7a1c5e3b9f21';
const kms: ReencryptTarget = { mode: 'SSE-KMS', keyId: ARN };
const ctx: ChoiceContext = { bucket: 'b', allowKmsKeyChange: false, haveCseKeys: false, updateSupported: true };

function obj(partial: Partial<ObjectFacts>): ObjectFacts {
  return { key: 'k', size: 10, mode: 'none', objectLocked: false, ...partial };
}

const rows: Array<{
  name: string;
  o: Partial<ObjectFacts>;
  t?: ReencryptTarget;
  c?: Partial<ChoiceContext>;
  want: string;
}> = [
  { name: 'SSE-S3 → SSE-KMS with an ARN: update in place', o: { mode: 'SSE-S3' }, want: 'update' },
  {
    name: 'SSE-KMS, same key, adding a Bucket Key: update',
    o: { mode: 'SSE-KMS', kmsKeyId: ARN, bucketKeyEnabled: false },
    t: { ...kms, bucketKey: true },
    want: 'update',
  },
  {
    name: 'SSE-KMS, other key, allowed: update',
    o: { mode: 'SSE-KMS', kmsKeyId: OTHER_ARN },
    c: { allowKmsKeyChange: true },
    want: 'update',
  },
  {
    name: 'SSE-KMS, other key, not allowed: skip',
    o: { mode: 'SSE-KMS', kmsKeyId: OTHER_ARN },
    want: 'skip:other-kms-key',
  },
  {
    name: 'unencrypted → SSE-KMS: copy (UpdateObjectEncryption needs an encrypted source)',
    o: { mode: 'none' },
    want: 'copy',
  },
  { name: 'DSSE-KMS → SSE-KMS: copy', o: { mode: 'DSSE-KMS', kmsKeyId: ARN }, want: 'copy' },
  {
    name: 'alias target: copy (no alias for UpdateObjectEncryption)',
    o: { mode: 'SSE-S3' },
    t: { mode: 'SSE-KMS', keyId: 'alias/app' },
    want: 'copy',
  },
  {
    name: 'bare key id target: copy',
    o: { mode: 'SSE-S3' },
    t: { mode: 'SSE-KMS', keyId: '1234abcd-12ab-34cd-56ef-1234567890ab' },
    want: 'copy',
  },
  {
    name: 'SSE-S3 target: copy (UpdateObjectEncryption only targets SSE-KMS)',
    o: { mode: 'none' },
    t: { mode: 'SSE-S3' },
    want: 'copy',
  },
  {
    name: 'endpoint without UpdateObjectEncryption: copy',
    o: { mode: 'SSE-S3' },
    c: { updateSupported: false },
    want: 'copy',
  },
  { name: 'directory bucket: copy', o: { mode: 'SSE-S3' }, c: { bucket: 'logs--use1-az4--x-s3' }, want: 'copy' },
  { name: 'Object Lock: skip', o: { mode: 'SSE-S3', objectLocked: true }, want: 'skip:object-lock' },
  { name: 'SSE-C without its key: skip', o: { mode: 'SSE-C', sseCKeyMatches: false }, want: 'skip:sse-c-without-key' },
  { name: 'SSE-C with its key: rewrite', o: { mode: 'SSE-C', sseCKeyMatches: true }, want: 'rewrite' },
  { name: 'CSE without keys: skip', o: { mode: 'CSE-V2' }, want: 'skip:cse-without-key' },
  { name: 'CSE with keys: rewrite', o: { mode: 'CSE-V3' }, c: { haveCseKeys: true }, want: 'rewrite' },
  {
    name: 'already SSE-KMS under the key: skip',
    o: { mode: 'SSE-KMS', kmsKeyId: ARN },
    want: 'skip:already-in-target',
  },
  {
    name: 'already SSE-S3 for an SSE-S3 target: skip',
    o: { mode: 'SSE-S3' },
    t: { mode: 'SSE-S3' },
    want: 'skip:already-in-target',
  },
  {
    name: 'SSE-KMS under a bare id HEAD reports, target the same key ARN: skip',
    o: { mode: 'SSE-KMS', kmsKeyId: '1234abcd-12ab-34cd-56ef-1234567890ab' },
    want: 'skip:already-in-target',
  },
  {
    name: 'unknown encryption: skip',
    o: { mode: 'unknown', note: 'HeadObject failed: AccessDenied' },
    want: 'skip:unknown-encryption',
  },
];

describe('chooseMethod: the cheapest correct method per object', () => {
  for (const r of rows) {
    it(r.name, () => {
      const got = chooseMethod(obj(r.o), r.t ?? kms, { ...ctx, ...r.c });
      assert.equal(got.method === 'skip' ? `skip:${got.reason}` : got.method, r.want, got.why);
      assert.ok(got.why.length > 10, 'every choice carries a reason a user can read');
    });
  }
});
