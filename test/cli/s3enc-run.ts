// Runs any `s3enc` subcommand (the real CLI entry, through tsx) with the live RGW's credentials.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { credentialsEnv, type RunResult } from './cp-support';

const ROOT = join(__dirname, '..', '..');

export function s3enc(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/bin.ts', ...args],
      { cwd: ROOT, env: { ...credentialsEnv(), ...extraEnv }, maxBuffer: 256 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err
          ? typeof (err as { code?: unknown }).code === 'number'
            ? (err as { code: number }).code
            : 1
          : 0;
        resolve({ code, stdout: stdout.toString(), stderr: stderr.toString() });
      },
    );
  });
}
