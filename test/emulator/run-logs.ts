// Turns a task container's output into Cloud Logging entries exactly as Cloud Run writes them.
//
// Observed on Google (public dumps of real cloud_run_job entries):
//   - logName projects/P/logs/run.googleapis.com%2Fstdout | %2Fstderr | %2Fvarlog%2Fsystem;
//   - resource {type: cloud_run_job, labels: {job_name, location, project_id}};
//   - labels {instanceId, run.googleapis.com/execution_name, run.googleapis.com/task_index,
//     run.googleapis.com/task_attempt}; system entries also carry container_name;
//   - plain stdout AND stderr lines have no severity (DEFAULT); "Container called exit(0)." is INFO;
//   - timestamps have microsecond precision; insertId is 8 hex digits of seconds, 8 of
//     microseconds, then 8 more (e.g. 6787d8b6000aef76df59bb52 at ...:06.716662Z).
// Documented: a line that is a JSON object becomes jsonPayload with the special fields of
// https://cloud.google.com/logging/docs/structured-logging moved to the entry; entries are at most
// 256 KB (https://cloud.google.com/logging/quotas).
import type { LogEntry, LogStore, StoredEntry } from './logstore.ts';
import { toStruct } from './logstore.ts';
import type { Timestamp } from './rpc.ts';

export interface LogTarget {
  project: string;
  location: string;
  job: string;
  executionId: string;
  taskIndex: number;
  attempt: number;
  instanceId: string;
  containerName?: string;
}

/**
 * A line longer than this is cut: an entry may not exceed 256 KB, and part of that is the entry's
 * own fields. What Cloud Run does with longer lines is not documented; truncating (rather than
 * dropping or splitting) is our best guess.
 */
export const maxLineBytes = 255 * 1024;

let insertCounter = 0;

/** Cloud Run's insertId shape: seconds and microseconds in hex, then a counter so equal times keep order. */
function insertIdFor(micros: number): string {
  insertCounter = (insertCounter + 1) % 0x100000000;
  const seconds = Math.floor(micros / 1e6);
  const fraction = micros - seconds * 1e6;
  return [seconds, fraction, insertCounter].map((n) => n.toString(16).padStart(8, '0')).join('');
}

const timestampOf = (micros: number): Timestamp => ({
  seconds: String(Math.floor(micros / 1e6)),
  nanos: (micros % 1e6) * 1000,
});

/** Accumulates one stream's bytes into lines, keeping at most maxLineBytes of any line. */
class LineBuffer {
  private parts: Buffer[] = [];
  private size = 0;
  private truncated = false;

  /** Appends data; returns the lines it completes. */
  push(data: Buffer): Buffer[] {
    const lines: Buffer[] = [];
    let start = 0;
    for (let nl = data.indexOf(10, start); nl !== -1; nl = data.indexOf(10, start)) {
      this.keep(data.subarray(start, nl));
      lines.push(this.take());
      start = nl + 1;
    }
    if (start < data.length) this.keep(data.subarray(start));
    return lines;
  }

  /** The unterminated rest, if any (at exit). */
  rest(): Buffer | undefined {
    return this.size || this.truncated ? this.take() : undefined;
  }

  private keep(piece: Buffer): void {
    const room = maxLineBytes - this.size;
    if (piece.length > room) this.truncated = true;
    const kept = piece.length > room ? piece.subarray(0, room) : piece;
    if (kept.length) {
      // Copy: the socket may reuse its buffer.
      this.parts.push(Buffer.from(kept));
      this.size += kept.length;
    }
  }

  private take(): Buffer {
    const line = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.size);
    this.parts = [];
    this.size = 0;
    this.truncated = false;
    return line;
  }
}

const severities = new Set([
  'DEFAULT',
  'DEBUG',
  'INFO',
  'NOTICE',
  'WARNING',
  'ERROR',
  'CRITICAL',
  'ALERT',
  'EMERGENCY',
]);
// Cloud Logging "attempts to match a variety of common severity strings" (structured-logging doc);
// which aliases exactly is not listed: these are our best guess.
const severityAliases: Record<string, string> = {
  WARN: 'WARNING',
  ERR: 'ERROR',
  FATAL: 'CRITICAL',
  TRACE: 'DEBUG',
};
const severityNumbers: Record<number, string> = {
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

function severityOf(value: unknown): string | undefined {
  if (typeof value === 'number') return severityNumbers[value];
  if (typeof value !== 'string') return undefined;
  const upper = value.trim().toUpperCase();
  return severities.has(upper) ? upper : severityAliases[upper];
}

/** RFC 3339 with up to nanoseconds → Timestamp (Date.parse would drop the microseconds). */
function parseRfc3339(text: string): Timestamp | undefined {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return undefined;
  const fraction = /\.(\d{1,9})/.exec(text)?.[1] ?? '';
  const seconds = Math.floor(ms / 1000);
  return { seconds: String(seconds), nanos: Number(fraction.padEnd(9, '0')) };
}

function timestampFields(payload: Record<string, unknown>): Timestamp | undefined {
  const { time, timestamp, timestampSeconds, timestampNanos } = payload;
  if (typeof time === 'string') {
    delete payload.time;
    return parseRfc3339(time);
  }
  if (timestamp && typeof timestamp === 'object' && 'seconds' in timestamp) {
    delete payload.timestamp;
    const t = timestamp as { seconds: number | string; nanos?: number };
    return { seconds: String(t.seconds), nanos: Number(t.nanos ?? 0) };
  }
  if (timestampSeconds !== undefined) {
    delete payload.timestampSeconds;
    delete payload.timestampNanos;
    return { seconds: String(timestampSeconds), nanos: Number(timestampNanos ?? 0) };
  }
  return undefined;
}

const stringMap = (value: unknown): Record<string, string> =>
  Object.fromEntries(
    Object.entries(value && typeof value === 'object' ? value : {}).map(([k, v]) => [k, String(v)]),
  );

/**
 * Moves the special JSON fields to the entry, as documented in
 * https://cloud.google.com/logging/docs/structured-logging#special-payload-fields: severity,
 * httpRequest, time/timestamp/timestampSeconds+timestampNanos, logging.googleapis.com/{insertId,
 * labels, operation, sourceLocation, spanId, trace, trace_sampled}. `message` stays in the payload.
 */
function applySpecialFields(payload: Record<string, unknown>, entry: LogEntry): void {
  if ('severity' in payload) {
    const severity = severityOf(payload.severity);
    if (severity) {
      entry.severity = severity;
      delete payload.severity;
    }
  }
  const time = timestampFields(payload);
  if (time) entry.timestamp = time;
  const moves: [string, string, (v: unknown) => unknown][] = [
    ['httpRequest', 'httpRequest', (v) => v],
    ['logging.googleapis.com/insertId', 'insertId', String],
    ['logging.googleapis.com/operation', 'operation', (v) => v],
    ['logging.googleapis.com/sourceLocation', 'sourceLocation', (v) => v],
    ['logging.googleapis.com/spanId', 'spanId', String],
    ['logging.googleapis.com/trace', 'trace', String],
    ['logging.googleapis.com/trace_sampled', 'traceSampled', Boolean],
  ];
  for (const [field, target, convert] of moves) {
    if (!(field in payload)) continue;
    entry[target] = convert(payload[field]);
    delete payload[field];
  }
  if ('logging.googleapis.com/labels' in payload) {
    entry.labels = { ...entry.labels, ...stringMap(payload['logging.googleapis.com/labels']) };
    delete payload['logging.googleapis.com/labels'];
  }
}

function parseObject(text: string): Record<string, unknown> | undefined {
  if (!text.trimStart().startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Writes one task attempt's output into the log store; one instance per container. */
export class ContainerLogWriter {
  private readonly store: LogStore;
  private readonly target: LogTarget;
  private readonly buffers = { stdout: new LineBuffer(), stderr: new LineBuffer() };
  /** The time of the read in progress: output read together shares it, as on Google. */
  private chunkMicros = 0;
  /** Container lines appended, from the first that may not be readable yet (see delayUnread). */
  private recent: StoredEntry[] = [];
  /** How many of `recent`, from the front, are known to be readable. */
  private readable = 0;

  constructor(store: LogStore, target: LogTarget) {
    this.store = store;
    this.target = target;
  }

  /** Marks the start of a read from the container (one shared timestamp for what it carries). */
  beginChunk(micros: number): void {
    this.chunkMicros = micros;
  }

  write(stream: 'stdout' | 'stderr', data: Buffer): void {
    for (const line of this.buffers[stream].push(data)) this.appendLine(stream, line);
  }

  /** Flushes unterminated lines (the container exited mid-line). */
  flush(micros: number): void {
    this.chunkMicros = micros;
    for (const stream of ['stdout', 'stderr'] as const) {
      const rest = this.buffers[stream].rest();
      if (rest) this.appendLine(stream, rest);
    }
  }

  /**
   * Out-of-order ingestion: the container lines not readable yet become readable `lateMs` after
   * an entry written now would (call it just before the exit entry). Returns how many.
   */
  delayUnread(lateMs: number): number {
    const unread = this.recent.slice(this.readable);
    this.recent = [];
    this.readable = 0;
    return this.store.delay(unread, Date.now() + this.store.ingestionLagMs + lateMs);
  }

  /** A platform message in run.googleapis.com/varlog/system. */
  system(message: string, severity: string, micros: number): void {
    const entry = this.base('run.googleapis.com%2Fvarlog%2Fsystem', micros);
    entry.severity = severity;
    if (this.target.containerName)
      entry.labels = { ...entry.labels, container_name: this.target.containerName };
    entry.textPayload = message;
    entry.payload = 'textPayload';
    this.store.append(entry);
  }

  private appendLine(stream: 'stdout' | 'stderr', line: Buffer): void {
    const entry = this.base(`run.googleapis.com%2F${stream}`, this.chunkMicros);
    const text = decode(line);
    const object = text.length < maxLineBytes ? parseObject(text) : undefined;
    if (object) {
      applySpecialFields(object, entry);
      entry.jsonPayload = toStruct(object);
      entry.payload = 'jsonPayload';
    } else {
      entry.textPayload = text;
      entry.payload = 'textPayload';
    }
    this.remember(this.store.append(entry));
  }

  /** Keeps the lines that are not readable yet (readable ones leave from the front: visibility follows arrival). */
  private remember(stored: StoredEntry): void {
    const now = Date.now();
    while (this.readable < this.recent.length && this.recent[this.readable]!.visibleAtMs <= now)
      this.readable++;
    if (this.readable > 1000 || this.readable === this.recent.length) {
      this.recent = this.recent.slice(this.readable);
      this.readable = 0;
    }
    this.recent.push(stored);
  }

  private base(log: string, micros: number): LogEntry {
    const t = this.target;
    return {
      logName: `projects/${t.project}/logs/${log}`,
      resource: {
        type: 'cloud_run_job',
        labels: { job_name: t.job, location: t.location, project_id: t.project },
      },
      timestamp: timestampOf(micros),
      severity: 'DEFAULT',
      insertId: insertIdFor(micros),
      labels: {
        instanceId: t.instanceId,
        'run.googleapis.com/execution_name': t.executionId,
        'run.googleapis.com/task_attempt': String(t.attempt),
        'run.googleapis.com/task_index': String(t.taskIndex),
      },
    };
  }
}

/** UTF-8 text of a line; a character cut by truncation is dropped rather than shown as U+FFFD. */
function decode(line: Buffer): string {
  const text = line.toString('utf8');
  return line.length >= maxLineBytes ? text.replace(/\uFFFD+$/, '') : text;
}
