// Counts and bytes of an audit: per encryption status, Bucket Key status, storage class and key prefix.
// Constant memory whatever the number of rows: the prefix table is capped (the rest is counted under one
// "other prefixes" entry), and KMS objects are kept only as a fixed-size sample for HeadObject.
import { isKmsMode } from '../encryption/modes';
import { BottomKSample } from './bottom-k-sample';
import type { InventoryRow } from './inventory-row';
import {
  INVENTORY_STATUSES,
  auditStatusOf,
  bucketKeyStatusOf,
  type AuditStatus,
  type BucketKeyStatus,
} from './inventory-status';

export const STATUS_ORDER: readonly AuditStatus[] = [...INVENTORY_STATUSES, 'unknown'];
const STATUS_INDEX = new Map<string, number>(STATUS_ORDER.map((s, i) => [s, i]));
export const MAX_PREFIXES = 10_000;
export const OTHER_PREFIXES = '(other prefixes)';

export interface Counts {
  objects: number;
  bytes: number;
}

/** Objects and bytes per status, as two small arrays indexed like STATUS_ORDER. */
export class StatusCounts {
  readonly objects = new Float64Array(STATUS_ORDER.length);
  readonly bytes = new Float64Array(STATUS_ORDER.length);

  add(index: number, bytes: number): void {
    this.objects[index]++;
    this.bytes[index] += bytes;
  }

  merge(other: StatusCounts): void {
    for (let i = 0; i < STATUS_ORDER.length; i++) {
      this.objects[i] += other.objects[i];
      this.bytes[i] += other.bytes[i];
    }
  }

  get(status: AuditStatus): Counts {
    const i = STATUS_INDEX.get(status) ?? STATUS_ORDER.length - 1;
    return { objects: this.objects[i], bytes: this.bytes[i] };
  }

  total(): Counts {
    let objects = 0;
    let bytes = 0;
    for (let i = 0; i < STATUS_ORDER.length; i++) {
      objects += this.objects[i];
      bytes += this.bytes[i];
    }
    return { objects, bytes };
  }
}

/** An object version the KMS key sample may HeadObject. */
export interface SampledObject {
  key: string;
  versionId?: string;
  status: AuditStatus;
}

export interface TallyOptions {
  /** Depth of the per-prefix breakdown ('/'-separated segments); 1 = top-level folders. */
  prefixDepth: number;
  /** Keep only current versions (IsLatest). */
  currentOnly: boolean;
  /** SSE-KMS / DSSE-KMS objects kept for the key-distribution sample. */
  kmsSampleSize: number;
}

/** The first `depth` folders of a key, with the trailing '/'; '' for objects at the top level. */
export function prefixOf(key: string, depth: number): string {
  let end = -1;
  for (let d = 0; d < depth; d++) {
    const slash = key.indexOf('/', end + 1);
    if (slash < 0) break;
    end = slash;
  }
  return end < 0 ? '' : key.slice(0, end + 1);
}

export class AuditTally {
  rows = 0;
  deleteMarkers = 0;
  skippedNoncurrent = 0;
  readonly byStatus = new StatusCounts();
  readonly bucketKey = new Map<BucketKeyStatus, number>();
  readonly byStorageClass = new Map<string, Counts>();
  readonly prefixes = new Map<string, StatusCounts>();
  prefixesTruncated = false;
  kmsSample: BottomKSample<SampledObject>;

  constructor(readonly options: TallyOptions) {
    this.kmsSample = new BottomKSample(options.kmsSampleSize);
  }

  /** Counts one inventory row: delete markers are not objects; --current-only drops noncurrent versions. */
  add(row: InventoryRow): void {
    this.rows++;
    if (row.isDeleteMarker) {
      this.deleteMarkers++;
      return;
    }
    if (this.options.currentOnly && row.isLatest === false) {
      this.skippedNoncurrent++;
      return;
    }
    const status = auditStatusOf(row.encryptionStatus);
    const index = STATUS_INDEX.get(status) as number;
    const size = row.size;
    this.byStatus.add(index, size);
    this.countBucketKey(bucketKeyStatusOf(row.bucketKeyStatus), 1);
    this.countStorageClass(row.storageClass || 'unknown', 1, size);
    this.prefixCounts(prefixOf(row.key, this.options.prefixDepth)).add(index, size);
    if (isKmsMode(status)) {
      this.kmsSample.offer({ key: row.key, versionId: row.isLatest === false ? row.versionId : undefined, status });
    }
  }

  /** Adds `objects` to a Bucket Key status's count (the row reader adds one; the columnar counters a file's). */
  countBucketKey(status: BucketKeyStatus, objects: number): void {
    this.bucketKey.set(status, (this.bucketKey.get(status) ?? 0) + objects);
  }

  /** Adds objects and bytes to a storage class's counts. */
  countStorageClass(name: string, objects: number, bytes: number): void {
    const mine = this.byStorageClass.get(name);
    if (mine) {
      mine.objects += objects;
      mine.bytes += bytes;
    } else this.byStorageClass.set(name, { objects, bytes });
  }

  /** The counts kept for a prefix; past MAX_PREFIXES distinct ones, the shared "other prefixes" entry. */
  prefixCounts(prefix: string): StatusCounts {
    let counts = this.prefixes.get(prefix);
    if (counts) return counts;
    if (this.prefixes.size >= MAX_PREFIXES) {
      this.prefixesTruncated = true;
      prefix = OTHER_PREFIXES;
      counts = this.prefixes.get(prefix);
      if (counts) return counts;
    }
    counts = new StatusCounts();
    this.prefixes.set(prefix, counts);
    return counts;
  }

  merge(other: AuditTally): void {
    this.rows += other.rows;
    this.deleteMarkers += other.deleteMarkers;
    this.skippedNoncurrent += other.skippedNoncurrent;
    this.byStatus.merge(other.byStatus);
    for (const [k, n] of other.bucketKey) this.countBucketKey(k, n);
    for (const [k, c] of other.byStorageClass) this.countStorageClass(k, c.objects, c.bytes);
    for (const [p, c] of other.prefixes) this.prefixCounts(p).merge(c);
    this.prefixesTruncated ||= other.prefixesTruncated;
    this.kmsSample.merge(other.kmsSample);
  }

  /** Plain data (structured-clone friendly), for a tally counted in a worker thread. */
  toJSON(): TallyState {
    return {
      options: this.options,
      rows: this.rows,
      deleteMarkers: this.deleteMarkers,
      skippedNoncurrent: this.skippedNoncurrent,
      byStatus: [Array.from(this.byStatus.objects), Array.from(this.byStatus.bytes)],
      bucketKey: [...this.bucketKey],
      byStorageClass: [...this.byStorageClass],
      prefixes: [...this.prefixes].map(([p, c]) => [p, Array.from(c.objects), Array.from(c.bytes)]),
      prefixesTruncated: this.prefixesTruncated,
      kmsSample: this.kmsSample.toJSON(),
    };
  }

  static fromJSON(state: TallyState): AuditTally {
    const tally = new AuditTally(state.options);
    tally.rows = state.rows;
    tally.deleteMarkers = state.deleteMarkers;
    tally.skippedNoncurrent = state.skippedNoncurrent;
    tally.byStatus.objects.set(state.byStatus[0]);
    tally.byStatus.bytes.set(state.byStatus[1]);
    for (const [k, n] of state.bucketKey) tally.bucketKey.set(k, n);
    for (const [k, c] of state.byStorageClass) tally.byStorageClass.set(k, c);
    for (const [p, objects, bytes] of state.prefixes) {
      const counts = new StatusCounts();
      counts.objects.set(objects);
      counts.bytes.set(bytes);
      tally.prefixes.set(p, counts);
    }
    tally.prefixesTruncated = state.prefixesTruncated;
    tally.kmsSample = BottomKSample.fromJSON(state.kmsSample);
    return tally;
  }
}

export interface TallyState {
  options: TallyOptions;
  rows: number;
  deleteMarkers: number;
  skippedNoncurrent: number;
  byStatus: [number[], number[]];
  bucketKey: [BucketKeyStatus, number][];
  byStorageClass: [string, Counts][];
  prefixes: [string, number[], number[]][];
  prefixesTruncated: boolean;
  kmsSample: ReturnType<BottomKSample<SampledObject>['toJSON']>;
}
