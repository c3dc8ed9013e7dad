// The log follower against a fake Cloud: gaps after a cut are read once the new stream settles,
// a failed page read resumes at its page, suppressed entries are read back, and a refused tail does
// not turn into a stream of reads.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import type { Cloud, LogEntry } from '../../../src/google/connect.ts';
import { followLogs } from '../../../src/log-mirror/follow.ts';
import { endMarkerLine } from '../../../src/shared/container-lines.ts';

const systemLog = 'projects/p/logs/run.googleapis.com%2Fvarlog%2Fsystem';
let counter = 0;
const entry = (text: string, ms = Date.now()): LogEntry => ({
  insertId: `id-${++counter}`,
  timestamp: { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 },
  logName: 'projects/p/logs/run.googleapis.com%2Fstdout',
  textPayload: text,
});
const exit = (ms = Date.now()): LogEntry => ({
  ...entry('', ms),
  logName: systemLog,
  textPayload: 'Container called exit(0).',
});

class FakeStream extends EventEmitter {
  write(): boolean {
    return true;
  }
  end(): void {}
  cancel(): void {
    this.emit('end');
  }
}

/** A fake Cloud whose tail and list a test drives. */
function fakeCloud(opts: {
  tail: (n: number) => FakeStream | Error;
  list: (
    filter: string,
    pageToken: string | undefined,
    n: number,
  ) => { entries: LogEntry[]; nextPageToken?: string };
}) {
  let tails = 0;
  const lists: { filter: string; pageToken?: string }[] = [];
  const cloud: Pick<Cloud, 'logs'> = {
    logs: {
      tail: async () => {
        const made = opts.tail(++tails);
        if (made instanceof Error) throw made;
        return made;
      },
      list: async (filter: string, pageToken?: string) => {
        lists.push({ filter, pageToken });
        return opts.list(filter, pageToken, lists.length);
      },
    },
  };
  return { cloud, lists, tails: () => tails };
}

function follow(cloud: Pick<Cloud, 'logs'>) {
  const printed: string[] = [];
  const follower = followLogs(cloud, {
    filter: 'F',
    sinceMs: Date.now() - 60_000,
    bufferWindowSeconds: 0,
    print: (lines) => printed.push(...lines),
    notice: () => {},
  });
  return { follower, printed };
}

test('a cut stream: its gap is read once the new stream has settled, and nothing is printed twice', async () => {
  const streams: FakeStream[] = [];
  const before = [entry('one'), entry('two')];
  const lost = entry('lost in the gap');
  const { cloud, lists } = fakeCloud({
    tail: () => {
      const s = new FakeStream();
      streams.push(s);
      return s;
    },
    list: () => ({ entries: [...before, lost] }),
  });
  const { follower, printed } = follow(cloud);
  await new Promise((r) => setTimeout(r, 50));
  streams[0]!.emit('data', { entries: before });
  streams[0]!.emit('error', Object.assign(new Error('cut'), { code: 14 }));
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(streams.length, 2, 'the stream was reopened');
  assert.equal(lists.length, 0, 'the gap is not read before the new stream settles (2 s)');
  await new Promise((r) => setTimeout(r, 2_500));
  assert.equal(lists.length, 1);
  assert.match(lists[0]!.filter, /^F AND timestamp >= "/);
  streams[1]!.emit('data', { entries: [exit()] });
  assert.deepEqual(await follower.drain(1_000), { complete: true, marked: false });
  assert.deepEqual(printed, ['one', 'two', 'lost in the gap', '[cloud run] Container called exit(0).']);
});

test('a read that fails half-way resumes at the page it failed on; suppressed entries are read back', async () => {
  const stream = new FakeStream();
  const pages = [[entry('p1')], [entry('p2')], [entry('p3'), exit()]];
  let failOnce = true;
  const { cloud, lists } = fakeCloud({
    tail: () => stream,
    list: (_filter, pageToken) => {
      const page = Number(pageToken ?? '0');
      if (page === 1 && failOnce) {
        failOnce = false;
        throw Object.assign(new Error('quota'), { code: 8 });
      }
      return { entries: pages[page]!, nextPageToken: page < 2 ? String(page + 1) : undefined };
    },
  });
  const { follower, printed } = follow(cloud);
  await new Promise((r) => setTimeout(r, 2_100)); // the stream settles
  stream.emit('data', { entries: [], suppressionInfo: [{ reason: 'RATE_LIMIT', suppressedCount: 4 }] });
  assert.deepEqual(await follower.drain(20_000), { complete: true, marked: false });
  assert.deepEqual(
    lists.map((l) => l.pageToken),
    [undefined, '1', '1', '2'],
    'after the failure the read went on from page 1, not from the start',
  );
  assert.deepEqual(printed, ['p1', 'p2', 'p3', '[cloud run] Container called exit(0).']);
  assert.equal(follower.stats.suppressed, 4);
});

test('a refused tail is retried with backoff; reads stay rare and the exit entry still arrives', async () => {
  const refused = Object.assign(new Error('Quota exceeded: 10 tail sessions'), { code: 8 });
  const readable = [entry('only from a read'), exit()];
  const { cloud, lists, tails } = fakeCloud({
    tail: () => refused,
    list: () => ({ entries: readable }),
  });
  const { follower, printed } = follow(cloud);
  await new Promise((r) => setTimeout(r, 3_000));
  assert.equal(lists.length, 0, 'no polling while the run goes on (one read every 45 s at most)');
  assert.equal(tails(), 1, 'a refused tail is retried 2.5 s later at the soonest');
  assert.deepEqual(await follower.drain(10_000), { complete: true, marked: false });
  assert.equal(
    lists.length,
    2,
    'one read after the execution ended found the exit entry, one more for late lines',
  );
  assert.deepEqual(printed, ['only from a read', '[cloud run] Container called exit(0).']);
});

test('the end marker on stdout and stderr: `exiting` resolves at it, and the drain ends at once', async () => {
  const nonce = 'c'.repeat(32);
  const marker = (log: 'stdout' | 'stderr'): LogEntry => ({
    ...entry(endMarkerLine(nonce)),
    logName: `projects/p/logs/run.googleapis.com%2F${log}`,
  });
  const stream = new FakeStream();
  const { cloud, lists } = fakeCloud({ tail: () => stream, list: () => ({ entries: [] }) });
  const printed: string[] = [];
  const follower = followLogs(cloud, {
    filter: 'F',
    sinceMs: Date.now() - 60_000,
    bufferWindowSeconds: 0,
    print: (lines) => printed.push(...lines),
    notice: () => {},
    endNonce: nonce,
  });
  let exiting = false;
  void follower.exiting.then(() => (exiting = true));
  await new Promise((r) => setTimeout(r, 2_100)); // the stream settles
  stream.emit('data', { entries: [entry('last'), marker('stdout')] });
  await new Promise((r) => setImmediate(r));
  assert.equal(exiting, false, 'one of the two markers is not the end');
  stream.emit('data', { entries: [marker('stderr')] });
  await new Promise((r) => setImmediate(r));
  assert.equal(exiting, true, 'both markers: the execution is ending');
  stream.emit('data', { entries: [exit()] });
  const started = Date.now();
  assert.deepEqual(await follower.drain(30_000), { complete: true, marked: true });
  assert.ok(Date.now() - started < 500, `drained in ${Date.now() - started} ms, not after the 3 s late wait`);
  assert.equal(lists.length, 0);
  assert.deepEqual(printed, ['last', '[cloud run] Container called exit(0).']);
});
