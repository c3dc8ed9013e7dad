// The boundary with upstream Action Llama inside the agent's container. Release 0.29 has no
// one-shot command and no in-container entry: its agent loop (TransportAgentRunner) is meant to
// run inside the scheduler. This module loads exactly the parts a one-shot run needs, half of them
// by file path (they are not in the package's `exports`), and checks their shape before anything
// runs, so that an upstream release that moved them fails at start-up with a clear message
// instead of half-way through a run.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AgentEvent, Rates, Registry, SessionModel } from './meter.ts';

/** Upstream versions this entry was run against (README "Project mode"). */
export const testedVersions = ['0.29.1'];

/** Log messages of upstream's runner that the entry watches; each must occur in its source. */
export const upstreamMessages = {
  modelError: 'session.prompt() completed with error',
  timeout: 'agent timeout reached, aborting',
  modelsExhausted: 'all models exhausted across all retry passes',
} as const;

export interface Logger {
  trace(...args: unknown[]): void;
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
  fatal(...args: unknown[]): void;
  child(bindings: Record<string, unknown>): Logger;
}

export interface ModelConfig {
  provider: string;
  model: string;
  authType?: string;
  baseUrl?: string;
}

export interface AgentConfig {
  name: string;
  credentials?: string[];
  models: ModelConfig[];
  timeout?: unknown;
  runtime?: { type?: string; [key: string]: unknown };
  [key: string]: unknown;
}

export type GlobalConfig = Record<string, unknown> & { local?: { timeout?: unknown } };

export interface RunOutcome {
  result: 'completed' | 'rerun' | 'error';
  returnValue?: string;
  exitReason?: string;
  usage?: { cost?: number; turnCount?: number; totalTokens?: number };
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number | null;
}

export interface ExecOptions {
  onData?: (data: Buffer) => void;
  signal?: AbortSignal;
  timeout?: number;
}

/** Upstream's `Transport` (dist/transport/transport.d.ts). */
export interface Transport {
  connect(): Promise<void>;
  exec(command: string, options?: ExecOptions): Promise<ExecResult>;
  readFiles(paths: string[]): Promise<Map<string, Buffer>>;
  writeFiles(files: Map<string, Buffer>): Promise<void>;
  close(): Promise<void>;
}

export interface Runner {
  run(prompt: string, triggerInfo?: { type: string; source?: string }): Promise<RunOutcome>;
  abort(): void;
}

export interface RunnerOptions {
  globalConfig: GlobalConfig;
  agentConfig: AgentConfig;
  logger: Logger;
  projectPath: string;
  transport: Transport;
  /** Told each model session the runner makes (one per model it tries), once its own listeners are on. */
  onSession?: (session: Session) => void;
}

/** The parts of pi's AgentSession (pi-coding-agent, core/agent-session.d.ts) the entry uses. */
export interface Session {
  readonly model?: SessionModel;
  /**
   * pi-agent-core's Agent. Its listeners are awaited before the loop goes on (agent.js, emit), unlike
   * the session's own (`session.subscribe`, called from a queue), so one can stop the loop at a turn
   * boundary; `abort()` ends the run's loop, and the tool it is running, at once.
   */
  readonly agent: {
    subscribe(listener: (event: AgentEvent) => void): () => void;
    abort(): void;
  };
  /** Cancels a retry of a failed call that is waiting to be sent. */
  abortRetry(): void;
}

type Skills = { locking?: boolean };

/** What the entry uses of upstream, typed at this boundary. */
export interface Upstream {
  version: string;
  loadGlobalConfig(projectPath: string): GlobalConfig;
  loadAgentConfig(projectPath: string, agent: string): AgentConfig;
  validateAgentConfig(config: AgentConfig): void;
  makeScheduledPrompt(config: AgentConfig, ctx: { skills: Skills }): string;
  makeManualPrompt(config: AgentConfig, ctx: { skills: Skills }, prompt?: string): string;
  makeWebhookPrompt(config: AgentConfig, context: unknown, ctx: { skills: Skills }): string;
  /** GitHubWebhookProvider.parseEvent: the trigger context of a GitHub event, or null (no repository, ping). */
  parseGitHubEvent(event: string, payload: unknown): Record<string, unknown> | null;
  /** Reads /credentials and sets the environment upstream derives from it (GITHUB_TOKEN, git, SSH). */
  loadContainerCredentials(config: AgentConfig): { providerKeys: Map<string, string> };
  createRunner(options: RunnerOptions): Runner;
  /** pi-ai's model registry (the package upstream prices its calls with): a model's rates per million tokens. */
  modelRates: Registry;
}

type Module = Record<string, unknown>;

export class UpstreamShapeError extends Error {}

/** Loads upstream from `root` (the installed package folder) and checks what the entry relies on. */
export async function loadUpstream(root: string): Promise<Upstream> {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  const file = (rel: string) => importFile(root, rel);
  const [config, execution, runnerModule, fallback, locks, calls, credentialSetup, github] =
    await Promise.all([
      file('dist/shared/config.js'),
      file('dist/execution/execution.js'),
      file('dist/agents/transport-runner.js'),
      file('dist/agents/model-fallback.js'),
      file('dist/execution/lock-store.js'),
      file('dist/execution/call-store.js'),
      file('dist/agents/credential-setup.js'),
      file('dist/webhooks/providers/github.js'),
    ]);
  const fn = (module: Module, name: string, where: string) => need(module, name, 'function', where);
  const loadGlobalConfig = fn(config, 'loadGlobalConfig', 'dist/shared/config.js');
  const loadAgentConfig = fn(config, 'loadAgentConfig', 'dist/shared/config.js');
  const validateAgentConfig = fn(config, 'validateAgentConfig', 'dist/shared/config.js');
  const makeScheduledPrompt = fn(execution, 'makeScheduledPrompt', 'dist/execution/execution.js');
  const makeManualPrompt = fn(execution, 'makeManualPrompt', 'dist/execution/execution.js');
  const makeWebhookPrompt = fn(execution, 'makeWebhookPrompt', 'dist/execution/execution.js');
  const loadContainerCredentials = fn(
    credentialSetup,
    'loadContainerCredentials',
    'dist/agents/credential-setup.js',
  );
  const TransportAgentRunner = fn(runnerModule, 'TransportAgentRunner', 'dist/agents/transport-runner.js');
  const ModelCircuitBreaker = fn(fallback, 'ModelCircuitBreaker', 'dist/agents/model-fallback.js');
  const LockStore = fn(locks, 'LockStore', 'dist/execution/lock-store.js');
  const CallStore = fn(calls, 'CallStore', 'dist/execution/call-store.js');
  const GitHubWebhookProvider = fn(github, 'GitHubWebhookProvider', 'dist/webhooks/providers/github.js');
  const provider = new (GitHubWebhookProvider as new () => Record<string, unknown>)();
  if (typeof provider.parseEvent !== 'function')
    throw new UpstreamShapeError('GitHubWebhookProvider has no method parseEvent()');
  const parseEvent = provider.parseEvent as (headers: Record<string, string>, body: unknown) => unknown;
  checkRunner(root, TransportAgentRunner);
  const createRunner = runnerMaker(TransportAgentRunner, { ModelCircuitBreaker, LockStore, CallStore });

  return {
    version: pkg.version,
    loadGlobalConfig: loadGlobalConfig as Upstream['loadGlobalConfig'],
    loadAgentConfig: loadAgentConfig as Upstream['loadAgentConfig'],
    validateAgentConfig: validateAgentConfig as Upstream['validateAgentConfig'],
    makeScheduledPrompt: makeScheduledPrompt as Upstream['makeScheduledPrompt'],
    makeManualPrompt: makeManualPrompt as Upstream['makeManualPrompt'],
    makeWebhookPrompt: makeWebhookPrompt as Upstream['makeWebhookPrompt'],
    parseGitHubEvent: (event, payload) =>
      (parseEvent.call(provider, { 'x-github-event': event }, payload) ?? null) as Record<
        string,
        unknown
      > | null,
    loadContainerCredentials: loadContainerCredentials as Upstream['loadContainerCredentials'],
    createRunner,
    modelRates: await loadRegistry(root),
  };
}

/** The runner's methods the entry overrides or calls, and the log lines it watches, are still there. */
function checkRunner(root: string, TransportAgentRunner: unknown): void {
  const proto = (TransportAgentRunner as { prototype: Record<string, unknown> }).prototype;
  const methods = [
    'run',
    'abort',
    'createTransport',
    'stageCredentials',
    'runPiSession',
    'subscribeToEvents',
  ];
  for (const method of methods) {
    if (typeof proto[method] !== 'function')
      throw new UpstreamShapeError(`TransportAgentRunner has no method ${method}()`);
  }
  const source = fs.readFileSync(path.join(root, 'dist/agents/transport-runner.js'), 'utf8');
  for (const message of [...Object.values(upstreamMessages), '"host-user"', 'schedulerToolsDeps']) {
    if (!source.includes(message))
      throw new UpstreamShapeError(
        `dist/agents/transport-runner.js no longer contains ${JSON.stringify(message)}`,
      );
  }
}

type Constructor = new (...args: unknown[]) => Record<string, unknown>;

/** Makes upstream's runner for one run in this container, with the scheduler's parts it needs. */
function runnerMaker(
  TransportAgentRunner: unknown,
  parts: { ModelCircuitBreaker: unknown; LockStore: unknown; CallStore: unknown },
): (options: RunnerOptions) => Runner {
  const Runner = TransportAgentRunner as Constructor;
  const make = (part: unknown) => new (part as Constructor)();
  return (options) => {
    // The runtime is this container: upstream's runner would start a Docker container or a
    // `sudo` shell here; in a one-shot job its commands run in the entry's own process tree.
    class OneShotRunner extends Runner {
      createTransport() {
        return Promise.resolve(options.transport);
      }
      // Called by runPiSession right after it creates each model's session (transport-runner.js).
      subscribeToEvents(session: unknown) {
        (Runner.prototype.subscribeToEvents as (session: unknown) => void).call(this, session);
        if (options.onSession) options.onSession(checkedSession(session));
      }
    }
    const noSubAgents = {
      ok: false,
      reason: 'sub-agent calls need Action Llama’s scheduler; this run is a one-shot Cloud Run job',
    };
    return new OneShotRunner({
      globalConfig: options.globalConfig,
      agentConfig: options.agentConfig,
      logger: options.logger,
      circuitBreaker: make(parts.ModelCircuitBreaker),
      baseImage: 'unused',
      projectPath: options.projectPath,
      // The scheduler's tools (return_value, locks, status) with in-memory stores: locks are
      // held for this run only, and a call to another agent is refused.
      schedulerToolsDeps: {
        lockStore: make(parts.LockStore),
        callStore: make(parts.CallStore),
        dispatchCall: () => noSubAgents,
        logger: options.logger,
      },
    }) as unknown as Runner;
  };
}

/**
 * pi-ai's getModel, from the pi-ai upstream itself imports: found as Node finds it from upstream's
 * folder (its own node_modules, then each parent's), and imported by path (its package exports
 * only `import`, which a bundle's require cannot resolve).
 */
async function loadRegistry(root: string): Promise<Registry> {
  const name = '@mariozechner/pi-ai';
  let dir = root;
  while (!fs.existsSync(path.join(dir, 'node_modules', name, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new UpstreamShapeError(`${name} (upstream's model registry) is not installed`);
    dir = parent;
  }
  const models = await importFile(path.join(dir, 'node_modules', name), 'dist/models.js');
  const getModel = need(models, 'getModel', 'function', `${name}/dist/models.js`) as (
    provider: string,
    id: string,
  ) => { cost?: Partial<Rates> } | undefined;
  return (provider, id) => getModel(provider, id)?.cost;
}

/** The session as the entry uses it, its shape checked: a pi release that changed it fails clearly. */
function checkedSession(value: unknown): Session {
  const session = value as Partial<Session> | undefined;
  if (
    typeof session?.abortRetry !== 'function' ||
    typeof session.agent?.subscribe !== 'function' ||
    typeof session.agent.abort !== 'function'
  )
    throw new UpstreamShapeError("pi's AgentSession has no agent.subscribe(), agent.abort() or abortRetry()");
  return session as Session;
}

async function importFile(root: string, rel: string): Promise<Module> {
  const file = path.join(root, rel);
  if (!fs.existsSync(file)) throw new UpstreamShapeError(`${rel} is missing`);
  // webpackIgnore: the bundler must leave this import to Node at run time.
  return (await import(/* webpackIgnore: true */ pathToFileURL(file).href)) as Module;
}

function need(module: Module, name: string, type: string, where: string): unknown {
  if (typeof module[name] !== type) throw new UpstreamShapeError(`${where} no longer exports ${name}`);
  return module[name];
}
