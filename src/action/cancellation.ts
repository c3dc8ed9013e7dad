// Cancellation: what the action does when the runner cancels the workflow.
import { setTimeout as sleep } from 'node:timers/promises';
import * as core from '@actions/core';
import type { Cloud } from '../google/connect.ts';
import { log } from '../output/log.ts';
import { Code, errorCode } from '../google/errors.ts';
import type { RunState } from './state.ts';

/** While the execution does not exist yet, cancelling is tried again this often. */
const notYetMs = 250;

/**
 * The runner sends SIGINT when the workflow is cancelled, SIGTERM 7.5 s later and kills the process
 * 2.5 s after that. On SIGINT nothing more is started; a create already sent (a secret, the job
 * that starts its execution) is let land, within a bound, so that post sees and deletes it rather
 * than racing it; then the execution, if there is one, is cancelled, well before SIGTERM. Post
 * deletes the rest.
 */
export function watchForCancellation(cloud: Cloud, state: RunState) {
  const controller = new AbortController();
  const inflight = new Set<Promise<unknown>>();
  let execution: string | undefined;
  let cancelling: Promise<void> | undefined;
  const cancelExecution = (): Promise<void> => {
    if (!execution) return Promise.resolve();
    const name = execution;
    cancelling ??= (async () => {
      log.info(`Cancelling execution ${name.split('/').pop()}`);
      const deadline = Date.now() + 3_000;
      for (;;) {
        try {
          await cloud.run.cancelExecution(name, { deadlineMs: Math.max(1, deadline - Date.now()) });
          return;
        } catch (error) {
          const code = errorCode(error);
          // Cloud Run creates the execution a token asks for once the job's checks pass: it may
          // not exist yet, a moment after CreateJob. Post stops it if it comes later still.
          if (code === Code.NOT_FOUND && Date.now() + notYetMs < deadline) {
            await sleep(notYetMs);
            continue;
          }
          if (code === Code.NOT_FOUND)
            log.info('The execution does not exist yet; post deletes the job, which stops it.');
          else if (code !== Code.FAILED_PRECONDITION)
            log.warning(`Cancelling failed: ${(error as Error).message}`);
          return;
        }
      }
    })();
    return cancelling;
  };
  process.once('SIGINT', () => {
    log.info('The workflow was cancelled.');
    controller.abort();
    // Fire and forget: a signal handler cannot wait, and this ends the process itself.
    void (async () => {
      if (inflight.size) {
        log.info('Waiting for the calls already sent to land, so that post can delete what they create.');
        await Promise.race([Promise.allSettled([...inflight]), sleep(4_000)]);
      }
      await cancelExecution();
    })().finally(() => {
      core.setOutput('status', 'cancelled');
      core.setOutput('conclusion', 'cancelled');
      log.fail('The run was cancelled; the post step deletes what it created.');
      process.exit(1);
    });
  });
  process.once('SIGTERM', () => process.exit(1));
  return {
    signal: controller.signal,
    check(): void {
      if (controller.signal.aborted) throw new Error('Cancelled before the execution started.');
    },
    /** A call that creates something: on SIGINT, waited for (bounded) before the process exits. */
    track<T>(work: Promise<T>): Promise<T> {
      inflight.add(work);
      work.then(
        () => inflight.delete(work),
        () => inflight.delete(work),
      );
      return work;
    },
    /** The execution CreateJob's token starts is named (or Cloud Run named it otherwise). */
    executionKnown(name: string): void {
      if (name === execution) return;
      execution = name;
      cancelling = undefined;
      // Cancelled while CreateJob was in flight: cancel now. Not awaited: the SIGINT handler waits
      // for the same promise (which never rejects) before the process exits.
      if (controller.signal.aborted) void cancelExecution();
    },
    state,
  };
}

export type Cancellation = ReturnType<typeof watchForCancellation>;
