// The two waits for the execution CreateJob's token starts (src/job/wait.ts), on a fake clock, with
// a fake Cloud Run that answers from a script: until it has started (the CreateJob operation), then
// until it has ended (reads of the execution, paced by its age, woken by its logs).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { drive, useFakeClock } from '../fake-clock.ts';
import { pause } from '../../../src/shared/backoff.ts';
import type { Cloud } from '../../../src/google/connect.ts';
import type { Creation } from '../../../src/google/cloud-run.ts';
import { CloudError, type RetryOptions } from '../../../src/google/retry.ts';
import { Code } from '../../../src/google/errors.ts';
import { readIntervalMs, waitForEnd, waitForStart } from '../../../src/job/wait.ts';

useFakeClock();

const failure = (code: number) => Object.assign(new Error(`status ${code}`), { code });
const never = new AbortController().signal;
const named = 'projects/p/locations/r/jobs/al-x-1-1-ab12/executions/al-x-1-1-ab12-k7q2z';
const creation = { operation: 'op', jobId: 'al-x-1-1-ab12', execution: named };

/** A fake Cloud Run: each call takes the next answer of its script (an Error is thrown). */
function fakeRun(script: {
  wait?: (Creation | Error | (() => Promise<Creation>))[];
  get?: (Error | 'running' | 'done')[];
}) {
  const calls: string[] = [];
  const retries: (RetryOptions | undefined)[] = [];
  const cloud = {
    run: {
      waitCreation: async () => {
        calls.push(`wait@${Date.now()}`);
        const next = script.wait?.shift() ?? { done: false };
        if (next instanceof Error) throw next;
        return typeof next === 'function' ? next() : next;
      },
      getExecution: async (_name: string, retry?: RetryOptions) => {
        calls.push(`get@${Date.now()}`);
        retries.push(retry);
        const next = script.get?.shift() ?? 'running';
        if (next instanceof Error) throw next;
        return next === 'done' ? { completionTime: { seconds: 1 } } : {};
      },
    },
  } as unknown as Cloud;
  return { cloud, calls, retries };
}

describe('waitForStart', () => {
  test("a long poll until the operation is done; the Job's latestCreatedExecution names the execution", async () => {
    const google = `${named.slice(0, -5)}zzzzz`;
    const { cloud, calls } = fakeRun({
      wait: [
        { done: false }, // WaitOperation answered early ("including immediately")
        { done: false },
        async () => (await pause(2_500), { done: true, job: { latestCreatedExecution: { name: google } } }),
      ],
    });
    assert.equal(await drive(waitForStart(cloud, creation, never)), google);
    assert.deepEqual(calls, ['wait@0', 'wait@1000', 'wait@2000'], 'at most one wait a second');
  });

  test('a done operation without the name: the name the token gave', async () => {
    const { cloud } = fakeRun({ wait: [{ done: true, job: {} }] });
    assert.equal(await drive(waitForStart(cloud, creation, never)), named);
  });

  test('failed, and no execution exists: the operation’s error (the job could not start it)', async () => {
    const error = new CloudError('Creating Cloud Run job al-x', failure(Code.NOT_FOUND));
    const { cloud, calls } = fakeRun({ wait: [{ done: true, error }], get: [failure(Code.NOT_FOUND)] });
    await assert.rejects(drive(waitForStart(cloud, creation, never)), (e) => e === error);
    assert.deepEqual(calls, ['wait@0', 'get@0']);
  });

  test('failed, but the execution exists (it failed to start, or was cancelled): its outcome will say why', async () => {
    const error = new CloudError('Creating Cloud Run job al-x', failure(Code.ABORTED));
    const { cloud } = fakeRun({ wait: [{ done: true, error }], get: ['done'] });
    assert.equal(await drive(waitForStart(cloud, creation, never)), named);
  });

  test('no operation (a retried CreateJob), or WaitOperation not offered: the wait for the end reads instead', async () => {
    const lost = fakeRun({});
    assert.equal(await drive(waitForStart(lost.cloud, { ...creation, operation: '' }, never)), named);
    assert.deepEqual(lost.calls, []);
    const unimplemented = fakeRun({ wait: [failure(Code.UNIMPLEMENTED)] });
    assert.equal(await drive(waitForStart(unimplemented.cloud, creation, never)), named);
  });

  test('transient failures are retried (20 in a row at most); a permanent one is thrown', async () => {
    const { cloud, calls } = fakeRun({
      wait: [failure(Code.UNAVAILABLE), failure(Code.INTERNAL), { done: true, job: {} }],
    });
    assert.equal(await drive(waitForStart(cloud, creation, never)), named);
    assert.equal(calls.length, 3);
    const down = fakeRun({ wait: Array.from({ length: 30 }, () => failure(Code.UNAVAILABLE)) });
    await assert.rejects(drive(waitForStart(down.cloud, creation, never)), /status 14/);
    assert.equal(down.calls.length, 21);
    const denied = fakeRun({ wait: [failure(Code.PERMISSION_DENIED)] });
    await assert.rejects(drive(waitForStart(denied.cloud, creation, never)), /status 7/);
  });
});

describe('waitForEnd', () => {
  test('the pace: a read every 0.5 s for 10 s, then a twentieth of the age, at most 5 s', async () => {
    assert.deepEqual(
      [0, 10_000, 20_000, 60_000, 100_000, 3_600_000].map(readIntervalMs),
      [500, 500, 1_000, 3_000, 5_000, 5_000],
    );
    const { cloud, calls, retries } = fakeRun({
      get: [...Array.from({ length: 30 }, () => 'running' as const), 'done'],
    });
    await drive(waitForEnd(cloud, named, never), 'runAll');
    const times = calls.map((c) => Number(c.split('@')[1]));
    assert.deepEqual(times.slice(0, 4), [0, 500, 1_000, 1_500]);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    for (const [i, gap] of gaps.entries())
      assert.equal(gap, readIntervalMs(times[i]!), `read ${i + 1} at ${times[i + 1]}`);
    assert.ok(
      retries.every((r) => r?.attempts === 1),
      'no retry inside getExecution: the loop is the retry',
    );
  });

  test('the logs saying the execution exited wake a read at once, then one every 0.5 s', async () => {
    let exit: () => void = () => {};
    const exited = new Promise<void>((resolve) => (exit = resolve));
    const calls: string[] = [];
    const cloud = {
      run: {
        getExecution: async () => {
          calls.push(`get@${Date.now()}`);
          return Date.now() >= 61_300 ? { completionTime: { seconds: 1 } } : {};
        },
      },
    } as unknown as Cloud;
    const ended = waitForEnd(cloud, named, never, exited);
    setTimeout(() => exit(), 60_300);
    await drive(ended);
    const times = calls.map((c) => Number(c.split('@')[1]));
    const before = times.filter((t) => t < 60_300).at(-1)!;
    // Reads were about 3 s apart by then: the one at 60.3 s was not due before about 60.8 s.
    assert.ok(before + readIntervalMs(before) > 60_700, times.join(' '));
    assert.deepEqual(
      times.filter((t) => t >= 60_300),
      [60_300, 60_800, 61_300],
    );
  });

  test('not found before it was ever read: not created yet, read again for up to 2 minutes', async () => {
    const { cloud } = fakeRun({ get: [failure(Code.NOT_FOUND), failure(Code.NOT_FOUND), 'done'] });
    assert.deepEqual(await drive(waitForEnd(cloud, named, never)), { completionTime: { seconds: 1 } });
    const never_ = fakeRun({ get: Array.from({ length: 1_000 }, () => failure(Code.NOT_FOUND)) });
    await assert.rejects(drive(waitForEnd(never_.cloud, named, never), 'runAll'), /status 5/);
    assert.ok(Date.now() >= 120_000 && Date.now() < 130_000, `gave up at ${Date.now()}`);
    const gone = fakeRun({ get: ['running', failure(Code.NOT_FOUND)] });
    await assert.rejects(drive(waitForEnd(gone.cloud, named, never)), /status 5/, 'deleted meanwhile');
  });

  test('a failed read is retried by the loop (20 in a row at most); a permanent error at once', async () => {
    const { cloud, calls } = fakeRun({
      get: [failure(Code.UNAVAILABLE), failure(Code.UNAVAILABLE), 'done'],
    });
    await drive(waitForEnd(cloud, named, never));
    assert.equal(calls.length, 3);
    const down = fakeRun({ get: Array.from({ length: 30 }, () => failure(Code.UNAVAILABLE)) });
    await assert.rejects(drive(waitForEnd(down.cloud, named, never), 'runAll'), /status 14/);
    assert.equal(down.calls.length, 21);
    const denied = fakeRun({ get: [failure(Code.PERMISSION_DENIED)] });
    await assert.rejects(drive(waitForEnd(denied.cloud, named, never)), /status 7/);
  });
});
