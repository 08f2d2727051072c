// Lints files on disk: the engine plus file reading, shared by `s3enc lint` and the benchmark.
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { Analyzer, MAX_ANALYSED_CHARS } from './engine';
import { walkLintTargets } from './file-walk';
import { detectLanguage } from './languages/detect';
import type { LintOptions } from './options';
import type { Finding } from './types';

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

export async function lintPaths(paths: readonly string[], options: LintOptions = {}): Promise<LintRun> {
  const analyzer = new Analyzer(options);
  const run: LintRun = { results: [], filesAnalysed: 0, filesSkipped: 0 };
  for await (const file of walkLintTargets(paths)) {
    // Cheap check on the name first so unsupported files are never read (CloudFormation needs the content).
    // Extension-less files may be shell scripts (shebang); other unknown extensions are never read.
    const name = basename(file);
    const candidate = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs|py|rb|java|go|tf|sh|bash|ya?ml|json|template)$/i.test(name) || !name.includes('.');
    if (!candidate || statSync(file).size > MAX_ANALYSED_CHARS) {
      run.filesSkipped++;
      continue;
    }
    // Synchronous reads: one file at a time anyway, and no thread-pool round trip per file.
    const text = readFileSync(file, 'utf8');
    if (!detectLanguage(file, text)) {
      run.filesSkipped++;
      continue;
    }
    const { findings } = await analyzer.analyze(file, text);
    run.filesAnalysed++;
    if (findings.length) run.results.push({ file, findings, text });
  }
  return run;
}
