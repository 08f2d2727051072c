// KMS throttling slows a run down instead of failing it.
import { strict as assert } from 'node:assert';
import { AdaptivePace, isThrottle } from '../../../src/core/reencrypt';

function throttled(name: string, status: number): Error {
  return Object.assign(new Error('Please reduce your request rate.'), { name, $metadata: { httpStatusCode: status } });
}

describe('AdaptivePace', () => {
  it('retries SlowDown and ThrottlingException answers until the call succeeds, halving the pace each time', async () => {
    const slept: number[] = [];
    const pace = new AdaptivePace({ sleep: async (ms) => void slept.push(ms), maxAttempts: 20 });
    let calls = 0;
    const out = await pace.run(
      async () => {
        calls++;
        if (calls <= 6) throw calls % 2 ? throttled('SlowDown', 503) : throttled('ThrottlingException', 400);
        return 'done';
      },
      () => 40,
    );
    assert.equal(out, 'done');
    assert.equal(calls, 7);
    assert.equal(pace.throttles, 6);
    assert.ok(pace.currentRate < 40 / 2 ** 5 + 1, `pace fell to ${pace.currentRate}/s`);
    assert.ok(slept.length >= 6);
  });

  it('does not retry other errors', async () => {
    const pace = new AdaptivePace({ sleep: async () => undefined });
    let calls = 0;
    await assert.rejects(
      pace.run(
        async () => {
          calls++;
          throw Object.assign(new Error('denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
        },
        () => 1,
      ),
      /denied/,
    );
    assert.equal(calls, 1);
  });

  it('knows the throttling answers of S3 and KMS', () => {
    assert.ok(isThrottle(throttled('SlowDown', 503)));
    assert.ok(isThrottle(throttled('ThrottlingException', 400)));
    assert.ok(isThrottle(throttled('KMS.ThrottlingException', 400)));
    assert.ok(isThrottle(throttled('TooManyRequests', 429)));
    assert.ok(!isThrottle(throttled('InternalError', 500)));
    assert.ok(!isThrottle(throttled('NoSuchKey', 404)));
  });
});
