// The demo's moving parts, in start order; each one started is stopped on the way out (Ctrl-C, SIGTERM,
// an error, or the end of a --check run), last started first.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { liveEnv, type LiveEnv } from '../live/live-env';
import { kmsMasterKeyFile } from '../live/vectors-path';
import { CONNECTION_LABEL, prepareEnvironment } from '../code-server/environment';
import { CodeServer } from '../code-server/server';
import { startLocalServices } from '../local-s3/index';
import { seedDemo } from '../seed-demo';
import { demoBanner } from './banner';

export interface DemoOptions {
  /** The repository root (passed in: __dirname is not reliable under tsx's ESM import). */
  root: string;
  /** Start, check the workbench answers, stop. */
  check: boolean;
  /** 0 = any free port. */
  port: number;
}

/** The sample workspace: the lint examples (code triggering every rule) when present. */
function sampleWorkspace(root: string): string {
  const examples = join(root, 'examples', 'insecure-sample');
  return existsSync(examples) ? examples : join(root, 'test', 'e2e', 'fixtures', 'workspace');
}

export async function runDemo(opts: DemoOptions): Promise<number> {
  const cleanups: { what: string; run: () => unknown }[] = [];
  const log = (m: string) => console.log(`demo: ${m}`);
  try {
    let live: LiveEnv;
    if (process.env.S3ENC_LIVE_ENV) {
      live = liveEnv();
      log(`using the running services from S3ENC_LIVE_ENV (${live.s3Endpoint})`);
    } else {
      log('starting Ceph RGW and the local KMS (~15 s)');
      const services = await startLocalServices({ kmsMasterKeyFile: kmsMasterKeyFile() });
      cleanups.push({ what: 'RGW and KMS', run: () => services.stop() });
      live = services.env;
    }

    const demoDir = mkdtempSync(join(tmpdir(), 's3enc-demo-'));
    cleanups.push({ what: 'demo folder', run: () => rmSync(demoDir, { recursive: true, force: true }) });
    log('seeding demo buckets');
    const seed = await seedDemo(live, { demoDir });

    const env = prepareEnvironment(live, { workspaceTemplate: sampleWorkspace(opts.root) });
    cleanups.push({ what: 'workspace', run: () => env.cleanup() });
    log('starting code-server with the extension installed');
    const server = await CodeServer.start({
      workspace: env.workspace,
      settings: env.settings,
      env: env.env,
      install: [join(opts.root, 'dist', 's3-encryption-explorer.vsix')],
      port: opts.port,
    });
    cleanups.push({ what: 'code-server', run: () => server.stop() });

    console.log(
      demoBanner({
        url: server.url,
        connectionLabel: CONNECTION_LABEL,
        live,
        buckets: seed.buckets,
        sseCKeyFile: seed.sseCKeyFile,
        workspace: env.workspace,
        check: opts.check,
      }),
    );

    if (opts.check) {
      const res = await fetch(server.url);
      const html = await res.text();
      if (!res.ok || !/workbench/i.test(html))
        throw new Error(`the workbench did not answer at ${server.url} (HTTP ${res.status})`);
      log('check passed: the workbench answers');
      return 0;
    }
    const stopped = await Promise.race([
      new Promise<'signal'>((done) => {
        process.once('SIGINT', () => done('signal'));
        process.once('SIGTERM', () => done('signal'));
      }),
      server.exited.then(() => 'server' as const),
    ]);
    if (stopped === 'server') {
      console.error(`demo: code-server exited unexpectedly; its last output:\n${server.output.slice(-4000)}`);
      return 1;
    }
    return 0;
  } catch (err) {
    console.error(`demo: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    for (const c of cleanups.reverse()) {
      try {
        await c.run();
      } catch (err) {
        console.error(`demo: stopping ${c.what} failed: ${(err as Error).message}`);
      }
    }
    if (cleanups.length) log('stopped everything it started');
  }
}
