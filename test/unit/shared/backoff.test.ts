// The one backoff helper, and the loop that waits for the execution to end (one retry, not two).
import assert from 'node:assert/strict';
import { describe, mock, test } from 'node:test';
import { drive, useFakeClock } from '../fake-clock.ts';
import { backoff, pause } from '../../../src/shared/backoff.ts';
import type { Cloud } from '../../../src/google/connect.ts';
import { type RetryOptions } from '../../../src/google/retry.ts';
import { Code } from '../../../src/google/errors.ts';
import { waitForExecution } from '../../../src/job/wait.ts';

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

describe('waitForExecution', () => {
  const failure = (code: number) => Object.assign(new Error(`status ${code}`), { code });

  function fakeRun(script: { wait: (Error | undefined)[]; get: (Error | 'running' | 'done')[] }) {
    const calls: string[] = [];
    const retries: (RetryOptions | undefined)[] = [];
    const cloud = {
      run: {
        waitOperation: async () => {
          calls.push(`wait@${Date.now()}`);
          const error = script.wait.shift();
          if (error) throw error;
          return true;
        },
        getExecution: async (_name: string, retry?: RetryOptions) => {
          calls.push(`get@${Date.now()}`);
          retries.push(retry);
          const next = script.get.shift() ?? 'running';
          if (next instanceof Error) throw next;
          return next === 'done' ? { completionTime: { seconds: 1 } } : {};
        },
      },
    } as unknown as Cloud;
    return { cloud, calls, retries };
  }

  test('a failed read is retried by the loop alone, without waiting for the operation again', async () => {
    const { cloud, calls, retries } = fakeRun({
      wait: [],
      get: [failure(Code.UNAVAILABLE), failure(Code.UNAVAILABLE), 'done'],
    });
    const ended = await drive(waitForExecution(cloud, 'op', 'ex', new AbortController().signal));
    assert.deepEqual(ended, { completionTime: { seconds: 1 } });
    // The backoff (200 ms, then 400 ms) is shorter than the pacing: a read a second at most.
    assert.deepEqual(calls, ['wait@0', 'get@0', 'get@1000', 'get@2000']);
    assert.ok(
      retries.every((r) => r?.attempts === 1),
      'no retry inside getExecution',
    );
  });

  test('a failed wait is retried with the same backoff; WaitOperation not offered: a read every second', async () => {
    const { cloud, calls } = fakeRun({
      wait: [failure(Code.INTERNAL), failure(Code.UNIMPLEMENTED)],
      get: ['running', 'done'],
    });
    await drive(waitForExecution(cloud, 'op', 'ex', new AbortController().signal));
    assert.deepEqual(calls, ['wait@0', 'wait@1000', 'get@2000', 'get@3000']);
  });

  test('WaitOperation answering at once, not done: at most one wait and one read a second', async () => {
    const endsAt = 10_500;
    const calls: { call: string; at: number }[] = [];
    const cloud = {
      run: {
        // Google's WaitOperation "may return the latest state before the specified timeout (including immediately)".
        waitOperation: async () => {
          calls.push({ call: 'wait', at: Date.now() });
          if (calls.length > 200) throw new Error('spinning');
          return Date.now() >= endsAt;
        },
        getExecution: async () => {
          calls.push({ call: 'get', at: Date.now() });
          return Date.now() >= endsAt ? { completionTime: { seconds: 1 } } : {};
        },
      },
    } as unknown as Cloud;
    await drive(waitForExecution(cloud, 'op', 'ex', new AbortController().signal));
    for (const kind of ['wait', 'get']) {
      const times = calls.filter((c) => c.call === kind).map((c) => c.at);
      const gaps = times.slice(1).map((t, i) => t - times[i]!);
      assert.ok(
        gaps.every((g) => g >= 1_000),
        `${kind} calls closer than a second: ${times.join(', ')}`,
      );
    }
    // Paced, not slowed: the end is noticed within a second.
    assert.equal(calls.filter((c) => c.call === 'get').length, 12, 'reads at 0, 1 s, … 11 s');
    assert.ok(Date.now() - endsAt < 1_000, `noticed at ${Date.now()}`);
  });

  test('a WaitOperation that holds until the end is not slowed by the pacing', async () => {
    const endsAt = 4_321;
    const calls: string[] = [];
    const cloud = {
      run: {
        waitOperation: async () => {
          calls.push(`wait@${Date.now()}`);
          await pause(endsAt - Date.now());
          return true;
        },
        getExecution: async () => {
          calls.push(`get@${Date.now()}`);
          return { completionTime: { seconds: 1 } };
        },
      },
    } as unknown as Cloud;
    await drive(waitForExecution(cloud, 'op', 'ex', new AbortController().signal));
    assert.deepEqual(calls, ['wait@0', `get@${endsAt}`]);
  });

  test('gives up after 20 failures in a row, and at once on a permanent error', async () => {
    const { cloud, calls } = fakeRun({
      wait: Array.from({ length: 30 }, () => failure(Code.UNAVAILABLE)),
      get: [],
    });
    await assert.rejects(
      drive(waitForExecution(cloud, 'op', 'ex', new AbortController().signal)),
      /status 14/,
    );
    assert.equal(calls.length, 21);
    const permanent = fakeRun({ wait: [], get: [failure(Code.PERMISSION_DENIED)] });
    await assert.rejects(
      waitForExecution(permanent.cloud, 'op', 'ex', new AbortController().signal),
      /status 7/,
    );
  });
});
