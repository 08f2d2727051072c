// Starts and stops a real code-server (VS Code server + web workbench) from the per-machine cache that
// tools/code-server/install.mjs fills. Each instance gets its own port, user-data and extensions folders.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CodeServerOptions {
  /** Folder opened in the workbench. */
  workspace: string;
  /** User settings (settings.json). */
  settings: Record<string, unknown>;
  /** Extra environment for the server and its extension host (credentials files, live services). */
  env?: NodeJS.ProcessEnv;
  /** .vsix files installed before start. */
  install?: string[];
  /** Port on 127.0.0.1; 0 (default) lets the OS pick a free one. */
  port?: number;
}

/** The install directory, or an Error saying how to get code-server (never a silent skip). */
export function codeServerInstall(): string {
  const r = spawnSync(process.execPath, [join(__dirname, 'install.mjs'), '--check'], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(r.stderr.trim() || `code-server check failed (exit ${r.status})`);
  return r.stdout.trim();
}

export class CodeServer {
  private log = '';

  private constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
    /** http://127.0.0.1:PORT/ */
    readonly url: string,
  ) {}

  /** Resolves when the server process ends, for whatever reason. */
  get exited(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => this.child.once('exit', () => resolve()));
  }

  /** The server's own output so far, for failure messages. */
  get output(): string {
    return this.log;
  }

  static async start(opts: CodeServerOptions): Promise<CodeServer> {
    const entry = join(codeServerInstall(), 'node_modules', 'code-server', 'out', 'node', 'entry.js');
    const dir = mkdtempSync(join(tmpdir(), 's3enc-code-server-'));
    const userData = join(dir, 'user-data');
    const extensions = join(dir, 'extensions');
    mkdirSync(join(userData, 'User'), { recursive: true });
    mkdirSync(extensions, { recursive: true });
    writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify(opts.settings, null, 2));
    // Its own config file, so nothing is written to ~/.config/code-server.
    const config = join(dir, 'config.yaml');
    writeFileSync(config, 'auth: none\ncert: false\n');
    const common = ['--config', config, '--user-data-dir', userData, '--extensions-dir', extensions];
    const env = { ...process.env, ...opts.env };

    for (const vsix of opts.install ?? []) {
      const r = spawnSync(process.execPath, [entry, ...common, '--install-extension', vsix], { encoding: 'utf8', env });
      if (r.status !== 0 || !/was successfully installed/.test(r.stdout)) {
        rmSync(dir, { recursive: true, force: true });
        throw new Error(`code-server could not install ${vsix}:\n${r.stdout}\n${r.stderr}`);
      }
    }

    const args = [
      entry,
      ...common,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${opts.port ?? 0}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      opts.workspace,
    ];
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    const listening = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`code-server did not start within 60 s:\n${log}`)), 60_000);
      const onData = (chunk: Buffer) => {
        log += chunk.toString();
        // Port 0 lets the OS pick a free port; the server prints the one it got.
        const m = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(log);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`code-server exited (${code}) before listening:\n${log}`));
      });
    });
    let url: string;
    try {
      url = await listening;
    } catch (err) {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      throw err;
    }
    const server = new CodeServer(child, dir, url);
    server.log = log;
    // Keep the tail only: enough for a failure message, bounded for long demo sessions.
    const append = (chunk: Buffer) => {
      server.log = (server.log + chunk.toString()).slice(-200_000);
    };
    child.stdout?.removeAllListeners('data').on('data', append);
    child.stderr?.removeAllListeners('data').on('data', append);
    return server;
  }

  /**
   * Stops the server (and with it the extension host) and removes its folders. `keepLogsIn` first copies
   * VS Code's logs there (the extension host's and each output channel's), so a red run can be read afterwards.
   */
  async stop(opts: { keepLogsIn?: string } = {}): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    const logs = join(this.dir, 'user-data', 'logs');
    if (opts.keepLogsIn && existsSync(logs)) {
      rmSync(opts.keepLogsIn, { recursive: true, force: true });
      cpSync(logs, opts.keepLogsIn, { recursive: true });
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
