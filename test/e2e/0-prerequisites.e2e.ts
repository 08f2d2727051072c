// When the real VS Code is missing, the e2e phase must fail and say how to get it, never skip.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodeServer } from '../../tools/code-server/server';
import { repoRoot } from './support/paths';

describe('prerequisites of the e2e phase', () => {
  let empty: string;
  let saved: string | undefined;

  beforeEach(() => {
    empty = mkdtempSync(join(tmpdir(), 's3enc-no-code-server-'));
    saved = process.env.S3ENC_CODE_SERVER_DIR;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.S3ENC_CODE_SERVER_DIR;
    else process.env.S3ENC_CODE_SERVER_DIR = saved;
    rmSync(empty, { recursive: true, force: true });
  });

  it('install.mjs --check exits 1 with the install command when code-server is not installed', () => {
    const r = spawnSync(process.execPath, [join(repoRoot, 'tools', 'code-server', 'install.mjs'), '--check'], {
      encoding: 'utf8',
      env: { ...process.env, S3ENC_CODE_SERVER_DIR: join(empty, 'code-server') },
    });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /node tools\/code-server\/install\.mjs/);
    assert.match(r.stderr, /debian-packages\.txt/);
  });

  it('starting a server without the install fails with the same instructions', async () => {
    process.env.S3ENC_CODE_SERVER_DIR = join(empty, 'code-server');
    await assert.rejects(
      CodeServer.start({ workspace: empty, settings: {} }),
      /is not installed in .*Install it once per machine with `node tools\/code-server\/install\.mjs`/s,
    );
  });

  it('the cached install this run uses is complete', () => {
    const r = spawnSync(process.execPath, [join(repoRoot, 'tools', 'code-server', 'install.mjs'), '--check'], {
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
  });
});
