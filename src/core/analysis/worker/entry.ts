// The analysis worker (dist/analysis-worker.js): parsers (TypeScript, tree-sitter) load here, never on the
// extension host thread, so typing stays responsive however large the file. `s3enc lint` runs several.
// Workers get a 64 MB stack (analysis-client.ts), so they accept far deeper nesting than the main thread.
import { parentPort } from 'node:worker_threads';
import { Analyzer } from '../engine';
import { NESTING_LIMIT_DEEP_STACK } from '../nesting';
import type { LintOptions } from '../options';
import type { AnalyzeRequest, AnalyzeResponse } from './protocol';

let cached: { key: string; analyzer: Analyzer } | undefined;

function analyzerFor(options: LintOptions): Analyzer {
  const key = JSON.stringify(options);
  if (cached?.key !== key) cached = { key, analyzer: new Analyzer(options, undefined, NESTING_LIMIT_DEEP_STACK) };
  return cached.analyzer;
}

parentPort?.on('message', (req: AnalyzeRequest) => {
  void analyzerFor(req.options)
    .analyze(req.path, req.text)
    .then(
      (r): AnalyzeResponse => ({ id: req.id, ok: true, language: r.language, findings: r.findings, notice: r.notice }),
      (e: unknown): AnalyzeResponse => ({
        id: req.id,
        ok: false,
        error: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
      }),
    )
    .then((res) => parentPort?.postMessage(res));
});
