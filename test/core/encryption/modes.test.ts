// The mode table and what derives from it: header <-> mode, KMS-ness, the write choices.
import assert from 'node:assert/strict';
import {
  ENCRYPTION_MODES,
  HEADER_MODES,
  isKmsHeader,
  isKmsMode,
  MANDATORY_MODES,
  MODES,
  modeForSseHeader,
  SSE_HEADER_VALUES,
  sseHeaderFor,
  WRITE_MODES,
} from '../../../src/core/encryption/modes';

describe('core/encryption mode table', () => {
  it('maps every S3 header value to its mode and back', () => {
    assert.deepEqual(SSE_HEADER_VALUES, ['AES256', 'aws:kms', 'aws:kms:dsse']);
    assert.equal(modeForSseHeader('AES256'), 'SSE-S3');
    assert.equal(modeForSseHeader('aws:kms'), 'SSE-KMS');
    assert.equal(modeForSseHeader('aws:kms:dsse'), 'DSSE-KMS');
    for (const m of HEADER_MODES) assert.equal(modeForSseHeader(sseHeaderFor(m)), m);
  });
  it('rejects values S3 does not define, including near misses', () => {
    for (const v of [undefined, '', 'aes256', 'AWS:KMS', 'aws:kms ', 'kms', 'SSE-KMS', 'toString', '__proto__'])
      assert.equal(modeForSseHeader(v), undefined, String(v));
  });
  it('knows which modes use KMS and which need the customer key', () => {
    assert.deepEqual(
      ENCRYPTION_MODES.filter((m) => isKmsMode(m)),
      ['SSE-KMS', 'DSSE-KMS'],
    );
    assert.deepEqual(
      ENCRYPTION_MODES.filter((m) => MODES[m].needsCustomerKey),
      ['SSE-C', 'CSE-V1', 'CSE-V2', 'CSE-V3'],
    );
    assert.equal(isKmsHeader('aws:kms:dsse'), true);
    assert.equal(isKmsHeader('AES256'), false);
    assert.equal(isKmsMode('toString'), false);
  });
  it('offers every server-side mode as a write choice, between bucket default and client-side', () => {
    assert.deepEqual(
      WRITE_MODES.map((m) => m.id),
      ['bucket-default', 'SSE-S3', 'SSE-KMS', 'DSSE-KMS', 'SSE-C', 'CSE'],
    );
    assert.deepEqual(MANDATORY_MODES, ['SSE-S3', 'SSE-KMS', 'DSSE-KMS', 'SSE-C', 'CSE']);
  });
  it('gives every mode a look and a meaning for the front ends', () => {
    for (const m of ENCRYPTION_MODES) {
      assert.ok(MODES[m].style.icon, m);
      assert.ok(MODES[m].meaning.endsWith('.'), m);
    }
  });
});
