import assert from 'node:assert/strict';
import { test } from 'node:test';
import { billedSeconds, executionCost, formatUsd } from '../../../src/job/cost.ts';

/** Equal up to floating-point rounding. */
const near = (actual: number, expected: number) =>
  assert.ok(Math.abs(actual - expected) <= Math.abs(expected) * 1e-12, `${actual} is not ${expected}`);

// Cloud Run jobs, Tier 1: 0.000018 per vCPU-second, 0.000002 per GiB-second.
test('executionCost: vCPU-seconds and GiB-seconds at their prices', () => {
  const oneHour = executionCost('1', '512Mi', 3600);
  assert.equal(oneHour.vcpuSeconds, 3600);
  assert.equal(oneHour.gibSeconds, 1800);
  near(oneHour.usd, 3600 * 0.000018 + 1800 * 0.000002); // 0.0684
  near(executionCost('2', '1Gi', 1).usd, 0.000038);
  near(executionCost('500m', '2Gi', 60).usd, 30 * 0.000018 + 120 * 0.000002);
  near(executionCost('8', '32Gi', 168 * 3600).usd, 168 * 3600 * (8 * 0.000018 + 32 * 0.000002));
  assert.equal(executionCost('1', '512Mi', 0).usd, 0);
});

test('executionCost: the CPU counts about ten times the memory at 1 vCPU / 512 MiB', () => {
  const { vcpuSeconds, gibSeconds } = executionCost('1', '512Mi', 10);
  assert.ok(vcpuSeconds * 0.000018 > 10 * gibSeconds * 0.000002);
});

test('executionCost: SI memory units are converted to GiB', () => {
  near(executionCost('1', '1G', 1000).gibSeconds, 1e12 / 2 ** 30);
});

test('executionCost: an unreadable size is NaN, not a number that looks right', () => {
  assert.ok(Number.isNaN(executionCost('1', 'lots', 10).usd));
});

test('billedSeconds: from startTime to completionTime, nanoseconds included', () => {
  assert.equal(
    billedSeconds({
      startTime: { seconds: '100', nanos: 250_000_000 },
      completionTime: { seconds: '112', nanos: 750_000_000 },
    }),
    12.5,
  );
  assert.equal(billedSeconds({ startTime: { seconds: 100 } }), 0);
  assert.equal(billedSeconds({ completionTime: { seconds: 100 } }), 0);
  assert.equal(billedSeconds({ startTime: { seconds: 200 }, completionTime: { seconds: 100 } }), 0);
});

test('formatUsd: six decimals', () => {
  assert.equal(formatUsd(0.000123), '0.000123');
  assert.equal(formatUsd(0.0684), '0.068400');
});
