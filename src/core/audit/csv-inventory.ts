// Streams the rows of a gzip CSV inventory file: no header, every field quoted, the key URL-encoded
// form-style ('+' is a space, then %XX). Decoding runs chunk by chunk, so memory stays flat.
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { InventoryError, throwIfCancelled } from './errors';
import type { ColumnPositions, InventoryRow } from './inventory-row';

/** Splits one CSV record. Fast path for AWS's "a","b","" lines; a general RFC 4180 parse otherwise. */
export function parseCsvRecord(line: string, expectedFields: number): string[] {
  if (line.length >= 2 && line.charCodeAt(0) === 34 && line.charCodeAt(line.length - 1) === 34) {
    const fields = line.slice(1, -1).split('","');
    if (fields.length === expectedFields && fields.every((f) => !f.includes('"'))) return fields;
  }
  return parseCsvRecordSlow(line);
}

function parseCsvRecordSlow(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let value = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0)
          throw new InventoryError(
            'InventoryDataInvalid',
            `unterminated quoted field in CSV record: ${line.slice(0, 120)}`,
          );
        value += line.slice(i, q);
        if (line[q + 1] === '"') {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
    } else {
      const comma = line.indexOf(',', i);
      value = comma < 0 ? line.slice(i) : line.slice(i, comma);
      i = comma < 0 ? line.length : comma;
    }
    fields.push(value);
    if (i >= line.length) return fields;
    if (line[i] !== ',')
      throw new InventoryError(
        'InventoryDataInvalid',
        `unexpected character after a quoted field: ${line.slice(0, 120)}`,
      );
    i++;
  }
}

/** Form-style URL decoding of a CSV inventory key: '+' → ' ', then %XX (UTF-8). */
export function decodeInventoryKey(raw: string): string {
  if (raw.indexOf('%') < 0 && raw.indexOf('+') < 0) return raw;
  const spaced = raw.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    throw new InventoryError('InventoryDataInvalid', `the key "${raw.slice(0, 200)}" is not valid URL encoding`);
  }
}

export function rowFromCsvFields(fields: string[], cols: ColumnPositions, row: InventoryRow): InventoryRow {
  row.key = decodeInventoryKey(fields[cols.key]);
  row.versionId = cols.versionId >= 0 ? fields[cols.versionId] || undefined : undefined;
  row.isLatest = cols.isLatest >= 0 ? fields[cols.isLatest] === 'true' : undefined;
  row.isDeleteMarker = cols.isDeleteMarker >= 0 && fields[cols.isDeleteMarker] === 'true';
  row.size = cols.size >= 0 ? Number(fields[cols.size]) || 0 : 0;
  row.storageClass = cols.storageClass >= 0 ? fields[cols.storageClass] : undefined;
  row.encryptionStatus = cols.encryptionStatus >= 0 ? fields[cols.encryptionStatus] : undefined;
  row.bucketKeyStatus = cols.bucketKeyStatus >= 0 ? fields[cols.bucketKeyStatus] : undefined;
  row.etag = cols.etag >= 0 ? fields[cols.etag] : undefined;
  row.lastModified = cols.lastModified >= 0 ? fields[cols.lastModified] : undefined;
  return row;
}

/**
 * Calls onLine with each record's span of the decoded text (a trailing CR dropped, empty lines skipped), chunk by
 * chunk of the gunzipped stream; `text` is only valid during the call.
 */
export async function forEachCsvLine(
  gzipped: Readable,
  onLine: (text: string, start: number, end: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  const line = (text: string, start: number, end: number): void => {
    if (end > start && text.charCodeAt(end - 1) === 13) end--;
    if (end > start) onLine(text, start, end);
  };
  // 64 KiB of text per chunk: measured faster than larger chunks (it stays in cache) and each chunk's string
  // stays a small young object, so the heap does not grow with dead chunk-sized strings.
  const gunzip = createGunzip({ chunkSize: 64 * 1024 });
  gzipped.on('error', (err) => gunzip.destroy(err));
  gzipped.pipe(gunzip);
  try {
    for await (const chunk of gunzip) {
      throwIfCancelled(signal);
      const text = decoder.write(chunk as Buffer);
      let start = 0;
      let nl = text.indexOf('\n');
      if (nl < 0) {
        pending += text;
        continue;
      }
      if (pending) {
        // The record split across chunks: joined on its own, so the chunk's text is never copied.
        const first = pending + text.slice(0, nl);
        line(first, 0, first.length);
        pending = '';
        start = nl + 1;
        nl = text.indexOf('\n', start);
      }
      for (; nl >= 0; nl = text.indexOf('\n', start)) {
        line(text, start, nl);
        start = nl + 1;
      }
      pending = text.slice(start);
    }
  } catch (err) {
    gzipped.destroy();
    if (err instanceof InventoryError) throw err;
    throw new InventoryError('InventoryDataInvalid', `the data file is not valid gzip CSV (${(err as Error).message})`);
  }
  const rest = pending + decoder.end();
  line(rest, 0, rest.length);
}

/** Splits one record and checks its field count against the manifest's fileSchema. */
export function csvRecordFields(line: string, columnCount: number): string[] {
  const fields = parseCsvRecord(line, columnCount);
  if (fields.length !== columnCount) {
    throw new InventoryError(
      'InventoryDataInvalid',
      `a CSV record has ${fields.length} fields, the manifest's fileSchema names ${columnCount}`,
    );
  }
  return fields;
}

/**
 * Reads a gzip CSV inventory stream and calls onRow for each record (the row object is reused: copy what
 * you keep). Returns the number of records.
 */
export async function readCsvInventory(
  gzipped: Readable,
  columnCount: number,
  cols: ColumnPositions,
  onRow: (row: InventoryRow) => void,
  signal?: AbortSignal,
): Promise<number> {
  const row: InventoryRow = { key: '', isDeleteMarker: false, size: 0 };
  let records = 0;
  await forEachCsvLine(
    gzipped,
    (text, start, end) => {
      const fields = csvRecordFields(text.slice(start, end), columnCount);
      records++;
      onRow(rowFromCsvFields(fields, cols, row));
    },
    signal,
  );
  return records;
}
