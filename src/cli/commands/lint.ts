// s3enc lint [paths...] [--format text|json|sarif] [--rules a,b] [--fail-on error|warning|info]
// Lints S3 encryption usage in code and IaC. Exit 0 clean, 1 when a finding is at or above --fail-on (default
// warning), 2 for a usage error or when the tool itself fails. Files it cannot read or analyse are notices.
import { parseArgs } from 'node:util';
import { lintPaths, type LintParallelism } from '../../core/analysis/lint-files';
import { existsSync, realpathSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { RULE_IDS, type RuleId, type Severity } from '../../core/analysis/types';
import type { CliCommand } from '../command';
import { UsageError, usageErrorOf } from '../errors';
import { formatJson } from '../lint-format/json';
import { toSarif } from '../lint-format/sarif';
import { formatNoticeLines, formatText } from '../lint-format/text';

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };
const HELP = `Usage: s3enc lint [paths...] [options]

Checks code (TypeScript/JavaScript, Python, Java, Go, Ruby, shell), Terraform and CloudFormation for S3
transport and encryption problems. Directories are walked respecting .gitignore.

Options:
  --format text|json|sarif   output format (default text)
  --rules a,b,...            only these rules (${RULE_IDS.join(', ')})
  --fail-on error|warning|info   exit 1 when a finding is at or above this severity (default warning)
  --require-sse-kms          s3-missing-sse also flags SSE-S3 and becomes a warning
  --emulator-hosts a,b       host names treated like loopback (default minio,localstack,s3mock)

A file that cannot be read or analysed (permissions, not a regular file, over 5,000,000 bytes, binary,
nested too deep) is reported as a notice and the rest of the run goes on: in the text output, on stderr
with --format json (stdout stays the findings array), and in SARIF's toolExecutionNotifications.

Exit status: 0 no finding at or above --fail-on, 1 findings at or above --fail-on,
2 usage error (bad option, path not found) or the tool failed. Notices alone do not change it.
`;

function parseSeverity(v: string | undefined, flag: string): Severity {
  if (v === undefined) return 'warning';
  if (v === 'error' || v === 'warning' || v === 'info') return v;
  throw new UsageError(`${flag} must be error, warning or info (got '${v}')`);
}

function parseRules(v: string | undefined): RuleId[] | undefined {
  if (v === undefined) return undefined;
  const ids = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = ids.filter((id) => !(RULE_IDS as readonly string[]).includes(id));
  if (unknown.length)
    throw new UsageError(
      `unknown rule ${unknown.map((u) => `'${u}'`).join(', ')}; known rules: ${RULE_IDS.join(', ')}`,
    );
  return ids as RuleId[];
}

export const lintCommand: CliCommand = {
  name: 'lint',
  summary: 'Check code and IaC for S3 encryption problems (text, json or SARIF output)',
  async run(args) {
    let parsed;
    try {
      parsed = parseArgs({
        args,
        allowPositionals: true,
        options: {
          format: { type: 'string', default: 'text' },
          rules: { type: 'string' },
          'fail-on': { type: 'string' },
          'require-sse-kms': { type: 'boolean', default: false },
          'emulator-hosts': { type: 'string' },
          help: { type: 'boolean', short: 'h', default: false },
        },
      });
    } catch (e) {
      throw usageErrorOf(e);
    }
    const { values, positionals } = parsed;
    if (values.help) {
      process.stdout.write(HELP);
      return 0;
    }
    const format = values.format;
    if (format !== 'text' && format !== 'json' && format !== 'sarif')
      throw new UsageError(`--format must be text, json or sarif (got '${format}')`);
    const failOn = parseSeverity(values['fail-on'], '--fail-on');
    const lintOptions = {
      rules: parseRules(values.rules),
      requireSseKms: values['require-sse-kms'],
      emulatorHosts: values['emulator-hosts']
        ?.split(',')
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean),
    };
    let run;
    try {
      run = await lintPaths(positionals.length ? positionals : ['.'], lintOptions, bundledWorkers());
    } catch (e) {
      // Findings mean exit 1, so anything that stops the run (a path that does not exist, a broken
      // installation) must not: it is exit 2, one typed line on stderr (`PathNotFound: x: no such file...`).
      const err = e instanceof Error ? e : new Error(String(e));
      process.stderr.write(`${(err as { code?: string }).code ?? err.name}: ${err.message.split('\n')[0]}\n`);
      return 2;
    }
    if (format === 'json') {
      process.stdout.write(formatJson(run.results));
      // The JSON contract is an array of findings; notices go beside it, one line each on stderr.
      process.stderr.write(formatNoticeLines(run.notices));
    } else if (format === 'sarif')
      process.stdout.write(`${JSON.stringify(toSarif(run.results, '0.1.0', run.notices), null, 2)}\n`);
    else process.stdout.write(formatText(run.results, run.filesAnalysed, run.notices));
    const failing = run.results.some((r) => r.findings.some((f) => RANK[f.severity] >= RANK[failOn]));
    return failing ? 1 : 0;
  },
};

/**
 * The bundled CLI (dist/cli.js) ships dist/analysis-worker.js beside it: up to one worker per core, fewer when
 * there is little to analyse (lint-files.ts sizes the pool). Run from source (tsx), there is no bundle beside it,
 * and files are analysed in this thread.
 */
function bundledWorkers(): LintParallelism {
  const entry = process.argv[1];
  if (!entry) return { quickGrammarStartup: true };
  const workerScript = join(dirname(realpathSync(entry)), 'analysis-worker.js');
  return existsSync(workerScript)
    ? { workerScript, workers: Math.min(availableParallelism(), 8), quickGrammarStartup: true }
    : { quickGrammarStartup: true };
}
