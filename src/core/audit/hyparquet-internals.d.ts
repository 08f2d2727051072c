// Typings for the page-level functions of hyparquet that the columnar inventory reader uses. hyparquet exports
// them as `hyparquet/src/*.js` (its package.json "exports"); their declarations live in its types/ folder, which
// this project's module resolution does not map, so they are re-declared here from those files.
declare module 'hyparquet/src/column.js' {
  import type { DataReader, PageHeader } from 'hyparquet';
  export function parquetHeader(reader: DataReader): PageHeader;
}

declare module 'hyparquet/src/datapage.js' {
  import type {
    CompressionCodec,
    DataPageHeader,
    DecodedArray,
    PageHeader,
    SchemaElement,
    SchemaTree,
  } from 'hyparquet';
  interface ColumnDecoder {
    pathInSchema: string[];
    type: SchemaElement['type'];
    element: SchemaElement;
    schemaPath: SchemaTree[];
    codec: CompressionCodec;
    parsers: Record<string, (value: never) => unknown>;
    compressors?: undefined;
    utf8?: boolean;
  }
  interface DataPage {
    definitionLevels: number[] | undefined;
    repetitionLevels: number[];
    dataPage: DecodedArray;
  }
  export function decompressPage(
    compressedBytes: Uint8Array,
    uncompressedPageSize: number,
    codec: CompressionCodec,
    compressors: undefined,
  ): Uint8Array;
  export function readDataPage(bytes: Uint8Array, daph: DataPageHeader, columnDecoder: ColumnDecoder): DataPage;
  export function readDataPageV2(compressedBytes: Uint8Array, ph: PageHeader, columnDecoder: ColumnDecoder): DataPage;
}

declare module 'hyparquet/src/encoding.js' {
  import type { DataReader, DecodedArray } from 'hyparquet';
  export function readRleBitPackedHybrid(
    reader: DataReader,
    width: number,
    output: DecodedArray,
    length?: number,
  ): void;
}

declare module 'hyparquet/src/metadata.js' {
  export { parquetMetadataAsync, parquetSchema } from 'hyparquet';
}
