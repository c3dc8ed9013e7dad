// The log mirror's one state record: everything its parts share, in one place a reader can scan.
// The parts: printer.ts (dedupe, result and exit), gaps.ts (reading what the live tail missed),
// tail.ts (the live tail), drain.ts (the last reads), follow.ts (wiring, start() and stop()).
import type { Cloud, LogEntry, TailStream } from '../google/connect.ts';
import type { UsageFigures } from '../shared/llm-usage.ts';
import { SeenIds } from './seen.ts';

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
  /** Called after each batch of entries (a tail response, a page) is printed: main bounds its memory there. */
  afterEntries?: () => void;
  /**
   * The run's end-marker nonce (shared/container-lines.ts): once the marker has come on stdout and on
   * stderr, and the exit entry too, the drain waits no longer for late lines.
   */
  endNonce?: string;
}

export interface LogStats {
  mirrored: number;
  duplicates: number;
  suppressed: number;
  tailSessions: number;
  listRequests: number;
}

/** Ids are remembered this long: memory stays bounded however long the agent runs. */
const seenWindowMs = 120_000;

export interface MirrorState {
  readonly stats: LogStats;
  /** The insertIds printed lately. */
  readonly seen: SeenIds;
  /** The latest timestamp printed. */
  lastPrintedMs: number;
  /** The agent's return value, if it printed one. */
  result: string | undefined;
  /** Why the run failed, if the entry said so (printer.ts). */
  failure: string | undefined;
  /** The model usage the entry reported, the highest figures of its usage lines (printer.ts). */
  usage: UsageFigures | undefined;
  /** The exit code from Cloud Run's exit entry, once it has arrived. */
  exitCode: number | undefined;
  /**
   * The exit entry came from a read, which therefore saw every entry of the run readable then
   * (lines ingested after the exit entry are the drain's last wait, drain.ts).
   */
  exitRead: boolean;
  /** When the exit entry arrived (the drain waits a little longer for lines ingested after it). */
  exitAt: number | undefined;
  /** The end-marker nonce expected (FollowOptions.endNonce). */
  readonly endNonce: string | undefined;
  /** The container logs (`stdout`, `stderr`) whose end marker has been printed. */
  readonly endMarks: Set<string>;

  /** The live tail, while one is open. */
  stream: TailStream | undefined;
  /** When the current stream was requested; undefined while no stream is open. */
  tailOpenedAt: number | undefined;

  /** The earliest entry time a gap may have missed; undefined when there is no gap. */
  gapFrom: number | undefined;
  /** Counts gaps noted, so a read knows whether a new one came while it ran. */
  gapEpoch: number;
  /** When the current gap was first noticed. */
  gapSince: number;
  /** When the last page read was sent. */
  lastReadAt: number;
  /** Why the last read failed (its backoff depends on it). */
  readError: unknown;
  /** Where a failed read stopped, to go on from there. */
  resume: { from: number; pageToken?: string } | undefined;
  /** When the last page arrived (the drain's bound counts from it). */
  lastProgressAt: number;

  /** Set by drain(), which does the last reads itself. */
  draining: boolean;
  stopped: boolean;
}

export function newMirrorState(sinceMs: number, endNonce?: string): MirrorState {
  return {
    endNonce,
    endMarks: new Set(),
    stats: { mirrored: 0, duplicates: 0, suppressed: 0, tailSessions: 0, listRequests: 0 },
    seen: new SeenIds(seenWindowMs),
    lastPrintedMs: sinceMs,
    result: undefined,
    failure: undefined,
    usage: undefined,
    exitCode: undefined,
    exitRead: false,
    exitAt: undefined,
    stream: undefined,
    tailOpenedAt: undefined,
    gapFrom: undefined,
    gapEpoch: 0,
    gapSince: 0,
    lastReadAt: 0,
    readError: undefined,
    resume: undefined,
    lastProgressAt: 0,
    draining: false,
    stopped: false,
  };
}

/**
 * What the parts are given: the state, the log API and the follower's few actions. The follower
 * (follow.ts) builds it; a test builds its own.
 */
export interface Mirror {
  readonly state: MirrorState;
  readonly logs: Pick<Cloud['logs'], 'list' | 'tail'>;
  readonly options: FollowOptions;
  readonly bufferWindowSeconds: number;
  /** A new stream is trusted to carry everything readable after this long: the server has it open. */
  readonly settleMs: number;
  /** Prints entries not printed yet (see printer.ts). */
  print(entries: LogEntry[], fromRead?: boolean): void;
  /** Notes that entries from `fromMs` on may have been missed, and wakes the gap reader (see gaps.ts). */
  gap(fromMs?: number): void;
  /** Sleeps, ending early when the follower stops. */
  pause(ms: number): Promise<void>;
  /** Resolves when a gap is noted or the follower stops. */
  untilGap(): Promise<void>;
  /** Resolves when the exit entry arrives or the follower stops. */
  readonly exited: Promise<void>;
  /** Resolves when the end marker has come on both of the container's logs, or the follower stops. */
  readonly marked: Promise<void>;
}

/** The container's last line, the end marker, has been printed from stdout and from stderr. */
export const endMarked = (state: MirrorState): boolean =>
  state.endMarks.has('stdout') && state.endMarks.has('stderr');

/** A stream is open and has settled: it carries every entry readable from now on. */
export const settled = (m: Mirror, now = Date.now()): boolean =>
  m.state.tailOpenedAt !== undefined && m.state.tailOpenedAt + m.settleMs <= now;
