// google.longrunning.Operations as Google serves it next to an API: one store per emulator, any
// service (Cloud Run here, Artifact Registry too) starts operations in it, and the official clients'
// `operation.promise()` polls GetOperation until `done`.
//
// Reference: https://cloud.google.com/run/docs/reference/rpc/google.longrunning
// Cloud Run v2 serves get, list, delete and wait on projects.locations.operations, not cancel
// (https://cloud.google.com/run/docs/reference/rest/v2/projects.locations.operations), so
// CancelOperation answers UNIMPLEMENTED as it does on Google.
import { randomUUID } from 'node:crypto';
import type { Context, ServiceImpl } from './context.ts';
import { packAny } from './protos.ts';
import { durationSeconds, invalidArgument, notFound, paginate, RpcError, Status } from './rpc.ts';

/** A google.rpc.Status in the loader's representation. */
export interface RpcStatus {
  code: number;
  message: string;
}

interface OperationRecord {
  name: string;
  metadataType: string;
  responseType: string;
  /** Read on every GetOperation so the metadata follows the resource while it changes. */
  metadata: () => object;
  done: boolean;
  response?: object;
  error?: RpcStatus;
  waiters: Set<() => void>;
}

/** What a service keeps to finish an operation it started. */
export interface OperationHandle {
  readonly name: string;
  complete(response: object): void;
  fail(error: RpcStatus): void;
}

export interface StartOptions {
  /** `projects/P/locations/L`: operations live under the location of the resource. */
  parent: string;
  /** Fully qualified message names, e.g. `google.cloud.run.v2.Execution`. */
  metadataType: string;
  responseType?: string;
  metadata: () => object;
}

export class OperationStore {
  private readonly records = new Map<string, OperationRecord>();

  start(options: StartOptions): OperationHandle {
    const record: OperationRecord = {
      name: `${options.parent}/operations/${randomUUID()}`,
      metadataType: options.metadataType,
      responseType: options.responseType ?? options.metadataType,
      metadata: options.metadata,
      done: false,
      waiters: new Set(),
    };
    this.records.set(record.name, record);
    const finish = (update: { response?: object; error?: RpcStatus }) => {
      if (record.done) return;
      // Freeze the metadata at completion: the resource may be deleted afterwards.
      const frozen = options.metadata();
      record.metadata = () => frozen;
      Object.assign(record, update, { done: true });
      for (const wake of record.waiters) wake();
      record.waiters.clear();
    };
    return {
      name: record.name,
      complete: (response) => finish({ response }),
      fail: (error) => finish({ error }),
    };
  }

  /** The operation as google.longrunning.Operation, or undefined. */
  get(name: string): object | undefined {
    const record = this.records.get(name);
    return record && toOperation(record);
  }

  list(parent: string): object[] {
    const prefix = `${parent}/operations/`;
    return [...this.records.values()].filter((r) => r.name.startsWith(prefix)).map(toOperation);
  }

  isDone(name: string): boolean {
    return this.records.get(name)?.done ?? false;
  }

  delete(name: string): boolean {
    return this.records.delete(name);
  }

  /** Resolves when the operation is done or after `timeoutMs`, whichever comes first. */
  async wait(name: string, timeoutMs: number): Promise<object | undefined> {
    const record = this.records.get(name);
    if (!record) return undefined;
    if (!record.done) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(wake, timeoutMs);
        function wake() {
          clearTimeout(timer);
          record!.waiters.delete(wake);
          resolve();
        }
        record.waiters.add(wake);
      });
    }
    return toOperation(record);
  }

  /** Summaries for the inspector. */
  summary(): { name: string; done: boolean; error?: RpcStatus }[] {
    return [...this.records.values()].map((r) => ({
      name: r.name,
      done: r.done,
      ...(r.error && { error: r.error }),
    }));
  }
}

function toOperation(record: OperationRecord): object {
  const operation: Record<string, unknown> = {
    name: record.name,
    metadata: packAny(record.metadataType, record.metadata()),
    done: record.done,
  };
  if (record.response) operation.response = packAny(record.responseType, record.response);
  if (record.error) operation.error = { code: record.error.code, message: record.error.message, details: [] };
  return operation;
}

const stores = new WeakMap<Context, OperationStore>();

/** The emulator's one operation store (shared by every service that returns operations). */
export function operationStore(ctx: Context): OperationStore {
  let store = stores.get(ctx);
  if (!store) {
    store = new OperationStore();
    stores.set(ctx, store);
  }
  return store;
}

// Observed: Google answers NOT_FOUND for an unknown operation; the exact text is our best guess.
const operationNotFound = (name: string) => notFound(`Operation '${name}' not found.`);

/** A call without a deadline waits at most this long, like an RPC bounded by Google's front end. */
const maxWaitMs = 60_000;

function waitTimeoutMs(
  request: { timeout?: { seconds?: string; nanos?: number } | null },
  call: { getDeadline?: () => Date | number },
): number {
  const requested = request.timeout ? durationSeconds(request.timeout) * 1000 : maxWaitMs;
  const deadline = call.getDeadline?.();
  const untilDeadline =
    deadline === undefined || deadline === Infinity ? Infinity : Number(deadline) - Date.now();
  return Math.max(0, Math.min(requested, maxWaitMs, untilDeadline));
}

/** Filters supported by ListOperations: none, or `done=true|false` (AIP-160 subset). */
function doneFilter(filter: string | undefined | null): ((op: object) => boolean) | undefined {
  const text = (filter ?? '').trim();
  if (!text) return undefined;
  const match = /^done\s*=\s*(true|false)$/.exec(text);
  if (!match) throw invalidArgument(`Unsupported filter: ${text}`);
  const wanted = match[1] === 'true';
  return (op) => (op as { done: boolean }).done === wanted;
}

export function operationsService(ctx: Context): ServiceImpl {
  const store = operationStore(ctx);
  return {
    unary: {
      GetOperation: (request: { name: string }) => store.get(request.name) ?? throwNotFound(request.name),
      ListOperations: (request: { name: string; filter?: string; pageSize?: number; pageToken?: string }) => {
        if (!request.name) throw invalidArgument('name is required: projects/{project}/locations/{location}');
        const keep = doneFilter(request.filter);
        const all = store.list(request.name).filter((op) => !keep || keep(op));
        const { page, nextPageToken } = paginate(all, request, { defaultSize: 100, maxSize: 1000 });
        return { operations: page, nextPageToken };
      },
      DeleteOperation: (request: { name: string }) => {
        if (!store.delete(request.name)) throwNotFound(request.name);
        return {};
      },
      WaitOperation: async (
        request: { name: string; timeout?: { seconds?: string; nanos?: number } },
        call,
      ) => {
        // "It may return the latest state before the specified timeout (including immediately)."
        const early = ctx.behaviours.config.earlyWaitMs;
        const timeoutMs = Math.min(waitTimeoutMs(request, call), early ?? Infinity);
        const operation = await store.wait(request.name, timeoutMs);
        if (early !== undefined && operation && !(operation as { done: boolean }).done)
          ctx.behaviours.counts.earlyWaits++;
        return operation ?? throwNotFound(request.name);
      },
      CancelOperation: () => {
        throw new RpcError(Status.UNIMPLEMENTED, 'Operation cancellation is not supported by Cloud Run.');
      },
    },
  };
}

function throwNotFound(name: string): never {
  throw operationNotFound(name);
}
