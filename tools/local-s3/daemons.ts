// The processes one local-services instance started, and nothing else. Every pid is also written to a file
// in the instance's folder so a reaper (or dev-down) can stop exactly these daemons later, even after the
// process that started them was killed with SIGKILL.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killAll, killAllNow } from './proc';

export const PIDS_FILE = 'daemons.pids';

export interface SpawnOptions {
  /** Keep running after this Node process exits (dev-up). */
  detached: boolean;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

export class DaemonSet {
  readonly dir: string;
  private readonly pids: number[] = [];
  private stopped = false;

  constructor(prefix: string, parentDir = tmpdir()) {
    this.dir = mkdtempSync(join(parentDir, prefix));
    mkdirSync(join(this.dir, 'log'), { recursive: true });
  }

  /** Starts a daemon whose stdout/stderr go to `<dir>/log/<name>.out` and records its pid. */
  spawn(name: string, bin: string, args: string[], opts: SpawnOptions): ChildProcess {
    if (this.stopped) throw new Error(`Not starting ${name}: this local-services instance was already stopped`);
    const logFd = openSync(this.logPath(name), 'a');
    try {
      const child = spawn(bin, args, {
        detached: true, // own process group: a terminal Ctrl-C reaches the owner, which then stops us in order
        cwd: opts.cwd,
        env: opts.env,
        stdio: ['ignore', logFd, logFd],
      });
      if (child.pid === undefined) throw new Error(`Could not start ${bin}`);
      this.track(child.pid);
      if (opts.detached) child.unref();
      return child;
    } finally {
      closeSync(logFd);
    }
  }

  track(pid: number): void {
    this.pids.push(pid);
    appendFileSync(join(this.dir, PIDS_FILE), `${pid}\n`);
  }

  /** stdout/stderr of a daemon (Ceph daemons write their real log to `<name>.log` beside it). */
  logPath(name: string): string {
    return join(this.dir, 'log', `${name}.out`);
  }

  /** Starts a watcher that stops these daemons and removes the folder if `ownerPid` dies first. */
  startReaper(ownerPid: number): void {
    const reaper = spawn(process.execPath, [join(__dirname, 'reaper.mjs'), String(ownerPid), this.dir], {
      detached: true,
      stdio: 'ignore',
    });
    reaper.unref();
  }

  async stop(opts: { keepDir?: boolean } = {}): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await killAll([...this.pids].reverse(), this.dir);
    if (opts.keepDir) rmSync(join(this.dir, PIDS_FILE), { force: true });
    else rmSync(this.dir, { recursive: true, force: true });
  }

  /** For exit/signal handlers: SIGKILL and remove synchronously. */
  stopNow(): void {
    if (this.stopped) return;
    this.stopped = true;
    killAllNow(this.pids, this.dir);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Stops the daemons recorded in an instance folder (dev-down, or a reaper) and removes the folder. */
export async function stopRecorded(dir: string): Promise<number[]> {
  const file = join(dir, PIDS_FILE);
  const pids = existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map(Number)
        .filter((n) => n > 0)
    : [];
  await killAll(pids.reverse(), dir);
  rmSync(dir, { recursive: true, force: true });
  return pids;
}
