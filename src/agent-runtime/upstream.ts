// The boundary with upstream Action Llama inside the agent's container. Release 0.29 has no
// one-shot command and no in-container entry: its agent loop (TransportAgentRunner) is meant to
// run inside the scheduler. This module loads exactly the parts a one-shot run needs, half of them
// by file path (they are not in the package's `exports`), and checks their shape before anything
// runs, so that an upstream release that moved them fails at start-up with a clear message
// instead of half-way through a run.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

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
  const proto = (TransportAgentRunner as { prototype: Record<string, unknown> }).prototype;
  for (const method of ['run', 'abort', 'createTransport', 'stageCredentials', 'runPiSession']) {
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

  type Constructor = new (...args: unknown[]) => Record<string, unknown>;
  const Runner = TransportAgentRunner as unknown as Constructor;
  const createRunner = (options: RunnerOptions): Runner => {
    // The runtime is this container: upstream's runner would start a Docker container or a
    // `sudo` shell here; in a one-shot job its commands run in the entry's own process tree.
    class OneShotRunner extends Runner {
      createTransport() {
        return Promise.resolve(options.transport);
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
      circuitBreaker: new (ModelCircuitBreaker as unknown as Constructor)(),
      baseImage: 'unused',
      projectPath: options.projectPath,
      // The scheduler's tools (return_value, locks, status) with in-memory stores: locks are
      // held for this run only, and a call to another agent is refused.
      schedulerToolsDeps: {
        lockStore: new (LockStore as unknown as Constructor)(),
        callStore: new (CallStore as unknown as Constructor)(),
        dispatchCall: () => noSubAgents,
        logger: options.logger,
      },
    }) as unknown as Runner;
  };

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
  };
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
