import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatDuration, parseDuration } from '../../../src/shared/durations.ts';

describe('parseDuration', () => {
  const good: [string | number, number][] = [
    ['3600', 3600],
    [' 3600 ', 3600],
    ['0', 0],
    ['90s', 90],
    ['45m', 2700],
    ['2h', 7200],
    ['1d', 86400],
    ['1h30m', 5400],
    ['1h30m15s', 5415],
    ['1d2h3m4s', 93784],
    [3600, 3600],
    [1.5, 1.5],
  ];
  for (const [text, seconds] of good) {
    test(`${JSON.stringify(text)} is ${seconds} s`, () => assert.equal(parseDuration(text), seconds));
  }

  const bad: (string | number)[] = [
    '',
    ' ',
    'abc',
    '1.5h',
    '-5',
    '-5m',
    '5 m',
    '1h 30m',
    'h',
    '10x',
    '1w',
    '3600S',
    '1H',
    0,
    -1,
    NaN,
    Infinity,
  ];
  for (const text of bad) {
    test(`${JSON.stringify(text) ?? String(text)} is not a duration`, () =>
      assert.equal(parseDuration(text), undefined));
  }
});

describe('formatDuration', () => {
  const cases: [number, string][] = [
    [0, '0s'],
    [0.4, '0s'],
    [59.6, '1m'],
    [45, '45s'],
    [60, '1m'],
    [3600, '1h'],
    [3661, '1h 1m 1s'],
    [3605, '1h 5s'],
    [7260, '2h 1m'],
    [90000, '25h'],
  ];
  for (const [seconds, text] of cases) {
    test(`${seconds} s reads "${text}"`, () => assert.equal(formatDuration(seconds), text));
  }
});
