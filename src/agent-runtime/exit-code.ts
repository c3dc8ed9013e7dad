// How a one-shot run ends: upstream's outcome, corrected by what its log showed, as an exit code
// of the agent container contract (0 ok, 1 error, 10 auth, 12 rate-limited, 42 rerun, 124 timeout),
// or this entry's own for a run a cap stopped (123, shared/llm-usage.ts).
import { capExitCode } from '../shared/llm-usage.ts';
import type { RunOutcome } from './upstream.ts';

/** What the entry saw in upstream's log while the run went on. */
export interface Observed {
  /** Upstream's "session.prompt() completed with error": the model call failed, yet it says completed. */
  modelError?: string;
  /** Upstream's own timeout fired (it only disposes the session; the run may still say completed). */
  timedOut?: boolean;
  /** Every model was rate-limited on every pass. */
  modelsExhausted?: boolean;
  /** The entry stopped the agent at a cap (max_turns, max_llm_cost): why, naming the figure. */
  capStop?: string;
}

export interface Ending {
  exitCode: number;
  /** Why the run failed, for the user; undefined when it succeeded. */
  reason?: string;
}

export const exitCodes = {
  ok: 0,
  error: 1,
  auth: 10,
  rateLimited: 12,
  config: 13,
  dependency: 14,
  rerun: 42,
  capReached: capExitCode,
  timeout: 124,
};

const authFailure = /\b(401|403)\b|unauthori[sz]ed|invalid[ _-]?api[ _-]?key|authentication|forbidden/i;
const rateLimit = /\b429\b|rate.?limit|quota|overloaded/i;

export function ending(outcome: RunOutcome, observed: Observed, timeoutSeconds: number): Ending {
  if (observed.timedOut)
    return { exitCode: exitCodes.timeout, reason: `the agent's timeout of ${timeoutSeconds} s was reached` };
  // Upstream says "completed" when the loop was aborted; the return value is kept all the same.
  if (observed.capStop) return { exitCode: exitCodes.capReached, reason: observed.capStop };
  if (outcome.result === 'error') {
    const why = outcome.exitReason || observed.modelError || 'the run failed';
    return { exitCode: classify(why, observed), reason: why };
  }
  if (observed.modelError)
    return {
      exitCode: classify(observed.modelError, observed),
      reason: `the model call failed: ${observed.modelError}`,
    };
  if (outcome.result === 'rerun') return { exitCode: exitCodes.rerun };
  return { exitCode: exitCodes.ok };
}

function classify(message: string, observed: Observed): number {
  if (observed.modelsExhausted || rateLimit.test(message)) return exitCodes.rateLimited;
  if (authFailure.test(message)) return exitCodes.auth;
  return exitCodes.error;
}
