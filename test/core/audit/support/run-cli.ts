// Runs the real `s3enc` entry point in a child process with the live RGW's credentials.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { liveEnv } from '../../../../tools/live/live-env';

const run = promisify(execFile);
const ROOT = join(__dirname, '../../../..');

export interface CliResult {
  stdout: string;
  stderr: string;
  code: number;
}

export async function s3enc(args: string[]): Promise<CliResult> {
  const live = liveEnv();
  try {
    const out = await run(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/bin.ts'), ...args], {
      cwd: ROOT,
      env: {
        ...process.env,
        AWS_ACCESS_KEY_ID: live.accessKeyId,
        AWS_SECRET_ACCESS_KEY: live.secretAccessKey,
        AWS_REGION: live.region,
      },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { ...out, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}
