import assert from 'node:assert/strict';
import { describe, mock, test } from 'node:test';
import { drive as driveClock, useFakeClock } from '../fake-clock.ts';
import { CloudError, isTransient, withRetry } from '../../../src/google/retry.ts';
import { Code, errorCode } from '../../../src/google/errors.ts';

// A fake clock: Date.now and the setTimeout behind node:timers/promises (re-exported to the ESM
// binding retry.ts imported), advanced only when every pending timer is run. Math.random is fixed
// at 0.5, so each backoff is half its cap: 200 ms × 2^attempt / 2, capped at 5 s (20 s for quota).
useFakeClock();
// Every pending timer at once: the retries' waits are long.
const drive = <T>(promise: Promise<T>): Promise<T> => driveClock(promise, 'runAll');

const grpcError = (code: number, details = `status ${code}`) =>
  Object.assign(new Error(`${code} ${details}`), { code, details });

/** A call that fails with `errors` in turn, then returns 'ok'; records when it was called. */
function flaky(errors: unknown[]) {
  const calls: { attempt: number; at: number }[] = [];
  const fn = async (attempt: number) => {
    calls.push({ attempt, at: Date.now() });
    if (errors.length) throw errors.shift();
    return 'ok';
  };
  return { fn, calls };
}

describe('withRetry', () => {
  test('retries transient failures with exponential backoff', async () => {
    const { fn, calls } = flaky([
      grpcError(Code.UNAVAILABLE),
      grpcError(Code.UNAVAILABLE),
      grpcError(Code.UNAVAILABLE),
    ]);
    const delays: number[] = [];
    const result = await drive(
      withRetry('Reading x', fn, { onRetry: (_e, _a, delay) => delays.push(delay) }),
    );
    assert.equal(result, 'ok');
    assert.deepEqual(calls, [
      { attempt: 1, at: 0 },
      { attempt: 2, at: 200 },
      { attempt: 3, at: 600 },
      { attempt: 4, at: 1400 },
    ]);
    assert.deepEqual(delays, [200, 400, 800]);
  });

  for (const code of [
    Code.UNAVAILABLE,
    Code.INTERNAL,
    Code.DEADLINE_EXCEEDED,
    Code.RESOURCE_EXHAUSTED,
    Code.ABORTED,
  ]) {
    test(`code ${code} is retried`, async () => {
      const { fn, calls } = flaky([grpcError(code)]);
      assert.equal(await drive(withRetry('x', fn)), 'ok');
      assert.equal(calls.length, 2);
    });
  }

  const permanent: [string, number | undefined][] = [
    ['INVALID_ARGUMENT', Code.INVALID_ARGUMENT],
    ['NOT_FOUND', Code.NOT_FOUND],
    ['ALREADY_EXISTS', Code.ALREADY_EXISTS],
    ['PERMISSION_DENIED', Code.PERMISSION_DENIED],
    ['FAILED_PRECONDITION', Code.FAILED_PRECONDITION],
    ['UNAUTHENTICATED', Code.UNAUTHENTICATED],
    ['CANCELLED', Code.CANCELLED],
    ['UNIMPLEMENTED', Code.UNIMPLEMENTED],
  ];
  for (const [name, code] of permanent) {
    test(`${name} fails at once, wrapped in CloudError`, async () => {
      const { fn, calls } = flaky([grpcError(code!, 'bad thing')]);
      await assert.rejects(drive(withRetry('Creating job al-x', fn)), (error: unknown) => {
        assert.ok(error instanceof CloudError);
        assert.equal(error.code, code);
        assert.ok(error.message.startsWith(`Creating job al-x failed: ${name}: bad thing`), error.message);
        return true;
      });
      assert.equal(calls.length, 1);
    });
  }

  test('an error without a code is not retried', async () => {
    const { fn, calls } = flaky([new Error('socket hang up')]);
    await assert.rejects(drive(withRetry('Listing jobs', fn)), {
      name: 'CloudError',
      message: 'Listing jobs failed: socket hang up',
    });
    assert.equal(calls.length, 1);
  });

  test('stops retrying when the next wait would pass the deadline', async () => {
    const errors = Array.from({ length: 100 }, () => grpcError(Code.UNAVAILABLE, 'down'));
    const { fn, calls } = flaky(errors);
    await assert.rejects(drive(withRetry('Reading x', fn, { deadlineMs: 5000 })), {
      message: 'Reading x failed: UNAVAILABLE: down',
    });
    // Waits 200, 400, 800, 1600; the next (3200 at t=3000) would end after 5000.
    assert.deepEqual(
      calls.map((c) => c.at),
      [0, 200, 600, 1400, 3000],
    );
    assert.equal(Date.now(), 3000);
  });

  test('each attempt is told the time left before the deadline, to bound the call itself', async () => {
    const left: number[] = [];
    const errors = [grpcError(Code.DEADLINE_EXCEEDED), grpcError(Code.UNAVAILABLE)];
    const result = await drive(
      withRetry(
        'Cancelling x',
        async (_attempt, remainingMs) => {
          left.push(remainingMs);
          if (errors.length) throw errors.shift();
          return 'ok';
        },
        { deadlineMs: 3000 },
      ),
    );
    assert.equal(result, 'ok');
    assert.deepEqual(left, [3000, 2800, 2400]);
  });

  test('backoff is capped at 5 s, and at 20 s for quota errors', async () => {
    for (const [code, expected] of [
      [Code.UNAVAILABLE, [200, 400, 800, 1600, 2500, 2500, 2500]],
      [Code.RESOURCE_EXHAUSTED, [200, 400, 800, 1600, 3200, 6400, 10000]],
    ] as const) {
      const { fn } = flaky(Array.from({ length: 7 }, () => grpcError(code)));
      const delays: number[] = [];
      await drive(withRetry('x', fn, { onRetry: (_e, _a, delay) => delays.push(delay) }));
      assert.deepEqual(delays, expected);
    }
  });

  test('a jittered delay: full jitter between 0 and the cap', async () => {
    mock.method(Math, 'random', () => 0.999);
    const { fn } = flaky([grpcError(Code.UNAVAILABLE), grpcError(Code.UNAVAILABLE)]);
    const delays: number[] = [];
    await drive(withRetry('x', fn, { onRetry: (_e, _a, delay) => delays.push(delay) }));
    assert.deepEqual(delays, [0.999 * 400, 0.999 * 800]);
  });

  test('an aborted signal stops retries', async () => {
    const controller = new AbortController();
    controller.abort();
    const { fn, calls } = flaky([grpcError(Code.UNAVAILABLE, 'down')]);
    await assert.rejects(drive(withRetry('x', fn, { signal: controller.signal })), {
      message: 'x failed: UNAVAILABLE: down',
    });
    assert.equal(calls.length, 1);
  });

  test('a CloudError from inside is passed on, not wrapped again', async () => {
    const inner = new CloudError('Inner call', grpcError(Code.NOT_FOUND, 'gone'));
    await assert.rejects(
      drive(withRetry('Outer call', () => Promise.reject(inner))),
      (error) => error === inner,
    );
  });
});

describe('CloudError', () => {
  test('says what failed, the code name, the details, and the hint', () => {
    const error = new CloudError(
      'Creating secret s',
      grpcError(Code.PERMISSION_DENIED, "Permission 'secretmanager.secrets.create' denied"),
    );
    assert.equal(
      error.message,
      "Creating secret s failed: PERMISSION_DENIED: Permission 'secretmanager.secrets.create' denied\n" +
        'The account google-github-actions/auth signed in as lacks the permission secretmanager.secrets.create (for CreateSecret). ' +
        'Grant it roles/secretmanager.admin (or the custom role in the README\'s "Least privilege"), then re-run.',
    );
    assert.equal(error.code, Code.PERMISSION_DENIED);
    // Without a permission to name, the general hint.
    assert.match(new CloudError('x', grpcError(Code.PERMISSION_DENIED, 'denied')).message, /Check the roles/);
  });
  test('hints for UNAUTHENTICATED and RESOURCE_EXHAUSTED', () => {
    assert.match(
      new CloudError('x', grpcError(Code.UNAUTHENTICATED)).message,
      /\nRun google-github-actions\/auth before this action/,
    );
    assert.match(
      new CloudError('x', grpcError(Code.RESOURCE_EXHAUSTED)).message,
      /\nA Google Cloud quota is exhausted/,
    );
    assert.doesNotMatch(new CloudError('x', grpcError(Code.NOT_FOUND)).message, /\n/);
  });
  test('an unknown code is shown as a number', () => {
    assert.equal(new CloudError('x', grpcError(11, 'out of range')).message, 'x failed: 11: out of range');
  });
  test('odd causes do not break it', () => {
    assert.equal(new CloudError('x', 'plain text').message, 'x failed: plain text');
    assert.equal(new CloudError('x', null).message, 'x failed: null');
    assert.equal(new CloudError('x', undefined).message, 'x failed: undefined');
    assert.equal(new CloudError('x', { code: 14 }).message, 'x failed: UNAVAILABLE: [object Object]');
  });
});

test('errorCode and isTransient', () => {
  assert.equal(errorCode({ code: 14 }), 14);
  assert.equal(errorCode({ code: '14' }), undefined);
  assert.equal(errorCode(null), undefined);
  assert.equal(errorCode(undefined), undefined);
  assert.equal(isTransient({ code: 14 }), true);
  assert.equal(isTransient({ code: 3 }), false);
  assert.equal(isTransient(new Error('x')), false);
});
