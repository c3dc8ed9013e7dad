// What every service module of the emulator shares: configuration, quotas, faults, the log store,
// call counts and the hooks services use to reach each other (Cloud Run reads Secret Manager's
// payloads and writes container output into Cloud Logging's store).
import type { Behaviours } from './behaviours.ts';
import type { Faults } from './faults.ts';
import type { Iam } from './iam.ts';
import type { LocationPolicy } from './locationpolicy.ts';
import type { LogStore } from './logstore.ts';
import type { Quotas } from './quotas.ts';

/** A unary handler: the decoded request in, the response object out; throw RpcError to fail. */
export type UnaryHandler = (request: any, call: any) => Promise<unknown> | unknown; // eslint-disable-line @typescript-eslint/no-explicit-any
/** A streaming handler receives the raw grpc-js call. */
export type StreamHandler = (call: any) => void; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface ServiceImpl {
  unary?: Record<string, UnaryHandler>;
  streaming?: Record<string, StreamHandler>;
}

export interface SecretAccess {
  /** The payload of `projects/p/secrets/s/versions/v` (or `latest`), or an error message. */
  payload(versionName: string): { data: Buffer } | { error: string };
  /** Whether the secret `projects/p/secrets/s` exists (and, with a version, that version is enabled). */
  exists(secretName: string, version?: string): boolean;
}

/** One call as it arrived: short method name, time (ms since the epoch), the resource it names. */
export interface CallRecord {
  method: string;
  at: number;
  /** A unary request's `name`, else its `parent` (with `/jobId` or `/secretId` when it creates one). */
  resource?: string;
}

export interface Context {
  /** Milliseconds between a container printing a line and the entry being readable. */
  ingestionLagMs: number;
  /** Address (host:port) of the real registry behind Artifact Registry. */
  registry: string;
  /** The Docker engine executions run on (DOCKER_HOST form). */
  dockerHost: string;
  /** Where per-execution secret files are materialised. */
  workDir: string;
  quotas: Quotas;
  faults: Faults;
  /** Google's documented behaviours that are off unless switched on (behaviours.ts). */
  behaviours: Behaviours;
  /** The project's `constraints/gcp.resourceLocations` policy (Secret Manager honours it). */
  locationPolicy: LocationPolicy;
  /** IAM as CreateJob checks it (off by default: every call allowed). */
  iam: Iam;
  /**
   * Artifact Registry repositories (`project/repository`) by location; one not listed is in the
   * location of the first call that names it.
   */
  repositoryLocations: Map<string, string>;
  /**
   * The Artifact Registry repositories that exist (`projects/P/locations/L/repositories/R`);
   * undefined: every repository a call names exists.
   */
  repositories?: Set<string>;
  logs: LogStore;
  /** Calls received, by short method name (`CreateSecret`), counted before faults are drawn. */
  calls: Map<string, number>;
  /** Every call with the time it arrived (ms since the epoch), for benchmarks; capped at 1,000,000. */
  callLog: CallRecord[];
  /** Set by the Secret Manager module. */
  secrets?: SecretAccess;
  /** Each service adds a function that reports its live resources, for tests and benchmarks. */
  inspectors: Record<string, () => unknown>;
  /** Functions run at stop (stop containers, clear timers). */
  onStop: (() => Promise<void> | void)[];
  log: (message: string) => void;
}
