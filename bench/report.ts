// The benchmark's one table: each figure's min / median / p95, the floor the emulator imposes, the
// goal and whether it is met, and the p95 at each concurrency as a multiple of the single run's.
import type { Summary } from './stats.ts';

export interface Figures {
  logLatencyMs?: Summary;
  completionMs?: Summary;
  drainMs?: Summary;
  overheadMs?: Summary;
  postMs?: Summary;
  coldStartMs?: Summary;
  peakRssMb?: Summary;
  /** CreateJob's arrival → the container's first line (the emulator's own work). */
  containerStartMs?: Summary;
}

export interface Load {
  meanBusy: number;
  saturatedShare: number;
  intervals: number;
}

export interface Results {
  timestamp: string;
  quick: boolean;
  durationSeconds: number;
  commit: string;
  machine: { cpus: number; cpuModel: string; memoryGb: number; os: string; node: string; docker: string };
  config: {
    rpcLatencyMs: number;
    ingestionLagMs: number;
    bufferWindowMs: number;
    tailBatchMs: number;
    tickMs: number;
    ticks: number;
    singleRuns: number;
    scale: number[];
    memoryLines: number;
    memoryRuns: number;
    credentials: string;
    credentialFields: number;
    credentialInstances: number;
  };
  single: {
    runs: number;
    failures: number;
    figures: Figures;
    floors: {
      logLatencyMs?: Summary;
      completionMs?: Summary;
      drainMs?: Summary;
      nodeStartMs: number;
      nodeRssMb: number;
      /** bench/first-call.cjs (Google's Secret Manager client alone): spawn → its first call. */
      clientFirstCallMs?: Summary;
    };
    beforeContainerMs?: Summary;
    containerStartMs?: Summary;
    containerMs?: Summary;
    firstRpc: string;
    cpu: Load;
    /** User + system CPU seconds of each main step. */
    mainCpuSeconds?: Summary;
  };
  criticalPath: { before: string[]; after: string[]; roundTrips: number };
  apiCost: {
    byMethod: Record<string, number>;
    total?: Summary;
    secretWrites?: Summary;
    loggingReads?: Summary;
  };
  bundle: { totalBytes: number; entryBytes: number; chunks: number };
  scale: Record<
    number,
    {
      runs: number;
      failures: number;
      figures: Figures;
      cpu: Load;
      mainCpuSeconds?: Summary;
      /** bench/first-call.cjs, this many at once (before the runs): the client's own cold start here. */
      clientFirstCallMs?: Summary;
      quotaRefusals: Record<string, number>;
    }
  >;
  memory: { lines: number; runs: number; peakRssMb?: Summary; failures: number };
  problems: string[];
}

interface Row {
  figure: string;
  summary?: Summary;
  unit: 's' | 'MB' | 'n';
  floor?: number;
  floorNote?: string;
  goal: string;
  met: boolean | undefined;
  key?: keyof Figures;
}

const s = (ms: number | undefined) =>
  ms === undefined || !Number.isFinite(ms) ? '–' : (ms / 1000).toFixed(2);
const summaryText = (v: Summary | undefined) => `${s(v?.min)} / ${s(v?.median)} / ${s(v?.p95)}`;
const num = (v: number | undefined, digits = 0) =>
  v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(digits);
const fmt = (v: number | undefined, unit: Row['unit']) =>
  unit === 's' ? s(v) : unit === 'MB' ? num(v, 0) : num(v, v !== undefined && Number.isInteger(v) ? 0 : 1);

/** Goals from issue 5; each returns whether the p95 (or the count) meets it. */
export function rows(r: Results): Row[] {
  const f = r.single.figures;
  const lag = r.config.ingestionLagMs;
  const rtt = r.config.rpcLatencyMs;
  const logFloor = r.single.floors.logLatencyMs?.median;
  const trips = r.criticalPath.roundTrips;
  // The emulator's own waits in a run's wall time: starting the container, and the last line's lag
  // (the agent prints the end marker, so the drain waits for no late lines: src/shared/container-lines.ts).
  const overheadFloor =
    trips * rtt + (r.single.containerStartMs?.median ?? NaN) + (r.single.floors.drainMs?.median ?? NaN);
  const overheadGoal = overheadFloor + 1500;
  const writesGoal = r.config.credentialFields + 2 * r.config.credentialInstances;
  const le = (v: number | undefined, goal: number | undefined) =>
    v === undefined || goal === undefined || !Number.isFinite(goal) ? undefined : v <= goal;
  return [
    {
      figure: 'log latency: print → workflow log',
      summary: f.logLatencyMs,
      unit: 's',
      floor: logFloor,
      floorNote: 'max(lag, window) + 20 ms',
      goal: `p95 ≤ floor + 0.3 s`,
      met: le(f.logLatencyMs?.p95, logFloor === undefined ? undefined : logFloor + 300),
      key: 'logLatencyMs',
    },
    {
      figure: 'completion: exit → outcome known',
      summary: f.completionMs,
      unit: 's',
      floor: r.single.floors.completionMs?.median,
      floorNote: 'exit → completionTime',
      goal: 'p95 ≤ 1 s',
      met: le(f.completionMs?.p95, 1000),
      key: 'completionMs',
    },
    {
      figure: 'drain: exit → main step exits, all lines',
      summary: f.drainMs,
      unit: 's',
      floor: r.single.floors.drainMs?.median,
      floorNote: 'exit line readable',
      goal: `p95 ≤ lag + 1 s = ${s(lag + 1000)} s`,
      met: le(f.drainMs?.p95, lag + 1000),
      key: 'drainMs',
    },
    {
      figure: 'overhead: main wall − container run',
      summary: f.overheadMs,
      unit: 's',
      floor: overheadFloor,
      floorNote: `${trips} round trips + container start + last line`,
      goal: `p95 ≤ floor + 1.5 s = ${s(overheadGoal)} s`,
      met: le(f.overheadMs?.p95, overheadGoal),
      key: 'overheadMs',
    },
    {
      figure: 'post step',
      summary: f.postMs,
      unit: 's',
      floor: r.single.floors.nodeStartMs,
      floorNote: 'node -e 0 (main cleaned up)',
      goal: 'p95 ≤ 1 s',
      met: le(f.postMs?.p95, 1000),
      key: 'postMs',
    },
    {
      figure: `cold start: spawn → first RPC (${r.single.firstRpc || '?'})`,
      summary: f.coldStartMs,
      unit: 's',
      floor: r.single.floors.clientFirstCallMs?.median ?? r.single.floors.nodeStartMs,
      floorNote: r.single.floors.clientFirstCallMs ? 'Google’s client alone, same call' : 'node -e 0',
      goal: 'p95 ≤ 0.3 s',
      met: le(f.coldStartMs?.p95, 300),
      key: 'coldStartMs',
    },
    {
      figure: 'Secret Manager writes per run',
      summary: r.apiCost.secretWrites,
      unit: 'n',
      floor: writesGoal,
      floorNote: 'fields + 2 × instances',
      goal: `≤ ${writesGoal}`,
      met: le(r.apiCost.secretWrites?.p95, writesGoal),
    },
    {
      figure: 'Logging reads per run (tail healthy)',
      summary: r.apiCost.loggingReads,
      unit: 'n',
      floor: 0,
      goal: '≈ 0 (p95 ≤ 1)',
      met: le(r.apiCost.loggingReads?.p95, 1),
    },
    {
      figure: 'RPCs per run (all methods)',
      summary: r.apiCost.total,
      unit: 'n',
      goal: 'by method below',
      met: undefined,
    },
    {
      figure: `memory: main peak RSS, ${r.memory.lines.toLocaleString('en-US')} lines`,
      summary: r.memory.peakRssMb,
      unit: 'MB',
      floor: r.single.floors.nodeRssMb,
      floorNote: 'node -e 0',
      goal: 'p95 ≤ 150 MB',
      met: r.memory.failures === 0 ? le(r.memory.peakRssMb?.p95, 150) : false,
    },
  ];
}

function scaleCells(r: Results, row: Row): string[] {
  return r.config.scale.map((n) => {
    const level = r.scale[n];
    if (!row.key || !level) return '';
    const p95 = level.figures[row.key]?.p95;
    const base = r.single.figures[row.key]?.p95;
    const ratio = p95 !== undefined && base ? p95 / base : undefined;
    return `${fmt(p95, row.unit)} (${num(ratio, 2)}×)`;
  });
}

/** The figures compared at each concurrency with the single runs (goal: p95 ≤ 1.5 × theirs). */
export const scaledFigures = [
  'logLatencyMs',
  'completionMs',
  'drainMs',
  'overheadMs',
  'postMs',
  'coldStartMs',
] as const satisfies readonly (keyof Figures)[];

function scaleMet(r: Results): Record<number, boolean> {
  const out: Record<number, boolean> = {};
  for (const n of r.config.scale) {
    const level = r.scale[n];
    if (!level) continue;
    out[n] =
      level.failures === 0 &&
      scaledFigures.every((k) => {
        const p95 = level.figures[k]?.p95;
        const base = r.single.figures[k]?.p95;
        return p95 !== undefined && base !== undefined && p95 <= 1.5 * base;
      });
  }
  return out;
}

function table(r: Results): string[][] {
  const header = [
    'figure',
    'min',
    'median',
    'p95',
    'floor',
    'p95 ÷ floor',
    'goal',
    'met',
    ...r.config.scale.map((n) => `${n} concurrent: p95 (÷ 1 run)`),
  ];
  const body = rows(r).map((row) => [
    row.figure,
    fmt(row.summary?.min, row.unit),
    fmt(row.summary?.median, row.unit),
    fmt(row.summary?.p95, row.unit),
    row.floor === undefined ? '' : `${fmt(row.floor, row.unit)}${row.floorNote ? ` (${row.floorNote})` : ''}`,
    row.floor && row.summary ? `${num(row.summary.p95 / row.floor, 2)}×` : '',
    row.goal,
    row.met === undefined ? '' : row.met ? 'yes' : 'NO',
    ...scaleCells(r, row),
  ]);
  const met = scaleMet(r);
  body.push([
    'scale: failed runs; every p95 ≤ 1.5 × 1 run',
    '',
    '',
    '',
    '',
    '',
    '0 failures, ≤ 1.5×',
    r.config.scale.every((n) => met[n]) ? 'yes' : 'NO',
    ...r.config.scale.map((n) => {
      const level = r.scale[n];
      return level ? `${level.failures} failed, ${met[n] ? 'within' : 'NOT within'} 1.5×` : '';
    }),
  ]);
  body.push([
    'scale: machine CPU busy (mean; share of time saturated)',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    ...r.config.scale.map((n) => {
      const cpu = r.scale[n]?.cpu;
      return cpu ? `${num(cpu.meanBusy * 100)} %; ${num(cpu.saturatedShare * 100)} %` : '';
    }),
  ]);
  body.push([
    'main step CPU time, user + system (s)',
    s((r.single.mainCpuSeconds?.min ?? NaN) * 1000),
    s((r.single.mainCpuSeconds?.median ?? NaN) * 1000),
    s((r.single.mainCpuSeconds?.p95 ?? NaN) * 1000),
    '',
    '',
    '',
    '',
    ...r.config.scale.map((n) => {
      const p95 = r.scale[n]?.mainCpuSeconds?.p95;
      const base = r.single.mainCpuSeconds?.p95;
      return p95 === undefined ? '' : `${s(p95 * 1000)} (${num(base ? p95 / base : NaN, 2)}×)`;
    }),
  ]);
  return [header, ...body];
}

function notes(r: Results): string[] {
  const m = r.machine;
  const c = r.config;
  const byMethod = Object.entries(r.apiCost.byMethod)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const refusals = c.scale
    .map((n) => {
      const q = r.scale[n]?.quotaRefusals ?? {};
      const text = Object.entries(q)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
      return `${n} concurrent: ${text || 'none'}`;
    })
    .join('; ');
  const starts = c.scale
    .map((n) => {
      const start = r.scale[n]?.figures.containerStartMs;
      return `${n} at once ${s(start?.median)} / ${s(start?.p95)} s`;
    })
    .join(', ');
  return [
    `Machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GB, ${m.os}, Node ${m.node}, Docker ${m.docker}; commit ${r.commit}; ${r.timestamp}, ${r.durationSeconds} s.`,
    `Emulator: ${c.rpcLatencyMs} ms added to every RPC, ingestion lag ${s(c.ingestionLagMs)} s, the action's tail buffer window ${s(c.bufferWindowMs)} s, default quotas. Agent: a line every ${c.tickMs} ms, ${c.ticks} times; credentials ${c.credentials}; prebuilt image by tag.`,
    `Runs: ${r.single.runs} single runs one after another${r.quick ? '' : ' (after 1 warm-up)'}, then ${c.scale.map((n) => `${n}`).join(' and ')} at once, then ${c.memoryRuns} × ${c.memoryLines.toLocaleString('en-US')} lines; each level on a fresh emulator. Log latency has one sample per line (${r.single.figures.logLatencyMs?.n ?? 0} single-run lines).`,
    `Critical path (${r.criticalPath.roundTrips} round trips, from the call log): before exit ${r.criticalPath.before.join(' → ')}; after exit ${r.criticalPath.after.join(' → ')}.`,
    `RPCs per run by method (median): ${byMethod}.`,
    `Bundle dist/bundle (one for both steps): ${(r.bundle.totalBytes / 2 ** 20).toFixed(1)} MB in ${r.bundle.chunks + 1} files, entry index.js ${(r.bundle.entryBytes / 2 ** 20).toFixed(2)} MB (each step's code and Google's clients are chunks, loaded when needed). Node's own start: ${s(r.single.floors.nodeStartMs)} s.`,
    `Cold start floor: bench/first-call.cjs, bundled as the action is, loads Google's Secret Manager client and makes the same CreateSecret, nothing else; run just before each single run: ${summaryText(r.single.floors.clientFirstCallMs)} s (min / median / p95), against the action's ${summaryText(r.single.figures.coldStartMs)} s; started as many at once as the concurrent runs (just before them): ${c.scale.map((n) => `${n} at once ${summaryText(r.scale[n]?.clientFirstCallMs)} s`).join(', ')}.`,
    `Before the container: spawn → first line ${s(r.single.beforeContainerMs?.median)} s, of which the emulator checking the job and starting the container (CreateJob → first line) ${s(r.single.containerStartMs?.median)} s (medians); container run ${s(r.single.containerMs?.median)} s. Single runs: machine CPU ${num(r.single.cpu.meanBusy * 100)} % busy on average (other work included).`,
    `Quota refusals: ${refusals}. The emulator starting a container (CreateJob → first line, median / p95): 1 run ${s(r.single.containerStartMs?.median)} / ${s(r.single.containerStartMs?.p95)} s, ${starts}.`,
  ];
}

function pad(rowsIn: string[][]): string {
  const widths = rowsIn[0]!.map((_, i) => Math.max(...rowsIn.map((row) => [...(row[i] ?? '')].length)));
  return rowsIn
    .map((row, j) => {
      const line = row.map((cell, i) => cell + ' '.repeat(widths[i]! - [...cell].length)).join(' | ');
      return j === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('-+-')}` : line;
    })
    .join('\n');
}

export function renderTable(r: Results): string {
  return `${pad(table(r))}\n\n${notes(r).join('\n')}`;
}

export function renderMarkdown(r: Results): string {
  const [header, ...body] = table(r);
  const md = [
    `| ${header!.join(' | ')} |`,
    `|${header!.map((_, i) => (i === 0 || i === 6 ? '---' : '--:')).join('|')}|`,
    ...body.map((row) => `| ${row.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`),
  ];
  const lead =
    'Measured by `npm run bench` (method and definitions: [bench/README.md](../bench/README.md); ' +
    'results in [bench/results/latest.json](../bench/results/latest.json)). Times in seconds; the floor is ' +
    'what the emulator itself imposes (for cold start, Google’s client library alone; for memory, Node ' +
    'doing nothing), the last ' +
    'columns the p95 with that many runs at once as a multiple of the single runs’ p95.';
  return [lead, '', ...md, '', ...notes(r).map((n) => `- ${n}`)].join('\n');
}
