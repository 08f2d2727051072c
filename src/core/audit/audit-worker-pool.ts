// Worker threads that count inventory data files, so several files decode on several cores. Each worker takes
// one file at a time; requests wait for an idle worker. A worker's failure is the file's failure; cancelling
// terminates the workers (whatever they were reading is dropped, never half-counted).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DataFileProgress } from './audit-data-file';
import type { WorkerReply, WorkerRequest } from './audit-worker-protocol';
import { InventoryError } from './errors';
import { AuditTally } from './tally';

export interface WorkerScript {
  path: string;
  execArgv: string[];
}

/**
 * The bundled worker beside the bundle (dist/audit-worker.js), or, run from source, the TypeScript entry under
 * tsx; undefined when neither is there (files are then counted in the calling thread).
 */
export function auditWorkerScript(): WorkerScript | undefined {
  const bundled = join(__dirname, 'audit-worker.js');
  if (existsSync(bundled)) return { path: bundled, execArgv: [] };
  const source = join(__dirname, 'audit-worker.ts');
  if (!existsSync(source)) return undefined;
  // tsx's CommonJS hook loads the .ts entry (an inherited `--import tsx` does not reach a worker's entry).
  return { path: source, execArgv: ['--require', 'tsx/cjs'] };
}

export class AuditWorkerPool {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly waiting: ((w: Worker) => void)[] = [];
  private closed = false;

  constructor(
    private readonly script: WorkerScript,
    private readonly size: number,
  ) {}

  async run(request: WorkerRequest, onProgress: DataFileProgress, signal?: AbortSignal): Promise<AuditTally> {
    const worker = await this.acquire();
    try {
      return await new Promise<AuditTally>((resolve, reject) => {
        const cleanup = (): void => {
          worker.off('message', onMessage);
          worker.off('error', onError);
          worker.off('exit', onExit);
          signal?.removeEventListener('abort', onAbort);
        };
        const onMessage = (reply: WorkerReply): void => {
          if (reply.type === 'progress') return onProgress(reply.rows, reply.bytes);
          cleanup();
          if (reply.type === 'done') resolve(AuditTally.fromJSON(reply.tally));
          else
            reject(
              reply.code
                ? new InventoryError(reply.code, reply.message)
                : new Error(`${request.job.origin}: ${reply.message}`),
            );
        };
        const onError = (err: Error): void => {
          cleanup();
          this.forget(worker);
          reject(new Error(`${request.job.origin}: the audit worker failed (${err.message})`, { cause: err }));
        };
        const onExit = (code: number): void => {
          cleanup();
          this.forget(worker);
          reject(new Error(`${request.job.origin}: the audit worker exited (code ${code})`));
        };
        const onAbort = (): void => {
          cleanup();
          this.forget(worker);
          void worker.terminate();
          reject(new InventoryError('AuditCancelled', 'The audit was cancelled; nothing was counted.'));
        };
        if (signal?.aborted) return onAbort();
        worker.on('message', onMessage);
        worker.once('error', onError);
        worker.once('exit', onExit);
        signal?.addEventListener('abort', onAbort, { once: true });
        worker.postMessage(request);
      });
    } finally {
      this.release(worker);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.all.map((w) => w.terminate()));
    this.all.length = 0;
    this.idle.length = 0;
  }

  private acquire(): Promise<Worker> {
    const ready = this.idle.pop();
    if (ready) return Promise.resolve(ready);
    if (this.all.length < this.size) {
      const worker = new Worker(this.script.path, { execArgv: this.script.execArgv });
      this.all.push(worker);
      return Promise.resolve(worker);
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(worker: Worker): void {
    if (this.closed || !this.all.includes(worker)) {
      // The worker is gone: a waiting request gets a fresh one.
      const next = this.waiting.shift();
      if (next && !this.closed) void this.acquire().then(next);
      return;
    }
    const next = this.waiting.shift();
    if (next) next(worker);
    else this.idle.push(worker);
  }

  private forget(worker: Worker): void {
    const i = this.all.indexOf(worker);
    if (i >= 0) this.all.splice(i, 1);
  }
}
