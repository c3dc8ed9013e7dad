// How an execution ended, read from Cloud Run: its counts and conditions, and its task's last
// attempt (the exit code, or the signal the system killed it with).
import { constants } from 'node:os';
import type { Execution, Task } from '../google/connect.ts';

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
    ? 128 + signal // the shell's convention, as log-mirror/printer.ts reads "Container terminated on signal N."
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
