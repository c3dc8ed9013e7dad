// Who may start a run: the pure decision over the event, the actor, GitHub's answer and the allow
// lists (src/github/authorisation.ts), then the lookup against the fake GitHub API (src/github/authorisation.ts).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { commentMarker, decide, type Facts } from '../../../src/github/authorisation.ts';
import { whoMayStart } from '../../../src/github/authorisation.ts';
import { collaboratorPermission } from '../../../src/github/api.ts';
import { startFakeGitHub, type FakeGitHub } from '../../infra/github-api.ts';

const repository = 'octo-org/octo-repo';
const user = (login: string) => ({ login, type: 'User' });
const comment = (login: string, body = '@agent please look') => ({
  action: 'created',
  sender: user(login),
  comment: { body, user: user(login) },
  issue: { number: 7, title: 'hostile ::set-output name=x::y' },
});
const pullRequest = (login: string, head: string | null) => ({
  action: 'opened',
  sender: user(login),
  pull_request: {
    head: { repo: head === null ? null : { full_name: head } },
    base: { repo: { full_name: repository } },
  },
});

function facts(eventName: string, payload: object, more: Partial<Facts> = {}): Facts {
  return { eventName, payload, repository, allowedUsers: [], allowedBots: [], actor: 'octocat', ...more };
}

describe('decide', () => {
  test('events only a writer can cause need no check and no API call', () => {
    for (const event of ['schedule', 'workflow_dispatch', 'push', 'repository_dispatch', 'release']) {
      assert.equal(decide(facts(event, {})).verdict, 'run', event);
    }
    assert.equal(decide(facts('pull_request', pullRequest('stranger', repository))).verdict, 'run');
    assert.equal(decide(facts('pull_request_target', pullRequest('stranger', repository))).verdict, 'run');
  });

  test('events anyone can cause ask for the sender, not GITHUB_ACTOR nor the re-runner', () => {
    const events: [string, object][] = [
      ['issue_comment', comment('stranger')],
      ['issues', { action: 'opened', sender: user('stranger') }],
      ['pull_request_review', { action: 'submitted', sender: user('stranger') }],
      ['pull_request_review_comment', comment('stranger')],
      ['discussion', { action: 'created', sender: user('stranger') }],
      ['discussion_comment', comment('stranger')],
      ['pull_request_target', pullRequest('stranger', 'stranger/octo-repo')],
      ['pull_request_target', pullRequest('stranger', null)], // a deleted fork
      ['pull_request', pullRequest('stranger', 'stranger/octo-repo')],
      ['workflow_run', { sender: user('stranger') }],
      ['some_future_event', { sender: user('stranger') }], // unknown: fail closed
    ];
    for (const [event, payload] of events) {
      const decision = decide(
        facts(event, payload, { actor: 'someone-else', triggeringActor: 'maintainer' }),
      );
      assert.deepEqual(decision, { verdict: 'ask', login: 'stranger' }, event);
    }
    // No sender in the payload: GITHUB_ACTOR.
    assert.deepEqual(decide(facts('issues', {})), { verdict: 'ask', login: 'octocat' });
  });

  test('write or admin runs; read, none and non-collaborators are refused, named, with the fix', () => {
    const ask = (permission: Facts['permission']) =>
      decide(facts('issue_comment', comment('Stranger-1'), { permission }));
    assert.equal(ask({ permission: 'write' }).verdict, 'run');
    assert.equal(ask({ permission: 'admin' }).verdict, 'run');
    for (const permission of ['read', 'none']) {
      const decision = ask({ permission });
      assert.equal(decision.verdict, 'refuse');
      const why = (decision as { why: string }).why;
      assert.match(why, new RegExp(`Stranger-1 has ${permission} access to ${repository}`));
      assert.match(why, /needs write access or more/);
      assert.match(why, /add Stranger-1 to the "allowed_users" input/);
    }
    const outsider = ask({ notCollaborator: true });
    assert.equal(outsider.verdict, 'refuse');
    assert.match((outsider as { why: string }).why, /Stranger-1 is not a collaborator .*permission: none/);
    // An unexpected answer is printed as "unknown", never as GitHub sent it.
    const odd = ask({ permission: '::error::x' });
    assert.equal(odd.verdict, 'refuse');
    assert.doesNotMatch((odd as { why: string }).why, /::/);
  });

  test('GitHub not answering fails closed', () => {
    const decision = decide(
      facts('issues', { sender: user('dev') }, { permission: { error: 'GitHub answered 503' } }),
    );
    assert.equal(decision.verdict, 'refuse');
    assert.match(
      (decision as { why: string }).why,
      /Could not check whether dev .*GitHub answered 503.*fails closed/,
    );
  });

  test('a re-run is judged by who caused the event, and says so', () => {
    const decision = decide(
      facts('issue_comment', comment('stranger'), {
        triggeringActor: 'maintainer',
        permission: { permission: 'read' },
      }),
    );
    assert.equal(decision.verdict, 'refuse');
    assert.match(
      (decision as { why: string }).why,
      /started by maintainer, but a re-run is judged by who caused the event/,
    );
  });

  test('allowed_users run without asking, whatever the case', () => {
    const decision = decide(facts('issue_comment', comment('Friendly'), { allowedUsers: ['friendly'] }));
    assert.equal(decision.verdict, 'run');
  });

  test("the action's own comments are skipped, whoever wrote them", () => {
    for (const event of ['issue_comment', 'pull_request_review_comment', 'discussion_comment']) {
      const payload = comment('admin-person', `Agent triage: running\n${commentMarker} triage -->`);
      const decision = decide(facts(event, payload, { allowedUsers: ['admin-person'] }));
      assert.equal(decision.verdict, 'skip', event);
      assert.match((decision as { why: string }).why, /one the action wrote/);
    }
    // Without the marker, the same comment is judged as usual.
    assert.equal(decide(facts('issue_comment', comment('admin-person'))).verdict, 'ask');
  });

  test('bots run only from allowed_bots (with or without [bot], or *), else are skipped; never asked', () => {
    const bot = { ...comment('renovate[bot]'), sender: { login: 'renovate[bot]', type: 'Bot' } };
    assert.equal(decide(facts('issue_comment', bot, { allowedBots: ['renovate'] })).verdict, 'run');
    assert.equal(decide(facts('issue_comment', bot, { allowedBots: ['Renovate[bot]'] })).verdict, 'run');
    assert.equal(decide(facts('issue_comment', bot, { allowedBots: ['*'] })).verdict, 'run');
    const other = decide(
      facts('issue_comment', bot, { allowedBots: ['dependabot'], allowedUsers: ['renovate'] }),
    );
    assert.equal(other.verdict, 'skip');
    assert.match(
      (other as { why: string }).why,
      /bot renovate\[bot\], which is not in "allowed_bots".*add renovate to "allowed_bots"/,
    );
    // sender.type alone marks a bot too.
    const typed = decide(facts('issues', { sender: { login: 'machine', type: 'Bot' } }));
    assert.equal(typed.verdict, 'skip');
    // A bot on an event that needs no check runs.
    assert.equal(decide(facts('push', { sender: { login: 'x[bot]', type: 'Bot' } })).verdict, 'run');
  });

  test('a sender that is not a GitHub login is refused and never printed', () => {
    for (const login of ['::set-output name=status::ok', 'a\nb', '', 'x'.repeat(40)]) {
      const decision = decide(facts('issue_comment', comment(login), { actor: undefined }));
      assert.equal(decision.verdict, 'refuse', JSON.stringify(login));
      const why = (decision as { why: string }).why;
      if (login) assert.ok(!why.includes(login), why);
    }
  });
});

describe('whoMayStart, against the fake GitHub API', () => {
  const token = 'ghs_authUnitToken';
  let github: FakeGitHub;
  let dir: string;
  before(async () => {
    github = await startFakeGitHub(token);
    for (const [login, permission] of [
      ['admin-person', 'admin'],
      ['writer', 'write'],
      ['reader', 'read'],
      ['nobody', 'none'],
    ] as const) {
      github.setPermission(repository, login, permission);
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'auth-unit-'));
  });
  after(async () => {
    await github.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  let seq = 0;
  function env(eventName: string, payload: object): NodeJS.ProcessEnv {
    const file = path.join(dir, `event-${++seq}.json`);
    fs.writeFileSync(file, JSON.stringify(payload));
    return {
      GITHUB_EVENT_NAME: eventName,
      GITHUB_EVENT_PATH: file,
      GITHUB_REPOSITORY: repository,
      GITHUB_ACTOR: 'octocat',
      GITHUB_API_URL: github.url,
    };
  }
  const inputs = { allowedUsers: [], allowedBots: [], githubToken: token };
  const permissionRequests = () => github.requests.filter((r) => r.path.includes('/collaborators/')).length;

  test('asks once for a commenter, and decides by the answer', async () => {
    const cases: [string, string][] = [
      ['admin-person', 'run'],
      ['writer', 'run'],
      ['reader', 'refuse'],
      ['nobody', 'refuse'],
      ['outsider', 'refuse'], // 404
    ];
    for (const [login, verdict] of cases) {
      const before = permissionRequests();
      const decision = await whoMayStart(inputs, env('issue_comment', comment(login)));
      assert.equal(decision.verdict, verdict, login);
      assert.equal(permissionRequests() - before, 1, login);
    }
    const last = github.requests.at(-1)!;
    assert.equal(last.path, `/repos/${repository}/collaborators/outsider/permission`);
    assert.equal(last.authorized, true);
  });

  test('no request for a schedule, an allow-listed user, a bot or a marked comment', async () => {
    const before = permissionRequests();
    assert.equal((await whoMayStart(inputs, env('schedule', {}))).verdict, 'run');
    assert.equal((await whoMayStart(inputs, env('push', { sender: user('reader') }))).verdict, 'run');
    const listed = { ...inputs, allowedUsers: ['reader'] };
    assert.equal((await whoMayStart(listed, env('issue_comment', comment('reader')))).verdict, 'run');
    const bot = { sender: { login: 'ci[bot]', type: 'Bot' }, comment: { body: 'CI passed' } };
    assert.equal((await whoMayStart(inputs, env('issue_comment', bot))).verdict, 'skip');
    const marked = comment('writer', `${commentMarker} agent -->`);
    assert.equal((await whoMayStart(inputs, env('issue_comment', marked))).verdict, 'skip');
    assert.equal(permissionRequests(), before);
  });

  test('a wrong or empty token, or GitHub unavailable, fails closed', async () => {
    const wrong = await whoMayStart(
      { ...inputs, githubToken: 'nope' },
      env('issues', { sender: user('writer') }),
    );
    assert.equal(wrong.verdict, 'refuse');
    assert.match((wrong as { why: string }).why, /GitHub answered 401/);
    const empty = await whoMayStart(
      { ...inputs, githubToken: '' },
      env('issues', { sender: user('writer') }),
    );
    assert.match((empty as { why: string }).why, /"github_token" input is empty/);
    github.failWith(503);
    try {
      const before = permissionRequests();
      const down = await whoMayStart(inputs, env('issues', { sender: user('writer') }));
      assert.equal(down.verdict, 'refuse');
      assert.match((down as { why: string }).why, /GitHub answered 503/);
      assert.equal(permissionRequests() - before, 3, 'tried 3 times');
    } finally {
      github.failWith(undefined);
    }
  });

  test('collaboratorPermission reads GitHub’s answer, and names a 404 as not a collaborator', async () => {
    const options = { apiUrl: github.url, token };
    assert.deepEqual(await collaboratorPermission(options, repository, 'writer'), {
      permission: 'write',
      role: 'write',
    });
    assert.deepEqual(await collaboratorPermission(options, repository, 'outsider'), {
      notCollaborator: true,
    });
    assert.deepEqual(await collaboratorPermission(options, 'not a repo', 'writer'), {
      error: 'GITHUB_REPOSITORY does not name a repository (owner/name)',
    });
  });
});
