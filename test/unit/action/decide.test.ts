// The order of the decisions before anything is created: whether the agent is enabled (scale 0 is
// not), the agent's trigger filters, then who
// caused the event, then the credentials' values. An event the agent skips is skipped with empty
// credentials (a fork's pull request and Dependabot get no secrets); one it runs fails on them.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { decide } from '../../../src/action/decide.ts';
import { InputError, readInputs, type Inputs } from '../../../src/action/inputs.ts';
import { events } from '../../infra/event-fixtures.ts';
import { startFakeGitHub, type FakeGitHub } from '../../infra/github-api.ts';

const token = 'ghs_decideUnitToken0123456789abcdef';
const repository = 'octo-org/octo-repo';
let ws = '';
let github: FakeGitHub;

before(async () => {
  ws = fs.mkdtempSync(path.join(os.tmpdir(), 'decide-test-'));
  fs.mkdirSync(path.join(ws, 'agents', 'triage'), { recursive: true });
  fs.writeFileSync(path.join(ws, 'config.toml'), '[webhooks.github]\ntype = "github"\n');
  fs.writeFileSync(
    path.join(ws, 'agents', 'triage', 'config.toml'),
    'credentials = ["github_token"]\n\n[[webhooks]]\nsource = "github"\nevents = ["issues", "pull_request"]\nactions = ["labeled", "opened"]\n',
  );
  github = await startFakeGitHub(token);
});
after(async () => {
  await github.stop();
  fs.rmSync(ws, { recursive: true, force: true });
});

/** The step's env for `event` (a fixture, its payload changed by `edit`); its credential empty. */
function stepEnv(file: string, edit: (payload: Record<string, unknown>) => void = () => {}) {
  const fixture = events.find((e) => e.file === file)!;
  const payload = structuredClone(fixture.payload) as Record<string, unknown>;
  edit(payload);
  const eventPath = path.join(ws, `${file}.event.json`);
  fs.writeFileSync(eventPath, JSON.stringify(payload));
  return {
    GITHUB_WORKSPACE: ws,
    GITHUB_EVENT_NAME: fixture.name,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: repository,
    GITHUB_API_URL: github.url,
    AL_SECRET_github_token__default__token: '',
  };
}

const image = 'us-central1-docker.pkg.dev/my-project/agents/triage:v1';
const given: Record<string, string> = {
  agent: 'triage',
  project_id: 'my-project',
  region: 'us-central1',
  image,
  github_token: token,
};
const inputsFor = (env: NodeJS.ProcessEnv): Inputs => readInputs((name) => given[name] ?? '', env);

describe('decide: the run is decided before its credentials are checked', () => {
  test('the inputs are read although the credential is empty: its problem waits', () => {
    const inputs = inputsFor(stepEnv('issues.opened.json'));
    assert.equal(inputs.credentialProblems.length, 1);
    assert.match(inputs.credentialProblems[0]!, /AL_SECRET_github_token__default__token is empty/);
  });

  test('an event the filters decline is skipped, empty credential and all, without asking GitHub', async () => {
    const env = stepEnv('issues.opened.json', (p) => (p.action = 'closed'));
    const asked = github.requests.length;
    assert.equal(await decide(inputsFor(env), env), 'skip');
    assert.equal(github.requests.length, asked);
  });

  test('Dependabot, whose event the agent accepts but allowed_bots does not name, is skipped', async () => {
    const env = stepEnv('issues.labeled.json', (p) => {
      p.sender = { login: 'dependabot[bot]', id: 49699333, type: 'Bot' };
    });
    assert.equal(await decide(inputsFor(env), env), 'skip');
  });

  test('someone who may not start a run is refused before the credentials are looked at', async () => {
    github.setPermission(repository, 'mallory', 'read');
    const env = stepEnv('issues.labeled.json', (p) => {
      p.sender = { login: 'mallory', id: 666, type: 'User' };
    });
    await assert.rejects(decide(inputsFor(env), env), (error: Error) => {
      assert.ok(!(error instanceof InputError), error.message);
      assert.match(error.message, /mallory has read access/);
      return true;
    });
  });

  test('an event that runs: the empty credential fails it, naming the variable and the cause once', async () => {
    github.setPermission(repository, 'bob-dev', 'write');
    const env = stepEnv('issues.labeled.json');
    await assert.rejects(decide(inputsFor(env), env), (error: Error) => {
      assert.ok(error instanceof InputError, error.message);
      assert.deepEqual(error.problems, [
        'Credential github_token:default (field token): AL_SECRET_github_token__default__token is empty. GitHub gives no Actions secrets to workflows run for pull requests from forks or for Dependabot; check that the repository secret exists and that this workflow may read it.',
      ]);
      return true;
    });
  });

  test('with its credential set, the same event runs', async () => {
    const env = { ...stepEnv('issues.labeled.json'), AL_SECRET_github_token__default__token: 'ghp_set' };
    assert.equal(await decide(inputsFor(env), env), 'run');
  });

  test('an agent with scale = 0 (disabled upstream) is skipped first: no GitHub call, credentials unread', async (t) => {
    const file = path.join(ws, 'agents', 'triage', 'config.toml');
    const before = fs.readFileSync(file, 'utf8');
    t.after(() => fs.writeFileSync(file, before));
    fs.writeFileSync(file, `scale = 0\n${before}`);
    const env = stepEnv('issues.labeled.json', (p) => {
      p.sender = { login: 'mallory', id: 666, type: 'User' };
    });
    const asked = github.requests.length;
    assert.equal(await decide(inputsFor(env), env), 'skip');
    assert.equal(github.requests.length, asked);
  });
});
