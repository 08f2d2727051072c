// Synthetic S3 Inventory rows for tests and benchmarks: every encryption status and Bucket Key status, several
// storage classes, object versions and delete markers (S3 writes those with an empty size and status), and
// keys that need URL encoding (spaces, '+', '%', commas, quotes, non-ASCII). Deterministic for a given seed.

export interface SyntheticRow {
  bucket: string;
  key: string;
  versionId: string;
  isLatest: boolean;
  isDeleteMarker: boolean;
  /** Undefined for delete markers. */
  size?: number;
  lastModified: number;
  etag?: string;
  storageClass: string;
  isMultipartUploaded: boolean;
  replicationStatus: string;
  /** '' for delete markers, as S3 writes them. */
  encryptionStatus: string;
  bucketKeyStatus: string;
}

export const STATUSES = ['SSE-S3', 'SSE-KMS', 'DSSE-KMS', 'SSE-C', 'NOT-SSE'] as const;
const CLASSES = ['STANDARD', 'STANDARD_IA', 'INTELLIGENT_TIERING', 'GLACIER', 'DEEP_ARCHIVE'];
const TOP = ['logs', 'data', 'backups', 'my folder', 'c+d', 'ünïcødé', 'odd,"quoted"', '100%'];
const NAMES = ['file', 'report 2026', 'a+b', 'x%41y', 'naïve', 'comma,name', 'quote"d', 'tab\tname', 'emoji-😀'];

/** Mulberry32: tiny, fast, good enough for fixtures. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` rows for one source bucket. About 1 in 12 objects has an older version, and about 1 in 15 keys ends
 * in a delete marker (the latest row), as in a versioned bucket's inventory with IncludedObjectVersions=All.
 */
export function* syntheticRows(count: number, seed = 1, bucket = 'source-bucket'): Generator<SyntheticRow> {
  const rnd = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
  let produced = 0;
  let n = 0;
  while (produced < count) {
    n++;
    const depth = Math.floor(rnd() * 4);
    const parts: string[] = [];
    for (let d = 0; d < depth; d++)
      parts.push(d === 0 ? pick(TOP) : `${pick(['sub', 'deep', 'x y'])}${Math.floor(rnd() * 5)}`);
    parts.push(`${pick(NAMES)}-${n}.bin`);
    const key = parts.join('/');
    const versions = rnd() < 1 / 12 ? 2 : 1;
    const deleted = rnd() < 1 / 15;
    const rows: SyntheticRow[] = [];
    for (let v = 0; v < versions && produced + rows.length < count; v++) {
      const status = pick(STATUSES);
      rows.push({
        bucket,
        key,
        versionId: `v${n}.${v}`,
        isLatest: false,
        isDeleteMarker: false,
        size: Math.floor(rnd() * 5_000_000),
        lastModified: 1_760_000_000_000 + n * 1000 + v,
        etag: (n * 2654435761 + v).toString(16).padStart(32, '0').slice(-32),
        storageClass: pick(CLASSES),
        isMultipartUploaded: rnd() < 0.1,
        replicationStatus: '',
        encryptionStatus: status,
        bucketKeyStatus:
          status === 'SSE-KMS' || status === 'DSSE-KMS' ? (rnd() < 0.5 ? 'ENABLED' : 'DISABLED') : 'DISABLED',
      });
    }
    if (deleted && produced + rows.length < count) {
      rows.push({
        bucket,
        key,
        versionId: `dm${n}`,
        isLatest: false,
        isDeleteMarker: true,
        lastModified: 1_760_000_000_000 + n * 1000 + 9,
        storageClass: '',
        isMultipartUploaded: false,
        replicationStatus: '',
        encryptionStatus: '',
        // S3 reports a delete marker's Bucket Key status, though not its encryption.
        bucketKeyStatus: 'DISABLED',
      });
    }
    rows[rows.length - 1].isLatest = true;
    for (const r of rows) {
      produced++;
      yield r;
    }
  }
}
