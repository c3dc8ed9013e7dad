// The one backoff helper (the loops that wait for an execution: test/unit/job/wait.test.ts).
import assert from 'node:assert/strict';
import { describe, mock, test } from 'node:test';
import { useFakeClock } from '../fake-clock.ts';
import { backoff, pause } from '../../../src/shared/backoff.ts';

useFakeClock();

describe('backoff', () => {
  test('doubles from its base up to its cap; full jitter is [0, d), half jitter [d/2, 1.5 d)', () => {
    const policy = { baseMs: 100, capMs: 1_000, jitter: 'full' } as const;
    assert.deepEqual(
      [0, 1, 2, 3, 4, 5].map((n) => backoff(policy, n)),
      [50, 100, 200, 400, 500, 500],
    );
    assert.equal(backoff({ ...policy, jitter: 'half' }, 2), 400);
    assert.equal(backoff({ baseMs: 500, jitter: 'half' }, 10), 512_000, 'no cap');
    mock.method(Math, 'random', () => 0);
    assert.equal(backoff({ ...policy, jitter: 'half' }, 2), 200);
  });

  test('linear growth', () => {
    const policy = { baseMs: 2_000, capMs: 15_000, growth: 'linear', jitter: 'half' } as const;
    assert.deepEqual(
      [1, 2, 7, 8, 20].map((n) => backoff(policy, n)),
      [2_000, 4_000, 14_000, 15_000, 15_000],
    );
  });

  test('pause ends early, without an error, when its signal aborts', async () => {
    const stop = new AbortController();
    const paused = pause(60_000, stop.signal);
    mock.timers.tick(10);
    stop.abort();
    await paused;
    assert.equal(Date.now(), 10);
  });
});
