// Small process helpers shared by the local Ceph cluster and the local KMS launcher.
import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';

/** A port the OS reports free right now (listen on 0, read it, close). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Full path of an executable on PATH (or in /usr/bin and /usr/sbin), or undefined. */
export function findExecutable(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/sbin', '/bin', '/sbin'];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory; keep looking
    }
  }
  return undefined;
}

export class CommandError extends Error {
  override readonly name = 'CommandError';
}

/** Runs a command to completion; rejects with its stderr tail on a non-zero exit or timeout. */
export function run(cmd: string, args: string[], timeoutMs = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) {
        const tail = String(stderr || stdout || err.message)
          .trim()
          .split('\n')
          .slice(-5)
          .join('\n');
        reject(new CommandError(`${cmd} ${args.join(' ')} failed: ${tail}`));
        return;
      }
      resolve(String(stdout));
    });
  });
}

/**
 * Polls `probe` until it returns true or the deadline passes. `failed` reports a fatal condition (e.g. the
 * daemon exited) that ends the wait at once instead of at the deadline.
 */
export async function waitFor(
  what: string,
  probe: () => Promise<boolean>,
  opts: { timeoutMs: number; log?: string; failed?: () => string | undefined },
): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  const seeLog = opts.log ? ` (see ${opts.log})` : '';
  for (;;) {
    const fatal = opts.failed?.();
    if (fatal) throw new CommandError(`${fatal}${seeLog}${logTail(opts.log)}`);
    // A probe that throws (daemon not listening yet, command refused) just means "not yet".
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) {
      throw new CommandError(
        `Timed out after ${opts.timeoutMs / 1000} s waiting for ${what}${seeLog}${logTail(opts.log)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The last lines of a daemon's log, because the folder holding it is removed when startup fails. */
function logTail(log: string | undefined): string {
  if (!log || !existsSync(log)) return '';
  const lines = readFileSync(log, 'utf8').trim().split('\n').slice(-8);
  return lines.length && lines[0] ? `:\n  ${lines.join('\n  ')}` : '';
}

/** True while a process with this pid exists (signal 0 probes without killing). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * True if `pid` is alive and its command line mentions `marker` (the instance folder). PIDs are reused
 * quickly on a busy machine, so a recorded pid is only ever signalled after this check.
 */
export function isOurs(pid: number, marker: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
  } catch {
    return false; // gone (or not visible to us): either way not ours to signal
  }
}

/** SIGTERM, then SIGKILL whatever is still alive after `graceMs`. Only pids whose command line names `marker`. */
export async function killAll(pids: number[], marker: string, graceMs = 1500): Promise<void> {
  const ours = pids.filter((p) => isOurs(p, marker));
  for (const pid of ours) signal(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (ours.some(isAlive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  for (const pid of ours.filter((p) => isOurs(p, marker))) signal(pid, 'SIGKILL');
  // SIGKILL lands asynchronously; wait so callers can remove the folder the daemons were writing to.
  const killDeadline = Date.now() + 2000;
  while (ours.some((p) => isOurs(p, marker)) && Date.now() < killDeadline) await new Promise((r) => setTimeout(r, 50));
}

/** Synchronous variant for exit and signal handlers, where nothing asynchronous runs any more. */
export function killAllNow(pids: number[], marker: string): void {
  for (const pid of pids.filter((p) => isOurs(p, marker))) signal(pid, 'SIGKILL');
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e; // already gone is fine
  }
}
