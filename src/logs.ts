// Mirrors the job's Cloud Logging entries into the workflow log while it runs, completely:
// - a TailLogEntries stream opened before the execution starts (no polling delay, no read quota);
// - when the stream is cut or refused (10 sessions per project), it is reopened with backoff, and
//   the gap — every entry since shortly before the last one printed — is read from
//   ListLogEntries once the new stream has settled (so nothing falls between the read and the
//   stream). Gaps coalesce and reads are spaced out: ListLogEntries is quota-limited per project
//   (60 a minute), shared by every concurrent run;
// - entries the tail reports as suppressed (its rate limit, or a slow reader) are read the same way;
// - entries are deduplicated by insertId (bounded memory), so a line is printed exactly once; a
//   gap's lines are printed when it is read, after the lines the new stream already delivered;
// - after the execution ends, reading goes on until Cloud Run's "Container called exit(N)." entry
//   has arrived and no gap is left (ingestion lags several seconds), within a bounded time.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Cloud, LogEntry, TailStream } from './google.ts';
import { renderEntry } from './render.ts';
import { SeenIds } from './seen.ts';
import { Code, errorCode } from './retry.ts';

export interface FollowOptions {
  /** Selects the job's entries. */
  filter: string;
  /** Entries before this are not the run's (bounds ListLogEntries, which defaults to 24 h back). */
  sinceMs: number;
  bufferWindowSeconds?: number;
  /** Prints mirrored lines (untrusted) to the workflow log. */
  print: (lines: string[]) => void;
  /** Our own notices (not fenced). */
  notice: (message: string) => void;
  debug?: (message: string) => void;
}

export interface LogStats {
  mirrored: number;
  duplicates: number;
  suppressed: number;
  tailSessions: number;
  listRequests: number;
}

export interface LogFollower {
  readonly stats: LogStats;
  /** The agent's return value, if it printed one. */
  readonly result: string | undefined;
  /** The exit code from Cloud Run's exit entry, once it has arrived. */
  readonly exitCode: number | undefined;
  /**
   * Reads until the exit entry has arrived and every gap is filled, or `graceMs` passes (plus the
   * time a last gap read needs), then stops. `complete` is false when lines may be missing.
   */
  drain(graceMs: number): Promise<{ complete: boolean }>;
  stop(): void;
}

const maxBatchLines = 2000;
const seenWindowMs = 120_000;
/** How far before the last printed entry a gap read starts: entries arrive out of order by up to the ingestion lag. */
const lookbackMs = 20_000;
/** Reads for one run are at least this far apart, so gaps coalesce. */
const minReadIntervalMs = 3_000;
/** Without a live tail, the gap is read this often (each run's share of the project's 60 reads a minute). */
const pollWithoutTailMs = 45_000;
/** After the grace, how long the last gap reads may take (quota backoff included). */
const finalReadMs = 45_000;

export function followLogs(cloud: Pick<Cloud, 'logs'>, options: FollowOptions): LogFollower {
  const stats: LogStats = { mirrored: 0, duplicates: 0, suppressed: 0, tailSessions: 0, listRequests: 0 };
  // Ids older than the window are dropped: memory stays bounded however long the agent runs.
  const seen = new SeenIds(seenWindowMs);
  let lastPrintedMs = options.sinceMs;
  let result: string | undefined;
  let exitCode: number | undefined;
  let stopped = false;
  let exitArrived: () => void = () => {};
  const exitPromise = new Promise<void>((resolve) => (exitArrived = resolve));
  const bufferWindow = options.bufferWindowSeconds ?? 2;
  // A new stream is trusted to carry everything readable after this long: the server has it open.
  const settleMs = bufferWindow * 1000 + 2_000;
  let stream: TailStream | undefined;
  /** When the current stream was requested; undefined while no stream is open. */
  let tailOpenedAt: number | undefined;
  /** The earliest entry time a gap may have missed; undefined when there is no gap. */
  let gapFrom: number | undefined;
  let gapEpoch = 0;
  /** When the current gap was first noticed. */
  let gapSince = 0;
  let lastReadAt = 0;
  let readError: unknown;
  /** Where a failed read stopped, to go on from there. */
  let resume: { from: number; pageToken?: string } | undefined;
  let lastProgressAt = 0;
  /** The exit entry came from a read, which therefore saw every entry of the run. */
  let exitRead = false;
  /** Set by drain(), which does the last reads itself. */
  let draining = false;
  const wake = new AbortController();
  let nudge: () => void = () => {};

  function print(entries: LogEntry[], fromRead = false): void {
    let lines: string[] = [];
    for (const entry of entries) {
      const id = entry.insertId ?? '';
      const ms = Number(entry.timestamp?.seconds ?? 0) * 1000 + (entry.timestamp?.nanos ?? 0) / 1e6;
      if (id && !seen.add(id, ms)) {
        stats.duplicates++;
        continue;
      }
      lastPrintedMs = Math.max(lastPrintedMs, ms);
      const rendered = renderEntry(entry);
      if (rendered.result !== undefined) result = rendered.result;
      lines.push(...rendered.lines);
      stats.mirrored++;
      if (rendered.exitCode !== undefined) {
        exitCode = rendered.exitCode;
        if (fromRead) exitRead = true;
        exitArrived();
      }
      if (lines.length >= maxBatchLines) {
        options.print(lines);
        lines = [];
      }
    }
    if (lines.length) options.print(lines);
  }

  /**
   * Notes that entries from `fromMs` on may have been missed: by default from shortly before the
   * last printed one (entries arrive out of order by up to the ingestion lag).
   */
  function recordGap(fromMs = lastPrintedMs - lookbackMs): void {
    const from = Math.max(options.sinceMs, fromMs);
    if (gapFrom === undefined) gapSince = Date.now();
    gapFrom = Math.min(gapFrom ?? from, from);
    gapEpoch++;
    nudge();
  }

  function pause(ms: number): Promise<void> {
    return sleep(ms, undefined, { signal: wake.signal }).catch(() => {});
  }

  /** Reads every entry from `from` on (all pages) and prints what was not printed yet. */
  async function readFrom(from: number): Promise<void> {
    const filter = `${options.filter} AND timestamp >= "${new Date(from).toISOString()}"`;
    // A read that failed half-way resumes at the page it failed on: restarting from the first page
    // would spend the read quota on pages already printed, and a large gap would never finish.
    let pageToken = resume?.from === from ? resume.pageToken : undefined;
    let pages = 0;
    do {
      resume = { from, pageToken };
      // Past a few pages, 50 pages a minute: a large gap leaves some of the project's 60 reads a minute to other runs.
      if (++pages > 5) await pause(1_200 - (Date.now() - lastReadAt));
      stats.listRequests++;
      lastReadAt = Date.now();
      const page = await cloud.logs.list(filter, pageToken);
      lastProgressAt = Date.now();
      print(page.entries, true);
      pageToken = page.nextPageToken;
    } while (pageToken && !stopped);
    resume = undefined;
  }

  /** Reads the current gap once; false (with `readError` set) when the read failed. */
  async function readGap(): Promise<boolean> {
    if (gapFrom === undefined) return true;
    const from = gapFrom;
    const epoch = gapEpoch;
    const startedAt = Date.now();
    // What becomes readable once a stream has settled, it carries; once the exit entry is in,
    // every entry of the run is readable. Either way a read from here closes the gap.
    const closes =
      (tailOpenedAt !== undefined && tailOpenedAt + settleMs <= startedAt) || exitCode !== undefined;
    try {
      await readFrom(from);
    } catch (error) {
      readError = error;
      options.debug?.(`log gap read failed (${(error as Error).message}); retrying`);
      return false;
    }
    if (epoch === gapEpoch) gapFrom = closes || exitRead ? undefined : Math.max(from, startedAt - lookbackMs);
    return true;
  }

  /** Backoff after a failed read: longer on the read quota. */
  const readBackoff = (failures: number): number =>
    Math.min(errorCode(readError) === Code.RESOURCE_EXHAUSTED ? 30_000 : 5_000, 500 * 2 ** failures) *
    (0.5 + Math.random());

  // The gap reader: reads a gap once the new stream has settled (or, with no stream, now and then).
  void (async () => {
    let failures = 0;
    while (!stopped) {
      if (gapFrom === undefined || draining) {
        await new Promise<void>((resolve) => {
          nudge = resolve;
          wake.signal.addEventListener('abort', () => resolve(), { once: true });
        });
        nudge = () => {};
        continue;
      }
      const due = Math.max(
        lastReadAt + minReadIntervalMs,
        tailOpenedAt !== undefined
          ? tailOpenedAt + settleMs
          : Math.max(lastReadAt, gapSince) + pollWithoutTailMs,
      );
      if (Date.now() < due) {
        await pause(Math.min(due - Date.now(), 1_000));
        continue;
      }
      if (await readGap()) {
        failures = 0;
      } else {
        await pause(readBackoff(++failures));
      }
    }
  })();

  /** One tail session; resolves when it ends, with the error that ended it, if any. */
  function tailOnce(): Promise<unknown> {
    return new Promise<unknown>((resolve) => {
      void cloud.logs
        .tail(options.filter, bufferWindow)
        .then((opened) => {
          if (stopped) {
            opened.cancel();
            resolve(undefined);
            return;
          }
          stream = opened;
          tailOpenedAt = Date.now();
          stats.tailSessions++;
          opened.on(
            'data',
            (response: {
              entries?: LogEntry[];
              suppressionInfo?: { reason?: unknown; suppressedCount?: number }[];
            }) => {
              const before = lastPrintedMs;
              print(response.entries ?? []);
              const suppressed = (response.suppressionInfo ?? []).reduce(
                (n, info) => n + (info.suppressedCount ?? 0),
                0,
              );
              if (suppressed) {
                // Dropped from the live stream (not from Cloud Logging) after the last entry printed
                // before this response: read them back from there, not from a lookback earlier, so a
                // burst over the tail's 60,000 a minute costs only the pages it skipped.
                stats.suppressed += suppressed;
                options.debug?.(`the live tail skipped ${suppressed} entries; reading them back`);
                recordGap(before);
              }
            },
          );
          opened.on('error', (error: unknown) => resolve(error));
          opened.on('end', () => resolve(undefined));
        })
        .catch((error: unknown) => resolve(error));
    }).finally(() => {
      stream = undefined;
      tailOpenedAt = undefined;
    });
  }

  // The tail loop: one session after another for as long as the run goes on.
  void (async () => {
    let failures = 0;
    while (!stopped) {
      const error = await tailOnce();
      if (stopped) break;
      recordGap();
      if (errorCode(error) === Code.RESOURCE_EXHAUSTED) {
        // Live tailing refused (10 sessions per project): try again later; the gap reader reads meanwhile.
        failures++;
        options.debug?.('live tailing refused (session quota); retrying later');
        await pause(Math.min(15_000, 2_000 * failures) * (0.5 + Math.random()));
        continue;
      }
      failures = error ? failures + 1 : 0;
      options.debug?.(`log tail ended${error ? ` (${(error as Error).message})` : ''}; reconnecting`);
      await pause(Math.min(5_000, 100 * 2 ** failures) * Math.random());
    }
  })();

  return {
    stats,
    get result() {
      return result;
    },
    get exitCode() {
      return exitCode;
    },
    async drain(graceMs: number) {
      draining = true;
      const timers = new AbortController();
      const wait = (ms: number) =>
        sleep(Math.max(0, ms), undefined, { signal: timers.signal }).catch(() => {});
      const drainStart = Date.now();
      const deadline = drainStart + graceMs;
      // Wait for the exit entry. Without a settled stream it can only come from a read: read every
      // few seconds (the first one after the ingestion lag has had time to pass). A gap left by a
      // cut or a suppression is read as soon as reads are due: the exit entry may be in it.
      let failures = 0;
      while (exitCode === undefined && Date.now() < deadline && !stopped) {
        const live = tailOpenedAt !== undefined && tailOpenedAt + settleMs <= Date.now();
        const due = live ? lastReadAt + minReadIntervalMs : Math.max(lastReadAt, drainStart) + 5_000;
        if ((gapFrom !== undefined || !live) && Date.now() >= due) {
          if (!live) recordGap();
          if (await readGap()) failures = 0;
          else await wait(Math.min(readBackoff(++failures), deadline - Date.now()));
          continue;
        }
        await Promise.race([exitPromise, wait(Math.min(1_000, deadline - Date.now()))]);
      }
      // Then fill what is left (a gap, or the exit entry itself), with retries, within a bound.
      // The bound: `finalReadMs` (less for a short grace) without a page read, 5 minutes in all.
      const hardStop = Date.now() + 5 * 60_000;
      const bound = Math.min(finalReadMs, graceMs + 15_000);
      lastProgressAt = Date.now();
      const last = () => Math.min(hardStop, lastProgressAt + bound);
      for (let failures = 0; !stopped && Date.now() < last();) {
        if (exitCode === undefined) recordGap();
        if (gapFrom === undefined) break;
        if (await readGap()) {
          failures = 0;
          if (exitCode === undefined) await wait(Math.min(5_000, last() - Date.now()));
        } else {
          await wait(Math.min(readBackoff(++failures), last() - Date.now()));
        }
      }
      timers.abort();
      const complete = exitCode !== undefined && gapFrom === undefined;
      this.stop();
      return { complete };
    },
    stop() {
      if (stopped) return;
      stopped = true;
      wake.abort();
      stream?.cancel();
      exitArrived();
    },
  };
}
