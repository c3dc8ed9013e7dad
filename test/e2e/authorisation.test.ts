// Who may start a run, end to end: the bundled action (dist/) with events anyone can cause, a fake
// GitHub API serving collaborator permissions (GITHUB_API_URL), and the emulator, which must see
// no RPC at all when a run is refused or skipped. Every path sets the `conclusion` output.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { commentMarker } from '../../src/github/authorisation.ts';
import { requireDocker } from '../infra/docker.ts';
import { startFakeGitHub, type FakeGitHub } from '../infra/github-api.ts';
import { leftovers, runAgent, startFixture, type Fixture } from './fixtures.ts';

const repo = 'octo-org/octo-repo'; // the harness's GITHUB_REPOSITORY
const token = 'ghs_authE2eToken0123456789abcdef';

const user = (login: string) => ({ login, id: 1, type: 'User' });
function issueComment(login: string, body = '@agent please triage this') {
  return {
    name: 'issue_comment',
    payload: {
      action: 'created',
      issue: { number: 12, title: 'A title with ::set-output name=status::ok', user: user(login) },
      comment: { id: 99, body, user: user(login) },
      repository: { full_name: repo },
      sender: user(login),
    },
  };
}

describe('who may start a run, end to end', { concurrency: false }, () => {
  let fixture: Fixture;
  let github: FakeGitHub;
  before(async () => {
    if (await requireDocker()) return;
    fixture = await startFixture();
    github = await startFakeGitHub(token);
    github.setPermission(repo, 'writer', 'write');
    github.setPermission(repo, 'reader', 'read');
  });
  after(async () => {
    await github?.stop();
    await fixture?.emulator.stop();
  });

  const rpcs = () => [...fixture.emulator.calls.values()].reduce((a, b) => a + b, 0);
  const permissionRequests = () => github.requests.filter((r) => r.path.includes('/collaborators/')).length;

  /** Runs the action on `event`; what it cost the emulator and the fake GitHub API. */
  async function start(event: { name: string; payload: object }, inputs: Record<string, string> = {}) {
    const [calls, asked] = [rpcs(), permissionRequests()];
    const result = await runAgent(fixture, {
      event,
      githubToken: token,
      inputs: { env: 'AGENT_RESULT=ran', ...inputs },
      env: {
        GITHUB_API_URL: github.url,
        GITHUB_ACTOR: event.name === 'issue_comment' ? 'ignored' : 'octocat',
      },
    });
    const log = [...result.main.log, ...(result.post?.log ?? [])].join('\n');
    return { result, log, rpcs: rpcs() - calls, asked: permissionRequests() - asked };
  }

  test('a read-only commenter is refused before any cloud call, named, with the fix', async (t) => {
    if (await requireDocker(t)) return;
    const { result, log, rpcs, asked } = await start(issueComment('reader'));
    assert.equal(result.main.conclusion, 'failure', log);
    assert.equal(result.outputs.conclusion, 'failure');
    assert.equal(result.outputs.status, undefined);
    assert.equal(rpcs, 0, `${rpcs} RPCs reached the emulator`);
    assert.equal(asked, 1);
    const error = result.main.annotations.find((a) => a.type === 'error')?.message ?? '';
    assert.match(error, /reader has read access to octo-org\/octo-repo/);
    assert.match(error, /issue_comment event needs write access or more/);
    assert.match(error, /add reader to the "allowed_users" input/);
    assert.doesNotMatch(log, /set-output|please triage/);
    assert.deepEqual(leftovers(fixture.emulator), { jobs: 0, running: 0, containers: 0, secrets: 0 });
  });

  test('a commenter who is not a collaborator (404) is refused too', async (t) => {
    if (await requireDocker(t)) return;
    const { result, rpcs } = await start(issueComment('stranger'));
    assert.equal(result.outputs.conclusion, 'failure');
    assert.equal(rpcs, 0);
    assert.match(result.main.log.join('\n'), /stranger is not a collaborator .*permission: none/);
  });

  test('GitHub unavailable fails closed: refused, nothing called in the cloud', async (t) => {
    if (await requireDocker(t)) return;
    github.failWith(503);
    try {
      const { result, rpcs, asked } = await start(issueComment('writer'));
      assert.equal(result.outputs.conclusion, 'failure');
      assert.equal(rpcs, 0);
      assert.equal(asked, 3);
      assert.match(result.main.log.join('\n'), /Could not check whether writer .*GitHub answered 503/);
    } finally {
      github.failWith(undefined);
    }
  });

  test('an allow-listed read-only commenter runs, without asking GitHub', async (t) => {
    if (await requireDocker(t)) return;
    const { result, log, asked } = await start(issueComment('reader'), { allowed_users: 'Reader' });
    assert.equal(result.main.conclusion, 'success', log);
    assert.equal(result.outputs.conclusion, 'success');
    assert.equal(result.outputs.status, 'succeeded');
    assert.equal(result.outputs.result, 'ran');
    assert.equal(asked, 0);
  });

  test('a write collaborator runs', async (t) => {
    if (await requireDocker(t)) return;
    const { result, log, asked } = await start(issueComment('writer'));
    assert.equal(result.main.conclusion, 'success', log);
    assert.equal(result.outputs.conclusion, 'success');
    assert.equal(result.outputs.result, 'ran');
    assert.equal(asked, 1);
    assert.deepEqual(leftovers(fixture.emulator), { jobs: 0, running: 0, containers: 0, secrets: 0 });
  });

  test("the action's own comment is skipped: successful, conclusion skipped, nothing created", async (t) => {
    if (await requireDocker(t)) return;
    const body = `${commentMarker} agent=e2e-agent -->\n**e2e-agent** is running…`;
    const { result, log, rpcs, asked } = await start(issueComment('writer', body));
    assert.equal(result.main.conclusion, 'success', log);
    assert.equal(result.outputs.conclusion, 'skipped');
    assert.equal(result.outputs.job, undefined);
    assert.equal(rpcs, 0);
    assert.equal(asked, 0);
    assert.match(log, /Skipped\. The comment is one the action wrote/);
  });

  test('a bot not in allowed_bots is skipped; one in it runs', async (t) => {
    if (await requireDocker(t)) return;
    const bot = issueComment('ci-helper[bot]', 'CI passed');
    bot.payload.sender = { login: 'ci-helper[bot]', id: 2, type: 'Bot' };
    const skipped = await start(bot, { allowed_bots: 'dependabot' });
    assert.equal(skipped.result.outputs.conclusion, 'skipped', skipped.log);
    assert.equal(skipped.rpcs, 0);
    assert.match(skipped.log, /bot ci-helper\[bot\], which is not in "allowed_bots"/);
    const allowed = await start(bot, { allowed_bots: 'ci-helper' });
    assert.equal(allowed.result.outputs.conclusion, 'success', allowed.log);
    assert.equal(skipped.asked + allowed.asked, 0);
  });

  test('schedule, workflow_dispatch and push need no check and no API call', async (t) => {
    if (await requireDocker(t)) return;
    const events = [
      { name: 'schedule', payload: { schedule: '17 3 * * *' } },
      { name: 'workflow_dispatch', payload: { inputs: {}, sender: user('reader') } },
      { name: 'push', payload: { ref: 'refs/heads/main', sender: user('reader') } },
    ];
    for (const event of events) {
      const before = github.requests.length;
      const { result, log } = await start(event);
      assert.equal(result.outputs.conclusion, 'success', `${event.name}\n${log}`);
      assert.equal(github.requests.length - before, 0, event.name);
    }
  });

  test('an input error ends with conclusion failure', async (t) => {
    if (await requireDocker(t)) return;
    const { result, rpcs } = await start({ name: 'push', payload: {} }, { region: 'nowhere' });
    assert.equal(result.main.conclusion, 'failure');
    assert.equal(result.outputs.conclusion, 'failure');
    assert.equal(rpcs, 0);
  });
});
