// The scale's pure decisions (src/scale/slots.ts): which families a run holds and in what order,
// slot ids and numbers, the order free slots are tried in, when a slot is stale, and what a waiting
// or skipped run prints.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  disabledMessage,
  families,
  freeSlots,
  holderText,
  isScaleSlot,
  skipMessage,
  slotId,
  slotNumber,
  slotOf,
  staleness,
  startGraceMs,
  waitingLine,
  type Family,
  type JobState,
  type Slot,
} from '../../../src/scale/slots.ts';
import { pollMs } from '../../../src/scale/queue.ts';

const where = { region: 'us-central1', repository: 'octo-org/octo-repo' };
const scale = { agent: 2, agentSource: 'agents/triage/config.toml: "scale"' };
const [agentFamily] = families(scale, 'triage', where) as [Family];

describe('families', () => {
  test('none without a scale (no config.toml); the agent alone without a project scale', () => {
    assert.deepEqual(families(undefined, 'triage', where), []);
    assert.deepEqual(
      families(scale, 'triage', where).map((f) => [f.kind, f.limit, f.source]),
      [['agent', 2, 'agents/triage/config.toml: "scale"']],
    );
  });

  test("the agent's family first, then the project's: the one order every run takes them in", () => {
    const both = families({ ...scale, project: 3, projectSource: 'config.toml: "scale"' }, 'triage', where);
    assert.deepEqual(
      both.map((f) => [f.kind, f.limit]),
      [
        ['agent', 2],
        ['project', 3],
      ],
    );
    // Every agent of the project shares the project's family.
    const other = families({ agent: 1, agentSource: '', project: 3 }, 'reviewer', where);
    assert.equal(other[1]!.prefix, both[1]!.prefix);
    assert.notEqual(other[0]!.prefix, both[0]!.prefix);
  });

  test('per region and repository; valid secret ids and label values; the same run, the same ids', () => {
    const ids = new Set(
      [
        families(scale, 'triage', where),
        families(scale, 'triage', { ...where, region: 'europe-west1' }),
        families(scale, 'triage', { ...where, repository: 'octo-org/other' }),
        families(scale, 'project', where), // an agent named "project" is not the project
        families({ ...scale, project: 1 }, 'triage', where).slice(1),
      ].map(([f]) => f!.prefix),
    );
    assert.equal(ids.size, 5);
    assert.deepEqual(families(scale, 'triage', where), families(scale, 'triage', where));
    const long = families(scale, 'x'.repeat(300), where)[0]!;
    for (const family of [agentFamily, long]) {
      assert.match(slotId(family, 12), /^[A-Za-z0-9_-]{1,255}$/);
      assert.match(family.label, /^[a-z0-9_-]{1,63}$/);
    }
    assert.match(agentFamily.prefix, /^cra-scale-us-central1-octo-org-octo-repo-agent-triage-[0-9a-f]{12}$/);
  });
});

test('slot numbers: only slots 1..limit of the family', () => {
  const name = (k: number | string) => `projects/p/secrets/${agentFamily.prefix}-${k}`;
  assert.equal(slotNumber(agentFamily, name(1)), 1);
  assert.equal(slotNumber(agentFamily, name(2)), 2);
  for (const k of [0, 3, 'x', '1.5', '']) assert.equal(slotNumber(agentFamily, name(k)), undefined);
  assert.equal(slotNumber(agentFamily, `projects/p/secrets/cra-scale-other-1`), undefined);
});

test('free slots are tried from a start that differs by run, round to 1, the taken left out', () => {
  assert.deepEqual(freeSlots(4, new Set(), 1), [1, 2, 3, 4]);
  assert.deepEqual(freeSlots(4, new Set(), 3), [3, 4, 1, 2]);
  assert.deepEqual(freeSlots(4, new Set([3, 1]), 3), [4, 2]);
  assert.deepEqual(freeSlots(4, new Set([1, 2, 3, 4]), 2), []);
  assert.deepEqual(freeSlots(1, new Set(), 7), [1]);
});

const now = Date.parse('2026-12-01T12:00:00Z');
const job = 'projects/p/locations/us-central1/jobs/al-triage-123-1-abcd';
const slot = (extra: Partial<Slot> = {}): Slot => ({
  name: `projects/p/secrets/${agentFamily.prefix}-1`,
  k: 1,
  etag: '"e1"',
  holder: 'nonce-1',
  run: { repository: 'octo-org/octo-repo', runId: '123', attempt: 2 },
  expireMs: now + 3_600_000,
  sinceMs: now - 60_000,
  ...extra,
});

describe('a slot read from its secret', () => {
  const secret = (annotations: Record<string, string>) => ({
    name: `projects/p/secrets/${agentFamily.prefix}-2`,
    etag: '"e"',
    labels: { 'managed-by': 'cloud-run-agent', 'al-scale': agentFamily.label },
    annotations,
    expireTime: { seconds: String(now / 1000 + 3600), nanos: 0 },
    createTime: { seconds: String(now / 1000 - 10), nanos: 0 },
  });
  const run = { 'gh-repository': 'octo-org/octo-repo', 'gh-run-id': '123', 'gh-run-attempt': '2' };

  test('its holder, run and job from the annotations; when it was written from expiry less ttl', () => {
    const read = slotOf(secret({ ...run, holder: 'n', 'ttl-seconds': '7200', job }), agentFamily)!;
    assert.equal(read.k, 2);
    assert.equal(read.holder, 'n');
    assert.deepEqual(read.run, { repository: 'octo-org/octo-repo', runId: '123', attempt: 2 });
    assert.equal(read.job, job);
    assert.equal(read.sinceMs, now - 3_600_000);
    // Without the ttl annotation: its creation.
    assert.equal(slotOf(secret(run), agentFamily)!.sinceMs, now - 10_000);
  });

  test('a job annotation that is not a job name is ignored (never printed, never asked about)', () => {
    for (const bad of [`${job}\n::add-mask::x`, 'al-triage', `${job}/executions/x`, ''])
      assert.equal(slotOf(secret({ job: bad }), agentFamily)!.job, undefined);
  });

  test("a secret of another family or with another number is none of the family's slots", () => {
    assert.equal(slotOf({ ...secret({}), name: 'projects/p/secrets/cra-scale-x-1' }, agentFamily), undefined);
    assert.equal(
      slotOf({ ...secret({}), name: `projects/p/secrets/${agentFamily.prefix}-9` }, agentFamily),
      undefined,
    );
  });

  test('reap knows a slot by its labels and id; a run secret or a user secret is none', () => {
    assert.ok(isScaleSlot(secret({})));
    assert.ok(!isScaleSlot({ ...secret({}), labels: { 'al-scale': 'x' } }), 'not managed by the action');
    assert.ok(!isScaleSlot({ ...secret({}), name: 'projects/p/secrets/al-triage-1-c1-api-default' }));
    assert.ok(!isScaleSlot({ ...secret({}), labels: { 'managed-by': 'cloud-run-agent' } }));
  });
});

describe('staleness: counted from Cloud Run', () => {
  const cases: [string, Partial<Slot>, JobState | undefined, RegExp | undefined][] = [
    ['expired', { expireMs: now, job }, 'running', /expired/],
    ['preparing (no job named)', {}, undefined, undefined],
    ['preparing, whatever Cloud Run says', { sinceMs: now - 10 * startGraceMs }, 'gone', undefined],
    ['its execution runs', { job }, 'running', undefined],
    ['its execution ended', { job }, 'ended', /execution has ended/],
    ['its job is gone just after it was named (CreateJob in flight)', { job }, 'gone', undefined],
    [
      'its job is gone long after it was named',
      { job, sinceMs: now - startGraceMs },
      'gone',
      /no longer exists/,
    ],
    ['its job has no execution yet', { job }, 'starting', undefined],
    [
      'its job never started one',
      { job, sinceMs: now - startGraceMs - 1 },
      'starting',
      /started no execution/,
    ],
    ['not asked yet', { job }, undefined, undefined],
  ];
  for (const [name, extra, state, why] of cases)
    test(name, () => {
      const verdict = staleness(slot(extra), state, now);
      if (why) assert.match(verdict ?? '', why);
      else assert.equal(verdict, undefined);
    });
});

describe('what a waiting or skipped run prints', () => {
  const jobs = new Map<string, JobState>([[slot().name, 'running']]);
  const held = [slot({ job }), slot({ k: 2, name: 'n2', run: undefined, holder: 'nonce-2' })];

  test("the holders' repository, run, attempt and job; never their holder id", () => {
    const line = waitingLine(agentFamily, held, jobs, { seconds: 3, first: true }, 1800);
    assert.equal(
      line,
      'Agent triage already runs at its scale of 2 (agents/triage/config.toml: "scale"): waiting up to 30m (queue_timeout) for a slot. ' +
        'Held by slot 1: octo-org/octo-repo run 123 (attempt 2), job al-triage-123-1-abcd, running; slot 2: a run outside GitHub Actions, preparing its job.',
    );
    assert.ok(!line.includes('nonce'));
    assert.match(
      waitingLine(agentFamily, held, jobs, { seconds: 75, first: false }, 1800),
      /still waiting, 1m 15s so far, 28m 45s left/,
    );
    assert.equal(
      holderText(slot({ job }), 'starting'),
      'octo-org/octo-repo run 123 (attempt 2), job al-triage-123-1-abcd, starting',
    );
  });

  test('the skip says what was waited for, who holds the slots, that nothing was made, and the fix', () => {
    const message = skipMessage(agentFamily, held, jobs, 300);
    assert.match(
      message,
      /^Skipped: Agent triage already runs at its scale of 2 .* within queue_timeout \(5m\)\./,
    );
    assert.match(message, /Held by slot 1: octo-org\/octo-repo run 123 \(attempt 2\)/);
    assert.match(message, /raise "scale" in agents\/triage\/config.toml .* raise "queue_timeout"/);
    const project = families(
      { ...scale, project: 1, projectSource: 'config.toml: "scale"' },
      'triage',
      where,
    )[1]!;
    assert.match(
      skipMessage(project, [], new Map(), 0),
      /The project's agents already run at its scale of 1 \(config.toml: "scale"\).* raise "scale" in config.toml/,
    );
  });

  test('a disabled agent (scale 0) is named with where its scale came from', () => {
    assert.match(
      disabledMessage('triage', 'agents/triage/config.toml: "scale"'),
      /^Skipped: agent triage is disabled \(scale = 0, agents\/triage\/config.toml: "scale"\)/,
    );
  });
});

test('a waiting run polls often while young, every 20 s at most later, never below 1.5 s', () => {
  for (let i = 0; i < 200; i++) {
    assert.ok(pollMs(0) >= 1_500 && pollMs(0) <= 2_500);
    assert.ok(pollMs(3600) >= 15_000 && pollMs(3600) <= 25_000);
  }
});
