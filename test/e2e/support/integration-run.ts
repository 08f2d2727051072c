// Runs the extension-host integration suite (test/integration) inside code-server: the workbench URL's
// `payload` carries extensionDevelopmentPath/extensionTestsPath, the remote extension host loads the
// extension from the repo and runs the suite, and the workbench reports the exit code through
// window.codeAutomationExit, which the page exposes to us.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { IntegrationReport } from '../../integration/index';
import { CodeServer } from '../../../tools/code-server/server';
import type { Environment } from '../../../tools/code-server/environment';
import { repoRoot } from './paths';

export const INTEGRATION_OUT = join(repoRoot, 'out', 'test', 'integration');

/** Compiles test/integration to out/ (the extension host loads plain JavaScript). */
export function compileIntegrationSuite(): void {
  const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', join(repoRoot, 'test', 'integration')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`compiling test/integration failed:\n${r.stdout}${r.stderr}`);
}

export interface IntegrationResult {
  exitCode: number;
  report: IntegrationReport;
  serverLog: string;
}

export async function runIntegrationInCodeServer(
  browser: Browser,
  env: Environment,
  timeoutMs: number,
): Promise<IntegrationResult> {
  const reportFile = join(env.dir, 'integration-report.json');
  const server = await CodeServer.start({
    workspace: env.workspace,
    settings: env.settings,
    env: { ...env.env, S3ENC_INTEGRATION_REPORT: reportFile },
  });
  const page = await browser.newPage();
  try {
    const host = new URL(server.url).host;
    const remote = (path: string) => `vscode-remote://${host}${path}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(repoRoot)],
      ['extensionTestsPath', remote(join(INTEGRATION_OUT, 'index.js'))],
    ]);
    const exited = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
    });
    await page.goto(`${server.url}?folder=${encodeURIComponent(env.workspace)}&payload=${encodeURIComponent(payload)}`);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(
              `the integration suite did not finish within ${timeoutMs / 1000} s; server log:\n${server.output}`,
            ),
          ),
        timeoutMs,
      );
    });
    const exitCode = await Promise.race([exited, timedOut]).finally(() => clearTimeout(timer));
    if (!existsSync(reportFile)) {
      throw new Error(`the extension host exited (${exitCode}) without a test report; server log:\n${server.output}`);
    }
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as IntegrationReport;
    return { exitCode, report, serverLog: server.output };
  } finally {
    await page.close();
    await server.stop();
  }
}
