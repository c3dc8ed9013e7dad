// What every resilience suite measures, and how: one SuiteResult per suite with the figures the
// table prints, plus the problems behind any figure that misses its goal (so a failing CI run says
// which run and why). The CI tests and `npm run resilience` call the same suite functions; only
// the sizes differ.
import { everythingVisible, leftovers } from '../e2e/fixtures.ts';
import type { Emulator } from '../emulator/server.ts';
import type { ActionResult, StepResult } from '../harness/runner.ts';

export interface SuiteResult {
  suite: string;
  runs: number;
  /** Runs whose outcome (conclusion, status, exit code, …) was right. */
  correct: number;
  linesExpected: number;
  /** Expected lines seen at least once. */
  linesMirrored: number;
  /** Extra copies of expected lines. */
  linesDuplicated: number;
  /** Jobs, running executions, containers and secrets still there at the end. */
  left: number;
  /** Quota errors a user could see (log, annotations, outputs, summary). */
  quotaSurfaced: number;
  /** Workflow commands the runner executed that did not come from the action itself. */
  commandsExecuted: number;
  /** Bytes of credential values visible anywhere a user or a later step can read. */
  secretBytesSeen: number;
  /** Peak resident memory of the action's processes (main or post), in KiB. */
  peakRssKb: number;
  durationMs: number;
  /** Suite-specific figures, printed under the table. */
  notes: string[];
  /** What went wrong, run by run; empty when every figure is at its goal. */
  problems: string[];
}

export function newResult(suite: string): SuiteResult {
  return {
    suite,
    runs: 0,
    correct: 0,
    linesExpected: 0,
    linesMirrored: 0,
    linesDuplicated: 0,
    left: 0,
    quotaSurfaced: 0,
    commandsExecuted: 0,
    secretBytesSeen: 0,
    peakRssKb: 0,
    durationMs: 0,
    notes: [],
    problems: [],
  };
}

/** The figures' goals: every one at it, or the suite fails. */
export function missedGoals(r: SuiteResult): string[] {
  const missed: string[] = [];
  if (r.correct !== r.runs) missed.push(`${r.runs - r.correct} of ${r.runs} outcomes wrong`);
  if (r.linesMirrored !== r.linesExpected)
    missed.push(`${r.linesExpected - r.linesMirrored} of ${r.linesExpected} lines lost`);
  if (r.linesDuplicated) missed.push(`${r.linesDuplicated} lines duplicated`);
  if (r.left) missed.push(`${r.left} resources left`);
  if (r.quotaSurfaced) missed.push(`${r.quotaSurfaced} quota errors surfaced`);
  if (r.commandsExecuted) missed.push(`${r.commandsExecuted} commands executed`);
  if (r.secretBytesSeen) missed.push(`${r.secretBytesSeen} secret bytes seen`);
  return missed;
}

/** Counts expected lines in a step's log (as the user sees it): each must appear exactly once. */
export function countLines(
  r: SuiteResult,
  log: string[],
  expected: string[],
  label: string,
): { lost: number; duplicated: number } {
  const wanted = new Map(expected.map((line) => [line, 0]));
  for (const line of log) {
    const n = wanted.get(line);
    if (n !== undefined) wanted.set(line, n + 1);
  }
  let lost = 0;
  let duplicated = 0;
  for (const [line, n] of wanted) {
    if (n === 0) lost++;
    if (n > 1) duplicated += n - 1;
    if ((n === 0 || n > 1) && lost + duplicated <= 3) r.problems.push(`${label}: "${line}" seen ${n} times`);
  }
  r.linesExpected += expected.length;
  r.linesMirrored += expected.length - lost;
  r.linesDuplicated += duplicated;
  return { lost, duplicated };
}

/**
 * Bytes of `secrets` visible in `text`: every byte covered by a window of `window` characters of a
 * secret that occurs in the text (so a secret cut in half by a truncation still counts). Secrets in
 * the suites are random, so a window never matches by chance.
 */
export function secretBytesIn(text: string, secrets: string[], window = 12): number {
  let seen = 0;
  for (const secret of secrets) {
    if (secret.length < window) {
      if (secret && text.includes(secret)) seen += secret.length;
      continue;
    }
    const covered = new Uint8Array(secret.length);
    for (let i = 0; i + window <= secret.length; i++) {
      if (text.includes(secret.slice(i, i + window))) covered.fill(1, i, i + window);
    }
    seen += covered.reduce((a, b) => a + b, 0);
  }
  return seen;
}

/** Everything visible of a run (both steps), for secret and quota checks. */
export const visible = (result: ActionResult): string => everythingVisible(result);

const quotaWords = /RESOURCE_EXHAUSTED|quota|rate.?limit/i;

/** Lines of the visible output that report a quota error to the user. */
export function quotaLines(result: ActionResult): string[] {
  const steps = [result.main, result.post].filter((s): s is StepResult => s !== undefined);
  return steps.flatMap((s) => [
    ...s.log.filter((l) => quotaWords.test(l)),
    ...s.annotations.filter((a) => quotaWords.test(a.message)).map((a) => a.message),
    ...(quotaWords.test(s.summary) ? ['(summary)'] : []),
  ]);
}

/** The sum of what the emulator still holds. */
export function leftCount(emulator: Emulator): { total: number; detail: string } {
  const l = leftovers(emulator);
  return {
    total: l.jobs + l.running + l.containers + l.secrets,
    detail: `jobs ${l.jobs}, running ${l.running}, containers ${l.containers}, secrets ${l.secrets}`,
  };
}

export function recordMemory(r: SuiteResult, result: ActionResult): void {
  r.peakRssKb = Math.max(r.peakRssKb, result.main.peakRssKb, result.post?.peakRssKb ?? 0);
}

/** The largest number of calls to `methods` in any `windowMs` window of the call log. */
export function maxPerWindow(
  log: { method: string; at: number }[],
  methods: Set<string>,
  windowMs = 60_000,
): number {
  const times = log.filter((c) => methods.has(c.method)).map((c) => c.at);
  let best = 0;
  for (let i = 0, j = 0; j < times.length; j++) {
    while (times[j]! - times[i]! >= windowMs) i++;
    best = Math.max(best, j - i + 1);
  }
  return best;
}

/** Runs `work` over `items` with at most `limit` at once, in order of start. */
export async function pool<T, R>(
  items: T[],
  limit: number,
  work: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i]!, i);
      }
    }),
  );
  return results;
}

/** The table `npm run resilience` prints. */
export function renderTable(results: SuiteResult[]): string {
  const header = [
    'suite',
    'runs',
    'correct',
    'lines expected',
    'mirrored',
    'duplicated',
    'left',
    'quota surfaced',
    'cmds executed',
    'secret bytes seen',
    'peak RSS MiB',
    'time s',
  ];
  const rows = results.map((r) => [
    r.suite,
    String(r.runs),
    `${r.correct} (${r.runs ? Math.round((100 * r.correct) / r.runs) : 100} %)`,
    String(r.linesExpected),
    String(r.linesMirrored),
    String(r.linesDuplicated),
    String(r.left),
    String(r.quotaSurfaced),
    String(r.commandsExecuted),
    String(r.secretBytesSeen),
    (r.peakRssKb / 1024).toFixed(0),
    (r.durationMs / 1000).toFixed(0),
  ]);
  const lines = [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`);
  return lines.join('\n');
}

/** A run's log after Cloud Run's exit entry: how long the step went on, and the agent's lines printed after it. */
export interface AfterExit {
  ms: number;
  linesAfter: number;
}

export function afterExit(step: StepResult, agentLine = /^(tick|line) \d+$/): AfterExit | undefined {
  const at = step.timeline.findIndex((l) =>
    /\[cloud run\] Container (called exit|terminated on signal)/.test(l.line),
  );
  if (at < 0) return undefined;
  return {
    ms: step.durationMs - step.timeline[at]!.t,
    linesAfter: step.timeline.slice(at + 1).filter((l) => agentLine.test(l.line)).length,
  };
}

/** What Google's documented behaviours (switched on in the emulator) did during a suite. */
export function behaviourNote(emulator: Emulator, afterExits: AfterExit[]): string {
  const c = emulator.behaviours.counts;
  const ms = afterExits.map((a) => a.ms).sort((a, b) => a - b);
  const seconds = (v: number | undefined) => ((v ?? 0) / 1000).toFixed(1);
  const printedLate = afterExits.reduce((n, a) => n + a.linesAfter, 0);
  return `Google behaviours on: WaitOperation answered early ${c.earlyWaits} times; ${c.emptyPages} empty ListLogEntries pages with a token; ${c.lateLines} container lines ingested after their exit entry (${printedLate} printed after it); ${c.termSignals} tasks killed by a signal (termSignal); ${c.tailReads} tail calls counted as Logging reads; exit entry to step end: median ${seconds(ms[Math.floor(ms.length / 2)])} s, max ${seconds(ms[ms.length - 1])} s`;
}
