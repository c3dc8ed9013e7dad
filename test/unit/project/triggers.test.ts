// The agent's trigger filters, held to upstream's own code: its config → filter
// (buildFilterFromTrigger) and its decision (GitHubWebhookProvider.matchesFilter) on every
// fixture × filter of a grid covering each field, empty lists, events without an action, a
// branch or a conclusion. Then reading [[webhooks]] from a project and the step's decision.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { githubContext, webhookEventName } from '../../../src/github/context.ts';
import {
  buildFilter,
  decideTrigger,
  matchesFilter,
  mismatch,
  readAgentTriggers,
} from '../../../src/project/triggers.ts';
import { events } from '../../infra/event-fixtures.ts';
import { upstream } from '../../infra/upstream.ts';

// [[webhooks]] entries as a config.toml would hold them (source left out: it selects, not filters).
const grid: Record<string, unknown>[] = [
  {},
  { events: [] },
  { events: ['issues'] },
  { events: ['pull_request'] },
  { events: ['pull_request_target'] },
  { events: ['issue_comment', 'pull_request_review'] },
  { events: ['push'] },
  { events: ['workflow_run'] },
  { events: ['release', 'discussion', 'discussion_comment'] },
  { actions: [] },
  { actions: ['opened'] },
  { actions: ['created', 'submitted'] },
  { actions: ['labeled'] },
  { events: ['push'], actions: ['opened'] },
  { repos: [] },
  { repos: ['acme/widgets'] },
  { repos: ['acme/other'] },
  { orgs: [] },
  { orgs: ['acme'] },
  { orgs: ['other'] },
  { org: 'acme' },
  { org: 'other' },
  { org: 'other', orgs: ['acme'] },
  { org: '', orgs: ['other'] },
  { labels: [] },
  { labels: ['agent'] },
  { labels: ['bug', 'nope'] },
  { labels: ['nope'] },
  { assignee: 'carol' },
  { assignee: 'alice' },
  { assignee: '' },
  { author: 'carol' },
  { author: 'alice' },
  { author: 'mallory' },
  { branches: [] },
  { branches: ['main'] },
  { branches: ['faster-spinner'] },
  { branches: ['refs/tags/v1.4.0'] },
  { conclusions: [] },
  { conclusions: ['failure'] },
  { conclusions: ['success'] },
  { events: ['issues'], actions: ['labeled'], labels: ['agent'] },
  { events: ['pull_request'], actions: ['opened', 'synchronize'], branches: ['main'], author: 'carol' },
  { events: ['workflow_run'], conclusions: ['failure'], branches: ['faster-spinner'] },
  { events: ['issue_comment'], repos: ['acme/widgets'], org: 'acme', labels: ['agent', 'bug'] },
];

const now = new Date('2026-12-01T12:00:00.000Z');

describe('filters equal upstream', () => {
  test('config → filter: buildFilterFromTrigger', () => {
    for (const entry of grid)
      assert.deepStrictEqual(buildFilter(entry), upstream.buildFilter(entry), JSON.stringify(entry));
  });

  test('every fixture × filter: the same decision as matchesFilter, and a reason exactly when declined', () => {
    const outcomes = new Map<string, Set<boolean>>();
    for (const entry of grid) {
      const filter = buildFilter(entry);
      for (const { file, name, payload } of events) {
        const event = webhookEventName(name);
        const ours = githubContext(event, payload, now)!;
        const theirs = upstream.parseEvent(event, structuredClone(payload))!;
        // As upstream's registry: a binding without a filter takes every event of its source.
        const expected = filter ? upstream.matchesFilter(theirs, filter) : true;
        const got = filter ? matchesFilter(ours, filter) : true;
        const where = `${file} × ${JSON.stringify(entry)}`;
        assert.equal(got, expected, where);
        assert.equal(filter ? mismatch(ours, filter) === undefined : true, expected, where);
        const key = Object.keys(entry).sort().join('+') || '(none)';
        outcomes.set(key, (outcomes.get(key) ?? new Set()).add(got));
      }
    }
    // The grid decides something: each field, on its own, both accepts and declines some fixture.
    for (const field of [
      'events',
      'actions',
      'repos',
      'orgs',
      'org',
      'labels',
      'assignee',
      'author',
      'branches',
      'conclusions',
    ])
      assert.deepEqual(outcomes.get(field), new Set([true, false]), field);
  });

  test('what the decisions mean (checked by hand)', () => {
    const ctx = (file: string) => {
      const e = events.find((x) => x.file === file)!;
      return githubContext(webhookEventName(e.name), e.payload, now)!;
    };
    // A branch filter lets an event without a branch through; a conclusion filter one without a conclusion.
    assert.equal(matchesFilter(ctx('issues.opened.json'), { branches: ['main'] }), true);
    assert.equal(matchesFilter(ctx('pull_request.opened.json'), { branches: ['main'] }), false);
    assert.equal(matchesFilter(ctx('workflow_run.requested.json'), { conclusions: ['failure'] }), true);
    assert.equal(matchesFilter(ctx('workflow_run.completed.json'), { conclusions: ['success'] }), false);
    // An actions filter declines an event without an action (a push).
    assert.equal(matchesFilter(ctx('push.branch.json'), { actions: ['opened'] }), false);
    // A fork's pull_request_target is a "pull_request" to the filter.
    assert.equal(matchesFilter(ctx('pull_request_target.opened.json'), { events: ['pull_request'] }), true);
    assert.equal(
      mismatch(ctx('issues.opened.json'), { labels: ['agent'] }),
      'wants one of labels ["agent"], got ["bug"]',
    );
  });
});

describe('readAgentTriggers', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
  function project(agentToml: string | undefined, rootToml?: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triggers-test-'));
    dirs.push(dir);
    fs.mkdirSync(path.join(dir, 'agents', 'fixer'), { recursive: true });
    if (agentToml !== undefined)
      fs.writeFileSync(path.join(dir, 'agents', 'fixer', 'config.toml'), agentToml);
    if (rootToml !== undefined) fs.writeFileSync(path.join(dir, 'config.toml'), rootToml);
    return dir;
  }
  const root =
    '[webhooks.github]\ntype = "github"\n[webhooks.gh2]\ntype = "github"\n[webhooks.sentry]\ntype = "sentry"\n';

  test('GitHub sources only, in order, numbered as written; an entry without filters takes everything', () => {
    const dir = project(
      [
        'models = ["sonnet"]',
        '[[webhooks]]\nsource = "sentry"\nresources = ["issue"]',
        '[[webhooks]]\nsource = "github"\nevents = ["issues"]\nactions = ["labeled"]\nlabels = ["agent"]',
        '[[webhooks]]\nsource = "gh2"\norg = "acme"\norgs = ["beta"]',
        '[[webhooks]]\nsource = "github"',
      ].join('\n'),
      root,
    );
    const { triggers, problems } = readAgentTriggers(dir, 'fixer');
    assert.deepEqual(problems, []);
    assert.deepEqual(triggers, {
      file: path.join(dir, 'agents', 'fixer', 'config.toml'),
      github: [
        {
          index: 2,
          source: 'github',
          filter: { events: ['issues'], actions: ['labeled'], labels: ['agent'] },
        },
        { index: 3, source: 'gh2', filter: { orgs: ['acme', 'beta'] } },
        { index: 4, source: 'github', filter: undefined },
      ],
    });
  });

  test('no config.toml: undefined; no webhooks: none', () => {
    assert.deepEqual(readAgentTriggers(project(undefined), 'fixer'), { problems: [] });
    assert.deepEqual(readAgentTriggers(project('schedule = "0 * * * *"'), 'fixer').triggers?.github, []);
    assert.deepEqual(readAgentTriggers(project(undefined), '../fixer'), { problems: [] });
  });

  test('what upstream refuses or misreads is a problem naming the file, the entry and the fix', () => {
    const dir = project(
      [
        '[[webhooks]]\nsource = "gitlab"',
        '[[webhooks]]\nevents = ["issues"]',
        '[[webhooks]]\nsource = "github"\nbranch = "main"\nevents = "issues"\nauthor = 3',
      ].join('\n'),
      root,
    );
    const file = path.join(dir, 'agents', 'fixer', 'config.toml');
    const { triggers, problems } = readAgentTriggers(dir, 'fixer');
    assert.equal(triggers, undefined);
    assert.deepEqual(problems, [
      `${file}: [[webhooks]] #1: source "gitlab" is not defined in ${path.join(dir, 'config.toml')} (defined: github, gh2, sentry). Add [webhooks.gitlab] with type = "github" there; Action Llama refuses to start otherwise.`,
      `${file}: [[webhooks]] #2 needs a "source" naming a [webhooks.<name>] of ${path.join(dir, 'config.toml')}, e.g. source = "github".`,
      `${file}: [[webhooks]] #3: "branch" is not a filter of GitHub webhooks (events, actions, repos, orgs, labels, branches, conclusions, org, assignee, author). Did you mean "branches"?`,
      `${file}: [[webhooks]] #3: "events" must be a list of strings, e.g. events = ["issues"].`,
      `${file}: [[webhooks]] #3: "author" must be a string, e.g. author = "octocat".`,
    ]);
  });

  test('webhooks without a root config.toml name no source that exists', () => {
    const { problems } = readAgentTriggers(project('[[webhooks]]\nsource = "github"'), 'fixer');
    assert.match(problems[0]!, /source "github" is not defined in .*config\.toml \(defined: none\)/);
  });
});

describe('decideTrigger', () => {
  const file = 'agents/fixer/config.toml';
  const env = (file: string) => {
    const e = events.find((x) => x.file === file)!;
    return { GITHUB_EVENT_NAME: e.name, GITHUB_EVENT_PATH: e.path };
  };
  const triggers = {
    file,
    github: [
      { index: 1, source: 'github', filter: { events: ['issues'], actions: ['labeled'], labels: ['agent'] } },
      { index: 3, source: 'github', filter: { events: ['pull_request'], branches: ['main'] } },
    ],
  };

  test('schedule and workflow_dispatch are not webhooks: they run whatever the filters', () => {
    for (const name of ['schedule', 'workflow_dispatch'])
      assert.equal(decideTrigger('fixer', triggers, { GITHUB_EVENT_NAME: name }).verdict, 'run');
  });

  test('an agent without GitHub webhooks runs on any event', () => {
    assert.equal(decideTrigger('fixer', undefined, env('issues.opened.json')).verdict, 'run');
    assert.equal(decideTrigger('fixer', { file, github: [] }, env('issues.opened.json')).verdict, 'run');
  });

  test('any webhook that matches wins; the file is named as the repository names it', () => {
    const inWorkspace = { ...triggers, file: path.join('/ws', file) };
    assert.deepEqual(
      decideTrigger('fixer', inWorkspace, { ...env('issues.labeled.json'), GITHUB_WORKSPACE: '/ws' }),
      { verdict: 'run', why: `accepted by [[webhooks]] #1 of ${file}` },
    );
    const elsewhere = decideTrigger('fixer', inWorkspace, {
      ...env('issues.labeled.json'),
      GITHUB_WORKSPACE: '/x',
    });
    assert.equal(elsewhere.why, `accepted by [[webhooks]] #1 of /ws/${file}`);
  });

  test('declined: one line naming each webhook and why', () => {
    assert.deepEqual(decideTrigger('fixer', triggers, env('pull_request_target.opened.json')), {
      verdict: 'skip',
      why: `Skipped: agent "fixer" does not accept this pull_request event (action "opened"): [[webhooks]] of ${file}: #1 (source "github") wants events ["issues"], got "pull_request"; #3 (source "github") wants branches ["main"], got "patch-1". Set "respect_triggers: false" to run it anyway.`,
    });
    const push = decideTrigger('fixer', triggers, env('push.branch.json'));
    assert.equal(push.verdict, 'skip');
    assert.doesNotMatch(push.why, /\n/);
  });

  test('an event upstream reads no context from is declined', () => {
    const decision = decideTrigger('fixer', triggers, { GITHUB_EVENT_NAME: 'issues' });
    assert.equal(decision.verdict, 'skip');
    assert.match(decision.why, /reads no trigger context from this issues event/);
  });
});
