// A local stand-in for the GitHub Actions runner running one JavaScript action, main then post,
// as actions/runner does (see shared/reference/github-runner.md): INPUT_* and GITHUB_* variables,
// fresh file-command files per step, workflow commands and masking on every output line,
// STATE_* into post, and the runner's cancellation signals and timings.
import { spawn } from 'node:child_process';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { readActionManifest } from './action-yml.ts';
import {
  CommandProcessor,
  LineSplitter,
  SecretMasker,
  splitLines,
  type Annotation,
  type LogEntry,
  type WorkflowCommand,
} from './commands.ts';
import { parseFileCommands } from './file-commands.ts';

export { parseWorkflowCommands, SecretMasker, splitLines } from './commands.ts';
export type { Annotation, LogEntry, ParsedOutput, WorkflowCommand } from './commands.ts';
export { parseFileCommands } from './file-commands.ts';

/** A line as the step printed it (masked), `t` ms after the step's process started. */
export interface LogLine {
  t: number;
  line: string;
}

/** When to act on the main step: after a delay, or once a predicate on its log holds. */
export interface Trigger {
  afterMs?: number;
  when?: (log: LogLine[]) => boolean;
  /** Asked every 20 ms: for conditions outside the log (a call the emulator has received). */
  poll?: () => boolean;
}

export interface RunActionOptions {
  actionDir: string; // holds action.yml
  inputs?: Record<string, string>; // the step's `with:`
  env?: Record<string, string>; // the step's `env:`; may also override the GITHUB_*/RUNNER_* context
  masks?: string[]; // values masked from the start, like the workflow's secrets
  event?: { name: string; payload: object };
  workspace?: string; // default: a fresh directory
  signal?: Trigger; // cancel the run: SIGINT, SIGTERM 7.5 s later, SIGKILL to the tree 2.5 s after that
  killMainAt?: Trigger; // SIGKILL main's process tree: a crash, not a cancellation
  runPost?: boolean; // default true; false models a runner that died with the main step
  timeoutMs?: number; // the step's timeout-minutes (default 10 min); on expiry it is cancelled and fails
  githubToken?: string; // the job's `github.token` (default: a fresh ghs_… value); masked, like the runner does
  /** Told of each line of a step's log as the runner takes it (live, masked, with what it is). */
  onLog?: (step: 'main' | 'post', entry: LogEntry) => void;
}

export type Conclusion = 'success' | 'failure' | 'cancelled';

export interface StepResult {
  conclusion: Conclusion;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  log: string[]; // what a user sees, masked, including the runner's own ##[error]… lines
  rawStdout: Buffer;
  rawStderr: Buffer;
  commands: WorkflowCommand[];
  outputs: Record<string, string>;
  state: Record<string, string>;
  env: Record<string, string>; // from GITHUB_ENV
  path: string[]; // from GITHUB_PATH
  summary: string; // GITHUB_STEP_SUMMARY, masked
  annotations: Annotation[];
  durationMs: number;
  startedAt: number; // when the process was spawned (ms since the epoch); timeline times are relative to it
  peakRssKb: number; // the process's peak resident memory (VmHWM), sampled every 25 ms
  timeline: LogLine[];
}

export interface ActionResult {
  main: StepResult;
  post?: StepResult;
  outputs: Record<string, string>; // the step's outputs (main's)
  dirs: { root: string; workspace: string; runnerTemp: string; home: string };
}

const SIGINT_TO_SIGTERM_MS = 7_500;
const SIGTERM_TO_KILL_MS = 2_500;
const STREAM_GRACE_MS = 5_000; // the runner waits this long for stdout/stderr after the process exits
const SUMMARY_LIMIT = 1024 * 1024;
const INHERITED = ['PATH', 'LANG', 'TZ', 'TMPDIR', 'DOCKER_HOST'];

// Temp roots and process groups are removed even when a test fails half-way.
const roots: string[] = [];
const groups = new Set<number>();
const killGroup = (pid: number) => {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
};
process.once('exit', () => {
  groups.forEach(killGroup);
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

function githubContext(
  dirs: ActionResult['dirs'],
  eventName: string,
  eventPath: string,
): Record<string, string> {
  const repository = 'octo-org/octo-repo';
  const sha = randomBytes(20).toString('hex');
  return {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: repository,
    GITHUB_REPOSITORY_OWNER: 'octo-org',
    GITHUB_REPOSITORY_ID: '123456789',
    GITHUB_RUN_ID: String(randomInt(1e9, 1e10)),
    GITHUB_RUN_NUMBER: '1',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SHA: sha,
    GITHUB_REF: 'refs/heads/main',
    GITHUB_REF_NAME: 'main',
    GITHUB_REF_TYPE: 'branch',
    GITHUB_HEAD_REF: '',
    GITHUB_BASE_REF: '',
    GITHUB_WORKSPACE: dirs.workspace,
    GITHUB_EVENT_NAME: eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'https://api.github.com',
    GITHUB_GRAPHQL_URL: 'https://api.github.com/graphql',
    GITHUB_ACTOR: 'octocat',
    GITHUB_ACTOR_ID: '583231',
    GITHUB_TRIGGERING_ACTOR: 'octocat',
    GITHUB_WORKFLOW: 'CI',
    GITHUB_WORKFLOW_REF: `${repository}/.github/workflows/ci.yml@refs/heads/main`,
    GITHUB_WORKFLOW_SHA: sha,
    GITHUB_JOB: 'test',
    GITHUB_ACTION: 'agent',
    GITHUB_RETENTION_DAYS: '90',
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_NAME: 'GitHub Actions 1',
    RUNNER_ENVIRONMENT: 'github-hosted',
    RUNNER_TEMP: dirs.runnerTemp,
    RUNNER_TOOL_CACHE: join(dirs.root, 'toolcache'),
    RUNNER_WORKSPACE: dirname(dirs.workspace),
  };
}

/**
 * Input defaults may use `${{ github.x }}`, `${{ runner.x }}` or `${{ env.X }}`; nothing else.
 * `github.token` is the job's token, which the runner does not put in the step's environment.
 */
function evaluateDefault(value: string, env: Record<string, string>, token: string): string {
  return value.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expr: string) => {
    const m = /^(github|runner|env)\.([\w-]+)$/.exec(expr);
    if (!m) throw new Error(`the harness cannot evaluate '${expr}' in an input default`);
    const [, context = '', name = ''] = m;
    if (context === 'env') return env[name] ?? '';
    if (context === 'github' && name === 'token') return token;
    return env[`${context.toUpperCase()}_${name.toUpperCase()}`] ?? '';
  });
}

const inputVariable = (name: string) => `INPUT_${name.replaceAll(' ', '_').toUpperCase()}`;

function postShouldRun(condition: string, main: Conclusion): boolean {
  switch (condition.replace(/^\$\{\{(.*)\}\}$/, '$1').replace(/\s/g, '')) {
    case 'always()':
      return true;
    case 'success()':
      return main === 'success';
    case 'failure()':
      return main === 'failure';
    case 'cancelled()':
      return main === 'cancelled';
    case '!cancelled()':
      return main !== 'cancelled';
    default:
      throw new Error(`the harness cannot evaluate post-if '${condition}'`);
  }
}

export async function runAction(opts: RunActionOptions): Promise<ActionResult> {
  const manifest = await readActionManifest(opts.actionDir);
  const root = await mkdtemp(join(tmpdir(), 'cra-runner-'));
  roots.push(root);
  const dirs = {
    root,
    workspace: opts.workspace ?? join(root, 'workspace'),
    runnerTemp: join(root, 'temp'),
    home: join(root, 'home'),
  };
  const fileDir = join(root, '_runner_file_commands');
  await Promise.all(
    [dirs.workspace, dirs.runnerTemp, dirs.home, fileDir].map((d) => mkdir(d, { recursive: true })),
  );
  const event = opts.event ?? { name: 'push', payload: {} };
  const eventPath = join(root, 'event.json');
  await writeFile(eventPath, JSON.stringify(event.payload));

  // A hermetic environment: a few basics from the test process, not its whole environment.
  const inherited: Record<string, string> = {};
  for (const key of INHERITED) if (process.env[key] !== undefined) inherited[key] = process.env[key];
  const stepEnv = {
    ...inherited,
    HOME: dirs.home,
    ...githubContext(dirs, event.name, eventPath),
    ...opts.env,
  };

  const given = opts.inputs ?? {};
  const inputs: Record<string, string> = {};
  const githubToken = opts.githubToken ?? `ghs_${randomBytes(18).toString('hex')}`;
  for (const [name, value] of Object.entries(manifest.inputs)) {
    inputs[inputVariable(name)] = evaluateDefault(value, stepEnv, githubToken);
  }
  for (const [name, value] of Object.entries(given)) inputs[inputVariable(name)] = value;
  const declared = Object.keys(manifest.inputs);
  const unexpected = Object.keys(given).filter(
    (n) => !declared.some((d) => d.toLowerCase() === n.toLowerCase()),
  );

  // One masker for the whole job: masks added in main still apply in post.
  const masker = new SecretMasker();
  for (const value of [githubToken, ...(opts.masks ?? [])]) masker.add(value);
  const mainProcessor = new CommandProcessor(masker);
  mainProcessor.onEntry = opts.onLog && ((entry) => opts.onLog?.('main', entry));
  if (unexpected.length > 0) {
    mainProcessor.issue(
      'warning',
      `Unexpected input(s) '${unexpected.join("', '")}', valid inputs are ['${declared.join("', '")}']`,
    );
  }

  const timeoutMs = opts.timeoutMs ?? 600_000;
  const jobGroups = new Set<number>();
  const main = await runStep({
    groups: jobGroups,
    entry: manifest.main,
    env: { ...stepEnv, ...inputs },
    cwd: dirs.workspace,
    fileDir,
    processor: mainProcessor,
    cancel: opts.signal,
    crash: opts.killMainAt,
    timeoutMs,
  });

  let post: StepResult | undefined;
  if (manifest.post && opts.runPost !== false && postShouldRun(manifest.postIf, main.conclusion)) {
    const state = Object.fromEntries(Object.entries(main.state).map(([k, v]) => [`STATE_${k}`, v]));
    // GITHUB_ENV applies to later steps, under the step's own env:; GITHUB_PATH is prepended.
    const env: Record<string, string> = { ...stepEnv, ...main.env, ...opts.env, ...inputs, ...state };
    const prepend = main.path.toReversed();
    if (prepend.length > 0) env.PATH = [...prepend, ...(env.PATH ? [env.PATH] : [])].join(delimiter);
    const postProcessor = new CommandProcessor(masker);
    postProcessor.onEntry = opts.onLog && ((entry) => opts.onLog?.('post', entry));
    post = await runStep({
      groups: jobGroups,
      entry: manifest.post,
      env,
      cwd: dirs.workspace,
      fileDir,
      processor: postProcessor,
      timeoutMs,
    });
  }

  // The runner's orphan-process cleanup at the end of the job: this job's processes only, so
  // concurrent runAction calls (a matrix) do not kill each other's steps.
  for (const pid of jobGroups) {
    killGroup(pid);
    groups.delete(pid);
  }
  return { main, post, outputs: main.outputs, dirs };
}

interface StepSpec {
  /** The job's process groups, killed when the job ends. */
  groups: Set<number>;
  entry: string;
  env: Record<string, string>;
  cwd: string;
  fileDir: string;
  processor: CommandProcessor;
  cancel?: Trigger;
  crash?: Trigger;
  timeoutMs: number;
}

async function runStep(spec: StepSpec): Promise<StepResult> {
  const { processor } = spec;
  const files = await createFileCommands(spec.fileDir);
  const started = performance.now();
  const startedAt = Date.now();
  // detached: its own process group, so the whole tree can be killed as the runner does.
  const child = spawn(process.execPath, [spec.entry], {
    cwd: spec.cwd,
    env: { ...spec.env, ...files.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${process.execPath} ${spec.entry}`);
  groups.add(pid);
  spec.groups.add(pid);
  // The step's peak memory, for benchmarks: the kernel's high-water mark, read until the process ends.
  let peakRssKb = 0;
  const sampleMemory = () => {
    try {
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (hwm) peakRssKb = Math.max(peakRssKb, Number(hwm[1]));
    } catch {
      // the process has ended
    }
  };
  const memoryTimer = setInterval(sampleMemory, 25);

  let exited = false;
  let ending: 'cancelled' | 'failure' | undefined;
  const timers: NodeJS.Timeout[] = [];
  const send = (signal: NodeJS.Signals) => {
    if (!exited) child.kill(signal);
  };
  const cancel = (conclusion: 'cancelled' | 'failure') => {
    if (ending || exited) return;
    ending = conclusion;
    send('SIGINT');
    timers.push(setTimeout(() => send('SIGTERM'), SIGINT_TO_SIGTERM_MS));
    timers.push(setTimeout(() => killGroup(pid), SIGINT_TO_SIGTERM_MS + SIGTERM_TO_KILL_MS));
  };
  const crash = () => {
    if (ending || exited) return;
    ending = 'failure';
    killGroup(pid);
  };
  if (spec.cancel?.afterMs !== undefined) {
    timers.push(setTimeout(() => cancel('cancelled'), spec.cancel.afterMs));
  }
  if (spec.crash?.afterMs !== undefined) timers.push(setTimeout(crash, spec.crash.afterMs));
  const polling =
    spec.cancel?.poll || spec.crash?.poll
      ? setInterval(() => {
          if (ending || exited) return;
          if (spec.cancel?.poll?.()) cancel('cancelled');
          if (spec.crash?.poll?.()) crash();
        }, 20)
      : undefined;
  timers.push(
    setTimeout(() => {
      processor.issue('error', 'The action has timed out.');
      cancel('failure');
    }, spec.timeoutMs),
  );

  const timeline: LogLine[] = [];
  const onLine = (line: string) => {
    processor.line(line);
    timeline.push({ t: performance.now() - started, line: processor.masker.mask(line) });
    // Predicates stop being asked once the step is ending: they may scan the whole log.
    if (ending || exited) return;
    if (spec.cancel?.when?.(timeline)) cancel('cancelled');
    if (spec.crash?.when?.(timeline)) crash();
  };
  const raw = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
  const streamsClosed = (['stdout', 'stderr'] as const).map((name) => {
    const decoder = new StringDecoder('utf8');
    const splitter = new LineSplitter();
    child[name].on('data', (chunk: Buffer) => {
      raw[name].push(chunk);
      splitter.push(decoder.write(chunk)).forEach(onLine);
    });
    return new Promise<void>((resolve) =>
      child[name].once('close', () => {
        [...splitter.push(decoder.end()), ...splitter.end()].forEach(onLine);
        resolve();
      }),
    );
  });
  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
    (resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code, signal) => resolve({ code, signal }));
    },
  );
  exited = true;
  // Descendants still holding stdout/stderr: the runner kills the tree after a grace period.
  const grace = setTimeout(() => {
    killGroup(pid);
    child.stdout.destroy();
    child.stderr.destroy();
  }, STREAM_GRACE_MS);
  await Promise.all(streamsClosed);
  clearInterval(memoryTimer);
  clearInterval(polling);
  clearTimeout(grace);
  timers.forEach(clearTimeout);
  const durationMs = performance.now() - started;

  const outputs = { ...processor.outputs };
  const state = { ...processor.state };
  const env: Record<string, string> = {};
  await applyFileCommand(files.paths.output, 'output', outputs, processor);
  await applyFileCommand(files.paths.state, 'state', state, processor);
  await applyFileCommand(files.paths.env, 'env', env, processor);
  if ('NODE_OPTIONS' in env) {
    delete env.NODE_OPTIONS;
    processor.issue('error', "Can't store NODE_OPTIONS output parameter using '$GITHUB_ENV' command.");
  }
  const path: string[] = [];
  for (const entry of splitLines(await readText(files.paths.path))) {
    if (entry === '') continue;
    if (path.includes(entry)) path.splice(path.indexOf(entry), 1);
    path.push(entry);
  }
  const summary = await readSummary(files.paths.summary, processor);

  const failed = exit.code !== 0 || processor.failed;
  return {
    conclusion: ending ?? (failed ? 'failure' : 'success'),
    exitCode: exit.code,
    signal: exit.signal,
    log: processor.log,
    rawStdout: Buffer.concat(raw.stdout),
    rawStderr: Buffer.concat(raw.stderr),
    commands: processor.commands,
    outputs,
    state,
    env,
    path,
    summary,
    annotations: processor.annotations,
    durationMs,
    peakRssKb,
    startedAt,
    timeline,
  };
}

async function createFileCommands(dir: string) {
  const suffix = randomUUID();
  const paths = {
    output: join(dir, `set_output_${suffix}`),
    state: join(dir, `save_state_${suffix}`),
    env: join(dir, `set_env_${suffix}`),
    path: join(dir, `add_path_${suffix}`),
    summary: join(dir, `step_summary_${suffix}`),
  };
  await Promise.all(Object.values(paths).map((p) => writeFile(p, '')));
  const env = {
    GITHUB_OUTPUT: paths.output,
    GITHUB_STATE: paths.state,
    GITHUB_ENV: paths.env,
    GITHUB_PATH: paths.path,
    GITHUB_STEP_SUMMARY: paths.summary,
  };
  return { paths, env };
}

/** A file command's text as .NET's File.ReadAllText gives it (UTF-8, BOM dropped); '' if deleted. */
async function readText(path: string): Promise<string> {
  const text = await readFile(path, 'utf8').catch(() => '');
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

async function applyFileCommand(
  path: string,
  name: string,
  target: Record<string, string>,
  processor: CommandProcessor,
): Promise<void> {
  const { values, error } = parseFileCommands(await readText(path));
  Object.assign(target, values);
  if (error !== undefined) {
    processor.fail(`Unable to process file command '${name}' successfully.`);
    processor.fail(error);
  }
}

async function readSummary(path: string, processor: CommandProcessor): Promise<string> {
  const text = await readText(path);
  const size = Buffer.byteLength(text);
  if (size > SUMMARY_LIMIT) {
    processor.issue(
      'error',
      `$GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of ${SUMMARY_LIMIT / 1024}k, got ${Math.floor(size / 1024)}k.`,
    );
    return '';
  }
  return splitLines(text)
    .map((line) => `${processor.masker.mask(line)}\n`)
    .join('');
}
