// Decrypt-to-file without unauthenticated plaintext on disk. The body is spooled as CIPHERTEXT into a hidden
// temp file next to the destination (0600), while its bytes are authenticated in order as they arrive (pass 1
// of ContentDecryption). Only after the GCM tag verifies is the temp file decrypted in place (pass 2),
// truncated to the plaintext length and renamed over the destination. A crash or SIGKILL before the tag
// verifies leaves at most a ciphertext file, the same bytes S3 stores. Writes may arrive in any order
// (parallel ranged GETs): out-of-order chunks wait in memory until the bytes before them arrived.
import { randomBytes } from 'node:crypto';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { ContentDecryption } from './content/content-decryption';
import { AuthenticationFailed } from './errors';

/** Chunk of the in-place decrypt pass: big enough for few cipher calls, small enough to stay in cache. */
const DECRYPT_PASS_CHUNK_BYTES = 1 << 20;
const STAGING_BYTES = 1 << 20;

export class CiphertextSpool {
  private frontier = 0;
  private readonly pending = new Map<number, Uint8Array>();
  private readonly staging = Buffer.allocUnsafe(STAGING_BYTES);
  private staged = 0;
  private closed = false;

  private constructor(
    readonly tempPath: string,
    private readonly destination: string,
    private readonly handle: FileHandle,
    private readonly content: ContentDecryption,
  ) {}

  /** Creates the temp file (exclusive, 0600). Fails with the fs error when the folder is not writable. */
  static async create(destination: string, content: ContentDecryption): Promise<CiphertextSpool> {
    const tempPath = spoolPathFor(destination);
    const handle = await open(tempPath, 'wx+', 0o600);
    return new CiphertextSpool(tempPath, destination, handle, content);
  }

  /** Bytes of the body received in order from offset 0 (what has been authenticated so far, plus the tail). */
  get contiguousBytes(): number {
    return this.frontier;
  }

  /** Writes ciphertext at its offset in the stored body, and authenticates whatever is now contiguous. */
  async write(offset: number, chunk: Uint8Array): Promise<void> {
    const written = writeAll(this.handle, chunk, offset);
    // Authentication runs on this thread while the write runs on libuv's pool.
    if (offset === this.frontier) {
      this.consume(chunk);
      for (let next = this.pending.get(this.frontier); next; next = this.pending.get(this.frontier)) {
        this.pending.delete(this.frontier);
        this.consume(next);
      }
    } else {
      this.pending.set(offset, chunk);
    }
    await written;
  }

  /**
   * Verifies the tag, then decrypts the temp file in place and renames it over the destination. On failure
   * the destination is untouched; the caller then discards the spool.
   */
  async commit(): Promise<{ plaintextBytes: number }> {
    if (this.pending.size) throw new AuthenticationFailed('the body arrived with a gap; it cannot be authenticated');
    const tag = this.drainStaging();
    this.content.verify(tag);
    const plaintextBytes = await decryptInPlace(this.handle, this.frontier - tag.length, this.content);
    await this.close();
    await rename(this.tempPath, this.destination);
    return { plaintextBytes };
  }

  /** Removes the temp file (idempotent); true when there was one to remove. */
  async discard(): Promise<boolean> {
    this.pending.clear();
    await this.close().catch(() => undefined); // already failing; removing the file is what matters
    return unlink(this.tempPath).then(
      () => true,
      (err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return false;
        throw err;
      },
    );
  }

  private async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.handle.close();
  }

  /**
   * Feeds in-order bytes to pass 1 through a staging buffer: sockets deliver chunks of a few KiB, and one
   * cipher call per MiB costs far less than one per chunk. The last `tagBytes` seen stay staged: they may be
   * the tag.
   */
  private consume(chunk: Uint8Array): void {
    this.frontier += chunk.length;
    let at = 0;
    while (at < chunk.length) {
      const n = Math.min(chunk.length - at, this.staging.length - this.staged);
      this.staging.set(chunk.subarray(at, at + n), this.staged);
      this.staged += n;
      at += n;
      if (this.staged === this.staging.length) {
        const keep = this.content.tagBytes;
        this.content.authenticate(this.staging.subarray(0, this.staged - keep));
        this.staging.copyWithin(0, this.staged - keep, this.staged);
        this.staged = keep;
      }
    }
  }

  /** Ends pass 1: authenticates what is staged but the tag, and returns the tag. */
  private drainStaging(): Buffer {
    const keep = Math.min(this.content.tagBytes, this.staged);
    this.content.authenticate(this.staging.subarray(0, this.staged - keep));
    const tag = Buffer.from(this.staging.subarray(this.staged - keep, this.staged));
    this.staged = 0;
    return tag;
  }
}

/** `.name.s3enc-XXXXXXXX.part` in the destination's folder: same filesystem, so the rename is atomic. */
export function spoolPathFor(destination: string): string {
  return join(dirname(destination), `.${basename(destination)}.s3enc-${randomBytes(4).toString('hex')}.part`);
}

/**
 * Pass 2 over the first `length` bytes of the file, in place: plaintext is never longer than the ciphertext
 * before it, so each write lands on bytes already read. The next read overlaps the current write.
 */
async function decryptInPlace(handle: FileHandle, length: number, content: ContentDecryption): Promise<number> {
  const buffers = [Buffer.allocUnsafe(DECRYPT_PASS_CHUNK_BYTES), Buffer.allocUnsafe(DECRYPT_PASS_CHUNK_BYTES)];
  const readAt = (buf: Buffer, pos: number) => readFully(handle, buf, Math.min(buf.length, length - pos), pos);
  let readPos = 0;
  let writePos = 0;
  let turn = 0;
  let nextRead = length > 0 ? readAt(buffers[0], 0) : Promise.resolve(0);
  let lastWrite: Promise<void> = Promise.resolve();
  while (readPos < length) {
    const n = await nextRead;
    const chunk = buffers[turn & 1].subarray(0, n);
    readPos += n;
    turn++;
    nextRead = readPos < length ? readAt(buffers[turn & 1], readPos) : Promise.resolve(0);
    const plain = content.decrypt(chunk);
    await lastWrite;
    lastWrite = writeAll(handle, plain, writePos);
    writePos += plain.length;
  }
  await lastWrite;
  const last = content.finish();
  if (last.length) await writeAll(handle, last, writePos);
  writePos += last.length;
  await handle.truncate(writePos);
  return writePos;
}

async function readFully(handle: FileHandle, buf: Buffer, n: number, pos: number): Promise<number> {
  let got = 0;
  while (got < n) {
    const { bytesRead } = await handle.read(buf, got, n - got, pos + got);
    if (bytesRead === 0)
      throw new AuthenticationFailed('the spooled body is shorter than what was received; it cannot be trusted');
    got += bytesRead;
  }
  return got;
}

async function writeAll(handle: FileHandle, data: Uint8Array, pos: number): Promise<void> {
  let done = 0;
  while (done < data.length) {
    const { bytesWritten } = await handle.write(data, done, data.length - done, pos + done);
    done += bytesWritten;
  }
}
