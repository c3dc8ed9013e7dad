// The model usage of a project-mode run, as the entry inside the container counts it and the action
// reports it: turns, tokens and the cost in US dollars; and the caps (max_turns, max_llm_cost) the
// action passes in and the entry enforces. The entry prints the figures as its usage line
// (signals.usage of container-lines.ts) after every turn and at the end; the log mirror reads them
// with readUsage.
//
// Trust: the line comes from the agent's container, where the agent's own tools run as the entry's
// user, so a tool can print a line that looks like it. readUsage therefore takes numbers only, each
// checked (whole, not negative, bounded), and nothing else from it, and the mirror keeps the highest
// figures it saw (mergeUsage), so a forged line can make the reported usage larger or the cost
// unknown, never smaller than the entry's own. The figures are the run's own report, not the provider's bill; the caps are
// enforced inside the container on the entry's own count, which no printed line changes.

/** What a run used of its models, summed over every model response. */
export interface UsageFigures {
  /** Model responses: calls answered; a call that failed or that a cap aborted is none. */
  turns: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** US dollars at the models' prices; undefined when unknown (a model without a price). */
  costUsd?: number;
}

export const noUsage: UsageFigures = {
  turns: 0,
  inputTokens: 0,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
};

const counts = ['turns', 'inputTokens', 'outputTokens', 'cacheReadTokens', 'cacheWriteTokens'] as const;
/** Beyond any real run (a thousand billion tokens, a billion dollars): a bigger figure is no report. */
const maxCount = 1e12;
const maxCostUsd = 1e9;

/** The usage line's fields: the figures, the cost `null` when unknown. */
export function usageFields(usage: UsageFigures): Record<string, number | null> {
  const fields: Record<string, number | null> = {};
  for (const name of counts) fields[name] = usage[name];
  fields.costUsd = usage.costUsd ?? null;
  return fields;
}

/**
 * The figures of a usage line's fields, or undefined when any is missing or not a plain number in
 * range: whole counts from 0 to 10^12, a cost from 0 to 10^9 dollars or null (unknown).
 */
export function readUsage(fields: Record<string, unknown>): UsageFigures | undefined {
  const usage: UsageFigures = { ...noUsage };
  for (const name of counts) {
    const value = fields[name];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > maxCount)
      return undefined;
    usage[name] = value;
  }
  const cost = fields.costUsd;
  if (cost === null || cost === undefined) return usage;
  if (typeof cost !== 'number' || !Number.isFinite(cost) || cost < 0 || cost > maxCostUsd) return undefined;
  return { ...usage, costUsd: cost };
}

/**
 * The figures of two usage lines together: each the higher, the cost unknown when either says so.
 * The entry's figures only grow, so for its own lines this is the latest; a forged line can raise
 * a figure or make the cost unknown, never lower one.
 */
export function mergeUsage(kept: UsageFigures | undefined, next: UsageFigures): UsageFigures {
  if (!kept) return next;
  const merged: UsageFigures = { ...noUsage };
  for (const name of counts) merged[name] = Math.max(kept[name], next[name]);
  if (kept.costUsd !== undefined && next.costUsd !== undefined)
    merged.costUsd = Math.max(kept.costUsd, next.costUsd);
  return merged;
}

/** The caps of inputs max_turns and max_llm_cost; undefined: no cap. */
export interface Caps {
  maxTurns?: number;
  /** US dollars. */
  maxLlmCost?: number;
}

export type CapName = 'max_turns' | 'max_llm_cost';

/** The environment variables that carry the caps into the container. */
export const capVariables = { maxTurns: 'AL_MAX_TURNS', maxLlmCost: 'AL_MAX_LLM_COST' } as const;

/** The exit code of a run a cap stopped: none of the container contract's (0, 1, 5, 10–16, 42, 124). */
export const capExitCode = 123;

/** max_turns as written: a whole number of at least 1 (NaN otherwise). */
export const parseMaxTurns = (text: string): number =>
  /^[1-9]\d{0,8}$/.test(text.trim()) ? Number(text) : NaN;

/** max_llm_cost as written: a positive decimal number of US dollars, such as 2 or 0.50 (NaN otherwise). */
export function parseMaxLlmCost(text: string): number {
  const value = /^\d{1,9}(\.\d{1,9})?$/.test(text.trim()) ? Number(text) : NaN;
  return value > 0 ? value : NaN;
}

/** The caps the action put in the container's environment; a variable set to what is no cap is a problem. */
export function readCaps(env: NodeJS.ProcessEnv): { caps: Caps; problems: string[] } {
  const caps: Caps = {};
  const problems: string[] = [];
  const turns = env[capVariables.maxTurns];
  const cost = env[capVariables.maxLlmCost];
  if (turns) caps.maxTurns = parseMaxTurns(turns);
  if (cost) caps.maxLlmCost = parseMaxLlmCost(cost);
  if (Number.isNaN(caps.maxTurns))
    problems.push(`${capVariables.maxTurns}="${turns}" is not a whole number ≥ 1`);
  if (Number.isNaN(caps.maxLlmCost))
    problems.push(`${capVariables.maxLlmCost}="${cost}" is not a positive number of dollars`);
  return { caps, problems };
}

/** The cap `usage` has reached (turns first), if any. */
export function reachedCap(usage: UsageFigures, caps: Caps): CapName | undefined {
  if (caps.maxTurns !== undefined && usage.turns >= caps.maxTurns) return 'max_turns';
  if (caps.maxLlmCost !== undefined && usage.costUsd !== undefined && usage.costUsd >= caps.maxLlmCost)
    return 'max_llm_cost';
  return undefined;
}

/** Dollars as the llm_cost output gives them: six decimals, as the cost output. */
export const formatLlmUsd = (usd: number): string => usd.toFixed(6);

/** The counts in words: "3 turns, 300 input and 30 output tokens" (and the cache's, when any). */
export function usageText(usage: UsageFigures): string {
  const cache = usage.cacheReadTokens || usage.cacheWriteTokens;
  return [
    `${usage.turns} turn${usage.turns === 1 ? '' : 's'}`,
    `${usage.inputTokens} input and ${usage.outputTokens} output tokens`,
    ...(cache
      ? [`${usage.cacheReadTokens} cache-read and ${usage.cacheWriteTokens} cache-write tokens`]
      : []),
  ].join(', ');
}

/** Why the run stopped, naming the cap and the figure reached: the step's error. */
export function capStopReason(cap: CapName, usage: UsageFigures, caps: Caps): string {
  if (cap === 'max_turns')
    return `the agent stopped after ${usage.turns} turn${usage.turns === 1 ? '' : 's'}: max_turns is ${caps.maxTurns}`;
  const cost = usage.costUsd === undefined ? 'an unknown cost' : `$${formatLlmUsd(usage.costUsd)}`;
  return `the agent stopped after ${cost} of model usage: max_llm_cost is ${caps.maxLlmCost}`;
}
