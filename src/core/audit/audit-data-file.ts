// Counts one local inventory data file (CSV.gz or Parquet) into a fresh tally, verifying its MD5 on the way.
// The same function runs in the audit's worker threads and, with a single file, in the calling thread.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { countCsvInventory } from './csv-audit';
import { checksumMismatch, hashingStream } from './checksums';
import { InventoryError, throwIfCancelled } from './errors';
import { auditParquetFile } from './parquet-audit';
import { AuditTally, type TallyOptions } from './tally';

export interface DataFileJob {
  format: 'CSV' | 'Parquet';
  path: string;
  /** Named in errors (the s3:// URL or the local path). */
  origin: string;
  size: number;
  /** Verified when given (a downloaded copy was verified as it arrived). */
  md5?: string;
  /** CSV: the manifest's fileSchema columns. */
  columns: string[];
}

/** Rows and bytes done since the last call. */
export type DataFileProgress = (rows: number, bytes: number) => void;

export async function auditLocalDataFile(
  job: DataFileJob,
  options: TallyOptions,
  progress: DataFileProgress,
  signal?: AbortSignal,
): Promise<AuditTally> {
  const tally = new AuditTally(options);
  if (job.format === 'CSV') await countCsv(job, tally, progress, signal);
  else {
    // Parquet is read by random access: verify the whole file first (half the progress), then count it.
    if (job.md5) {
      const actual = await md5OfFile(job.path, (n) => progress(0, n / 2), signal);
      if (actual !== job.md5) throw checksumMismatch(job.origin, actual, job.md5);
    }
    const share = job.md5 ? job.size / 2 : job.size;
    await auditParquetFile(job.path, tally, {
      signal,
      origin: job.origin,
      onRows: (rows, _done, total) => progress(rows, (share * rows) / Math.max(1, total)),
    });
  }
  return tally;
}

async function countCsv(job: DataFileJob, tally: AuditTally, progress: DataFileProgress, signal?: AbortSignal) {
  const hash = createHash('md5');
  try {
    await countCsvInventory(
      createReadStream(job.path, { signal }).pipe(hashingStream(hash, (n) => progress(0, n))),
      job.columns,
      tally,
      { signal, onRows: (rows) => progress(rows, 0) },
    );
  } catch (err) {
    if (err instanceof InventoryError && err.code === 'InventoryDataInvalid' && job.md5) {
      // A damaged file is most often a changed one: say so when its MD5 disagrees too.
      const actual = await md5OfFile(job.path, () => undefined, signal);
      if (actual !== job.md5) throw checksumMismatch(job.origin, actual, job.md5);
      throw new InventoryError(err.code, `${job.origin}: ${err.message}`);
    }
    throw err;
  }
  const actual = hash.digest('hex');
  if (job.md5 && actual !== job.md5) throw checksumMismatch(job.origin, actual, job.md5);
}

/** MD5 of a local file through one reused buffer (a stream's chunks would pile up until the next GC). */
async function md5OfFile(path: string, onBytes: (n: number) => void, signal?: AbortSignal): Promise<string> {
  const hash = createHash('md5');
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      throwIfCancelled(signal);
      const { bytesRead } = await handle.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
      onBytes(bytesRead);
    }
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}
