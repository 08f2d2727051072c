// One Chromium and one code-server (with the packaged extension installed) shared by the browser
// scenarios; each scenario opens its own workbench page. Started on first use, stopped by the root hook
// in hooks.ts. Anything missing (code-server install, Chromium, live services) fails with instructions.
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { liveEnv, type LiveEnv } from '../../../tools/live/live-env';
import { CodeServer } from '../../../tools/code-server/server';
import { prepareEnvironment, type Environment } from '../../../tools/code-server/environment';
import { artifactsDir, repoRoot } from './paths';
import { removeFixtures, seedFixtures, type SeededFixtures } from './seed';
import { ensureVsix } from './vsix';
import { launchChromium, Workbench } from './workbench';

export interface Session {
  live: LiveEnv;
  env: Environment;
  server: CodeServer;
  fixtures: SeededFixtures;
}

let browser: Promise<Browser> | undefined;
let session: Promise<Session> | undefined;

export function sharedBrowser(): Promise<Browser> {
  browser ??= launchChromium();
  return browser;
}

export function sharedSession(): Promise<Session> {
  session ??= (async () => {
    const live = liveEnv();
    const vsix = ensureVsix();
    const fixtures = await seedFixtures(live);
    const env = prepareEnvironment(live, {
      workspaceTemplate: join(repoRoot, 'test', 'e2e', 'fixtures', 'workspace'),
      // File dialogs are VS Code's own quick input with a path box (what the scenarios answer), never the
      // browser's file picker. A click on a tree row selects it; its twistie folds it (Workbench.select).
      settings: { 'files.simpleDialog.enable': true, 'workbench.tree.expandMode': 'doubleClick' },
    });
    try {
      const server = await CodeServer.start({
        workspace: env.workspace,
        settings: env.settings,
        env: env.env,
        install: [vsix],
      });
      return { live, env, server, fixtures };
    } catch (err) {
      env.cleanup();
      throw err;
    }
  })();
  return session;
}

/** A fresh workbench window on the shared server. */
export async function openWorkbench(): Promise<Workbench> {
  const [b, s] = await Promise.all([sharedBrowser(), sharedSession()]);
  return Workbench.open(b, s.server.url);
}

export async function stopAll(): Promise<void> {
  const s = await session?.catch(() => undefined);
  session = undefined;
  if (s) {
    await s.server.stop({ keepLogsIn: join(artifactsDir, 'code-server-logs') });
    s.env.cleanup();
  }
  const live = process.env.S3ENC_LIVE_ENV ? liveEnv() : undefined;
  if (live) await removeFixtures(live);
  const b = await browser?.catch(() => undefined);
  browser = undefined;
  await b?.close();
}

/** Mocha afterEach: a screenshot named after the failed test, so a red run shows what was on screen. */
export function screenshotOnFailure(workbench: () => Workbench | undefined): void {
  afterEach(async function () {
    const wb = workbench();
    if (this.currentTest?.state !== 'failed' || !wb) return;
    const name = `FAILED-${this.currentTest.fullTitle()}`.replace(/[^a-zA-Z0-9-]+/g, '-').slice(0, 100);
    await wb.screenshot(name).catch((err: Error) => console.error(`could not save ${name}.png: ${err.message}`));
  });
}
