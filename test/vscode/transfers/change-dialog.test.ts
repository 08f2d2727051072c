// The dry-run confirmation of Change Encryption: it names the objects, and offers "Also replace KMS keys"
// only when some object actually uses a KMS key.
import assert from 'node:assert/strict';
import type { ChangePlan } from '../../../src/core/transfer/change-encryption';
import { CHANGE, CHANGE_AND_REPLACE_KMS, changeDialog } from '../../../src/vscode/transfers/change-dialog';

function plan(modes: string[]): ChangePlan {
  const objects = modes.map((mode, i) => ({ key: `k${i}`, size: 10, mode })) as unknown as ChangePlan['objects'];
  const countsByMode: Record<string, number> = {};
  for (const m of modes) countsByMode[m] = (countsByMode[m] ?? 0) + 1;
  return { bucket: 'b', objects, countsByMode, bytes: modes.length * 10 };
}

describe('change encryption dry run', () => {
  it('without SSE-KMS objects offers only "Change Encryption" and does not mention KMS keys', () => {
    const d = changeDialog(plan(['none', 'SSE-S3']), 'CSE', 's3://b/reports/');
    assert.deepEqual(d.buttons, [CHANGE]);
    assert.doesNotMatch(d.message, /KMS/);
    assert.match(d.message, /^Dry run for s3:\/\/b\/reports\/: 2 object\(s\)/);
  });

  it('on an endpoint that does not report SSE, objects without a header are "not reported", never "none"', () => {
    const d = changeDialog(plan(['none', 'none', 'SSE-C']), 'CSE', 's3://b/reports/', 'silent');
    assert.match(d.message, /\(2 not reported, 1 SSE-C\)/);
    assert.doesNotMatch(d.message, /\bnone\b/);
    // Where the endpoint reports SSE (AWS), no header does mean unencrypted.
    assert.match(changeDialog(plan(['none']), 'CSE', 's3://b/x', 'reports').message, /\(1 none\)/);
  });

  it('with SSE-KMS objects offers replacing their keys', () => {
    const d = changeDialog(plan(['SSE-KMS', 'none']), 'SSE-KMS', 's3://b/x.csv');
    assert.deepEqual(d.buttons, [CHANGE, CHANGE_AND_REPLACE_KMS]);
    assert.match(d.message, /keep their KMS key/);
  });
});
