// Runs `s3enc cp` (the real CLI entry, through tsx) against the live RGW, and /usr/bin/aws as a peer.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { liveEnv } from '../../tools/live/live-env';

const ROOT = join(__dirname, '..', '..');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd: ROOT, env, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err
        ? typeof (err as { code?: unknown }).code === 'number'
          ? (err as { code: number }).code
          : 1
        : 0;
      resolve({ code, stdout: stdout.toString(), stderr: stderr.toString() });
    });
  });
}

export function credentialsEnv(): NodeJS.ProcessEnv {
  const env = liveEnv();
  return {
    ...process.env,
    AWS_ACCESS_KEY_ID: env.accessKeyId,
    AWS_SECRET_ACCESS_KEY: env.secretAccessKey,
    AWS_REGION: env.region,
  };
}

/** `s3enc cp ARGS --endpoint <rgw>`; SSE-C tests add --allow-http-loopback themselves. */
export function s3encCp(args: string[]): Promise<RunResult> {
  return run(
    process.execPath,
    ['--import', 'tsx', 'src/cli/bin.ts', 'cp', ...args, '--endpoint', liveEnv().s3Endpoint],
    credentialsEnv(),
  );
}

export interface RunningCp {
  child: ChildProcess;
  /** Resolves when the process exits: its code (or 128 + n when a signal killed it) and output. */
  result: Promise<RunResult & { signal: NodeJS.Signals | null }>;
}

/** `s3enc cp ARGS --endpoint ENDPOINT` as a running child, for tests that signal it mid-transfer. */
export function spawnS3encCp(
  args: string[],
  endpoint = liveEnv().s3Endpoint,
  extraEnv: NodeJS.ProcessEnv = {},
): RunningCp {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/bin.ts', 'cp', ...args, '--endpoint', endpoint], {
    cwd: ROOT,
    env: { ...credentialsEnv(), ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const result = new Promise<RunResult & { signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code: code ?? -1, signal, stdout, stderr }));
  });
  return { child, result };
}

let awsConfig: string | undefined;

/** Debian's AWS CLI (not the pyenv shim), path-style, pointed at the live RGW. */
export function awsCli(args: string[]): Promise<RunResult> {
  if (!awsConfig) {
    const dir = mkdtempSync(join(tmpdir(), 's3enc-awscfg-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    awsConfig = join(dir, 'config');
    writeFileSync(awsConfig, '[default]\nregion = us-east-1\ns3 =\n  addressing_style = path\n');
  }
  return run('/usr/bin/aws', [...args, '--endpoint-url', liveEnv().s3Endpoint], {
    ...credentialsEnv(),
    AWS_CONFIG_FILE: awsConfig,
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  });
}
