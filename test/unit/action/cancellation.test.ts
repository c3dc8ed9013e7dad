// Cancellation (src/action/cancellation.ts), in a child process that SIGINTs itself (the handler
// ends its process): the execution CreateJob's token starts may not exist yet when SIGINT comes,
// so a cancel answered NOT_FOUND is tried again until it lands, within its 3 s.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';

const cancellation = path.resolve(import.meta.dirname, '../../../src/action/cancellation.ts');

/** Runs the handler over a Cloud Run whose CancelExecution answers NOT_FOUND `missing` times. */
function cancelOnSigint(missing: number): { status: number | null; calls: number[]; lines: string[] } {
  const script = `
    import { watchForCancellation } from ${JSON.stringify(cancellation)};
    const started = Date.now();
    let left = ${missing};
    const cloud = { run: { cancelExecution: async () => {
      console.log('call ' + (Date.now() - started));
      if (left-- > 0) throw Object.assign(new Error('not found'), { code: 5 });
    } } };
    const cancel = watchForCancellation(cloud, { project: 'p', region: 'r', secrets: [] });
    cancel.executionKnown('projects/p/locations/r/jobs/j/executions/j-k7q2z');
    process.kill(process.pid, 'SIGINT');
    setTimeout(() => {}, 10_000);
  `;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH },
    timeout: 20_000,
  });
  const lines = result.stdout.split('\n').filter(Boolean);
  const calls = lines.filter((l) => l.startsWith('call ')).map((l) => Number(l.slice(5)));
  return { status: result.status, calls, lines };
}

test('a cancel answered NOT_FOUND (the execution not created yet) is tried again every 250 ms until it lands', () => {
  const { status, calls, lines } = cancelOnSigint(2);
  assert.equal(status, 1, 'the handler ends the process');
  assert.equal(calls.length, 3, lines.join('\n'));
  for (const [i, gap] of calls
    .slice(1)
    .map((t, j) => t - calls[j]!)
    .entries())
    assert.ok(gap >= 240 && gap < 1_000, `retry ${i + 1} after ${gap} ms`);
  assert.ok(lines.some((l) => l.includes('Cancelling execution j-k7q2z')));
  assert.ok(!lines.some((l) => l.includes('does not exist yet')));
});

test('an execution that never appears: tried for 3 s, then left to post, and said so', () => {
  const { status, calls, lines } = cancelOnSigint(100);
  assert.equal(status, 1);
  assert.ok(calls.length >= 8 && calls.length <= 13, `${calls.length} calls`);
  assert.ok(calls.at(-1)! < 3_500, `last call at ${calls.at(-1)} ms`);
  assert.ok(lines.some((l) => l.includes('The execution does not exist yet; post deletes the job')));
});
