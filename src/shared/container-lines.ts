// The lines a project-mode agent container prints for the action to read, in Action Llama's log
// shape ({"_log":true,"level":…,"msg":…,"ts":…}): agent-runtime/ prints them, the log mirror
// (log-mirror/printer.ts) reads them. Upstream's return value, the entry's failure reason, its model
// usage (llm-usage.ts: figures only, validated), and the end marker.
//
// The end marker is the last line the agent's container prints, on stdout and on stderr, so that the
// log mirror knows every line is in once Cloud Run's exit entry has come too, instead of waiting a
// fixed time for lines ingested after it (Google documents no order between a container's lines
// and its system log). The action gives the container a nonce per run in `AL_END_NONCE`; the
// marker is {"_log":true,"level":"debug","msg":"end of output","nonce":"<nonce>"}, the shape of
// Action Llama's log lines. Project mode's entry prints it; a contract image may.
//
// Trust: a marker only ends the drain's wait for late lines, and only once Cloud Run's own exit
// entry (which no container can write) has arrived and no gap is left. It changes no output and no
// state: the outcome, the exit code and the cost come from Cloud Run. Agent output that copies a
// marker (an earlier run's log, this file) carries another nonce: it is an ordinary line. The
// agent's own tools could find the nonce (they run as the entry's user: /proc/1/environ), so a
// marker can be forged from inside; all it would do is end the drain early, so that lines the
// container printed and Cloud Logging ingested late are missing from the workflow log (not from
// Cloud Logging: the logs link has them). Only the agent's own output can be lost that way, which
// the agent decides anyway: it could as well not print it.
import { randomBytes } from 'node:crypto';

/** The environment variable that carries the run's nonce into the container. */
export const endNonceVariable = 'AL_END_NONCE';

const message = 'end of output';

/** A new nonce: 128 random bits, in hex. */
export const newEndNonce = (): string => randomBytes(16).toString('hex');

/** The marker line, without its newline. */
export const endMarkerLine = (nonce: string): string =>
  JSON.stringify({ _log: true, level: 'debug', msg: message, nonce });

/** Whether a structured line is the marker of the run whose nonce is `nonce`. */
export const isEndMarker = (json: Record<string, unknown>, nonce: string | undefined): boolean =>
  Boolean(nonce) && json._log === true && json.msg === message && json.nonce === nonce;

export const signals = {
  /** Upstream's return value line: `type: "return"`, `value` (≤1000 characters). */
  result: 'signal-result',
  /** This action's own: why the run failed (`reason`: the model's error, the timeout…), for `agent`. */
  failure: 'run-failed',
  /** This action's own: the model usage so far (llm-usage.ts, usageFields), after each turn and at the end. */
  usage: 'run-usage',
} as const;
