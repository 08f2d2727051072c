// `s3enc lint` spreads a large tree over one analysis worker per core. A user must get exactly what the
// single-threaded run reports: the same findings, in the same file order.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lintPaths } from '../../../src/core/analysis/lint-files';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'lint');
const WORKER = join(__dirname, '..', '..', '..', 'src', 'core', 'analysis', 'worker', 'entry.ts');

describe('lint: worker pool', function () {
  this.timeout(120_000);
  let dir: string;

  before(() => {
    // Enough files to cross the pool's threshold: the annotated fixtures, three times over.
    dir = mkdtempSync(join(tmpdir(), 's3enc-parallel-lint-'));
    for (const copy of ['a', 'b', 'c']) cpSync(FIXTURES, join(dir, copy), { recursive: true });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('two workers report exactly what one thread reports, in the same order', async () => {
    const single = await lintPaths([dir]);
    // The fixtures are small: lower the bytes-per-worker bar so the pool really runs.
    const pooled = await lintPaths(
      [dir],
      {},
      { workerScript: WORKER, workers: 2, execArgv: ['--require', require.resolve('tsx/cjs')], bytesPerWorker: 1 },
    );
    assert.ok(single.filesAnalysed >= 64, `only ${single.filesAnalysed} files`);
    assert.ok(single.results.length > 0, 'the fixtures produced no findings');
    assert.equal(pooled.filesAnalysed, single.filesAnalysed);
    assert.equal(pooled.filesSkipped, single.filesSkipped);
    assert.deepEqual(pooled.notices, single.notices);
    assert.deepEqual(
      pooled.results.map((r) => ({ file: r.file, findings: r.findings })),
      single.results.map((r) => ({ file: r.file, findings: r.findings })),
    );
  });

  it('a worker that cannot start fails the run with the reason instead of reporting a clean tree', async () => {
    await assert.rejects(
      lintPaths([dir], {}, { workerScript: join(dir, 'no-such-worker.js'), workers: 2, bytesPerWorker: 1 }),
      (e: Error) => e.name === 'AnalysisFailed' && /no-such-worker|Cannot find module/.test(e.message),
    );
    assert.ok(readdirSync(dir).length === 3);
  });
});
