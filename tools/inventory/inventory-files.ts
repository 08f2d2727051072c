// Writes S3 Inventory reports in AWS's format, for tests and benchmarks (no local S3 service writes them):
// - CSV: gzip, no header, every field quoted, the key URL-encoded form-style ('+' for space, '/' left as it is);
// - Parquet: Snappy, the column names and types of S3's Parquet inventory (`key`, `encryption_status`, ...);
// - manifest.json laid out as S3 writes it ("key" : value), with each file's MD5checksum, and manifest.checksum.
// Details follow reports S3 itself wrote (test/fixtures/aws-inventory).
// Rows come from any iterable, so multi-million-row files are written in constant memory.
import { createHash } from 'node:crypto';
import { createWriteStream, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createGzip } from 'node:zlib';
import { once } from 'node:events';
import * as writerModule from 'hyparquet-writer';
import type { SyntheticRow } from './synthetic-rows';

// hyparquet-writer's node entry adds fileWriter; its typings (resolved through the browser entry) omit it.
const { ParquetWriter } = writerModule;
export const fileWriter = (
  writerModule as unknown as { fileWriter: (path: string) => ConstructorParameters<typeof ParquetWriter>[0]['writer'] }
).fileWriter;
type SchemaElement = ConstructorParameters<typeof ParquetWriter>[0]['schema'][number];
type ColumnEncoding =
  'PLAIN' | 'RLE_DICTIONARY' | 'DELTA_BINARY_PACKED' | 'DELTA_LENGTH_BYTE_ARRAY' | 'DELTA_BYTE_ARRAY';

export const CSV_COLUMNS = [
  'Bucket',
  'Key',
  'VersionId',
  'IsLatest',
  'IsDeleteMarker',
  'Size',
  'LastModifiedDate',
  'ETag',
  'StorageClass',
  'IsMultipartUploaded',
  'ReplicationStatus',
  'EncryptionStatus',
  'BucketKeyStatus',
] as const;

/**
 * The Parquet fileSchema as S3 writes it in manifest.json: a Parquet message type with `(STRING)` and
 * `TIMESTAMP(MILLIS,true)` annotations and two spaces between declarations.
 */
export const PARQUET_FILE_SCHEMA =
  'message s3.inventory {  required binary bucket (STRING);  required binary key (STRING);  optional binary version_id (STRING);' +
  '  optional boolean is_latest;  optional boolean is_delete_marker;  optional int64 size;' +
  '  optional int64 last_modified_date (TIMESTAMP(MILLIS,true));  optional binary e_tag (STRING);  optional binary storage_class (STRING);' +
  '  optional boolean is_multipart_uploaded;  optional binary replication_status (STRING);  optional binary encryption_status (STRING);' +
  '  optional binary bucket_key_status (STRING);}';

/**
 * The key as S3 writes it in a CSV report: Java's URLEncoder.encode(s, "UTF-8") (letters, digits and . - * _ stay;
 * space is '+'; the rest is %XX), except '/', which reports S3 wrote leave as it is.
 */
export function formUrlEncode(s: string): string {
  // encodeURIComponent also leaves ! ' ( ) ~ alone, which Java encodes; both write %XX in upper case.
  return encodeURIComponent(s)
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+')
    .replace(/%2F/g, '/');
}

export function csvLine(r: SyntheticRow): string {
  const iso = new Date(r.lastModified).toISOString();
  const fields = [
    r.bucket,
    formUrlEncode(r.key),
    r.versionId,
    String(r.isLatest),
    String(r.isDeleteMarker),
    r.size === undefined ? '' : String(r.size),
    iso,
    r.etag ?? '',
    r.storageClass,
    // S3 leaves IsMultipartUploaded empty for a delete marker.
    r.isDeleteMarker ? '' : String(r.isMultipartUploaded),
    r.replicationStatus,
    r.encryptionStatus,
    r.bucketKeyStatus,
  ];
  return `${fields.map((f) => `"${f.replace(/"/g, '""')}"`).join(',')}\n`;
}

export interface WrittenFile {
  path: string;
  size: number;
  md5: string;
  rows: number;
}

function md5File(path: string): string {
  return createHash('md5').update(readFileSync(path)).digest('hex');
}

export async function writeCsvGz(path: string, rows: Iterable<SyntheticRow>): Promise<WrittenFile> {
  mkdirSync(dirname(path), { recursive: true });
  const gzip = createGzip({ level: 6 });
  const out = createWriteStream(path);
  const hash = createHash('md5');
  gzip.on('data', (c: Buffer) => hash.update(c));
  gzip.pipe(out);
  let count = 0;
  let batch = '';
  for (const r of rows) {
    batch += csvLine(r);
    count++;
    if (batch.length > 256 * 1024) {
      if (!gzip.write(batch)) await once(gzip, 'drain');
      batch = '';
    }
  }
  gzip.end(batch);
  await once(out, 'close');
  return { path, size: statSync(path).size, md5: hash.digest('hex'), rows: count };
}

const str = (name: string, required = false): SchemaElement => ({
  name,
  type: 'BYTE_ARRAY',
  repetition_type: required ? 'REQUIRED' : 'OPTIONAL',
  converted_type: 'UTF8',
  logical_type: { type: 'STRING' },
});
const bool = (name: string): SchemaElement => ({ name, type: 'BOOLEAN', repetition_type: 'OPTIONAL' });

export const PARQUET_SCHEMA: SchemaElement[] = [
  { name: 's3.inventory', num_children: 13 },
  str('bucket', true),
  str('key', true),
  str('version_id'),
  bool('is_latest'),
  bool('is_delete_marker'),
  { name: 'size', type: 'INT64', repetition_type: 'OPTIONAL' },
  {
    name: 'last_modified_date',
    type: 'INT64',
    repetition_type: 'OPTIONAL',
    converted_type: 'TIMESTAMP_MILLIS',
    logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
  },
  str('e_tag'),
  str('storage_class'),
  bool('is_multipart_uploaded'),
  str('replication_status'),
  str('encryption_status'),
  str('bucket_key_status'),
];

/** Parquet with Snappy pages, written row group by row group (`rowGroupRows` rows each). */
export async function writeParquet(
  path: string,
  rows: Iterable<SyntheticRow>,
  rowGroupRows = 100_000,
  /** Per-column encodings (e.g. DELTA_BYTE_ARRAY), to exercise readers beyond the writer's defaults. */
  encodings: Partial<Record<(typeof PARQUET_SCHEMA)[number]['name'], ColumnEncoding>> = {},
  /** Bytes per data page before compression: 1 MiB, as parquet-mr writes them. */
  pageSize = 1024 * 1024,
): Promise<WrittenFile> {
  mkdirSync(dirname(path), { recursive: true });
  const writer = new ParquetWriter({
    writer: fileWriter(path),
    schema: PARQUET_SCHEMA,
    codec: 'SNAPPY',
    statistics: false,
    createdBy: 's3enc inventory fixture (S3 Inventory Parquet layout)',
  });
  let count = 0;
  let group: SyntheticRow[] = [];
  const withEncodings = <C extends { name: string }>(columns: C[]): C[] =>
    columns.map((c) => (encodings[c.name] ? { ...c, encoding: encodings[c.name] } : c));
  const flush = async (): Promise<void> => {
    if (!group.length) return;
    const col = <T>(f: (r: SyntheticRow) => T): T[] => group.map(f);
    await writer.write({
      rowGroupSize: group.length,
      pageSize,
      columnData: withEncodings([
        { name: 'bucket', data: col((r) => r.bucket) },
        { name: 'key', data: col((r) => r.key) },
        { name: 'version_id', data: col((r) => r.versionId) },
        { name: 'is_latest', data: col((r) => r.isLatest) },
        { name: 'is_delete_marker', data: col((r) => r.isDeleteMarker) },
        { name: 'size', data: col((r) => (r.size === undefined ? null : BigInt(r.size))) },
        { name: 'last_modified_date', data: col((r) => BigInt(r.lastModified)) },
        { name: 'e_tag', data: col((r) => r.etag ?? null) },
        { name: 'storage_class', data: col((r) => r.storageClass || null) },
        { name: 'is_multipart_uploaded', data: col((r) => (r.isDeleteMarker ? null : r.isMultipartUploaded)) },
        { name: 'replication_status', data: col((r) => r.replicationStatus || null) },
        // S3 leaves the status of a delete marker empty; in Parquet that is a null.
        { name: 'encryption_status', data: col((r) => r.encryptionStatus || null) },
        { name: 'bucket_key_status', data: col((r) => r.bucketKeyStatus || null) },
      ]),
    });
    group = [];
  };
  for (const r of rows) {
    group.push(r);
    count++;
    if (group.length >= rowGroupRows) await flush();
  }
  await flush();
  await writer.finish();
  return { path, size: statSync(path).size, md5: md5File(path), rows: count };
}

export interface ManifestInput {
  sourceBucket: string;
  destinationBucket: string;
  format: 'CSV' | 'Parquet' | 'ORC';
  fileSchema?: string;
  files: { key: string; size: number; md5: string }[];
  creationTimestamp?: number;
}

/** manifest.json text, field order and shapes as S3 writes them. */
export function manifestJson(m: ManifestInput): string {
  const text = (v: string): string => JSON.stringify(v);
  const files = m.files.map(
    (f) => `{\n    "key" : ${text(f.key)},\n    "size" : ${f.size},\n    "MD5checksum" : ${text(f.md5)}\n  }`,
  );
  // S3's layout (Jackson's pretty printer): "name" : value, and the files as [ {...}, {...} ].
  return [
    '{',
    `  "sourceBucket" : ${text(m.sourceBucket)},`,
    `  "destinationBucket" : ${text(`arn:aws:s3:::${m.destinationBucket}`)},`,
    '  "version" : "2016-11-30",',
    `  "creationTimestamp" : ${text(String(m.creationTimestamp ?? Date.UTC(2026, 10, 29, 1, 0)))},`,
    `  "fileFormat" : ${text(m.format)},`,
    `  "fileSchema" : ${text(m.fileSchema ?? (m.format === 'CSV' ? CSV_COLUMNS.join(', ') : PARQUET_FILE_SCHEMA))},`,
    `  "files" : [ ${files.join(', ')} ]`,
    '}',
  ].join('\n');
}

export function manifestChecksum(manifestText: string): string {
  return createHash('md5').update(manifestText).digest('hex');
}

/** Writes manifest.json and manifest.checksum into a folder. */
export function writeManifestFiles(folder: string, m: ManifestInput): { manifestPath: string; text: string } {
  mkdirSync(folder, { recursive: true });
  const text = manifestJson(m);
  writeFileSync(`${folder}/manifest.json`, text);
  writeFileSync(`${folder}/manifest.checksum`, manifestChecksum(text));
  return { manifestPath: `${folder}/manifest.json`, text };
}
