// npm run bench: the bundled action (dist/), run by the runner harness against the Google APIs
// emulator and a real Docker engine, with a stated RPC latency and log ingestion lag. Prints one
// table (min / median / p95 of each figure, its floor, its goal) and writes the results as JSON.
//
//   node bench/run.ts [--quick] [--results DIR] [--readme] [--ref REF]
//   node bench/run.ts --memory N [--hog K] [--against REF|DIR]
//
// --quick: 1 run of each kind with tiny counts (CI checks the harness works, not the timings).
// --results DIR: where the JSON goes (default bench/results; a full run also writes latest.json).
// --readme: replaces the table in docs/performance.md with this run's.
// --readme-only: the same from the results directory's latest.json, without running anything.
// --ref REF: measure the action.yml and dist/ of a commit instead of the working tree's.
// --memory N: only the memory case, N runs; --hog K runs K busy-loop processes beside it (a busy
//   machine); --against REF|DIR (repeatable) alternates each run with a commit's (or a directory's) dist/.
// See bench/README.md for the method.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { JobsClient } from '@google-cloud/run';
import type { ClientOptions } from 'google-gax';
import { startEmulator, type Emulator } from '../test/emulator/server.ts';
import { runAction, type ActionResult } from '../test/harness/runner.ts';
import { dockerAvailable, START_DOCKER_HINT } from '../test/infra/docker.ts';
import { buildTestAgentImage } from '../test/infra/images.ts';
import { startRegistry } from '../test/infra/registry.ts';
import { bundleFirstCall, clientFloorOnce, nodeFloor } from './floors.ts';
import { CpuSampler, median, ProcessCpuSampler, summarize } from './stats.ts';
import { renderMarkdown, renderTable, type Results } from './report.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
const project = 'bench-project';
const region = 'us-central1';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    results: { type: 'string', default: path.join(repoRoot, 'bench', 'results') },
    readme: { type: 'boolean', default: false },
    'readme-only': { type: 'boolean', default: false },
    ref: { type: 'string' },
    memory: { type: 'string' },
    hog: { type: 'string', default: '0' },
    against: { type: 'string', multiple: true },
  },
});

/** What the emulator imposes and what the runs do: stated in the table and the JSON. */
export const config = {
  rpcLatencyMs: 50, // faults { all: { latencyMs } }: added to every RPC before the emulator answers
  ingestionLagMs: 2000, // a line is readable this long after the container printed it
  bufferWindowMs: 2000, // the action's TailLogEntries buffer window (its default)
  tailBatchMs: 20, // the emulator sends entries due within 20 ms together (loggingLimits.tailBatchMs)
  tickMs: 200, // the agent prints a line every 200 ms...
  ticks: args.quick ? 5 : 15, // ...this many times
  singleRuns: args.quick ? 1 : 10,
  scale: args.quick ? [2] : [10, 30],
  memoryLines: args.quick ? 2_000 : 100_000,
  memoryRuns: args.quick ? 1 : 2,
  credentials: '2 instances × 2 fields (api_pair:default {key, org}, git_ssh:botty {id_rsa, username})',
};

// Four credential fields in two instances.
const secretValues = {
  AL_SECRET_api_pair__default__key: `bench-key-${randomBytes(12).toString('hex')}`,
  AL_SECRET_api_pair__default__org: `bench-org-${randomBytes(12).toString('hex')}`,
  AL_SECRET_git_ssh__botty__id_rsa: `-----BEGIN KEY-----\n${randomBytes(48).toString('base64')}\n-----END KEY-----\n`,
  AL_SECRET_git_ssh__botty__username: `bench-bot-${randomBytes(6).toString('hex')}`,
};
const credentialFields = Object.keys(secretValues).length;
const credentialInstances = 2;

/** The agent: a first line at start, a tick every tickMs, then exit 0. Lines name the run. */
function tickScript(run: string): string {
  return [
    `echo "start ${run}"`,
    'i=1',
    `while [ $i -le ${config.ticks} ]; do echo "tick ${run} $i"; usleep ${config.tickMs * 1000}; i=$((i+1)); done`,
  ].join('; ');
}

interface Context {
  emulator: Emulator;
  actionDir: string;
  image: string;
}

interface RunRecord {
  label: string;
  result: ActionResult;
  error?: string;
}

/** Runs the bundled action once, main then post, like a workflow step. */
async function runOnce(ctx: Context, label: string, agentEnv: string): Promise<RunRecord> {
  try {
    const result = await runAction({
      actionDir: ctx.actionDir,
      inputs: {
        agent: 'bench',
        project_id: project,
        region,
        image: ctx.image,
        credentials: 'api_pair, git_ssh:botty',
        env: agentEnv,
      },
      env: { CLOUD_RUN_AGENT_EMULATOR_HOST: ctx.emulator.endpoint, ...secretValues },
      masks: Object.values(secretValues).flatMap((v) => v.split('\n').filter(Boolean)),
    });
    return { label, result };
  } catch (error) {
    return { label, result: undefined as unknown as ActionResult, error: String(error) };
  }
}

/** The figures of one run, from the harness (what the user saw, when) and the emulator (what happened, when). */
interface RunFigures {
  ok: boolean;
  problems: string[];
  logLatencyMs: number[];
  logFloorMs: number[];
  completionMs: number;
  drainMs: number;
  drainFloorMs: number;
  overheadMs: number;
  beforeContainerMs: number;
  /**
   * CreateJob's arrival → the container's first line: the emulated Cloud Run checking the job
   * (image, secrets) and starting the execution its start token asks for.
   */
  containerStartMs: number;
  containerMs: number;
  postMs: number;
  coldStartMs: number;
  firstRpc: string;
  peakRssKb: number;
  mainEnd: number;
  exitAt: number;
  execution: string;
}

function analyse(ctx: Context, record: RunRecord, expectTicks: string[] | undefined): RunFigures {
  const problems: string[] = [];
  const empty: RunFigures = {
    ok: false,
    problems,
    logLatencyMs: [],
    logFloorMs: [],
    completionMs: NaN,
    drainMs: NaN,
    drainFloorMs: NaN,
    overheadMs: NaN,
    beforeContainerMs: NaN,
    containerStartMs: NaN,
    containerMs: NaN,
    postMs: NaN,
    coldStartMs: NaN,
    firstRpc: '',
    peakRssKb: NaN,
    mainEnd: NaN,
    exitAt: NaN,
    execution: '',
  };
  if (record.error || !record.result) {
    problems.push(`${record.label}: the harness failed: ${record.error}`);
    return empty;
  }
  const { main, post, outputs } = record.result;
  const job = outputs.job ?? '';
  const execution = outputs.execution ?? '';
  if (main.conclusion !== 'success' || outputs.status !== 'succeeded')
    problems.push(
      `${record.label}: main ${main.conclusion} (${outputs.status}): ${main.log.slice(-5).join(' | ')}`,
    );
  if (post?.conclusion !== 'success')
    problems.push(
      `${record.label}: post ${post?.conclusion} (exit ${post?.exitCode}): ${post?.log.slice(-5).join(' | ')} ${post?.rawStderr.toString().slice(-400)}`,
    );
  const mainEnd = main.startedAt + main.durationMs;

  // When each line reached the workflow log (absolute ms), first occurrence.
  const seenAt = new Map<string, number>();
  for (const { t, line } of main.timeline) if (!seenAt.has(line)) seenAt.set(line, main.startedAt + t);

  const entries = ctx.emulator.logs.entries.filter((s) => s.entry.resource?.labels?.job_name === job);
  const text = (s: (typeof entries)[number]) => s.entry.textPayload ?? '';
  // The emulator sends a line once it is readable (ingestion lag) and older than the buffer window,
  // in batches 20 ms apart: that is the floor for each line.
  const floorOf = (s: (typeof entries)[number]) =>
    Math.max(s.visibleAtMs, s.timestampMs + config.bufferWindowMs) + config.tailBatchMs - s.timestampMs;
  const start = entries.find((s) => text(s).startsWith('start '));
  const exit = entries.find((s) => /^Container called exit\(\d+\)\.$/.test(text(s)));
  const logLatencyMs: number[] = [];
  const logFloorMs: number[] = [];
  for (const s of entries) {
    if (!text(s).startsWith('tick ')) continue;
    const at = seenAt.get(text(s));
    if (at === undefined) problems.push(`${record.label}: "${text(s)}" never reached the workflow log`);
    else {
      logLatencyMs.push(at - s.timestampMs);
      logFloorMs.push(floorOf(s));
    }
  }
  for (const line of expectTicks ?? [])
    if (!entries.some((s) => text(s) === line))
      problems.push(`${record.label}: the agent never printed "${line}"`);
  if (!exit) problems.push(`${record.label}: no exit entry`);
  else if (!seenAt.has(`[cloud run] ${text(exit)}`))
    problems.push(`${record.label}: the exit entry never reached the workflow log`);

  const runCalls = ctx.emulator.callLog.filter((c) => c.at >= main.startedAt && c.resource?.includes(job));
  const first = runCalls[0];
  const listTasks = runCalls.find((c) => c.method === 'ListTasks' && c.resource === execution);
  const createJob = runCalls.find((c) => c.method === 'CreateJob');
  const exitAt = exit?.timestampMs ?? NaN;
  const containerMs = exit && start ? exit.timestampMs - start.timestampMs : NaN;
  return {
    ok: problems.length === 0,
    problems,
    logLatencyMs,
    logFloorMs,
    completionMs: listTasks ? listTasks.at - exitAt : NaN,
    drainMs: mainEnd - exitAt,
    drainFloorMs: exit ? floorOf(exit) : NaN,
    overheadMs: main.durationMs - containerMs,
    beforeContainerMs: start ? start.timestampMs - main.startedAt : NaN,
    containerStartMs: start && createJob ? start.timestampMs - createJob.at : NaN,
    containerMs,
    postMs: post?.durationMs ?? NaN,
    coldStartMs: first ? first.at - main.startedAt : NaN,
    firstRpc: first?.method ?? '',
    peakRssKb: main.peakRssKb,
    mainEnd,
    exitAt,
    execution,
  };
}

/**
 * When each execution ended by Cloud Run's own account (its completionTime): from the job
 * operations (their metadata is the Job), where the DeleteJob main sends once the execution has
 * ended names it as the job's latestCreatedExecution, with its completion time.
 */
async function completionTimes(emulator: Emulator): Promise<Map<string, number>> {
  const client = new JobsClient(emulator.clientOptions(project) as ClientOptions);
  const decode = (
    client.descriptors.longrunning.deleteJob as unknown as { metadataDecoder: (b: Buffer) => object }
  ).metadataDecoder;
  const times = new Map<string, number>();
  try {
    for await (const op of client.listOperationsAsync({
      name: `projects/${project}/locations/${region}`,
      filter: 'done=true',
    } as never)) {
      // Only the job operations carry a Job (its name has /jobs/, and not /executions/, which an
      // Execution's has); others decode to junk.
      const value = (op.metadata as { value?: Buffer } | null)?.value;
      if (!value) continue;
      type Time = { seconds?: unknown; nanos?: number };
      let job: { name?: string; latestCreatedExecution?: { name?: string; completionTime?: Time } };
      try {
        job = decode(value) as typeof job;
      } catch {
        continue;
      }
      const isJob = job.name?.includes('/jobs/') && !job.name.includes('/executions/');
      const execution = isJob ? job.latestCreatedExecution : undefined;
      const t = execution?.completionTime;
      if (execution?.name && t) times.set(execution.name, Number(t.seconds) * 1000 + (t.nanos ?? 0) / 1e6);
    }
  } finally {
    await client.close();
  }
  return times;
}

/** CPU seconds of each main step, from /proc while a scenario runs. */
const mainCpuSampler = (ctx: Context) =>
  new ProcessCpuSampler(path.join(ctx.actionDir, 'dist', 'main', 'index.js'));

/** Runs the same number of runs at once; returns their figures and the machine's CPU use meanwhile. */
async function scenario(ctx: Context, concurrency: number, tag: string) {
  const cpu = new CpuSampler();
  cpu.start();
  const mainCpu = mainCpuSampler(ctx);
  mainCpu.start();
  const records = await Promise.all(
    Array.from({ length: concurrency }, (_, i) => {
      const label = `${tag}-${i + 1}`;
      return runOnce(ctx, label, `AGENT_SCRIPT=${tickScript(label)}`).then((record) => ({ record, label }));
    }),
  );
  const load = cpu.stop();
  const mainCpuSeconds = mainCpu.stop();
  const figures = records.map(({ record, label }) =>
    analyse(
      ctx,
      record,
      Array.from({ length: config.ticks }, (_, i) => `tick ${label} ${i + 1}`),
    ),
  );
  return { figures, load, mainCpuSeconds, records: records.map((r) => r.record) };
}

/** Per-run API use of sequential runs: every call between a run's start and its post step's end. */
function apiCost(emulator: Emulator, records: RunRecord[]) {
  const perRun: Record<string, number>[] = [];
  for (const { result } of records) {
    if (!result?.post) continue;
    const from = result.main.startedAt;
    const to = result.post.startedAt + result.post.durationMs;
    const counts: Record<string, number> = {};
    for (const c of emulator.callLog)
      if (c.at >= from && c.at <= to) counts[c.method] = (counts[c.method] ?? 0) + 1;
    perRun.push(counts);
  }
  const methods = [...new Set(perRun.flatMap((c) => Object.keys(c)))].sort();
  const byMethod = Object.fromEntries(methods.map((m) => [m, median(perRun.map((c) => c[m] ?? 0))]));
  const secretWrites = perRun.map((c) =>
    ['CreateSecret', 'AddSecretVersion', 'DeleteSecret', 'UpdateSecret', 'DestroySecretVersion'].reduce(
      (n, m) => n + (c[m] ?? 0),
      0,
    ),
  );
  return {
    byMethod,
    total: summarize(perRun.map((c) => Object.values(c).reduce((a, b) => a + b, 0))),
    secretWrites: summarize(secretWrites),
    loggingReads: summarize(perRun.map((c) => c.ListLogEntries ?? 0)),
  };
}

/**
 * The critical path of one sequential run, from its call log: calls the action waits for, in
 * rounds (calls that arrive within half an RPC latency of each other went out together). Streams,
 * long polls and reads that wait for the container (TailLogEntries, WaitOperation, the reads of
 * the execution while it runs) are not on it: after the exit, the read that found it ended is.
 */
function criticalPath(emulator: Emulator, record: RunRecord, exitAt: number) {
  const { main } = record.result;
  const end = main.startedAt + main.durationMs;
  const all = emulator.callLog.filter(
    (c) => c.at >= main.startedAt && c.at <= end && !['TailLogEntries', 'WaitOperation'].includes(c.method),
  );
  const outcome = all.findIndex((c) => c.at >= exitAt && c.method === 'ListTasks');
  const lastRead = outcome < 0 ? -1 : all.slice(0, outcome).findLastIndex((c) => c.method === 'GetExecution');
  const calls = all.filter((c, i) => c.method !== 'GetExecution' || i === lastRead);
  const rounds = (list: typeof calls) => {
    const out: string[][] = [];
    let lastAt = -Infinity;
    for (const c of list) {
      if (c.at - lastAt > config.rpcLatencyMs / 2) out.push([]);
      out[out.length - 1]!.push(c.method);
      lastAt = c.at;
    }
    return out.map((r) =>
      [...new Set(r)]
        .map((m) => `${m}${r.filter((x) => x === m).length > 1 ? `×${r.filter((x) => x === m).length}` : ''}`)
        .join('+'),
    );
  };
  const before = rounds(calls.filter((c) => c.at < exitAt));
  // After the exit, up to the outcome (ListTasks): main's cleanup runs alongside the drain, whose
  // wait for the last line the overhead floor counts on its own.
  const afterExit = calls.filter((c) => c.at >= exitAt);
  const outcomeAt = afterExit.findIndex((c) => c.method === 'ListTasks');
  const after = rounds(outcomeAt < 0 ? afterExit : afterExit.slice(0, outcomeAt + 1));
  return { before, after, roundTrips: before.length + after.length };
}

/** The bundle both steps share (dist/main and dist/post hold one-line entries into it). */
function bundle(actionDir: string) {
  const dir = path.join(actionDir, 'dist', 'bundle');
  const files = readdirSync(dir).filter((f) => f.endsWith('.js'));
  const size = (f: string) => statSync(path.join(dir, f)).size;
  return {
    totalBytes: files.reduce((n, f) => n + size(f), 0),
    entryBytes: size('index.js'),
    chunks: files.length - 1,
  };
}

/**
 * A copy of action.yml and dist/ (of the working tree, or of `--ref`), taken under the build lock:
 * a concurrent build cannot change what is measured mid-bench.
 */
async function snapshotAction(ref = args.ref): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cra-bench-action-'));
  if (ref && statSync(ref, { throwIfNoEntry: false })?.isDirectory()) {
    execFileSync('cp', ['-r', 'action.yml', 'dist', dir], { cwd: ref });
    return dir;
  }
  if (ref) {
    execFileSync('sh', ['-c', `git archive "$0" action.yml dist | tar -x -C "$1"`, ref, dir], {
      cwd: repoRoot,
    });
    return dir;
  }
  const lock = path.join(process.env.TMPDIR || '/tmp', 'cloud-run-agent-build.lock');
  execFileSync('flock', [lock, 'cp', '-r', 'action.yml', 'dist', dir], { cwd: repoRoot });
  return dir;
}

function machine() {
  const cpus = os.cpus();
  let docker = '';
  try {
    docker = execFileSync('docker', ['version', '--format', '{{.Server.Version}}'], {
      encoding: 'utf8',
    }).trim();
  } catch {
    // reported as unknown
  }
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? '',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    docker,
  };
}

function gitCommit(): string {
  if (args.ref) {
    try {
      return execFileSync('git', ['rev-parse', '--short', args.ref], {
        cwd: repoRoot,
        encoding: 'utf8',
      }).trim();
    } catch {
      return args.ref;
    }
  }
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: repoRoot,
      encoding: 'utf8',
    }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'dist'], {
      cwd: repoRoot,
      encoding: 'utf8',
    }).trim();
    return dirty ? `${commit} (src/dist modified)` : commit;
  } catch {
    return 'unknown';
  }
}

const say = (message: string) => process.stderr.write(`${message}\n`);

// listOperationsAsync warns that it never auto-paginates; the benchmark pages through it on purpose.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (warning.name !== 'AutopaginateTrueWarning') say(`${warning.name}: ${warning.message}`);
});

/** The memory case's one run: peak RSS in MB, or a problem. */
async function memoryRun(
  ctx: Context,
  label: string,
): Promise<{ peakRssMb: number; seconds: number; problem?: string }> {
  const record = await runOnce(ctx, label, `AGENT_LINES=${config.memoryLines}`);
  const lines = record.result?.main.log.filter((l) => /^line \d+$/.test(l)).length ?? 0;
  const failed = record.error || record.result.main.conclusion !== 'success' || lines !== config.memoryLines;
  return {
    peakRssMb: record.result ? record.result.main.peakRssKb / 1024 : NaN,
    seconds: record.result ? record.result.main.durationMs / 1000 : NaN,
    problem: failed
      ? `${label}: ${record.error ?? record.result.main.conclusion}, ${lines} of ${config.memoryLines} lines`
      : undefined,
  };
}

/** Busy-loop processes, one per core asked for: a machine other work keeps busy. */
function startCpuHogs(count: number): () => void {
  const hogs = Array.from({ length: count }, () =>
    spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }),
  );
  return () => hogs.forEach((hog) => hog.kill('SIGKILL'));
}

/**
 * --memory N: the memory case alone, N runs (beside --hog K busy loops); with --against, each run
 * alternates with one of the other dist/, so both see the same machine.
 */
async function memoryOnly(runs: number, hogs: number): Promise<void> {
  const variants = [{ name: args.ref ?? 'working tree', dir: await snapshotAction() }];
  for (const other of args.against ?? []) variants.push({ name: other, dir: await snapshotAction(other) });
  const registry = await startRegistry();
  const image = `${registry.address}/${project}/agents/bench-agent:v1`;
  await buildTestAgentImage(image);
  const emulator = await startEmulator({
    registry: registry.address,
    ingestionLagMs: config.ingestionLagMs,
    faults: { all: { latencyMs: config.rpcLatencyMs } },
  });
  const peaks = variants.map(() => [] as number[]);
  const durations = variants.map(() => [] as number[]);
  const problems: string[] = [];
  const cpu = new CpuSampler();
  const stopHogs = startCpuHogs(hogs);
  cpu.start();
  try {
    for (let i = 0; i < runs; i++) {
      for (const [v, variant] of variants.entries()) {
        const ctx: Context = { emulator, actionDir: variant.dir, image };
        const run = await memoryRun(ctx, `memory-${v}-${i + 1}`);
        peaks[v]!.push(run.peakRssMb);
        durations[v]!.push(run.seconds);
        if (run.problem) problems.push(run.problem);
        say(
          `${variant.name} run ${i + 1}: ${run.peakRssMb.toFixed(1)} MB, ${run.seconds.toFixed(0)} s${run.problem ? ` (${run.problem})` : ''}`,
        );
      }
    }
  } finally {
    const load = cpu.stop();
    stopHogs();
    await emulator.stop();
    await registry.stop();
    for (const variant of variants) await rm(variant.dir, { recursive: true, force: true });
    const busy = `machine ${Math.round(load.meanBusy * 100)} % busy, ${Math.round(load.saturatedShare * 100)} % of samples saturated`;
    say(`memory, ${config.memoryLines} lines, ${hogs} CPU hog(s), ${busy}:`);
    for (const [v, variant] of variants.entries()) {
      const s = summarize(peaks[v]!);
      const all = peaks[v]!.map((p) => p.toFixed(0)).join(' ');
      const seconds = median(durations[v]!).toFixed(0);
      process.stdout.write(
        `${variant.name}: peak RSS MB min ${s?.min.toFixed(0)} median ${s?.median.toFixed(0)} p95 ${s?.p95.toFixed(0)} (n=${s?.n}: ${all}); main step ${seconds} s median\n`,
      );
    }
    for (const problem of problems) say(`problem: ${problem}`);
  }
}

async function main(): Promise<void> {
  if (args.memory) return memoryOnly(Number(args.memory), Number(args.hog));
  if (args['readme-only']) {
    const results = JSON.parse(await readFile(path.join(args.results, 'latest.json'), 'utf8')) as Results;
    return updateReadme(renderMarkdown(results));
  }
  if (!(await dockerAvailable()))
    throw new Error(`The benchmark needs a Docker engine; ${START_DOCKER_HINT}`);
  const started = Date.now();
  const commit = gitCommit();
  const floor = nodeFloor();
  const actionDir = await snapshotAction();
  const firstCall = await bundleFirstCall();
  const registry = await startRegistry();
  const image = `${registry.address}/${project}/agents/bench-agent:v1`;
  await buildTestAgentImage(image);
  const emulatorFor = () =>
    startEmulator({
      registry: registry.address,
      ingestionLagMs: config.ingestionLagMs,
      faults: { all: { latencyMs: config.rpcLatencyMs } },
    });
  const problems: string[] = [];
  try {
    // 1. Single runs, one after another, on a fresh emulator (fresh quotas); one warm-up run first.
    say(`single runs: ${config.singleRuns}${args.quick ? '' : ' (+1 warm-up)'}`);
    let emulator = await emulatorFor();
    let ctx: Context = { emulator, actionDir, image };
    if (!args.quick) await runOnce(ctx, 'warmup', `AGENT_SCRIPT=${tickScript('warmup')}`);
    const singles: { record: RunRecord; figures: RunFigures }[] = [];
    const singleCpu = new CpuSampler();
    singleCpu.start();
    const singleMainCpu = mainCpuSampler(ctx);
    singleMainCpu.start();
    const clientFloorMs: number[] = [];
    for (let i = 0; i < config.singleRuns; i++) {
      const label = `single-${i + 1}`;
      // Google's client alone, just before each run (same machine state): the cold-start floor.
      clientFloorMs.push(await clientFloorOnce(emulator, firstCall, project, `first-call-${i + 1}`));
      const record = await runOnce(ctx, label, `AGENT_SCRIPT=${tickScript(label)}`);
      const ticks = Array.from({ length: config.ticks }, (_, j) => `tick ${label} ${j + 1}`);
      singles.push({ record, figures: analyse(ctx, record, ticks) });
    }
    const singleLoad = singleCpu.stop();
    const singleMainCpuSeconds = singleMainCpu.stop();
    const doneAt = await completionTimes(emulator);
    const cost = apiCost(
      emulator,
      singles.map((s) => s.record),
    );
    const firstOk = singles.find((s) => s.figures.ok);
    const path1 = firstOk ? criticalPath(emulator, firstOk.record, firstOk.figures.exitAt) : undefined;
    await emulator.stop();
    const single = singles.map((s) => s.figures);
    problems.push(...single.flatMap((f) => f.problems));
    const completionFloor = single.map((f) => (doneAt.get(f.execution) ?? NaN) - f.exitAt);

    // 2. Concurrent runs under the default quotas, each level on a fresh emulator.
    const scale: Results['scale'] = {};
    for (const n of config.scale) {
      say(`concurrent runs: ${n}`);
      emulator = await emulatorFor();
      ctx = { emulator, actionDir, image };
      // Google's client alone, as many at once: what this machine allows any action's first call.
      const clientAtOnce = await Promise.all(
        Array.from({ length: n }, (_, i) =>
          clientFloorOnce(emulator, firstCall, project, `first-call-x${n}-${i + 1}`),
        ),
      );
      const { figures, load, mainCpuSeconds } = await scenario(ctx, n, `x${n}`);
      const refused = Object.fromEntries(emulator.quotas.exceeded);
      await emulator.stop();
      problems.push(...figures.flatMap((f) => f.problems));
      scale[n] = {
        runs: n,
        failures: figures.filter((f) => !f.ok).length,
        figures: figureSummaries(figures),
        cpu: load,
        mainCpuSeconds: summarize(mainCpuSeconds),
        clientFirstCallMs: summarize(clientAtOnce),
        quotaRefusals: refused,
      };
    }

    // 3. Memory: the main step's peak RSS while it mirrors many lines at once.
    say(`memory: ${config.memoryRuns} run(s) of ${config.memoryLines} lines`);
    emulator = await emulatorFor();
    ctx = { emulator, actionDir, image };
    const memory: number[] = [];
    const memoryFailures: string[] = [];
    for (let i = 0; i < config.memoryRuns; i++) {
      const run = await memoryRun(ctx, `memory-${i + 1}`);
      if (run.problem) memoryFailures.push(run.problem);
      if (Number.isFinite(run.peakRssMb)) memory.push(run.peakRssMb);
    }
    await emulator.stop();
    problems.push(...memoryFailures);

    const results: Results = {
      timestamp: new Date(started).toISOString(),
      quick: args.quick,
      durationSeconds: 0,
      commit,
      machine: machine(),
      config: { ...config, credentialFields, credentialInstances },
      single: {
        runs: single.length,
        failures: single.filter((f) => !f.ok).length,
        figures: figureSummaries(single),
        floors: {
          logLatencyMs: summarize(single.flatMap((f) => f.logFloorMs)),
          completionMs: summarize(completionFloor),
          drainMs: summarize(single.map((f) => f.drainFloorMs)),
          nodeStartMs: floor.startMs,
          clientFirstCallMs: summarize(clientFloorMs),
          nodeRssMb: floor.rssMb,
        },
        beforeContainerMs: summarize(single.map((f) => f.beforeContainerMs)),
        containerStartMs: summarize(single.map((f) => f.containerStartMs)),
        containerMs: summarize(single.map((f) => f.containerMs)),
        firstRpc: firstOk?.figures.firstRpc ?? '',
        cpu: singleLoad,
        mainCpuSeconds: summarize(singleMainCpuSeconds),
      },
      criticalPath: path1 ?? { before: [], after: [], roundTrips: NaN },
      apiCost: cost,
      bundle: bundle(actionDir),
      scale,
      memory: {
        lines: config.memoryLines,
        runs: config.memoryRuns,
        peakRssMb: summarize(memory),
        failures: memoryFailures.length,
      },
      problems,
    };
    results.durationSeconds = Math.round((Date.now() - started) / 1000);

    process.stdout.write(`${renderTable(results)}\n`);
    for (const problem of problems.slice(0, 20)) say(`problem: ${problem}`);
    await mkdir(args.results, { recursive: true });
    const stamp = results.timestamp.replace(/[:.]/g, '-');
    const json = `${JSON.stringify(results, null, 2)}\n`;
    const file = path.join(args.results, `${stamp}${args.quick ? '-quick' : ''}.json`);
    await writeFile(file, json);
    if (!args.quick) await writeFile(path.join(args.results, 'latest.json'), json);
    say(`results: ${file}`);
    if (args.readme) await updateReadme(renderMarkdown(results));
    // Project mode's image phase is its own measurement: npm run bench:image (bench/image.ts).
  } finally {
    await registry.stop();
    await rm(actionDir, { recursive: true, force: true });
    await rm(path.dirname(firstCall), { recursive: true, force: true });
  }
}

function figureSummaries(figures: RunFigures[]): Results['single']['figures'] {
  const ok = figures.filter((f) => Number.isFinite(f.exitAt));
  return {
    logLatencyMs: summarize(ok.flatMap((f) => f.logLatencyMs)),
    completionMs: summarize(ok.map((f) => f.completionMs)),
    drainMs: summarize(ok.map((f) => f.drainMs)),
    overheadMs: summarize(ok.map((f) => f.overheadMs)),
    postMs: summarize(ok.map((f) => f.postMs)),
    coldStartMs: summarize(ok.map((f) => f.coldStartMs)),
    peakRssMb: summarize(ok.map((f) => f.peakRssKb / 1024)),
    containerStartMs: summarize(ok.map((f) => f.containerStartMs)),
  };
}

/** Replaces the table between the performance markers (or the bare placeholder line) in docs/performance.md. */
async function updateReadme(markdown: string): Promise<void> {
  const file = path.join(repoRoot, 'docs', 'performance.md');
  const text = await readFile(file, 'utf8');
  const block = `<!-- performance:start -->\n${markdown}\n<!-- performance:end -->`;
  const marked = /<!-- performance:start -->[\s\S]*?<!-- performance:end -->/;
  let next: string;
  if (marked.test(text)) next = text.replace(marked, block);
  else if (text.includes('<!-- performance -->\n'))
    next = text.replace('<!-- performance -->\n', `${block}\n`);
  else throw new Error('docs/performance.md has no performance placeholder');
  // Formatted as `npm run format` would (the table's columns aligned), so format:check passes.
  const prettier = await import('prettier');
  const formatted = await prettier.format(next, { ...(await prettier.resolveConfig(file)), filepath: file });
  // Re-read right before writing: others may have edited the README meanwhile.
  if ((await readFile(file, 'utf8')) !== text)
    throw new Error('docs/performance.md changed while formatting; run again');
  await writeFile(file, formatted);
  say('docs/performance.md: performance table updated');
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
