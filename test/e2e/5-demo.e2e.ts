// `npm run demo` starts the whole product (its own RGW + KMS, seeded buckets, code-server with the .vsix)
// and stops all of it again. --check runs the same start path, probes the workbench, then shuts down.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ensureVsix } from './support/vsix';
import { repoRoot } from './support/paths';

function runDemoCheck(): Promise<{ code: number | null; output: string }> {
  const env = { ...process.env };
  // The demo must boot its own services, as on a fresh machine, not reuse the test run's.
  delete env.S3ENC_LIVE_ENV;
  const child = spawn(process.execPath, [join(repoRoot, 'tools', 'demo.mjs'), '--check', '--skip-build'], {
    cwd: repoRoot,
    env,
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output })));
}

async function refusesConnections(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(5000) });
    return false;
  } catch {
    return true;
  }
}

describe('npm run demo', function () {
  this.timeout(180_000);

  it('starts RGW, KMS and code-server with the extension, prints the URL, and stops everything', async () => {
    ensureVsix();
    const { code, output } = await runDemoCheck();
    assert.equal(code, 0, `demo --check failed:\n${output}`);
    const url = /open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output)?.[1];
    assert.ok(url, `no URL printed:\n${output}`);
    assert.match(output, /check passed: the workbench answers/);
    assert.match(output, /Buckets: .*demo-encrypted/);
    assert.ok(await refusesConnections(url), `code-server still answers at ${url} after the demo stopped`);
    const workspace = /Workspace \(a temporary copy\): (\S+)/.exec(output)?.[1];
    assert.ok(workspace && !existsSync(workspace), `the demo left its workspace behind: ${workspace}`);
    const rgw = /"Local RGW" \((http:\/\/127\.0\.0\.1:\d+)\)/.exec(output)?.[1];
    assert.ok(rgw, `no RGW endpoint printed:\n${output}`);
    assert.ok(await refusesConnections(rgw), `the demo's RGW still answers at ${rgw}`);
  });
});
