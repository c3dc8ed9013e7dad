// Mirrors the job's Cloud Logging entries into the workflow log while it runs, completely:
// - a live tail (tail.ts) opened before the execution starts, reopened with backoff when it is cut
//   or refused;
// - what it may have missed (a cut, a refusal, entries it reports as suppressed) is a gap, read
//   from ListLogEntries once a new stream has settled, so nothing falls between the read and the
//   stream (gaps.ts); a gap's lines are printed when it is read, after the lines the new stream
//   already delivered;
// - every entry is printed once (printer.ts);
// - after the execution ends, drain() reads on until the exit entry has arrived and no gap is
//   left, within a bounded time, then waits for lines ingested late unless the container's end
//   marker has come (drain.ts).
// This file wires the parts to one state record (state.ts). Nothing runs until start().
import { pause } from '../shared/backoff.ts';
import type { Cloud } from '../google/connect.ts';
import type { UsageFigures } from '../shared/llm-usage.ts';
import { drainReads } from './drain.ts';
import { gapLoop, recordGap } from './gaps.ts';
import { printEntries } from './printer.ts';
import { endMarked, newMirrorState, type FollowOptions, type LogStats, type Mirror } from './mirror-state.ts';
import { tailLoop } from './tail.ts';

export type { FollowOptions, LogStats } from './mirror-state.ts';

export interface LogFollower {
  readonly stats: LogStats;
  /** The agent's return value, if it printed one. */
  readonly result: string | undefined;
  /** Why the run failed, in the entry's words, if it printed its failure line (redacted, capped). */
  readonly failure: string | undefined;
  /** The model usage the entry reported (project mode), validated figures only. */
  readonly usage: UsageFigures | undefined;
  /** The exit code from Cloud Run's exit entry, once it has arrived. */
  readonly exitCode: number | undefined;
  /**
   * Resolves once Cloud Run's exit entry or the container's end marker has been printed (the
   * execution has ended, or is ending), or the follower stops.
   */
  readonly exiting: Promise<void>;
  /** Opens the live tail and starts the gap reader; returns the follower. */
  start(): LogFollower;
  /**
   * Reads until the exit entry has arrived and every gap is filled, or `graceMs` passes (plus the
   * time a last gap read needs), then waits for late lines unless the end marker came, and stops.
   * `complete` is false when lines may be missing; `marked`: the end marker ended the wait.
   */
  drain(graceMs: number): Promise<{ complete: boolean; marked: boolean }>;
  stop(): void;
}

/** A follower, started: the live tail opens now. */
export const followLogs = (cloud: Pick<Cloud, 'logs'>, options: FollowOptions): LogFollower =>
  createLogFollower(cloud, options).start();

export function createLogFollower(cloud: Pick<Cloud, 'logs'>, options: FollowOptions): LogFollower {
  const state = newMirrorState(options.sinceMs, options.endNonce);
  const bufferWindowSeconds = options.bufferWindowSeconds ?? 2;
  // Ends every pause, and every wait for a gap, at once when the follower stops.
  const wake = new AbortController();
  let exitArrived: () => void = () => {};
  const exited = new Promise<void>((resolve) => (exitArrived = resolve));
  let markArrived: () => void = () => {};
  const marked = new Promise<void>((resolve) => (markArrived = resolve));
  const exiting = Promise.race([exited, marked]);
  let nudge: () => void = () => {};

  const m: Mirror = {
    state,
    logs: cloud.logs,
    options,
    bufferWindowSeconds,
    settleMs: bufferWindowSeconds * 1000 + 2_000,
    print(entries, fromRead) {
      if (printEntries(state, entries, options.print, fromRead)) exitArrived();
      if (endMarked(state)) markArrived();
      options.afterEntries?.();
    },
    gap(fromMs) {
      recordGap(state, options.sinceMs, fromMs);
      nudge();
    },
    pause: (ms) => pause(ms, wake.signal),
    untilGap: () =>
      new Promise<void>((resolve) => {
        nudge = resolve;
        wake.signal.addEventListener('abort', () => resolve(), { once: true });
      }).then(() => {
        nudge = () => {};
      }),
    exited,
    marked,
  };

  const follower: LogFollower = {
    stats: state.stats,
    get result() {
      return state.result;
    },
    get failure() {
      return state.failure;
    },
    get usage() {
      return state.usage;
    },
    get exitCode() {
      return state.exitCode;
    },
    exiting,
    start() {
      // Fire and forget: both loops run until stop() and never reject (failures are retried inside).
      void gapLoop(m);
      void tailLoop(m);
      return follower;
    },
    async drain(graceMs) {
      state.draining = true;
      await drainReads(m, graceMs);
      const complete = state.exitCode !== undefined && state.gapFrom === undefined;
      follower.stop();
      return { complete, marked: endMarked(state) };
    },
    stop() {
      if (state.stopped) return;
      state.stopped = true;
      wake.abort();
      state.stream?.cancel();
      exitArrived();
      markArrived();
    },
  };
  return follower;
}
