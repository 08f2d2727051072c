// The audit a user should get for a set of generated rows, computed straight from the rows (not with the
// implementation's tally): delete markers are not objects, --current-only keeps the latest versions, a prefix is
// the key's first N folders.
import type { SyntheticRow } from '../../../../tools/inventory/synthetic-rows';

export interface ExpectedAudit {
  objects: number;
  bytes: number;
  deleteMarkers: number;
  byEncryption: Record<string, { objects: number; bytes: number }>;
  bucketKey: Record<string, number>;
  prefixes: Map<string, { objects: number; bytes: number; byEncryption: Record<string, number> }>;
}

export function expectedAudit(rows: Iterable<SyntheticRow>, depth = 1, currentOnly = false): ExpectedAudit {
  const e: ExpectedAudit = {
    objects: 0,
    bytes: 0,
    deleteMarkers: 0,
    byEncryption: {},
    bucketKey: {},
    prefixes: new Map(),
  };
  for (const r of rows) {
    if (r.isDeleteMarker) {
      e.deleteMarkers++;
      continue;
    }
    if (currentOnly && !r.isLatest) continue;
    const size = r.size ?? 0;
    e.objects++;
    e.bytes += size;
    const s = (e.byEncryption[r.encryptionStatus] ??= { objects: 0, bytes: 0 });
    s.objects++;
    s.bytes += size;
    e.bucketKey[r.bucketKeyStatus] = (e.bucketKey[r.bucketKeyStatus] ?? 0) + 1;
    const folders = r.key.split('/').slice(0, -1).slice(0, depth);
    const prefix = folders.length ? `${folders.join('/')}/` : '';
    let p = e.prefixes.get(prefix);
    if (!p) e.prefixes.set(prefix, (p = { objects: 0, bytes: 0, byEncryption: {} }));
    p.objects++;
    p.bytes += size;
    p.byEncryption[r.encryptionStatus] = (p.byEncryption[r.encryptionStatus] ?? 0) + 1;
  }
  return e;
}
