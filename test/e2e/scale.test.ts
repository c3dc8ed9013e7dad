// The agent's scale across workflow runs, end to end. First the slots themselves (src/scale/),
// through the action's own Google layer against the emulator: many runs asking at once, a slot
// whose holder's execution ended, one that expired, one lost before its job. Then the bundled
// action (dist/) through the runner harness: more parallel runs than the scale, a run skipped after
// a short queue_timeout, a crashed holder whose slot frees itself, a disabled agent, and the
// project's scale over two agents. Overlaps are counted from the emulator's own record of every
// execution (created, completed), never from wall-clock bounds.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SecretManagerServiceClient } from '@google-cloud/secret-manager';
import type { ClientOptions } from 'google-gax';
import { connect, type Cloud } from '../../src/google/connect.ts';
import { release } from '../../src/scale/lease.ts';
import { bindSlots, takeSlots, type Queue } from '../../src/scale/queue.ts';
import { families, slotId, type Family } from '../../src/scale/slots.ts';
import type { ActionResult } from '../harness/runner.ts';
import { requireDocker } from '../infra/docker.ts';
import { leftovers, project, region, runAgent, startFixture, testJob, type Fixture } from './fixtures.ts';

const repository = 'octo-org/octo-repo';

interface Ran {
  name: string;
  createTime?: string;
  startTime?: string;
  completionTime?: string;
}

/** Every execution the emulator ran for jobs of `agent` (al-<agent>-…), kept after their jobs went. */
const history = (fixture: Fixture, agent: string): Ran[] =>
  (fixture.emulator.resources() as { run: { history: Ran[] } }).run.history.filter((e) =>
    e.name.includes(`/jobs/al-${agent}-`),
  );

/** The most executions that were ever between their creation and their completion at once. */
function mostAtOnce(runs: Ran[]): number {
  const events = runs.flatMap((run) => {
    assert.ok(run.createTime && run.completionTime, `${run.name} has not completed`);
    // At the same instant an end comes before a start: a slot is freed, then taken.
    return [
      { at: Date.parse(run.createTime), delta: 1 },
      { at: Date.parse(run.completionTime), delta: -1 },
    ];
  });
  events.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let now = 0;
  let most = 0;
  for (const { delta } of events) most = Math.max(most, (now += delta));
  return most;
}

/** The scale slots the emulator holds (secrets labelled al-scale), of one agent's family when named. */
const slotsLeft = (fixture: Fixture, agent = ''): string[] =>
  (
    fixture.emulator.resources() as {
      secretmanager: { secrets: { name: string; labels: Record<string, string> }[] };
    }
  ).secretmanager.secrets
    .filter((s) => s.labels['al-scale'] && s.name.includes(agent ? `-agent-${agent}-` : ''))
    .map((s) => s.name);

describe("the agent's scale", { concurrency: false }, () => {
  let fixture: Fixture;
  let cloud: Cloud;
  let root = '';
  before(async () => {
    if (await requireDocker()) return;
    fixture = await startFixture();
    process.env.CLOUD_RUN_AGENT_EMULATOR_HOST = fixture.emulator.endpoint;
    cloud = connect(project, region);
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'scale-e2e-'));
  });
  after(async () => {
    await fixture?.emulator.stop();
    if (root) await fs.rm(root, { recursive: true, force: true });
  });

  describe('slots, through the action’s Google layer', () => {
    const lines: string[] = [];
    /** A queue as main opens one, for a run of `runId`. */
    const queueOf = (runId: string, timeoutSeconds = 120): Queue => ({
      cloud,
      claim: {
        holder: randomUUID(),
        labels: { 'managed-by': 'cloud-run-agent', 'gh-run-id': runId },
        annotations: { 'gh-repository': repository, 'gh-run-id': runId, 'gh-run-attempt': '1' },
        locations: [],
      },
      since: Date.now(),
      timeoutSeconds,
      signal: new AbortController().signal,
      remember: () => {},
      forget: () => {},
      track: (work) => work,
      say: (line) => lines.push(`${runId}: ${line}`),
    });
    const familyOf = (agent: string, limit: number): Family[] =>
      families({ agent: limit, agentSource: 'test' }, agent, { region, repository });

    test('12 runs ask for 2 slots at once: never more than 2 hold one, and every run gets one in turn', async (t) => {
      if (await requireDocker(t)) return;
      const wanted = familyOf('race', 2);
      let holding = 0;
      let most = 0;
      const order: string[] = [];
      await Promise.all(
        Array.from({ length: 12 }, async (_, i) => {
          const queue = queueOf(String(1000 + i));
          const taken = await takeSlots(queue, wanted);
          assert.ok('held' in taken, `run ${i} was skipped`);
          most = Math.max(most, ++holding);
          order.push(String(i));
          // While it holds the slot, Secret Manager says the slot is this run's.
          const [slot] = taken.held;
          const secret = await cloud.secrets.get(slot!.name);
          assert.equal(secret.annotations?.holder, queue.claim.holder);
          await new Promise((resolve) => setTimeout(resolve, 500));
          holding--;
          assert.equal(await release(cloud, slot!.name, queue.claim.holder), 'released');
        }),
      );
      assert.equal(order.length, 12);
      assert.ok(most <= 2, `${most} held a slot at once`);
      assert.equal(most, 2, 'both slots were used');
      assert.deepEqual(slotsLeft(fixture), []);
      // The waiting runs said whom they waited for.
      assert.ok(
        lines.some((l) => /Agent race already runs at its scale of 2 \(test\): waiting up to 2m/.test(l)),
      );
      assert.ok(
        lines.some((l) => /Held by slot 1: octo-org\/octo-repo run 10\d\d, preparing its job/.test(l)),
      );
    });

    test('a free slot costs one call, asked for outright; a taken one is then listed, and the next free one taken', async (t) => {
      if (await requireDocker(t)) return;
      const wanted = familyOf('outright', 2);
      const count = (method: string) => fixture.emulator.calls.get(method) ?? 0;
      const [lists, creates] = [count('ListSecrets'), count('CreateSecret')];
      const first = queueOf('1101');
      const a = await takeSlots(first, wanted);
      assert.ok('held' in a);
      assert.equal(count('ListSecrets') - lists, 0, 'no list when the slot asked for is free');
      assert.equal(count('CreateSecret') - creates, 1);
      // Slot k is asked for first, k at random: a second run finds the other slot, whichever k it asked.
      const second = queueOf('1102');
      const b = await takeSlots(second, wanted);
      assert.ok('held' in b);
      assert.notEqual(b.held[0]!.k, a.held[0]!.k);
      assert.deepEqual(slotsLeft(fixture, 'outright').length, 2);
      for (const [taken, queue] of [
        [a, first],
        [b, second],
      ] as const)
        assert.equal(await release(cloud, taken.held[0]!.name, queue.claim.holder), 'released');
      assert.deepEqual(slotsLeft(fixture, 'outright'), []);
    });

    test("a slot whose job's execution ended is reclaimed; while it runs, it is not", async (t) => {
      if (await requireDocker(t)) return;
      const wanted = familyOf('reclaim', 1);
      const holder = queueOf('2001');
      const taken = await takeSlots(holder, wanted);
      assert.ok('held' in taken);
      // The holder names its job and creates it (its execution runs 4 s), then dies: it never releases.
      const jobId = `al-reclaim-${Date.now().toString(36)}`;
      const job = cloud.run.jobName(jobId);
      const bound = await bindSlots(holder, taken.held, job, 60);
      assert.ok('held' in bound);
      await cloud.run.createJob(jobId, testJob(fixture, { env: { AGENT_SLEEP: '4' }, startToken: 'r1a2b' }));
      // Until Cloud Run has started the execution the token names.
      for (;;) {
        const [started] = await cloud.run.listExecutions(job).catch(() => []);
        if (started?.startTime) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      // A run that may not wait sees it running, and is skipped naming the holder.
      const impatient = await takeSlots(queueOf('2002', 0), wanted);
      assert.ok('skipped' in impatient);
      assert.match(
        impatient.skipped,
        /Held by slot 1: octo-org\/octo-repo run 2001, job al-reclaim-\S+, running/,
      );
      // One that waits takes the slot once Cloud Run says the execution ended.
      const nextQueue = queueOf('2003', 60);
      const next = await takeSlots(nextQueue, wanted);
      assert.ok('held' in next);
      const [execution] = await cloud.run.listExecutions(job);
      assert.ok(execution?.completionTime, 'the execution had completed when the slot was taken');
      assert.ok(
        lines.some((l) =>
          /^2003: Slot 1 was held by octo-org\/octo-repo run 2001, job .*; its execution has ended: reclaimed\./.test(
            l,
          ),
        ),
      );
      assert.equal((await cloud.secrets.get(next.held[0]!.name)).annotations?.['gh-run-id'], '2003');
      await release(cloud, next.held[0]!.name, nextQueue.claim.holder);
      await cloud.run.deleteJob(job);
    });

    test('a slot left by a run that died while preparing frees itself at its expiry', async (t) => {
      if (await requireDocker(t)) return;
      const [family] = familyOf('expiry', 1);
      // The slot as a crashed run leaves it, with a ttl the emulator lets be short.
      fixture.emulator.quotas.configure({ secretMinExpirySeconds: 1 });
      t.after(() => fixture.emulator.quotas.configure({ secretMinExpirySeconds: 60 }));
      const sm = new SecretManagerServiceClient(fixture.emulator.clientOptions(project) as ClientOptions);
      t.after(() => sm.close());
      await sm.createSecret({
        parent: `projects/${project}`,
        secretId: slotId(family!, 1),
        secret: {
          replication: { automatic: {} },
          labels: { 'managed-by': 'cloud-run-agent', 'al-scale': family!.label },
          annotations: {
            holder: 'crashed',
            'gh-repository': repository,
            'gh-run-id': '3001',
            'ttl-seconds': '2',
          },
          ttl: { seconds: 2 },
        },
      });
      const queue = queueOf('3002', 60);
      const taken = await takeSlots(queue, [family!]);
      assert.ok('held' in taken);
      assert.ok(
        lines.some((l) => /^3002: .*Held by slot 1: octo-org\/octo-repo run 3001, preparing its job/.test(l)),
      );
      await release(cloud, taken.held[0]!.name, queue.claim.holder);
    });

    test('a slot lost before its job (taken over after it expired) is asked for again before the job', async (t) => {
      if (await requireDocker(t)) return;
      const wanted = familyOf('lost', 1);
      const queue = queueOf('4001', 60);
      const taken = await takeSlots(queue, wanted);
      assert.ok('held' in taken);
      // Another run reclaims and holds it for a moment (as after an expiry), then gives it back.
      const slot = taken.held[0]!;
      await cloud.secrets.delete(slot.name);
      const other = queueOf('4002', 60);
      const theirs = await takeSlots(other, wanted);
      assert.ok('held' in theirs);
      setTimeout(() => void release(cloud, slot.name, other.claim.holder), 1_500);
      const bound = await bindSlots(queue, taken.held, cloud.run.jobName('al-lost-1'), 60);
      assert.ok('held' in bound);
      const secret = await cloud.secrets.get(slot.name);
      assert.equal(secret.annotations?.holder, queue.claim.holder);
      assert.equal(secret.annotations?.job, `projects/${project}/locations/${region}/jobs/al-lost-1`);
      assert.ok(
        lines.some((l) => /^4001: A scale slot of this run expired while it prepared its job/.test(l)),
      );
      await release(cloud, slot.name, queue.claim.holder);
      assert.deepEqual(slotsLeft(fixture), []);
    });
  });

  /** A workspace whose agents/<agent>/config.toml sets `agentToml` (a contract image: no SKILL.md). */
  async function workspace(agents: Record<string, string>, rootToml = ''): Promise<string> {
    const dir = await fs.mkdtemp(path.join(root, 'ws-'));
    await fs.writeFile(path.join(dir, 'config.toml'), rootToml);
    for (const [agent, toml] of Object.entries(agents)) {
      await fs.mkdir(path.join(dir, 'agents', agent), { recursive: true });
      await fs.writeFile(path.join(dir, 'agents', agent, 'config.toml'), toml);
    }
    return dir;
  }

  const runOf = (
    agent: string,
    ws: string,
    runId: string,
    extra: Record<string, string> = {},
    env = 'AGENT_SLEEP=3',
  ) =>
    runAgent(fixture, {
      workspace: ws,
      inputs: { agent, env: `AGENT_SCRIPT=echo started\n${env}\nAGENT_RESULT=ran`, ...extra },
      env: { GITHUB_RUN_ID: runId, GITHUB_REPOSITORY: repository },
    });

  const logOf = (result: ActionResult) => [...result.main.log, ...(result.post?.log ?? [])].join('\n');

  test('scale = 1 and three runs started together: one execution at a time, the waiting ones say for whom', async (t) => {
    if (await requireDocker(t)) return;
    const ws = await workspace({ 'one-at-a-time': 'scale = 1\n' });
    const ids = ['5001', '5002', '5003'];
    const results = await Promise.all(ids.map((id) => runOf('one-at-a-time', ws, id)));
    for (const result of results) {
      assert.equal(result.outputs.conclusion, 'success', logOf(result));
      assert.equal(result.outputs.result, 'ran');
    }
    const ran = history(fixture, 'one-at-a-time');
    assert.equal(ran.length, 3);
    assert.equal(mostAtOnce(ran), 1, JSON.stringify(ran, null, 1));
    // At least two waited, each naming another of the three runs as the holder.
    const waited = results.filter((r, i) => {
      const line = r.main.log.find((l) => l.startsWith('Agent one-at-a-time already runs at its scale of 1'));
      if (!line) return false;
      assert.match(
        line,
        /\(agents\/one-at-a-time\/config.toml: "scale"\): waiting up to 30m \(queue_timeout\)/,
      );
      const holder = /Held by slot 1: octo-org\/octo-repo run (\d+)/.exec(line)?.[1];
      assert.ok(holder && ids.includes(holder) && holder !== ids[i], line);
      return true;
    });
    assert.ok(waited.length >= 2, `${waited.length} runs waited`);
    assert.deepEqual(slotsLeft(fixture), []);
    assert.deepEqual(leftovers(fixture.emulator), { jobs: 0, running: 0, containers: 0, secrets: 0 });
  });

  test('with a short queue_timeout a run over the scale is skipped, says why, and creates nothing', async (t) => {
    if (await requireDocker(t)) return;
    const ws = await workspace({ 'short-queue': 'scale = 1\n' });
    const holding = runOf('short-queue', ws, '6001', {}, 'AGENT_SLEEP=8');
    t.after(() => holding); // its slot is given back, whatever the assertions below say
    // Until the holder's execution runs.
    while (!history(fixture, 'short-queue').length) await new Promise((resolve) => setTimeout(resolve, 100));
    const creates = fixture.emulator.calls.get('CreateJob') ?? 0;
    const versions = fixture.emulator.calls.get('AddSecretVersion') ?? 0;
    const skipped = await runAgent(fixture, {
      workspace: ws,
      inputs: { agent: 'short-queue', queue_timeout: '3s', credentials: 'api' },
      env: {
        GITHUB_RUN_ID: '6002',
        GITHUB_REPOSITORY: repository,
        AL_SECRET_api__default__token: 'tok-unused-123456',
      },
    });
    const log = logOf(skipped);
    assert.equal(skipped.main.conclusion, 'success', log);
    assert.equal(skipped.outputs.conclusion, 'skipped');
    assert.equal(skipped.outputs.job, undefined);
    assert.equal(skipped.outputs.status, undefined);
    const notice = skipped.main.annotations.find((a) => a.message.startsWith('Skipped:'));
    assert.match(
      notice?.message ?? '',
      /^Skipped: Agent short-queue already runs at its scale of 1 \(agents\/short-queue\/config.toml: "scale"\) and no slot freed within queue_timeout \(3s\)\. Held by slot 1: octo-org\/octo-repo run 6001, job al-short-queue-6001-[a-z0-9-]+(, running|, starting)?\. To run more at once, raise "scale" in agents\/short-queue\/config.toml \(or "defaultAgentScale" in config.toml\); to wait longer, raise "queue_timeout"\. Nothing was created\.$/,
    );
    assert.match(log, /Nothing to clean up\./);
    // Nothing of run 6002: no job, no secret, no execution; no CreateJob and no secret version meanwhile.
    const resources = fixture.emulator.resources() as {
      run: { jobs: string[] };
      secretmanager: { secrets: { annotations: Record<string, string> }[] };
    };
    assert.ok(!resources.run.jobs.some((j) => j.includes('-6002-')));
    assert.ok(!resources.secretmanager.secrets.some((s) => s.annotations['gh-run-id'] === '6002'));
    assert.equal(fixture.emulator.calls.get('CreateJob') ?? 0, creates);
    assert.equal(fixture.emulator.calls.get('AddSecretVersion') ?? 0, versions);
    assert.equal((await holding).outputs.conclusion, 'success');
    assert.deepEqual(slotsLeft(fixture), []);
  });

  test("a crashed holder's slot frees itself once Cloud Run says its execution ended; the next run proceeds", async (t) => {
    if (await requireDocker(t)) return;
    const ws = await workspace({ crashing: 'scale = 1\n' });
    // The runner dies (SIGKILL, no post) while the execution runs: the slot stays taken, rightly.
    const crashed = await runAgent(fixture, {
      workspace: ws,
      inputs: { agent: 'crashing', env: 'AGENT_SCRIPT=echo started\nAGENT_SLEEP=6' },
      env: { GITHUB_RUN_ID: '7001', GITHUB_REPOSITORY: repository },
      killMainAt: { when: (log) => log.some((l) => l.line === 'started') },
      runPost: false,
    });
    assert.equal(crashed.main.signal, 'SIGKILL');
    assert.equal(slotsLeft(fixture, 'crashing').length, 1, 'the dead run still holds its slot');
    const next = await runOf('crashing', ws, '7002');
    const log = logOf(next);
    assert.equal(next.outputs.conclusion, 'success', log);
    assert.match(
      log,
      /Slot 1 was held by octo-org\/octo-repo run 7001, job al-crashing-7001-[a-z0-9-]+; its execution has ended: reclaimed\./,
    );
    const [first, second] = history(fixture, 'crashing');
    assert.ok(first?.name.includes('-7001-') && second?.name.includes('-7002-'));
    assert.ok(Date.parse(second!.createTime!) >= Date.parse(first!.completionTime!), 'no overlap');
    assert.deepEqual(slotsLeft(fixture), []);
    // The dead run's job is reap's (or anyone's) to delete.
    const dead = (fixture.emulator.resources() as { run: { jobs: string[] } }).run.jobs.filter((j) =>
      j.includes('-7001-'),
    );
    for (const job of dead) await cloud.run.deleteJob(job);
  });

  test('cancelled while holding a slot, or while waiting for one: post gives the slot back', async (t) => {
    if (await requireDocker(t)) return;
    const ws = await workspace({ cancelling: 'scale = 1\n' });
    const waits = (log: { line: string }[]) =>
      log.some((l) => l.line.startsWith('Agent cancelling already runs at its scale of 1'));
    // A holds the slot; it is cancelled (SIGINT) while its execution runs, once C is done.
    let cDone = false;
    const a = runAgent(fixture, {
      workspace: ws,
      inputs: { agent: 'cancelling', env: 'AGENT_SCRIPT=echo started\nAGENT_SLEEP=60' },
      env: { GITHUB_RUN_ID: '7501', GITHUB_REPOSITORY: repository },
      signal: { poll: () => cDone },
    });
    while (!history(fixture, 'cancelling').length) await new Promise((resolve) => setTimeout(resolve, 100));
    // C is cancelled while it waits; B waits and runs once A has given the slot back.
    const c = runAgent(fixture, {
      workspace: ws,
      inputs: { agent: 'cancelling', env: 'AGENT_SLEEP=1' },
      env: { GITHUB_RUN_ID: '7503', GITHUB_REPOSITORY: repository },
      signal: { when: waits },
    }).finally(() => (cDone = true));
    const b = runAgent(fixture, {
      workspace: ws,
      inputs: { agent: 'cancelling', env: 'AGENT_SLEEP=1\nAGENT_RESULT=after a' },
      env: { GITHUB_RUN_ID: '7502', GITHUB_REPOSITORY: repository },
    });
    const [ra, rb, rc] = await Promise.all([a, b, c]);
    assert.equal(ra.outputs.conclusion, 'cancelled', logOf(ra));
    assert.match(logOf(ra), /Released scale slot cra-scale-/);
    assert.equal(rc.outputs.conclusion, 'cancelled', logOf(rc));
    assert.ok(waits(rb.main.timeline), 'B waited for A');
    assert.equal(rb.outputs.conclusion, 'success', logOf(rb));
    assert.equal(rb.outputs.result, 'after a');
    const ran = history(fixture, 'cancelling');
    assert.equal(mostAtOnce(ran), 1, JSON.stringify(ran, null, 1));
    assert.ok(!ran.some((e) => e.name.includes('-7503-')), 'C, cancelled while waiting, ran nothing');
    assert.deepEqual(slotsLeft(fixture), []);
    assert.deepEqual(leftovers(fixture.emulator), { jobs: 0, running: 0, containers: 0, secrets: 0 });
  });

  test('an agent with scale = 0 is disabled: skipped before any cloud call', async (t) => {
    if (await requireDocker(t)) return;
    const ws = await workspace({ disabled: 'scale = 0\n' });
    const calls = [...fixture.emulator.calls.values()].reduce((a, b) => a + b, 0);
    const result = await runOf('disabled', ws, '8001');
    assert.equal(result.outputs.conclusion, 'skipped', logOf(result));
    assert.ok(
      result.main.log.includes(
        'Skipped: agent disabled is disabled (scale = 0, agents/disabled/config.toml: "scale"); Action Llama runs no agent with scale 0, and neither does this action. Set a scale of 1 or more to run it.',
      ),
      logOf(result),
    );
    assert.equal(
      [...fixture.emulator.calls.values()].reduce((a, b) => a + b, 0),
      calls,
    );
  });

  test("the project's scale caps two agents together (each of scale 2): one execution at a time", async (t) => {
    if (await requireDocker(t)) return;
    const ws = await workspace({ 'cap-a': 'scale = 2\n', 'cap-b': 'scale = 2\n' }, 'scale = 1\n');
    const results = await Promise.all([
      runOf('cap-a', ws, '9001'),
      runOf('cap-b', ws, '9002'),
      runOf('cap-a', ws, '9003'),
    ]);
    for (const result of results) assert.equal(result.outputs.conclusion, 'success', logOf(result));
    const ran = [...history(fixture, 'cap-a'), ...history(fixture, 'cap-b')];
    assert.equal(ran.length, 3);
    assert.equal(mostAtOnce(ran), 1, JSON.stringify(ran, null, 1));
    assert.ok(
      results.some((r) =>
        r.main.log.some((l) =>
          l.startsWith('The project\'s agents already run at its scale of 1 (config.toml: "scale")'),
        ),
      ),
    );
    assert.deepEqual(slotsLeft(fixture), []);
  });
});
