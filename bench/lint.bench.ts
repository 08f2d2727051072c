// Lint benchmark: `s3enc lint`'s engine vs ESLint (flat config, one no-restricted-syntax selector, the
// @typescript-eslint parser for .ts) on generated files: the mixed 8-language corpus, and the same JS/TS files for
// both tools (the like-for-like ratio); plus edit-to-diagnostics latency on a 10,000-line TypeScript file, three
// consecutive runs. Each linter runs in its own child process so its peak RSS is its own.
// Prints a markdown table and replaces the "Lint" section of BENCHMARKS.md.
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

const ROOT = join(__dirname, '..');
const FILES = Number(process.env.S3ENC_BENCH_LINT_FILES ?? 2000);
const LATENCY_RUNS = 3;
const EDITS = 200;
const ESLINT_EDITS = 40;

let seed = 42;
const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];

// ~300-line files per language: filler functions plus a few S3 calls (some compliant, some not).
export const GENERATORS: Record<string, (i: number) => string> = {
  ts: (i) =>
    lines(
      [
        `import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';`,
        `const s3 = new S3Client({ endpoint: '${pick(['https://s3.corp.example', 'http://s3.corp.example', 'http://localhost:9000'])}' });`,
      ],
      (n) => [
        `export function handler${n}(input: { id: number; name: string }): string {`,
        `  const label = \`item-\${input.id}-${i}\`;`,
        `  if (input.name.length > ${n}) {`,
        `    return label.toUpperCase();`,
        `  }`,
        `  const parts: string[] = [label, input.name];`,
        `  return parts.join('/');`,
        `}`,
        ``,
      ],
      (n) => [
        `export async function upload${n}(body: string): Promise<void> {`,
        `  await s3.send(new PutObjectCommand({ Bucket: 'b${n}', Key: 'k', Body: body${pick(['', ", ServerSideEncryption: 'AES256'", ", ServerSideEncryption: 'AES-256'"])} }));`,
        `}`,
        ``,
      ],
    ),
  js: (i) =>
    lines(
      [`const AWS = require('aws-sdk');`, `const s3 = new AWS.S3({ sslEnabled: ${pick(['true', 'false'])} });`],
      (n) => [
        `function compute${n}(a, b) {`,
        `  const total = a * ${n} + b;`,
        `  if (total > ${i}) {`,
        `    return { total, ok: true };`,
        `  }`,
        `  return { total, ok: false, note: 'small-${n}' };`,
        `}`,
        `module.exports.compute${n} = compute${n};`,
        ``,
      ],
      (n) => [
        `async function put${n}(body) {`,
        `  return s3.putObject({ Bucket: 'b', Key: 'k${n}', Body: body }).promise();`,
        `}`,
        ``,
      ],
    ),
  py: (i) =>
    lines(
      [
        `import boto3`,
        `s3 = boto3.client("s3", endpoint_url="${pick(['https://s3.corp.example', 'http://s3.corp.example'])}")`,
      ],
      (n) => [
        `def transform_${n}(rows):`,
        `    out = []`,
        `    for row in rows:`,
        `        if row.get("id", 0) > ${n}:`,
        `            out.append({"id": row["id"], "tag": "t-${i}"})`,
        `    return out`,
        ``,
        ``,
      ],
      (n) => [
        `def upload_${n}(body):`,
        `    s3.put_object(Bucket="b", Key="k${n}", Body=body${pick(['', ', ServerSideEncryption="AES256"'])})`,
        ``,
      ],
    ),
  java: (i) =>
    lines(
      [
        `package bench;`,
        `class File${i} {`,
        `  S3Client s3 = S3Client.builder().endpointOverride(URI.create("${pick(['https://s3.corp.example', 'http://s3.corp.example'])}")).build();`,
      ],
      (n) => [
        `  int compute${n}(int a, int b) {`,
        `    int total = a * ${n} + b;`,
        `    if (total > ${i}) {`,
        `      return total - 1;`,
        `    }`,
        `    String label = "item-" + total;`,
        `    return label.length();`,
        `  }`,
        ``,
      ],
      (n) => [
        `  void put${n}(String body) {`,
        `    s3.putObject(PutObjectRequest.builder().bucket("b").key("k${n}").build(), RequestBody.fromString(body));`,
        `  }`,
        ``,
      ],
      ['}'],
    ),
  go: (i) =>
    lines(
      [`package bench`, ``, `import "github.com/aws/aws-sdk-go/aws"`, ``],
      (n) => [
        `func compute${n}(a, b int) int {`,
        `\ttotal := a*${n} + b`,
        `\tif total > ${i} {`,
        `\t\treturn total - 1`,
        `\t}`,
        `\tlabel := "item"`,
        `\treturn total + len(label)`,
        `}`,
        ``,
      ],
      (n) => [
        `func put${n}(svc *s3.S3) {`,
        `\tsvc.PutObject(&s3.PutObjectInput{Bucket: aws.String("b"), Key: aws.String("k${n}")${pick(['', ', ServerSideEncryption: aws.String("AES256")'])}})`,
        `}`,
        ``,
      ],
    ),
  tf: (i) =>
    lines(
      [`provider "aws" {`, `  region = "us-east-1"`, `}`, ``],
      (n) => [
        `resource "aws_s3_bucket" "b${n}" {`,
        `  bucket = "corp-${i}-${n}"`,
        `  tags = {`,
        `    team = "data"`,
        `    env  = "prod"`,
        `  }`,
        `}`,
        ``,
        ``,
      ],
      (n) => [`resource "aws_sqs_queue" "q${n}" {`, `  name = "q-${i}-${n}"`, `}`, ``],
    ),
  sh: (i) =>
    lines(
      [`#!/bin/bash`, `set -euo pipefail`],
      (n) => [
        `process_${n}() {`,
        `  local file="$1"`,
        `  if [ -f "$file" ]; then`,
        `    echo "processing $file ${i}"`,
        `    wc -l "$file"`,
        `  fi`,
        `  return 0`,
        `}`,
        ``,
      ],
      (n) => [
        `aws s3 cp "build/${n}.tar" s3://corp-artifacts/${i}/${n}.tar${pick(['', ' --sse aws:kms', ' --sse AES-256'])}`,
        ``,
      ],
    ),
  yaml: (i) =>
    lines(
      [`AWSTemplateFormatVersion: "2010-09-09"`, `Resources:`],
      (n) => [
        `  Bucket${n}:`,
        `    Type: AWS::S3::Bucket`,
        `    Properties:`,
        `      BucketName: corp-${i}-${n}`,
        `      Tags:`,
        `        - Key: team`,
        `          Value: data`,
        `        - Key: env`,
        `          Value: prod`,
      ],
      (n) => [`  Queue${n}:`, `    Type: AWS::SQS::Queue`, `    Properties:`, `      QueueName: q-${i}-${n}`],
    ),
};

function lines(
  head: string[],
  filler: (n: number) => string[],
  s3: (n: number) => string[],
  tail: string[] = [],
): string {
  const out = [...head];
  for (let n = 0; out.length < 290; n++) out.push(...(n % 6 === 5 ? s3(n) : filler(n)));
  return [...out, ...tail].join('\n') + '\n';
}

function run(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: ROOT, maxBuffer: 256 << 20 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout),
    );
  });
}

interface RunStats {
  seconds: number;
  files: number;
  findings: number;
  maxRssMiB: number;
}

/** The CLI a user runs: `node dist/cli.js lint DIR --format json` (needs `npm run build`), timed from outside. */
function runShippedCli(dir: string): Promise<{ seconds: number; findings: number; maxRssMiB: number }> {
  const cli = join(ROOT, 'dist', 'cli.js');
  if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` before the lint benchmark');
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    // /usr/bin/time reports the peak RSS of the process including its worker threads; exit 1 = findings.
    execFile(
      '/usr/bin/time',
      ['-f', '%M', process.execPath, cli, 'lint', dir, '--format', 'json'],
      { cwd: ROOT, maxBuffer: 1 << 30 },
      (err, stdout, stderr) => {
        const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
        if (err && err.code !== 1) return reject(new Error(`${err.message}\n${stderr}`));
        const rssKiB = Number(stderr.trim().split('\n').pop());
        resolve({ seconds, findings: (JSON.parse(stdout) as unknown[]).length, maxRssMiB: rssKiB / 1024 });
      },
    );
  });
}

/** The `eslint` CLI a user runs, as a whole process, with the same rule as the in-process row (a flat config file). */
function runEslintCli(dir: string): Promise<{ seconds: number; findings: number; maxRssMiB: number }> {
  const config = join(dir, 'eslint.config.cjs');
  writeFileSync(config, ESLINT_CONFIG(require.resolve('@typescript-eslint/parser')));
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    execFile(
      '/usr/bin/time',
      [
        '-f',
        '%M',
        process.execPath,
        join(dirname(require.resolve('eslint/package.json')), 'bin', 'eslint.js'),
        '-c',
        config,
        '--format',
        'json',
        '.',
      ],
      { cwd: dir, maxBuffer: 1 << 30 },
      (err, stdout, stderr) => {
        const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
        if (err && err.code !== 1) return reject(new Error(`${err.message}\n${stderr}`));
        const results = JSON.parse(stdout) as Array<{ messages: unknown[]; fatalErrorCount: number }>;
        if (results.some((r) => r.fatalErrorCount)) return reject(new Error('ESLint failed to parse some files'));
        resolve({
          seconds,
          findings: results.reduce((n, r) => n + r.messages.length, 0),
          maxRssMiB: Number(stderr.trim().split('\n').pop()) / 1024,
        });
      },
    );
  });
}

export const ESLINT_CONFIG = (tsParser: string) => `
const tsParser = require(${JSON.stringify(tsParser)});
const selector = "NewExpression[callee.name=/^(PutObjectCommand|S3Client)$/] > ObjectExpression, CallExpression[callee.property.name='putObject'] > ObjectExpression";
const rule = { 'no-restricted-syntax': ['warn', { selector, message: 'S3 call: check its encryption parameters' }] };
module.exports = [
  { files: ['**/*.js'], languageOptions: { sourceType: 'commonjs' }, rules: rule },
  { files: ['**/*.ts'], languageOptions: { parser: tsParser }, rules: rule },
  { ignores: ['eslint.config.cjs'] },
];
`;

const OURS = `
const { lintPaths } = require('./src/core/analysis/lint-files');
(async () => {
  const t0 = process.hrtime.bigint();
  const run = await lintPaths([process.argv[1]]);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const findings = run.results.reduce((n, r) => n + r.findings.length, 0);
  process.stdout.write(JSON.stringify({ seconds, files: run.filesAnalysed, findings, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
})();`;

const ESLINT = `
const { ESLint } = require('eslint');
const tsParser = require('@typescript-eslint/parser');
(async () => {
  const selector = "NewExpression[callee.name=/^(PutObjectCommand|S3Client)$/] > ObjectExpression, CallExpression[callee.property.name='putObject'] > ObjectExpression";
  const rule = { 'no-restricted-syntax': ['warn', { selector, message: 'S3 call: check its encryption parameters' }] };
  const eslint = new ESLint({
    cwd: process.argv[1],
    overrideConfigFile: true,
    overrideConfig: [
      { files: ['**/*.js'], languageOptions: { sourceType: 'commonjs' }, rules: rule },
      { files: ['**/*.ts'], languageOptions: { parser: tsParser }, rules: rule },
    ],
  });
  const t0 = process.hrtime.bigint();
  const results = await eslint.lintFiles(['**/*.js', '**/*.ts']);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const findings = results.reduce((n, r) => n + r.messages.length, 0);
  const fatal = results.reduce((n, r) => n + r.fatalErrorCount, 0);
  if (fatal) throw new Error(fatal + ' files failed to parse');
  process.stdout.write(JSON.stringify({ seconds, files: results.length, findings, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
})();`;

const LATENCY = `
const { Analyzer } = require('./src/core/analysis/engine');
const { ESLint } = require('eslint');
const tsParser = require('@typescript-eslint/parser');
const fs = require('fs');
(async () => {
  const [file, editsArg] = process.argv.slice(1);
  const edits = Number(editsArg);
  let text = fs.readFileSync(file, 'utf8');
  const analyzer = new Analyzer();
  const eslint = new ESLint({ cwd: require('path').dirname(file), overrideConfigFile: true, overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tsParser }, rules: { 'no-restricted-syntax': ['warn', "NewExpression[callee.name='PutObjectCommand'] > ObjectExpression"] } }] });
  await analyzer.analyze(file, text);
  await eslint.lintText(text, { filePath: file });
  const ours = [], oursCpu = [], theirs = [];
  const spots = [];
  for (let j = text.indexOf('\`item-'); j >= 0; j = text.indexOf('\`item-', j + 1)) spots.push(j + 1);
  let findings = 0;
  for (let i = 0; i < edits; i++) {
    // Typing: insert one character inside a template literal somewhere in the file, then delete it again,
    // so every edit leaves valid code and the file returns to its original size.
    const at = spots[(Math.floor(i / 2) * 7919) % spots.length] + 'item-'.length;
    text = i % 2 === 0 ? text.slice(0, at) + 'x' + text.slice(at) : text.slice(0, at) + text.slice(at + 1);
    let t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    findings = (await analyzer.analyze(file, text)).findings.length;
    ours.push(Number(process.hrtime.bigint() - t0) / 1e6);
    const c = process.cpuUsage(c0);
    oursCpu.push((c.user + c.system) / 1e3);
    if (i >= ${ESLINT_EDITS}) continue; // ESLint re-lints the whole file each time: fewer samples keep the run short
    t0 = process.hrtime.bigint();
    const [res] = await eslint.lintText(text, { filePath: file });
    if (!res || res.messages.length === 0 || res.fatalErrorCount) throw new Error('ESLint did not lint the file: ' + JSON.stringify(res && res.messages.slice(0, 2)));
    theirs.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const q = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
  process.stdout.write(JSON.stringify({ findings, ours: { p50: q(ours, 0.5), p95: q(ours, 0.95) }, oursCpu: { p50: q(oursCpu, 0.5), p95: q(oursCpu, 0.95) }, eslint: { p50: q(theirs, 0.5), p95: q(theirs, 0.95) } }));
})();`;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 's3enc-lint-bench-'));
  try {
    const kinds = Object.keys(GENERATORS);
    let totalLines = 0;
    const jsTsFiles: string[] = [];
    for (let i = 0; i < FILES; i++) {
      const kind = kinds[i % kinds.length];
      const sub = join(dir, `pkg${i % 50}`);
      mkdirSync(sub, { recursive: true });
      const text = GENERATORS[kind](i);
      totalLines += text.split('\n').length - 1;
      const name = join(`pkg${i % 50}`, kind === 'java' ? `File${i}.java` : `file${i}.${kind}`);
      writeFileSync(join(dir, name), text);
      if (kind === 'ts' || kind === 'js') jsTsFiles.push(name);
    }
    const big = join(dir, 'big.ts');
    writeFileSync(
      big,
      Array.from({ length: 34 }, (_, i) => GENERATORS.ts(i))
        .join('\n')
        .split('\n')
        .slice(0, 10_000)
        .join('\n'),
    );
    console.error(`lint bench: ${FILES} files, ${totalLines} lines in ${dir}`);

    const tsx = ['--require', require.resolve('tsx/cjs')];
    const ours = JSON.parse(await run([...tsx, '-e', OURS, dir])) as RunStats;
    console.error(`s3enc lint: ${JSON.stringify(ours)}`);
    const cli = await runShippedCli(dir);
    console.error(`s3enc lint (dist/cli.js): ${JSON.stringify(cli)}`);
    const eslint = JSON.parse(await run(['-e', ESLINT, dir])) as RunStats;
    console.error(`eslint: ${JSON.stringify(eslint)}`);
    // Like for like: both tools, whole processes, on exactly the same JS/TS files (a copy without the rest).
    const same = join(dir, '..', `${basename(dir)}-jsts`);
    for (const f of jsTsFiles) {
      mkdirSync(dirname(join(same, f)), { recursive: true });
      copyFileSync(join(dir, f), join(same, f));
    }
    const cliSame = await runShippedCli(same);
    const eslintSame = await runEslintCli(same);
    console.error(`same JS/TS files: s3enc ${JSON.stringify(cliSame)} eslint ${JSON.stringify(eslintSame)}`);
    const latencies: Array<{
      findings: number;
      ours: { p50: number; p95: number };
      oursCpu: { p50: number; p95: number };
      eslint: { p50: number; p95: number };
    }> = [];
    for (let r = 0; r < LATENCY_RUNS; r++) {
      latencies.push(JSON.parse(await run([...tsx, '-e', LATENCY, big, String(EDITS)])) as (typeof latencies)[number]);
      console.error(`latency run ${r + 1}: ${JSON.stringify(latencies[r])}`);
    }
    rmSync(same, { recursive: true, force: true });

    const ms = (x: number) => `${x.toFixed(1)} ms`;
    const load = loadavg()[0].toFixed(1);
    const p95s = latencies.map((l) => l.ours.p95);
    const sameRatio = jsTsFiles.length / cliSame.seconds / (jsTsFiles.length / eslintSame.seconds);
    const mixedRatio = ours.files / cli.seconds / (eslint.files / eslint.seconds);
    const body = [
      `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version} (in-process rows: one thread; the shipped CLI: a worker pool sized to the work, at most one per core); 1-minute load average at the end of the run: ${load} (the machine is shared with other jobs: wall-clock rows are slowed by them; same-run ratios and CPU times are what compare). Corpus: ${FILES} generated files (${kinds.join(', ')}; ~300 lines each, ${totalLines.toLocaleString('en')} lines). ESLint ${(require('eslint/package.json') as { version: string }).version} with one \`no-restricted-syntax\` selector and @typescript-eslint/parser for .ts.`,
      '',
      '| Run | Files | Time | Files/s | Peak RSS | Findings |',
      '|---|---:|---:|---:|---:|---:|',
      `| \`s3enc lint\` as shipped (dist/cli.js; wall clock incl. process start), mixed corpus | ${ours.files} | ${cli.seconds.toFixed(2)} s | **${(ours.files / cli.seconds).toFixed(0)}** | ${cli.maxRssMiB.toFixed(0)} MiB | ${cli.findings} |`,
      `| s3enc analysis in one thread (lintPaths in-process, like ESLint's row), mixed corpus | ${ours.files} | ${ours.seconds.toFixed(2)} s | ${(ours.files / ours.seconds).toFixed(0)} | ${ours.maxRssMiB.toFixed(0)} MiB | ${ours.findings} |`,
      `| ESLint in-process, the JS/TS files of the corpus | ${eslint.files} | ${eslint.seconds.toFixed(2)} s | ${(eslint.files / eslint.seconds).toFixed(0)} | ${eslint.maxRssMiB.toFixed(0)} MiB | ${eslint.findings} |`,
      `| \`s3enc lint\` as shipped, **the same ${jsTsFiles.length} JS/TS files** | ${jsTsFiles.length} | ${cliSame.seconds.toFixed(2)} s | ${(jsTsFiles.length / cliSame.seconds).toFixed(0)} | ${cliSame.maxRssMiB.toFixed(0)} MiB | ${cliSame.findings} |`,
      `| \`eslint\` CLI as shipped (whole process), **the same ${jsTsFiles.length} JS/TS files** | ${jsTsFiles.length} | ${eslintSame.seconds.toFixed(2)} s | ${(jsTsFiles.length / eslintSame.seconds).toFixed(0)} | ${eslintSame.maxRssMiB.toFixed(0)} MiB | ${eslintSame.findings} |`,
      '',
      `Files/s ratio s3enc : ESLint — same JS/TS files, both whole processes: **${sameRatio.toFixed(2)}×**; mixed corpus (s3enc on all ${ours.files} files vs ESLint on its JS/TS files): ${mixedRatio.toFixed(2)}×.`,
      '',
      `Re-analysis of a 10,000-line TypeScript file after a one-character edit (in-process, warm; ${EDITS} edits for s3enc, the first ${ESLINT_EDITS} for ESLint), ${LATENCY_RUNS} consecutive runs. Wall clock includes time the scheduler gave other jobs; CPU is this process's user+system time per edit:`,
      '',
      '| Run | s3enc p50 | s3enc p95 | s3enc CPU p50 | s3enc CPU p95 | ESLint `lintText` p50 | ESLint p95 |',
      '|---|---:|---:|---:|---:|---:|---:|',
      ...latencies.map(
        (l, i) =>
          `| ${i + 1} | ${ms(l.ours.p50)} | **${ms(l.ours.p95)}** | ${ms(l.oursCpu.p50)} | ${ms(l.oursCpu.p95)} | ${ms(l.eslint.p50)} | ${ms(l.eslint.p95)} |`,
      ),
      '',
      `Targets: ≥ 500 files/s (the shipped CLI, mixed corpus) — ${ours.files / cli.seconds >= 500 ? 'met' : 'NOT met'} in this run; p95 ≤ 30 ms in each of ${LATENCY_RUNS} consecutive runs — ${p95s.every((p) => p <= 30) ? 'met' : `NOT met (${p95s.map((p) => p.toFixed(1)).join(' / ')} ms)`} at load ${load}. The in-process rows exclude process start-up; all s3enc rows include loading the WASM grammars. Peak RSS of the CLI rows is the whole process with its workers (/usr/bin/time).`,
    ].join('\n');
    console.log(body);
    const file = join(ROOT, 'BENCHMARKS.md');
    const text = readFileSync(file, 'utf8');
    const heading = '## Lint (`s3enc lint`) vs ESLint';
    const start = text.indexOf(heading);
    if (start < 0) return console.error(`BENCHMARKS.md has no "${heading}" section; not updated`);
    const next = text.indexOf('\n## ', start + heading.length);
    const end = next < 0 ? text.length : next + 1;
    writeFileSync(file, `${text.slice(0, start)}${heading}\n\n${body}\n\n${text.slice(end)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
