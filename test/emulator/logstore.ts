// The log entries every container writes, as Cloud Logging stores them. Entries become visible to
// readers (ListLogEntries, TailLogEntries) only after the ingestion lag, as on Google, so tests see
// the same "the last lines arrive after the job ended" behaviour the action must handle.
import { timestamp, type Timestamp } from './rpc.ts';

/** A google.logging.v2.LogEntry as the proto loader represents it (camelCase, plain values). */
export interface LogEntry {
  logName: string;
  resource: { type: string; labels: Record<string, string> };
  timestamp: Timestamp;
  receiveTimestamp?: Timestamp;
  severity?: string;
  insertId?: string;
  labels?: Record<string, string>;
  textPayload?: string;
  jsonPayload?: Struct;
  payload?: 'textPayload' | 'jsonPayload' | 'protoPayload';
  [key: string]: unknown;
}

export interface StoredEntry {
  entry: LogEntry;
  /** Event time in ms, for filtering and ordering without re-parsing the Timestamp. */
  timestampMs: number;
  /** When the entry becomes readable (receive time + ingestion lag). */
  visibleAtMs: number;
  /** Arrival order, the tie-breaker Google uses for equal timestamps. */
  seq: number;
}

export type Listener = (stored: StoredEntry) => void;

let insertCounter = 0;
const insertPrefix = Math.floor(Math.random() * 0xffffffff)
  .toString(16)
  .padStart(8, '0');

/**
 * A unique insertId. Cloud Logging orders entries with equal timestamps by insertId, so ids grow
 * with arrival: a fixed per-process prefix, then a zero-padded counter.
 */
export function newInsertId(): string {
  insertCounter += 1;
  return `${insertPrefix}${insertCounter.toString(16).padStart(12, '0')}`;
}

export class LogStore {
  /** In arrival order. */
  readonly entries: StoredEntry[] = [];
  ingestionLagMs: number;
  private listeners = new Set<Listener>();
  private pending: StoredEntry[] = [];
  private timer: NodeJS.Timeout | undefined;
  private seq = 0;

  constructor(ingestionLagMs: number) {
    this.ingestionLagMs = ingestionLagMs;
  }

  /** Stores an entry (as written by a container or WriteLogEntries) and schedules its visibility. */
  append(entry: LogEntry, receivedAtMs = Date.now()): StoredEntry {
    entry.insertId ||= newInsertId();
    entry.receiveTimestamp = timestamp(receivedAtMs);
    const stored: StoredEntry = {
      entry,
      timestampMs: Number(entry.timestamp.seconds) * 1000 + entry.timestamp.nanos / 1e6,
      visibleAtMs: receivedAtMs + this.ingestionLagMs,
      seq: this.seq++,
    };
    this.entries.push(stored);
    // In visibility order: at the end, unless delay() moved entries later than this one.
    let at = this.pending.length;
    while (at > 0 && this.pending[at - 1]!.visibleAtMs > stored.visibleAtMs) at--;
    this.pending.splice(at, 0, stored);
    if (at === 0 && this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.schedule();
    return stored;
  }

  /** Entries readable now. */
  visible(now = Date.now()): StoredEntry[] {
    return this.entries.filter((s) => s.visibleAtMs <= now);
  }

  /** Calls `listener` with each entry as it becomes visible; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Out-of-order ingestion: the given entries, if not readable yet, become readable at
   * `visibleAtMs` instead (later entries may then be read before them). Returns how many moved.
   */
  delay(entries: StoredEntry[], visibleAtMs: number): number {
    const now = Date.now();
    let moved = 0;
    for (const stored of entries) {
      if (stored.visibleAtMs <= now || stored.visibleAtMs >= visibleAtMs) continue;
      stored.visibleAtMs = visibleAtMs;
      moved++;
    }
    if (!moved) return 0;
    this.pending.sort((a, b) => a.visibleAtMs - b.visibleAtMs || a.seq - b.seq);
    clearTimeout(this.timer);
    this.timer = undefined;
    this.schedule();
    return moved;
  }

  clear(): void {
    this.entries.length = 0;
    this.pending.length = 0;
  }

  private schedule(): void {
    if (this.timer || this.pending.length === 0) return;
    const wait = Math.max(0, (this.pending[0]?.visibleAtMs ?? 0) - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const now = Date.now();
      // pending is ordered by visibility time (arrival order with a constant lag, re-sorted by delay()).
      let count = 0;
      while (count < this.pending.length && (this.pending[count]?.visibleAtMs ?? Infinity) <= now) count++;
      const ready = this.pending.splice(0, count);
      for (const stored of ready) for (const listener of this.listeners) listener(stored);
      this.schedule();
    }, wait);
    this.timer.unref();
  }
}

/** google.protobuf.Struct in the loader's representation. */
export interface Struct {
  fields: Record<string, StructValue>;
}
export type StructValue =
  | { nullValue: 'NULL_VALUE'; kind?: 'nullValue' }
  | { numberValue: number; kind?: 'numberValue' }
  | { stringValue: string; kind?: 'stringValue' }
  | { boolValue: boolean; kind?: 'boolValue' }
  | { structValue: Struct; kind?: 'structValue' }
  | { listValue: { values: StructValue[] }; kind?: 'listValue' };

/** Converts a parsed JSON object into a Struct. */
export function toStruct(object: Record<string, unknown>): Struct {
  const fields: Record<string, StructValue> = {};
  for (const [key, value] of Object.entries(object)) fields[key] = toStructValue(value);
  return { fields };
}

function toStructValue(value: unknown): StructValue {
  if (value === null || value === undefined) return { nullValue: 'NULL_VALUE' };
  if (typeof value === 'number') return { numberValue: value };
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (Array.isArray(value)) return { listValue: { values: value.map(toStructValue) } };
  return { structValue: toStruct(value as Record<string, unknown>) };
}

/** Converts a Struct back into a plain object (for filters and introspection). */
export function fromStruct(struct: Struct | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(struct?.fields ?? {})) out[key] = fromStructValue(value);
  return out;
}

function fromStructValue(value: StructValue): unknown {
  if ('stringValue' in value) return value.stringValue;
  if ('numberValue' in value) return value.numberValue;
  if ('boolValue' in value) return value.boolValue;
  if ('structValue' in value) return fromStruct(value.structValue);
  if ('listValue' in value) return (value.listValue.values ?? []).map(fromStructValue);
  return null;
}
