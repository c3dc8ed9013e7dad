// The printer: turns entries into workflow-log lines, each exactly once, and notes the agent's
// result and Cloud Run's exit entry. No I/O of its own and no timers: a new rule for log lines
// (another kind of entry to recognise, another figure to count) lands here and is tested with
// plain calls.
import type { LogEntry } from '../google.ts';
import { renderEntry } from '../render.ts';
import type { MirrorState } from './state.ts';

/** Lines printed at once, at most: a burst of 100,000 entries is not held in memory. */
const maxBatchLines = 2000;

/** The entry's timestamp in ms. */
export const entryMs = (entry: LogEntry): number =>
  Number(entry.timestamp?.seconds ?? 0) * 1000 + (entry.timestamp?.nanos ?? 0) / 1e6;

/**
 * Prints the entries not printed yet (deduplicated by insertId) and records the result and the
 * exit code. `fromRead`: they came from ListLogEntries, not the live tail. Returns true when the
 * exit entry was among them.
 */
export function printEntries(
  state: MirrorState,
  entries: LogEntry[],
  print: (lines: string[]) => void,
  fromRead = false,
): boolean {
  let exited = false;
  let lines: string[] = [];
  for (const entry of entries) {
    const id = entry.insertId ?? '';
    const ms = entryMs(entry);
    if (id && !state.seen.add(id, ms)) {
      state.stats.duplicates++;
      continue;
    }
    state.lastPrintedMs = Math.max(state.lastPrintedMs, ms);
    const rendered = renderEntry(entry);
    if (rendered.result !== undefined) state.result = rendered.result;
    lines.push(...rendered.lines);
    state.stats.mirrored++;
    if (rendered.exitCode !== undefined) {
      state.exitCode = rendered.exitCode;
      state.exitAt ??= Date.now();
      if (fromRead) state.exitRead = true;
      exited = true;
    }
    if (lines.length >= maxBatchLines) {
      print(lines);
      lines = [];
    }
  }
  if (lines.length) print(lines);
  return exited;
}
