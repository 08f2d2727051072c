// Counts a local Parquet inventory file into an audit tally, column by column and row group by row group:
// each needed column chunk is read on its own and decoded into typed arrays (parquet-columns), then the row
// group is counted from those arrays. Memory is bounded by one row group's decoded columns, not the file;
// no object or string is made per row (keys are cut into prefixes as bytes; only the KMS sample decodes keys).
import { parquetSchema } from 'hyparquet/src/metadata.js';
import { isKmsMode } from '../encryption/modes';
import { InventoryError, throwIfCancelled } from './errors';
import { columnPositions, type ColumnPositions } from './inventory-row';
import { bucketKeyStatusOf, auditStatusOf } from './inventory-status';
import {
  decodeBooleans,
  decodeCodes,
  decodeInt64,
  decodeUtf8,
  forEachBytes,
  type ColumnChunk,
} from './parquet-columns';
import { withParquetFile } from './parquet-file';
import { ColumnPages, LARGE_PAGE_BYTES, WINDOW_ROWS } from './parquet-window';
import { PrefixBytesTable, prefixLength } from './prefix-bytes';
import { MAX_PREFIXES, STATUS_ORDER, type AuditTally, type SampledObject, type StatusCounts } from './tally';
import type { BucketKeyStatus } from './inventory-status';

export interface ParquetAuditOptions {
  signal?: AbortSignal;
  /** Shown in errors instead of the local path. */
  origin?: string;
  /** Called after each window of rows with its row count. */
  onRows?: (rows: number, rowsDone: number, rowsTotal: number) => void;
  /** Rows counted at a time (default WINDOW_ROWS). */
  windowRows?: number;
}

/** The columns countRowGroup reads. */
const PARQUET_AUDIT_FIELDS: (keyof ColumnPositions)[] = [
  'isDeleteMarker',
  'isLatest',
  'encryptionStatus',
  'bucketKeyStatus',
  'storageClass',
  'size',
  'key',
  'versionId',
];
const STATUS_CODE = new Map<string, number>(STATUS_ORDER.map((s, i) => [s, i]));
const BUCKET_KEYS: BucketKeyStatus[] = ['ENABLED', 'DISABLED', 'unknown'];
/** 1 for the status codes of KMS modes (their objects feed the key sample). */
const KMS_STATUS = Uint8Array.from(STATUS_ORDER, (s) => (isKmsMode(s) ? 1 : 0));

export async function auditParquetFile(
  path: string,
  tally: AuditTally,
  opts: ParquetAuditOptions = {},
): Promise<number> {
  const { origin = path, signal, windowRows = WINDOW_ROWS } = opts;
  return withParquetFile(path, origin, async (file, metadata) => {
    const leaves = parquetSchema(metadata).children;
    if (leaves.some((c) => c.children.length > 0))
      throw new InventoryError('InventoryDataInvalid', `${origin}: nested columns are not an S3 Inventory layout.`);
    const cols = columnPositions(
      leaves.map((c) => c.element.name),
      origin,
    );
    const storageClasses = new StringCodes();
    const prefixes = new PrefixBytesTable((p) => tally.prefixCounts(p), MAX_PREFIXES * 2);
    let done = 0;
    for (const group of metadata.row_groups) {
      const rows = Number(group.num_rows);
      const columns = new Map<keyof ColumnPositions, ColumnPages>();
      for (const field of PARQUET_AUDIT_FIELDS) {
        const at = cols[field];
        if (at < 0) continue;
        const meta = group.columns[at].meta_data;
        if (!meta) throw new InventoryError('InventoryDataInvalid', `${origin}: a column chunk has no metadata.`);
        columns.set(field, await ColumnPages.index(file, meta, leaves[at].element, origin));
      }
      // A window of rows at a time, so memory does not grow with the row group. A page is decoded whole: a window
      // spans at least the largest of the large pages (writers that put a whole column chunk in one page).
      const window = Math.max(windowRows, ...[...columns.values()].map((c) => c.largestPageRows(LARGE_PAGE_BYTES)));
      for (let from = 0; from < rows; from += window) {
        throwIfCancelled(signal);
        const to = Math.min(rows, from + window);
        const chunk = async (field: keyof ColumnPositions): Promise<ColumnChunk | undefined> =>
          columns.get(field)?.window(from, to);
        try {
          await countRowGroup(tally, to - from, chunk, storageClasses, prefixes);
        } catch (err) {
          if (err instanceof InventoryError) throw err;
          throw new InventoryError(
            'InventoryDataInvalid',
            `${origin}: a row group could not be read (${(err as Error).message}).`,
          );
        }
        done += to - from;
        opts.onRows?.(to - from, done, Number(metadata.num_rows));
      }
    }
    return done;
  });
}

/** Small integer codes for the distinct values of a column (storage classes). */
class StringCodes {
  readonly names: string[] = [];
  private readonly codes = new Map<string, number>();
  codeOf(value: string): number {
    let c = this.codes.get(value);
    if (c === undefined) {
      c = this.names.length;
      this.names.push(value);
      this.codes.set(value, c);
    }
    return c;
  }
}

async function countRowGroup(
  tally: AuditTally,
  rows: number,
  chunk: (field: keyof ColumnPositions) => Promise<ColumnChunk | undefined>,
  storageClasses: StringCodes,
  prefixes: PrefixBytesTable<StatusCounts>,
): Promise<void> {
  const { currentOnly, prefixDepth } = tally.options;
  const flag = async (field: 'isLatest' | 'isDeleteMarker'): Promise<Uint8Array | undefined> => {
    const c = await chunk(field);
    if (!c) return undefined;
    const out = new Uint8Array(rows);
    decodeBooleans(c, out);
    return out;
  };
  const deleteMarker = await flag('isDeleteMarker');
  const latest = await flag('isLatest');
  // Which rows are object versions to count: not delete markers, and current ones only with --current-only.
  const counted = new Uint8Array(rows).fill(1);
  let deleteMarkers = 0;
  let skipped = 0;
  for (let r = 0; r < rows; r++) {
    if (deleteMarker?.[r]) {
      counted[r] = 0;
      deleteMarkers++;
    } else if (currentOnly && latest && !latest[r]) {
      counted[r] = 0;
      skipped++;
    }
  }
  tally.rows += rows;
  tally.deleteMarkers += deleteMarkers;
  tally.skippedNoncurrent += skipped;

  const status = new Int32Array(rows).fill(STATUS_CODE.get('unknown') as number);
  const statusChunk = await chunk('encryptionStatus');
  if (statusChunk) decodeCodes(statusChunk, status, (v) => STATUS_CODE.get(auditStatusOf(v ?? '')) as number);
  const bucketKey = new Int32Array(rows).fill(2);
  const bkChunk = await chunk('bucketKeyStatus');
  if (bkChunk) decodeCodes(bkChunk, bucketKey, (v) => BUCKET_KEYS.indexOf(bucketKeyStatusOf(v ?? '')));
  const storageClass = new Int32Array(rows).fill(storageClasses.codeOf('unknown'));
  const scChunk = await chunk('storageClass');
  if (scChunk) decodeCodes(scChunk, storageClass, (v) => storageClasses.codeOf(v || 'unknown'));
  const size = new Float64Array(rows);
  const sizeChunk = await chunk('size');
  if (sizeChunk) decodeInt64(sizeChunk, size);

  // Totals per status, Bucket Key status and storage class, from the arrays.
  const bkCounts = [0, 0, 0];
  const scObjects: number[] = new Array<number>(storageClasses.names.length).fill(0);
  const scBytes: number[] = new Array<number>(storageClasses.names.length).fill(0);
  const byStatus = tally.byStatus;
  for (let r = 0; r < rows; r++) {
    if (!counted[r]) continue;
    byStatus.add(status[r], size[r]);
    bkCounts[bucketKey[r]]++;
    const sc = storageClass[r];
    scObjects[sc]++;
    scBytes[sc] += size[r];
  }
  for (let b = 0; b < 3; b++) if (bkCounts[b]) tally.countBucketKey(BUCKET_KEYS[b], bkCounts[b]);
  for (let c = 0; c < scObjects.length; c++)
    if (scObjects[c]) tally.countStorageClass(storageClasses.names[c], scObjects[c], scBytes[c]);

  // Keys: the prefix counts, and the key of each KMS object the sample keeps.
  const keyChunk = await chunk('key');
  if (!keyChunk) return;
  const noncurrentSampled: { row: number; value: SampledObject }[] = [];
  const sample = tally.kmsSample;
  forEachBytes(keyChunk, (r, data, start, length) => {
    if (!counted[r]) return;
    const st = status[r];
    prefixes.get(data, start, prefixLength(data, start, length, prefixDepth)).add(st, size[r]);
    if (!KMS_STATUS[st]) return;
    const name = STATUS_ORDER[st];
    sample.offerLazy(() => {
      const value: SampledObject = { key: decodeUtf8(data, start, length), status: name };
      if (latest && !latest[r]) noncurrentSampled.push({ row: r, value });
      return value;
    });
  });
  // A noncurrent version is sampled with its version id (HeadObject of that version).
  if (noncurrentSampled.length === 0) return;
  const versionChunk = await chunk('versionId');
  if (!versionChunk) return;
  const byRow = new Map(noncurrentSampled.map((s) => [s.row, s.value]));
  forEachBytes(versionChunk, (r, data, start, length) => {
    const value = byRow.get(r);
    if (value && length > 0) value.versionId = decodeUtf8(data, start, length);
  });
}
