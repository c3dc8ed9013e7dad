import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Credential } from '../../../src/credentials/env.ts';
import type { Execution, Task } from '../../../src/google/connect.ts';
import { jobResource, type JobSpec } from '../../../src/job/spec.ts';
import { finished, outcome } from '../../../src/job/outcome.ts';

const credential = (type: string, instance: string, fields: string[]): Credential => ({
  type,
  instance,
  fields: new Map(fields.map((f) => [f, Buffer.from(`${f}-value`)])),
});

const spec: JobSpec = {
  image: 'us-central1-docker.pkg.dev/p/r/agent@sha256:' + 'a'.repeat(64),
  env: { PROMPT: 'do it', LOG_LEVEL: 'debug' },
  mounts: [
    {
      credential: credential('git_ssh', 'botty', ['id_rsa', 'username', 'email']),
      secret: 'projects/p/secrets/al-x-c1-git-ssh-botty',
      versions: new Map([
        ['id_rsa', '1'],
        ['username', '2'],
        ['email', '3'],
      ]),
    },
    {
      credential: credential('github_token', 'default', ['token']),
      secret: 'projects/p/secrets/al-x-c2-github-token-default',
      versions: new Map([['token', '1']]),
    },
  ],
  timeoutSeconds: 1800,
  cpu: '2',
  memory: '1Gi',
  serviceAccount: 'runner@p.iam.gserviceaccount.com',
  labels: { 'managed-by': 'cloud-run-agent', team: 'x' },
  annotations: { 'cloud-run-agent/agent': 'Reviewer' },
  startToken: 'k7q2z',
};

describe('jobResource', () => {
  test('the whole resource', () => {
    assert.deepEqual(jobResource(spec), {
      labels: { 'managed-by': 'cloud-run-agent', team: 'x' },
      annotations: { 'cloud-run-agent/agent': 'Reviewer' },
      startExecutionToken: 'k7q2z',
      template: {
        labels: { 'managed-by': 'cloud-run-agent', team: 'x' },
        taskCount: 1,
        parallelism: 1,
        template: {
          containers: [
            {
              image: spec.image,
              env: [
                { name: 'PROMPT', value: 'do it' },
                { name: 'LOG_LEVEL', value: 'debug' },
              ],
              resources: { limits: { cpu: '2', memory: '1Gi' } },
              volumeMounts: [
                { name: 'credentials-1', mountPath: '/credentials/git_ssh/botty' },
                { name: 'credentials-2', mountPath: '/credentials/github_token/default' },
              ],
            },
          ],
          volumes: [
            {
              name: 'credentials-1',
              secret: {
                secret: 'projects/p/secrets/al-x-c1-git-ssh-botty',
                items: [
                  { path: 'id_rsa', version: '1' },
                  { path: 'username', version: '2' },
                  { path: 'email', version: '3' },
                ],
              },
            },
            {
              name: 'credentials-2',
              secret: {
                secret: 'projects/p/secrets/al-x-c2-github-token-default',
                items: [{ path: 'token', version: '1' }],
              },
            },
          ],
          maxRetries: 0,
          timeout: { seconds: 1800 },
          serviceAccount: 'runner@p.iam.gserviceaccount.com',
        },
      },
    });
  });

  test('one volume per credential instance, each mount path once', () => {
    const job = jobResource(spec);
    const mounts = job.template!.template!.containers![0]!.volumeMounts!;
    assert.equal(new Set(mounts.map((m) => m.mountPath)).size, mounts.length);
    assert.equal(job.template!.template!.volumes!.length, 2);
  });

  test('without a start token, the job starts nothing itself', () => {
    const job = jobResource({ ...spec, startToken: undefined });
    assert.ok(!('startExecutionToken' in job) && !('runExecutionToken' in job));
  });

  test('no credentials: no volumes, no mounts', () => {
    const job = jobResource({ ...spec, mounts: [], serviceAccount: undefined });
    assert.deepEqual(job.template!.template!.volumes, []);
    assert.deepEqual(job.template!.template!.containers![0]!.volumeMounts, []);
    assert.equal(job.template!.template!.serviceAccount, undefined);
  });
});

type Condition = NonNullable<Execution['conditions']>[number];
const completed = (extra: Record<string, unknown> = {}): Condition =>
  ({ type: 'Completed', state: 'CONDITION_SUCCEEDED', ...extra }) as Condition;
const task = (lastAttemptResult: Task['lastAttemptResult']): Task => ({ name: 't', lastAttemptResult });

describe('outcome', () => {
  test('succeeded with exit code 0', () => {
    const execution: Execution = { succeededCount: 1, conditions: [completed()] };
    assert.deepEqual(outcome(execution, [task({ status: { code: 0, message: '' }, exitCode: 0 })]), {
      status: 'succeeded',
      exitCode: 0,
    });
  });

  test('succeeded without a task result still reads exit code 0', () => {
    assert.deepEqual(outcome({ succeededCount: 1 }, []), { status: 'succeeded', exitCode: 0 });
  });

  for (const code of [1, 3, 5, 12, 42, 124]) {
    test(`failed with exit code ${code}`, () => {
      const message = `Task al-x-abcde-task0 failed with message: The container exited with an error. Exit code: ${code}`;
      const execution: Execution = {
        failedCount: 1,
        conditions: [completed({ state: 'CONDITION_FAILED', message: 'Task failed' })],
      };
      assert.deepEqual(outcome(execution, [task({ status: { code: 2, message }, exitCode: code })]), {
        status: 'failed',
        exitCode: code,
        reason: message,
      });
    });
  }

  test('failed: the reason falls back to the Completed condition, then undefined', () => {
    const execution: Execution = {
      failedCount: 1,
      conditions: [{ type: 'Ready' }, completed({ state: 'CONDITION_FAILED', message: 'Image pull failed' })],
    };
    assert.deepEqual(outcome(execution, []), {
      status: 'failed',
      exitCode: undefined,
      reason: 'Image pull failed',
    });
    assert.deepEqual(outcome({ failedCount: 1 }, []), {
      status: 'failed',
      exitCode: undefined,
      reason: undefined,
    });
  });

  test('cancelled by count; exit code 0 with an error status is not an exit code', () => {
    const execution: Execution = {
      cancelledCount: 1,
      conditions: [
        completed({ state: 'CONDITION_FAILED', message: 'The execution was cancelled by a user.' }),
      ],
    };
    assert.deepEqual(outcome(execution, [task({ status: { code: 1, message: '' }, exitCode: 0 })]), {
      status: 'cancelled',
      exitCode: undefined,
      reason: 'The execution was cancelled by a user.',
    });
  });

  test('cancelled by the condition reason, with a default reason', () => {
    const execution: Execution = {
      conditions: [completed({ state: 'CONDITION_FAILED', executionReason: 'CANCELLED' })],
    };
    assert.deepEqual(outcome(execution, []), {
      status: 'cancelled',
      exitCode: undefined,
      reason: 'The execution was cancelled.',
    });
  });

  test('cancelled keeps an exit code the container did return', () => {
    assert.deepEqual(
      outcome({ cancelledCount: 1 }, [task({ status: { code: 1, message: 'stopped' }, exitCode: 143 })]),
      {
        status: 'cancelled',
        exitCode: 143,
        reason: 'stopped',
      },
    );
  });

  test('killed by a signal (termSignal, no exit code): exit code 128 + N, the signal named in the reason', () => {
    const message = 'The container was terminated by a signal.';
    const killed = task({ status: { code: 10, message }, exitCode: 0, termSignal: 9 });
    assert.deepEqual(outcome({ failedCount: 1 }, [killed]), {
      status: 'failed',
      exitCode: 137,
      signal: 9,
      reason: `${message} Killed by signal 9 (SIGKILL).`,
    });
    const timedOut = task({
      status: { code: 4, message: 'The configured timeout was reached.' },
      termSignal: 9,
    });
    assert.deepEqual(outcome({ failedCount: 1 }, [timedOut]), {
      status: 'timed_out',
      exitCode: 137,
      signal: 9,
      reason: 'The configured timeout was reached. Killed by signal 9 (SIGKILL).',
    });
    const cancelled = task({ status: { code: 1, message: '' }, termSignal: 15 });
    assert.deepEqual(outcome({ cancelledCount: 1 }, [cancelled]), {
      status: 'cancelled',
      exitCode: 143,
      signal: 15,
      reason: 'Killed by signal 15 (SIGTERM).',
    });
  });

  test('timed out by status DEADLINE_EXCEEDED', () => {
    const execution: Execution = { failedCount: 1 };
    assert.deepEqual(
      outcome(execution, [task({ status: { code: 4, message: 'Task exceeded its deadline' }, exitCode: 0 })]),
      {
        status: 'timed_out',
        exitCode: undefined,
        reason: 'Task exceeded its deadline',
      },
    );
  });

  for (const message of ['The configured timeout was reached.', 'Task al-x-task0 timed out']) {
    test(`timed out by message: ${message}`, () => {
      assert.deepEqual(
        outcome({ failedCount: 1, conditions: [completed({ state: 'CONDITION_FAILED', message })] }, []),
        {
          status: 'timed_out',
          exitCode: undefined,
          reason: message,
        },
      );
    });
  }

  test('the first task is the one read', () => {
    assert.equal(outcome({ failedCount: 1 }, [task({ exitCode: 7 }), task({ exitCode: 9 })]).exitCode, 7);
  });

  test('int32 counts as strings are read as numbers', () => {
    assert.equal(
      outcome({ cancelledCount: '0' as unknown as number, succeededCount: '1' as unknown as number }, [])
        .status,
      'succeeded',
    );
  });
});

test('finished: only once completionTime is set', () => {
  assert.equal(finished({}), false);
  assert.equal(finished({ completionTime: null }), false);
  assert.equal(finished({ completionTime: { seconds: '1700000000' } }), true);
});
