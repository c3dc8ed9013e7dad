// The project-mode entry's pure parts: how a run ends, and what started it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { ending } from '../../src/agent-runtime/outcome.ts';
import { descendantsOf, killDescendants } from '../../src/agent-runtime/processes.ts';
import { parseTrigger } from '../../src/agent-runtime/trigger.ts';

test('a completed run is a success; a rerun asks with 42', () => {
  assert.deepEqual(ending({ result: 'completed' }, {}, 60), { exitCode: 0 });
  assert.deepEqual(ending({ result: 'rerun' }, {}, 60), { exitCode: 42 });
});

test('"completed" after a failed model call is a failure with the model’s message', () => {
  assert.deepEqual(ending({ result: 'completed' }, { modelError: '500 boom' }, 60), {
    exitCode: 1,
    reason: 'the model call failed: 500 boom',
  });
  assert.equal(ending({ result: 'completed' }, { modelError: '401 Incorrect API key' }, 60).exitCode, 10);
  assert.equal(ending({ result: 'completed' }, { modelError: '429 Too Many Requests' }, 60).exitCode, 12);
});

test('upstream’s timeout wins over its "completed", and an error keeps its reason', () => {
  assert.deepEqual(ending({ result: 'completed', returnValue: 'x' }, { timedOut: true }, 30), {
    exitCode: 124,
    reason: "the agent's timeout of 30 s was reached",
  });
  assert.deepEqual(ending({ result: 'error', exitReason: 'Aborted' }, {}, 30), {
    exitCode: 1,
    reason: 'Aborted',
  });
  assert.equal(ending({ result: 'error', exitReason: 'x' }, { modelsExhausted: true }, 30).exitCode, 12);
});

test('the trigger: schedule, manual with or without a task, webhook; anything else is refused', () => {
  assert.deepEqual(parseTrigger(undefined), { type: 'manual' });
  assert.deepEqual(parseTrigger('{"type":"schedule"}'), { type: 'schedule' });
  assert.deepEqual(parseTrigger('{"type":"manual","prompt":"fix it"}'), { type: 'manual', prompt: 'fix it' });
  assert.deepEqual(parseTrigger('{"type":"manual","prompt":""}'), { type: 'manual', prompt: undefined });
  assert.deepEqual(parseTrigger('{"type":"webhook","source":"github","context":{"event":"pull_request"}}'), {
    type: 'webhook',
    source: 'github',
    context: { event: 'pull_request' },
  });
  assert.throws(() => parseTrigger('{"type":"chat"}'), /unknown type/);
});

test('the processes a tool left behind are found through /proc and stopped, grandchildren too', async () => {
  // A shell whose own child outlives it in the background, as a tool's `sleep 300 &` would.
  const child = spawn('/bin/sh', ['-c', 'sleep 300 & sleep 300'], { stdio: 'ignore' });
  await new Promise((resolve) => setTimeout(resolve, 200));
  const found = descendantsOf(process.pid);
  assert.ok(found.includes(child.pid!));
  assert.ok(found.length >= 3, `expected the shell and its two sleeps, found ${found.length}`);
  const exited = new Promise((resolve) => child.on('exit', resolve));
  assert.ok(killDescendants(process.pid) >= 3);
  await exited;
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.deepEqual(
    descendantsOf(process.pid).filter((pid) => found.includes(pid)),
    [],
  );
});
