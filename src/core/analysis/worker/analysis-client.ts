// Talks to one analysis worker, started on first use and restarted if it dies. The extension keeps one;
// `s3enc lint` runs one per core (lint-files.ts).
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AnalyzeResult } from '../engine';
import { DEEP_STACK_MB } from '../nesting';
import type { LintOptions } from '../options';
import type { Finding } from '../types';
import type { AnalyzeRequest, AnalyzeResponse } from './protocol';

export class AnalysisFailed extends Error {
  override readonly name = 'AnalysisFailed';
}

interface Pending {
  resolve(result: AnalyzeResult): void;
  reject(e: Error): void;
}

export class AnalysisClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Whether any worker of this client ever answered: a script that cannot load never does. */
  answered = false;

  /** `execArgv` lets tests run the TypeScript worker source under tsx; the extension uses the bundle. */
  constructor(
    private readonly workerScript: string,
    private readonly log: (message: string) => void,
    private readonly execArgv: string[] = [],
    /** In the extension host an idle worker must not keep the process alive; in the CLI it is all we wait on. */
    private readonly keepProcessAlive = false,
  ) {}

  static forExtension(extensionPath: string, log: (message: string) => void): AnalysisClient {
    return new AnalysisClient(join(extensionPath, 'dist', 'analysis-worker.js'), log);
  }

  analyze(path: string, text: string, options: LintOptions): Promise<Finding[]> {
    return this.analyzeFile(path, text, options).then((r) => r.findings);
  }

  /** Findings plus the notice of a file that could not be analysed (what `s3enc lint` reports). */
  analyzeFile(path: string, text: string, options: LintOptions): Promise<AnalyzeResult> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const req: AnalyzeRequest = { id, path, text, options };
      worker.postMessage(req);
    });
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
    this.failAll(new AnalysisFailed('the analysis worker was stopped'));
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerScript, {
      execArgv: this.execArgv,
      resourceLimits: { stackSizeMb: DEEP_STACK_MB },
    });
    worker.on('message', (res: AnalyzeResponse) => {
      const p = this.pending.get(res.id);
      if (!p) return;
      this.pending.delete(res.id);
      this.answered = true;
      if (res.ok) p.resolve({ language: res.language, findings: res.findings, notice: res.notice });
      else p.reject(new AnalysisFailed(res.error));
    });
    worker.on('error', (e) => {
      this.log(`analysis worker crashed: ${e.message}; restarting on the next request`);
      this.failAll(new AnalysisFailed(e.message));
      this.worker = undefined;
    });
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      // An unexpected exit (out of memory, killed): fail what was in flight; the next request starts a new worker.
      this.worker = undefined;
      this.failAll(new AnalysisFailed(`the analysis worker exited (code ${code})`));
    });
    if (!this.keepProcessAlive) worker.unref();
    this.worker = worker;
    return worker;
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }
}
