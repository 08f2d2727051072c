// The editor's analysis path: AnalysisClient -> worker_threads worker -> engine, with the real worker source
// (run under tsx). Requests are answered in order per id, and a worker crash is reported, then recovered from.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { AnalysisClient } from '../../../../src/core/analysis/worker/analysis-client';

const WORKER = join(__dirname, '..', '..', '..', '..', 'src', 'core', 'analysis', 'worker', 'entry.ts');

describe('analysis worker', function () {
  this.timeout(60_000);
  const logs: string[] = [];
  const client = new AnalysisClient(WORKER, (m) => logs.push(m), ['--require', require.resolve('tsx/cjs')]);
  after(() => client.dispose());

  it('analyses several documents concurrently off the calling thread', async () => {
    const [py, ts, txt] = await Promise.all([
      client.analyze('a.py', 'boto3.client("s3", verify=False)\n', {}),
      client.analyze('a.ts', "new S3Client({ endpoint: 'http://objects.corp.example' });\n", {
        severities: { 's3-http-endpoint': 'error' },
      }),
      client.analyze('notes.txt', 'aws s3 ls --no-verify-ssl', {}),
    ]);
    assert.deepEqual(
      py.map((f) => f.rule),
      ['s3-tls-disabled'],
    );
    assert.deepEqual(
      ts.map((f) => [f.rule, f.severity]),
      [['s3-http-endpoint', 'error']],
    );
    assert.deepEqual(txt, []);
  });

  it('a worker that dies fails its pending requests with AnalysisFailed; the next request starts a new one', async () => {
    const pending = client.analyze('big.py', 'x = 1\n'.repeat(200_000) + 'boto3.client("s3", verify=False)\n', {});
    await (client as unknown as { worker: Worker }).worker.terminate();
    await assert.rejects(pending, (e: Error) => e.name === 'AnalysisFailed' && /exited/.test(e.message));
    const again = await client.analyze('b.sh', 'aws s3 ls --no-verify-ssl\n', {});
    assert.deepEqual(
      again.map((f) => f.rule),
      ['s3-tls-disabled'],
    );
  });

  it('a worker script that cannot load is reported, not left hanging', async () => {
    const broken = new AnalysisClient(join(__dirname, 'no-such-worker.js'), (m) => logs.push(m));
    await assert.rejects(broken.analyze('a.py', 'x = 1', {}), (e: Error) => e.name === 'AnalysisFailed');
    broken.dispose();
    assert.ok(logs.some((l) => /analysis worker crashed/.test(l)));
  });
});
