// Mirrors the job's Cloud Logging entries into the workflow log while it runs, completely:
// - a TailLogEntries stream opened before the execution starts (no polling delay, no read quota);
// - when the stream is cut, it is reopened and the gap filled from ListLogEntries;
// - when tailing is refused (10 sessions per project), ListLogEntries is polled, backing off on quota;
// - entries are deduplicated by insertId (bounded memory) and printed in order;
// - after the execution ends, reading goes on until Cloud Run's "Container called exit(N)." entry
//   has arrived (ingestion lags several seconds) or a grace period has passed.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Cloud, LogEntry, TailStream } from './google.ts';
import { renderEntry } from './render.ts';
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
  /** Reads until the exit entry arrives or `graceMs` passes, then stops. */
  drain(graceMs: number): Promise<{ complete: boolean }>;
  stop(): void;
}

const maxBatchLines = 2000;
const seenWindowMs = 120_000;

export function followLogs(cloud: Cloud, options: FollowOptions): LogFollower {
  const stats: LogStats = { mirrored: 0, duplicates: 0, suppressed: 0, tailSessions: 0, listRequests: 0 };
  const seen = new Map<string, number>();
  let newestMs = 0;
  let lastPrintedMs = options.sinceMs;
  let result: string | undefined;
  let exitCode: number | undefined;
  let stopped = false;
  let exitArrived: () => void = () => {};
  const exitPromise = new Promise<void>((resolve) => (exitArrived = resolve));
  const bufferWindow = options.bufferWindowSeconds ?? 2;
  let stream: TailStream | undefined;
  const wake = new AbortController();

  function print(entries: LogEntry[]): void {
    let lines: string[] = [];
    for (const entry of entries) {
      const id = entry.insertId ?? '';
      const ms = Number(entry.timestamp?.seconds ?? 0) * 1000 + (entry.timestamp?.nanos ?? 0) / 1e6;
      if (id && seen.has(id)) {
        stats.duplicates++;
        continue;
      }
      if (id) seen.set(id, ms);
      newestMs = Math.max(newestMs, ms);
      lastPrintedMs = Math.max(lastPrintedMs, ms);
      const rendered = renderEntry(entry);
      if (rendered.result !== undefined) result = rendered.result;
      lines.push(...rendered.lines);
      stats.mirrored++;
      if (rendered.exitCode !== undefined) {
        exitCode = rendered.exitCode;
        exitArrived();
      }
      if (lines.length >= maxBatchLines) {
        options.print(lines);
        lines = [];
      }
    }
    if (lines.length) options.print(lines);
    forgetOld();
  }

  // Entries can only repeat within a short time of each other (a reconnect's overlap), so ids
  // older than the window are dropped: memory stays bounded however long the agent runs.
  function forgetOld(): void {
    if (seen.size < 50_000) return;
    for (const [id, ms] of seen) if (ms < newestMs - seenWindowMs) seen.delete(id);
  }

  const sinceFilter = (): string =>
    `${options.filter} AND timestamp >= "${new Date(Math.max(options.sinceMs, lastPrintedMs - 1000)).toISOString()}"`;

  /** Reads everything from the last printed time on (the gap a cut stream left). */
  async function backfill(): Promise<void> {
    let pageToken: string | undefined;
    const filter = sinceFilter();
    do {
      stats.listRequests++;
      const page = await cloud.logs.list(filter, pageToken);
      print(page.entries);
      pageToken = page.nextPageToken;
    } while (pageToken && !stopped);
  }

  async function backfillWithRetry(): Promise<void> {
    for (let attempt = 0; !stopped; attempt++) {
      try {
        return await backfill();
      } catch (error) {
        const quota = errorCode(error) === Code.RESOURCE_EXHAUSTED;
        options.debug?.(`log backfill failed (${(error as Error).message}); retrying`);
        await pause(Math.min(quota ? 30_000 : 5_000, 500 * 2 ** attempt) * (0.5 + Math.random()));
      }
    }
  }

  function pause(ms: number): Promise<void> {
    return sleep(ms, undefined, { signal: wake.signal }).catch(() => {});
  }

  /** One tail session; resolves when it ends, with the error that ended it, if any. */
  async function tailOnce(first: boolean): Promise<unknown> {
    const held: LogEntry[][] = [];
    let backfilling = !first;
    const ended = new Promise<unknown>((resolve) => {
      void cloud.logs
        .tail(options.filter, bufferWindow)
        .then((opened) => {
          stream = opened;
          stats.tailSessions++;
          opened.on(
            'data',
            (response: {
              entries?: LogEntry[];
              suppressionInfo?: { reason?: unknown; suppressedCount?: number }[];
            }) => {
              const entries = response.entries ?? [];
              if (backfilling) held.push(entries);
              else print(entries);
              for (const info of response.suppressionInfo ?? []) {
                stats.suppressed += info.suppressedCount ?? 0;
                options.notice(
                  `Cloud Logging suppressed ${info.suppressedCount ?? 0} log entries (${String(info.reason)}); they are not shown here.`,
                );
              }
            },
          );
          opened.on('error', (error: unknown) => resolve(error));
          opened.on('end', () => resolve(undefined));
        })
        .catch((error: unknown) => resolve(error));
    });
    if (backfilling) {
      // While the gap is filled, the new stream's entries wait, so the log stays in order.
      await backfillWithRetry();
      backfilling = false;
      for (const entries of held.splice(0)) print(entries);
    }
    return ended;
  }

  async function pollUntilTailWorks(): Promise<void> {
    let interval = 3_000;
    const retryTailAt = Date.now() + 30_000;
    while (!stopped && Date.now() < retryTailAt) {
      try {
        await backfill();
        interval = Math.max(3_000, interval * 0.8);
      } catch (error) {
        if (errorCode(error) === Code.RESOURCE_EXHAUSTED) interval = Math.min(30_000, interval * 2);
      }
      await pause(interval * (0.75 + Math.random() / 2));
    }
  }

  void (async () => {
    let first = true;
    let failures = 0;
    while (!stopped) {
      const error = await tailOnce(first);
      first = false;
      if (stopped) break;
      if (errorCode(error) === Code.RESOURCE_EXHAUSTED) {
        options.debug?.('live tailing refused (session quota); polling ListLogEntries instead');
        await pollUntilTailWorks();
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
      const grace = new AbortController();
      const complete = await Promise.race([
        exitPromise.then(() => true),
        sleep(graceMs, false, { signal: grace.signal }).catch(() => false),
      ]);
      grace.abort();
      if (!complete && !stopped) {
        // The exit entry did not come in time: one last read picks up what the tail may have missed.
        await backfill().catch((error: unknown) =>
          options.debug?.(`final log read failed: ${(error as Error).message}`),
        );
      }
      this.stop();
      return { complete: complete || exitCode !== undefined };
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
