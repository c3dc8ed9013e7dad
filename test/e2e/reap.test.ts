// Reap mode, end to end: the bundled action (mode: reap) against the emulator and a fake GitHub
// API. Jobs and secrets are made the way runs make them (src/job/spec.ts, src/credentials/ephemeral.ts through the
// action's own Google layer), with the annotations that name their workflow run.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { connect, type Cloud } from '../../src/google/connect.ts';
import { bind, tryTake } from '../../src/scale/lease.ts';
import { families } from '../../src/scale/slots.ts';
import { requireDocker } from '../infra/docker.ts';
import { startFakeGitHub, type FakeGitHub } from '../infra/github-api.ts';
import { leftovers, project, region, repoRoot, startFixture, testJob, type Fixture } from './fixtures.ts';
import { runAction } from '../harness/runner.ts';

const repo = 'octo-org/octo-repo';
const token = 'ghs_reapTestToken0123456789abcdef';

interface Made {
  job?: string;
  secret: string;
}

describe('reap mode', { concurrency: false }, () => {
  let fixture: Fixture;
  let github: FakeGitHub;
  let cloud: Cloud;
  before(async () => {
    if (await requireDocker()) return;
    // Quotas off: this test is about choosing what to reap (hundreds of secrets), not pacing.
    fixture = await startFixture({ quotas: { enabled: false } });
    github = await startFakeGitHub(token);
    process.env.CLOUD_RUN_AGENT_EMULATOR_HOST = fixture.emulator.endpoint;
    cloud = connect(project, region);
  });
  after(async () => {
    await github?.stop();
    await fixture?.emulator.stop();
  });

  let seq = 0;
  /** A job (optionally running) and a secret, as a run of `run` would leave them. */
  async function make(
    opts: {
      run?: { repository: string; runId: string; attempt?: number };
      timeoutSeconds?: number;
      job?: boolean;
      running?: boolean;
      labels?: Record<string, string>;
    } = {},
  ): Promise<Made> {
    const id = `al-reap-${++seq}-${Date.now().toString(36)}`;
    const managed = opts.labels ?? { 'managed-by': 'cloud-run-agent', 'al-agent': 'reap' };
    const owner: Record<string, string> = opts.run
      ? {
          'gh-repository': opts.run.repository,
          'gh-run-id': opts.run.runId,
          'gh-run-attempt': String(opts.run.attempt ?? 1),
        }
      : {};
    const timeout = opts.timeoutSeconds ?? 3600;
    const secret = await cloud.secrets.create(
      `${id}-c1-token-default`,
      { ...managed, 'al-job': id },
      timeout + 1800,
      undefined,
      { ...owner, 'timeout-seconds': String(timeout) },
    );
    const version = await cloud.secrets.addVersion(secret, Buffer.from('s3cret-value'));
    if (opts.job === false) return { secret };
    // A running one is created as a run creates it: its start token starts the execution.
    const operation = await cloud.run.createJob(
      id,
      testJob(fixture, {
        env: { AGENT_SLEEP: opts.running ? '120' : '0' },
        timeoutSeconds: timeout,
        labels: managed,
        annotations: owner,
        startToken: opts.running ? 'r1a2b' : undefined,
      }),
    );
    void version;
    // Until the job is ready: for a running one, its execution has started, and the operation's
    // Job (decoded by cloud-run.ts) names it.
    let created = await cloud.run.waitCreation(operation, id, 30_000);
    while (!created.done) created = await cloud.run.waitCreation(operation, id, 30_000);
    const job = cloud.run.jobName(id);
    const latest = 'job' in created ? created.job.latestCreatedExecution?.name : created.error.message;
    assert.equal(latest, opts.running ? `${job}/executions/${id}-r1a2b` : undefined);
    return { job, secret };
  }

  const reap = (inputs: Record<string, string> = {}) =>
    runAction({
      actionDir: repoRoot,
      githubToken: token,
      inputs: { mode: 'reap', project_id: project, region, ...inputs },
      env: { CLOUD_RUN_AGENT_EMULATOR_HOST: fixture.emulator.endpoint, GITHUB_API_URL: github.url },
    });

  const jobs = () => new Set((fixture.emulator.resources() as { run: { jobs: string[] } }).run.jobs);
  const secrets = () =>
    new Set(
      (
        fixture.emulator.resources() as { secretmanager: { secrets: { name: string }[] } }
      ).secretmanager.secrets.map((s) => s.name),
    );

  test('reaps the resources of finished runs and of runs past their timeout, never a live run', async (t) => {
    if (await requireDocker(t)) return;
    github.setRun(repo, '1001', { status: 'completed' });
    github.setRun(repo, '1002', { status: 'in_progress' });
    github.setRun(repo, '1003', { status: 'in_progress', run_attempt: 2 });
    github.setRun(repo, '1004', { status: 'in_progress' });
    github.setRun(repo, '1005', { status: 'completed' });
    github.setRun(repo, '1006', { status: 'queued' });
    github.setRun(repo, '1007', { status: 'completed' });

    const finishedRun = await make({ run: { repository: repo, runId: '1001' }, running: true });
    const liveRun = await make({ run: { repository: repo, runId: '1002' }, running: true });
    const earlierAttempt = await make({ run: { repository: repo, runId: '1003', attempt: 1 } });
    const otherRepo = await make({ run: { repository: 'someone/else', runId: '5' } });
    const local = await make();
    const pastTimeout = await make({ run: { repository: repo, runId: '1004' }, timeoutSeconds: 1 });
    const lonelyFinished = await make({ run: { repository: repo, runId: '1005' }, job: false });
    const lonelyLive = await make({ run: { repository: repo, runId: '1006' }, job: false });
    const notOurs = await make({ labels: { team: 'data' }, timeoutSeconds: 1 });
    // More than a page of jobs (100) and of secrets (250), all of a finished run.
    const many: Made[] = [];
    for (let i = 0; i < 105; i++) many.push(await make({ run: { repository: repo, runId: '1007' } }));
    for (let i = 0; i < 150; i++)
      many.push(await make({ run: { repository: repo, runId: '1007' }, job: false }));
    await new Promise((resolve) => setTimeout(resolve, 3_000)); // pastTimeout: 1 s + 2 s grace

    const before = { jobs: jobs(), secrets: secrets() };
    const dry = await reap({ dry_run: 'true', reap_grace: '2s' });
    assert.equal(dry.main.conclusion, 'success', dry.main.log.join('\n'));
    assert.deepEqual(jobs(), before.jobs, 'a dry run deleted a job');
    assert.deepEqual(secrets(), before.secrets, 'a dry run deleted a secret');
    assert.ok(dry.main.log.some((l) => /^Would remove job .*al-reap-1-/.test(l)));

    const real = await reap({ reap_grace: '2s' });
    const log = real.main.log.join('\n');
    assert.equal(real.main.conclusion, 'success', log);
    assert.equal(real.outputs.conclusion, 'success');
    assert.equal(real.outputs.reaped, dry.outputs.reaped, 'the dry run and the real one disagree');

    const gone = (made: Made) => !(made.job && jobs().has(made.job)) && !secrets().has(made.secret);
    const kept = (made: Made) => (!made.job || jobs().has(made.job)) && secrets().has(made.secret);
    assert.ok(gone(finishedRun), 'the finished run was not reaped');
    assert.ok(gone(earlierAttempt), 'the earlier attempt was not reaped');
    assert.ok(gone(pastTimeout), 'the job past its timeout was not reaped');
    assert.ok(gone(lonelyFinished), 'the secret of a finished run was not reaped');
    assert.ok(many.every(gone), 'pagination: not every resource of run 1007 was reaped');
    assert.ok(kept(liveRun), 'a live run was touched');
    assert.ok(kept(otherRepo), 'a young job of an unreadable repository was touched');
    assert.ok(kept(local), 'a young job without a run was touched');
    assert.ok(kept(lonelyLive), 'the secret of a queued run was touched');
    assert.ok(jobs().has(notOurs.job!) && secrets().has(notOurs.secret), 'a resource not ours was touched');
    // 1001's execution was cancelled before its job was deleted; 1002's still runs.
    assert.match(log, /Removed execution \S+al-reap-1-\S+ \(cancelled: it was still running\)/);
    assert.equal(leftovers(fixture.emulator).running, 1);
    // 1001: job, execution, secret; 1003 and 1004: job and secret; 1005: secret; 1007: 105 jobs, 255 secrets.
    assert.equal(Number(real.outputs.reaped), 3 + 2 + 2 + 1 + 105 + 255, log.slice(-2000));
    // One GitHub request per run (cached), each with the token; the token never shows.
    const asked = github.requests.filter((r) => r.path.includes('/runs/1007'));
    assert.equal(asked.length, 2, 'one request per reap run for run 1007');
    assert.ok(github.requests.every((r) => r.authorized));
    assert.ok(!log.includes(token));

    // Once the live run finishes, the next reap takes its resources too.
    github.setRun(repo, '1002', { status: 'completed' });
    const later = await reap();
    assert.equal(later.main.conclusion, 'success');
    assert.ok(gone(liveRun));
    assert.equal(leftovers(fixture.emulator).running, 0);
  });

  test('scale slots: reaped as a waiting run would reclaim them, never one whose execution runs', async (t) => {
    if (await requireDocker(t)) return;
    github.setRun(repo, '2001', { status: 'completed' });
    github.setRun(repo, '2002', { status: 'in_progress' });
    github.setRun(repo, '2003', { status: 'completed' });
    github.setRun(repo, '2004', { status: 'completed' });
    const family = (agent: string) =>
      families({ agent: 1, agentSource: 'test' }, agent, { region, repository: repo })[0]!;
    /** A slot as run `runId` holds it: taken, and bound to `job` when given. */
    const slot = async (agent: string, runId: string, job?: string): Promise<string> => {
      const claim = {
        holder: `holder-${runId}`,
        labels: { 'managed-by': 'cloud-run-agent' },
        annotations: { 'gh-repository': repo, 'gh-run-id': runId, 'gh-run-attempt': '1' },
        locations: [],
      };
      const held = await tryTake(cloud, family(agent), 1, claim, 3600);
      assert.ok(held);
      if (job) assert.ok(await bind(cloud, held, claim, job, 3600));
      return held.name;
    };
    // 2001: preparing, its run completed (it died). 2002: preparing, its run goes on.
    const deadPreparing = await slot('slot-a', '2001');
    const livePreparing = await slot('slot-b', '2002');
    // 2003: its job's execution has ended (the runner died before releasing the slot).
    const endedJob = cloud.run.jobName(`al-slot-c-${Date.now().toString(36)}`);
    const endedSlot = await slot('slot-c', '2003', endedJob);
    await cloud.run.createJob(endedJob.split('/').pop()!, testJob(fixture, { startToken: 'e1n2d' }));
    const endedExecution = `${endedJob}/executions/${endedJob.split('/').pop()}-e1n2d`;
    for (;;) {
      const execution = await cloud.run.getExecution(endedExecution).catch(() => undefined);
      if (execution?.completionTime) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // 2004: its job's execution still runs (the job is of a run reap cannot read, so it stays):
    // the slot stays, whatever GitHub says of run 2004.
    const running = await make({ run: { repository: '2nd/repo', runId: '1' }, running: true });
    const runningSlot = await slot('slot-d', '2004', running.job);
    const real = await reap({ reap_grace: '1h' });
    const log = real.main.log.join('\n');
    assert.equal(real.main.conclusion, 'success', log);
    assert.ok(!secrets().has(deadPreparing), log);
    assert.match(log, /Removed scale slot \S+slot-a\S+: its workflow run has completed/);
    assert.ok(secrets().has(livePreparing), 'a live run lost its slot');
    assert.ok(!secrets().has(endedSlot), log);
    assert.match(log, /Removed scale slot \S+slot-c\S+: its execution has ended/);
    assert.ok(secrets().has(runningSlot), 'the slot of a running execution was reaped');
    // Its execution ends (cancelled here), and the next reap takes the slot.
    const [execution] = await cloud.run.listExecutions(running.job!);
    await cloud.run.cancelExecution(execution!.name!);
    while (!(await cloud.run.getExecution(execution!.name!)).completionTime)
      await new Promise((resolve) => setTimeout(resolve, 200));
    const later = await reap({ reap_grace: '1h' });
    assert.match(later.main.log.join('\n'), /Removed scale slot \S+slot-d\S+: its execution has ended/);
    assert.ok(!secrets().has(runningSlot));
    await cloud.secrets.delete(livePreparing);
    for (const job of [endedJob, running.job!]) await cloud.run.deleteJob(job).catch(() => {});
  });
});
