// Decodes one flat column chunk of a Parquet file page by page straight into typed arrays: no object per value.
// The encodings S3 (parquet-mr) writes for an inventory are decoded here (PLAIN, dictionary indices, RLE
// booleans, data pages v1 and v2); any other encoding goes through hyparquet's page decoder, slower but complete.
// hyparquet (pure JS) still parses page headers, Snappy and the RLE/bit-packed hybrid.
import type { ColumnMetaData, DataReader, PageHeader, SchemaElement, SchemaTree } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
import { decompressPage, readDataPage, readDataPageV2 } from 'hyparquet/src/datapage.js';
import { readRleBitPackedHybrid } from 'hyparquet/src/encoding.js';
import { snappyUncompressor } from 'hysnappy';

/** Pages of one column chunk that cover a window of rows: the decoders write rows skip … skip+rows-1 of them. */
export interface ColumnChunk {
  /** The pages' bytes, dictionary page first. */
  bytes: Uint8Array;
  meta: ColumnMetaData;
  element: SchemaElement;
  /** Rows of the first data page before the window. */
  skip: number;
  /** Rows in the window (the length of the decoders' output). */
  rows: number;
}

/** Larger decompressed pages are refused rather than allocated (parquet-mr writes pages of about 1 MiB). */
export const MAX_PAGE_BYTES = 256 * 1024 * 1024;

const utf8 = new TextDecoder();
let snappy: ((input: Uint8Array, outputLength: number) => Uint8Array) | undefined;

/** Pages larger than this are decompressed in JS: the WASM decoder's memory would grow to hold them, for good. */
const WASM_PAGE_LIMIT = 4 * 1024 * 1024;

/** Snappy pages through hysnappy (WASM, about 3× hyparquet's JS decoder here); other codecs through hyparquet. */
function decompress(compressed: Uint8Array, size: number, codec: ColumnMetaData['codec']): Uint8Array {
  if (codec !== 'SNAPPY' || size > WASM_PAGE_LIMIT) return decompressPage(compressed, size, codec, undefined);
  snappy ??= snappyUncompressor();
  const page = snappy(compressed, size);
  if (page.length !== size) throw new Error(`a Snappy page decompressed to ${page.length} bytes, not ${size}`);
  return page;
}
export const decodeUtf8 = (data: Uint8Array, start: number, length: number): string =>
  utf8.decode(data.subarray(start, start + length));

/** A page's non-null values, in row order, and which rows have one. */
interface Page {
  rowStart: number;
  rows: number;
  /** 1 where the row has a value; undefined when every row does. */
  present?: Uint8Array;
  /** Count of values (rows minus nulls). */
  values: number;
  encoding: string;
  /** Positioned at the first value (the values section of the decompressed page). */
  reader: DataReader;
  /** The same values through hyparquet's decoder, for encodings not decoded here. */
  generic: () => ArrayLike<unknown>;
}

function* pages(chunk: ColumnChunk): Generator<Page | { dictionary: DataReader; count: number }> {
  const { bytes, meta, element } = chunk;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const reader: DataReader = { view, offset: 0 };
  const optional = element.repetition_type !== 'REQUIRED';
  const decoder = {
    pathInSchema: meta.path_in_schema,
    type: meta.type,
    element,
    schemaPath: [{ element: { name: 'root' }, children: [], count: 1, path: [] }, leafTree(element)],
    codec: meta.codec,
    parsers: {},
    utf8: false,
  };
  let row = 0;
  while (row < chunk.skip + chunk.rows && reader.offset < bytes.length) {
    const header: PageHeader = parquetHeader(reader);
    if (header.uncompressed_page_size > MAX_PAGE_BYTES)
      throw new Error(
        `a page of ${header.uncompressed_page_size} bytes is larger than the audit reads (${MAX_PAGE_BYTES})`,
      );
    const compressed = bytes.subarray(reader.offset, reader.offset + header.compressed_page_size);
    reader.offset += header.compressed_page_size;
    if (header.type === 'DICTIONARY_PAGE') {
      const page = decompress(compressed, header.uncompressed_page_size, meta.codec);
      yield {
        dictionary: { view: new DataView(page.buffer, page.byteOffset, page.byteLength), offset: 0 },
        count: header.dictionary_page_header?.num_values ?? 0,
      };
    } else if (header.type === 'DATA_PAGE' && header.data_page_header) {
      const daph = header.data_page_header;
      const page = decompress(compressed, header.uncompressed_page_size, meta.codec);
      const r: DataReader = { view: new DataView(page.buffer, page.byteOffset, page.byteLength), offset: 0 };
      const rows = daph.num_values;
      const present = optional ? new Uint8Array(rows) : undefined;
      if (present) readRleBitPackedHybrid(r, 1, present);
      yield {
        rowStart: row,
        rows,
        present,
        values: present ? countOnes(present) : rows,
        encoding: daph.encoding,
        reader: r,
        generic: () => readDataPage(page, daph, decoder).dataPage,
      };
      row += rows;
    } else if (header.type === 'DATA_PAGE_V2' && header.data_page_header_v2) {
      const d2 = header.data_page_header_v2;
      const levels = d2.repetition_levels_byte_length + d2.definition_levels_byte_length;
      const rows = d2.num_rows;
      let present: Uint8Array | undefined;
      // A v2 page says how many nulls it holds: with none, its definition levels need no decoding.
      if (optional && d2.num_nulls > 0) {
        present = new Uint8Array(rows);
        readRleBitPackedHybrid(
          { view: new DataView(compressed.buffer, compressed.byteOffset, compressed.byteLength), offset: 0 },
          1,
          present,
          d2.definition_levels_byte_length,
        );
      }
      const body = compressed.subarray(levels);
      const size = header.uncompressed_page_size - levels;
      const page = d2.is_compressed !== false && size > 0 ? decompress(body, size, meta.codec) : body;
      yield {
        rowStart: row,
        rows,
        present,
        values: rows - d2.num_nulls,
        encoding: d2.encoding,
        reader: { view: new DataView(page.buffer, page.byteOffset, page.byteLength), offset: 0 },
        generic: () => readDataPageV2(compressed, header, decoder).dataPage,
      };
      row += rows;
    }
    // Index pages carry nothing the audit reads.
  }
}

function leafTree(element: SchemaElement): SchemaTree {
  return { element, children: [], count: 1, path: [element.name] };
}

function countOnes(a: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) n += a[i];
  return n;
}

const isDictionary = (encoding: string): boolean => encoding === 'RLE_DICTIONARY' || encoding === 'PLAIN_DICTIONARY';

/** Dictionary indices of a page (bit width byte, then the RLE/bit-packed hybrid). */
function dictionaryIndices(page: Page): Int32Array {
  const out = new Int32Array(page.values);
  const r = page.reader;
  const width = r.view.getUint8(r.offset++);
  if (width > 0) readRleBitPackedHybrid(r, width, out, r.view.byteLength - r.offset);
  return out;
}

/** PLAIN byte arrays: start offset and length of each value in the page. */
function plainByteArrays(page: Page): { starts: Int32Array; lengths: Int32Array } {
  const starts = new Int32Array(page.values);
  const lengths = new Int32Array(page.values);
  const { view } = page.reader;
  let at = page.reader.offset;
  for (let v = 0; v < page.values; v++) {
    const len = view.getUint32(at, true);
    starts[v] = at + 4;
    lengths[v] = len;
    at += 4 + len;
  }
  return { starts, lengths };
}

const pageBytes = (r: DataReader): Uint8Array => new Uint8Array(r.view.buffer, r.view.byteOffset, r.view.byteLength);

/**
 * Which of a page's rows fall in the chunk's window: rows first … end-1 of the page, the page's row i landing at
 * output index at+i. Rows before `first` are still walked (their values advance the value index).
 */
function windowOf(page: Page, chunk: ColumnChunk): { first: number; end: number; at: number } {
  const at = page.rowStart - chunk.skip;
  return { first: Math.max(0, -at), end: Math.min(page.rows, chunk.rows - at), at };
}

/**
 * Calls `visit(row, data, start, length)` for every row whose string column has a value; rows with a null are
 * skipped. `data` is only valid during the call.
 */
export function forEachBytes(
  chunk: ColumnChunk,
  visit: (row: number, data: Uint8Array, start: number, length: number) => void,
): void {
  let dict: { data: Uint8Array; starts: Int32Array; lengths: Int32Array } | undefined;
  for (const page of pages(chunk)) {
    if ('dictionary' in page) {
      const fake = { values: page.count, reader: page.dictionary } as Page;
      dict = { data: pageBytes(page.dictionary), ...plainByteArrays(fake) };
      continue;
    }
    const { present } = page;
    const { first, end, at } = windowOf(page, chunk);
    if (page.encoding === 'PLAIN') {
      const data = pageBytes(page.reader);
      const { starts, lengths } = plainByteArrays(page);
      for (let i = 0, v = 0; i < end; i++)
        if (!present || present[i]) {
          if (i >= first) visit(at + i, data, starts[v], lengths[v]);
          v++;
        }
    } else if (isDictionary(page.encoding) && dict) {
      const d = dict;
      const idx = dictionaryIndices(page);
      for (let i = 0, v = 0; i < end; i++)
        if (!present || present[i]) {
          const k = idx[v++];
          if (i >= first) visit(at + i, d.data, d.starts[k], d.lengths[k]);
        }
    } else {
      const values = page.generic() as ArrayLike<Uint8Array>;
      for (let i = 0, v = 0; i < end; i++)
        if (!present || present[i]) {
          const value = values[v++];
          if (i >= first) visit(at + i, value, 0, value.length);
        }
    }
  }
}

/**
 * A low-cardinality string column (status, storage class) as small integer codes: `codeOf` names the code of a
 * value (null for a null cell); a dictionary page costs one call per dictionary entry, not per row.
 */
export function decodeCodes(chunk: ColumnChunk, out: Int32Array, codeOf: (value: string | null) => number): void {
  const nullCode = codeOf(null);
  let dictCodes: Int32Array | undefined;
  const memo = new Map<string, number>();
  const cached = (s: string): number => {
    let c = memo.get(s);
    if (c === undefined) memo.set(s, (c = codeOf(s)));
    return c;
  };
  for (const page of pages(chunk)) {
    if ('dictionary' in page) {
      const fake = { values: page.count, reader: page.dictionary } as Page;
      const data = pageBytes(page.dictionary);
      const { starts, lengths } = plainByteArrays(fake);
      dictCodes = new Int32Array(page.count);
      for (let k = 0; k < page.count; k++) dictCodes[k] = cached(decodeUtf8(data, starts[k], lengths[k]));
      continue;
    }
    const { present } = page;
    const { first, end, at } = windowOf(page, chunk);
    if (isDictionary(page.encoding) && dictCodes) {
      const codes = dictCodes;
      const idx = dictionaryIndices(page);
      for (let i = 0, v = 0; i < end; i++) {
        const code = !present || present[i] ? codes[idx[v++]] : nullCode;
        if (i >= first) out[at + i] = code;
      }
    } else if (page.encoding === 'PLAIN') {
      const data = pageBytes(page.reader);
      const { starts, lengths } = plainByteArrays(page);
      for (let i = 0, v = 0; i < end; i++) {
        if (present && !present[i]) {
          if (i >= first) out[at + i] = nullCode;
        } else {
          if (i >= first) out[at + i] = cached(decodeUtf8(data, starts[v], lengths[v]));
          v++;
        }
      }
    } else {
      const values = page.generic() as ArrayLike<Uint8Array>;
      for (let i = 0, v = 0; i < end; i++) {
        if (present && !present[i]) {
          if (i >= first) out[at + i] = nullCode;
        } else {
          const value = values[v++];
          if (i >= first) out[at + i] = cached(decodeUtf8(value, 0, value.length));
        }
      }
    }
  }
}

/** A boolean column as 1 (true) or 0 (false or null). */
export function decodeBooleans(chunk: ColumnChunk, out: Uint8Array): void {
  for (const page of pages(chunk)) {
    if ('dictionary' in page) continue;
    const { present } = page;
    const { first, end, at } = windowOf(page, chunk);
    let values: ArrayLike<number | boolean>;
    if (page.encoding === 'PLAIN') {
      const bits = new Uint8Array(page.values);
      const { view, offset } = page.reader;
      for (let v = 0; v < page.values; v++) bits[v] = (view.getUint8(offset + (v >> 3)) >> (v & 7)) & 1;
      values = bits;
    } else if (page.encoding === 'RLE') {
      const bits = new Uint8Array(page.values);
      readRleBitPackedHybrid(page.reader, 1, bits);
      values = bits;
    } else values = page.generic() as ArrayLike<boolean>;
    for (let i = 0, v = 0; i < end; i++) {
      const bit = !present || present[i] ? (values[v++] ? 1 : 0) : 0;
      if (i >= first) out[at + i] = bit;
    }
  }
}

/** An INT64 column as numbers (exact up to 2^53: sizes in bytes), 0 for a null. */
export function decodeInt64(chunk: ColumnChunk, out: Float64Array): void {
  const int64At = (view: DataView, at: number): number =>
    view.getUint32(at, true) + view.getInt32(at + 4, true) * 4294967296;
  let dict: Float64Array | undefined;
  for (const page of pages(chunk)) {
    if ('dictionary' in page) {
      const { view, offset } = page.dictionary;
      dict = new Float64Array(page.count);
      for (let k = 0; k < page.count; k++) dict[k] = int64At(view, offset + 8 * k);
      continue;
    }
    const { present } = page;
    const { first, end, at } = windowOf(page, chunk);
    if (page.encoding === 'PLAIN') {
      const { view } = page.reader;
      let value = page.reader.offset;
      for (let i = 0; i < end; i++) {
        if (present && !present[i]) {
          if (i >= first) out[at + i] = 0;
        } else {
          if (i >= first) out[at + i] = int64At(view, value);
          value += 8;
        }
      }
    } else if (isDictionary(page.encoding) && dict) {
      const d = dict;
      const idx = dictionaryIndices(page);
      for (let i = 0, v = 0; i < end; i++) {
        const n = !present || present[i] ? d[idx[v++]] : 0;
        if (i >= first) out[at + i] = n;
      }
    } else {
      const values = page.generic() as ArrayLike<bigint | number>;
      for (let i = 0, v = 0; i < end; i++) {
        const n = !present || present[i] ? Number(values[v++]) : 0;
        if (i >= first) out[at + i] = n;
      }
    }
  }
}
