// Starting and stopping an instance touches only its own processes and folder, and an owner that dies
// without stopping (SIGKILL) does not leave daemons behind. Uses the KMS-only mode: fast, same machinery.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CEPH_MISSING, startLocalServices } from '../../tools/local-s3/index';
import { isAlive, waitFor } from '../../tools/local-s3/proc';

const pidsOf = (dir: string) => readFileSync(join(dir, 'daemons.pids'), 'utf8').split('\n').filter(Boolean).map(Number);

describe('local services lifecycle', function () {
  this.timeout(30_000);

  it('stop() kills exactly the recorded daemons and removes the instance folder', async () => {
    const s = await startLocalServices({ kmsOnly: true });
    const pids = pidsOf(s.dir);
    assert.ok(pids.length >= 1 && pids.every(isAlive));
    const res = await fetch(s.env.kmsEndpoint, {
      method: 'POST',
      headers: { 'X-Amz-Target': 'TrentService.ListKeys' },
      body: '{}',
    });
    assert.equal(res.status, 200);
    await s.stop();
    assert.ok(!existsSync(s.dir));
    assert.ok(
      pids.every((p) => !isAlive(p)),
      'no daemon survives stop()',
    );
  });

  it('a reaper stops the daemons when their owner is SIGKILLed', async () => {
    const script = `require('./tools/local-s3/index').startLocalServices({ kmsOnly: true })
      .then((s) => { console.log(s.dir); setInterval(() => {}, 1000); })`;
    const owner = spawn(process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: join(__dirname, '..', '..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const dir = await new Promise<string>((resolve, reject) => {
      owner.stdout.once('data', (d: Buffer) => resolve(d.toString().trim()));
      owner.once('exit', (code) => reject(new Error(`owner exited early (${code})`)));
    });
    const pids = pidsOf(dir);
    assert.ok(pids.every(isAlive));
    owner.kill('SIGKILL');
    await waitFor('the reaper to clean up', async () => !existsSync(dir) && pids.every((p) => !isAlive(p)), {
      timeoutMs: 10_000,
    });
  });
});

describe('local services without Ceph', () => {
  it('fails with the install command and leaves nothing behind', async () => {
    const saved = process.env.S3ENC_CEPH_BIN_DIR;
    process.env.S3ENC_CEPH_BIN_DIR = '/nonexistent-ceph-bin';
    const parentDir = mkdtempSync(join(tmpdir(), 's3enc-infra-'));
    try {
      await assert.rejects(startLocalServices({ parentDir }), (e: Error) => {
        assert.equal(e.message, CEPH_MISSING);
        assert.match(e.message, /apt-get install -y ceph-mon ceph-osd radosgw/);
        return true;
      });
      assert.deepEqual(readdirSync(parentDir), [], 'the instance folder is removed and the KMS stopped');
    } finally {
      rmSync(parentDir, { recursive: true, force: true });
      if (saved === undefined) delete process.env.S3ENC_CEPH_BIN_DIR;
      else process.env.S3ENC_CEPH_BIN_DIR = saved;
    }
  });
});
