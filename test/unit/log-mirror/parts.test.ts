// The log mirror's parts, each on its own, on a fake clock: the printer (plain calls), the gap
// reader (window, paging, pacing, resume), the tail loop's backoff, and a follower that does
// nothing until start(). test/unit/log-mirror/follow.test.ts runs the whole follower in real time.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, mock, test } from 'node:test';
import { drive, useFakeClock } from '../fake-clock.ts';
import { pause } from '../../../src/shared/backoff.ts';
import type { LogEntry } from '../../../src/google/connect.ts';
import { drainReads } from '../../../src/log-mirror/drain.ts';
import { createLogFollower } from '../../../src/log-mirror/follow.ts';
import { lookbackMs, readBackoff, readDueAt, readGap, recordGap } from '../../../src/log-mirror/gaps.ts';
import { printEntries } from '../../../src/log-mirror/printer.ts';
import { endMarked, newMirrorState, type Mirror } from '../../../src/log-mirror/mirror-state.ts';
import { tailLoop } from '../../../src/log-mirror/tail.ts';

// The fake clock starts at `t0`; Math.random is fixed at 0.5, so each backoff is exact.
const t0 = 1_000_000;
useFakeClock(t0);

let counter = 0;
const entry = (text: string, ms = Date.now(), insertId = `id-${++counter}`): LogEntry => ({
  insertId,
  timestamp: { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 },
  logName: 'projects/p/logs/run.googleapis.com%2Fstdout',
  textPayload: text,
});
const exit = (code = 0): LogEntry => ({
  ...entry(''),
  logName: 'projects/p/logs/run.googleapis.com%2Fvarlog%2Fsystem',
  textPayload: `Container called exit(${code}).`,
});
const nonce = '0123456789abcdef0123456789abcdef';
/** The end marker as Cloud Run stores it: a structured line, on stdout or stderr. */
const marker = (log: 'stdout' | 'stderr', withNonce = nonce): LogEntry => ({
  ...entry(''),
  logName: `projects/p/logs/run.googleapis.com%2F${log}`,
  textPayload: undefined,
  jsonPayload: {
    fields: {
      _log: { boolValue: true },
      level: { stringValue: 'debug' },
      msg: { stringValue: 'end of output' },
      nonce: { stringValue: withNonce },
    },
  },
});

/** A mirror over fake log calls, wired the way follow.ts wires it. */
function mirror(logs: Partial<Mirror['logs']> = {}, sinceMs = t0 - 60_000) {
  const printed: string[] = [];
  const debug: string[] = [];
  const state = newMirrorState(sinceMs, nonce);
  const stop = new AbortController();
  let markArrived: () => void = () => {};
  const marked = new Promise<void>((resolve) => (markArrived = resolve));
  const m: Mirror = {
    state,
    logs: {
      list: async () => ({ entries: [] }),
      tail: async () => new FakeStream(),
      ...logs,
    } as Mirror['logs'],
    options: {
      filter: 'F',
      sinceMs,
      print: (lines) => printed.push(...lines),
      notice: () => {},
      debug: (message) => debug.push(message),
    },
    bufferWindowSeconds: 2,
    settleMs: 4_000,
    print: (entries, fromRead) => {
      printEntries(state, entries, m.options.print, fromRead);
      if (endMarked(state)) markArrived();
    },
    gap: (fromMs) => recordGap(state, sinceMs, fromMs),
    pause: (ms) => pause(ms, stop.signal),
    untilGap: () => pause(1_000, stop.signal),
    exited: new Promise(() => {}),
    marked,
  };
  return { m, state, printed, debug, stop: () => ((state.stopped = true), stop.abort()) };
}

class FakeStream extends EventEmitter {
  write(): boolean {
    return true;
  }
  end(): void {}
  cancel(): void {
    this.emit('end');
  }
}

describe('printer', () => {
  test('prints each entry once, counts duplicates, and keeps the latest timestamp', () => {
    const state = newMirrorState(0);
    const lines: string[] = [];
    const a = entry('a', t0 + 5);
    assert.equal(
      printEntries(state, [a, entry('b', t0 + 1)], (l) => lines.push(...l)),
      false,
    );
    printEntries(state, [a, entry('c', t0 + 2)], (l) => lines.push(...l));
    assert.deepEqual(lines, ['a', 'b', 'c']);
    assert.equal(state.stats.mirrored, 3);
    assert.equal(state.stats.duplicates, 1);
    assert.equal(state.lastPrintedMs, t0 + 5);
  });

  test('notes the result and the exit; an exit from a read means the read saw every entry', () => {
    const state = newMirrorState(0);
    const result: LogEntry = {
      ...entry(''),
      textPayload: undefined,
      jsonPayload: {
        fields: {
          _log: { boolValue: true },
          msg: { stringValue: 'signal-result' },
          type: { stringValue: 'return' },
          value: { stringValue: 'done' },
        },
      },
    };
    assert.equal(
      printEntries(state, [result, exit(3)], () => {}),
      true,
    );
    assert.equal(state.result, 'done');
    assert.equal(state.failure, undefined);
    const failure = (reason: string): LogEntry => ({
      ...entry(''),
      textPayload: undefined,
      jsonPayload: {
        fields: {
          _log: { boolValue: true },
          level: { stringValue: 'error' },
          msg: { stringValue: 'run-failed' },
          agent: { stringValue: 'notes' },
          reason: { stringValue: reason },
        },
      },
    });
    // The last failure line is the one: the supervisor's comes after the worker's.
    printEntries(state, [failure('first'), failure('the hard timeout')], () => {});
    assert.equal(state.failure, 'the hard timeout');
    assert.equal(state.exitCode, 3);
    assert.equal(state.exitRead, false, 'from the live tail');
    printEntries(newMirrorState(0), [], () => {});
    const read = newMirrorState(0);
    printEntries(read, [exit(0)], () => {}, true);
    assert.equal(read.exitRead, true);
  });

  test('a burst is printed in batches of 2000 lines', () => {
    const batches: number[] = [];
    printEntries(
      newMirrorState(0),
      Array.from({ length: 4500 }, (_, i) => entry(`line ${i}`)),
      (lines) => batches.push(lines.length),
    );
    assert.deepEqual(batches, [2000, 2000, 500]);
  });
});

describe('gap reader', () => {
  test('the window: a lookback before the last printed entry, never before the run, and gaps coalesce', () => {
    const { state } = mirror({}, t0 - 60_000);
    state.lastPrintedMs = t0 - 10_000;
    recordGap(state, t0 - 60_000);
    assert.equal(state.gapFrom, t0 - 10_000 - lookbackMs);
    assert.equal(state.gapSince, t0);
    mock.timers.tick(500);
    recordGap(state, t0 - 60_000, t0 - 5_000);
    assert.equal(state.gapFrom, t0 - 10_000 - lookbackMs, 'the earlier start is kept');
    assert.equal(state.gapSince, t0, 'noticed when it was first noted');
    recordGap(state, t0 - 60_000, 0);
    assert.equal(state.gapFrom, t0 - 60_000, 'not before the run');
    assert.equal(state.gapEpoch, 3);
  });

  test('pacing: due once the new stream has settled, or 45 s after the gap without one; 3 s between reads', () => {
    const { m, state } = mirror();
    state.gapSince = t0;
    assert.equal(readDueAt(m), t0 + 45_000, 'no stream');
    state.tailOpenedAt = t0 + 1_000;
    assert.equal(readDueAt(m), t0 + 5_000, 'the stream settles 4 s after it opened');
    state.lastReadAt = t0 + 4_000;
    assert.equal(readDueAt(m), t0 + 7_000, 'a read 3 s after the last one at the soonest');
  });

  test('paging: every page is read, past five pages 1.2 s apart; a settled stream closes the gap', async () => {
    const calls: { pageToken?: string; at: number }[] = [];
    const { m, state, printed } = mirror({
      list: async (filter, pageToken) => {
        assert.equal(filter, `F AND timestamp >= "${new Date(t0 - 30_000).toISOString()}"`);
        calls.push({ pageToken, at: Date.now() - t0 });
        const page = Number(pageToken ?? 0);
        return { entries: [entry(`p${page}`)], nextPageToken: page < 6 ? String(page + 1) : undefined };
      },
    });
    state.tailOpenedAt = t0 - 10_000;
    recordGap(state, t0 - 60_000, t0 - 30_000);
    assert.equal(await drive(readGap(m)), true);
    assert.deepEqual(
      calls.map((c) => c.at),
      [0, 0, 0, 0, 0, 1_200, 2_400],
    );
    assert.deepEqual(printed, ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6']);
    assert.equal(state.stats.listRequests, 7);
    assert.equal(state.gapFrom, undefined, 'closed: the stream carries the rest');
    assert.equal(state.resume, undefined);
  });

  test('resume: a failed read goes on at its page; without a settled stream the ingestion lag stays a gap', async () => {
    const tokens: (string | undefined)[] = [];
    let fail = true;
    const { m, state, debug } = mirror({
      list: async (_filter, pageToken) => {
        tokens.push(pageToken);
        if (pageToken === 'b' && fail) {
          fail = false;
          throw Object.assign(new Error('quota'), { code: 8 });
        }
        return { entries: [], nextPageToken: pageToken === undefined ? 'b' : undefined };
      },
    });
    recordGap(state, t0 - 60_000, t0 - 30_000);
    assert.equal(await drive(readGap(m)), false);
    assert.match(debug[0]!, /log gap read failed \(quota\)/);
    assert.equal(readBackoff(state, 1), 4_000, 'quota: 2 s × 2^failures, capped at 30 s');
    assert.equal(readBackoff(state, 6), 30_000);
    mock.timers.tick(10_000);
    assert.equal(await drive(readGap(m)), true);
    assert.deepEqual(tokens, [undefined, 'b', 'b']);
    assert.equal(state.gapFrom, t0 + 10_000 - lookbackMs, 'what the read may not have seen yet');
    state.readError = new Error('blip');
    assert.equal(readBackoff(state, 6), 5_000, 'other failures: capped at 5 s');
  });

  test('empty pages with a next page token are followed and paced like any page; no line is lost', async () => {
    // ListLogEntries "may return an empty page with a next page token" when it ran out of time.
    const pages: Record<string, { entries: LogEntry[]; nextPageToken?: string }> = {
      start: { entries: [], nextPageToken: '1' },
      '1': { entries: [entry('a', t0 - 20_000)], nextPageToken: '2' },
      '2': { entries: [], nextPageToken: '3' },
      '3': { entries: [], nextPageToken: '4' },
      '4': { entries: [entry('b', t0 - 10_000)], nextPageToken: '5' },
      '5': { entries: [], nextPageToken: '6' },
      '6': { entries: [], nextPageToken: '7' },
      '7': { entries: [entry('c', t0 - 5_000)] },
    };
    const calls: number[] = [];
    const { m, state, printed } = mirror({
      list: async (_filter, pageToken) => {
        calls.push(Date.now() - t0);
        return pages[pageToken ?? 'start']!;
      },
    });
    state.tailOpenedAt = t0 - 10_000;
    recordGap(state, t0 - 60_000, t0 - 30_000);
    assert.equal(await drive(readGap(m)), true);
    assert.deepEqual(printed, ['a', 'b', 'c']);
    assert.deepEqual(calls, [0, 0, 0, 0, 0, 1_200, 2_400, 3_600], 'past five pages, 1.2 s apart');
    assert.equal(state.stats.listRequests, 8);
    assert.equal(state.gapFrom, undefined);
  });

  test('a gap noted while a read runs is left for the next read', async () => {
    const { m, state } = mirror({
      list: async () => {
        recordGap(state, t0 - 60_000, t0 - 1_000);
        return { entries: [] };
      },
    });
    state.tailOpenedAt = t0 - 10_000;
    recordGap(state, t0 - 60_000, t0 - 30_000);
    await drive(readGap(m));
    assert.equal(state.gapFrom, t0 - 30_000);
  });
});

describe('tail loop', () => {
  test('reconnects at once after a cut, backs off while cuts repeat, and notes a gap each time', async () => {
    const opened: number[] = [];
    let n = 0;
    const { m, state, stop } = mirror({
      tail: async () => {
        opened.push(Date.now() - t0);
        const stream = new FakeStream();
        if (++n <= 3)
          setTimeout(() => stream.emit('error', Object.assign(new Error('cut'), { code: 14 })), 1_000);
        else if (n === 4) setTimeout(() => stream.emit('end'), 1_000);
        else
          setTimeout(() => {
            stop();
            stream.cancel();
          }, 1_000);
        return stream;
      },
    });
    await drive(tailLoop(m));
    // Cut after 1 s each: 100 × 2^failures × 0.5 after 1, 2, 3 failures; a clean end resets them.
    assert.deepEqual(opened, [0, 1_100, 2_300, 3_700, 4_750]);
    assert.equal(state.stats.tailSessions, 5);
    assert.equal(state.gapEpoch, 4);
    assert.equal(state.stream, undefined);
  });

  test('a refused tail is retried 5 s, 10 s, 15 s … later (× 0.5 to 1.5), at most 45 s', async () => {
    const tried: number[] = [];
    const { m, stop } = mirror({
      tail: async () => {
        tried.push(Date.now() - t0);
        if (tried.length === 10) stop();
        throw Object.assign(new Error('Quota exceeded: 10 tail sessions'), { code: 8 });
      },
    });
    await drive(tailLoop(m));
    const gaps = tried.slice(1).map((t, i) => t - tried[i]!);
    assert.deepEqual(gaps, [5_000, 10_000, 15_000, 20_000, 25_000, 30_000, 35_000, 40_000, 45_000]);
  });

  test('suppressed entries are read back from the last entry printed before them', async () => {
    const stream = new FakeStream();
    const { m, state, stop } = mirror({ tail: async () => stream });
    const loop = tailLoop(m);
    await new Promise((resolve) => setImmediate(resolve));
    stream.emit('data', { entries: [entry('a', t0 - 2_000)] });
    stream.emit('data', { entries: [entry('b')], suppressionInfo: [{ suppressedCount: 7 }] });
    assert.equal(state.stats.suppressed, 7);
    assert.equal(state.gapFrom, t0 - 2_000);
    stop();
    stream.cancel();
    await drive(loop);
  });
});

describe('drain', () => {
  test('without a live tail the exit entry comes from a read, the first 5 s after the drain began', async () => {
    const reads: number[] = [];
    const { m, state } = mirror({
      list: async () => {
        reads.push(Date.now() - t0);
        return { entries: reads.length < 2 ? [entry('last')] : [entry('last'), exit(2)] };
      },
    });
    await drive(drainReads(m, 30_000));
    // The last read, 3 s after the exit entry arrived, is for lines ingested after it.
    assert.deepEqual(reads, [5_000, 10_000, 13_000]);
    assert.equal(state.exitCode, 2);
    assert.equal(state.gapFrom, undefined, 'an exit entry from a read closes the gap');
  });

  test('a line ingested after the exit entry: without a settled tail, one more read 3 s later prints it', async () => {
    const reads: number[] = [];
    const last = entry('last line', t0 - 100);
    const end = exit(0);
    const filters: string[] = [];
    const { m, printed } = mirror({
      list: async (filter) => {
        reads.push(Date.now() - t0);
        filters.push(filter);
        // Out-of-order ingestion: the container's last line is readable only after the exit entry.
        return { entries: reads.length < 2 ? [end] : [last, end] };
      },
    });
    await drive(drainReads(m, 30_000));
    assert.deepEqual(reads, [5_000, 8_000]);
    assert.match(
      filters[1]!,
      new RegExp(
        `timestamp >= "${new Date((end.timestamp!.seconds as number) * 1000 - 10_000).toISOString()}"`,
      ),
      'the 10 s before the exit entry',
    );
    assert.deepEqual(printed, ['[cloud run] Container called exit(0).', 'last line']);
  });

  test('a live tail settled before the exit entry carries late lines: no read, 3 s more', async () => {
    const reads: number[] = [];
    const { m, state, printed } = mirror({
      list: async () => {
        reads.push(Date.now() - t0);
        return { entries: [] };
      },
    });
    state.tailOpenedAt = t0 - 10_000;
    m.print([exit(0)]);
    setTimeout(() => m.print([entry('late line', t0 - 100)]), 2_500);
    await drive(drainReads(m, 30_000));
    assert.deepEqual(reads, []);
    assert.deepEqual(printed, ['[cloud run] Container called exit(0).', 'late line']);
    assert.equal(Date.now() - t0, 3_000, 'the late window, then done');
  });

  test('the end marker on stdout and on stderr, after the exit entry: the drain ends then, not 3 s later', async () => {
    const reads: number[] = [];
    const { m, state, printed } = mirror({
      list: async () => (reads.push(Date.now() - t0), { entries: [] }),
    });
    state.tailOpenedAt = t0 - 10_000;
    m.print([entry('last line', t0 - 300), exit(0)]);
    setTimeout(() => m.print([marker('stdout')]), 200);
    setTimeout(() => m.print([marker('stderr')]), 400);
    await drive(drainReads(m, 30_000));
    assert.equal(Date.now() - t0, 400);
    assert.deepEqual(reads, []);
    assert.deepEqual(
      printed,
      ['last line', '[cloud run] Container called exit(0).'],
      'the marker is not shown',
    );
  });

  test('the marker before the exit entry: the drain ends when the exit entry comes', async () => {
    const { m, state } = mirror();
    state.tailOpenedAt = t0 - 10_000;
    m.print([marker('stdout'), marker('stderr')]);
    setTimeout(() => m.print([exit(0)]), 1_000);
    await drive(drainReads(m, 30_000));
    assert.equal(Date.now() - t0, 1_000);
  });

  test('a marker on stdout alone, or with another nonce: the late wait, as without one', async () => {
    for (const late of [[marker('stdout')], [marker('stdout'), marker('stderr', 'f'.repeat(32))]]) {
      const start = Date.now();
      const { m, state, printed } = mirror();
      state.tailOpenedAt = Date.now() - 10_000;
      m.print([exit(0), ...late]);
      await drive(drainReads(m, 30_000));
      assert.equal(Date.now() - start, 3_000);
      // Agent output that copies a marker (another nonce) is an ordinary line.
      if (late.length === 2) assert.match(printed.at(-1)!, /end of output nonce=f{32}/);
    }
  });

  test('without a settled tail: the read that brings the marker and the exit entry is the last', async () => {
    const reads: number[] = [];
    const { m, printed } = mirror({
      list: async () => {
        reads.push(Date.now() - t0);
        return { entries: [entry('last line', t0 - 100), marker('stdout'), marker('stderr'), exit(0)] };
      },
    });
    await drive(drainReads(m, 30_000));
    assert.deepEqual(reads, [5_000], 'no read 3 s later for late lines');
    assert.deepEqual(printed, ['last line', '[cloud run] Container called exit(0).']);
  });

  test('the marker does not skip a gap: a cut stream is still read back', async () => {
    const reads: number[] = [];
    const { m, state, printed } = mirror({
      list: async () => (reads.push(Date.now() - t0), { entries: [entry('missed', t0 - 50)] }),
    });
    state.tailOpenedAt = t0 - 10_000;
    m.print([exit(0)]);
    setTimeout(() => {
      m.gap(t0 - 1_000); // the stream was cut
      m.print([marker('stdout'), marker('stderr')]);
    }, 100);
    await drive(drainReads(m, 30_000));
    assert.deepEqual(reads, [100], 'read at once');
    assert.ok(printed.includes('missed'));
    assert.equal(state.gapFrom, undefined);
  });

  test('a cancelled run (4 s grace) waits a quarter of its grace for late lines', async () => {
    const { m, state } = mirror();
    state.tailOpenedAt = t0 - 10_000;
    m.print([exit(143)]);
    await drive(drainReads(m, 4_000));
    assert.equal(Date.now() - t0, 1_000);
  });

  test('an exit entry that never arrives: reads stop within the bound', async () => {
    const reads: number[] = [];
    const { m, state } = mirror({
      list: async () => {
        reads.push(Date.now() - t0);
        return { entries: [] };
      },
    });
    await drive(drainReads(m, 10_000));
    assert.equal(state.exitCode, undefined);
    // The grace (10 s), then 25 s (grace + 15 s) without a page arriving: there always is one, so
    // reads go on every 5 s until the 5-minute hard stop.
    assert.equal(reads[0], 5_000);
    assert.ok(Date.now() - t0 <= 10_000 + 5 * 60_000 + 5_000, `ended at ${Date.now() - t0}`);
  });
});

test('a follower does nothing until start(); stop() ends both loops', async () => {
  let tails = 0;
  const stream = new FakeStream();
  const follower = createLogFollower(
    {
      logs: {
        tail: async () => (tails++, stream),
        list: async () => ({ entries: [] }),
      },
    } as never,
    { filter: 'F', sinceMs: t0, print: () => {}, notice: () => {} },
  );
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(tails, 0);
  assert.equal(follower.start(), follower);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(tails, 1);
  follower.stop();
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(tails, 1, 'not reopened after stop()');
});

test('a follower calls afterEntries after each batch it has printed (main bounds its memory there)', async () => {
  const stream = new FakeStream();
  const printed: string[] = [];
  const seenAtCheck: number[] = [];
  const follower = createLogFollower(
    { logs: { tail: async () => stream, list: async () => ({ entries: [] }) } } as never,
    {
      filter: 'F',
      sinceMs: t0 - 60_000,
      print: (lines) => printed.push(...lines),
      notice: () => {},
      afterEntries: () => seenAtCheck.push(printed.length),
    },
  ).start();
  await new Promise((resolve) => setImmediate(resolve));
  stream.emit('data', { entries: [entry('one'), entry('two')] });
  stream.emit('data', { entries: [entry('three')] });
  follower.stop();
  assert.deepEqual(seenAtCheck, [2, 3]);
});
