// Behaviours Google documents (or public reports show) that a careful client must survive, each
// off by default so the plain emulator stays simple and predictable, and switched on by the
// resilience suites. Sources in README.md ("Google behaviours").
import { seededRandom } from './faults.ts';

export interface GoogleBehaviours {
  /**
   * WaitOperation answers after at most this many ms, done or not: "It may return the latest state
   * before the specified timeout (including immediately)" (google.longrunning). 0: at once.
   */
  earlyWaitMs?: number;
  /**
   * ListLogEntries: the probability (0–1) that a page comes back empty with a nextPageToken, as
   * when the backend "did not have time to search all the possible log entries".
   */
  emptyPageRate?: number;
  /**
   * Out-of-order ingestion: a task attempt's container lines that are not readable yet when its
   * exit entry is written become readable this many ms after the exit entry.
   */
  lateLinesMs?: number;
  /** A task the system killed by a signal reports `termSignal`, not `exitCode` (TaskAttemptResult). */
  termSignal?: boolean;
  /** Each TailLogEntries call counts one read request against `loggingReadsPerMinute`. */
  tailCountsAsRead?: boolean;
  /** Seeds the draws (empty pages); default 1. */
  seed?: number;
}

/** Every behaviour on, as the resilience suites run them. */
export const allGoogleBehaviours: GoogleBehaviours = {
  earlyWaitMs: 0,
  emptyPageRate: 0.2,
  lateLinesMs: 1_500,
  termSignal: true,
  tailCountsAsRead: true,
};

export class Behaviours {
  config: GoogleBehaviours = {};
  /** How often each behaviour showed, for the resilience suites' notes. */
  readonly counts = { earlyWaits: 0, emptyPages: 0, lateLines: 0, termSignals: 0, tailReads: 0 };
  private random: () => number = seededRandom(1);

  configure(config: GoogleBehaviours = {}): void {
    this.config = { ...config };
    this.random = seededRandom(config.seed ?? 1);
  }

  /** Whether this ListLogEntries page is to come back empty (with a token). */
  drawEmptyPage(): boolean {
    const rate = this.config.emptyPageRate ?? 0;
    const empty = rate > 0 && this.random() < rate;
    if (empty) this.counts.emptyPages++;
    return empty;
  }
}
