// Decrypt-to-file without unauthenticated plaintext on disk. The body is authenticated as it arrives (pass 1
// of ContentDecryption) and kept as CIPHERTEXT until its GCM tag verified; only then is plaintext written.
// Writes may come in any order (parallel ranged GETs): each run of contiguous bytes is hashed on its own
// as it grows, and the runs are combined into the tag at the end (content/ghash.ts), so nothing waits for
// the bytes before it. Where the ciphertext waits:
// - a body of known size within the memory budget (default 64 MiB) waits in memory; after the tag verified it
//   is decrypted and written once to a hidden temp file, which is renamed over the destination;
// - a bigger one is spooled into the hidden temp file next to the destination (0600), and decrypted there in
//   place after the tag verified (pass 2, on worker threads for big bodies: ctr-in-place.ts), then truncated
//   to the plaintext length and renamed.
// A crash or SIGKILL before the tag verifies leaves at most a ciphertext file, the same bytes S3 stores.
import { randomBytes } from 'node:crypto';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { ContentDecryption, GhashSegment } from './content/content-decryption';
import { CIPHER_SLICE_BYTES, DecryptWorkers, PARALLEL_PASS_MIN_BYTES, type ParallelPassOptions } from './ctr-in-place';
import { AuthenticationFailed } from './errors';

/**
 * Default memory budget: authenticated bodies up to this size are verified in memory and written once. As the
 * AWS Java S3 Encryption Client, which buffers up to 64 MiB before it releases plaintext.
 */
export const DEFAULT_CSE_MEMORY_BYTES = 64 * 1024 * 1024;

export interface SpoolOptions extends ParallelPassOptions {
  /** The stored body's size when known ahead (a download's Content-Length): pass 2's workers then start early. */
  bodyBytes?: number;
  /**
   * Bodies of known size whose plaintext is up to this many bytes wait in memory instead of in the temp file
   * (default DEFAULT_CSE_MEMORY_BYTES; 0: always spool to disk). Legacy CBC always spools.
   */
  memoryBytes?: number;
}

/** Chunk of the in-thread decrypt pass (small bodies, CBC) and of writing a body decrypted from memory. */
const DECRYPT_PASS_CHUNK_BYTES = 1 << 20;
const BLOCK = 16;

/**
 * Contiguous bytes starting on a block boundary, hashed as they arrive. Its last `tagBytes` bytes are held
 * back (they may be the tag) and hashed when more bytes follow or, at the end, when they turn out not to be.
 */
interface Run {
  start: number;
  end: number;
  segment: GhashSegment;
  held: Buffer;
}

export class CiphertextSpool {
  private readonly runs: Run[] = [];
  private readonly runByEnd = new Map<number, Run>();
  /** Bytes from a write's offset to the next block boundary, until a run reaches them (at most 15 each). */
  private readonly heads = new Map<number, Buffer>();
  private closed = false;
  /**
   * Where the tag starts, when the body's size is known: bytes before it are hashed as they come, bytes from
   * it go into `tag`, so no run holds anything back.
   */
  private readonly tagAt: number | undefined;
  private readonly tag: Buffer;

  private constructor(
    readonly tempPath: string,
    private readonly destination: string,
    /** The temp file; for a body held in memory, opened only once its tag verified. */
    private handle: FileHandle | undefined,
    /** The whole body, for a body held in memory (then nothing is written before the tag verified). */
    private readonly memory: Buffer | undefined,
    private readonly content: ContentDecryption,
    private readonly pass: SpoolOptions,
    /** Started ahead when the body's size says pass 2 will want them. */
    private readonly workers: DecryptWorkers | undefined,
  ) {
    const body = pass.bodyBytes;
    this.tagAt = body !== undefined && body >= content.tagBytes ? body - content.tagBytes : undefined;
    this.tag = Buffer.alloc(content.tagBytes);
  }

  /**
   * Creates the temp file (exclusive, 0600), unless the body will wait in memory. Fails with the fs error when
   * the folder is not writable.
   */
  static async create(
    destination: string,
    content: ContentDecryption,
    pass: SpoolOptions = {},
  ): Promise<CiphertextSpool> {
    const tempPath = spoolPathFor(destination);
    const body = content.authenticated ? pass.bodyBytes : undefined;
    // The budget counts the object's plaintext, as users size objects (a 64 MiB file is 64 MiB + 16 bytes stored).
    if (body !== undefined && body - content.tagBytes <= (pass.memoryBytes ?? DEFAULT_CSE_MEMORY_BYTES))
      return new CiphertextSpool(tempPath, destination, undefined, Buffer.allocUnsafe(body), content, pass, undefined);
    const handle = await open(tempPath, 'wx+', 0o600);
    const ahead = body !== undefined && body - content.tagBytes >= (pass.minBytes ?? PARALLEL_PASS_MIN_BYTES);
    return new CiphertextSpool(
      tempPath,
      destination,
      handle,
      undefined,
      content,
      pass,
      ahead ? DecryptWorkers.start(pass.workers) : undefined,
    );
  }

  /** Keeps ciphertext at its offset in the stored body (in memory or in the temp file), and authenticates it. */
  async write(offset: number, chunk: Uint8Array): Promise<void> {
    if (this.pass.bodyBytes !== undefined && offset + chunk.length > this.pass.bodyBytes)
      throw new AuthenticationFailed('more bytes arrived than the object holds; it cannot be authenticated');
    if (this.memory) {
      this.memory.set(chunk, offset);
      this.place(offset, chunk);
      return;
    }
    const written = writeAll(this.handle!, chunk, offset);
    // Hashing runs on this thread while the write runs on libuv's pool.
    this.place(offset, chunk);
    await written;
  }

  /**
   * Verifies the tag, then decrypts (a body in memory into a new temp file, a spooled one in place) and renames
   * the temp file over the destination. On failure
   * (or when `signal` aborts the decryption) the destination is untouched; the caller then discards the spool.
   */
  async commit(signal?: AbortSignal): Promise<{ plaintextBytes: number }> {
    try {
      const { segments, tag, ciphertextBytes } = this.endPass1();
      this.content.verify(segments, tag);
      if (this.memory) {
        signal?.throwIfAborted();
        this.handle = await open(this.tempPath, 'wx', 0o600);
        await writeDecrypted(this.handle, this.memory.subarray(0, ciphertextBytes), this.content);
        await this.close();
        await rename(this.tempPath, this.destination);
        return { plaintextBytes: ciphertextBytes };
      }
      const handle = this.handle!;
      const parallel = ciphertextBytes >= (this.pass.minBytes ?? PARALLEL_PASS_MIN_BYTES);
      const keystream = parallel ? this.content.keystream() : undefined;
      let plaintextBytes = ciphertextBytes;
      if (keystream) {
        const workers = this.workers ?? DecryptWorkers.start(this.pass.workers);
        await workers.run(this.tempPath, ciphertextBytes, keystream, signal);
        await handle.truncate(ciphertextBytes);
      } else {
        await this.workers?.stop();
        plaintextBytes = await decryptInPlace(handle, ciphertextBytes, this.content);
      }
      await this.close();
      await rename(this.tempPath, this.destination);
      return { plaintextBytes };
    } finally {
      this.content.dispose();
      await this.workers?.stop();
    }
  }

  /** Removes the temp file (idempotent); true when there was one to remove. */
  async discard(): Promise<boolean> {
    this.content.dispose();
    await this.workers?.stop();
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
    if (this.closed || !this.handle) return;
    this.closed = true;
    await this.handle.close();
  }

  /**
   * Adds a write to pass 1: to the run that ends where it starts, else as a new run from its first block
   * boundary (the bytes before that boundary wait for the run that will reach them).
   */
  private place(offset: number, chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    let run = this.runByEnd.get(offset);
    if (!run) {
      const boundary = Math.ceil(offset / BLOCK) * BLOCK;
      if (boundary > offset) {
        const head = Math.min(chunk.length, boundary - offset);
        this.heads.set(offset, Buffer.from(chunk.subarray(0, head)));
        if (head === chunk.length) return;
        chunk = chunk.subarray(head);
      }
      run = { start: boundary, end: boundary, segment: this.content.segment(), held: Buffer.alloc(0) };
      this.runs.push(run);
    }
    for (let next: Uint8Array | undefined = chunk; next; next = this.heads.get(run.end)) {
      this.heads.delete(run.end);
      this.runByEnd.delete(run.end);
      this.extend(run, next);
      this.runByEnd.set(run.end, run);
    }
  }

  private extend(run: Run, chunk: Uint8Array): void {
    if (this.tagAt !== undefined) {
      const hashed = Math.max(0, Math.min(chunk.length, this.tagAt - run.end));
      if (hashed) run.segment.update(hashed === chunk.length ? chunk : chunk.subarray(0, hashed));
      if (hashed < chunk.length) this.tag.set(chunk.subarray(hashed), run.end + hashed - this.tagAt);
      run.end += chunk.length;
      return;
    }
    const keep = this.content.tagBytes;
    if (chunk.length >= keep) {
      if (run.held.length) run.segment.update(run.held);
      run.segment.update(chunk.subarray(0, chunk.length - keep));
      run.held = Buffer.from(chunk.subarray(chunk.length - keep));
    } else {
      const both = Buffer.concat([run.held, chunk]);
      const feed = Math.max(0, both.length - keep);
      if (feed) run.segment.update(both.subarray(0, feed));
      run.held = both.subarray(feed);
    }
    run.end += chunk.length;
  }

  /**
   * Ends pass 1: the runs must tile the body from 0 (to its known size) without gap or overlap; what they held
   * back is hashed up to the tag, and the tag's bytes are collected.
   */
  private endPass1(): { segments: GhashSegment[]; tag: Buffer; ciphertextBytes: number } {
    const runs = [...this.runs].sort((a, b) => a.start - b.start);
    const gap =
      this.heads.size > 0 ||
      (runs.length > 0 && runs[0].start !== 0) ||
      runs.some((r, i) => i > 0 && r.start !== runs[i - 1].end);
    if (gap) throw new AuthenticationFailed('the body arrived with a gap; it cannot be authenticated');
    const bodyBytes = runs.length ? runs[runs.length - 1].end : 0;
    if (this.tagAt !== undefined) {
      if (bodyBytes !== this.pass.bodyBytes)
        throw new AuthenticationFailed('the body is shorter than the object; it cannot be authenticated');
      const segments = runs.map((r) => r.segment).filter((s) => s.bytes > 0);
      return { segments, tag: this.tag, ciphertextBytes: this.tagAt };
    }
    const ciphertextBytes = Math.max(0, bodyBytes - this.content.tagBytes);
    const tagParts: Buffer[] = [];
    for (const run of runs) {
      const heldFrom = run.end - run.held.length;
      const hashed = Math.min(run.held.length, Math.max(0, ciphertextBytes - heldFrom));
      if (hashed) run.segment.update(run.held.subarray(0, hashed));
      tagParts.push(run.held.subarray(hashed));
    }
    const segments = runs.map((r) => r.segment).filter((s) => s.bytes > 0);
    return { segments, tag: Buffer.concat(tagParts), ciphertextBytes };
  }
}

/** `.name.s3enc-XXXXXXXX.part` in the destination's folder: same filesystem, so the rename is atomic. */
export function spoolPathFor(destination: string): string {
  return join(dirname(destination), `.${basename(destination)}.s3enc-${randomBytes(4).toString('hex')}.part`);
}

/**
 * Pass 2 of a body held in memory, into the (empty) temp file: one chunk is decrypted while the one before it is
 * written. Only authenticated GCM bodies are held in memory, so there is no padding to strip.
 */
async function writeDecrypted(handle: FileHandle, ciphertext: Buffer, content: ContentDecryption): Promise<void> {
  let lastWrite: Promise<void> = Promise.resolve();
  for (let pos = 0; pos < ciphertext.length; pos += DECRYPT_PASS_CHUNK_BYTES) {
    const plain = decryptSlices(content, ciphertext.subarray(pos, pos + DECRYPT_PASS_CHUNK_BYTES));
    await lastWrite;
    lastWrite = writeAllv(handle, plain, pos);
  }
  await lastWrite;
}

/** Slice by slice (see CIPHER_SLICE_BYTES), for one writev. */
function decryptSlices(content: ContentDecryption, chunk: Buffer): Buffer[] {
  const plain: Buffer[] = [];
  for (let at = 0; at < chunk.length; at += CIPHER_SLICE_BYTES)
    plain.push(content.decrypt(chunk.subarray(at, at + CIPHER_SLICE_BYTES)));
  return plain;
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
    const plain = decryptSlices(content, chunk);
    await lastWrite;
    lastWrite = writeAllv(handle, plain, writePos);
    writePos += plain.reduce((sum, b) => sum + b.length, 0);
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

async function writeAllv(handle: FileHandle, data: Buffer[], pos: number): Promise<void> {
  const { bytesWritten } = await handle.writev(data, pos);
  const total = data.reduce((sum, b) => sum + b.length, 0);
  if (bytesWritten < total) await writeAll(handle, Buffer.concat(data).subarray(bytesWritten), pos + bytesWritten);
}

async function writeAll(handle: FileHandle, data: Uint8Array, pos: number): Promise<void> {
  let done = 0;
  while (done < data.length) {
    const { bytesWritten } = await handle.write(data, done, data.length - done, pos + done);
    done += bytesWritten;
  }
}
