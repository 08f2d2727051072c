import assert from 'node:assert/strict';
import { ClassificationScheduler, type ClassificationTarget } from '../../../src/core/s3/classification-scheduler';
import type { ObjectClassification } from '../../../src/core/s3/classify-object';
import { S3Fault } from '../../../src/core/s3/faults';

const target = (key: string, etag = '"e1"'): ClassificationTarget => ({
  connectionId: 'c',
  bucket: 'b',
  key,
  etag,
  lastModified: new Date('2026-11-26T10:00:00Z'),
});

describe('core/s3 classification scheduler', () => {
  it('never runs more than the configured number at once, and delivers every result as an event', async () => {
    let inFlight = 0;
    let peak = 0;
    const s = new ClassificationScheduler(async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return { mode: 'none' };
    }, 3);
    const seen: string[] = [];
    s.onResult((t) => seen.push(t.key));
    s.request(Array.from({ length: 20 }, (_, i) => target(`k${i}`)));
    await s.whenIdle();
    assert.equal(peak, 3);
    assert.equal(seen.length, 20);
  });

  it('caches by key + ETag + LastModified: a changed object is classified again', async () => {
    let calls = 0;
    const s = new ClassificationScheduler(async () => {
      calls++;
      return { mode: 'SSE-S3' };
    }, 2);
    s.request([target('a')]);
    await s.whenIdle();
    assert.equal(s.request([target('a')]), 0, 'same version is not asked again');
    assert.deepEqual(s.cached(target('a')), { mode: 'SSE-S3' });
    assert.equal(s.request([target('a', '"e2"')]), 1, 'new ETag means a new version');
    await s.whenIdle();
    assert.equal(calls, 2);
  });

  it('does not cache faults, so a retry asks S3 again; a throwing classifier yields unknown', async () => {
    let calls = 0;
    const s = new ClassificationScheduler(async (t): Promise<ObjectClassification> => {
      calls++;
      if (t.key === 'boom') throw new Error('bug');
      return { mode: 'unknown', reason: 'denied', fault: new S3Fault('AccessDenied', 'denied', 'HeadObject') };
    }, 2);
    const results: ObjectClassification[] = [];
    s.onResult((_t, r) => results.push(r));
    s.request([target('x'), target('boom')]);
    await s.whenIdle();
    assert.equal(s.request([target('x')]), 1);
    await s.whenIdle();
    assert.equal(calls, 3);
    assert.ok(results.some((r) => r.mode === 'unknown' && r.reason === 'bug'));
  });

  it('cancel drops queued work for a subtree', async () => {
    const done: string[] = [];
    const s = new ClassificationScheduler(async (t) => {
      await new Promise((r) => setTimeout(r, 5));
      done.push(t.key);
      return { mode: 'none' };
    }, 1);
    s.request([target('keep/1'), target('drop/1'), target('drop/2')]);
    s.cancel((t) => t.key.startsWith('drop/'));
    await s.whenIdle();
    assert.deepEqual(done, ['keep/1']);
  });
});
