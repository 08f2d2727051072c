// How `s3enc lint` sizes its work: a handful of files is analysed in this thread with no worker started (each
// worker loads every parser again, seconds of start-up for nothing); a large tree gets one worker per core.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lintPaths, poolSize } from '../../../src/core/analysis/lint-files';

describe('lint-files: worker pool sized to the work', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 's3enc-pool-'));
    // 100 small files: more than the old 64-file threshold that started a pool whatever their size.
    for (let i = 0; i < 100; i++) {
      mkdirSync(join(dir, `p${i % 10}`), { recursive: true });
      writeFileSync(
        join(dir, `p${i % 10}`, `f${i}.py`),
        `import boto3\ns3 = boto3.client("s3", verify=${i % 2 ? 'False' : 'True'})\n`,
      );
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a hundred small files are linted without starting a worker (a worker script that cannot load is never touched)', async () => {
    const run = await lintPaths([dir], {}, { workerScript: join(dir, 'no-such-worker.js'), workers: 8 });
    assert.equal(run.filesAnalysed, 100);
    assert.equal(run.results.length, 50);
    assert.ok(run.results.every((r) => r.findings.map((f) => f.rule).join() === 's3-tls-disabled'));
  });

  it('the pool grows with the bytes to analyse, never past the cores or the files', () => {
    assert.equal(poolSize(8, 3_300, 8), 1);
    assert.equal(poolSize(100, 100 * 60, 8), 1);
    assert.equal(poolSize(2_000, 2_000 * 10_000, 2), 2);
    assert.equal(poolSize(2_000, 2_000 * 10_000, 16), 13);
    assert.equal(poolSize(3, 90_000_000, 8), 3);
    assert.equal(poolSize(1, 90_000_000, 8), 1);
  });
});
