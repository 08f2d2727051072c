// Lints files on disk: the engine plus file reading, shared by `s3enc lint` and the benchmark. With a worker
// script (the bundled dist/analysis-worker.js) and several cores, files are spread over a pool of workers;
// otherwise they are analysed in this thread. Results come back in walk order either way.
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { Analyzer, MAX_ANALYSED_CHARS } from './engine';
import { walkLintTargets } from './file-walk';
import { detectLanguage } from './languages/detect';
import type { LintOptions } from './options';
import type { Finding } from './types';
import { AnalysisClient } from './worker/analysis-client';

export interface FileFindings {
  file: string;
  findings: Finding[];
  /** The analysed text, kept for files with findings so formats can place fix edits. */
  text?: string;
}

export interface LintRun {
  results: FileFindings[];
  filesAnalysed: number;
  filesSkipped: number;
}

export interface LintParallelism {
  /** Path of the analysis worker bundle; absent: analyse in this thread. */
  workerScript?: string;
  /** Workers to start (one per core is right: analysis is CPU-bound). */
  workers?: number;
  /** Node flags for the workers (tests run the TypeScript worker source under tsx). */
  execArgv?: string[];
}

/** Below this many files, starting workers (each loads the parsers) costs more than it saves. */
const MIN_FILES_FOR_WORKERS = 64;
/** Requests queued per worker, so reading files never runs far ahead of analysis. */
const QUEUE_PER_WORKER = 8;

interface Target {
  file: string;
  text: string;
}

export async function lintPaths(paths: readonly string[], options: LintOptions = {}, parallel: LintParallelism = {}): Promise<LintRun> {
  const run: LintRun = { results: [], filesAnalysed: 0, filesSkipped: 0 };
  const targets: string[] = [];
  for await (const file of walkLintTargets(paths)) {
    // Cheap check on the name first so unsupported files are never read (CloudFormation needs the content).
    // Extension-less files may be shell scripts (shebang); other unknown extensions are never read.
    const name = basename(file);
    const candidate = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs|py|rb|java|go|tf|sh|bash|ya?ml|json|template)$/i.test(name) || !name.includes('.');
    if (!candidate || statSync(file).size > MAX_ANALYSED_CHARS) run.filesSkipped++;
    else targets.push(file);
  }
  const read = (file: string): Target | undefined => {
    // Synchronous reads: no thread-pool round trip per file.
    const text = readFileSync(file, 'utf8');
    if (detectLanguage(file, text)) return { file, text };
    run.filesSkipped++;
    return undefined;
  };
  const workers = parallel.workerScript && targets.length >= MIN_FILES_FOR_WORKERS ? (parallel.workers ?? 1) : 1;
  const perFile = workers > 1 ? await analyseInWorkers(targets, read, options, parallel, workers) : await analyseHere(targets, read, options);
  for (const r of perFile) {
    if (!r) continue;
    run.filesAnalysed++;
    if (r.findings.length) run.results.push(r);
  }
  return run;
}

async function analyseHere(files: string[], read: (f: string) => Target | undefined, options: LintOptions): Promise<Array<FileFindings | undefined>> {
  const analyzer = new Analyzer(options);
  const out: Array<FileFindings | undefined> = [];
  for (const file of files) {
    const t = read(file);
    out.push(t ? { file, text: t.text, findings: (await analyzer.analyze(file, t.text)).findings } : undefined);
  }
  return out;
}

async function analyseInWorkers(
  files: string[],
  read: (f: string) => Target | undefined,
  options: LintOptions,
  parallel: LintParallelism,
  workers: number,
): Promise<Array<FileFindings | undefined>> {
  const clients = Array.from({ length: workers }, () => new AnalysisClient(parallel.workerScript!, () => undefined, parallel.execArgv ?? [], true));
  const out: Array<FileFindings | undefined> = new Array(files.length);
  const inFlight = new Set<Promise<void>>();
  try {
    for (let i = 0; i < files.length; i++) {
      const t = read(files[i]!);
      if (!t) continue;
      const index = i;
      const job = clients[i % workers]!.analyze(t.file, t.text, options).then((findings) => {
        out[index] = { file: t.file, text: t.text, findings };
      });
      const tracked: Promise<void> = job.finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
      if (inFlight.size >= workers * QUEUE_PER_WORKER) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  } finally {
    for (const c of clients) c.dispose();
  }
  return out;
}
