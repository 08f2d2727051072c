// Decrypts into a temporary file next to the destination and renames it into place only after the tag
// verifies, so a reader never sees unauthenticated or partial plaintext. The temp file is removed on failure.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FILE_STREAM_CHUNK_BYTES } from './constants';
import { createDecryptor, type DecryptOptions } from './decryptor';

export interface DecryptToFileOptions extends DecryptOptions {
  /** Ciphertext body (e.g. GetObject Body or fs.createReadStream). */
  source: Readable | AsyncIterable<Uint8Array>;
  destination: string;
  /** Called with the number of ciphertext bytes consumed so far. */
  onProgress?: (ciphertextBytes: number) => void;
  signal?: AbortSignal;
}

export async function decryptToFile(options: DecryptToFileOptions): Promise<{ plaintextBytes: number }> {
  let decryptor;
  try {
    decryptor = await createDecryptor(options);
  } catch (err) {
    // Nothing will read the body now; release it (e.g. the GetObject socket) before reporting.
    if (options.source instanceof Readable) options.source.destroy();
    throw err;
  }
  const temp = join(dirname(options.destination), `.${basename(options.destination)}.${randomBytes(6).toString('hex')}.s3enc-partial`);
  let consumed = 0;
  // Only pay for a progress stage when someone listens.
  const onProgress = options.onProgress;
  const meter = onProgress
    ? [
        new Transform({
          transform(chunk: Buffer, _e, done: TransformCallback) {
            consumed += chunk.length;
            onProgress(consumed);
            done(null, chunk);
          },
        }),
      ]
    : [];
  const sink = createWriteStream(temp, { flags: 'wx', mode: 0o600, highWaterMark: FILE_STREAM_CHUNK_BYTES });
  try {
    const source = options.source instanceof Readable ? options.source : Readable.from(options.source);
    await pipeline([source, ...meter, decryptor.stream, sink], { signal: options.signal });
    await rename(temp, options.destination);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  return { plaintextBytes: sink.bytesWritten };
}
