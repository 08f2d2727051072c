// The mandatory-mode setting: a pattern of buckets that must be written in one mode.
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { AesKeyring } from '../../../src/core/crypto';
import { MandatoryModeError } from '../../../src/core/transfer/errors';
import {
  assertMandatoryMode,
  bucketPatternMatches,
  parseMandatoryRules,
} from '../../../src/core/transfer/mandatory-mode';

describe('mandatory modes', () => {
  const { rules, problems } = parseMandatoryRules([
    { bucket: 'prod-*', mode: 'SSE-KMS', kmsKeyId: 'alias/prod' },
    { bucket: 'vault', mode: 'CSE' },
    { bucket: 'x', mode: 'ROT13' },
  ]);

  it('reads valid entries and explains bad ones', () => {
    assert.equal(rules.length, 2);
    assert.deepEqual(problems, [
      'entry 3: needs "bucket" (a pattern) and "mode" (SSE-S3, SSE-KMS, DSSE-KMS, SSE-C, CSE)',
    ]);
  });

  it('matches bucket patterns literally apart from * and ?', () => {
    assert.equal(bucketPatternMatches('prod-*', 'prod-eu'), true);
    assert.equal(bucketPatternMatches('prod-*', 'preprod-eu'), false);
    assert.equal(bucketPatternMatches('a.b', 'aXb'), false);
    assert.equal(bucketPatternMatches('log?', 'logs'), true);
  });

  it('refuses bucket default and the wrong key on prod-*, accepts the right key', () => {
    assert.throws(
      () => assertMandatoryMode('prod-eu', { sse: { mode: 'bucket-default' } }, rules),
      (e: unknown) =>
        e instanceof MandatoryModeError && /requires SSE-KMS/.test(e.message) && /bucket default/.test(e.message),
    );
    assert.throws(
      () => assertMandatoryMode('prod-eu', { sse: { mode: 'SSE-KMS', keyId: 'alias/other' } }, rules),
      /alias\/prod/,
    );
    assert.doesNotThrow(() => assertMandatoryMode('prod-eu', { sse: { mode: 'SSE-KMS', keyId: 'alias/prod' } }, rules));
  });

  it('CSE rule needs client-side encryption; other buckets are free', () => {
    assert.throws(() => assertMandatoryMode('vault', { sse: { mode: 'SSE-S3' } }, rules), MandatoryModeError);
    assert.doesNotThrow(() =>
      assertMandatoryMode(
        'vault',
        {
          sse: { mode: 'bucket-default' },
          cse: { keyring: new AesKeyring(randomBytes(32)), format: 'v3', envelope: 'metadata' },
        },
        rules,
      ),
    );
    assert.doesNotThrow(() => assertMandatoryMode('scratch', { sse: { mode: 'bucket-default' } }, rules));
  });
});
