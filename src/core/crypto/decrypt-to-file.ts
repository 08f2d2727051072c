// Decrypts a ciphertext stream into a file without unauthenticated plaintext ever reaching the disk: the
// ciphertext is spooled next to the destination and authenticated as it arrives, then decrypted in place
// and renamed only after the tag verified (ciphertext-spool.ts). The temp file is removed on failure.
import { Readable } from 'node:stream';
import { CiphertextSpool } from './ciphertext-spool';
import { createContentDecryptor, type DecryptOptions } from './decryptor';

export interface DecryptToFileOptions extends DecryptOptions {
  /** Ciphertext body (e.g. GetObject Body or fs.createReadStream). */
  source: Readable | AsyncIterable<Uint8Array>;
  destination: string;
  /** Called with the number of ciphertext bytes consumed so far. */
  onProgress?: (ciphertextBytes: number) => void;
  signal?: AbortSignal;
  /** Told what a failed or cancelled run cleaned up (its temp file). */
  onCleanup?: (what: string) => void;
}

export async function decryptToFile(options: DecryptToFileOptions): Promise<{ plaintextBytes: number }> {
  let spool: CiphertextSpool | undefined;
  try {
    const { content } = await createContentDecryptor(options);
    spool = await CiphertextSpool.create(options.destination, content).catch((err: unknown) => {
      content.dispose();
      throw err;
    });
    let offset = 0;
    for await (const chunk of options.source as AsyncIterable<Uint8Array>) {
      options.signal?.throwIfAborted();
      await spool.write(offset, chunk);
      offset += chunk.length;
      options.onProgress?.(offset);
    }
    options.signal?.throwIfAborted();
    return await spool.commit(options.signal);
  } catch (err) {
    // Nothing will read the body now; release it (e.g. the GetObject socket) before reporting.
    if (options.source instanceof Readable) options.source.destroy();
    if (await spool?.discard()) options.onCleanup?.(`removed temp file ${spool!.tempPath}`);
    throw err;
  }
}
