// What `npm run demo` gives a user besides the browser: shell lines that point the AWS CLI at the same RGW
// (pasted into bash, the real /usr/bin/aws lists the buckets), and a sample workspace whose TypeScript
// type-checks on its own, so the editor shows S3 findings and not "Cannot find module" noise.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { credentialLines, demoBanner } from '../../tools/demo/banner';
import { liveEnv } from '../../tools/live/live-env';

const repo = join(__dirname, '..', '..');

describe('npm run demo: what it prints and the sample workspace', function () {
  this.timeout(60_000);

  it('prints credential lines that, pasted into bash, let the AWS CLI list the demo services', () => {
    const live = liveEnv();
    const banner = demoBanner({
      url: 'http://127.0.0.1:1/',
      connectionLabel: 'Local RGW',
      live,
      buckets: ['demo-encrypted'],
      sseCKeyFile: '/k',
      workspace: '/w',
      check: true,
    });
    for (const line of credentialLines(live)) assert.ok(banner.includes(line), line);
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
    const script = `${credentialLines(live).join('\n')}\naws s3api list-buckets --endpoint-url "$AWS_ENDPOINT_URL_S3" --output json`;
    const home = mkdtempSync(join(tmpdir(), 's3enc-demo-home-'));
    const r = spawnSync('bash', ['-c', script], { env: { ...clean, HOME: home }, encoding: 'utf8' });
    rmSync(home, { recursive: true, force: true });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(Array.isArray((JSON.parse(r.stdout) as { Buckets?: unknown[] }).Buckets));
  });

  it('the sample workspace type-checks without the AWS SDK installed (a copy, as the demo uses it)', () => {
    const dir = mkdtempSync(join(tmpdir(), 's3enc-sample-'));
    try {
      cpSync(join(repo, 'examples', 'insecure-sample'), dir, { recursive: true });
      const r = spawnSync(process.execPath, [join(repo, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], {
        encoding: 'utf8',
      });
      assert.equal(r.status, 0, r.stdout + r.stderr);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
