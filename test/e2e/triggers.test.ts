// The agent's own trigger filters, end to end: the bundled action (dist/) in a workspace whose
// agents/e2e-agent/config.toml declares GitHub [[webhooks]] (a contract image: the project folder's
// config applies in either mode), events from test/fixtures/events/, a fake GitHub API for the
// authorisation that follows, and the emulator, which must see no RPC when the filters decline. The
// decisions come before the credentials' values: a skipped event with empty secrets is skipped.
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { events } from '../infra/event-fixtures.ts';
import { requireDocker } from '../infra/docker.ts';
import { startFakeGitHub, type FakeGitHub } from '../infra/github-api.ts';
import { leftovers, runAgent, startFixture, type Fixture } from './fixtures.ts';

const repo = 'octo-org/octo-repo'; // the harness's GITHUB_REPOSITORY
const token = 'ghs_triggersE2eToken0123456789abcdef';

const rootConfig =
  '[models.sonnet]\nprovider = "anthropic"\nmodel = "claude-sonnet-4-5"\n\n[webhooks.github]\ntype = "github"\n';
const agentConfig = [
  'models = ["sonnet"]',
  '',
  '[[webhooks]]',
  'source = "github"',
  'events = ["issues"]',
  'actions = ["labeled"]',
  'labels = ["agent"]',
  '',
].join('\n');

const event = (file: string) => {
  const found = events.find((e) => e.file === file)!;
  return { name: found.name, payload: found.payload };
};

describe("the agent's trigger filters, end to end", { concurrency: false }, () => {
  let fixture: Fixture;
  let github: FakeGitHub;
  let root = '';
  before(async () => {
    if (await requireDocker()) return;
    fixture = await startFixture();
    github = await startFakeGitHub(token);
    github.setPermission(repo, 'bob-dev', 'write');
    github.setPermission(repo, 'alice', 'write');
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'triggers-e2e-'));
  });
  after(async () => {
    await github?.stop();
    await fixture?.emulator.stop();
    if (root) await fs.rm(root, { recursive: true, force: true });
  });

  const rpcs = () => [...fixture.emulator.calls.values()].reduce((a, b) => a + b, 0);

  /** A workspace holding the project (and a Dockerfile that cannot build: a build would fail the step). */
  async function workspace(agent = agentConfig): Promise<string> {
    const dir = await fs.mkdtemp(path.join(root, 'ws-'));
    await fs.mkdir(path.join(dir, 'agents', 'e2e-agent'), { recursive: true });
    await fs.writeFile(path.join(dir, 'config.toml'), rootConfig);
    await fs.writeFile(path.join(dir, 'agents', 'e2e-agent', 'config.toml'), agent);
    await fs.writeFile(path.join(dir, 'Dockerfile'), 'FROM busybox\nRUN exit 3\n');
    return dir;
  }

  async function start(name: string, inputs: Record<string, string> = {}, agent?: string) {
    const [calls, asked] = [rpcs(), github.requests.length];
    const result = await runAgent(fixture, {
      event: event(name),
      workspace: await workspace(agent),
      githubToken: token,
      inputs: { env: 'AGENT_RESULT=ran\nAGENT_ECHO_ENV=PROMPT', ...inputs },
      env: { GITHUB_API_URL: github.url },
    });
    const log = [...result.main.log, ...(result.post?.log ?? [])].join('\n');
    return { result, log, rpcs: rpcs() - calls, asked: github.requests.length - asked };
  }

  test('a declined event creates nothing, asks GitHub nothing, and says which filter declined it', async (t) => {
    if (await requireDocker(t)) return;
    // A build, which would fail the step had it started.
    const build = { image: '', context: '.', dockerfile: 'Dockerfile', repository: 'agents' };
    const { result, log, rpcs, asked } = await start('issues.opened.json', build);
    assert.equal(result.main.conclusion, 'success', log);
    assert.equal(result.outputs.conclusion, 'skipped');
    assert.equal(result.outputs.status, undefined);
    assert.equal(result.outputs.job, undefined);
    assert.equal(result.outputs.image, undefined);
    assert.equal(rpcs, 0, `${rpcs} RPCs reached the emulator`);
    assert.equal(asked, 0, 'the filters come before the authorisation');
    const lines = result.main.log.filter((line) => line.startsWith('Skipped'));
    assert.deepEqual(lines, [
      `Skipped: agent "e2e-agent" does not accept this issues event (action "opened"): [[webhooks]] of agents/e2e-agent/config.toml: #1 (source "github") wants actions ["labeled"], got "opened". Set "respect_triggers: false" to run it anyway.`,
    ]);
    assert.doesNotMatch(log, /Creating Cloud Run job|Building/);
    assert.deepEqual(leftovers(fixture.emulator), { jobs: 0, running: 0, containers: 0, secrets: 0 });
  });

  test('an accepted event runs, with its trigger context as the prompt', async (t) => {
    if (await requireDocker(t)) return;
    const { result, log, asked } = await start('issues.labeled.json');
    assert.equal(result.main.conclusion, 'success', log);
    assert.equal(result.outputs.conclusion, 'success');
    assert.equal(result.outputs.status, 'succeeded');
    assert.equal(result.outputs.result, 'ran');
    assert.equal(asked, 1, "bob-dev's permission was asked");
    const prompt = /env PROMPT=<webhook-trigger>/.test(log);
    assert.ok(prompt, log);
    assert.match(log, /"event":"issues","action":"labeled","repo":"acme\/widgets","sender":"bob-dev"/);
    assert.match(log, /"labels":\["bug","agent"\]/);
    assert.deepEqual(leftovers(fixture.emulator), { jobs: 0, running: 0, containers: 0, secrets: 0 });
  });

  test('workflow_dispatch is not a webhook event: it runs whatever the filters say', async (t) => {
    if (await requireDocker(t)) return;
    const [calls, asked] = [rpcs(), github.requests.length];
    const result = await runAgent(fixture, {
      event: { name: 'workflow_dispatch', payload: { inputs: {}, repository: { full_name: repo } } },
      workspace: await workspace(),
      githubToken: token,
      inputs: { env: 'AGENT_RESULT=ran' },
      env: { GITHUB_API_URL: github.url },
    });
    assert.equal(result.outputs.conclusion, 'success', result.main.log.join('\n'));
    assert.equal(result.outputs.result, 'ran');
    assert.ok(rpcs() > calls);
    assert.equal(github.requests.length - asked, 0);
  });

  test('respect_triggers: false runs the declined event', async (t) => {
    if (await requireDocker(t)) return;
    const { result, log } = await start('issue_comment.issue.json', { respect_triggers: 'false' });
    assert.equal(result.outputs.conclusion, 'success', log);
    assert.equal(result.outputs.result, 'ran');
  });

  test('a [[webhooks]] source the root config.toml does not define is an input error, before any cloud call', async (t) => {
    if (await requireDocker(t)) return;
    const { result, rpcs } = await start('issues.labeled.json', {}, '[[webhooks]]\nsource = "gh"\n');
    assert.equal(result.outputs.conclusion, 'failure');
    assert.equal(rpcs, 0);
    const error = result.main.annotations.find((a) => a.type === 'error')?.message ?? '';
    assert.match(
      error,
      /\[\[webhooks\]\] #1: source "gh" is not defined in .*config\.toml \(defined: github\)/,
    );
    assert.match(error, /Add \[webhooks\.gh\] with type = "github"/);
    assert.match(error, /respect_triggers: false/);
  });
  describe('with the credential empty, as GitHub leaves it for a fork or Dependabot', () => {
    const withCredential = `credentials = ["github_token"]\n${agentConfig}`;

    /** Runs the fixture `file`, its payload edited, with the agent's one credential empty. */
    async function startEmpty(file: string, edit: (payload: Record<string, unknown>) => void = () => {}) {
      const [calls, asked] = [rpcs(), github.requests.length];
      const { name, payload } = event(file);
      const edited = structuredClone(payload) as Record<string, unknown>;
      edit(edited);
      const result = await runAgent(fixture, {
        event: { name, payload: edited },
        workspace: await workspace(withCredential),
        githubToken: token,
        inputs: { env: 'AGENT_RESULT=ran' },
        env: { GITHUB_API_URL: github.url, AL_SECRET_github_token__default__token: '' },
      });
      const log = [...result.main.log, ...(result.post?.log ?? [])].join('\n');
      return { result, log, rpcs: rpcs() - calls, asked: github.requests.length - asked };
    }

    test('an event the filters decline is skipped, not failed: nothing created', async (t) => {
      if (await requireDocker(t)) return;
      const { result, log, rpcs, asked } = await startEmpty('issues.opened.json');
      assert.equal(result.main.conclusion, 'success', log);
      assert.equal(result.outputs.conclusion, 'skipped');
      assert.equal(rpcs, 0, `${rpcs} RPCs reached the emulator`);
      assert.equal(asked, 0);
      assert.match(log, /^Skipped: agent "e2e-agent" does not accept this issues event/m);
      assert.doesNotMatch(log, /is empty/);
      assert.deepEqual(result.main.annotations, []);
    });

    test('an event of Dependabot, which "allowed_bots" does not name, is skipped, not failed', async (t) => {
      if (await requireDocker(t)) return;
      const { result, log, rpcs, asked } = await startEmpty('issues.labeled.json', (payload) => {
        payload.sender = { login: 'dependabot[bot]', id: 49699333, type: 'Bot' };
      });
      assert.equal(result.main.conclusion, 'success', log);
      assert.equal(result.outputs.conclusion, 'skipped');
      assert.equal(rpcs, 0);
      assert.equal(asked, 0);
      assert.match(log, /Skipped\. The issues event was caused by the bot dependabot\[bot\]/);
      assert.doesNotMatch(log, /is empty/);
    });

    test('an event the agent runs fails on it, once decided, before anything is created', async (t) => {
      if (await requireDocker(t)) return;
      const { result, log, rpcs, asked } = await startEmpty('issues.labeled.json');
      assert.equal(result.main.conclusion, 'failure', log);
      assert.equal(result.outputs.conclusion, 'failure');
      assert.equal(rpcs, 0, `${rpcs} RPCs reached the emulator`);
      assert.equal(asked, 1, "bob-dev's permission was asked first");
      const errors = result.main.annotations.filter((a) => a.type === 'error').map((a) => a.message);
      assert.deepEqual(errors, [
        'Credential github_token:default (field token): AL_SECRET_github_token__default__token is empty. GitHub gives no Actions secrets to workflows run for pull requests from forks or for Dependabot; check that the repository secret exists and that this workflow may read it.',
      ]);
      assert.deepEqual(leftovers(fixture.emulator), { jobs: 0, running: 0, containers: 0, secrets: 0 });
    });
  });
});
