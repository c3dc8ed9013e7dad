// The entry's count of a run's model usage: sums over the agent loop's events as pi-agent-core
// emits them (message_end, then turn_end after the turn's tools), the turns it counts, the prices
// it uses, and when a cap stops the agent.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  costOf,
  createMeter,
  priced,
  ratesOf,
  type AgentEvent,
  type Rates,
} from '../../../src/agent-runtime/meter.ts';

// gpt-4o's rates in pi-ai 0.66.1 (models.generated.js), US dollars per million tokens.
const gpt4o: Rates = { input: 2.5, output: 10, cacheRead: 1.25, cacheWrite: 0 };
const reply = (stopReason: string, usage = { input: 100, output: 10, cacheRead: 0, cacheWrite: 0 }) => ({
  role: 'assistant',
  stopReason,
  usage: { ...usage, totalTokens: 0, cost: { total: 0 } }, // upstream's $0 for a baseUrl model
});

/** The events of one turn: its message, then turn_end with one tool result per tool call. */
function turn(stopReason = 'toolUse', usage?: Parameters<typeof reply>[1]): AgentEvent[] {
  const message = reply(stopReason, usage);
  const toolResults = stopReason === 'toolUse' ? [{ role: 'toolResult' }] : [];
  return [
    { type: 'turn_start' },
    { type: 'message_start', message },
    { type: 'message_end', message },
    { type: 'turn_end', message, toolResults },
  ];
}

describe('the count', () => {
  test('sums every response’s tokens and prices them at the rates given, not the message’s $0', () => {
    const meter = createMeter({}, true);
    for (const event of [
      ...turn(),
      ...turn(),
      ...turn('stop', { input: 50, output: 5, cacheRead: 40, cacheWrite: 0 }),
    ])
      meter.onEvent(event, gpt4o);
    assert.deepEqual(meter.figures(), {
      turns: 3,
      inputTokens: 250,
      outputTokens: 25,
      cacheReadTokens: 40,
      cacheWriteTokens: 0,
      costUsd: (250 * 2.5 + 25 * 10 + 40 * 1.25) / 1e6,
    });
  });

  test('the prompt (a user message) is no turn; a failed call and the aborted one are none, their usage still summed', () => {
    const meter = createMeter({}, true);
    const prompt = { role: 'user', content: 'do it' };
    meter.onEvent({ type: 'message_end', message: prompt }, gpt4o);
    for (const event of [
      ...turn(),
      ...turn('error', { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 }),
      ...turn('aborted', { input: 7, output: 0, cacheRead: 0, cacheWrite: 0 }),
    ])
      meter.onEvent(event, gpt4o);
    assert.equal(meter.figures().turns, 1);
    assert.equal(meter.figures().inputTokens, 107);
  });

  test('turns across sessions (model fallback) add up: the meter outlives each session', () => {
    const meter = createMeter({}, true);
    for (const event of [...turn('error'), ...turn(), ...turn('stop')]) meter.onEvent(event, gpt4o);
    assert.equal(meter.figures().turns, 2);
  });

  test('odd usage values from a provider count as 0, never NaN', () => {
    const meter = createMeter({}, true);
    const message = { role: 'assistant', stopReason: 'stop', usage: { input: Number.NaN, output: -3 } };
    meter.onEvent({ type: 'message_end', message }, gpt4o);
    meter.onEvent({ type: 'message_end', message: { role: 'assistant', stopReason: 'stop' } }, gpt4o);
    assert.deepEqual(meter.figures(), {
      turns: 2,
      inputTokens: 0,
      outputTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      costUsd: 0,
    });
  });
});

describe('the cost: known, or unknown, never a made-up zero', () => {
  test('before any response: $0 when every model has a price, else unknown', () => {
    assert.equal(createMeter({}, true).figures().costUsd, 0);
    assert.equal(createMeter({}, false).figures().costUsd, undefined);
  });

  test('one response of a model without a price makes the whole cost unknown, for good', () => {
    const meter = createMeter({}, false);
    for (const event of turn()) meter.onEvent(event, gpt4o);
    assert.equal(meter.figures().costUsd, 0.00035);
    for (const event of turn()) meter.onEvent(event, undefined);
    for (const event of turn()) meter.onEvent(event, gpt4o);
    assert.equal(meter.figures().costUsd, undefined);
    assert.equal(meter.figures().turns, 3);
  });

  test('the rates: pi-ai’s formula, per million tokens of each kind', () => {
    assert.equal(
      costOf({ input: 1_000_000, output: 1_000_000, cacheRead: 1_000_000, cacheWrite: 0 }, gpt4o),
      13.75,
    );
    assert.equal(costOf({}, gpt4o), 0);
  });

  test('a model is priced when some rate is above 0; all zero (free tiers, subscriptions) or none is unknown', () => {
    assert.deepEqual(priced(gpt4o), gpt4o);
    assert.deepEqual(priced({ input: 0, output: 0.4 }), {
      input: 0,
      output: 0.4,
      cacheRead: 0,
      cacheWrite: 0,
    });
    assert.equal(priced({ input: 0, output: 0, cacheRead: 0, cacheWrite: 0 }), undefined);
    assert.equal(priced(undefined), undefined);
    assert.equal(priced({ input: Number.NaN, output: -1 }), undefined);
  });
});

describe('the rates of the session’s model', () => {
  const registry = (provider: string, id: string) =>
    provider === 'openai' && id === 'gpt-4o'
      ? gpt4o
      : provider === 'zai'
        ? { input: 0, output: 0 }
        : undefined;
  const configured = [
    { provider: 'openai', model: 'gpt-4o', baseUrl: 'http://127.0.0.1:9/v1' },
    { provider: 'openai', model: 'gpt-4o' },
    { provider: 'openai', model: 'my-finetune', baseUrl: 'https://proxy.example/v1' },
    { provider: 'zai', model: 'glm-free' },
  ];

  test('a model behind a baseUrl is priced as the provider/model it names (upstream registers it at $0)', () => {
    const custom = {
      provider: 'custom_openai',
      id: 'gpt-4o',
      baseUrl: 'http://127.0.0.1:9/v1',
      cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
    };
    assert.deepEqual(ratesOf(custom, configured, registry), gpt4o);
  });

  test('a built-in model: the registry’s rates; one the registry does not price: unknown', () => {
    assert.deepEqual(ratesOf({ provider: 'openai', id: 'gpt-4o', cost: gpt4o }, configured, registry), gpt4o);
    const finetune = { provider: 'custom_openai', id: 'my-finetune', baseUrl: 'https://proxy.example/v1' };
    assert.equal(ratesOf(finetune, configured, registry), undefined);
    assert.equal(ratesOf({ provider: 'zai', id: 'glm-free' }, configured, registry), undefined);
    assert.equal(ratesOf(undefined, configured, registry), undefined);
  });

  test('a model not in the config: the session’s own rates', () => {
    assert.deepEqual(ratesOf({ provider: 'x', id: 'y', cost: { input: 1 } }, configured, registry), {
      input: 1,
      output: 0,
      cacheRead: 0,
      cacheWrite: 0,
    });
  });
});

describe('the caps: checked when a turn ends and the agent would call its model again', () => {
  test('max_turns 3: the stop comes at the end of the third turn, once', () => {
    const meter = createMeter({ maxTurns: 3 }, true);
    const stops = [...turn(), ...turn(), ...turn(), ...turn()].map((e) => meter.onEvent(e, gpt4o));
    assert.deepEqual(
      stops.map((stop, i) => (stop ? i : -1)).filter((i) => i >= 0),
      [11],
      'only at the third turn_end',
    );
  });

  test('an agent that ends on its own at the cap is not stopped (the run succeeds)', () => {
    const meter = createMeter({ maxTurns: 2 }, true);
    for (const event of [...turn(), ...turn('stop')]) assert.equal(meter.onEvent(event, gpt4o), undefined);
  });

  test('max_llm_cost: the turn whose cost reaches it stops the agent, however far past it went', () => {
    const meter = createMeter({ maxLlmCost: 0.001 }, true); // $0.00035 a turn
    const stopped: number[] = [];
    for (let i = 1; i <= 5; i++) for (const event of turn()) if (meter.onEvent(event, gpt4o)) stopped.push(i);
    assert.deepEqual(stopped, [3]);
    assert.equal(meter.figures().turns, 5, 'the meter goes on counting what still comes');
  });

  test('an unknown cost reaches no cost cap (the entry refuses such a run before it starts)', () => {
    const meter = createMeter({ maxLlmCost: 0.000001 }, false);
    for (const event of [...turn(), ...turn()]) assert.equal(meter.onEvent(event, undefined), undefined);
  });

  test('a failed call is no turn: retries of it do not use up max_turns', () => {
    const meter = createMeter({ maxTurns: 2 }, true);
    const events = [...turn(), ...turn('error'), ...turn('error'), ...turn()];
    assert.deepEqual(events.map((e) => meter.onEvent(e, gpt4o)).filter(Boolean), ['max_turns']);
    assert.equal(meter.figures().turns, 2);
  });
});
