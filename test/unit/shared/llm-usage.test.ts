// The usage figures and the caps, as the entry and the action share them: the caps as written and
// as passed in the environment, which cap a usage reaches, and the words of the stop.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  capStopReason,
  mergeUsage,
  noUsage,
  parseMaxLlmCost,
  parseMaxTurns,
  readCaps,
  readUsage,
  reachedCap,
  usageFields,
  usageText,
  type UsageFigures,
} from '../../../src/shared/llm-usage.ts';

const usage = (u: Partial<UsageFigures>): UsageFigures => ({ ...noUsage, ...u });

test('max_turns: a whole number of at least 1', () => {
  assert.equal(parseMaxTurns('5'), 5);
  assert.equal(parseMaxTurns(' 30 '), 30);
  for (const bad of ['0', '-1', '1.5', '5 turns', '1e3', '05', '', '9999999999'])
    assert.ok(Number.isNaN(parseMaxTurns(bad)), bad);
});

test('max_llm_cost: a positive number of dollars, written in decimals', () => {
  assert.equal(parseMaxLlmCost('2'), 2);
  assert.equal(parseMaxLlmCost('0.50'), 0.5);
  assert.equal(parseMaxLlmCost('0.000000001'), 1e-9);
  for (const bad of ['0', '0.0', '$2', '-1', '1e-3', '.5', '2.', 'two', '', 'Infinity', '0x10'])
    assert.ok(Number.isNaN(parseMaxLlmCost(bad)), bad);
});

test('the caps from the environment: unset is no cap, a bad value a problem', () => {
  assert.deepEqual(readCaps({}), { caps: {}, problems: [] });
  assert.deepEqual(readCaps({ AL_MAX_TURNS: '3', AL_MAX_LLM_COST: '0.250000000' }), {
    caps: { maxTurns: 3, maxLlmCost: 0.25 },
    problems: [],
  });
  const { problems } = readCaps({ AL_MAX_TURNS: 'x', AL_MAX_LLM_COST: '-2' });
  assert.equal(problems.length, 2);
  assert.match(problems[0]!, /AL_MAX_TURNS="x"/);
});

test('a cap is reached at its figure, turns first; an unknown cost reaches no cost cap', () => {
  const caps = { maxTurns: 3, maxLlmCost: 0.01 };
  assert.equal(reachedCap(usage({ turns: 2, costUsd: 0.009 }), caps), undefined);
  assert.equal(reachedCap(usage({ turns: 3, costUsd: 0.009 }), caps), 'max_turns');
  assert.equal(reachedCap(usage({ turns: 2, costUsd: 0.01 }), caps), 'max_llm_cost');
  assert.equal(reachedCap(usage({ turns: 4, costUsd: 0.5 }), caps), 'max_turns');
  assert.equal(reachedCap(usage({ turns: 2 }), caps), undefined);
  assert.equal(reachedCap(usage({ turns: 100, costUsd: 100 }), {}), undefined);
});

test('the stop names the cap and the figure reached', () => {
  const caps = { maxTurns: 5, maxLlmCost: 0.5 };
  assert.equal(
    capStopReason('max_turns', usage({ turns: 5 }), caps),
    'the agent stopped after 5 turns: max_turns is 5',
  );
  assert.equal(
    capStopReason('max_turns', usage({ turns: 1 }), { maxTurns: 1 }),
    'the agent stopped after 1 turn: max_turns is 1',
  );
  assert.equal(
    capStopReason('max_llm_cost', usage({ turns: 9, costUsd: 0.5123456 }), caps),
    'the agent stopped after $0.512346 of model usage: max_llm_cost is 0.5',
  );
});

test('the line carries every figure, an unknown cost as null, and reads back the same', () => {
  const known = usage({ turns: 2, inputTokens: 200, outputTokens: 20, cacheReadTokens: 5, costUsd: 0.0007 });
  assert.deepEqual(usageFields(known), {
    turns: 2,
    inputTokens: 200,
    outputTokens: 20,
    cacheReadTokens: 5,
    cacheWriteTokens: 0,
    costUsd: 0.0007,
  });
  assert.deepEqual(readUsage(usageFields(known)), known);
  const unknown = usage({ turns: 2 });
  assert.equal(usageFields(unknown).costUsd, null);
  assert.deepEqual(readUsage(usageFields(unknown)), unknown);
  assert.equal(readUsage({ ...usageFields(known), turns: Number.NaN }), undefined);
  assert.equal(readUsage({ ...usageFields(known), costUsd: Number.POSITIVE_INFINITY }), undefined);
});

test('merging keeps each figure at its highest, and an unknown cost unknown', () => {
  const a = usage({ turns: 2, inputTokens: 200, costUsd: 0.2 });
  const b = usage({ turns: 1, inputTokens: 300, costUsd: 0.1 });
  assert.deepEqual(mergeUsage(undefined, b), b);
  assert.deepEqual(mergeUsage(a, b), usage({ turns: 2, inputTokens: 300, costUsd: 0.2 }));
  assert.deepEqual(mergeUsage(a, usage({ turns: 3 })), usage({ turns: 3, inputTokens: 200 }));
  assert.deepEqual(mergeUsage(usage({ turns: 3 }), a), usage({ turns: 3, inputTokens: 200 }));
});

test('the counts in words, the cache only when used', () => {
  assert.equal(
    usageText(usage({ turns: 1, inputTokens: 10, outputTokens: 2 })),
    '1 turn, 10 input and 2 output tokens',
  );
  assert.equal(
    usageText(usage({ turns: 0, cacheWriteTokens: 4 })),
    '0 turns, 0 input and 0 output tokens, 0 cache-read and 4 cache-write tokens',
  );
});
