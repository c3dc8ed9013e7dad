import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SeenIds } from '../../../src/log-mirror/seen.ts';

const id = (i: number) =>
  `6787d8b6${(i % 977).toString(16).padStart(8, '0')}${i.toString(16).padStart(8, '0')}`;

test('every new id is new, every repeat is a repeat, across spans and growth', () => {
  const seen = new SeenIds(120_000);
  const at = (i: number) => 1_700_000_000_000 + i * 3; // 100,000 ids over 300 s
  for (let i = 0; i < 100_000; i++) assert.equal(seen.add(id(i), at(i)), true, `id ${i}`);
  // Repeats within the window (the last 120 s) are recognised.
  for (let i = 70_000; i < 100_000; i++) assert.equal(seen.add(id(i), at(i)), false, `repeat ${i}`);
});

test('ids older than the window are forgotten', () => {
  const seen = new SeenIds(10_000);
  assert.equal(seen.add('a', 0), true);
  assert.equal(seen.add('a', 0), false);
  assert.equal(seen.add('b', 60_000), true);
  assert.equal(seen.add('a', 0), true);
});

test('the same id at another time is another entry', () => {
  const seen = new SeenIds(120_000);
  assert.equal(seen.add('x', 1_000), true);
  assert.equal(seen.add('x', 50_000), true);
});
