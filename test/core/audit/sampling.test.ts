// The KMS key sample: a bottom-k sample merged across data files is the same as one drawn over all rows, and
// the margin of error follows the textbook formula (with the finite-population correction).
import assert from 'node:assert/strict';
import { BottomKSample } from '../../../src/core/audit/bottom-k-sample';
import { keyDistribution, marginOfError95 } from '../../../src/core/audit/kms-sample';
import { prefixOf } from '../../../src/core/audit/tally';

describe('audit sampling and prefixes', () => {
  it('merging per-file samples keeps exactly the k smallest priorities of all rows', () => {
    const priorities = Array.from({ length: 10_000 }, (_, i) => ((i * 7919) % 10_007) / 10_007);
    const whole = new BottomKSample<number>(50);
    const parts = [new BottomKSample<number>(50), new BottomKSample<number>(50), new BottomKSample<number>(50)];
    priorities.forEach((p, i) => {
      whole.offer(i, p);
      parts[i % 3].offer(i, p);
    });
    const merged = new BottomKSample<number>(50);
    for (const part of parts) merged.merge(part);
    assert.equal(merged.seen, 10_000);
    const expected = priorities
      .map((p, i) => [p, i] as const)
      .sort((a, b) => a[0] - b[0])
      .slice(0, 50)
      .map(([, i]) => i)
      .sort((a, b) => a - b);
    assert.deepEqual(
      [...merged.values()].sort((a, b) => a - b),
      expected,
    );
    assert.deepEqual(
      [...whole.values()].sort((a, b) => a - b),
      expected,
    );
  });

  it('margin of error: 1.96·sqrt(p(1-p)/n), shrinking to 0 as the sample becomes the population', () => {
    assert.ok(Math.abs(marginOfError95(0.5, 100, 1e9) - 0.098) < 0.0005);
    assert.ok(marginOfError95(0.5, 100, 200) < marginOfError95(0.5, 100, 1e9));
    assert.equal(marginOfError95(0.3, 50, 50), 0);
    const d = keyDistribution(['a', 'a', 'a', 'b'], 400, 1);
    assert.deepEqual(
      d.keys.map((k) => [k.keyId, k.sampled, k.estimatedObjects]),
      [
        ['a', 3, 300],
        ['b', 1, 100],
      ],
    );
    assert.equal(d.failed, 1);
    assert.ok(!d.exact && d.keys[0].margin95 > 0);
  });

  it('prefixes by depth', () => {
    assert.equal(prefixOf('file.txt', 1), '');
    assert.equal(prefixOf('a/b/c.txt', 1), 'a/');
    assert.equal(prefixOf('a/b/c.txt', 2), 'a/b/');
    assert.equal(prefixOf('a/b/c.txt', 5), 'a/b/');
    assert.equal(prefixOf('a/b/c.txt', 0), '');
    assert.equal(prefixOf('/lead', 1), '/');
  });
});
