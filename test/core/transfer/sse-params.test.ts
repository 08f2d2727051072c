// Which headers each mode sends, and when SSE-C may be sent at all.
import { strict as assert } from 'node:assert';
import { createHash, randomBytes } from 'node:crypto';
import { parseKmsContext, sseWriteParams } from '../../../src/core/transfer/sse-params';

describe('SSE request parameters', () => {
  it('bucket default sends no SSE header at all, so a bucket CMK default is not overridden', () => {
    assert.deepEqual(sseWriteParams({ mode: 'bucket-default' }), {});
  });

  it('SSE-KMS sends the key, the base64 JSON context and the bucket-key flag', () => {
    const p = sseWriteParams({ mode: 'SSE-KMS', keyId: 'alias/app', context: { team: 'a' }, bucketKey: true });
    assert.equal(p.ServerSideEncryption, 'aws:kms');
    assert.equal(p.SSEKMSKeyId, 'alias/app');
    assert.deepEqual(JSON.parse(Buffer.from(p.SSEKMSEncryptionContext!, 'base64').toString()), { team: 'a' });
    assert.equal(p.BucketKeyEnabled, true);
    assert.deepEqual(sseWriteParams({ mode: 'DSSE-KMS' }), { ServerSideEncryption: 'aws:kms:dsse' });
    assert.deepEqual(sseWriteParams({ mode: 'SSE-S3' }), { ServerSideEncryption: 'AES256' });
  });

  it('SSE-C sends the key with its MD5', () => {
    const key = randomBytes(32);
    const p = sseWriteParams({ mode: 'SSE-C', key });
    assert.equal(p.SSECustomerAlgorithm, 'AES256');
    assert.equal(p.SSECustomerKey, key.toString('base64'));
    assert.equal(p.SSECustomerKeyMD5, createHash('md5').update(key).digest('base64'));
  });

  it('rejects a context that is not a JSON object of strings', () => {
    assert.throws(() => parseKmsContext('[1]'), /JSON object/);
    assert.throws(() => parseKmsContext('{"a":1}'), /"a" must be a string/);
    assert.throws(() => parseKmsContext('nope'), /JSON object/);
  });
});
