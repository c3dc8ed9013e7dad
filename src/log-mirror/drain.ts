// The last reads, once the execution has ended: until Cloud Run's "Container called exit(N)."
// entry has arrived and no gap is left (ingestion lags several seconds), within a bounded time,
// then until the container's end marker has come (its last line, shared/container-lines.ts), or, for a
// container that prints none, a few seconds more for lines ingested after the exit entry.
import { pause } from '../shared/backoff.ts';
import { minReadIntervalMs, readBackoff, readGap } from './gaps.ts';
import { endMarked, settled, type Mirror } from './mirror-state.ts';

/** After the grace, how long the last gap reads may take (quota backoff included). */
const finalReadMs = 45_000;
/** Without a settled stream, a read this often while waiting for the exit entry. */
const drainReadMs = 5_000;
/** The drain never takes longer than this in all. */
const hardStopMs = 5 * 60_000;
/**
 * Without the end marker, lines readable this long after the exit entry arrived are still printed:
 * Cloud Logging may ingest a container's last lines after Cloud Run's exit entry (their order is
 * not documented). A quarter of the grace when that is shorter (a cancelled run has little time).
 */
export const lateLinesMs = 3_000;
/** Late lines are looked for among those printed this long before the exit entry (the read stays small). */
export const lateLookbackMs = 10_000;

/** Does the drain's reads (the gap loop stands aside meanwhile: `state.draining`). */
export async function drainReads(m: Mirror, graceMs: number): Promise<void> {
  const timers = new AbortController();
  const wait = (ms: number) => pause(ms, timers.signal);
  await waitForExit(m, graceMs, wait);
  await readLast(m, graceMs, wait);
  await readLate(m, Math.min(lateLinesMs, graceMs / 4), graceMs, wait);
  timers.abort();
}

/**
 * Waits for lines ingested after the exit entry: until the end marker has come (the container
 * printed nothing after it), else for `lateMs` after the exit entry arrived. A live tail that had
 * settled before then carries them as they become readable; otherwise one more read does, of the
 * lines printed in the `lateLookbackMs` before it (the exit entry is the latest printed).
 */
async function readLate(
  m: Mirror,
  lateMs: number,
  graceMs: number,
  wait: (ms: number) => Promise<void>,
): Promise<void> {
  const { state } = m;
  if (state.exitCode === undefined || state.exitAt === undefined || state.stopped) return;
  await Promise.race([wait(state.exitAt + lateMs - Date.now()), m.marked]);
  if (state.stopped) return;
  if (endMarked(state)) {
    // Every line is in; a gap noted meanwhile (a cut stream) is still read.
    if (state.gapFrom !== undefined) await readLast(m, graceMs, wait);
    return;
  }
  const tailCovered = state.tailOpenedAt !== undefined && state.tailOpenedAt + m.settleMs <= state.exitAt;
  if (tailCovered && state.gapFrom === undefined) return;
  m.gap(state.lastPrintedMs - lateLookbackMs);
  await readLast(m, graceMs, wait);
}

/**
 * Waits for the exit entry, within the grace. Without a settled stream it can only come from a
 * read: read every few seconds (the first one after the ingestion lag has had time to pass). A gap
 * left by a cut or a suppression is read as soon as reads are due: the exit entry may be in it.
 */
async function waitForExit(m: Mirror, graceMs: number, wait: (ms: number) => Promise<void>): Promise<void> {
  const { state } = m;
  const drainStart = Date.now();
  const deadline = drainStart + graceMs;
  let failures = 0;
  while (state.exitCode === undefined && Date.now() < deadline && !state.stopped) {
    const live = settled(m);
    const due = live
      ? state.lastReadAt + minReadIntervalMs
      : Math.max(state.lastReadAt, drainStart) + drainReadMs;
    if ((state.gapFrom !== undefined || !live) && Date.now() >= due) {
      if (!live) m.gap();
      if (await readGap(m)) failures = 0;
      else await wait(Math.min(readBackoff(state, ++failures), deadline - Date.now()));
      continue;
    }
    await Promise.race([m.exited, wait(Math.min(1_000, deadline - Date.now()))]);
  }
}

/**
 * Fills what is left (a gap, or the exit entry itself), with retries, within a bound:
 * `finalReadMs` (less for a short grace) without a page read, 5 minutes in all.
 */
async function readLast(m: Mirror, graceMs: number, wait: (ms: number) => Promise<void>): Promise<void> {
  const { state } = m;
  const hardStop = Date.now() + hardStopMs;
  const bound = Math.min(finalReadMs, graceMs + 15_000);
  state.lastProgressAt = Date.now();
  const last = () => Math.min(hardStop, state.lastProgressAt + bound);
  for (let failures = 0; !state.stopped && Date.now() < last();) {
    if (state.exitCode === undefined) m.gap();
    if (state.gapFrom === undefined) break;
    if (await readGap(m)) {
      failures = 0;
      if (state.exitCode === undefined) await wait(Math.min(drainReadMs, last() - Date.now()));
    } else {
      await wait(Math.min(readBackoff(state, ++failures), last() - Date.now()));
    }
  }
}
