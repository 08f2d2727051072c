// Counts a gzip CSV inventory stream into an audit tally without an array of strings per row: each record is
// cut into field spans of the decoded text, statuses and storage classes are matched in place, sizes parsed
// digit by digit, and a key is URL-decoded only as far as its prefix (whole only for the KMS sample). A record
// that is not AWS's plain "a","b" form (an escaped quote, an unquoted field) goes through the general parser.
import type { Readable } from 'node:stream';
import { isKmsMode } from '../encryption/modes';
import { csvRecordFields, decodeInventoryKey, forEachCsvLine, rowFromCsvFields } from './csv-inventory';
import { columnPositions, type InventoryRow } from './inventory-row';
import { BUCKET_KEY_STATUSES, INVENTORY_STATUSES, type BucketKeyStatus } from './inventory-status';
import { MAX_PREFIXES, STATUS_ORDER, type AuditTally, type StatusCounts } from './tally';

export interface CsvAuditOptions {
  signal?: AbortSignal;
  /** Called every few thousand rows, and at the end, with the rows since the last call. */
  onRows?: (rows: number) => void;
}

const UNKNOWN_STATUS = STATUS_ORDER.indexOf('unknown');
const BUCKET_KEYS: BucketKeyStatus[] = [...BUCKET_KEY_STATUSES, 'unknown'];
const KMS_STATUS = Uint8Array.from(STATUS_ORDER, (s) => (isKmsMode(s) ? 1 : 0));
const PROGRESS_EVERY = 16384;

/** Codes of field values matched where they stand in the text; values not seen before get the next code. */
class ValueCodes {
  readonly names: string[] = [];
  private readonly byLength: number[][] = [];
  /** Past a few dozen distinct values (hostile input), look them up by a copy instead of comparing each. */
  private readonly overflow = new Map<string, number>();

  constructor(
    known: readonly string[],
    private readonly growing: boolean,
  ) {
    for (const name of known) this.add(name);
  }

  /** The value's code; -1 for a value not known and not added (when not growing). */
  codeAt(text: string, start: number, end: number): number {
    const same = this.byLength[end - start];
    if (same) for (let i = 0; i < same.length; i++) if (sameText(text, start, this.names[same[i]])) return same[i];
    if (!this.growing) return -1;
    const value = text.slice(start, end);
    return this.overflow.get(value) ?? this.add(value);
  }

  private add(name: string): number {
    const code = this.names.length;
    this.names.push(name);
    if (code < 64) (this.byLength[name.length] ??= []).push(code);
    else this.overflow.set(name, code);
    return code;
  }
}

/** Whether `value` stands at `start` (a loop of char codes: cheaper than a builtin call for short values). */
function sameText(text: string, start: number, value: string): boolean {
  for (let i = 0; i < value.length; i++) if (text.charCodeAt(start + i) !== value.charCodeAt(i)) return false;
  return true;
}

/** The 'true' of IsLatest / IsDeleteMarker. */
function isTrueAt(text: string, start: number, end: number): boolean {
  return end - start === 4 && sameText(text, start, 'true');
}

/** A Size field: digits parsed in place; anything else as Number() reads it (an empty field is 0). */
function sizeAt(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return Number(text.slice(start, end)) || 0;
    n = n * 10 + d;
  }
  return n;
}

/** Length of the raw (still URL-encoded) key up to its `depth`-th '/' ('/' or %2F) or its last one if fewer. */
export function encodedPrefixLength(text: string, start: number, end: number, depth: number): number {
  let cut = 0;
  let seen = 0;
  for (let i = start; i < end && seen < depth; i++) {
    const c = text.charCodeAt(i);
    if (c === 47) {
      cut = i - start + 1;
      seen++;
    } else if (c === 37 && i + 2 < end && text.charCodeAt(i + 1) === 50 && (text.charCodeAt(i + 2) | 0x20) === 102) {
      i += 2;
      cut = i - start + 1;
      seen++;
    }
  }
  return cut;
}

class CsvTallyCounter {
  private readonly cols;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly statuses = new ValueCodes(INVENTORY_STATUSES, false);
  private readonly bucketKeys = new ValueCodes(BUCKET_KEY_STATUSES, false);
  /** Code 0 is "unknown": an empty or missing storage class counts under it, as in the row reader. */
  private readonly storageClasses = new ValueCodes(['unknown'], true);
  private readonly bucketKeyCounts = new Float64Array(BUCKET_KEYS.length);
  private scObjects: number[] = [];
  private scBytes: number[] = [];
  private readonly prefixes = new Map<string, StatusCounts>();
  private lastPrefix = '';
  private lastCounts: StatusCounts | undefined;
  private readonly row: InventoryRow = { key: '', isDeleteMarker: false, size: 0 };
  rowsSinceProgress = 0;

  constructor(
    private readonly tally: AuditTally,
    private readonly columns: string[],
  ) {
    this.cols = columnPositions(columns, 'manifest.json fileSchema');
    this.starts = new Int32Array(columns.length);
    this.ends = new Int32Array(columns.length);
  }

  countLine(text: string, start: number, end: number): void {
    this.rowsSinceProgress++;
    if (!this.split(text, start, end)) {
      // Not the plain quoted form: the general parser (which also refuses a malformed record).
      const fields = csvRecordFields(text.slice(start, end), this.columns.length);
      this.tally.add(rowFromCsvFields(fields, this.cols, this.row));
      return;
    }
    const { cols, starts: s, ends: e, tally } = this;
    tally.rows++;
    if (cols.isDeleteMarker >= 0 && isTrueAt(text, s[cols.isDeleteMarker], e[cols.isDeleteMarker])) {
      tally.deleteMarkers++;
      return;
    }
    const noncurrent = cols.isLatest >= 0 && !isTrueAt(text, s[cols.isLatest], e[cols.isLatest]);
    if (noncurrent && tally.options.currentOnly) {
      tally.skippedNoncurrent++;
      return;
    }
    let status = UNKNOWN_STATUS;
    if (cols.encryptionStatus >= 0) {
      const code = this.statuses.codeAt(text, s[cols.encryptionStatus], e[cols.encryptionStatus]);
      if (code >= 0) status = code;
    }
    const size = cols.size >= 0 ? sizeAt(text, s[cols.size], e[cols.size]) : 0;
    tally.byStatus.add(status, size);
    let bk = BUCKET_KEYS.length - 1;
    if (cols.bucketKeyStatus >= 0) {
      const code = this.bucketKeys.codeAt(text, s[cols.bucketKeyStatus], e[cols.bucketKeyStatus]);
      if (code >= 0) bk = code;
    }
    this.bucketKeyCounts[bk]++;
    const sc =
      cols.storageClass >= 0 && e[cols.storageClass] > s[cols.storageClass]
        ? this.storageClasses.codeAt(text, s[cols.storageClass], e[cols.storageClass])
        : 0;
    while (sc >= this.scObjects.length) {
      this.scObjects.push(0);
      this.scBytes.push(0);
    }
    this.scObjects[sc]++;
    this.scBytes[sc] += size;
    const keyStart = s[cols.key];
    const keyEnd = e[cols.key];
    this.prefixAt(text, keyStart, keyEnd).add(status, size);
    if (KMS_STATUS[status]) {
      const versionId =
        noncurrent && cols.versionId >= 0 ? text.slice(s[cols.versionId], e[cols.versionId]) || undefined : undefined;
      tally.kmsSample.offerLazy(() => ({
        key: decodeInventoryKey(text.slice(keyStart, keyEnd)),
        versionId,
        status: STATUS_ORDER[status],
      }));
    }
  }

  /** Field spans of an all-quoted record with no quote inside a field; false for anything else. */
  private split(text: string, start: number, end: number): boolean {
    if (end - start < 2 || text.charCodeAt(start) !== 34 || text.charCodeAt(end - 1) !== 34) return false;
    const last = this.starts.length - 1;
    let pos = start + 1;
    for (let f = 0; f <= last; f++) {
      const q = text.indexOf('"', pos);
      if (q < 0 || q >= end) return false;
      this.starts[f] = pos;
      this.ends[f] = q;
      if (q === end - 1) return f === last;
      if (text.charCodeAt(q + 1) !== 44 || text.charCodeAt(q + 2) !== 34) return false;
      pos = q + 3;
    }
    return false;
  }

  /** The tally's counts for the key's prefix, found by its encoded form (decoded once per distinct prefix). */
  private prefixAt(text: string, keyStart: number, keyEnd: number): StatusCounts {
    const length = encodedPrefixLength(text, keyStart, keyEnd, this.tally.options.prefixDepth);
    // Inventories list keys in order: the previous row's prefix is the likely one.
    if (this.lastCounts && length === this.lastPrefix.length && text.startsWith(this.lastPrefix, keyStart))
      return this.lastCounts;
    const encoded = text.slice(keyStart, keyStart + length);
    let counts = this.prefixes.get(encoded);
    if (!counts) {
      counts = this.tally.prefixCounts(decodeInventoryKey(encoded));
      if (this.prefixes.size < MAX_PREFIXES * 2) this.prefixes.set(encoded, counts);
    }
    this.lastPrefix = encoded;
    this.lastCounts = counts;
    return counts;
  }

  /** Adds the per-file Bucket Key and storage-class counts to the tally. */
  finish(): void {
    const { tally } = this;
    BUCKET_KEYS.forEach((name, i) => {
      if (this.bucketKeyCounts[i]) tally.countBucketKey(name, this.bucketKeyCounts[i]);
    });
    this.storageClasses.names.forEach((name, i) => {
      if (this.scObjects[i]) tally.countStorageClass(name, this.scObjects[i], this.scBytes[i]);
    });
    this.bucketKeyCounts.fill(0);
    this.scObjects = [];
    this.scBytes = [];
  }
}

/** Counts every record of a gzip CSV inventory stream (no header; `columns` from the manifest's fileSchema). */
export async function countCsvInventory(
  gzipped: Readable,
  columns: string[],
  tally: AuditTally,
  opts: CsvAuditOptions = {},
): Promise<void> {
  const counter = new CsvTallyCounter(tally, columns);
  const { onRows } = opts;
  await forEachCsvLine(
    gzipped,
    (text, start, end) => {
      counter.countLine(text, start, end);
      if (onRows && counter.rowsSinceProgress === PROGRESS_EVERY) {
        onRows(counter.rowsSinceProgress);
        counter.rowsSinceProgress = 0;
      }
    },
    opts.signal,
  );
  counter.finish();
  onRows?.(counter.rowsSinceProgress);
}
