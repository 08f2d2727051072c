// Audits one inventory report: every data file is verified against its MD5 and counted, several at a time.
// A file's rows go into its own tally, merged only once its checksum matched, so a tampered or truncated
// file never contributes; any failure stops the whole audit (a partial count would mislead).
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { availableParallelism } from 'node:os';
import { auditLocalDataFile, type DataFileJob } from './audit-data-file';
import { AuditWorkerPool, auditWorkerScript } from './audit-worker-pool';
import { InventoryError, throwIfCancelled } from './errors';
import { AuditProgressMeter, type AuditProgressListener } from './audit-progress';
import { countCsvInventory } from './csv-audit';
import { readCsvInventory } from './csv-inventory';
import { checksumMismatch, hashingStream } from './checksums';
import { downloadVerified, md5OfDataFile, type DataFileAccess } from './data-files';
import { columnPositions, type ColumnPositions, type InventoryRow } from './inventory-row';
import { schemaColumns, type InventoryDataFile, type InventoryManifest } from './manifest';
import { readParquetInventory } from './parquet-inventory';
import { AuditTally, type TallyOptions } from './tally';

export interface InventoryAuditOptions extends TallyOptions {
  /** Data files read at the same time. */
  concurrency?: number;
  /** Worker threads counting files beside this thread (default: one per other core; 0 = this thread only). */
  workers?: number;
  signal?: AbortSignal;
  onProgress?: AuditProgressListener;
}

export const DEFAULT_FILE_CONCURRENCY = 4;

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
  await eachFile(
    manifest.files,
    Math.max(1, Math.min(opts.concurrency ?? DEFAULT_FILE_CONCURRENCY, manifest.files.length)),
    opts.signal,
    async (file, signal) => {
      const { sink, onRow } = newSink();
      await readOneFile(manifest, file, access, onRow, opts.fields, meter, signal);
      commit(sink);
      meter.filesDone++;
      meter.tick(true);
    },
  );
}

/**
 * Counts every data file of a report into one tally. Local files (and Parquet files, downloaded and verified
 * first) are counted on worker threads sized to the cores when there are several files; a CSV file in S3
 * streams through this thread. Memory: per file being decoded, one row group (Parquet) or one chunk (CSV).
 */
export async function auditInventoryFiles(
  manifest: InventoryManifest,
  access: DataFileAccess,
  opts: InventoryAuditOptions,
): Promise<AuditTally> {
  if (manifest.fileFormat === 'ORC') throw orcRefusal();
  const tallyOptions: TallyOptions = {
    prefixDepth: opts.prefixDepth,
    currentOnly: opts.currentOnly,
    kmsSampleSize: opts.kmsSampleSize,
  };
  const total = new AuditTally(tallyOptions);
  const files = manifest.files;
  const meter = new AuditProgressMeter(
    files.length,
    files.reduce((n, f) => n + f.size, 0),
    opts.onProgress,
  );
  // One file counts in this thread and the others on workers, one per remaining core: a worker per core would
  // cost a whole extra isolate's memory while this thread only waits.
  const script = files.length > 1 && opts.workers !== 0 ? auditWorkerScript() : undefined;
  const parallel = Math.min(opts.concurrency ?? DEFAULT_FILE_CONCURRENCY, files.length);
  const workers = script ? Math.min(opts.workers ?? availableParallelism() - 1, parallel - 1) : 0;
  const pool = script && workers > 0 ? new AuditWorkerPool(script, workers) : undefined;
  const slots = Math.max(1, pool ? workers + 1 : parallel);
  const columns = manifest.fileFormat === 'CSV' ? schemaColumns(manifest) : [];
  const progress = (rows: number, bytes: number): void => {
    meter.rows += rows;
    meter.bytesDone += bytes;
    meter.tick();
  };
  const countFile = async (file: InventoryDataFile, slot: number, signal: AbortSignal): Promise<AuditTally> => {
    const origin = access.describe(file);
    const local = access.localPath(file);
    if (!local && manifest.fileFormat === 'CSV') {
      // A CSV file in S3 streams through this thread, verified as it is read.
      const tally = new AuditTally(tallyOptions);
      await readVerifiedCsv(file, access, meter, signal, (gzipped) =>
        countCsvInventory(gzipped, columns, tally, { signal, onRows: (rows) => progress(rows, 0) }),
      );
      return tally;
    }
    let job: DataFileJob = {
      format: manifest.fileFormat as 'CSV' | 'Parquet',
      path: local ?? '',
      origin,
      size: file.size,
      md5: file.MD5checksum,
      columns,
    };
    let cleanup = (): void => undefined;
    if (!local) {
      const downloaded = await downloadVerified(access, file, (n) => progress(0, n / 2), signal);
      job = { ...job, path: downloaded.path, md5: undefined, size: file.size / 2 };
      cleanup = downloaded.cleanup;
    }
    try {
      return pool && slot > 0
        ? await pool.run({ job, options: tallyOptions }, progress, signal)
        : await auditLocalDataFile(job, tallyOptions, progress, signal);
    } finally {
      cleanup();
    }
  };
  try {
    await eachFile(files, slots, opts.signal, async (file, signal, slot) => {
      total.merge(await countFile(file, slot, signal));
      meter.filesDone++;
      meter.tick(true);
    });
  } finally {
    await pool?.close();
  }
  return total;
}

/**
 * Runs `work` on every file, `slots` at a time; the first failure stops the others (they see an aborted
 * signal) and is thrown, rather than the cancellations it caused.
 */
async function eachFile(
  files: InventoryDataFile[],
  slots: number,
  outer: AbortSignal | undefined,
  work: (file: InventoryDataFile, signal: AbortSignal, slot: number) => Promise<void>,
): Promise<void> {
  const stop = new AbortController();
  const onOuterAbort = (): void => stop.abort();
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  let next = 0;
  const slot = async (index: number): Promise<void> => {
    while (next < files.length) {
      throwIfCancelled(stop.signal);
      await work(files[next++], stop.signal, index);
    }
  };
  try {
    const results = await Promise.allSettled(
      Array.from({ length: slots }, (_, index) =>
        slot(index).catch((err: unknown) => {
          stop.abort();
          throw err;
        }),
      ),
    );
    throwIfCancelled(outer);
    const failures = results
      .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
      .map((r) => r.reason as unknown);
    const first = failures.find((e) => !(e instanceof InventoryError && e.code === 'AuditCancelled')) ?? failures[0];
    if (failures.length > 0) throw first;
  } finally {
    outer?.removeEventListener('abort', onOuterAbort);
  }
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
    return readVerifiedCsv(file, access, meter, signal, (gzipped) =>
      readCsvInventory(gzipped, columns.length, cols, onRow, signal),
    );
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

/**
 * Streams a CSV data file through `consume`, hashing it on the way, and refuses it when its MD5 differs from the
 * manifest's; a file that does not parse is reported as changed when its MD5 disagrees too.
 */
async function readVerifiedCsv(
  file: InventoryDataFile,
  access: DataFileAccess,
  meter: AuditProgressMeter,
  signal: AbortSignal,
  consume: (gzipped: Readable) => Promise<unknown>,
): Promise<void> {
  const origin = access.describe(file);
  const hash = createHash('md5');
  try {
    const raw = await access.open(file, signal);
    await consume(raw.pipe(hashingStream(hash, (n) => (meter.bytesDone += n))));
  } catch (err) {
    if (err instanceof InventoryError && err.code === 'InventoryDataInvalid') {
      const actual = await md5OfDataFile(access, file, () => undefined, signal);
      if (actual !== file.MD5checksum) throw checksumMismatch(origin, actual, file.MD5checksum);
      throw new InventoryError(err.code, `${origin}: ${err.message}`);
    }
    throw err;
  }
  const actual = hash.digest('hex');
  if (actual !== file.MD5checksum) throw checksumMismatch(origin, actual, file.MD5checksum);
}
