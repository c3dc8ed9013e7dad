// The one-shot entry of a project-mode agent image: runs one Action Llama agent once, with
// upstream's own runtime, and exits with the outcome. Two processes: a supervisor (the container's
// PID 1) that enforces a hard timeout, stops whatever the agent's tools started and prints the end
// marker last, and a worker that drives upstream's runner. See README "Project mode".
import { spawn } from 'node:child_process';
import { emitFailure, agentLogger, emit, type LogLine } from './agent-log.ts';
import { endMarkerLine, endNonceVariable, signals } from '../shared/container-lines.ts';
import { capStopReason, readCaps, usageFields, type Caps } from '../shared/llm-usage.ts';
import { createMeter, priced, ratesOf, type Meter } from './meter.ts';
import { localTransport } from './local-transport.ts';
import { killDescendants } from './processes.ts';
import { ending, exitCodes, type Observed } from './exit-code.ts';
import { buildPrompt, parseTrigger } from './event-prompt.ts';
import {
  loadUpstream,
  testedVersions,
  upstreamMessages,
  UpstreamShapeError,
  type AgentConfig,
  type Session,
  type Upstream,
} from './upstream.ts';

const env = process.env;
const agent = env.AL_AGENT ?? '';
const defaultTimeoutSeconds = 3600; // upstream's DEFAULT_AGENT_TIMEOUT
// After upstream's own timeout, how long its runner gets to wind down before everything is killed.
const hardTimeoutGraceSeconds = 15;

const timeoutSeconds =
  Number(env.AL_TIMEOUT_SECONDS) > 0 ? Number(env.AL_TIMEOUT_SECONDS) : defaultTimeoutSeconds;
// The end marker's nonce, for the supervisor alone: removed before the worker starts, so the agent's
// tools do not inherit it (a tool that looks for it can find it: shared/container-lines.ts says why that
// does no harm).
const endNonce = env[endNonceVariable];
delete env[endNonceVariable];

if (process.argv[2] === '--worker') {
  // A crash of the runner (an error nothing caught) is a failure with its message, not a bare exit 1.
  process.on('uncaughtException', crashed);
  process.on('unhandledRejection', crashed);
  work().catch(crashed);
} else supervise();

/** The run's usage so far, once the worker has started the agent: a crash or a stop still reports it. */
let meter: Meter | undefined;

/** The usage line (shared/llm-usage.ts): after every turn and at the end; the mirror keeps the highest. */
function emitUsage(): void {
  if (meter) emit('info', signals.usage, usageFields(meter.figures()));
}

function crashed(error: unknown): never {
  emitUsage();
  emitFailure(agent, `the run crashed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(exitCodes.error);
}

function supervise(): void {
  const worker = spawn(process.execPath, [process.argv[1]!, '--worker'], { stdio: 'inherit' });
  let stopping = false;
  const hardTimeout = setTimeout(
    () => {
      stopping = true;
      emitFailure(
        agent,
        `the agent did not stop within ${hardTimeoutGraceSeconds} s of its ${timeoutSeconds} s timeout; stopping it and everything it started`,
      );
      stopEverything();
      exitMarked(exitCodes.timeout);
    },
    (timeoutSeconds + hardTimeoutGraceSeconds) * 1000,
  );
  // Cloud Run sends SIGTERM when the execution is cancelled or the task times out.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      worker.kill('SIGTERM');
      setTimeout(() => {
        stopEverything();
        exitMarked(128 + (signal === 'SIGTERM' ? 15 : 2));
      }, 5_000).unref();
    });
  }
  worker.on('exit', (code, signal) => {
    clearTimeout(hardTimeout);
    stopEverything(); // what the agent's tools started and left running
    if (signal) emitFailure(agent, `the agent's process was killed by ${signal}`);
    exitMarked(code ?? exitCodes.error);
  });
}

/**
 * Exits with `code`, the end marker the last line on stdout and on stderr, once the worker and
 * what it started are gone (writes to pipes are synchronous on Linux: nothing is lost at exit).
 */
function exitMarked(code: number): never {
  if (endNonce) {
    const line = `${endMarkerLine(endNonce)}\n`;
    process.stdout.write(line);
    process.stderr.write(line);
  }
  process.exit(code);
}

function stopEverything(): void {
  try {
    // kill(-1) reaches every process this user may signal except the caller: in the container,
    // every process but PID 1 (orphans included). Only ever as PID 1: on a host it would reach
    // the user's other work, so there the worker's descendants are stopped instead.
    if (process.pid === 1) process.kill(-1, 'SIGKILL');
    else killDescendants(process.pid);
  } catch {
    // Nothing left to stop.
  }
}

async function work(): Promise<void> {
  const observed: Observed = {};
  let stopAgent = (): void => {};
  const watch = (line: LogLine) => {
    if (line.msg === upstreamMessages.modelError)
      observed.modelError = String(line.fields.errorMessage ?? 'unknown error');
    if (line.msg === upstreamMessages.timeout) {
      observed.timedOut = true;
      // Upstream's timeout only disposes the model session: the loop would go on calling the model
      // and running tools, silently. Ending the loop (and the tool it runs) ends the run now.
      stopAgent();
      setImmediate(() => killDescendants(process.pid));
    }
    if (line.msg === upstreamMessages.modelsExhausted) observed.modelsExhausted = true;
  };
  const logger = agentLogger(env.AL_LOG_LEVEL === 'debug' ? 'debug' : 'info', watch);
  const projectPath = env.AL_PROJECT_DIR ?? '/app/project';

  const caps = await step(exitCodes.config, 'reading the caps', () => capsOf(env));
  const upstream = await step(exitCodes.dependency, 'loading Action Llama', () =>
    loadUpstream(env.AL_UPSTREAM_DIR ?? '/app/node_modules/@action-llama/action-llama'),
  );
  if (!testedVersions.includes(upstream.version))
    emit(
      'warn',
      `@action-llama/action-llama ${upstream.version} has not been tested with this entry (tested: ${testedVersions.join(', ')})`,
    );
  const { config, globalConfig } = await step(exitCodes.config, `loading agent ${agent}`, () =>
    loadConfig(upstream, projectPath, agent),
  );
  const metered = await step(exitCodes.config, 'pricing the models', () =>
    meterRun(upstream, config, caps, observed),
  );
  meter = metered.meter;
  stopAgent = metered.stop;
  await step(exitCodes.auth, 'reading the credentials', () => upstream.loadContainerCredentials(config));
  const trigger = await step(exitCodes.config, 'reading the event', () => parseTrigger(env));
  const built = buildPrompt(upstream, config, trigger);
  if (built.note) emit('warn', built.note);

  const runner = upstream.createRunner({
    globalConfig,
    agentConfig: config,
    logger,
    projectPath,
    transport: localTransport('/tmp'),
    onSession: metered.onSession,
  });
  process.on('SIGTERM', () => {
    runner.abort();
    emitUsage();
    process.exit(128 + 15);
  });
  emit(
    'info',
    `running agent ${agent} once with Action Llama ${upstream.version} (timeout ${timeoutSeconds} s${capsText(caps)})`,
  );
  const outcome = await runner.run(built.prompt, built.info);
  emitUsage();
  if (outcome.returnValue !== undefined)
    emit('info', signals.result, { type: 'return', value: outcome.returnValue });
  const end = ending(outcome, observed, timeoutSeconds);
  if (end.reason) emitFailure(agent, end.reason);
  emit('info', 'run finished', { exitCode: end.exitCode });
  process.exit(end.exitCode);
}

function capsOf(env: NodeJS.ProcessEnv): Caps {
  const { caps, problems } = readCaps(env);
  if (problems.length) throw new Error(problems.join('; '));
  return caps;
}

const capsText = (caps: Caps): string =>
  (caps.maxTurns ? `, max_turns ${caps.maxTurns}` : '') +
  (caps.maxLlmCost ? `, max_llm_cost ${caps.maxLlmCost}` : '');

/**
 * Meters every model session of the run (meter.ts) and stops the agent when a turn reaches a cap.
 * A cost cap needs a price for every model the run may fall back to: without one it refuses to start.
 */
function meterRun(upstream: Upstream, config: AgentConfig, caps: Caps, observed: Observed) {
  const unpriced = config.models.filter((m) => !priced(upstream.modelRates(m.provider, m.model)));
  if (caps.maxLlmCost !== undefined && unpriced.length)
    throw new Error(
      `max_llm_cost is set, but pi-ai's model registry has no price for ${unpriced.map((m) => `${m.provider}/${m.model}`).join(', ')}, so the cost cannot be counted. ` +
        'Use models it prices (one behind a baseUrl is priced as its provider/model), or remove max_llm_cost.',
    );
  const counted = createMeter(caps, unpriced.length === 0);
  let current: Session | undefined;
  const onSession = (session: Session) => {
    current = session;
    // An agent listener: the loop waits for it, so a stop here comes before the next model call.
    session.agent.subscribe((event) => {
      const cap = counted.onEvent(event, ratesOf(session.model, config.models, upstream.modelRates));
      if (event.type === 'turn_end') emitUsage();
      if (!cap) return;
      observed.capStop = capStopReason(cap, counted.figures(), caps);
      emit('warn', `${cap} reached: stopping the agent before its next model call`);
      abortLoop(session);
    });
  };
  return { meter: counted, onSession, stop: () => current && abortLoop(current) };
}

/**
 * Ends the agent loop at once: a waiting retry is dropped, the running tool aborted, and the next
 * model call never sent. Upstream's own abort only disposes the session, and the loop goes on.
 * Not awaited (session.abort() would wait for the listener that calls it).
 */
function abortLoop(session: Session): void {
  session.abortRetry();
  session.agent.abort();
}

function loadConfig(upstream: Upstream, projectPath: string, agent: string) {
  const globalConfig = upstream.loadGlobalConfig(projectPath);
  const config = upstream.loadAgentConfig(projectPath, agent);
  upstream.validateAgentConfig(config);
  // One timeout for the task, the supervisor and upstream's own timer: the action sets it.
  config.timeout = timeoutSeconds;
  // Upstream stages credential copies for its runtime; "host-user" stages them under /tmp,
  // where this non-root process may write, instead of over the read-only /credentials mounts.
  config.runtime = { ...config.runtime, type: 'host-user' };
  return { config, globalConfig };
}

/** Runs one start-up step; a failure ends the run with `exitCode` and a line saying what failed. */
async function step<T>(exitCode: number, what: string, run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const hint =
      error instanceof UpstreamShapeError
        ? `; this entry was written for @action-llama/action-llama ${testedVersions.join(', ')}: set action_llama_version to one of them`
        : '';
    emitFailure(agent, `${what} failed: ${message}${hint}`);
    process.exit(exitCode);
  }
}
