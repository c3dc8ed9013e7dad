// Cloud Logging v2 (google.logging.v2.LoggingServiceV2) over the shared LogStore: WriteLogEntries,
// ListLogEntries (cursor pagination over a time-sorted index) and TailLogEntries (live tail with a
// buffer window, rate limits, backpressure and session limits). Filters: filter.ts.
import { createHash } from 'node:crypto';
import type { Context, ServiceImpl } from './context.ts';
import { compareInstants, compileFilter, instantOf, type CompiledFilter, type Instant } from './filter.ts';
import type { LogEntry, LogStore, StoredEntry } from './logstore.ts';
import { durationSeconds, invalidArgument, RpcError, Status, timestamp } from './rpc.ts';

const day = 24 * 3600 * 1000;

/** Google's fixed limits. Mutable so tests can shrink the slow ones; every emulator in the process shares them. */
export const loggingLimits = {
  // ListLogEntriesRequest.page_size: "Default is 50. If the value is negative or exceeds 1000, the
  // request is rejected." (google/logging/v2/logging.proto)
  defaultPageSize: 50,
  maxPageSize: 1000,
  // resource_names: "A maximum of 100 resources may be specified in a single request." (logging.proto)
  maxResourceNames: 100,
  // "API page token lifetime: 24 hours" (https://cloud.google.com/logging/quotas)
  pageTokenLifetimeMs: day,
  // "Size of a LogEntry: 256 KiB" (https://cloud.google.com/logging/quotas)
  maxEntryBytes: 256 * 1024,
  // "The Logging API rejects entries with timestamps more than 1 day in the future, and returns an
  // INVALID_ARGUMENT error"; older than the retention (30 days for _Default) are accepted but not
  // stored (https://cloud.google.com/logging/quotas, footnote on log bucket timestamps).
  maxFutureMs: day,
  retentionMs: 30 * day,
  // buffer_window: "Valid values are between 0-60000 milliseconds. Defaults to 2000 milliseconds."
  // (TailLogEntriesRequest in logging.proto)
  tailDefaultBufferMs: 2000,
  tailMaxBufferMs: 60_000,
  // "Entries returned per minute: 60,000" (https://cloud.google.com/logging/docs/reference/tools/gcloud-logging,
  // live tailing limits); the emulator counts them per session.
  tailEntriesPerMinute: 60_000,
  // Google ends a session after an hour with OUT_OF_RANGE "Session has run for the maximum allowed
  // duration of 1h" (seen by users: https://github.com/DefangLabs/defang/issues/1339).
  tailMaxSessionMs: 3600 * 1000,
  /** Entries per TailLogEntriesResponse (the emulator's choice; Google does not document one). */
  tailMaxEntriesPerResponse: 1000,
  /**
   * Due entries a session holds for a client that does not read; beyond it the oldest are dropped
   * as NOT_CONSUMED. A minute's worth at the rate limit, so a burst is never dropped for a client
   * that reads, and memory stays bounded for one that does not (the emulator's choice).
   */
  tailMaxPendingEntries: 60_000,
  /** A flush waits this much past the first due entry, so entries due together leave in one response (the emulator's choice). */
  tailBatchMs: 20,
};

const service = 'google.logging.v2.LoggingServiceV2';
const tailPath = `/${service}/TailLogEntries`;

export function loggingServices(ctx: Context): Record<string, ServiceImpl> {
  const index = new EntryIndex(ctx.logs);
  const tails = new TailSessions(ctx);
  ctx.inspectors.logging = () => ({ entries: ctx.logs.entries.length, openTailSessions: tails.count() });
  ctx.onStop.push(() => tails.closeAll());
  return {
    [service]: {
      unary: {
        WriteLogEntries: (request: WriteRequest) => writeLogEntries(ctx, request),
        ListLogEntries: (request: ListRequest) => listLogEntries(ctx, index, request),
      },
      streaming: {
        TailLogEntries: (call: TailCall) => tails.open(call),
      },
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Shared request checks

/**
 * The projects named by resource_names. The emulator keeps logs of projects only, so
 * `projects/P` and its log views `projects/P/locations/L/buckets/B/views/V` (read as all of P's
 * logs) are accepted; organizations, folders and billing accounts are INVALID_ARGUMENT.
 */
function projectsOf(names: string[] | null | undefined): string[] {
  if (!names?.length)
    throw invalidArgument('resource_names is required: at least one of projects/[PROJECT_ID]');
  if (names.length > loggingLimits.maxResourceNames) {
    throw invalidArgument(
      `resource_names has ${names.length} resources; at most ${loggingLimits.maxResourceNames} are allowed`,
    );
  }
  return names.map((name) => {
    const m = /^projects\/([^/]+)(?:\/locations\/[^/]+\/buckets\/[^/]+\/views\/[^/]+)?$/.exec(name);
    if (!m)
      throw invalidArgument(
        `Invalid resource name "${name}": the emulator holds logs of projects only (projects/[PROJECT_ID])`,
      );
    return m[1]!;
  });
}

function projectOfLogName(logName: string): string | undefined {
  return /^projects\/([^/]+)\/logs\//.exec(logName)?.[1];
}

// ---------------------------------------------------------------------------------------------
// WriteLogEntries

interface WriteRequest {
  logName?: string;
  resource?: LogEntry['resource'] | null;
  labels?: Record<string, string>;
  entries?: LogEntry[];
  partialSuccess?: boolean;
  dryRun?: boolean;
}

function writeLogEntries(ctx: Context, request: WriteRequest): object {
  const entries = request.entries ?? [];
  // entries: "Required." (WriteLogEntriesRequest in logging.proto)
  if (entries.length === 0) throw invalidArgument('entries is required: at least one log entry');
  const now = Date.now();
  const accepted: LogEntry[] = [];
  const errors: string[] = [];
  let defaulted = 0;
  entries.forEach((raw, i) => {
    try {
      // Entries without a timestamp get the current time, spread by nanoseconds so that "the
      // entries earlier in the list will sort before the entries later in the list" (logging.proto).
      const entry = withDefaults(raw, request, now, raw.timestamp ? 0 : defaulted++);
      if (entryTimeMs(entry) >= now - loggingLimits.retentionMs) accepted.push(entry);
    } catch (error) {
      if (!(error instanceof RpcError)) throw error;
      errors.push(`log entry ${i}: ${error.message}`);
    }
  });
  // partial_success: "Whether a batch's valid entries should be written even if some other entry
  // failed ... If any entry failed, then the response status is the response status of one of the
  // failed entries." (logging.proto). Error details (WriteLogEntriesPartialErrors) are not sent.
  if (errors.length && !request.partialSuccess) throw invalidArgument(errors.join('; '));
  if (!request.dryRun) for (const entry of accepted) ctx.logs.append(entry, now);
  if (errors.length) throw invalidArgument(errors.join('; '));
  return {};
}

function entryTimeMs(entry: LogEntry): number {
  return Number(entry.timestamp.seconds) * 1000 + (entry.timestamp.nanos ?? 0) / 1e6;
}

/** Applies the request's log_name, resource and labels ("copied into those log entries ... that do not include values"), then validates. */
function withDefaults(raw: LogEntry, request: WriteRequest, now: number, order: number): LogEntry {
  const entry: LogEntry = { ...raw };
  // "if log_name begins with a forward-slash ... the forward-slash is removed" (LogEntry.log_name)
  entry.logName = (raw.logName || request.logName || '').replace(/^\//, '');
  checkLogName(entry.logName);
  const resource = raw.resource ?? request.resource;
  if (!resource?.type)
    throw invalidArgument(
      'resource is required: set it on the entry or the request (a MonitoredResource with a type)',
    );
  entry.resource = { type: resource.type, labels: { ...(resource.labels ?? {}) } };
  // "If a log entry already has a label with the same key ..., then the log entry's label is not changed."
  if (request.labels || raw.labels) entry.labels = { ...(request.labels ?? {}), ...(raw.labels ?? {}) };
  entry.timestamp = raw.timestamp
    ? { seconds: String(raw.timestamp.seconds ?? 0), nanos: raw.timestamp.nanos ?? 0 }
    : timestamp(now, order);
  if (entryTimeMs(entry) > now + loggingLimits.maxFutureMs) {
    throw invalidArgument(
      `timestamp ${new Date(entryTimeMs(entry)).toISOString()} is more than 1 day in the future`,
    );
  }
  const size = Buffer.byteLength(JSON.stringify(entry));
  if (size > loggingLimits.maxEntryBytes) {
    throw invalidArgument(`the log entry is ${size} bytes; the maximum is ${loggingLimits.maxEntryBytes}`);
  }
  return entry;
}

/**
 * `projects/[PROJECT_ID]/logs/[LOG_ID]`; "[LOG_ID] must be URL-encoded ... less than 512 characters
 * long and can only include ... alphanumeric characters, forward-slash, underscore, hyphen, and
 * period." (LogEntry.log_name)
 */
function checkLogName(logName: string): void {
  if (!logName) throw invalidArgument('log_name is required: set it on the entry or the request');
  const m = /^projects\/[^/]+\/logs\/([^/]+)$/.exec(logName);
  if (!m) {
    throw invalidArgument(
      `Invalid log name "${logName}": expected projects/[PROJECT_ID]/logs/[LOG_ID] with [LOG_ID] URL-encoded (the emulator holds logs of projects only)`,
    );
  }
  let logId: string;
  try {
    logId = decodeURIComponent(m[1]!);
  } catch {
    throw invalidArgument(`Invalid log name "${logName}": [LOG_ID] is not valid URL encoding`);
  }
  if (logId.length >= 512 || !/^[A-Za-z0-9/_.-]+$/.test(logId)) {
    throw invalidArgument(
      `Invalid log name "${logName}": [LOG_ID] must be under 512 characters of letters, digits, /, _, - and .`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// The time-sorted index ListLogEntries reads

/** A visible entry in index order: timestamp, then insertId ("Entries with equal timestamps are returned in order of their insert_id values", ListLogEntriesRequest.order_by), then project. */
export interface Indexed {
  stored: StoredEntry;
  time: Instant;
  insertId: string;
  project: string;
}

export type Cursor = [seconds: number, nanos: number, insertId: string, project: string];

function compareKeys(a: Indexed | Cursor, b: Indexed | Cursor): number {
  const [at, ai, ap] = Array.isArray(a)
    ? [[a[0], a[1]] as Instant, a[2], a[3]]
    : [a.time, a.insertId, a.project];
  const [bt, bi, bp] = Array.isArray(b)
    ? [[b[0], b[1]] as Instant, b[2], b[3]]
    : [b.time, b.insertId, b.project];
  return compareInstants(at, bt) || (ai < bi ? -1 : ai > bi ? 1 : 0) || (ap < bp ? -1 : ap > bp ? 1 : 0);
}

const timeMs = (e: Indexed): number => e.time[0] * 1000 + e.time[1] / 1e6;

/** First position in `sorted` where `before(item)` turns false. */
function partitionPoint<T>(sorted: T[], before: (item: T) => boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(sorted[mid]!)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Every visible entry of every project, sorted. It follows the LogStore by position (the store
 * only appends, or is cleared), so each request costs O(new entries + log n + entries scanned),
 * and paging through N entries costs O(N) in total instead of re-sorting the store per page.
 */
class EntryIndex {
  private readonly store: LogStore;
  private sorted: Indexed[] = [];
  private seen = 0;
  private lastSeen: StoredEntry | undefined;
  /** Entries already in the store whose ingestion lag has not passed. */
  private waiting: StoredEntry[] = [];

  constructor(store: LogStore) {
    this.store = store;
  }

  /** The sorted entries readable at `now`. */
  sync(now: number): Indexed[] {
    const all = this.store.entries;
    if (this.seen > all.length || (this.seen > 0 && all[this.seen - 1] !== this.lastSeen)) this.reset();
    for (let i = this.seen; i < all.length; i++) this.waiting.push(all[i]!);
    this.seen = all.length;
    this.lastSeen = all[all.length - 1];
    const ready = this.waiting.filter((s) => s.visibleAtMs <= now);
    if (ready.length) {
      this.waiting = this.waiting.filter((s) => s.visibleAtMs > now);
      this.insert(ready);
    }
    return this.sorted;
  }

  private reset(): void {
    this.sorted = [];
    this.seen = 0;
    this.lastSeen = undefined;
    this.waiting = [];
  }

  private insert(stored: StoredEntry[]): void {
    const batch = stored.flatMap((s): Indexed[] => {
      const project = projectOfLogName(s.entry.logName);
      return project
        ? [{ stored: s, time: instantOf(s.entry.timestamp), insertId: s.entry.insertId ?? '', project }]
        : [];
    });
    batch.sort(compareKeys);
    const last = this.sorted[this.sorted.length - 1];
    if (!last || (batch[0] && compareKeys(last, batch[0]) <= 0)) {
      for (const e of batch) this.sorted.push(e);
      return;
    }
    this.sorted = merge(this.sorted, batch);
  }
}

function merge(a: Indexed[], b: Indexed[]): Indexed[] {
  const out: Indexed[] = new Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = compareKeys(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}

// ---------------------------------------------------------------------------------------------
// ListLogEntries

interface ListRequest {
  resourceNames?: string[];
  filter?: string;
  orderBy?: string;
  pageSize?: number;
  pageToken?: string;
}

function listLogEntries(ctx: Context, index: EntryIndex, request: ListRequest): object {
  const projects = projectsOf(request.resourceNames);
  // Read requests are a per-project quota (https://cloud.google.com/logging/quotas); the first
  // named project stands in for the caller's project.
  ctx.quotas.take('loggingReadsPerMinute', projects[0]!, ctx.quotas.config.loggingReadsPerMinute, 60_000);
  const descending = parseOrderBy(request.orderBy);
  const pageSize = request.pageSize || loggingLimits.defaultPageSize;
  if (pageSize < 0 || pageSize > loggingLimits.maxPageSize) {
    throw invalidArgument(`page_size must be between 0 and ${loggingLimits.maxPageSize}; got ${pageSize}`);
  }
  const filter = compileFilter(request.filter);
  const now = Date.now();
  // "The values of other method parameters should be identical to those in the previous call."
  const query = createHash('sha256')
    .update(JSON.stringify([request.resourceNames, request.filter ?? '', descending]))
    .digest('base64url')
    .slice(0, 16);
  const cursor = request.pageToken ? readPageToken(request.pageToken, query, now) : undefined;
  if (ctx.behaviours.drawEmptyPage()) {
    // A partial page: "did not have time to search all the possible log entries" (the
    // ListLogEntriesResponse.next_page_token reference). The token goes on where this one began.
    const from = cursor ?? (descending ? endCursor : startCursor);
    return { entries: [], nextPageToken: writePageToken({ query, cursor: from, issuedMs: now }) };
  }
  const page = scan(index.sync(now), { projects: new Set(projects), filter, descending, cursor, pageSize });
  return {
    entries: page.entries,
    nextPageToken: page.next ? writePageToken({ query, cursor: page.next, issuedMs: now }) : '',
  };
}

/** Cursors before the first and after the last possible entry (years 1 and 10000). */
const startCursor: Cursor = [-62_135_596_800, 0, '', ''];
const endCursor: Cursor = [253_402_300_800, 0, '', ''];

/** order_by: "the only permitted values are "timestamp asc" (default) and "timestamp desc"" (logging.proto). */
function parseOrderBy(orderBy: string | undefined): boolean {
  const normalized = (orderBy ?? '').trim().replace(/\s+/g, ' ').toLowerCase();
  if (normalized === '' || normalized === 'timestamp' || normalized === 'timestamp asc') return false;
  if (normalized === 'timestamp desc') return true;
  throw invalidArgument(
    `Invalid order_by "${orderBy}": the only permitted values are "timestamp asc" and "timestamp desc"`,
  );
}

export interface ScanOptions {
  projects: Set<string>;
  filter: CompiledFilter;
  descending: boolean;
  cursor: Cursor | undefined;
  pageSize: number;
}

/**
 * One page from the sorted index: seek to the filter's time bounds and past the cursor, then
 * evaluate the filter entry by entry until the page is full. Entries of one project with the same
 * timestamp and insertId "are duplicates which are removed in a single query result" (LogEntry.insert_id).
 */
export function scan(sorted: Indexed[], options: ScanOptions): { entries: LogEntry[]; next?: Cursor } {
  const { minMs, maxMs } = options.filter.timeRange;
  let lo = partitionPoint(sorted, (e) => timeMs(e) < minMs);
  let hi = partitionPoint(sorted, (e) => timeMs(e) <= maxMs);
  const cursor = options.cursor;
  if (cursor && !options.descending)
    lo = Math.max(
      lo,
      partitionPoint(sorted, (e) => compareKeys(e, cursor) <= 0),
    );
  if (cursor && options.descending)
    hi = Math.min(
      hi,
      partitionPoint(sorted, (e) => compareKeys(e, cursor) < 0),
    );
  const entries: LogEntry[] = [];
  const step = options.descending ? -1 : 1;
  for (let i = options.descending ? hi - 1 : lo; i >= lo && i < hi; i += step) {
    const e = sorted[i]!;
    if (!options.projects.has(e.project)) continue;
    if (i > 0 && compareKeys(sorted[i - 1]!, e) === 0) continue;
    if (!options.filter.matches(e.stored.entry)) continue;
    entries.push(e.stored.entry);
    if (entries.length === options.pageSize) {
      const more = options.descending ? i > lo : i < hi - 1;
      return { entries, next: more ? [e.time[0], e.time[1], e.insertId, e.project] : undefined };
    }
  }
  return { entries };
}

interface PageToken {
  query: string;
  cursor: Cursor;
  issuedMs: number;
}

function writePageToken(token: PageToken): string {
  return Buffer.from(JSON.stringify([1, token.query, token.cursor, token.issuedMs])).toString('base64url');
}

function readPageToken(text: string, query: string, now: number): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString());
  } catch {
    throw invalidArgument('Invalid page_token: it must be a next_page_token from an earlier response');
  }
  const [version, tokenQuery, cursor, issuedMs] = Array.isArray(parsed) ? parsed : [];
  const validCursor =
    Array.isArray(cursor) &&
    cursor.length === 4 &&
    typeof cursor[0] === 'number' &&
    typeof cursor[1] === 'number';
  if (version !== 1 || typeof issuedMs !== 'number' || !validCursor) {
    throw invalidArgument('Invalid page_token: it must be a next_page_token from an earlier response');
  }
  if (tokenQuery !== query) {
    throw invalidArgument(
      'Invalid page_token: resource_names, filter and order_by must be the same as in the request that returned it',
    );
  }
  if (now - issuedMs > loggingLimits.pageTokenLifetimeMs)
    throw invalidArgument('Invalid page_token: it has expired (page tokens last 24 hours)');
  return cursor as Cursor;
}

// ---------------------------------------------------------------------------------------------
// TailLogEntries

/** The grpc-js server duplex stream, as much of it as the tail uses. */
interface TailCall {
  on(event: string, listener: (...args: any[]) => void): unknown; // eslint-disable-line @typescript-eslint/no-explicit-any
  once(event: string, listener: (...args: any[]) => void): unknown; // eslint-disable-line @typescript-eslint/no-explicit-any
  write(message: object): boolean;
  end(): void;
  emit(event: 'error', status: { code: number; details: string }): boolean;
}

interface TailRequest {
  resourceNames?: string[];
  filter?: string;
  bufferWindow?: { seconds?: string | number | null; nanos?: number | null } | null;
}

type SuppressionReason = 'RATE_LIMIT' | 'NOT_CONSUMED';

class TailSessions {
  private readonly ctx: Context;
  /** Open sessions by the project that pays for them (the first resource name). */
  private readonly byProject = new Map<string, Set<TailSession>>();

  constructor(ctx: Context) {
    this.ctx = ctx;
  }

  count(): number {
    let n = 0;
    for (const sessions of this.byProject.values()) n += sessions.size;
    return n;
  }

  open(call: TailCall): void {
    let started = false;
    call.on('data', (request: TailRequest) => {
      // The first request starts the session; the stream carries no other instructions.
      if (started) return;
      started = true;
      try {
        this.start(call, request);
      } catch (error) {
        const status = error instanceof RpcError ? error : new RpcError(Status.INTERNAL, String(error));
        call.emit('error', { code: status.code, details: status.message });
      }
    });
  }

  private start(call: TailCall, request: TailRequest): TailSession {
    const projects = projectsOf(request.resourceNames);
    const filter = compileFilter(request.filter);
    const windowMs = request.bufferWindow
      ? durationSeconds(request.bufferWindow) * 1000
      : loggingLimits.tailDefaultBufferMs;
    if (!(windowMs >= 0 && windowMs <= loggingLimits.tailMaxBufferMs)) {
      throw invalidArgument(
        `buffer_window must be between 0 and ${loggingLimits.tailMaxBufferMs / 1000} seconds; got ${windowMs / 1000}`,
      );
    }
    const owner = projects[0]!;
    // [guess] from a public report (DefangLabs/defang#2020): tailing counted against the read
    // requests quota; Google's pages say nothing either way.
    if (this.ctx.behaviours.config.tailCountsAsRead) {
      const { loggingReadsPerMinute } = this.ctx.quotas.config;
      this.ctx.quotas.take('loggingReadsPerMinute', owner, loggingReadsPerMinute, 60_000);
      this.ctx.behaviours.counts.tailReads++;
    }
    const open = this.byProject.get(owner) ?? new Set<TailSession>();
    // "Open live-tailing sessions per Google Cloud project: 10" (https://cloud.google.com/logging/docs/reference/tools/gcloud-logging)
    const limit = this.ctx.quotas.config.tailSessions;
    if (this.ctx.quotas.config.enabled && open.size >= limit) {
      this.ctx.quotas.refuse(
        'tailSessions',
        `Quota exceeded for quota metric 'Open live-tailing sessions' and limit '${limit} per project' of service 'logging.googleapis.com' for consumer 'project:${owner}'.`,
      );
    }
    const session = new TailSession(this.ctx, call, { projects: new Set(projects), filter, windowMs }, () => {
      open.delete(session);
      if (open.size === 0) this.byProject.delete(owner);
    });
    open.add(session);
    this.byProject.set(owner, open);
    return session;
  }

  closeAll(): void {
    for (const sessions of [...this.byProject.values()]) {
      for (const session of [...sessions]) session.fail(Status.UNAVAILABLE, 'The service is shutting down.');
    }
  }
}

interface TailOptions {
  projects: Set<string>;
  filter: CompiledFilter;
  windowMs: number;
}

/**
 * One live tail. Matching entries are held for the buffer window and sent ordered by timestamp
 * (then insertId) once older than now − window: "If a log entry is written outside of the buffer
 * window, then Logging returns the log entries as they are received"
 * (https://cloud.google.com/logging/docs/reference/tools/gcloud-logging, Buffering and ordering). Only entries
 * that become readable after the session started are sent ("view your log entries in real time as
 * Cloud Logging writes them").
 */
class TailSession {
  private readonly ctx: Context;
  private readonly call: TailCall;
  private readonly options: TailOptions;
  private readonly onClose: () => void;
  private buffer: Indexed[] = [];
  private timer: NodeJS.Timeout | undefined;
  private timerDueMs = Infinity;
  private readonly maxDuration: NodeJS.Timeout;
  private readonly unsubscribe: () => void;
  /** Entries sent in the last minute, by flush, for the rate limit. */
  private sent: { atMs: number; count: number }[] = [];
  private readonly suppressed: Record<SuppressionReason, number> = { RATE_LIMIT: 0, NOT_CONSUMED: 0 };
  /** Due entries the stream has not taken yet, from outboxStart on. */
  private outbox: LogEntry[] = [];
  private outboxStart = 0;
  /** call.write returned false: the client is behind; wait for 'drain'. */
  private waitingForDrain = false;
  private closed = false;

  constructor(ctx: Context, call: TailCall, options: TailOptions, onClose: () => void) {
    this.ctx = ctx;
    this.call = call;
    this.options = options;
    this.onClose = onClose;
    this.unsubscribe = ctx.logs.subscribe((stored) => this.receive(stored));
    const hours = loggingLimits.tailMaxSessionMs / 3600_000;
    const limitText = Number.isInteger(hours) ? `${hours}h` : `${loggingLimits.tailMaxSessionMs / 1000}s`;
    this.maxDuration = setTimeout(
      () =>
        this.fail(
          Status.OUT_OF_RANGE,
          `Session has run for the maximum allowed duration of ${limitText}. To continue, start a new session with the same request.`,
        ),
      loggingLimits.tailMaxSessionMs,
    );
    this.maxDuration.unref();
    for (const event of ['cancelled', 'close', 'finish', 'error']) call.on(event, () => this.close());
    // The client half-closed: send what is buffered and the suppression counts ("At the end of
    // the tail session, Logging returns the number of entries that were not displayed"), then end.
    call.on('end', () => {
      if (this.closed) return;
      this.flush(true);
      this.closeAnd(() => this.call.end());
    });
    call.on('drain', () => {
      this.waitingForDrain = false;
      this.pump();
    });
  }

  private receive(stored: StoredEntry): void {
    const project = projectOfLogName(stored.entry.logName);
    if (this.closed || !project || !this.options.projects.has(project)) return;
    if (!this.options.filter.matches(stored.entry)) return;
    const e: Indexed = {
      stored,
      time: instantOf(stored.entry.timestamp),
      insertId: stored.entry.insertId ?? '',
      project,
    };
    this.buffer.push(e);
    this.schedule(timeMs(e) + this.options.windowMs);
  }

  private schedule(dueMs: number): void {
    if (this.closed || dueMs >= this.timerDueMs) return;
    clearTimeout(this.timer);
    this.timerDueMs = dueMs;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.timerDueMs = Infinity;
        this.flush(false);
      },
      Math.max(0, dueMs - Date.now()) + loggingLimits.tailBatchMs,
    );
    this.timer.unref();
  }

  /** Sends the entries whose time is older than now − window (all of them when `final`). */
  private flush(final: boolean): void {
    if (this.closed) return;
    const watermark = final ? Infinity : Date.now() - this.options.windowMs;
    const due: Indexed[] = [];
    const held: Indexed[] = [];
    let nextDueMs = Infinity;
    for (const e of this.buffer) {
      if (timeMs(e) <= watermark) due.push(e);
      else {
        held.push(e);
        nextDueMs = Math.min(nextDueMs, timeMs(e) + this.options.windowMs);
      }
    }
    this.buffer = held;
    due.sort(compareKeys);
    this.enqueue(due.map((e) => e.stored.entry));
    this.pump(final);
    if (!this.closed && held.length) this.schedule(nextDueMs);
  }

  /** Queues due entries for the client, within the rate limit and the bound on what waits. */
  private enqueue(entries: LogEntry[]): void {
    const now = Date.now();
    this.sent = this.sent.filter((s) => s.atMs > now - 60_000);
    const allowance = Math.max(
      0,
      loggingLimits.tailEntriesPerMinute - this.sent.reduce((n, s) => n + s.count, 0),
    );
    if (entries.length > allowance) {
      this.suppressed.RATE_LIMIT += entries.length - allowance;
      entries = entries.slice(0, allowance);
    }
    this.sent.push({ atMs: now, count: entries.length });
    for (const entry of entries) this.outbox.push(entry);
    // A client that does not keep up loses the oldest waiting entries: Logging "limits the total
    // number of entries sent, prioritizing the most recent entries" (gcloud-logging page, Client limitations).
    const excess = this.outbox.length - this.outboxStart - loggingLimits.tailMaxPendingEntries;
    if (excess > 0) {
      this.outboxStart += excess;
      this.suppressed.NOT_CONSUMED += excess;
    }
  }

  /**
   * Writes queued entries while the stream accepts them; after write() returns false the rest
   * waits for 'drain' (`force` at the end of the session writes everything left).
   */
  private pump(force = false): void {
    const size = loggingLimits.tailMaxEntriesPerResponse;
    while (
      !this.closed &&
      (force || !this.waitingForDrain) &&
      (this.outboxStart < this.outbox.length || this.hasSuppressed())
    ) {
      const chunk = this.outbox.slice(this.outboxStart, this.outboxStart + size);
      this.outboxStart += chunk.length;
      if (!this.respond(chunk)) this.waitingForDrain = true;
    }
    if (this.outboxStart >= this.outbox.length) {
      this.outbox = [];
      this.outboxStart = 0;
    } else if (this.outboxStart > 4096) {
      this.outbox = this.outbox.slice(this.outboxStart);
      this.outboxStart = 0;
    }
  }

  /** Writes one response (with the suppression counts since the last one); false when the stream's buffer is full. */
  private respond(entries: LogEntry[]): boolean {
    const suppressionInfo = (Object.keys(this.suppressed) as SuppressionReason[])
      .filter((reason) => this.suppressed[reason] > 0)
      .map((reason) => ({ reason, suppressedCount: this.suppressed[reason] }));
    for (const info of suppressionInfo) this.suppressed[info.reason] = 0;
    const writable = this.call.write({ entries, suppressionInfo });
    // An injected cut looks like a connection Google dropped: UNAVAILABLE, which clients retry.
    if (this.ctx.faults.drawCut(tailPath)) {
      this.ctx.log('fault: TailLogEntries stream cut');
      this.fail(Status.UNAVAILABLE, 'Injected stream cut (UNAVAILABLE)');
    }
    return writable;
  }

  private hasSuppressed(): boolean {
    return this.suppressed.RATE_LIMIT > 0 || this.suppressed.NOT_CONSUMED > 0;
  }

  /** Ends the stream with an error status. */
  fail(code: number, details: string): void {
    this.closeAnd(() => this.call.emit('error', { code, details }));
  }

  private closeAnd(finish: () => void): void {
    if (this.closed) return;
    this.close();
    finish();
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    clearTimeout(this.timer);
    clearTimeout(this.maxDuration);
    this.buffer = [];
    this.onClose();
  }
}
