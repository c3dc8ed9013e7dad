// Starts the emulator: one gRPC port serving Secret Manager, Cloud Run Admin v2 (with long-running
// operations), Cloud Logging and Artifact Registry, backed by a real Docker engine and a real registry.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { grpc, type ClientOptions } from 'google-gax';
import { startRegistry } from '../infra/registry.ts';
import { artifactRegistryServices } from './artifactregistry.ts';
import { Behaviours, type GoogleBehaviours } from './behaviours.ts';
import type { CallRecord, Context, ServiceImpl } from './context.ts';
import { Faults, type FaultConfig } from './faults.ts';
import { Iam, type IamConfig } from './iam.ts';
import { LocationPolicy } from './locationpolicy.ts';
import { LogStore } from './logstore.ts';
import { loggingServices } from './logging.ts';
import { loadProtos } from './protos.ts';
import { Quotas, type QuotaConfig } from './quotas.ts';
import { statusDetails } from './google-errors.ts';
import { RpcError, Status } from './rpc.ts';
import { runServices, type RunOptions } from './run.ts';
import { secretManagerServices } from './secretmanager.ts';

export interface EmulatorOptions {
  /** gRPC port; 0 (default) picks a free one. Always bound to 127.0.0.1. */
  port?: number;
  /** Use this registry (host:port) instead of starting one. */
  registry?: string;
  /** Docker engine for executions; default DOCKER_HOST or the system socket. */
  dockerHost?: string;
  /** Default 3000 ms, like Google's few seconds; 0 for fast tests. */
  ingestionLagMs?: number;
  quotas?: Partial<QuotaConfig>;
  faults?: FaultConfig;
  /** Google's documented behaviours to switch on (behaviours.ts); default none. */
  behaviours?: GoogleBehaviours;
  /** Prints what the emulator does (executions, faults) when set. */
  log?: (message: string) => void;
  /** Cloud Run executions: container network (`none` by default) and SIGTERM-to-SIGKILL grace (10 s). */
  run?: RunOptions;
  /**
   * The organisation policy `constraints/gcp.resourceLocations`: the locations secrets may be
   * created in (`global` for automatic replication). Default: no policy, every location allowed.
   */
  allowedLocations?: string[];
  /**
   * Artifact Registry repositories' locations, `{ 'project/repository': 'us' }`. A repository not
   * listed is in the location of the first call that names it; elsewhere it is NOT_FOUND.
   */
  repositoryLocations?: Record<string, string>;
  /**
   * The Artifact Registry repositories that exist, `projects/P/locations/L/repositories/R`: any
   * other is NOT_FOUND, as a repository never created is. Default: every repository a call names.
   */
  repositories?: string[];
  /** IAM at CreateJob (actAs, the job account's secret access); default off, every call allowed. */
  iam?: IamConfig;
}

export interface Emulator {
  /** `127.0.0.1:PORT`: the value of CLOUD_RUN_AGENT_EMULATOR_HOST. */
  endpoint: string;
  host: string;
  port: number;
  registry: string;
  /** Options that point an official client at the emulator. */
  clientOptions(projectId?: string): ClientOptions;
  /** Live resources of every service, keyed by service. */
  resources(): Record<string, unknown>;
  calls: Map<string, number>;
  /** Every call with its arrival time (ms since the epoch) and, for unary calls, the resource it names. */
  callLog: CallRecord[];
  quotas: Quotas;
  faults: Faults;
  /** Switch Google's documented behaviours on or off while running (`configure({})`: all off). */
  behaviours: Behaviours;
  /** Change the location policy while running (`configure(undefined)` lifts it). */
  locationPolicy: LocationPolicy;
  /** Turn IAM at CreateJob on (`configure({ bindings })`) or off (`configure(undefined)`) while running. */
  iam: Iam;
  logs: LogStore;
  setIngestionLag(ms: number): void;
  stop(): Promise<void>;
}

/** Each listed repository is in its own location (and a listed location wins). */
function repositoryLocations(options: EmulatorOptions): Map<string, string> {
  const locations = new Map(Object.entries(options.repositoryLocations ?? {}));
  for (const name of options.repositories ?? []) {
    const match = /^projects\/([^/]+)\/locations\/([^/]+)\/repositories\/([^/]+)$/.exec(name);
    if (!match) throw new Error(`repositories: "${name}" is not projects/P/locations/L/repositories/R`);
    const key = `${match[1]}/${match[3]}`;
    if (!locations.has(key)) locations.set(key, match[2]!);
  }
  return locations;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'cra-emulator-'));
  const registry = options.registry
    ? undefined
    : await startRegistry({ dir: path.join(workDir, 'registry') });
  const quotas = new Quotas();
  quotas.configure(options.quotas ?? {});
  const faults = new Faults();
  faults.configure(options.faults ?? {});
  const behaviours = new Behaviours();
  behaviours.configure(options.behaviours);
  const locationPolicy = new LocationPolicy();
  locationPolicy.configure(options.allowedLocations);
  const iam = new Iam();
  iam.configure(options.iam);
  const ctx: Context = {
    ingestionLagMs: options.ingestionLagMs ?? 3000,
    registry: options.registry ?? registry!.address,
    dockerHost: options.dockerHost ?? process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock',
    workDir,
    quotas,
    faults,
    behaviours,
    locationPolicy,
    iam,
    repositoryLocations: repositoryLocations(options),
    repositories: options.repositories && new Set(options.repositories),
    logs: new LogStore(options.ingestionLagMs ?? 3000),
    calls: new Map(),
    callLog: [],
    inspectors: {},
    onStop: [],
    log: options.log ?? (() => {}),
  };

  const { services } = loadProtos();
  const server = new grpc.Server({ 'grpc.max_receive_message_length': 64 * 1024 * 1024 });
  const implementations: Record<string, ServiceImpl> = {
    ...secretManagerServices(ctx),
    ...runServices(ctx, options.run),
    ...loggingServices(ctx),
    ...artifactRegistryServices(ctx),
  };
  for (const [serviceName, definition] of Object.entries(services)) {
    server.addService(definition, bindService(ctx, definition, implementations[serviceName] ?? {}));
  }
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(
      `127.0.0.1:${options.port ?? 0}`,
      grpc.ServerCredentials.createInsecure(),
      (err, bound) => (err ? reject(err) : resolve(bound)),
    ),
  );

  const host = '127.0.0.1';
  return {
    endpoint: `${host}:${port}`,
    host,
    port,
    registry: ctx.registry,
    clientOptions: (projectId = 'test-project') => emulatorClientOptions(host, port, projectId),
    resources: () =>
      Object.fromEntries(Object.entries(ctx.inspectors).map(([name, inspect]) => [name, inspect()])),
    calls: ctx.calls,
    callLog: ctx.callLog,
    quotas,
    faults,
    behaviours,
    locationPolicy,
    iam,
    logs: ctx.logs,
    setIngestionLag(ms: number) {
      ctx.ingestionLagMs = ms;
      ctx.logs.ingestionLagMs = ms;
    },
    async stop() {
      for (const hook of ctx.onStop) await hook();
      await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
      server.forceShutdown();
      await registry?.stop();
      await fs.rm(workDir, { recursive: true, force: true });
    },
  };
}

/** The options that make an official Google client talk to the emulator (see gcp.md). */
export function emulatorClientOptions(host: string, port: number, projectId: string): ClientOptions {
  return {
    apiEndpoint: host,
    port,
    sslCreds: grpc.credentials.createInsecure(),
    universeDomain: 'googleapis.com',
    projectId,
  };
}

type Implementation = Record<string, (...args: any[]) => void>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Turns a ServiceImpl into grpc-js handlers: counts each call, applies injected latency and faults,
 * converts thrown RpcErrors into statuses and answers UNIMPLEMENTED for methods the emulator lacks.
 */
function bindService(ctx: Context, definition: grpc.ServiceDefinition, impl: ServiceImpl): Implementation {
  const handlers: Implementation = {};
  for (const [methodName, method] of Object.entries(definition)) {
    const rpcPath = method.path;
    const short = rpcPath.slice(rpcPath.lastIndexOf('/') + 1);
    const count = (request?: unknown) => {
      ctx.calls.set(short, (ctx.calls.get(short) ?? 0) + 1);
      if (ctx.callLog.length < 1_000_000)
        ctx.callLog.push({ method: short, at: Date.now(), resource: resourceOf(request) });
    };
    const unary = impl.unary?.[short];
    const streaming = impl.streaming?.[short];
    if (streaming) {
      handlers[methodName] = (call: grpc.ServerDuplexStream<unknown, unknown>) => {
        count();
        void (async () => {
          const latency = ctx.faults.latencyMs(rpcPath);
          if (latency) await sleep(latency);
          const code = ctx.faults.drawError(rpcPath);
          if (code !== undefined) {
            ctx.log(`fault: ${short} -> ${Status[code]}`);
            call.emit('error', { code, details: `Injected fault (${Status[code]})` });
            return;
          }
          streaming(call);
        })();
      };
    } else if (unary) {
      handlers[methodName] = (
        call: grpc.ServerUnaryCall<unknown, unknown>,
        callback: grpc.sendUnaryData<unknown>,
      ) => {
        count(call.request);
        void (async () => {
          const latency = ctx.faults.latencyMs(rpcPath);
          if (latency) await sleep(latency);
          const answer = ctx.faults.answer(rpcPath);
          if (answer) throw new RpcError(answer.code, answer.message, statusDetails(answer));
          const code = ctx.faults.drawError(rpcPath);
          const late = code !== undefined && ctx.faults.isLate(rpcPath, code);
          if (code !== undefined && !late) {
            ctx.log(`fault: ${short} -> ${Status[code]}`);
            throw new RpcError(code, `Injected fault (${Status[code]})`);
          }
          const response = await unary(call.request, call);
          if (code !== undefined) {
            // The call took effect; only its answer is lost, as when a deadline passes in flight.
            ctx.log(`fault: ${short} -> ${Status[code]} after it took effect`);
            throw new RpcError(code, `Injected fault (${Status[code]}) after the call took effect`);
          }
          return response;
        })().then(
          (response) => callback(null, response as object),
          (error: unknown) => callback(toServiceError(error)),
        );
      };
    } else {
      handlers[methodName] = (call: { emit?: unknown }, callback?: grpc.sendUnaryData<unknown>) => {
        count();
        const error = { code: Status.UNIMPLEMENTED, details: `${short} is not implemented by the emulator` };
        if (callback) callback(error);
        else (call as unknown as NodeJS.EventEmitter).emit('error', error);
      };
    }
  }
  return handlers;
}

/**
 * The resource a unary request names (`name`, else `parent` with the new id), so a benchmark can
 * tell which run a call belongs to.
 */
function resourceOf(request: unknown): string | undefined {
  const r = (request ?? {}) as Record<string, unknown>;
  const base = typeof r.name === 'string' && r.name ? r.name : typeof r.parent === 'string' ? r.parent : '';
  const id = [r.jobId, r.secretId].find((v) => typeof v === 'string' && v);
  return id ? `${base}/${String(id)}` : base || undefined;
}

function toServiceError(error: unknown): Partial<grpc.StatusObject> {
  if (error instanceof RpcError)
    return { code: error.code, details: error.message, metadata: error.metadata };
  const message = error instanceof Error ? error.message : String(error);
  return { code: Status.INTERNAL, details: `Emulator internal error: ${message}` };
}
