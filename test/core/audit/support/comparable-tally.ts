// A tally as comparable plain data, for tests that check one counting path against another: maps sorted, the
// KMS sample reduced to its population and size.
import type { AuditTally } from '../../../../src/core/audit/tally';

export function comparable(t: AuditTally): unknown {
  const s = t.toJSON();
  return {
    ...s,
    bucketKey: [...s.bucketKey].sort(),
    byStorageClass: [...s.byStorageClass].sort((a, b) => a[0].localeCompare(b[0])),
    prefixes: [...s.prefixes].sort((a, b) => a[0].localeCompare(b[0])),
    kmsSample: { seen: s.kmsSample.seen, kept: t.kmsSample.values().length },
  };
}
