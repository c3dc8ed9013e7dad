// The fake clock the timing tests share: node:test's mocked setTimeout and Date from `now`, and
// Math.random fixed at 0.5 so that every jittered backoff is exact.
import { syncBuiltinESMExports } from 'node:module';
import { afterEach, beforeEach, mock } from 'node:test';

export function useFakeClock(now = 0): void {
  beforeEach(() => {
    mock.timers.enable({ apis: ['setTimeout', 'Date'], now });
    mock.method(Math, 'random', () => 0.5);
    syncBuiltinESMExports();
  });
  afterEach(() => {
    mock.timers.reset();
    mock.restoreAll();
    syncBuiltinESMExports();
  });
}

/**
 * Runs the fake clock until the promise settles: a millisecond at a time, or (`runAll`) every
 * pending timer at once between turns of the event loop.
 */
export async function drive<T>(promise: Promise<T>, step: 'tick' | 'runAll' = 'tick'): Promise<T> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  while (!settled) {
    await new Promise((resolve) => setImmediate(resolve));
    if (step === 'runAll') mock.timers.runAll();
    else if (!settled) mock.timers.tick(1);
  }
  return promise;
}
