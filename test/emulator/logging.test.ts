// Cloud Logging in the emulator, driven by the official client (@google-cloud/logging 12) exactly as
// the action drives Google: log.write, getEntries and the raw TailLogEntries stream.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Logging } from '@google-cloud/logging';
import { grpc, type CallOptions } from 'google-gax';
import { allGoogleBehaviours } from './behaviours.ts';
import { optionsFromArgs } from './cli.ts';
import { loggingLimits, scan, type Cursor, type Indexed } from './logging.ts';
import type { LogEntry } from './logstore.ts';
import { timestamp } from './rpc.ts';
import { startEmulator, type Emulator } from './server.ts';

type GetEntriesRequest = Exclude<
  Parameters<Logging['getEntries']>[0],
  undefined | ((...args: never[]) => unknown)
>;

const Code = grpc.status;
const project = 'test-project';
const stdout = `projects/${project}/logs/run.googleapis.com%2Fstdout`;
const jobResource = {
  type: 'cloud_run_job',
  labels: { job_name: 'agent-job', location: 'europe-west1', project_id: project },
};
const noRetry: CallOptions = { retry: null };

let emulator: Emulator;
let logging: Logging;
const defaultLimits = { ...loggingLimits };
/** Streams a test opened, cancelled after it so a failing test does not leak sessions into the next. */
const openStreams: { cancel(): void }[] = [];

before(async () => {
  // Logging needs no registry: an address never dialled keeps one from starting. Reads are
  // plentiful here; the quota test lowers them for a project of its own.
  emulator = await startEmulator({
    registry: '127.0.0.1:1',
    ingestionLagMs: 0,
    quotas: { loggingReadsPerMinute: 100_000 },
  });
  logging = new Logging(emulator.clientOptions(project));
});

after(async () => {
  await emulator?.stop();
});

afterEach(async () => {
  for (const stream of openStreams.splice(0)) stream.cancel();
  await waitFor(() => openTailSessions() === 0, 'every tail session to close');
  emulator.logs.clear();
  emulator.setIngestionLag(0);
  emulator.faults.configure({});
  emulator.behaviours.configure({});
  emulator.quotas.configure({ tailSessions: 10 });
  Object.assign(loggingLimits, defaultLimits);
});

/** A Cloud Run job's stdout line as the executor appends it (time in ms since the epoch). */
function append(
  text: string,
  options: {
    time?: number;
    extraNanos?: number;
    insertId?: string;
    projectId?: string;
    execution?: string;
  } = {},
): LogEntry {
  const entry: LogEntry = {
    logName: `projects/${options.projectId ?? project}/logs/run.googleapis.com%2Fstdout`,
    resource: jobResource,
    timestamp: timestamp(options.time ?? Date.now(), options.extraNanos ?? 0),
    severity: 'INFO',
    labels: { 'run.googleapis.com/execution_name': options.execution ?? 'agent-job-abc12' },
    textPayload: text,
    ...(options.insertId ? { insertId: options.insertId } : {}),
  };
  emulator.logs.append(entry);
  return entry;
}

/** The raw ListLogEntries call: one page, no client-side filter rewriting. */
async function listPage(request: {
  filter?: string;
  orderBy?: string;
  pageSize?: number;
  pageToken?: string;
  resourceNames?: string[];
}) {
  const [entries, , response] = await logging.loggingService.listLogEntries(
    { resourceNames: [`projects/${project}`], ...request },
    { autoPaginate: false, ...noRetry },
  );
  return {
    texts: entries.map((e: { textPayload?: string | null }) => e.textPayload),
    entries,
    nextPageToken: response?.nextPageToken ?? '',
  };
}

async function rejects(call: Promise<unknown>, code: grpc.status, pattern?: RegExp): Promise<void> {
  await assert.rejects(call, (error: { code?: number; details?: string; message: string }) => {
    assert.equal(error.code, code, `expected ${Code[code]}, got ${error.code}: ${error.message}`);
    if (pattern) assert.match(error.details ?? error.message, pattern);
    return true;
  });
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

const openTailSessions = (): number =>
  (emulator.resources().logging as { openTailSessions: number }).openTailSessions;

describe('WriteLogEntries', () => {
  test('log.write stores entries that getEntries returns, with the request defaults applied', async () => {
    const log = logging.log('agent-log');
    await log.write([log.entry('plain text'), log.entry({ message: 'structured', code: 7 })], {
      resource: jobResource,
      labels: { run: 'r1' },
    });
    const [entries] = await logging.getEntries({
      filter: `logName="projects/${project}/logs/agent-log" AND NOT jsonPayload."logging.googleapis.com/diagnostic":*`,
    });
    assert.deepEqual(entries.map((e) => e.data).reverse(), [
      'plain text',
      { message: 'structured', code: 7 },
    ]);
    for (const e of entries) {
      assert.equal(e.metadata.resource?.type, 'cloud_run_job');
      assert.equal(e.metadata.labels?.run, 'r1');
      assert.ok(e.metadata.insertId);
      assert.ok(e.metadata.receiveTimestamp);
    }
  });

  test('log_name, resource and labels of the request fill entries that lack them; entry labels win', async () => {
    await logging.loggingService.writeLogEntries(
      {
        logName: stdout,
        resource: jobResource,
        labels: { shared: 'request', mine: 'request' },
        entries: [
          { textPayload: 'one', labels: { mine: 'entry' } },
          { textPayload: 'two', logName: `projects/${project}/logs/other` },
        ],
      },
      noRetry,
    );
    const stored = emulator.logs.entries.map((s) => s.entry);
    assert.deepEqual(
      stored.map((e) => [e.logName, e.labels]),
      [
        [stdout, { shared: 'request', mine: 'entry' }],
        [`projects/${project}/logs/other`, { shared: 'request', mine: 'request' }],
      ],
    );
  });

  test('entries without timestamps sort in request order, even within one millisecond', async () => {
    const entries = Array.from({ length: 20 }, (_, i) => ({ textPayload: `line ${i}` }));
    await logging.loggingService.writeLogEntries(
      { logName: stdout, resource: jobResource, entries },
      noRetry,
    );
    const page = await listPage({ orderBy: 'timestamp asc' });
    assert.deepEqual(
      page.texts,
      entries.map((e) => e.textPayload),
    );
  });

  test('invalid entries are INVALID_ARGUMENT and nothing is written', async () => {
    const write = (request: object) => logging.loggingService.writeLogEntries(request, noRetry);
    await rejects(write({ entries: [] }), Code.INVALID_ARGUMENT, /entries is required/);
    await rejects(
      write({ resource: jobResource, entries: [{ textPayload: 'x' }] }),
      Code.INVALID_ARGUMENT,
      /log_name is required/,
    );
    await rejects(
      write({ logName: stdout, entries: [{ textPayload: 'x' }] }),
      Code.INVALID_ARGUMENT,
      /resource is required/,
    );
    await rejects(
      write({
        logName: `projects/${project}/logs/run.googleapis.com/stdout`,
        resource: jobResource,
        entries: [{ textPayload: 'x' }],
      }),
      Code.INVALID_ARGUMENT,
      /URL-encoded/,
    );
    await rejects(
      write({ logName: 'organizations/1/logs/x', resource: jobResource, entries: [{ textPayload: 'x' }] }),
      Code.INVALID_ARGUMENT,
    );
    const tomorrow = timestamp(Date.now() + 25 * 3600 * 1000);
    await rejects(
      write({ logName: stdout, resource: jobResource, entries: [{ textPayload: 'x', timestamp: tomorrow }] }),
      Code.INVALID_ARGUMENT,
      /future/,
    );
    await rejects(
      write({ logName: stdout, resource: jobResource, entries: [{ textPayload: 'x'.repeat(300 * 1024) }] }),
      Code.INVALID_ARGUMENT,
      /maximum/,
    );
    assert.equal(emulator.logs.entries.length, 0);
  });

  test('partialSuccess writes the valid entries and still reports the failed ones', async () => {
    const entries = [
      { textPayload: 'good' },
      { textPayload: 'bad', logName: 'nonsense' },
      { textPayload: 'also good' },
    ];
    await rejects(
      logging.loggingService.writeLogEntries({ logName: stdout, resource: jobResource, entries }, noRetry),
      Code.INVALID_ARGUMENT,
      /log entry 1/,
    );
    assert.equal(emulator.logs.entries.length, 0, 'without partialSuccess nothing is written');
    await rejects(
      logging.loggingService.writeLogEntries(
        { logName: stdout, resource: jobResource, entries, partialSuccess: true },
        noRetry,
      ),
      Code.INVALID_ARGUMENT,
      /log entry 1/,
    );
    assert.deepEqual(
      emulator.logs.entries.map((s) => s.entry.textPayload),
      ['good', 'also good'],
    );
  });

  test('dryRun validates without storing; entries older than the retention are accepted but not stored', async () => {
    await logging.loggingService.writeLogEntries(
      { logName: stdout, resource: jobResource, entries: [{ textPayload: 'x' }], dryRun: true },
      noRetry,
    );
    const old = timestamp(Date.now() - 31 * 24 * 3600 * 1000);
    await logging.loggingService.writeLogEntries(
      { logName: stdout, resource: jobResource, entries: [{ textPayload: 'old', timestamp: old }] },
      noRetry,
    );
    assert.equal(emulator.logs.entries.length, 0);
  });
});

describe('ListLogEntries', () => {
  test('getEntries: filters, and the newest first by default (the client asks for timestamp desc)', async () => {
    const t = Date.now() - 10_000;
    append('first', { time: t });
    append('second', { time: t + 1 });
    append('other execution', { time: t + 2, execution: 'agent-job-zzz99' });
    append('third', { time: t + 3 });
    const [entries] = await logging.getEntries({
      filter:
        'resource.type="cloud_run_job" AND labels."run.googleapis.com/execution_name"="agent-job-abc12"',
    });
    assert.deepEqual(
      entries.map((e) => e.data),
      ['third', 'second', 'first'],
    );
    const [ascending] = await logging.getEntries({ filter: 'textPayload:"i"', orderBy: 'timestamp asc' });
    assert.deepEqual(
      ascending.map((e) => e.data),
      ['first', 'other execution', 'third'],
    );
  });

  test('the time term getEntries appends restricts to the last 24 hours', async () => {
    append('two days ago', { time: Date.now() - 48 * 3600 * 1000 });
    append('now');
    const [entries] = await logging.getEntries({ filter: 'resource.type="cloud_run_job"' });
    assert.deepEqual(
      entries.map((e) => e.data),
      ['now'],
    );
    const [all] = await logging.getEntries({ filter: 'timestamp >= "2000-01-01T00:00:00Z"' });
    assert.equal(all.length, 2);
  });

  test('equal timestamps are ordered by insertId, in both directions', async () => {
    const t = Date.now() - 1000;
    for (const id of ['c', 'a', 'd', 'b']) append(id, { time: t, insertId: id });
    assert.deepEqual((await listPage({ orderBy: 'timestamp asc' })).texts, ['a', 'b', 'c', 'd']);
    assert.deepEqual((await listPage({ orderBy: 'timestamp desc' })).texts, ['d', 'c', 'b', 'a']);
  });

  test('entries with the same timestamp and insertId are duplicates, returned once', async () => {
    const t = Date.now() - 1000;
    append('once', { time: t, insertId: 'same' });
    append('once again', { time: t, insertId: 'same' });
    append('other', { time: t, insertId: 'other' });
    assert.equal((await listPage({})).texts.length, 2);
  });

  test('order_by accepts only timestamp asc and timestamp desc', async () => {
    append('x');
    assert.equal((await listPage({ orderBy: 'timestamp' })).texts.length, 1);
    await rejects(listPage({ orderBy: 'severity desc' }), Code.INVALID_ARGUMENT, /timestamp asc/);
    await rejects(listPage({ orderBy: 'timestamp up' }), Code.INVALID_ARGUMENT);
  });

  test('page_size defaults to 50 and may not exceed 1000', async () => {
    const t = Date.now() - 10_000;
    for (let i = 0; i < 60; i++) append(`line ${i}`, { time: t + i });
    const first = await listPage({});
    assert.equal(first.texts.length, 50);
    assert.ok(first.nextPageToken);
    await rejects(listPage({ pageSize: 1001 }), Code.INVALID_ARGUMENT, /page_size/);
    await rejects(listPage({ pageSize: -1 }), Code.INVALID_ARGUMENT, /page_size/);
  });

  test('getEntries with pageSize and autoPaginate false returns one page and a token that continues it', async () => {
    const t = Date.now() - 10_000;
    for (let i = 0; i < 7; i++) append(`line ${i}`, { time: t + i });
    const seen: string[] = [];
    // The next query the client returns repeats the request (its filter included) with the token.
    let query: GetEntriesRequest | null = { orderBy: 'timestamp asc', pageSize: 3, autoPaginate: false };
    while (query) {
      const page = (await logging.getEntries(query)) as unknown as [
        { data: unknown }[],
        GetEntriesRequest | null | undefined,
      ];
      const [entries, nextQuery] = page;
      assert.ok(entries.length <= 3);
      seen.push(...entries.map((e) => String(e.data)));
      query = nextQuery ? ({ ...nextQuery, autoPaginate: false } as GetEntriesRequest) : null;
    }
    assert.deepEqual(
      seen,
      Array.from({ length: 7 }, (_, i) => `line ${i}`),
    );
  });

  test('a page token is a cursor: entries ingested later appear on later pages', async () => {
    const t = Date.now() - 10_000;
    append('a', { time: t });
    append('b', { time: t + 1 });
    append('c', { time: t + 2 });
    const first = await listPage({ orderBy: 'timestamp asc', pageSize: 2 });
    assert.deepEqual(first.texts, ['a', 'b']);
    assert.ok(first.nextPageToken, 'more entries: a token');
    append('d', { time: t + 3 });
    const second = await listPage({ orderBy: 'timestamp asc', pageSize: 2, pageToken: first.nextPageToken });
    assert.deepEqual(second.texts, ['c', 'd']);
    assert.equal(second.nextPageToken, '', 'nothing more: no token');
  });

  test('a page token only continues the query that made it', async () => {
    for (let i = 0; i < 3; i++) append(`line ${i}`);
    const first = await listPage({ pageSize: 1 });
    await rejects(
      listPage({ pageSize: 1, pageToken: first.nextPageToken, filter: 'severity=ERROR' }),
      Code.INVALID_ARGUMENT,
      /page_token/,
    );
    await rejects(listPage({ pageSize: 1, pageToken: 'not-a-token' }), Code.INVALID_ARGUMENT, /page_token/);
  });

  test('only entries of the named projects; resource_names is required and names projects', async () => {
    append('mine');
    append('theirs', { projectId: 'other-project' });
    assert.deepEqual((await listPage({})).texts, ['mine']);
    assert.deepEqual(
      (
        await listPage({
          resourceNames: [`projects/${project}`, 'projects/other-project'],
          orderBy: 'timestamp asc',
        })
      ).texts,
      ['mine', 'theirs'],
    );
    await rejects(listPage({ resourceNames: [] }), Code.INVALID_ARGUMENT, /resource_names is required/);
    await rejects(listPage({ resourceNames: ['organizations/123'] }), Code.INVALID_ARGUMENT, /projects only/);
  });

  test('an invalid filter is INVALID_ARGUMENT pointing at the problem', async () => {
    await rejects(
      logging.getEntries({
        filter: 'resource.type = "cloud_run_job" AND severity >= LOUD',
        gaxOptions: noRetry,
      }),
      Code.INVALID_ARGUMENT,
      /not a severity .* at line 1, column 49/,
    );
    await rejects(
      logging.getEntries({ filter: 'jsonPayload.x = (', gaxOptions: noRetry }),
      Code.INVALID_ARGUMENT,
      /Invalid filter/,
    );
  });

  test('an entry is not listed before the ingestion lag has passed', async () => {
    emulator.setIngestionLag(300);
    append('late line');
    assert.deepEqual((await listPage({})).texts, []);
    await sleep(350);
    assert.deepEqual((await listPage({})).texts, ['late line']);
  });

  test('read requests beyond the per-project quota are RESOURCE_EXHAUSTED', async () => {
    const first = new Logging(emulator.clientOptions('quota-project-a'));
    const second = new Logging(emulator.clientOptions('quota-project-b'));
    emulator.quotas.configure({ loggingReadsPerMinute: 3 });
    try {
      const before = emulator.quotas.exceeded.get('loggingReadsPerMinute') ?? 0;
      for (let i = 0; i < 3; i++) await first.getEntries({ gaxOptions: noRetry });
      await rejects(first.getEntries({ gaxOptions: noRetry }), Code.RESOURCE_EXHAUSTED, /Quota exceeded/);
      assert.equal(emulator.quotas.exceeded.get('loggingReadsPerMinute'), before + 1);
      await second.getEntries({ gaxOptions: noRetry }); // another project has its own quota
    } finally {
      emulator.quotas.configure({ loggingReadsPerMinute: 100_000 });
    }
  });

  test('a listing evaluates the filter only on the entries past its time bound and its cursor', () => {
    const base = Date.parse('2026-11-27T07:00:00Z');
    const sorted: Indexed[] = Array.from({ length: 100_000 }, (_, i) => {
      const entry = {
        logName: stdout,
        resource: jobResource,
        timestamp: timestamp(base + i),
        insertId: String(i).padStart(6, '0'),
      };
      return {
        stored: { entry, timestampMs: base + i, visibleAtMs: 0, seq: i },
        time: [Math.floor((base + i) / 1000), ((base + i) % 1000) * 1e6],
        insertId: entry.insertId,
        project,
      };
    });
    let evaluations = 0;
    const filter = (minMs: number) => ({
      matches: () => (evaluations++, true),
      timeRange: { minMs, maxMs: Infinity },
    });
    const options = { projects: new Set([project]), descending: false, pageSize: 1000 };
    const recent = scan(sorted, { ...options, filter: filter(base + 99_990), cursor: undefined });
    assert.equal(recent.entries.length, 10);
    assert.equal(evaluations, 10, 'seeks to the time bound');
    evaluations = 0;
    let cursor: Cursor | undefined;
    let pages = 0;
    do {
      cursor = scan(sorted, { ...options, filter: filter(-Infinity), cursor }).next;
      pages++;
    } while (cursor && pages < 200);
    assert.equal(pages, 100);
    assert.equal(evaluations, 100_000, 'each entry evaluated once over all pages');
  });

  test('paging through 100,000 entries costs time linear in the entries', async () => {
    const t = Date.now() - 600_000;
    for (let i = 0; i < 100_000; i++) append(`line ${i}`, { time: t + Math.floor(i / 10) });
    const started = performance.now();
    let count = 0;
    let last = '';
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const page = await listPage({
        orderBy: 'timestamp asc',
        pageSize: 1000,
        pageToken,
        filter: 'labels."run.googleapis.com/execution_name" = "agent-job-abc12"',
      });
      count += page.texts.length;
      last = String(page.texts[page.texts.length - 1] ?? last);
      pageToken = page.nextPageToken || undefined;
      pages++;
    } while (pageToken && pages < 200);
    const elapsed = performance.now() - started;
    assert.equal(count, 100_000);
    assert.equal(last, 'line 99999');
    assert.ok(pages <= 101);
    assert.ok(elapsed < 20_000, `paging took ${elapsed.toFixed(0)} ms`);
  });
});

// ---------------------------------------------------------------------------------------------

interface TailResponse {
  entries: { textPayload?: string; insertId?: string }[];
  suppressionInfo: { reason: string; suppressedCount: number }[];
}

/** A raw TailLogEntries stream (the library's tailEntries() drops bufferWindow, see gcp.md). */
async function openTail(
  request: { filter?: string; bufferWindowMs?: number; resourceNames?: string[] } = {},
  expectSession = true,
) {
  const before = openTailSessions();
  const stream = logging.loggingService.tailLogEntries();
  openStreams.push(stream as unknown as { cancel(): void });
  const responses: TailResponse[] = [];
  const state: { error?: { code: number; details?: string; message: string }; ended: boolean } = {
    ended: false,
  };
  stream.on('data', (r: TailResponse) => responses.push(r));
  stream.on('error', (e: { code: number; message: string }) => (state.error = e));
  stream.on('end', () => (state.ended = true));
  const ms = request.bufferWindowMs;
  stream.write({
    resourceNames: request.resourceNames ?? [`projects/${project}`],
    ...(request.filter ? { filter: request.filter } : {}),
    ...(ms !== undefined
      ? { bufferWindow: { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 } }
      : {}),
  });
  if (expectSession) await waitFor(() => openTailSessions() === before + 1, 'the tail session to open');
  const texts = (): string[] => responses.flatMap((r) => r.entries.map((e) => e.textPayload ?? ''));
  return { stream, responses, state, texts };
}

describe('TailLogEntries', () => {
  test('entries arriving within the buffer window are sent together, ordered by timestamp', async () => {
    const tail = await openTail({ bufferWindowMs: 300 });
    const now = Date.now();
    append('third', { time: now - 4 });
    append('first', { time: now - 12 });
    append('second', { time: now - 8 });
    await sleep(150);
    assert.deepEqual(tail.texts(), [], 'held for the buffer window');
    await waitFor(() => tail.texts().length === 3, 'the entries');
    assert.deepEqual(tail.texts(), ['first', 'second', 'third']);
    assert.equal(tail.responses.length, 1, 'one response carries the batch');
    tail.stream.end();
    await waitFor(() => openTailSessions() === 0, 'the session to close');
  });

  test('each entry is held until its timestamp is older than now minus the window', async () => {
    const tail = await openTail({ bufferWindowMs: 200 });
    const now = Date.now();
    append('now', { time: now });
    append('later', { time: now + 300 });
    await waitFor(() => tail.texts().length === 1, 'the first entry');
    assert.deepEqual(tail.texts(), ['now']);
    await waitFor(() => tail.texts().length === 2, 'the second entry');
    assert.ok(Date.now() >= now + 500, 'sent once older than the window');
  });

  test('ties on the timestamp are ordered by insertId', async () => {
    const tail = await openTail({ bufferWindowMs: 100 });
    const t = Date.now();
    for (const id of ['b', 'c', 'a']) append(id, { time: t, insertId: id });
    await waitFor(() => tail.texts().length === 3, 'the entries');
    assert.deepEqual(tail.texts(), ['a', 'b', 'c']);
    tail.stream.end();
  });

  test('an entry older than the window when it arrives is sent at once, out of order', async () => {
    const tail = await openTail({ bufferWindowMs: 600 });
    append('current');
    await waitFor(() => tail.texts().length === 1, 'the current entry');
    const started = Date.now();
    append('late', { time: Date.now() - 10_000 });
    await waitFor(() => tail.texts().length === 2, 'the late entry');
    assert.ok(Date.now() - started < 400, 'not held for the window');
    assert.deepEqual(tail.texts(), ['current', 'late']);
    tail.stream.end();
  });

  test('only entries matching the filter, of the named projects, ingested after the session opened', async () => {
    append('before the session');
    const tail = await openTail({ bufferWindowMs: 0, filter: 'textPayload:"keep"' });
    append('keep me');
    append('drop me');
    append('keep, but another project', { projectId: 'other-project' });
    append('keep me too');
    await waitFor(() => tail.texts().length === 2, 'the matching entries');
    await sleep(50);
    assert.deepEqual(tail.texts(), ['keep me', 'keep me too']);
    tail.stream.end();
  });

  test('entries are visible to the tail only after the ingestion lag', async () => {
    emulator.setIngestionLag(200);
    const tail = await openTail({ bufferWindowMs: 0 });
    const started = Date.now();
    append('lagging');
    await waitFor(() => tail.texts().length === 1, 'the entry');
    assert.ok(Date.now() - started >= 190, 'sent once ingested');
    tail.stream.end();
  });

  test('half-closing sends what is buffered and ends the stream with OK', async () => {
    const tail = await openTail({ bufferWindowMs: 60_000 });
    append('buffered');
    await sleep(50);
    assert.deepEqual(tail.texts(), []);
    tail.stream.end();
    await waitFor(() => tail.state.ended, 'the end of the stream');
    assert.deepEqual(tail.texts(), ['buffered']);
    assert.equal(tail.state.error, undefined);
    assert.equal(openTailSessions(), 0);
  });

  test('invalid requests end the stream with INVALID_ARGUMENT', async () => {
    for (const [request, pattern] of [
      [{ filter: 'severity >= LOUD' }, /not a severity/],
      [{ bufferWindowMs: 61_000 }, /buffer_window/],
      [{ resourceNames: [] }, /resource_names is required/],
    ] as [{ filter?: string; bufferWindowMs?: number; resourceNames?: string[] }, RegExp][]) {
      const tail = await openTail(request, false);
      await waitFor(() => tail.state.error !== undefined, 'the error');
      assert.equal(tail.state.error?.code, Code.INVALID_ARGUMENT);
      assert.match(tail.state.error?.details ?? '', pattern);
    }
    assert.equal(openTailSessions(), 0);
  });

  test('at most tailSessions open sessions per project: the next one is RESOURCE_EXHAUSTED', async () => {
    emulator.quotas.configure({ tailSessions: 2 });
    const first = await openTail();
    const second = await openTail();
    const third = await openTail({}, false);
    await waitFor(() => third.state.error !== undefined, 'the refusal');
    assert.equal(third.state.error?.code, Code.RESOURCE_EXHAUSTED);
    assert.equal(openTailSessions(), 2);
    first.stream.end();
    await waitFor(() => openTailSessions() === 1, 'a session to close');
    const fourth = await openTail();
    assert.equal(openTailSessions(), 2);
    second.stream.end();
    fourth.stream.end();
    await waitFor(() => openTailSessions() === 0, 'the sessions to close');
  });

  test('a cancelled stream releases its session', async () => {
    const tail = await openTail();
    (tail.stream as unknown as { cancel(): void }).cancel();
    await waitFor(() => openTailSessions() === 0, 'the session to close');
  });

  test('more entries than the per-minute limit are dropped and reported as RATE_LIMIT', async () => {
    loggingLimits.tailEntriesPerMinute = 5;
    const tail = await openTail({ bufferWindowMs: 50 });
    const t = Date.now();
    for (let i = 0; i < 8; i++) append(`line ${i}`, { time: t + i });
    await waitFor(() => tail.responses.length >= 1, 'a response');
    assert.deepEqual(tail.texts(), ['line 0', 'line 1', 'line 2', 'line 3', 'line 4']);
    assert.deepEqual(tail.responses[0]?.suppressionInfo, [{ reason: 'RATE_LIMIT', suppressedCount: 3 }]);
    append('still over the limit');
    await waitFor(() => tail.responses.length >= 2, 'the next response');
    assert.deepEqual(tail.responses[1]?.entries, []);
    assert.deepEqual(tail.responses[1]?.suppressionInfo, [{ reason: 'RATE_LIMIT', suppressedCount: 1 }]);
    tail.stream.end();
  });

  test('a client that reads gets a burst of many responses whole', async () => {
    loggingLimits.tailMaxEntriesPerResponse = 1;
    const tail = await openTail({ bufferWindowMs: 0 });
    const total = 3000;
    for (let i = 0; i < total; i++) append(`line ${i}`);
    await waitFor(() => tail.texts().length === total, 'every entry');
    assert.deepEqual(
      tail.responses.flatMap((r) => r.suppressionInfo),
      [],
    );
  });

  test('a burst of 100,000 entries: the first 60,000 arrive in order, the rest are RATE_LIMIT', async () => {
    const tail = await openTail({ bufferWindowMs: 0 });
    const t = Date.now();
    for (let i = 0; i < 100_000; i++) append(`line ${i}`, { time: t, extraNanos: i });
    const rateLimited = (): number =>
      tail.responses
        .flatMap((r) => r.suppressionInfo)
        .filter((s) => s.reason === 'RATE_LIMIT')
        .reduce((n, s) => n + s.suppressedCount, 0);
    await waitFor(
      () => tail.texts().length + rateLimited() === 100_000,
      'every entry to be sent or counted',
      20_000,
    );
    const texts = tail.texts();
    assert.equal(texts.length, 60_000);
    assert.equal(texts[0], 'line 0');
    assert.equal(texts[59_999], 'line 59999');
  });

  test('a client that does not read loses the oldest entries, reported as NOT_CONSUMED', async () => {
    // One entry per response, so the stream's buffer (counted in messages) fills quickly.
    loggingLimits.tailMaxEntriesPerResponse = 1;
    loggingLimits.tailMaxPendingEntries = 100;
    const tail = await openTail({ bufferWindowMs: 0 });
    tail.stream.pause();
    tail.stream.removeAllListeners('data');
    const total = 2000;
    for (let i = 0; i < total; i++) {
      append(`line ${i} ${'x'.repeat(1024)}`);
      if (i % 100 === 99) await sleep(5); // several flushes
    }
    await sleep(100);
    tail.stream.on('data', (r: TailResponse) => tail.responses.push(r));
    tail.stream.resume();
    const suppressed = (): number =>
      tail.responses
        .flatMap((r) => r.suppressionInfo)
        .filter((s) => s.reason === 'NOT_CONSUMED')
        .reduce((n, s) => n + s.suppressedCount, 0);
    await waitFor(
      () => suppressed() + tail.texts().length === total,
      'every entry to be delivered or counted',
    );
    const delivered = tail.texts().length;
    assert.ok(delivered >= 100 && delivered < total / 2, `${delivered} entries were delivered`);
    assert.match(tail.texts()[delivered - 1] ?? '', /^line 1999 /, 'the most recent entries are kept');
  });

  test('an injected cut ends the stream with UNAVAILABLE after a response', async () => {
    emulator.faults.configure({ methods: { TailLogEntries: { cutRate: 1 } } });
    const tail = await openTail({ bufferWindowMs: 0 });
    append('before the cut');
    await waitFor(() => tail.state.error !== undefined, 'the cut');
    assert.equal(tail.state.error?.code, Code.UNAVAILABLE);
    assert.deepEqual(tail.texts(), ['before the cut']);
    await waitFor(() => openTailSessions() === 0, 'the session to close');
  });

  test('a session ends with OUT_OF_RANGE after the maximum duration', async () => {
    loggingLimits.tailMaxSessionMs = 200;
    const tail = await openTail();
    await waitFor(() => tail.state.error !== undefined, 'the end of the session');
    assert.equal(tail.state.error?.code, Code.OUT_OF_RANGE);
    assert.match(tail.state.error?.details ?? '', /maximum allowed duration/);
    assert.equal(openTailSessions(), 0);
  });

  test('the library helper tailEntries() works, with the default 2 s window', async () => {
    const stream = logging.tailEntries({ filter: 'textPayload:"via helper"' });
    stream.on('error', () => {});
    const received: string[] = [];
    stream.on('data', (r: { entries: { data: unknown }[] }) =>
      received.push(...r.entries.map((e) => String(e.data))),
    );
    await waitFor(() => openTailSessions() === 1, 'the session');
    const started = Date.now();
    append('via helper');
    await waitFor(() => received.length === 1, 'the entry', 5000);
    assert.ok(Date.now() - started >= 1900, 'held for the default 2 s buffer window');
    stream.end();
    await waitFor(() => openTailSessions() === 0, 'the session to close');
  });

  test('stopping the emulator ends open sessions', async () => {
    const other = await startEmulator({ registry: '127.0.0.1:1', ingestionLagMs: 0 });
    const client = new Logging(other.clientOptions(project));
    const stream = client.loggingService.tailLogEntries();
    let error: { code: number } | undefined;
    stream.on('error', (e: { code: number }) => (error = e));
    stream.on('data', () => {});
    stream.write({ resourceNames: [`projects/${project}`] });
    await waitFor(
      () => (other.resources().logging as { openTailSessions: number }).openTailSessions === 1,
      'the session',
    );
    await other.stop();
    await waitFor(() => error !== undefined, 'the error');
    assert.equal(error?.code, Code.UNAVAILABLE);
  });
});

describe("Google's documented behaviours (off by default)", () => {
  test('npm run emulator -- --behaviours all | JSON switches them on', () => {
    assert.deepEqual(optionsFromArgs(['--behaviours', 'all']).behaviours, allGoogleBehaviours);
    assert.deepEqual(optionsFromArgs(['--behaviours', '{"earlyWaitMs":0}']).behaviours, { earlyWaitMs: 0 });
    assert.equal(optionsFromArgs([]).behaviours, undefined);
  });

  test('emptyPageRate: pages come back empty with a next page token; following tokens loses nothing', async () => {
    const t = Date.now() - 10_000;
    for (let i = 0; i < 40; i++) append(`line ${i}`, { time: t + i });
    emulator.behaviours.configure({ emptyPageRate: 0.5, seed: 7 });
    for (const orderBy of ['timestamp asc', 'timestamp desc']) {
      const seen: string[] = [];
      let empty = 0;
      let pageToken: string | undefined;
      do {
        const page = await listPage({ orderBy, pageSize: 10, pageToken });
        if (page.texts.length === 0 && page.nextPageToken) empty++;
        seen.push(...page.texts.map(String));
        pageToken = page.nextPageToken || undefined;
      } while (pageToken);
      const all = Array.from({ length: 40 }, (_, i) => `line ${i}`);
      assert.deepEqual(seen, orderBy === 'timestamp asc' ? all : all.reverse());
      assert.ok(empty >= 2, `${orderBy}: ${empty} empty pages with a token`);
    }
    emulator.behaviours.configure({});
    assert.equal((await listPage({ pageSize: 40 })).texts.length, 40, 'off: one full page');
  });

  test('tailCountsAsRead: each TailLogEntries call takes one read from the ListLogEntries quota', async () => {
    const quotaProject = 'tail-quota-project';
    const reads = () => emulator.quotas.exceeded.get('loggingReadsPerMinute') ?? 0;
    const names = [`projects/${quotaProject}`];
    emulator.quotas.configure({ loggingReadsPerMinute: 3 });
    try {
      const refusedBefore = reads();
      const off = await openTail({ resourceNames: names }); // off: not counted
      emulator.behaviours.configure({ tailCountsAsRead: true });
      const first = await openTail({ resourceNames: names });
      const second = await openTail({ resourceNames: names });
      const client = new Logging(emulator.clientOptions(quotaProject));
      await client.getEntries({ gaxOptions: noRetry });
      await rejects(client.getEntries({ gaxOptions: noRetry }), Code.RESOURCE_EXHAUSTED, /Quota exceeded/);
      const third = await openTail({ resourceNames: names }, false);
      await waitFor(() => third.state.error !== undefined, 'the refusal');
      assert.equal(third.state.error?.code, Code.RESOURCE_EXHAUSTED);
      assert.equal(reads(), refusedBefore + 2);
      for (const tail of [off, first, second]) tail.stream.end();
    } finally {
      emulator.quotas.configure({ loggingReadsPerMinute: 100_000 });
    }
  });

  test('out of order: LogStore.delay makes entries readable after later ones, in ListLogEntries and the tail', async () => {
    emulator.setIngestionLag(100);
    const tail = await openTail({ bufferWindowMs: 0 });
    const early = emulator.logs.append({
      logName: stdout,
      resource: jobResource,
      timestamp: timestamp(Date.now()),
      textPayload: 'last container line',
    });
    emulator.logs.delay([early], Date.now() + 600);
    append('Container called exit(0).');
    await waitFor(() => tail.texts().length === 1, 'the exit entry');
    assert.deepEqual((await listPage({})).texts, ['Container called exit(0).']);
    await waitFor(() => tail.texts().length === 2, 'the late line', 2_000);
    assert.deepEqual(tail.texts(), ['Container called exit(0).', 'last container line']);
    assert.deepEqual((await listPage({})).texts, ['last container line', 'Container called exit(0).']);
    tail.stream.end();
  });
});
