// The KMS request estimate a user sees before a re-encryption: counts, the Bucket Key effect and the quota.
import { strict as assert } from 'node:assert';
import { estimateKmsRequests, kmsQuotaTable, kmsRequestQuota, type KmsEstimateItem } from '../../../src/core/reencrypt';

const MIB = 1024 * 1024;
const items = (n: number, it: Partial<KmsEstimateItem> = {}): KmsEstimateItem[] =>
  Array.from({ length: n }, () => ({ method: 'copy', size: 1000, sourceKms: false, sourceBucketKey: false, ...it }));

describe('KMS request estimate', () => {
  it('one GenerateDataKey per object written with SSE-KMS; a Bucket Key cuts it to about 1%', () => {
    const e = estimateKmsRequests(items(10_000), { mode: 'SSE-KMS', keyId: 'k' }, 'eu-central-1', 16 * MIB, 16 * MIB);
    assert.equal(e.withoutBucketKey, 10_000);
    assert.equal(e.withBucketKey, 100);
    assert.equal(e.quotaPerSecond, 10_000);
    assert.equal(e.asConfigured, 10_000);
    assert.match(e.recommendation, /Bucket Key: about 100 KMS requests instead of 10,000/);
  });

  it('SSE-KMS sources add a Decrypt each; multipart rewrites add one per part', () => {
    const e = estimateKmsRequests(
      [
        ...items(3, { sourceKms: true }),
        { method: 'rewrite', size: 64 * MIB, sourceKms: false, sourceBucketKey: false },
      ],
      { mode: 'SSE-KMS', bucketKey: true },
      'sa-east-1',
      16 * MIB,
      16 * MIB,
    );
    assert.equal(e.withoutBucketKey, 3 + 3 + (1 + 4));
    assert.equal(e.quotaPerSecond, 5_500);
    assert.equal(e.asConfigured, e.withBucketKey);
  });

  it('an SSE-S3 target costs KMS nothing beyond reading SSE-KMS sources', () => {
    const e = estimateKmsRequests(items(50, { sourceKms: true }), { mode: 'SSE-S3' }, 'us-east-1', 16 * MIB, 16 * MIB);
    assert.equal(e.withoutBucketKey, 50);
    assert.equal(e.recommendation, 'Well within the KMS quota.');
  });

  it('warns when the run needs more than a minute of the whole Region quota, and suggests Batch for huge runs', () => {
    const e = estimateKmsRequests(items(400_000), { mode: 'SSE-KMS', keyId: 'k' }, 'ap-south-1', 16 * MIB, 16 * MIB);
    assert.match(e.recommendation, /At least 73 s of this Region's whole default KMS quota \(5,500\/s/);
    assert.match(e.recommendation, /S3 Batch Operations job/);
  });

  it('the quota table has the three documented tiers and a default for other Regions', () => {
    assert.deepEqual(
      kmsQuotaTable().map((r) => r.requestsPerSecond),
      [30_000, 10_000, 5_500],
    );
    assert.equal(kmsRequestQuota('us-west-2'), 30_000);
    assert.equal(kmsRequestQuota(undefined), 5_500);
  });
});
