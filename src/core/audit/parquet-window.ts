// A row group read a window of rows at a time, so memory does not grow with the row group: each needed column
// chunk's page headers are read once (where each page lies, which rows it holds), then for each window only the
// dictionary page and the data pages that hold the window's rows are read from the file.
import type { AsyncBuffer, ColumnMetaData, PageHeader, SchemaElement } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
import { InventoryError } from './errors';
import type { ColumnChunk } from './parquet-columns';

/** One page of a column chunk: its header and body in the file, and the rows it holds (0 for a dictionary). */
interface PageSpan {
  offset: number;
  length: number;
  rowStart: number;
  rows: number;
  /** Decompressed size. */
  bytes: number;
  dictionary: boolean;
}

/** Rows counted at a time: their decoded arrays take about 22 bytes a row. */
export const WINDOW_ROWS = 1 << 18;
/** A page at least this large (decompressed) is decoded once: the window grows to cover it. */
export const LARGE_PAGE_BYTES = 4 * 1024 * 1024;

/** Page headers are small (parquet-mr writes no statistics in them for an inventory); read this much first. */
const HEADER_PROBE = 4096;

async function headerAt(
  file: AsyncBuffer,
  at: number,
  end: number,
  origin: string,
): Promise<PageHeader & { size: number }> {
  for (let probe = HEADER_PROBE; ; probe *= 16) {
    const stop = Math.min(end, at + probe);
    const bytes = await file.slice(at, stop);
    const reader = { view: new DataView(bytes), offset: 0 };
    try {
      const header: PageHeader = parquetHeader(reader);
      return { ...header, size: reader.offset };
    } catch (err) {
      // A header cut off by the probe reads past its end: read more, unless the chunk ends there.
      if (stop >= end)
        throw new InventoryError(
          'InventoryDataInvalid',
          `${origin}: a page header could not be read (${(err as Error).message}).`,
        );
    }
  }
}

export class ColumnPages {
  private constructor(
    private readonly file: AsyncBuffer,
    private readonly meta: ColumnMetaData,
    private readonly element: SchemaElement,
    private readonly spans: PageSpan[],
  ) {}

  /** Reads the page headers of a column chunk. */
  static async index(
    file: AsyncBuffer,
    meta: ColumnMetaData,
    element: SchemaElement,
    origin: string,
  ): Promise<ColumnPages> {
    // Some writers leave dictionary_page_offset 0 when there is none (hyparquet reads it the same way).
    let at = Number(meta.dictionary_page_offset || meta.data_page_offset);
    const end = at + Number(meta.total_compressed_size);
    const spans: PageSpan[] = [];
    let row = 0;
    while (at < end) {
      const header = await headerAt(file, at, end, origin);
      const length = header.size + header.compressed_page_size;
      const dictionary = header.type === 'DICTIONARY_PAGE';
      // A flat column's v1 page holds num_values rows (nulls included); a v2 page says its rows.
      const rows = header.data_page_header_v2?.num_rows ?? header.data_page_header?.num_values ?? 0;
      if (dictionary || rows > 0)
        spans.push({ offset: at, length, rowStart: row, rows, bytes: header.uncompressed_page_size, dictionary });
      row += dictionary ? 0 : rows;
      at += length;
    }
    return new ColumnPages(file, meta, element, spans);
  }

  /**
   * Rows of the largest data page of at least `bytes` decompressed: a window shorter than such a page would
   * decompress it again for each window it overlaps (small pages, like a boolean column's, cost nothing to redo).
   */
  largestPageRows(bytes: number): number {
    return this.spans.reduce((n, p) => (p.bytes >= bytes ? Math.max(n, p.rows) : n), 0);
  }

  /** The pages holding rows from … to-1 (and the dictionary page), as one chunk for the decoders. */
  async window(from: number, to: number): Promise<ColumnChunk> {
    const data = this.spans.filter((p) => !p.dictionary && p.rowStart < to && p.rowStart + p.rows > from);
    const dictionary = this.spans.find((p) => p.dictionary);
    const parts: ArrayBuffer[] = [];
    if (dictionary) parts.push(await this.file.slice(dictionary.offset, dictionary.offset + dictionary.length));
    if (data.length) {
      // The pages of a window are contiguous in the file: one read.
      const last = data[data.length - 1];
      parts.push(await this.file.slice(data[0].offset, last.offset + last.length));
    }
    const bytes = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
    let at = 0;
    for (const p of parts) {
      bytes.set(new Uint8Array(p), at);
      at += p.byteLength;
    }
    return {
      bytes,
      meta: this.meta,
      element: this.element,
      skip: data.length ? from - data[0].rowStart : 0,
      rows: to - from,
    };
  }
}
