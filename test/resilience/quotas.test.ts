// The CI size of the quotas suite (test/resilience/quotas.ts): fewer runs, the same assertions as npm run resilience.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { requireDocker } from '../infra/docker.ts';
import { missedGoals } from './common.ts';
import { memoryBoundKb, suites } from './suites.ts';

test('resilience: quotas', { timeout: 240_000 }, async (t) => {
  if (await requireDocker(t)) return;
  const result = await suites['quotas']!('ci');
  t.diagnostic(JSON.stringify({ ...result, problems: result.problems.length }));
  assert.deepEqual(missedGoals(result), [], result.problems.join('\n'));
  assert.deepEqual(result.problems, []);
  assert.ok(result.peakRssKb < memoryBoundKb, `peak memory ${result.peakRssKb} KiB`);
});
