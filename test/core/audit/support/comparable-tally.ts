// For tests that check one counting path against another: a tally as comparable plain data (maps sorted, the
// KMS sample reduced to its population and size), and a Parquet file counted by the row-by-row reader.
import { readParquetInventory } from '../../../../src/core/audit/parquet-inventory';
import { AuditTally, type TallyOptions } from '../../../../src/core/audit/tally';

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

export async function parquetByRows(path: string, options: TallyOptions): Promise<AuditTally> {
  const tally = new AuditTally(options);
  await readParquetInventory(path, (row) => tally.add(row));
  return tally;
}
