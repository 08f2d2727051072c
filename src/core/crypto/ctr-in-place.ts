// Pass 2 of a spooled download, after the tag verified: AES-CTR over the file, in place. CTR is seekable
// (block b uses counter + b), so the file is cut into one range per core and each range is decrypted by its
// own worker thread with its own file descriptor: read a chunk, decrypt it, write it back at the same offset.
// The workers are plain JavaScript given as source (no separate bundle entry), using only Node's built-ins.
// They can be started while the body downloads (their start-up then costs nothing later); they wait idle,
// without the key, until the tag verified and the job arrives.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { CtrKeystream } from './content/content-decryption';
import { DecryptPassFailed } from './errors';

/** Below this a single thread is quicker than starting workers (~20–50 ms each). */
export const PARALLEL_PASS_MIN_BYTES = 32 * 1024 * 1024;
const MAX_WORKERS = 4;
/** File I/O unit of a worker: few system calls. */
const IO_CHUNK_BYTES = 1 << 20;
/**
 * Cipher call unit. Node allocates each call's output; outputs of 64 KiB and more come back as fresh pages
 * from the allocator (measured here: 0.5–0.6 s more system CPU per GiB at 64 KiB than at 32 KiB, and 1 MiB is
 * worse), while 32 KiB ones reuse memory. Smaller slices only add calls.
 */
export const CIPHER_SLICE_BYTES = 32 * 1024;

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createDecipheriv } = require('node:crypto');
const { openSync, readSync, writevSync, closeSync } = require('node:fs');
parentPort.once('message', ({ path, cipher, key, counter, from, to, ioChunk, slice }) => {
  const decipher = createDecipheriv(cipher, key, counter);
  key.fill(0);
  const fd = openSync(path, 'r+');
  try {
    const buf = Buffer.allocUnsafe(ioChunk);
    for (let pos = from; pos < to; ) {
      const n = Math.min(ioChunk, to - pos);
      for (let got = 0; got < n; ) {
        const r = readSync(fd, buf, got, n - got, pos + got);
        if (r === 0) throw new Error('the spooled file is shorter than the body that was authenticated');
        got += r;
      }
      // The cipher's outputs are written as they are (one writev), not copied back into buf.
      const plain = [];
      for (let at = 0; at < n; at += slice) plain.push(decipher.update(buf.subarray(at, Math.min(n, at + slice))));
      for (let put = pos; plain.length; ) {
        let wrote = writevSync(fd, plain, put);
        put += wrote;
        while (plain.length && wrote >= plain[0].length) wrote -= plain.shift().length;
        if (wrote) plain[0] = plain[0].subarray(wrote);
      }
      pos += n;
    }
  } finally {
    closeSync(fd);
  }
  parentPort.postMessage('done');
});
`;

export interface ParallelPassOptions {
  /** Worker count; default: one per core (at most 4), fewer for small files. */
  workers?: number;
  /** Bodies at least this big use workers (default PARALLEL_PASS_MIN_BYTES); smaller ones one thread. */
  minBytes?: number;
}

/** Idle decryption workers; `run` gives each its range once, `stop` ends them (both idempotent to call last). */
export class DecryptWorkers {
  /** What ended a worker before it got its job (it failed to start, or was stopped). */
  private early?: { error: unknown };

  private constructor(private readonly workers: Worker[]) {
    for (const w of workers) {
      w.unref(); // idle workers must not keep the process alive
      w.on('error', (error) => (this.early ??= { error }));
      w.on('exit', (code) => (this.early ??= { error: new Error(`a decryption worker exited with code ${code}`) }));
    }
  }

  /** Starts `count` idle workers (default one per core, at most 4). */
  static start(count = Math.min(availableParallelism(), MAX_WORKERS)): DecryptWorkers {
    return new DecryptWorkers(
      Array.from({ length: Math.max(1, count) }, () => new Worker(WORKER_SOURCE, { eval: true })),
    );
  }

  /**
   * Decrypts bytes [0, length) of the file at `path` in place. `keystream.key` is zeroed here. Rejects with
   * DecryptPassFailed when a worker fails, or with the reason of `signal`; every worker has stopped before
   * this settles, so nothing writes to the file afterwards.
   */
  async run(path: string, length: number, keystream: CtrKeystream, signal?: AbortSignal): Promise<void> {
    // Small bodies need fewer workers: no worker gets less than one I/O chunk.
    const used = this.workers.slice(0, Math.max(1, Math.min(this.workers.length, Math.ceil(length / IO_CHUNK_BYTES))));
    const perWorker = Math.ceil(length / 16 / used.length) * 16;
    const abort = abortion(signal);
    try {
      signal?.throwIfAborted();
      if (this.early) throw this.early.error;
      const finished = used.map((worker, i) => {
        const from = Math.min(length, i * perWorker);
        worker.ref();
        const done = outcome(worker);
        worker.postMessage({
          path,
          cipher: keystream.cipher,
          key: keystream.key,
          counter: counterAt(keystream.counter, from / 16),
          from,
          to: Math.min(length, from + perWorker),
          ioChunk: IO_CHUNK_BYTES,
          slice: CIPHER_SLICE_BYTES,
        });
        return done;
      });
      await Promise.race([Promise.all(finished), abort.promise]);
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      throw new DecryptPassFailed(
        `decrypting the verified body failed: ${err instanceof Error ? err.message : String(err)}`,
        { cause: err },
      );
    } finally {
      keystream.key.fill(0); // each worker had its own copy
      abort.dispose();
      await this.stop();
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

function outcome(worker: Worker): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`a decryption worker exited with code ${code}`)));
  });
}

/** Rejects when `signal` aborts; dispose() stops listening (a long-lived signal must not collect listeners). */
function abortion(signal: AbortSignal | undefined): { promise: Promise<never>; dispose(): void } {
  let onAbort = () => {};
  const promise = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal!.reason as Error);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  return { promise, dispose: () => signal?.removeEventListener('abort', onAbort) };
}

/** counter + blocks, with GCM's 32-bit increment (a GCM body never wraps it). */
export function counterAt(counter: Buffer, blocks: number): Buffer {
  const c = Buffer.from(counter);
  c.writeUInt32BE((counter.readUInt32BE(12) + blocks) >>> 0, 12);
  return c;
}
