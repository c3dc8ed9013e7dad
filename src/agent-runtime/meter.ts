// The entry's own count of a run's model usage, and its caps. It sums the usage of every assistant
// message as the agent loop ends it (message_end), which still counts turns that upstream's final
// figure loses: those compaction drops from the session, and those of a model the run fell back
// from (upstream makes a session per model and reports only the last one's). The LLM calls that
// compaction makes itself are not agent messages and are not counted.
//
// A turn is one model response: a message with its usage. A call that failed (an HTTP error, each
// of pi's retries one) or that the entry aborted (a cap, the timeout) is not a turn; its usage,
// usually none, is still summed. The cost is priced here, not taken from the message: upstream
// prices a model with a baseUrl at zero (transport-runner.js, "custom provider with baseUrl"), so the
// message says $0 for what may be a proxy of a priced model. The rates are pi-ai's registry's for
// the configured provider/model, behind a baseUrl too; a model the registry does not price (absent,
// or every rate 0: free tiers, subscriptions) makes the cost unknown, never zero.
import { noUsage, reachedCap, type Caps, type CapName, type UsageFigures } from '../shared/llm-usage.ts';

/** pi-ai's `Model.cost`: US dollars per million tokens. */
export interface Rates {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

/** pi-ai's `Usage` of an assistant message (types.d.ts): tokens of each kind. */
export interface MessageUsage {
  input?: number;
  output?: number;
  cacheRead?: number;
  cacheWrite?: number;
}

/** The parts of pi-agent-core's AgentEvent the meter reads. */
export interface AgentEvent {
  type: string;
  message?: { role?: string; stopReason?: string; usage?: MessageUsage };
  toolResults?: unknown[];
}

/** A model as the session holds it (pi-ai's Model). */
export interface SessionModel {
  provider?: string;
  id?: string;
  baseUrl?: string;
  cost?: Partial<Rates>;
}

/** A model of the agent's config (upstream's ModelConfig). */
export interface ConfiguredModel {
  provider: string;
  model: string;
  baseUrl?: string;
}

/** pi-ai's registry: a model's rates by provider and id, undefined when it has none. */
export type Registry = (provider: string, id: string) => Partial<Rates> | undefined;

const rateNames = ['input', 'output', 'cacheRead', 'cacheWrite'] as const;

/** The rates when they price anything (some rate above 0), else undefined: the cost is unknown. */
export function priced(rates: Partial<Rates> | undefined): Rates | undefined {
  if (!rates) return undefined;
  const clean = Object.fromEntries(
    rateNames.map((name) => [name, Number.isFinite(rates[name]) ? Math.max(0, rates[name]!) : 0]),
  ) as unknown as Rates;
  return rateNames.some((name) => clean[name] > 0) ? clean : undefined;
}

/**
 * The rates of the session's model: the registry's for the configured model it is (a model with a
 * baseUrl is found by its baseUrl and id, as upstream registers it as provider "custom_<provider>"),
 * else the session's own.
 */
export function ratesOf(
  model: SessionModel | undefined,
  configured: ConfiguredModel[],
  registry: Registry,
): Rates | undefined {
  if (!model) return undefined;
  const config = configured.find(
    (c) => c.model === model.id && (c.baseUrl ? c.baseUrl === model.baseUrl : c.provider === model.provider),
  );
  return priced(config ? registry(config.provider, config.model) : model.cost);
}

/** What a message cost at `rates`: pi-ai's calculateCost (models.js), per million tokens. */
export function costOf(usage: MessageUsage, rates: Rates): number {
  return rateNames.reduce((sum, name) => sum + (rates[name] / 1e6) * count(usage[name]), 0);
}

const count = (value: unknown): number =>
  typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.round(value) : 0;

export interface Meter {
  /** The usage so far. */
  figures(): UsageFigures;
  /**
   * Reads one event of the agent loop with the rates of the model that made it; returns the cap
   * to stop the agent for, once, when a turn ends at or past a cap and the agent would go on.
   */
  onEvent(event: AgentEvent, rates: Rates | undefined): CapName | undefined;
}

/** `everyModelPriced`: the cost of a run that has no message yet is $0, else unknown. */
export function createMeter(caps: Caps, everyModelPriced: boolean): Meter {
  let usage: UsageFigures = { ...noUsage };
  let messages = 0;
  let cost = 0;
  let unpricedMessage = false;
  let stoppedBy: CapName | undefined;

  const figures = (): UsageFigures => {
    // Unknown for good once a model without a price answered: a partial sum would be made up.
    const known = !unpricedMessage && (messages > 0 || everyModelPriced);
    return known ? { ...usage, costUsd: cost } : { ...usage };
  };
  const addMessage = (message: NonNullable<AgentEvent['message']>, rates: Rates | undefined) => {
    const tokens = message.usage ?? {};
    messages++;
    if (rates) cost += costOf(tokens, rates);
    else unpricedMessage = true;
    const answered = message.stopReason !== 'error' && message.stopReason !== 'aborted';
    usage = {
      turns: usage.turns + (answered ? 1 : 0),
      inputTokens: usage.inputTokens + count(tokens.input),
      outputTokens: usage.outputTokens + count(tokens.output),
      cacheReadTokens: usage.cacheReadTokens + count(tokens.cacheRead),
      cacheWriteTokens: usage.cacheWriteTokens + count(tokens.cacheWrite),
    };
  };

  return {
    figures,
    onEvent(event, rates) {
      if (event.type === 'message_end' && event.message?.role === 'assistant')
        addMessage(event.message, rates);
      // The loop calls the model again only after a turn whose tools ran (agent-loop.js, runLoop).
      const goesOn = event.type === 'turn_end' && (event.toolResults?.length ?? 0) > 0;
      if (!goesOn || stoppedBy) return undefined;
      stoppedBy = reachedCap(figures(), caps);
      return stoppedBy;
    },
  };
}
