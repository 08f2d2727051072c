// Audits one inventory report: every data file is verified against its MD5 and counted, several at a time.
// A file's rows go into its own tally, merged only once its checksum matched, so a tampered or truncated
// file never contributes; any failure stops the whole audit (a partial count would mislead).
import { createHash } from 'node:crypto';
import { InventoryError, throwIfCancelled } from './errors';
import { AuditProgressMeter, type AuditProgressListener } from './audit-progress';
import { readCsvInventory } from './csv-inventory';
import { checksumMismatch, downloadVerified, hashingStream, md5OfDataFile, type DataFileAccess } from './data-files';
import { columnPositions, type ColumnPositions, type InventoryRow } from './inventory-row';
import { schemaColumns, type InventoryDataFile, type InventoryManifest } from './manifest';
import { readParquetInventory } from './parquet-inventory';
import { AuditTally, type TallyOptions } from './tally';

export interface InventoryAuditOptions extends TallyOptions {
  /** Data files read at the same time. */
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: AuditProgressListener;
}

export const DEFAULT_FILE_CONCURRENCY = 4;
/** What the tally reads; ETag and LastModifiedDate are skipped (Parquet reads only these columns). */
const AUDIT_FIELDS: (keyof ColumnPositions)[] = [
  'key',
  'versionId',
  'isLatest',
  'isDeleteMarker',
  'size',
  'storageClass',
  'encryptionStatus',
  'bucketKeyStatus',
];

/** An ORC report is refused: the pure-JS reader used here reads Parquet, and no well-kept pure-JS ORC reader exists. */
export function orcRefusal(configId?: string): InventoryError {
  return new InventoryError(
    'InventoryFormatUnsupported',
    `This inventory report is in ORC format, which the audit does not read. Switch the inventory configuration${configId ? ` "${configId}"` : ''} ` +
      'to Parquet (PutBucketInventoryConfiguration, shown as a diff first): the next report will be Parquet.',
    'inventoryToParquet',
  );
}

export interface VerifiedReadOptions {
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: AuditProgressListener;
  /** Row fields the sink reads (Parquet reads only their columns). */
  fields: (keyof ColumnPositions)[];
}

/**
 * Reads every data file of a report, several at a time. Each file's rows go to a fresh sink, committed only
 * once the file's MD5 matched; the first failure stops the other files and is thrown.
 */
export async function readVerifiedInventory<S>(
  manifest: InventoryManifest,
  access: DataFileAccess,
  opts: VerifiedReadOptions,
  newSink: () => { sink: S; onRow: (row: InventoryRow) => void },
  commit: (sink: S) => void,
): Promise<void> {
  if (manifest.fileFormat === 'ORC') throw orcRefusal();
  const meter = new AuditProgressMeter(
    manifest.files.length,
    manifest.files.reduce((n, f) => n + f.size, 0),
    opts.onProgress,
  );
  // Internal abort: the first failing file stops the others.
  const stop = new AbortController();
  const onOuterAbort = (): void => stop.abort();
  opts.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const signal = stop.signal;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < manifest.files.length) {
      throwIfCancelled(signal);
      const file = manifest.files[next++];
      const { sink, onRow } = newSink();
      await readOneFile(manifest, file, access, onRow, opts.fields, meter, signal);
      commit(sink);
      meter.filesDone++;
      meter.tick(true);
    }
  };
  try {
    const count = Math.max(1, Math.min(opts.concurrency ?? DEFAULT_FILE_CONCURRENCY, manifest.files.length));
    const results = await Promise.allSettled(
      Array.from({ length: count }, () =>
        worker().catch((err: unknown) => {
          stop.abort();
          throw err;
        }),
      ),
    );
    throwIfCancelled(opts.signal);
    // Report the first real failure, not the cancellations it caused in the other workers.
    const failures = results
      .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
      .map((r) => r.reason as unknown);
    const first = failures.find((e) => !(e instanceof InventoryError && e.code === 'AuditCancelled')) ?? failures[0];
    if (failures.length > 0) throw first;
  } finally {
    opts.signal?.removeEventListener('abort', onOuterAbort);
  }
}

export async function auditInventoryFiles(
  manifest: InventoryManifest,
  access: DataFileAccess,
  opts: InventoryAuditOptions,
): Promise<AuditTally> {
  const total = new AuditTally(opts);
  await readVerifiedInventory(
    manifest,
    access,
    { ...opts, fields: AUDIT_FIELDS },
    () => {
      const tally = new AuditTally(opts);
      return { sink: tally, onRow: (row) => tally.add(row) };
    },
    (tally) => total.merge(tally),
  );
  return total;
}

async function readOneFile(
  manifest: InventoryManifest,
  file: InventoryDataFile,
  access: DataFileAccess,
  sinkRow: (row: InventoryRow) => void,
  fields: (keyof ColumnPositions)[],
  meter: AuditProgressMeter,
  signal: AbortSignal,
): Promise<void> {
  const origin = access.describe(file);
  const onRow = (row: InventoryRow): void => {
    sinkRow(row);
    meter.rows++;
    if ((meter.rows & 0x3fff) === 0) meter.tick();
  };
  if (manifest.fileFormat === 'CSV') {
    const columns = schemaColumns(manifest);
    const cols = columnPositions(columns, 'manifest.json fileSchema');
    const hash = createHash('md5');
    try {
      const raw = await access.open(file, signal);
      await readCsvInventory(
        raw.pipe(hashingStream(hash, (n) => (meter.bytesDone += n))),
        columns.length,
        cols,
        onRow,
        signal,
      );
    } catch (err) {
      if (err instanceof InventoryError && err.code === 'InventoryDataInvalid') {
        // A damaged file is most often a changed one: say so when its MD5 disagrees too.
        const actual = await md5OfDataFile(access, file, () => undefined, signal);
        if (actual !== file.MD5checksum) throw checksumMismatch(origin, actual, file.MD5checksum);
        throw new InventoryError(err.code, `${origin}: ${err.message}`);
      }
      throw err;
    }
    const actual = hash.digest('hex');
    if (actual !== file.MD5checksum) throw checksumMismatch(origin, actual, file.MD5checksum);
    return;
  }
  // Parquet is read by random access: verify the whole file first, then read it.
  const local = access.localPath(file);
  let path = local;
  let cleanup = (): void => undefined;
  let credited = 0;
  const credit = (n: number): void => {
    credited += n;
    meter.bytesDone += n;
  };
  if (local) {
    const actual = await md5OfDataFile(access, file, (n) => credit(n / 2), signal);
    if (actual !== file.MD5checksum) throw checksumMismatch(origin, actual, file.MD5checksum);
  } else {
    const downloaded = await downloadVerified(access, file, (n) => credit(n / 2), signal);
    path = downloaded.path;
    cleanup = downloaded.cleanup;
  }
  try {
    const half = credited;
    await readParquetInventory(path as string, onRow, {
      signal,
      fields,
      origin,
      onRowGroup: (done, all) => credit(half * (done / Math.max(1, all)) - (credited - half)),
    });
  } finally {
    cleanup();
  }
}
