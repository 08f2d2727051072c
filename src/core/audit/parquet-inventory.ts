// Reads the rows of a Parquet inventory file as S3 writes it (parquet-mr, Snappy) with hyparquet, a pure-JS
// reader, one row group at a time and only the columns the audit needs, so memory is bounded by a row group.
import { parquetRead, parquetSchema } from 'hyparquet';
import { withParquetFile } from './parquet-file';
import { InventoryError, throwIfCancelled } from './errors';
import { columnPositions, type ColumnPositions, type InventoryRow } from './inventory-row';

// Parquet cells are scalars or Dates here; String() is the rendering the reports expect.
// eslint-disable-next-line @typescript-eslint/no-base-to-string
const asString = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));

export interface ParquetReadOptions {
  signal?: AbortSignal;
  /** Shown in errors instead of the local path (e.g. the s3:// URL the file came from). */
  origin?: string;
  /** Called after each row group with the rows read so far and the file's total. */
  onRowGroup?: (rowsDone: number, rowsTotal: number) => void;
  /** Fields to read (the rest stay undefined); reading fewer columns is faster. Default: all the row has. */
  fields?: (keyof ColumnPositions)[];
}

export async function readParquetInventory(
  path: string,
  onRow: (row: InventoryRow) => void,
  opts: ParquetReadOptions = {},
): Promise<number> {
  const { signal, origin = path } = opts;
  return withParquetFile(path, origin, async (file, metadata) => {
    const names = parquetSchema(metadata).children.map((c) => c.element.name);
    const cols = columnPositions(names, origin);
    if (opts.fields)
      for (const f of Object.keys(cols) as (keyof ColumnPositions)[])
        if (f !== 'key' && !opts.fields.includes(f)) cols[f] = -1;
    const wanted = (Object.values(cols) as number[]).filter((i) => i >= 0).map((i) => names[i]);
    const at = (i: number): string | undefined => (i >= 0 ? names[i] : undefined);
    const row: InventoryRow = { key: '', isDeleteMarker: false, size: 0 };
    let groupStart = 0;
    let records = 0;
    for (const group of metadata.row_groups) {
      throwIfCancelled(signal);
      const groupRows = Number(group.num_rows);
      const data = new Map<string, unknown[]>();
      try {
        await parquetRead({
          file,
          metadata,
          columns: wanted,
          rowStart: groupStart,
          rowEnd: groupStart + groupRows,
          onChunk(chunk) {
            const values = chunk.columnData;
            // Usually one chunk holds the whole row group's column: keep it as it is, without a copy.
            if (chunk.rowStart === groupStart && values.length === groupRows && !data.has(chunk.columnName)) {
              data.set(chunk.columnName, values as unknown[]);
              return;
            }
            let column = data.get(chunk.columnName);
            if (!column || Object.isFrozen(column) || !Array.isArray(column)) {
              const copy = new Array<unknown>(groupRows);
              if (column) for (let i = 0; i < column.length; i++) copy[i] = column[i];
              data.set(chunk.columnName, (column = copy));
            }
            for (let i = 0; i < values.length; i++) column[chunk.rowStart - groupStart + i] = values[i];
          },
        });
      } catch (err) {
        throw new InventoryError(
          'InventoryDataInvalid',
          `${origin}: a row group could not be read (${(err as Error).message}).`,
        );
      }
      const column = (name: string | undefined): unknown[] | undefined =>
        name === undefined ? undefined : data.get(name);
      const keys = column(at(cols.key)) as unknown[];
      const versionIds = column(at(cols.versionId));
      const latest = column(at(cols.isLatest));
      const deleteMarkers = column(at(cols.isDeleteMarker));
      const sizes = column(at(cols.size));
      const classes = column(at(cols.storageClass));
      const statuses = column(at(cols.encryptionStatus));
      const bucketKeys = column(at(cols.bucketKeyStatus));
      const etags = column(at(cols.etag));
      for (let i = 0; i < groupRows; i++) {
        row.key = String(keys[i]);
        row.versionId = versionIds ? asString(versionIds[i]) : undefined;
        row.isLatest = latest ? latest[i] === true : undefined;
        row.isDeleteMarker = deleteMarkers ? deleteMarkers[i] === true : false;
        row.size = sizes && sizes[i] !== null && sizes[i] !== undefined ? Number(sizes[i]) : 0;
        row.storageClass = classes ? asString(classes[i]) : undefined;
        // A Parquet report without the column reads as "field missing"; a null value in a present column is ''.
        row.encryptionStatus = statuses ? (asString(statuses[i]) ?? '') : undefined;
        row.bucketKeyStatus = bucketKeys ? (asString(bucketKeys[i]) ?? '') : undefined;
        row.etag = etags ? asString(etags[i]) : undefined;
        records++;
        onRow(row);
      }
      groupStart += groupRows;
      opts.onRowGroup?.(groupStart, Number(metadata.num_rows));
    }
    return records;
  });
}

export type { ColumnPositions };
