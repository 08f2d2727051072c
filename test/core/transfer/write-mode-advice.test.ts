// The upload mode picker leads with what the bucket requires: from its policy (read by the one policy
// reader), its SSE-C block and the team's mandatory-mode rule; refused modes say why and come last.
import assert from 'node:assert/strict';
import { readPolicy } from '../../../src/core/encryption/bucket-policy';
import { adviseWriteModes, requirementSummary } from '../../../src/core/transfer/write-mode-advice';

/** The shape AWS documents for "deny uploads that are not SSE-KMS". */
const REQUIRE_KMS = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'DenyNotKms',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:PutObject',
      Resource: 'arn:aws:s3:::reports/*',
      Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
    },
  ],
});

describe('write-mode advice', () => {
  it('a policy requiring SSE-KMS puts SSE-KMS first with the statement, and refuses "Bucket default"', () => {
    const advice = adviseWriteModes({ policy: readPolicy(REQUIRE_KMS) });
    assert.equal(advice[0].mode, 'SSE-KMS');
    assert.ok(advice[0].required);
    assert.match(advice[0].requiredBecause ?? '', /DenyNotKms/);
    const byDefault = advice.find((a) => a.mode === 'bucket-default');
    assert.match(byDefault?.refusedBecause ?? '', /requires SSE-KMS/);
    assert.equal(advice.at(-1)?.refusedBecause !== undefined, true, 'refused modes come last');
    assert.match(requirementSummary(advice) ?? '', /^Required here: SSE-KMS/);
  });

  it('a policy denying uploads without an SSE header leads with the header modes, and refuses the rest', () => {
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'DenyUnencryptedObjectUploads',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:PutObject',
          Resource: 'arn:aws:s3:::b/*',
          Condition: { Null: { 's3:x-amz-server-side-encryption': 'true' } },
        },
      ],
    });
    const advice = adviseWriteModes({ policy: readPolicy(policy) });
    assert.deepEqual(
      advice.filter((a) => a.required).map((a) => a.mode),
      ['SSE-S3', 'SSE-KMS', 'DSSE-KMS'],
    );
    assert.deepEqual(
      advice.slice(0, 3).map((a) => a.mode),
      ['SSE-S3', 'SSE-KMS', 'DSSE-KMS'],
    );
    assert.deepEqual(
      advice
        .filter((a) => a.refusedBecause)
        .map((a) => a.mode)
        .sort(),
      ['CSE', 'SSE-C', 'bucket-default'],
    );
    assert.match(requirementSummary(advice) ?? '', /DenyUnencryptedObjectUploads/);
  });

  it('a bucket that blocks SSE-C refuses SSE-C and says where the block is', () => {
    const advice = adviseWriteModes({ sseCBlocked: true });
    const ssec = advice.find((a) => a.mode === 'SSE-C');
    assert.match(ssec?.refusedBecause ?? '', /blocks SSE-C/);
    assert.equal(advice.at(-1)?.mode, 'SSE-C');
    assert.equal(advice[0].mode, 'bucket-default', 'nothing else changes order');
  });

  it('a mandatory-mode rule makes its mode required and refuses the others, naming the setting', () => {
    const advice = adviseWriteModes({ mandatory: { bucket: 'prod-*', mode: 'CSE' } });
    assert.equal(advice[0].mode, 'CSE');
    assert.match(advice[0].requiredBecause ?? '', /mandatoryModes/);
    assert.ok(advice.slice(1).every((a) => /mandatoryModes requires CSE/.test(a.refusedBecause ?? '')));
  });

  it('a bucket with no policy and no block advises nothing: every mode accepted, in the usual order', () => {
    const advice = adviseWriteModes({});
    assert.ok(advice.every((a) => !a.required && !a.refusedBecause));
    assert.equal(requirementSummary(advice), undefined);
  });
});
