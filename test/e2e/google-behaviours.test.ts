// The bundled action against Google's documented behaviours, each switched on in the emulator
// (test/emulator/behaviours.ts): WaitOperation answering at once, empty ListLogEntries pages with
// a token, container lines ingested after Cloud Run's exit entry (with the container's end marker
// and without it), and termSignal for tasks the system killed.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ActionResult } from '../harness/runner.ts';
import { requireDocker } from '../infra/docker.ts';
import { leftovers, runAgent, startFixture, type Fixture } from './fixtures.ts';

/**
 * Calls of `method` by the wait loops (from `from` until the action lists the tasks, which it does
 * once the wait has ended) that arrived less than `ms` after the one before (less 100 ms: the
 * action spaces the calls it sends, their transit times vary).
 */
function closerThan(ms: number, fixture: Fixture, method: string, from: number): number {
  const log = fixture.emulator.callLog.filter((c) => c.at >= from);
  const end = log.find((c) => c.method === 'ListTasks')?.at ?? Infinity;
  const times = log.filter((c) => c.method === method && c.at <= end).map((c) => c.at);
  return times.slice(1).filter((t, i) => t - times[i]! < ms - 100).length;
}

/** How long the main step went on after Cloud Run's exit entry reached the workflow log. */
function afterExitLine(result: ActionResult): number {
  const exit = result.main.timeline.find((l) => l.line.includes('[cloud run] Container called exit(0).'));
  assert.ok(exit, 'the exit entry reached the log');
  return result.main.durationMs - exit.t;
}

const debugLine = (result: ActionResult, text: string) =>
  result.main.timeline.some((l) => l.line.startsWith(`::debug::${text}`));

describe("the action, end to end, with Google's documented behaviours", { concurrency: false }, () => {
  let fixture: Fixture;
  before(async () => {
    if (await requireDocker()) return;
    fixture = await startFixture({
      // Long enough for the last lines to be unreadable when the container exits.
      ingestionLagMs: 1_500,
      // A short SIGTERM-to-SIGKILL grace keeps the timeout case fast; Cloud Run's is 10 s.
      run: { stopGraceSeconds: 1 },
      behaviours: { earlyWaitMs: 0, emptyPageRate: 0.3, lateLinesMs: 1_500, termSignal: true },
    });
  });
  after(async () => fixture?.emulator.stop());

  test('WaitOperation answering at once: at most one wait a second until the start, two reads a second after', async (t) => {
    if (await requireDocker(t)) return;
    const from = Date.now();
    const early = fixture.emulator.behaviours.counts.earlyWaits;
    const result = await runAgent(fixture, { inputs: { env: 'AGENT_SLEEP=4\nAGENT_RESULT=slept' } });
    assert.equal(result.outputs.status, 'succeeded');
    assert.equal(result.outputs.result, 'slept');
    assert.ok(fixture.emulator.behaviours.counts.earlyWaits - early >= 1, 'WaitOperation answered early');
    assert.equal(closerThan(1_000, fixture, 'WaitOperation', from), 0);
    assert.equal(closerThan(500, fixture, 'GetExecution', from), 0);
  });

  test('lines ingested after the exit entry are printed before the step ends, each once', async (t) => {
    if (await requireDocker(t)) return;
    const late = fixture.emulator.behaviours.counts.lateLines;
    const result = await runAgent(fixture, { inputs: { env: 'AGENT_LINES=300\nAGENT_RESULT=all there' } });
    assert.equal(result.outputs.status, 'succeeded');
    assert.ok(fixture.emulator.behaviours.counts.lateLines - late > 0, 'some lines were ingested late');
    const lines = result.main.log.filter((l) => /^line \d+$/.test(l));
    assert.deepEqual(
      lines,
      Array.from({ length: 300 }, (_, i) => `line ${i + 1}`),
    );
    const exitAt = result.main.log.findIndex((l) => l.includes('[cloud run] Container called exit(0).'));
    assert.ok(exitAt >= 0);
    assert.ok(
      result.main.log.slice(exitAt).some((l) => /^line \d+$/.test(l)),
      'the late lines came after the exit entry',
    );
    assert.ok(!result.main.log.some((l) => /last log lines did not arrive/.test(l)));
    // The late lines carried the container's end marker: the drain ended with them, not 3 s after
    // the exit entry (they came 1.5 s after it).
    assert.ok(debugLine(result, "The container's end marker came"));
    assert.ok(
      afterExitLine(result) < 2_900,
      `the step ended ${afterExitLine(result)} ms after the exit entry`,
    );
  });

  test('without the end marker (a contract image, a crashed entry): the late wait still brings every line', async (t) => {
    if (await requireDocker(t)) return;
    const result = await runAgent(fixture, {
      inputs: { env: 'AGENT_LINES=300\nAGENT_RESULT=all there\nAGENT_NO_END_MARKER=1' },
    });
    assert.equal(result.outputs.status, 'succeeded');
    assert.equal(result.outputs.result, 'all there');
    assert.equal(result.main.log.filter((l) => /^line \d+$/.test(l)).length, 300);
    assert.ok(debugLine(result, 'No end marker from the container'));
    assert.ok(
      afterExitLine(result) >= 2_900,
      `the step ended ${afterExitLine(result)} ms after the exit entry`,
    );
  });

  test('out of memory: termSignal 9 is reported as the signal, exit code 137 and status failed', async (t) => {
    if (await requireDocker(t)) return;
    // The agent's shell (PID 1) holds 600 MB: the kernel kills it at the 512 MiB limit.
    const result = await runAgent(fixture, {
      inputs: {
        env: 'AGENT_SCRIPT=echo hungry; x=$(head -c 600000000 /dev/zero | tr "\\0" a); echo survived',
      },
    });
    assert.equal(result.main.conclusion, 'failure');
    assert.equal(result.outputs.status, 'failed');
    assert.equal(result.outputs.exit_code, '137');
    assert.ok(result.main.log.includes('hungry'));
    assert.ok(!result.main.log.includes('survived'));
    assert.ok(
      result.main.log.some((l) => l.includes('[cloud run] Memory limit of 512 MiB exceeded')),
      "Cloud Run's memory entry is mirrored",
    );
    const error = result.main.annotations.find((a) => a.type === 'error');
    assert.match(error?.message ?? '', /failed with exit code 137/);
    assert.match(error?.message ?? '', /Killed by signal 9 \(SIGKILL\)/);
    assert.match(result.main.summary, /137/);
    assert.deepEqual(leftovers(fixture.emulator), { jobs: 0, running: 0, containers: 0, secrets: 0 });
  });

  test('a timeout ending in SIGKILL: timed_out, exit code 137, the signal named', async (t) => {
    if (await requireDocker(t)) return;
    const result = await runAgent(fixture, {
      inputs: { env: 'AGENT_SLEEP=30\nAGENT_IGNORE_TERM=1', timeout: '2s' },
    });
    assert.equal(result.outputs.status, 'timed_out');
    assert.equal(result.outputs.exit_code, '137');
    const error = result.main.annotations.find((a) => a.type === 'error');
    assert.match(error?.message ?? '', /timed out with exit code 137/);
    assert.match(error?.message ?? '', /Killed by signal 9 \(SIGKILL\)/);
  });
});
