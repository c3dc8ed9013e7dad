import assert from 'node:assert/strict';
import { test } from 'node:test';
import { estimatedCost } from '../../src/summary.ts';

/** Equal up to floating-point rounding. */
const near = (actual: number, expected: number) =>
  assert.ok(Math.abs(actual - expected) <= Math.abs(expected) * 1e-12, `${actual} is not ${expected}`);

// Cloud Run Jobs at 0.0000025 per GiB-second (the seed's price).
test('estimatedCost: memory GiB × seconds × price', () => {
  assert.equal(estimatedCost('1Gi', 1), 0.0000025);
  near(estimatedCost('512Mi', 3600), 0.0045);
  near(estimatedCost('2Gi', 60), 0.0003);
  near(estimatedCost('128Mi', 10), 0.000003125);
  near(estimatedCost('32Gi', 168 * 3600), 48.384);
  assert.equal(estimatedCost('512Mi', 0), 0);
});

test('estimatedCost: SI units are converted to GiB', () => {
  near(estimatedCost('1G', 1000), 0.0023283064365386963);
  near(estimatedCost('500M', 1000), 0.0011641532182693481);
});

test('estimatedCost: an unreadable memory size is NaN, not a number that looks right', () => {
  assert.ok(Number.isNaN(estimatedCost('lots', 10)));
});
