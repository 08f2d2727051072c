// manifest.json of an S3 Inventory report: parsing, its checksum, and the column list of its data files.
// Real manifests differ from the documentation's examples in small ways (a Parquet `fileSchema` is a Parquet
// message type with `(STRING)` / `TIMESTAMP(MILLIS,true)` annotations and double spaces), so the schema is read
// by its field declarations, not by matching a fixed text.
import { createHash } from 'node:crypto';
import { InventoryError } from './errors';

export type InventoryFormat = 'CSV' | 'Parquet' | 'ORC';

export interface InventoryDataFile {
  key: string;
  size: number;
  MD5checksum: string;
}

export interface InventoryManifest {
  sourceBucket: string;
  /** Bucket name (the manifest holds an ARN, `arn:aws:s3:::name`). */
  destinationBucket: string;
  version?: string;
  /** Milliseconds since the epoch, as S3 writes it (a string). */
  creationTimestamp?: string;
  fileFormat: InventoryFormat;
  fileSchema: string;
  files: InventoryDataFile[];
}

/** Column names in the data files, in order, as written in fileSchema. */
export function schemaColumns(manifest: Pick<InventoryManifest, 'fileFormat' | 'fileSchema'>): string[] {
  const schema = manifest.fileSchema;
  if (manifest.fileFormat === 'CSV')
    return schema
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean);
  if (manifest.fileFormat === 'Parquet') {
    return [...schema.matchAll(/\b(?:required|optional|repeated)\s+\w+\s+([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]);
  }
  return [...schema.matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*:/g)].map((m) => m[1]);
}

/** `EncryptionStatus`, `encryption_status` and `encryptionstatus` name the same column. */
export function normalizeColumnName(name: string): string {
  return name.replace(/_/g, '').toLowerCase();
}

function bucketFromArn(value: string): string {
  return value.startsWith('arn:') ? value.slice(value.lastIndexOf(':') + 1) : value;
}

export function parseManifest(text: string, origin: string): InventoryManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new InventoryError(
      'InventoryManifestInvalid',
      `${origin} is not JSON (${(err as Error).message}); expected the manifest.json of an S3 Inventory report.`,
    );
  }
  const m = raw as Record<string, unknown>;
  const fail = (what: string): never => {
    throw new InventoryError('InventoryManifestInvalid', `${origin} is not an S3 Inventory manifest: ${what}.`);
  };
  if (!m || typeof m !== 'object') fail('not a JSON object');
  const format = m.fileFormat;
  if (format !== 'CSV' && format !== 'Parquet' && format !== 'ORC')
    fail(`fileFormat is ${JSON.stringify(format)}, expected CSV, Parquet or ORC`);
  if (typeof m.fileSchema !== 'string' || !m.fileSchema.trim()) fail('fileSchema is missing');
  if (!Array.isArray(m.files)) fail('files is missing');
  const files = (m.files as unknown[]).map((f, i) => {
    const file = f as Record<string, unknown>;
    if (!file || typeof file.key !== 'string') fail(`files[${i}].key is missing`);
    if (typeof file.MD5checksum !== 'string' || !/^[0-9a-f]{32}$/i.test(file.MD5checksum))
      fail(`files[${i}].MD5checksum is missing or not an MD5`);
    return {
      key: file.key as string,
      size: Number(file.size ?? 0),
      MD5checksum: (file.MD5checksum as string).toLowerCase(),
    };
  });
  return {
    sourceBucket: scalarText(m.sourceBucket) ?? '',
    destinationBucket: bucketFromArn(scalarText(m.destinationBucket) ?? ''),
    version: scalarText(m.version),
    creationTimestamp: scalarText(m.creationTimestamp),
    fileFormat: format as InventoryFormat,
    fileSchema: m.fileSchema as string,
    files,
  };
}

export function md5Hex(data: Buffer | string): string {
  return createHash('md5').update(data).digest('hex');
}

/** manifest.checksum holds the hex MD5 of manifest.json's bytes (S3 writes it without a newline). */
export function verifyManifestChecksum(manifestBytes: Buffer, checksumText: string, origin: string): void {
  const expected = checksumText.trim().toLowerCase();
  const actual = md5Hex(manifestBytes);
  if (expected !== actual) {
    throw new InventoryError(
      'InventoryChecksumMismatch',
      `${origin} does not match its manifest.checksum (MD5 ${actual}, expected ${expected}); nothing was counted. ` +
        'The report is incomplete or was changed after S3 wrote it: use another report date, or wait for the next one.',
    );
  }
}

/** The report's date: the `YYYY-MM-DDTHH-MMZ` folder when the manifest sits in one, else creationTimestamp. */
export function inventoryDateOf(manifest: InventoryManifest, manifestKeyOrPath: string): string | undefined {
  const folder = /(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})Z[/\\]manifest\.json$/.exec(manifestKeyOrPath);
  if (folder) return `${folder[1]}T${folder[2]}:${folder[3]}:00.000Z`;
  const ms = Number(manifest.creationTimestamp);
  return Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString() : undefined;
}

/** A JSON scalar as text (AWS writes these fields as strings; numbers are accepted too). */
function scalarText(v: unknown): string | undefined {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}
