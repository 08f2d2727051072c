// Refusing to silently swap an object's KMS key (the policy reading is tested with the policy reader).
import { strict as assert } from 'node:assert';
import { KmsKeyWouldChangeError } from '../../../src/core/transfer/errors';
import { guardKmsKey } from '../../../src/core/transfer/kms-key-guard';

describe('KMS key guard (edit / re-encrypt)', () => {
  const kmsHead = {
    ServerSideEncryption: 'aws:kms' as const,
    SSEKMSKeyId: 'arn:aws:kms:us-east-1:1:key/abc',
    $metadata: {},
  };
  it('keeps the object key when SSE-KMS is chosen without a key id', () => {
    assert.deepEqual(guardKmsKey(kmsHead, { mode: 'SSE-KMS' }, false, 'o'), {
      mode: 'SSE-KMS',
      keyId: kmsHead.SSEKMSKeyId,
    });
  });
  it('refuses "bucket default" on an SSE-KMS object unless confirmed', () => {
    assert.throws(
      () => guardKmsKey(kmsHead, { mode: 'bucket-default' }, false, 'o'),
      (e: unknown) => e instanceof KmsKeyWouldChangeError && /key\/abc/.test(e.message),
    );
    assert.deepEqual(guardKmsKey(kmsHead, { mode: 'bucket-default' }, true, 'o'), { mode: 'bucket-default' });
  });
  it('refuses another KMS key, accepts the same key given as a bare id', () => {
    assert.throws(() => guardKmsKey(kmsHead, { mode: 'SSE-KMS', keyId: 'other' }, false, 'o'), KmsKeyWouldChangeError);
    assert.doesNotThrow(() => guardKmsKey(kmsHead, { mode: 'SSE-KMS', keyId: 'abc' }, false, 'o'));
  });
  it('lets objects without a KMS key go anywhere', () => {
    assert.deepEqual(guardKmsKey({ $metadata: {} }, { mode: 'bucket-default' }, false, 'o'), {
      mode: 'bucket-default',
    });
  });
});
