// A local Parquet file opened for hyparquet: positional reads on one handle, and its footer metadata, with
// a typed error for a file that is not Parquet. Both Parquet readers of the audit start here.
import { open, type FileHandle } from 'node:fs/promises';
import type { AsyncBuffer, FileMetaData } from 'hyparquet';
import { parquetMetadataAsync } from 'hyparquet/src/metadata.js';
import { InventoryError } from './errors';

/** A local file as hyparquet's AsyncBuffer: positional reads on one open handle. */
async function fileAsyncBuffer(handle: FileHandle): Promise<AsyncBuffer> {
  const { size } = await handle.stat();
  return {
    byteLength: size,
    async slice(start: number, end?: number): Promise<ArrayBuffer> {
      const stop = Math.min(end ?? size, size);
      const buf = Buffer.allocUnsafeSlow(Math.max(0, stop - start));
      let done = 0;
      while (done < buf.length) {
        const { bytesRead } = await handle.read(buf, done, buf.length - done, start + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return buf.buffer.slice(buf.byteOffset, buf.byteOffset + done);
    },
  };
}

/** Opens `path`, reads its metadata and runs `use`; the handle is closed whatever happens. */
export async function withParquetFile<T>(
  path: string,
  origin: string,
  use: (file: AsyncBuffer, metadata: FileMetaData) => Promise<T>,
): Promise<T> {
  const handle = await open(path, 'r');
  try {
    const file = await fileAsyncBuffer(handle);
    let metadata;
    try {
      metadata = await parquetMetadataAsync(file);
    } catch (err) {
      throw new InventoryError('InventoryDataInvalid', `${origin} is not a Parquet file (${(err as Error).message}).`);
    }
    return await use(file, metadata);
  } finally {
    await handle.close();
  }
}
