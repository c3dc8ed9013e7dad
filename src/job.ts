// The one-shot Cloud Run job: its spec, and reading an execution's outcome.
import { constants } from 'node:os';
import type { Execution, Job, Task } from './google.ts';
import { mountPath, type CredentialRef } from './credentials.ts';
import type { ExistingCredential } from './existing-secrets.ts';
import type { VpcAccess } from './vpc.ts';

export interface MountedCredential {
  credential: CredentialRef;
  /** Secret resource name (`projects/p/secrets/s`). */
  secret: string;
  /** field → version number, as added (or as given for an existing secret: a number or `latest`). */
  versions: Map<string, string>;
}

/** Existing secrets mount as the run's own do: one volume per instance, an item per field. */
export const existingMounts = (existing: ExistingCredential[]): MountedCredential[] =>
  existing.map(({ type, instance, secret, versions }) => ({
    credential: { type, instance },
    secret,
    versions,
  }));

export interface JobSpec {
  image: string;
  env: Record<string, string>;
  mounts: MountedCredential[];
  timeoutSeconds: number;
  cpu: string;
  memory: string;
  serviceAccount?: string;
  /** Direct VPC egress or a connector (src/vpc.ts); none: Cloud Run's own network only. */
  vpcAccess?: VpcAccess;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** The Job resource: one task, no retries, secrets as one volume per credential instance. */
export function jobResource(spec: JobSpec): Job {
  const volumes = spec.mounts.map((mount, i) => ({
    name: `credentials-${i + 1}`,
    secret: {
      secret: mount.secret,
      items: [...mount.versions].map(([field, version]) => ({ path: field, version })),
    },
  }));
  return {
    labels: spec.labels,
    annotations: spec.annotations,
    template: {
      labels: spec.labels,
      taskCount: 1,
      parallelism: 1,
      template: {
        containers: [
          {
            image: spec.image,
            env: Object.entries(spec.env).map(([name, value]) => ({ name, value })),
            resources: { limits: { cpu: spec.cpu, memory: spec.memory } },
            volumeMounts: spec.mounts.map((mount, i) => ({
              name: `credentials-${i + 1}`,
              mountPath: mountPath(mount.credential),
            })),
          },
        ],
        volumes,
        maxRetries: 0,
        timeout: { seconds: spec.timeoutSeconds },
        serviceAccount: spec.serviceAccount,
        ...(spec.vpcAccess && { vpcAccess: spec.vpcAccess }),
      },
    },
  };
}

export type Status = 'succeeded' | 'failed' | 'cancelled' | 'timed_out';

export interface Outcome {
  status: Status;
  /** The container's exit code; for a task the system killed by a signal, 128 + the signal. */
  exitCode?: number;
  /** The signal the system killed the task with (`termSignal`), when it did. */
  signal?: number;
  /** Why, in Cloud Run's words, when it did not succeed. */
  reason?: string;
}

const grpcDeadlineExceeded = 4;

/** The outcome of a finished execution, from its counts and conditions and its task's last attempt. */
export function outcome(execution: Execution, tasks: Task[]): Outcome {
  const task = tasks[0];
  const attempt = task?.lastAttemptResult;
  // "At most one of exit_code or term_signal will be set"; proto3 shows the unset one as 0.
  const signal = Number(attempt?.termSignal ?? 0) || undefined;
  const exitCode = signal
    ? 128 + signal // the shell's convention, as render.ts reads "Container terminated on signal N."
    : typeof attempt?.exitCode === 'number' && (attempt.exitCode !== 0 || !attempt.status?.code)
      ? attempt.exitCode
      : undefined;
  const completed = execution.conditions?.find((c) => c.type === 'Completed');
  const message = attempt?.status?.message || completed?.message || undefined;
  const reason = signal ? withSignal(message, signal) : message;
  const killed = signal ? { signal } : {};
  if (Number(execution.cancelledCount ?? 0) > 0 || String(completed?.executionReason ?? '') === 'CANCELLED') {
    return { status: 'cancelled', exitCode, ...killed, reason: reason ?? 'The execution was cancelled.' };
  }
  if (Number(execution.succeededCount ?? 0) > 0) return { status: 'succeeded', exitCode: exitCode ?? 0 };
  if (
    attempt?.status?.code === grpcDeadlineExceeded ||
    /timeout was reached|timed out/i.test(message ?? '')
  ) {
    return { status: 'timed_out', exitCode, ...killed, reason };
  }
  return { status: 'failed', exitCode, ...killed, reason };
}

/** The reason with the signal named: "… Killed by signal 9 (SIGKILL)." */
function withSignal(message: string | undefined, signal: number): string {
  const name = Object.entries(constants.signals).find(([, n]) => n === signal)?.[0];
  const killed = `Killed by signal ${signal}${name ? ` (${name})` : ''}.`;
  return message ? `${message} ${killed}` : killed;
}

/** Whether Cloud Run considers the execution finished. */
export const finished = (execution: Execution): boolean => Boolean(execution.completionTime);
