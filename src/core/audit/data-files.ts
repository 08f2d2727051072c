// Where an inventory's data files are read from: the destination bucket (GetObject), or a local folder when
// the manifest is a local file and the data files were downloaded beside it (same layout as in the bucket).
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, basename } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { withFault } from '../s3/faults';
import { checksumMismatch, hashingStream } from './checksums';
import { InventoryError } from './errors';
import type { InventoryDataFile } from './manifest';

export interface DataFileAccess {
  /** The raw (still compressed) bytes of a data file. */
  open(file: InventoryDataFile, signal?: AbortSignal): Promise<Readable>;
  /** A local path to the file, when it is already on disk. */
  localPath(file: InventoryDataFile): string | undefined;
  /** s3://… or the local path, for messages. */
  describe(file: InventoryDataFile): string;
}

export function s3DataFiles(
  client: S3Client,
  bucket: string,
  hints: { profile?: string; endpoint?: string } = {},
): DataFileAccess {
  return {
    async open(file, signal) {
      const out = await withFault(
        { operation: 'GetObject (inventory data file)', bucket, key: file.key, ...hints },
        () => client.send(new GetObjectCommand({ Bucket: bucket, Key: file.key }), { abortSignal: signal }),
      );
      if (!(out.Body instanceof Readable))
        throw new InventoryError('InventoryDataInvalid', `s3://${bucket}/${file.key} returned no body`);
      return out.Body;
    },
    localPath: () => undefined,
    describe: (file) => `s3://${bucket}/${file.key}`,
  };
}

/**
 * Data files of a local manifest: `<ancestor>/<key>` for the nearest ancestor folder of the manifest that has
 * it (a downloaded copy of the destination), or the file's name beside the manifest; else `fallback` (S3).
 */
export function localDataFiles(manifestPath: string, fallback?: DataFileAccess): DataFileAccess {
  const resolve = (file: InventoryDataFile): string | undefined => {
    let dir = dirname(manifestPath);
    for (;;) {
      const candidate = join(dir, file.key);
      if (existsSync(candidate)) return candidate;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    const beside = join(dirname(manifestPath), basename(file.key));
    return existsSync(beside) ? beside : undefined;
  };
  const missing = (file: InventoryDataFile): never => {
    throw new InventoryError(
      'InventoryNotFound',
      `The data file ${file.key} named by ${manifestPath} is neither on disk (beside the manifest or under one of its parent folders) nor reachable in S3. ` +
        "Download the whole report folder, or use the manifest's s3:// URL.",
    );
  };
  return {
    async open(file, signal) {
      const path = resolve(file);
      if (path) return createReadStream(path, { signal });
      if (fallback) return fallback.open(file, signal);
      return missing(file);
    },
    localPath: resolve,
    describe: (file) => resolve(file) ?? fallback?.describe(file) ?? file.key,
  };
}

/** MD5 (hex) of a whole data file, reading it once. */
export async function md5OfDataFile(
  access: DataFileAccess,
  file: InventoryDataFile,
  onBytes: (n: number) => void,
  signal?: AbortSignal,
): Promise<string> {
  const hash = createHash('md5');
  const body = await access.open(file, signal);
  await pipeline(body, hashingStream(hash, onBytes), async function (chunks) {
    for await (const _chunk of chunks) {
      // the bytes are consumed by the hash
    }
  });
  return hash.digest('hex');
}

/** Copies a data file to a private temporary folder, verifying its MD5 on the way. */
export async function downloadVerified(
  access: DataFileAccess,
  file: InventoryDataFile,
  onBytes: (n: number) => void,
  signal?: AbortSignal,
): Promise<{ path: string; cleanup: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 's3enc-inventory-'));
  const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
  try {
    const path = join(dir, 'data.parquet');
    const hash = createHash('md5');
    await pipeline(
      await access.open(file, signal),
      hashingStream(hash, onBytes),
      createWriteStream(path, { mode: 0o600 }),
      { signal },
    );
    const actual = hash.digest('hex');
    if (actual !== file.MD5checksum) throw checksumMismatch(access.describe(file), actual, file.MD5checksum);
    return { path, cleanup };
  } catch (err) {
    cleanup();
    throw err;
  }
}
