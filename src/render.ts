// Turns Cloud Logging entries from the agent's container into workflow-log lines, safely: split
// on `\r` as well as `\n` (the runner splits on both), credentials hidden (redact.ts), control
// characters shown, not emitted, and long lines cut. The lines are untrusted all the same: they
// are printed inside the fence (fence.ts).
import type { LogEntry } from './google.ts';
import { redact } from './redact.ts';

/** Longest line mirrored; Cloud Logging entries can reach 256 KB and the runner chokes on huge lines. */
export const maxLineLength = 16 * 1024;

export interface Rendered {
  lines: string[];
  /** The agent's return value, when the entry is Action Llama's `signal-result` line. */
  result?: string;
  /**
   * The exit code, when the entry is Cloud Run's "Container called exit(N)." system entry (or
   * "Container terminated on signal N.", as 128 + N).
   */
  exitCode?: number;
}

export function renderEntry(entry: LogEntry): Rendered {
  const system = entry.logName?.endsWith('varlog%2Fsystem') ?? false;
  const json = entry.jsonPayload?.fields ? fromStruct(entry.jsonPayload.fields) : undefined;
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
    if (msg === 'signal-result' && rest.type === 'return') {
      const value = typeof rest.value === 'string' ? rest.value : JSON.stringify(rest.value ?? null);
      return { lines: splitLines(`[${String(level ?? 'info')}] result: ${value}`), result: redact(value) };
    }
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

/** Splits like the runner (on \r and \n), and makes each line harmless to display. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => cleanLine(redact(line)));
}

function cleanLine(line: string): string {
  // Keep colour (SGR) escapes, show every other control character instead of emitting it.
  const cleaned = line.replace(
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    /\x1b(?!\[[0-9;]*m)|[\x00-\x08\x0b-\x1a\x1c-\x1f\x7f]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
  if (cleaned.length <= maxLineLength) return cleaned;
  return `${cleaned.slice(0, maxLineLength)} … [line truncated: ${cleaned.length - maxLineLength} more characters]`;
}

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
