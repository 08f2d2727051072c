// The errors base: a stable code and a structured hint front ends render in their own words.
import assert from 'node:assert/strict';
import { errorCodeOf, hintOf, optionHint, S3encError } from '../../src/core/errors';
import { LegacyDisabled } from '../../src/core/crypto';
import { SseCRequiresHttpsError } from '../../src/core/transfer/errors';

describe('core errors base', () => {
  it('defaults the code to the error name and keeps a given code and hint', () => {
    class Sample extends S3encError {
      override name = 'Sample';
    }
    assert.equal(new Sample('m').code, 'Sample');
    const e = new S3encError('m', { code: 'X', hint: optionHint('legacy') });
    assert.equal(e.code, 'X');
    assert.deepEqual(hintOf(e), { kind: 'option', name: 'legacy' });
    assert.equal(errorCodeOf(new Error('plain')), undefined);
  });
  it('is the base of the crypto and transfer errors, whose codes stay what they were', () => {
    const legacy = new LegacyDisabled('x');
    assert.ok(legacy instanceof S3encError);
    assert.equal(legacy.code, 'LegacyDisabled');
    const ssec = new SseCRequiresHttpsError('x');
    assert.ok(ssec instanceof S3encError);
    assert.equal(ssec.code, 'SseCRequiresHttps');
  });
});
