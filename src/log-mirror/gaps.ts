// The gap reader: what the live tail may have missed (a cut stream, a refused one, entries it
// suppressed) is read back from ListLogEntries. Its four concerns:
// - the window: a gap starts shortly before the last entry printed (entries arrive out of order
//   by up to the ingestion lag), and gaps noticed before a read coalesce into one;
// - paging: a read fetches every page from the window's start;
// - pacing: ListLogEntries is quota-limited per project (60 a minute), shared by every concurrent
//   run, so reads are spaced out, and past a few pages slowed down;
// - resume: a read that failed half-way goes on at the page it failed on.
import { backoff, type BackoffPolicy } from '../shared/backoff.ts';
import { Code, errorCode } from '../google/errors.ts';
import { settled, type Mirror, type MirrorState } from './mirror-state.ts';

/** How far before the last printed entry a gap read starts: entries arrive out of order by up to the ingestion lag. */
export const lookbackMs = 20_000;
/** Reads for one run are at least this far apart, so gaps coalesce. */
export const minReadIntervalMs = 3_000;
/** Without a live tail, the gap is read this often (each run's share of the project's 60 reads a minute). */
const pollWithoutTailMs = 45_000;
/** Pages read at full speed; after them, one page every `pageIntervalMs`. */
const fastPages = 5;
/** 50 pages a minute: a large gap leaves some of the project's 60 reads a minute to other runs. */
const pageIntervalMs = 1_200;

/** Notes that entries from `fromMs` on may have been missed (by default, from a lookback before the last printed). */
export function recordGap(
  state: MirrorState,
  sinceMs: number,
  fromMs = state.lastPrintedMs - lookbackMs,
): void {
  const from = Math.max(sinceMs, fromMs);
  if (state.gapFrom === undefined) state.gapSince = Date.now();
  state.gapFrom = Math.min(state.gapFrom ?? from, from);
  state.gapEpoch++;
}

/**
 * When the gap reader's next read is due: once the new stream has settled (what it will not
 * carry is then readable), or without a stream now and then; never sooner than the read interval.
 */
export function readDueAt(m: Mirror): number {
  const { state } = m;
  return Math.max(
    state.lastReadAt + minReadIntervalMs,
    state.tailOpenedAt !== undefined
      ? state.tailOpenedAt + m.settleMs
      : Math.max(state.lastReadAt, state.gapSince) + pollWithoutTailMs,
  );
}

/** The gap reader's loop, until the follower stops: a gap is read when due, failed reads retried with backoff. */
export async function gapLoop(m: Mirror): Promise<void> {
  const { state } = m;
  let failures = 0;
  while (!state.stopped) {
    // The drain does its reads itself.
    if (state.gapFrom === undefined || state.draining) {
      await m.untilGap();
      continue;
    }
    const due = readDueAt(m);
    if (Date.now() < due) {
      await m.pause(Math.min(due - Date.now(), 1_000));
      continue;
    }
    if (await readGap(m)) failures = 0;
    else await m.pause(readBackoff(state, ++failures));
  }
}

/** Reads the current gap once; false (with `readError` set) when the read failed. */
export async function readGap(m: Mirror): Promise<boolean> {
  const { state } = m;
  if (state.gapFrom === undefined) return true;
  const from = state.gapFrom;
  const epoch = state.gapEpoch;
  const startedAt = Date.now();
  // What becomes readable once a stream has settled, it carries; once the exit entry is in,
  // every entry of the run is readable. Either way a read from here closes the gap.
  const closes = settled(m, startedAt) || state.exitCode !== undefined;
  try {
    await readFrom(m, from);
  } catch (error) {
    state.readError = error;
    m.options.debug?.(`log gap read failed (${(error as Error).message}); retrying`);
    return false;
  }
  // A gap noted while the read ran stays, to be read next; otherwise what the read may not have
  // seen yet (the ingestion lag) is the gap left.
  if (epoch === state.gapEpoch) {
    state.gapFrom = closes || state.exitRead ? undefined : Math.max(from, startedAt - lookbackMs);
  }
  return true;
}

/** Reads every entry from `from` on (all pages) and prints what was not printed yet. */
async function readFrom(m: Mirror, from: number): Promise<void> {
  const { state } = m;
  const filter = `${m.options.filter} AND timestamp >= "${new Date(from).toISOString()}"`;
  // A read that failed half-way resumes at the page it failed on: restarting from the first page
  // would spend the read quota on pages already printed, and a large gap would never finish.
  let pageToken = state.resume?.from === from ? state.resume.pageToken : undefined;
  let pages = 0;
  do {
    state.resume = { from, pageToken };
    if (++pages > fastPages) await m.pause(pageIntervalMs - (Date.now() - state.lastReadAt));
    state.stats.listRequests++;
    state.lastReadAt = Date.now();
    const page = await m.logs.list(filter, pageToken);
    state.lastProgressAt = Date.now();
    m.print(page.entries, true);
    pageToken = page.nextPageToken;
  } while (pageToken && !state.stopped);
  state.resume = undefined;
}

/** The backoff after a failed read: longer on the read quota. */
export const readBackoff = (state: MirrorState, failures: number): number =>
  backoff(readPolicy(state.readError), failures);

/** On the read quota, 4 s, 8 s, 16 s, then 30 s: retrying sooner only spends the project's reads on refusals. */
const readPolicy = (error: unknown): BackoffPolicy =>
  errorCode(error) === Code.RESOURCE_EXHAUSTED
    ? { baseMs: 2_000, capMs: 30_000, jitter: 'half' }
    : { baseMs: 500, capMs: 5_000, jitter: 'half' };
