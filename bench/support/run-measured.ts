// Whole-process measurement for the benchmarks: runs a command under GNU time (`/usr/bin/time -f`) for its peak
// RSS (worker threads included; for a command that starts other processes, such as a shell loop, the kernel
// reports the largest single process, not a sum), and the wall clock from spawn to exit, so start-up counts for
// every tool alike. Also the median, the alternating schedule (a, b, c, a, b, c, ...) that lets a busy moment of
// the shared machine hit every command alike, and the rewrite of a benchmark's own BENCHMARKS.md section.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Measured {
  ms: number;
  maxRssMiB: number;
  stdout: string;
  /** The command's own stderr, without GNU time's lines. */
  stderr: string;
  code: number;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Exit codes that count as success (default [0]); any other rejects with the command's stderr. */
  okCodes?: number[];
  maxBuffer?: number;
}

const TIME = '/usr/bin/time';
const RSS_TAG = 's3enc-bench-maxrss-kib=';

export async function runMeasured(cmd: string, args: string[], opts: RunOptions = {}): Promise<Measured> {
  if (!existsSync(TIME)) throw new Error(`${TIME} is missing: install GNU time (Debian package "time")`);
  const okCodes = opts.okCodes ?? [0];
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    execFile(
      TIME,
      ['-f', `${RSS_TAG}%M`, cmd, ...args],
      { cwd: opts.cwd, env: opts.env ?? process.env, maxBuffer: opts.maxBuffer ?? 256 << 20 },
      (err, stdout, rawStderr) => {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        const lines = rawStderr.split('\n');
        let tagAt = lines.length - 1;
        while (tagAt >= 0 && !lines[tagAt].startsWith(RSS_TAG)) tagAt--;
        // GNU time adds "Command exited with non-zero status N" just before its format line.
        const own = lines.filter((l, i) => i !== tagAt && !(i === tagAt - 1 && l.startsWith('Command ')));
        const stderr = own.join('\n');
        if (!okCodes.includes(code) || tagAt < 0)
          return reject(new Error(`${cmd} ${args.join(' ')}: exit ${code}\n${stderr.slice(-2000)}`));
        resolve({ ms, maxRssMiB: Number(lines[tagAt].slice(RSS_TAG.length)) / 1024, stdout, stderr, code });
      },
    );
  });
}

export function median(xs: readonly number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * Runs each of `tasks` once per round, in turn (a, b, c, a, b, c, ...), and returns every task's results in
 * task order. The first round can be a warm-up that is not kept (page cache, RGW's caches).
 */
export async function alternate<T>(
  tasks: readonly (() => Promise<T>)[],
  rounds: number,
  opts: { warmUp?: boolean; onResult?: (task: number, round: number, result: T) => void } = {},
): Promise<T[][]> {
  const results = tasks.map(() => [] as T[]);
  if (opts.warmUp) for (const task of tasks) await task();
  for (let r = 0; r < rounds; r++) {
    for (const [i, task] of tasks.entries()) {
      const result = await task();
      results[i].push(result);
      opts.onResult?.(i, r, result);
    }
  }
  return results;
}

/** Median wall time and median peak RSS of a set of runs. */
export function summarize(runs: readonly { ms: number; maxRssMiB: number }[]): { ms: number; maxRssMiB: number } {
  return { ms: median(runs.map((r) => r.ms)), maxRssMiB: median(runs.map((r) => r.maxRssMiB)) };
}

/** Replaces the section under `heading` (up to the next `## `) of BENCHMARKS.md, or appends it. */
export function replaceBenchmarksSection(heading: string, body: string): void {
  const file = join(__dirname, '..', '..', 'BENCHMARKS.md');
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(heading);
  if (start < 0) {
    writeFileSync(file, `${text.trimEnd()}\n\n${heading}\n\n${body}\n`);
    return;
  }
  const next = text.indexOf('\n## ', start + heading.length);
  const end = next < 0 ? text.length : next + 1;
  writeFileSync(file, `${text.slice(0, start)}${heading}\n\n${body}\n\n${text.slice(end)}`);
}
