// Suite 4, crash recovery and cancellation, at each stage of a run:
//   after the secrets exist (CreateJob, which also starts the execution, in flight), after the
//   job exists (its execution starting: the action waits on the CreateJob operation), while the
//   execution runs, and while the last log lines are drained.
// A crash is SIGKILL of main with no post step (a runner that died): every secret of the run must
// carry its own expiry (timeout + 30 min), and one reap run (GitHub reports the dead run completed)
// must leave nothing. A cancellation is the runner's SIGINT, SIGTERM 7.5 s later: an execution that
// exists, or whose CreateJob was in flight, must be cancelled before SIGTERM, and post must leave nothing.
import { randomBytes, randomInt } from 'node:crypto';
import { connect } from '../../src/google/connect.ts';
import { runAgent, startFixture, project, region, actionDir, type Fixture } from '../e2e/fixtures.ts';
import type { Emulator } from '../emulator/server.ts';
import { startFakeGitHub } from '../infra/github-api.ts';
import { runAction, type LogLine, type Trigger } from '../harness/runner.ts';
import {
  leftCount,
  newResult,
  quotaLines,
  recordMemory,
  secretBytesIn,
  visible,
  type SuiteResult,
} from './common.ts';

export type Stage = 'after secrets' | 'after job creation' | 'while running' | 'while draining';
export const stages: Stage[] = ['after secrets', 'after job creation', 'while running', 'while draining'];

export interface CrashOptions {
  /** Runs per stage and kind (crash, cancel). */
  repeat: number;
}

const inFlightMs = 3_000;
const timeoutSeconds = 300;
const ttlMarginSeconds = 30 * 60;
const repository = 'octo-org/octo-repo';

interface SecretView {
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  createTime?: string;
  expireTime?: string;
}

const secretsOf = (emulator: Emulator, runId: string): SecretView[] =>
  (emulator.resources() as { secretmanager: { secrets: SecretView[] } }).secretmanager.secrets.filter(
    (s) => s.annotations['gh-run-id'] === runId,
  );

const jobsOf = (emulator: Emulator, jobId: string | undefined): string[] =>
  jobId
    ? (emulator.resources() as { run: { jobs: string[] } }).run.jobs.filter((j) => j.endsWith(`/${jobId}`))
    : [];

/**
 * When a stage is reached: the call kept in flight has arrived at the emulator (it lands 3 s later,
 * whatever happens to the process that sent it), or the step's log (debug lines included) says so.
 * `at` receives the moment it was first seen.
 */
function reached(stage: Stage, emulator: Emulator, at: (ms: number) => void): Trigger {
  const once = (hit: boolean): boolean => {
    if (hit) at(Date.now());
    return hit;
  };
  const arrived = (method: string) => {
    const before = emulator.calls.get(method) ?? 0;
    return () => once((emulator.calls.get(method) ?? 0) > before);
  };
  const last = (log: LogLine[]) => log.at(-1)?.line ?? '';
  switch (stage) {
    case 'after secrets':
      return { poll: arrived('CreateJob') };
    case 'after job creation':
      return { poll: arrived('WaitOperation') };
    case 'while running':
      return { when: (log) => once(last(log) === 'started') };
    case 'while draining':
      return { when: (log) => once(/^::debug::Execution \S+ ended/.test(last(log))) };
  }
}

/**
 * The agent for a stage, and the call kept in flight when the stage is reached. While draining,
 * main deletes the secrets beside the drain; before a crash, DeleteSecret keeps failing (a transient
 * error, so it is retried) so that the kill, whenever it lands, finds the secret there and its
 * expiry is what is tested.
 */
function setUp(fixture: Fixture, stage: Stage, kind: 'crash' | 'cancel'): { env: string } {
  // After the job's creation the action waits on its operation; a slow WaitOperation keeps it there.
  const slow =
    stage === 'after secrets' ? 'CreateJob' : stage === 'after job creation' ? 'WaitOperation' : undefined;
  fixture.emulator.faults.configure(
    slow
      ? { methods: { [slow]: { latencyMs: inFlightMs } } }
      : stage === 'while draining' && kind === 'crash'
        ? { methods: { DeleteSecret: { errorRate: 1 } } }
        : {},
  );
  return {
    env:
      stage === 'while draining'
        ? 'AGENT_LINES=50\nAGENT_RESULT=drained'
        : 'AGENT_SCRIPT=echo started\nAGENT_SLEEP=60',
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function crashSuite(options: CrashOptions): Promise<SuiteResult> {
  const r = newResult('crash and cancel');
  const started = Date.now();
  const fixture = await startFixture({ ingestionLagMs: 2000 });
  const { emulator } = fixture;
  const github = await startFakeGitHub(`ghs_${randomBytes(12).toString('hex')}`);
  try {
    // ---- Crashes: SIGKILL of main, no post.
    const crashed: { stage: Stage; runId: string; ok: boolean; token: string }[] = [];
    for (const stage of stages) {
      for (let n = 0; n < options.repeat; n++) {
        const runId = String(randomInt(1e9, 1e10));
        const token = `tok-${randomBytes(16).toString('hex')}`;
        const { env } = setUp(fixture, stage, 'crash');
        let killedAt = 0;
        const result = await runAgent(fixture, {
          inputs: { agent: `crash-${stage}`, credentials: 'api', timeout: `${timeoutSeconds}s`, env },
          env: { GITHUB_RUN_ID: runId, GITHUB_REPOSITORY: repository, AL_SECRET_api__default__token: token },
          killMainAt: reached(stage, emulator, (ms) => (killedAt ||= ms)),
          runPost: false,
        });
        emulator.faults.configure({});
        r.runs++;
        recordMemory(r, result);
        const label = `crash ${stage} #${n + 1}`;
        let ok = true;
        const fail = (why: string) => {
          ok = false;
          r.problems.push(`${label}: ${why}`);
        };
        if (!killedAt || result.main.signal !== 'SIGKILL')
          fail(`main was not killed at the stage (signal ${result.main.signal})`);
        await sleep(inFlightMs + 1_000); // what was in flight lands, as it would on Google
        const secrets = secretsOf(emulator, runId);
        if (secrets.length !== 1) fail(`${secrets.length} secrets, expected 1`);
        for (const secret of secrets) {
          const ttl = (Date.parse(secret.expireTime ?? '') - Date.parse(secret.createTime ?? '')) / 1000;
          if (!(Math.abs(ttl - (timeoutSeconds + ttlMarginSeconds)) <= 2))
            fail(`secret ${secret.name} expires ${ttl} s after its creation, not the timeout + 30 min`);
        }
        checkVisible(r, result, [token], label);
        crashed.push({ stage, runId, ok, token });
        github.setRun(repository, runId, { status: 'completed', conclusion: 'failure' });
      }
    }
    // Secrets expire on their own: the emulator deletes one at its expiry (the runs' own are 35 min away).
    if (!(await emulatorDeletesAtExpiry(emulator)))
      r.problems.push('the emulator did not delete an expired secret');

    // One reap run removes everything the crashed runs left.
    const before = leftCount(emulator);
    const reap = await runAction({
      actionDir: actionDir(),
      githubToken: github.token,
      inputs: { mode: 'reap', project_id: project, region },
      env: {
        CLOUD_RUN_AGENT_EMULATOR_HOST: emulator.endpoint,
        GITHUB_API_URL: github.url,
        GITHUB_REPOSITORY: repository,
      },
    });
    recordMemory(r, reap);
    if (reap.main.conclusion !== 'success') r.problems.push(`reap failed:\n${reap.main.log.join('\n')}`);
    const afterReap = leftCount(emulator);
    r.notes.push(
      `crash: ${crashed.length} runs killed (SIGKILL, no post) left ${before.detail}; one reap run removed ${reap.outputs.reaped ?? 0} resources, leaving ${afterReap.total}`,
    );
    for (const run of crashed) {
      const mine = secretsOf(emulator, run.runId).length;
      if (run.ok && !mine && afterReap.total === 0) r.correct++;
      else if (mine) r.problems.push(`crash ${run.stage}: ${mine} secrets left after reap`);
    }
    r.left += afterReap.total;
    if (afterReap.total) r.problems.push(`left after reap: ${afterReap.detail}`);

    // ---- Cancellations: SIGINT, SIGTERM 7.5 s later; post runs.
    let slowest = 0;
    for (const stage of stages) {
      for (let n = 0; n < options.repeat; n++) {
        const runId = String(randomInt(1e9, 1e10));
        const token = `tok-${randomBytes(16).toString('hex')}`;
        const { env } = setUp(fixture, stage, 'cancel');
        let sigintAt = 0;
        const result = await runAgent(fixture, {
          inputs: { agent: `cancel-${stage}`, credentials: 'api', timeout: `${timeoutSeconds}s`, env },
          env: { GITHUB_RUN_ID: runId, GITHUB_REPOSITORY: repository, AL_SECRET_api__default__token: token },
          signal: reached(stage, emulator, (ms) => (sigintAt ||= ms)),
        });
        emulator.faults.configure({});
        r.runs++;
        recordMemory(r, result);
        const label = `cancel ${stage} #${n + 1}`;
        const problems: string[] = [];
        const state = JSON.parse(result.main.state.run ?? '{}') as { job?: string };
        const jobId = state.job?.split('/').pop();
        if (!sigintAt) problems.push('SIGINT was never sent');
        if (result.main.conclusion !== 'cancelled') problems.push(`main concluded ${result.main.conclusion}`);
        if (result.main.signal) problems.push(`main had to be killed (${result.main.signal})`);
        if (result.post?.conclusion !== 'success')
          problems.push(`post concluded ${result.post?.conclusion}: ${result.post?.log.join('\n')}`);
        // CreateJob starts the execution (its start token): an execution exists once it has landed.
        const executions = emulator.callLog.filter(
          (c) => c.method === 'CreateJob' && jobId && String(c.resource ?? '').endsWith(`/${jobId}`),
        );
        const cancels = emulator.callLog.filter(
          (c) =>
            c.method === 'CancelExecution' && jobId && String(c.resource ?? '').includes(`/jobs/${jobId}/`),
        );
        if (stage !== 'while draining') {
          if (!executions.length) problems.push('no execution was started (the stage was not reached)');
          const first = cancels[0]?.at;
          if (first === undefined) problems.push('the execution was never cancelled');
          else {
            slowest = Math.max(slowest, first - sigintAt);
            if (first - sigintAt >= 7_500)
              problems.push(`cancelled ${first - sigintAt} ms after SIGINT, after SIGTERM`);
          }
        }
        await sleep(inFlightMs + 1_000); // anything still in flight would land now
        const left = leftCount(emulator);
        const mine = secretsOf(emulator, runId).length + jobsOf(emulator, jobId).length;
        if (left.total || mine) problems.push(`left after post: ${left.detail}`);
        r.left += left.total;
        checkVisible(r, result, [token], label);
        if (problems.length) r.problems.push(...problems.map((p) => `${label}: ${p}`));
        else r.correct++;
      }
    }
    r.notes.push(
      `cancel: ${stages.length * options.repeat} runs cancelled (SIGINT, SIGTERM 7.5 s later); slowest CancelExecution ${slowest} ms after SIGINT`,
    );
  } finally {
    await github.stop();
    await emulator.stop();
  }
  r.durationMs = Date.now() - started;
  return r;
}

function checkVisible(
  r: SuiteResult,
  result: Parameters<typeof visible>[0],
  secrets: string[],
  label: string,
): void {
  const seen = secretBytesIn(visible(result), secrets);
  if (seen) r.problems.push(`${label}: ${seen} secret bytes visible`);
  r.secretBytesSeen += seen;
  const quota = quotaLines(result);
  r.quotaSurfaced += quota.length;
  if (quota.length) r.problems.push(`${label}: quota error surfaced: ${quota[0]}`);
}

/** A secret made the way the action makes them, with a 1 s expiry, is gone 2 s later. */
async function emulatorDeletesAtExpiry(emulator: Emulator): Promise<boolean> {
  emulator.quotas.configure({ secretMinExpirySeconds: 0 });
  const previous = process.env.CLOUD_RUN_AGENT_EMULATOR_HOST;
  process.env.CLOUD_RUN_AGENT_EMULATOR_HOST = emulator.endpoint;
  try {
    const cloud = connect(project, region);
    const name = await cloud.secrets.create(
      `expiry-probe-${randomBytes(4).toString('hex')}`,
      { 'managed-by': 'cloud-run-agent' },
      1,
    );
    await sleep(2_000);
    const all = (emulator.resources() as { secretmanager: { secrets: { name: string }[] } }).secretmanager
      .secrets;
    return !all.some((s) => s.name === name);
  } finally {
    if (previous === undefined) delete process.env.CLOUD_RUN_AGENT_EMULATOR_HOST;
    else process.env.CLOUD_RUN_AGENT_EMULATOR_HOST = previous;
    emulator.quotas.configure({ secretMinExpirySeconds: 60 });
  }
}
