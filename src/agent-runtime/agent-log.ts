// The entry's output: one JSON line per event, in Action Llama's container log shape
// ({"_log":true,"level":…,"msg":…,"ts":…}), which the action renders in the workflow log.
// Upstream's runner logs through a pino-style logger; this one prints those lines and lets the
// entry watch for the messages that tell a failed run from a completed one. The entry's own lines
// for the action (the return value, the failure) are those of shared/container-lines.ts.
import { signals } from '../shared/container-lines.ts';
import type { Logger } from './upstream.ts';

type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
const rank: Record<Level, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };

export interface LogLine {
  level: Level;
  msg: string;
  fields: Record<string, unknown>;
}

export function emit(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ _log: true, level, msg, ...fields, ts: Date.now() })}\n`);
}

/**
 * The run's failure line: why agent `agent` failed, which the action shows in the step's error, the
 * summary and the comment (log-mirror/printer.ts reads it), not only in the mirrored log.
 */
export function emitFailure(agent: string, reason: string): void {
  emit('error', signals.failure, { agent, reason });
}

/**
 * A pino-compatible logger: `log.info(msg)`, `log.info({ fields }, msg)`, `log.child({ … })`.
 * Lines below `minLevel` are not printed but are still seen by `watch`.
 */
export function agentLogger(
  minLevel: Level,
  watch: (line: LogLine) => void,
  bindings: Record<string, unknown> = {},
): Logger {
  const write =
    (level: Level) =>
    (...args: unknown[]): void => {
      const line = toLine(level, args, bindings);
      watch(line);
      if (rank[level] >= rank[minLevel]) emit(level, line.msg, line.fields);
    };
  return {
    trace: write('trace'),
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    fatal: write('fatal'),
    child: (more) => agentLogger(minLevel, watch, { ...bindings, ...more }),
  };
}

function toLine(level: Level, args: unknown[], bindings: Record<string, unknown>): LogLine {
  const [first, second] = args;
  if (first !== null && typeof first === 'object' && !(first instanceof Error)) {
    return { level, msg: typeof second === 'string' ? second : '', fields: { ...bindings, ...plain(first) } };
  }
  if (first instanceof Error)
    return {
      level,
      msg: typeof second === 'string' ? second : first.message,
      fields: { ...bindings, err: first.message },
    };
  return { level, msg: String(first ?? ''), fields: { ...bindings } };
}

/** Errors become their message: a stack trace says nothing to the user and may be long. */
function plain(fields: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields))
    out[key] = value instanceof Error ? value.message : value;
  return out;
}
