// Lints files on disk: the engine plus file reading, shared by `s3enc lint` and the benchmark. With a worker
// script (the bundled dist/analysis-worker.js) and enough work, files are spread over a pool of workers sized to
// the work; otherwise they are analysed in this thread. Results come back in walk order either way.
// A file that cannot be read or analysed becomes one notice; it never ends the run or hides other files' findings.
import { readFileSync, statSync, type Stats } from 'node:fs';
import { basename } from 'node:path';
import {
  Analyzer,
  MAX_ANALYSED_CHARS,
  tooLarge,
  type AnalysisNotice,
  type AnalyzeResult,
  type NoticeCode,
} from './engine';
import { walkLintTargets } from './file-walk';
import { decodeSource } from './decode-source';
import { detectLanguage } from './languages/detect';
import { preferQuickGrammarStartup } from './languages/tree-sitter';
import type { LintOptions } from './options';
import type { Finding, LanguageId } from './types';
import { AnalysisClient, AnalysisFailed } from './worker/analysis-client';
import { familyOf, LanguageHomes } from './worker/language-homes';

export interface FileFindings {
  file: string;
  findings: Finding[];
  /** The analysed text, kept for files with findings so formats can place fix edits. */
  text?: string;
}

/** A file or folder that was not (fully) analysed, and why. */
export interface FileNotice {
  file: string;
  code: NoticeCode;
  message: string;
}

export interface LintRun {
  results: FileFindings[];
  /** In walk order; the findings of every other file are still in `results`. */
  notices: FileNotice[];
  filesAnalysed: number;
  filesSkipped: number;
}

export interface LintParallelism {
  /** Path of the analysis worker bundle; absent: analyse in this thread. */
  workerScript?: string;
  /** Most workers to start (one per core is right: analysis is CPU-bound); fewer when there is little work. */
  workers?: number;
  /** Node flags for the workers (tests run the TypeScript worker source under tsx). */
  execArgv?: string[];
  /** Source bytes that justify one more worker (default BYTES_PER_WORKER; tests lower it to force a pool). */
  bytesPerWorker?: number;
  /** A short-lived process (the CLI): with little to analyse, compile grammars for start-up, not peak speed. */
  quickGrammarStartup?: boolean;
}

/**
 * Source bytes one worker must have to analyse before starting it pays: a worker loads its own copy of the
 * parsers (about a second of start-up), which is the time this thread needs for roughly this much code.
 */
const BYTES_PER_WORKER = 1_500_000;
/** Requests in flight per worker: enough that a worker never waits for its next message. */
const QUEUE_PER_WORKER = 4;
/**
 * Files read but not yet sent, so each worker can pick its own languages' files (worker/language-homes.ts) while
 * reading never runs far ahead of analysis.
 */
const READ_AHEAD_FILES = 256;
const READ_AHEAD_BYTES = 16_000_000;
/** Waiting files of one language family above which an idle worker loads that language too and helps. */
const SHARE_ABOVE = 64;

const CANDIDATE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs|py|rb|java|go|tf|sh|bash|ya?ml|json|template)$/i;

interface Target {
  file: string;
  size: number;
}

interface Read {
  file: string;
  text: string;
  language: LanguageId;
  /** A problem with the bytes that still allowed analysis (invalid UTF-8 replaced). */
  notice?: AnalysisNotice;
}

type Outcome =
  | { file: string; text: string; result: AnalyzeResult; readNotice?: AnalysisNotice }
  | { file: string; notice: AnalysisNotice }
  | undefined;

function errnoReason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code ? `${err.code}: ${err.message.replace(/^\w+: /, '')}` : String(e);
}

export async function lintPaths(
  paths: readonly string[],
  options: LintOptions = {},
  parallel: LintParallelism = {},
): Promise<LintRun> {
  const run: LintRun = { results: [], notices: [], filesAnalysed: 0, filesSkipped: 0 };
  const targets: Target[] = [];
  // Walk notices and per-file notices are merged in walk order: index = position among the walked paths.
  const walkNotices: Array<{ at: number; notice: FileNotice }> = [];
  const problem = (file: string, code: NoticeCode, message: string) =>
    walkNotices.push({ at: targets.length, notice: { file, code, message } });
  for await (const file of walkLintTargets(paths, problem)) {
    // Cheap check on the name first so unsupported files are never read (CloudFormation needs the content).
    // Extension-less files may be shell scripts (shebang); other unknown extensions are never read.
    const name = basename(file);
    if (!(CANDIDATE.test(name) || !name.includes('.'))) {
      run.filesSkipped++;
      continue;
    }
    let info: Stats;
    try {
      info = statSync(file);
    } catch (e) {
      problem(file, 'unreadable', `cannot be read (${errnoReason(e)})`);
      continue;
    }
    // Reading a FIFO would wait for a writer forever; devices and sockets are not source files either.
    if (!info.isFile()) problem(file, 'not-a-file', 'not a regular file (a FIFO, socket or device); not read');
    else if (info.size > MAX_ANALYSED_CHARS) problem(file, 'too-large', tooLarge(info.size, 'bytes').message);
    else targets.push({ file, size: info.size });
  }
  const read = (file: string): Read | { file: string; notice: AnalysisNotice } | undefined => {
    let bytes: Buffer;
    try {
      // Synchronous reads: no thread-pool round trip per file.
      bytes = readFileSync(file);
    } catch (e) {
      return { file, notice: { code: 'unreadable', message: `cannot be read (${errnoReason(e)})` } };
    }
    const { text, notice } = decodeSource(bytes);
    const language = detectLanguage(file, text);
    if (language) return { file, text, language, notice };
    run.filesSkipped++;
    return undefined;
  };
  const totalBytes = targets.reduce((n, t) => n + t.size, 0);
  if (parallel.quickGrammarStartup && totalBytes < BYTES_PER_WORKER) preferQuickGrammarStartup();
  const workers = parallel.workerScript
    ? poolSize(targets.length, totalBytes, parallel.workers ?? 1, parallel.bytesPerWorker)
    : 1;
  const outcomes =
    workers > 1
      ? await analyseInWorkers(targets, read, options, parallel, workers)
      : await analyseHere(targets, read, options, parallel);

  let w = 0;
  const flushWalkNotices = (upTo: number) => {
    while (w < walkNotices.length && walkNotices[w].at <= upTo) run.notices.push(walkNotices[w++].notice);
  };
  outcomes.forEach((o, i) => {
    flushWalkNotices(i);
    if (!o) return;
    if ('notice' in o) {
      run.notices.push({ file: o.file, ...o.notice });
      return;
    }
    const notice = o.result.notice ?? o.readNotice;
    if (notice) run.notices.push({ file: o.file, ...notice });
    if (!o.result.notice) run.filesAnalysed++;
    if (o.result.findings.length) run.results.push({ file: o.file, text: o.text, findings: o.result.findings });
  });
  flushWalkNotices(Number.POSITIVE_INFINITY);
  return run;
}

/** Workers for this much work: none for a handful of small files, at most one per core, each with real work. */
export function poolSize(files: number, bytes: number, maxWorkers: number, bytesPerWorker = BYTES_PER_WORKER): number {
  if (files < 2) return 1;
  return Math.max(1, Math.min(maxWorkers, files, Math.floor(bytes / bytesPerWorker)));
}

async function analyseHere(
  targets: Target[],
  read: ReadFn,
  options: LintOptions,
  parallel: LintParallelism,
): Promise<Outcome[]> {
  const analyzer = new Analyzer(options);
  // This thread's stack is small; a file nested too deep for it gets a second chance in one worker with a big stack.
  let deep: AnalysisClient | undefined;
  const out: Outcome[] = [];
  try {
    for (const { file } of targets) {
      const r = read(file);
      if (!r || !('text' in r)) {
        out.push(r);
        continue;
      }
      let result = await analyzer.analyze(file, r.text);
      if (result.notice?.code === 'too-deep' && parallel.workerScript) {
        deep ??= new AnalysisClient(parallel.workerScript, () => undefined, parallel.execArgv ?? [], true);
        result = await deep.analyzeFile(file, r.text, options).catch((e: unknown) => {
          if (!(e instanceof AnalysisFailed) || !deep!.answered) throw e;
          return result;
        });
      }
      out.push({ file, text: r.text, result, readNotice: r.notice });
    }
  } finally {
    deep?.dispose();
  }
  return out;
}

/**
 * Source bytes per language family, told from file names before any file is read (a YAML/JSON file is counted as
 * CloudFormation, an extension-less one as shell): what the worker homes are planned from.
 */
function plannedBytes(targets: readonly Target[]): Map<string, number> {
  const bytes = new Map<string, number>();
  for (const { file, size } of targets) {
    const language = detectLanguage(file, '') ?? (/\.(ya?ml|json|template)$/i.test(file) ? 'cloudformation' : 'shell');
    const family = familyOf(language);
    bytes.set(family, (bytes.get(family) ?? 0) + size);
  }
  return bytes;
}

type ReadFn = (f: string) => Read | { file: string; notice: AnalysisNotice } | undefined;

async function analyseInWorkers(
  targets: Target[],
  read: ReadFn,
  options: LintOptions,
  parallel: LintParallelism,
  workers: number,
): Promise<Outcome[]> {
  const clients = Array.from(
    { length: workers },
    () => new AnalysisClient(parallel.workerScript!, () => undefined, parallel.execArgv ?? [], true),
  );
  const out = new Array<Outcome>(targets.length);
  const inFlight = new Set<Promise<void>>();
  // Retries run one at a time per worker, so the file that kills a worker is found alone.
  const retries = new Map<AnalysisClient, Promise<unknown>>();
  const analyse = async (client: AnalysisClient, r: Read): Promise<AnalyzeResult> => {
    try {
      return await client.analyzeFile(r.file, r.text, options);
    } catch (e) {
      // A script that never answered cannot load at all: that is a broken installation, not a bad file.
      if (!(e instanceof AnalysisFailed) || !client.answered) throw e;
      // A worker died with several files in flight (out of memory, killed): each gets one more try alone in a
      // fresh worker; a file that kills it again is the culprit and becomes a notice.
      const retry = (retries.get(client) ?? Promise.resolve())
        .then(() => client.analyzeFile(r.file, r.text, options))
        .catch((again: unknown): AnalyzeResult => {
          if (!(again instanceof AnalysisFailed)) throw again;
          return {
            findings: [],
            notice: {
              code: 'analysis-failed',
              message: `the analysis worker failed on this file (${again.message}); not analysed`,
            },
          };
        });
      retries.set(
        client,
        retry.catch(() => undefined),
      );
      return retry;
    }
  };
  const homes = new LanguageHomes<{ index: number; r: Read }>(workers, plannedBytes(targets), {
    queue: QUEUE_PER_WORKER,
    shareAbove: SHARE_ABOVE,
  });
  let waitingBytes = 0;
  const launch = () => {
    for (const { worker, item } of homes.start()) {
      const { index, r } = item;
      waitingBytes -= r.text.length;
      const job = analyse(clients[worker], r).then((result) => {
        out[index] = { file: r.file, text: r.text, result, readNotice: r.notice };
      });
      const tracked: Promise<void> = job.finally(() => {
        homes.done(worker);
        inFlight.delete(tracked);
      });
      inFlight.add(tracked);
    }
  };
  try {
    for (let i = 0; i < targets.length; i++) {
      const r = read(targets[i].file);
      if (!r || !('text' in r)) {
        out[i] = r;
        continue;
      }
      homes.add(familyOf(r.language), r.text.length, { index: i, r });
      waitingBytes += r.text.length;
      launch();
      while (homes.pending >= READ_AHEAD_FILES || waitingBytes >= READ_AHEAD_BYTES) {
        await Promise.race(inFlight);
        launch();
      }
    }
    while (inFlight.size) {
      await Promise.race(inFlight);
      launch();
    }
  } finally {
    for (const c of clients) c.dispose();
  }
  return out;
}
