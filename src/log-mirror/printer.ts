// The printer: turns Cloud Logging entries from the agent's container into workflow-log lines,
// each exactly once (renderEntry: Cloud Run's system lines, Action Llama's structured lines, plain
// text), and notes the agent's result, its failure reason, its model usage (numbers only, checked:
// shared/llm-usage.ts), Cloud Run's exit entry and the run's end marker (not printed:
// shared/container-lines.ts). Each line is made harmless by
// output/lines.ts and printed inside the fence by the caller. No I/O of its own and no timers: a
// new rule for log lines (another kind of entry to recognise, another figure to count) lands here
// and is tested with plain calls.
import { isEndMarker } from '../shared/container-lines.ts';
import type { LogEntry } from '../google/connect.ts';
import { splitLines } from '../output/lines.ts';
import { redact } from '../output/redact.ts';
import { signals } from '../shared/container-lines.ts';
import { formatLlmUsd, mergeUsage, readUsage, usageText, type UsageFigures } from '../shared/llm-usage.ts';
import type { MirrorState } from './mirror-state.ts';

/** Lines printed at once, at most: a burst of 100,000 entries is not held in memory. */
const maxBatchLines = 2000;

/** The entry's timestamp in ms. */
export const entryMs = (entry: LogEntry): number =>
  Number(entry.timestamp?.seconds ?? 0) * 1000 + (entry.timestamp?.nanos ?? 0) / 1e6;

/**
 * Prints the entries not printed yet (deduplicated by insertId) and records the result and the
 * exit code. `fromRead`: they came from ListLogEntries, not the live tail. Returns true when the
 * exit entry was among them.
 */
export function printEntries(
  state: MirrorState,
  entries: LogEntry[],
  print: (lines: string[]) => void,
  fromRead = false,
): boolean {
  let exited = false;
  let lines: string[] = [];
  for (const entry of entries) {
    const id = entry.insertId ?? '';
    const ms = entryMs(entry);
    if (id && !state.seen.add(id, ms)) {
      state.stats.duplicates++;
      continue;
    }
    state.lastPrintedMs = Math.max(state.lastPrintedMs, ms);
    const rendered = renderEntry(entry, state.endNonce);
    if (rendered.endMarker) state.endMarks.add(containerLog(entry));
    if (rendered.result !== undefined) state.result = rendered.result;
    if (rendered.failure !== undefined) state.failure = rendered.failure;
    if (rendered.usage) state.usage = mergeUsage(state.usage, rendered.usage);
    lines.push(...rendered.lines);
    state.stats.mirrored++;
    if (rendered.exitCode !== undefined) {
      state.exitCode = rendered.exitCode;
      state.exitAt ??= Date.now();
      if (fromRead) state.exitRead = true;
      exited = true;
    }
    if (lines.length >= maxBatchLines) {
      print(lines);
      lines = [];
    }
  }
  if (lines.length) print(lines);
  return exited;
}

export interface Rendered {
  lines: string[];
  /** The agent's return value, when the entry is Action Llama's `signal-result` line. */
  result?: string;
  /** Why the run failed, when the entry is the project-mode entry's failure line (redacted, capped). */
  failure?: string;
  /** The model usage so far, when the entry is the project-mode entry's usage line with valid figures. */
  usage?: UsageFigures;
  /**
   * The exit code, when the entry is Cloud Run's "Container called exit(N)." system entry (or
   * "Container terminated on signal N.", as 128 + N).
   */
  exitCode?: number;
  /** The entry is the run's end marker (its nonce is `endNonce`): nothing to print. */
  endMarker?: true;
}

/** `stdout` or `stderr` (the log the container wrote the entry to), else the log's name. */
export const containerLog = (entry: LogEntry): string =>
  /run\.googleapis\.com%2F(stdout|stderr)$/.exec(entry.logName ?? '')?.[1] ?? entry.logName ?? '';

export function renderEntry(entry: LogEntry, endNonce?: string): Rendered {
  const system = entry.logName?.endsWith('varlog%2Fsystem') ?? false;
  const json = entry.jsonPayload?.fields ? fromStruct(entry.jsonPayload.fields) : undefined;
  if (!system && endMarkerIn(entry, json, endNonce)) return { lines: [], endMarker: true };
  if (system) {
    const text =
      entry.textPayload ?? (typeof json?.message === 'string' ? json.message : JSON.stringify(json ?? {}));
    // The last entry of a task attempt: its exit, or its end by a signal (exit code 128 + N).
    const exit = /Container called exit\((\d+)\)/.exec(text);
    const signal = /Container terminated on signal (\d+)/.exec(text);
    return {
      lines: splitLines(text).map((l) => `[cloud run] ${l}`),
      exitCode: exit ? Number(exit[1]) : signal ? 128 + Number(signal[1]) : undefined,
    };
  }
  if (json) return renderJson(json, severityName(entry.severity));
  return { lines: splitLines(entry.textPayload ?? '') };
}

function renderJson(json: Record<string, unknown>, severity: string | undefined): Rendered {
  // Action Llama's structured lines: {"_log":true,"level":"info","msg":"…", …}
  if (json._log === true && typeof json.msg === 'string') {
    const { _log, level, msg, ts, ...rest } = json;
    void _log;
    void ts;
    if (msg === signals.result && rest.type === 'return') {
      const value = typeof rest.value === 'string' ? rest.value : JSON.stringify(rest.value ?? null);
      return { lines: splitLines(`[${String(level ?? 'info')}] result: ${value}`), result: redact(value) };
    }
    if (msg === signals.failure && typeof rest.reason === 'string') {
      const who = typeof rest.agent === 'string' && rest.agent ? `agent ${rest.agent}` : 'the agent';
      const line = `[${String(level ?? 'error')}] ${who} failed: ${rest.reason}`;
      return { lines: splitLines(line), failure: capped(redact(rest.reason)) };
    }
    const usage = msg === signals.usage ? readUsage(rest) : undefined;
    if (usage) return { lines: [`[${String(level ?? 'info')}] ${describeUsage(usage)}`], usage };
    const extras = Object.entries(rest)
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(' ');
    return { lines: splitLines(`[${String(level ?? 'info')}] ${msg}${extras ? ` ${extras}` : ''}`) };
  }
  const message = typeof json.message === 'string' ? json.message : undefined;
  const text = message !== undefined && Object.keys(json).length === 1 ? message : JSON.stringify(json);
  return {
    lines: splitLines(severity && severity !== 'DEFAULT' ? `[${severity.toLowerCase()}] ${text}` : text),
  };
}

/** The usage line as the log shows it: figures only, nothing of the line's own text. */
const describeUsage = (usage: UsageFigures): string =>
  `model usage: ${usageText(usage)}, ${usage.costUsd === undefined ? 'cost unknown' : `$${formatLlmUsd(usage.costUsd)}`}`;

/**
 * A failure reason goes into the step's error, the summary and the comment: its credentials hidden
 * first (redact), then cut, never half a surrogate pair, so that one agent cannot fill them.
 */
export const maxFailureLength = 1000;
function capped(text: string): string {
  if (text.length <= maxFailureLength) return text;
  const cut = text.slice(0, maxFailureLength);
  return `${/[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut}… (cut; the log has all of it)`;
}

/** The marker as a structured line, or as text (a line Cloud Logging did not parse as JSON). */
function endMarkerIn(
  entry: LogEntry,
  json: Record<string, unknown> | undefined,
  nonce: string | undefined,
): boolean {
  if (!nonce) return false;
  if (json) return isEndMarker(json, nonce);
  const text = entry.textPayload?.trim() ?? '';
  if (!text.startsWith('{') || !text.includes(nonce)) return false;
  try {
    return isEndMarker(JSON.parse(text) as Record<string, unknown>, nonce);
  } catch {
    return false;
  }
}

const severities: Record<number, string> = {
  0: 'DEFAULT',
  100: 'DEBUG',
  200: 'INFO',
  300: 'NOTICE',
  400: 'WARNING',
  500: 'ERROR',
  600: 'CRITICAL',
  700: 'ALERT',
  800: 'EMERGENCY',
};
const severityName = (severity: string | number | null | undefined): string | undefined =>
  typeof severity === 'number' ? severities[severity] : (severity ?? undefined);

/** google.protobuf.Struct fields (as the client decodes them) to a plain object. */
function fromStruct(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) out[key] = fromValue(value);
  return out;
}

function fromValue(value: unknown): unknown {
  const v = value as Record<string, unknown> | null;
  if (!v || typeof v !== 'object') return v;
  if ('stringValue' in v) return v.stringValue;
  if ('numberValue' in v) return v.numberValue;
  if ('boolValue' in v) return v.boolValue;
  if ('nullValue' in v) return null;
  if ('structValue' in v)
    return fromStruct(((v.structValue as { fields?: Record<string, unknown> }) ?? {}).fields ?? {});
  if ('listValue' in v) return (((v.listValue as { values?: unknown[] }) ?? {}).values ?? []).map(fromValue);
  return null;
}
