// Project mode, end to end: a real Action Llama project (examples/project) → the bundled action
// builds the agent's image from it (the base made here without Docker Hub, the real
// @action-llama/action-llama from the npm registry on top) → the emulator runs it as a Cloud Run
// job → upstream's own runtime, driven once by the entry, talks to a fake model on loopback and
// runs its bash tool inside the container.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { docker, requireDocker } from '../infra/docker.ts';
import { startFakeModel, type FakeModel } from '../infra/fake-model.ts';
import { ensureAlpineBase } from '../infra/alpine-base.ts';
import { startFakeGitHub, type FakeGitHub } from '../infra/github-api.ts';
import { startEmulator, type Emulator } from '../emulator/server.ts';
import { runAction, type ActionResult } from '../harness/runner.ts';
import {
  actionDir,
  credentialSecretsCreated,
  everythingVisible,
  leftovers,
  project,
  region,
  repoRoot,
  repository,
} from './fixtures.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const sshKey =
  '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\r\nAAAAMwAAAAtzc2gtZWQyNTUxOQ==\n-----END OPENSSH PRIVATE KEY-----\n';
const githubToken = 'ghp_projectModeToken0123456789abcdefABCD';
// The job's own token (github_token), for the comment on the pull request.
const workflowToken = 'ghs_projectModeWorkflowToken0123456789ab';
// The action runs npm on the runner; a runner's step sees the machine's CA and npm settings, and
// one npm cache shared by the runs (as actions/setup-node's cache gives a workflow).
const npmEnvironment: Record<string, string> = {
  ...Object.fromEntries(
    Object.entries(process.env).filter(
      (e): e is [string, string] =>
        /^(NODE_EXTRA_CA_CERTS|SSL_CERT_FILE|SSL_CERT_DIR|npm_config_(cafile|registry|strict_ssl))$/i.test(
          e[0],
        ) && !!e[1],
    ),
  ),
  npm_config_cache: path.join(os.tmpdir(), 'cra-npm-cache'),
};

// The bulk of a real payload: the repository, user and issue objects carry dozens of API links.
const links = Object.fromEntries(
  Array.from({ length: 40 }, (_, i) => [
    `link_${i}_url`,
    `https://api.github.com/repos/acme/widgets/${'p'.repeat(200)}/${i}`,
  ]),
);
const repositoryObject = {
  id: 1,
  full_name: 'acme/widgets',
  name: 'widgets',
  description: 'd'.repeat(5000),
  ...links,
};
const senderObject = { login: 'octocat', id: 2, type: 'User', ...links };

/**
 * Upstream's own prompt for `payload`, made by upstream's code inside the agent's image: its
 * GitHubWebhookProvider.parseEvent and makeWebhookPrompt (or makeManualPrompt), with the agent's
 * config as upstream loads it and the lock skill the entry offers.
 */
async function upstreamPrompt(image: string, kind: 'webhook' | 'manual', event: string, payload: object) {
  const script = `
    const dist = '/app/node_modules/@action-llama/action-llama/dist/';
    const { GitHubWebhookProvider } = await import(dist + 'webhooks/providers/github.js');
    const { makeManualPrompt, makeWebhookPrompt } = await import(dist + 'execution/execution.js');
    const { loadAgentConfig } = await import(dist + 'shared/config.js');
    const [kind, event] = process.argv.slice(1);
    const chunks = [];
    for await (const chunk of process.stdin) chunks.push(chunk);
    const payload = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const config = loadAgentConfig('/app/project', 'notes');
    const ctx = { skills: { locking: true } };
    process.stdout.write(kind === 'manual'
      ? makeManualPrompt(config, ctx)
      : makeWebhookPrompt(config, new GitHubWebhookProvider().parseEvent({ 'x-github-event': event }, payload), ctx));`;
  const args = ['run', '--rm', '-i', '--network', 'none', '--entrypoint', 'node', image];
  const result = await docker([...args, '--input-type=module', '-e', script, kind, event], {
    input: JSON.stringify(payload),
  });
  assert.equal(result.code, 0, result.stderr);
  return result.stdout;
}

/** The webhook context's timestamp, made when upstream parsed the event, is the one difference allowed. */
const sameInstant = (prompt: string) => prompt.replace(/"timestamp":"\d{4}-[^"]+Z"/, '"timestamp":"T"');

describe('project mode: a real Action Llama agent, once, in a Cloud Run job', { concurrency: false }, () => {
  let emulator: Emulator;
  let model: FakeModel;
  let github: FakeGitHub;
  let baseImage: string;
  let workspace: string;
  before(async () => {
    if (await requireDocker()) return;
    model = await startFakeModel();
    github = await startFakeGitHub(workflowToken);
    // The container reaches the fake model on the host's loopback.
    emulator = await startEmulator({ ingestionLagMs: 300, run: { network: 'host' } });
    baseImage = await ensureAlpineBase(emulator.registry);
    workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'cra-project-'));
    await fs.cp(path.join(repoRoot, 'examples/project'), workspace, { recursive: true });
    // The one change a test makes to the project: its model answers on loopback.
    const config = path.join(workspace, 'config.toml');
    await fs.appendFile(config, `baseUrl = "${model.url}"\n`);
    // And a model pi-ai has no price for, behind the same server, for agent "local".
    await fs.appendFile(
      config,
      `\n[models.local]\nprovider = "openai"\nmodel = "local-llm"\nauthType = "api_key"\nbaseUrl = "${model.url}"\n`,
    );
    await fs.mkdir(path.join(workspace, 'agents/local'));
    await fs.writeFile(
      path.join(workspace, 'agents/local/SKILL.md'),
      '---\ndescription: Local.\n---\n# Local\n',
    );
    await fs.writeFile(
      path.join(workspace, 'agents/local/config.toml'),
      'models = ["local"]\nschedule = "0 9 * * 1"\n',
    );
  });
  after(async () => {
    await emulator?.stop();
    await model?.close();
    await github?.stop();
  });

  /** Runs agent `notes` with `key` as the model's key; the script or failure for it is set first. */
  const runNotes = (
    key: string,
    extra: {
      env?: Record<string, string>;
      inputs?: Record<string, string>;
      event?: { name: string; payload: object };
      githubToken?: string;
    } = {},
  ) =>
    runAction({
      actionDir: actionDir(),
      workspace,
      event: extra.event,
      githubToken: extra.githubToken,
      inputs: {
        agent: 'notes',
        project_id: project,
        region,
        repository,
        registry: emulator.registry,
        base_image: baseImage,
        ...extra.inputs,
      },
      env: {
        CLOUD_RUN_AGENT_EMULATOR_HOST: emulator.endpoint,
        AL_SECRET_openai_key__default__token: key,
        AL_SECRET_github_token__default__token: githubToken,
        AL_SECRET_git_ssh__botty__id_rsa: sshKey,
        AL_SECRET_git_ssh__botty__username: 'botty',
        ...npmEnvironment,
        ...extra.env,
      },
      masks: [key, githubToken, ...sshKey.split(/\r?\n/).filter(Boolean)],
      // The file's first run builds the image (npm ci, a 360 MB context): over 10 min on a busy machine.
      timeoutMs: 25 * 60_000,
    });

  let first: ActionResult;
  test('builds the image from the project and runs upstream’s runtime once: tool in the container, result, exit 0', async (t) => {
    if (await requireDocker(t)) return;
    const key = 'sk-project-ok-0123456789';
    model.script(key, [
      {
        toolCall: {
          name: 'bash',
          arguments: {
            command:
              'sha256sum < /credentials/git_ssh/botty/id_rsa; id -u; head -1 /app/project/shared/conventions.md; echo "gh=${GH_TOKEN:+set} git=${GIT_SSH_COMMAND:+set} nonce=${AL_END_NONCE:-unset}"; cat /proc/1/cmdline | tr "\\0" " "',
          },
        },
      },
      { toolCall: { name: 'return_value', arguments: { value: 'Release notes drafted' } } },
      { text: 'Done.' },
    ]);
    first = await runNotes(key);
    const log = first.main.log.join('\n');
    assert.equal(first.main.conclusion, 'success', log);
    assert.equal(first.outputs.status, 'succeeded');
    assert.equal(first.outputs.exit_code, '0');
    assert.equal(first.outputs.result, 'Release notes drafted');
    assert.match(
      first.outputs.image ?? '',
      new RegExp(`/${project}/${repository}/notes@sha256:[0-9a-f]{64}$`),
    );
    // The runtime is made once (its own group), then the agent's files are appended to it.
    assert.match(log, /##\[group\]Make the runtime image \(runtime-[0-9a-f]{40}\)/);
    assert.match(log, /The base is Alpine Linux .* \(musl\)/);
    assert.match(log, /The image of notes: its files \(\d+, \d+ bytes compressed\) appended/);
    // A cache miss asks once, before the build, that the repository exists.
    assert.equal(emulator.calls.get('GetRepository'), 1);

    // The bash tool ran inside the job's container: it read the mounted secret (its hash came
    // back to the model), as uid 1000, with the project's shared/ file and upstream's environment.
    const toolOutput = model.toolResults(key).join('\n');
    assert.ok(toolOutput.includes(sha256(sshKey)), toolOutput);
    assert.match(toolOutput, /^1000$/m);
    assert.match(toolOutput, /# Release note conventions/);
    assert.match(toolOutput, /gh=set git=set nonce=unset/, "the end marker's nonce stays the supervisor's");
    assert.match(toolOutput, /node \/app\/entry\.cjs/); // the entry is the container's PID 1
    // The model saw the key from the mounted secret, and upstream's own prompt with the skill.
    const requests = model.requestsFor(key);
    assert.ok(requests.length >= 3);
    assert.equal(requests[0]!.headers.authorization, `Bearer ${key}`);
    const firstBody = JSON.stringify(requests[0]!.body);
    assert.match(firstBody, /Release notes/); // SKILL.md
    assert.match(firstBody, /<credential-context>/); // upstream's prompt skeleton
    // Nothing of any credential reached anything a user or a later step can read.
    const visible = everythingVisible(first);
    for (const secret of [key, githubToken, ...sshKey.split(/\r?\n/).filter((l) => l.length > 8)])
      assert.ok(!visible.includes(secret), `a credential leaked: ${secret.slice(0, 6)}…`);
    // The entry's last lines, the end marker on stdout and stderr, ended the drain; not shown.
    assert.ok(
      first.main.timeline.some((l) => l.line.startsWith("::debug::The container's end marker came")),
      'the drain ended on the end marker',
    );
    assert.doesNotMatch(log, /end of output/);
    assert.deepEqual(leftovers(emulator), { jobs: 0, running: 0, containers: 0, secrets: 0 });
  });

  test('an unchanged agent builds and pushes nothing: one manifest request finds its image', async (t) => {
    if (await requireDocker(t)) return;
    assert.ok(first, 'the first run must have run');
    const key = 'sk-project-again-0123456789';
    model.script(key, [
      { toolCall: { name: 'return_value', arguments: { value: 'again' } } },
      { text: 'Done.' },
    ]);
    const again = await runNotes(key);
    const log = again.main.log.join('\n');
    assert.equal(again.main.conclusion, 'success', log);
    assert.equal(again.outputs.result, 'again');
    assert.equal(again.outputs.image, first.outputs.image);
    assert.match(log, /The image of notes is unchanged \([0-9a-f]{12}-[0-9a-f]{32}\): nothing to build/);
    assert.doesNotMatch(log, /Make the runtime image|npm ci|Pushing|appended/);
    // A cache hit costs no GetRepository: the image is there, so is its repository.
    assert.equal(emulator.calls.get('GetRepository'), 1);
  });

  test('a cache miss into a repository that is not there fails before npm ci and the build, with the create command', async (t) => {
    if (await requireDocker(t)) return;
    assert.ok(first, 'the first run must have run');
    const creates = credentialSecretsCreated(emulator);
    // `agents` is in us-central1 (where the first run named it); another upstream version changes
    // the runtime's tag (a miss), and the registry's location is another: there the repository
    // does not exist.
    const missing = await runNotes('sk-project-missing-0123456789', {
      inputs: { action_llama_version: '0.29.0' },
      env: { CLOUD_RUN_AGENT_EMULATOR_REGISTRY_LOCATION: 'europe-west1' },
    });
    const log = missing.main.log.join('\n');
    assert.equal(missing.main.exitCode, 1, log);
    assert.match(
      log,
      new RegExp(
        `repository projects/${project}/locations/europe-west1/repositories/${repository} does not exist\\. Create it once: gcloud artifacts repositories create ${repository} --repository-format=docker --location=europe-west1`,
      ),
    );
    assert.doesNotMatch(log, /Installing|npm ci|Pushing|^\s+at /m);
    assert.equal(emulator.calls.get('GetRepository'), 2);
    assert.equal(credentialSecretsCreated(emulator), creates, 'no secret was created');
    assert.equal(missing.post?.conclusion, 'success');
    assert.deepEqual(leftovers(emulator), { jobs: 0, running: 0, containers: 0, secrets: 0 });
  });

  for (const [status, exitCode] of [
    [401, '10'],
    [500, '1'],
  ] as const) {
    test(`a model answering ${status} fails the step with the reason (exit ${exitCode})`, async (t) => {
      if (await requireDocker(t)) return;
      const key = `sk-project-fail-${status}-0123456789`;
      // x-should-retry: false spares the test the openai SDK's own retries.
      model.fail(key, status, undefined, { 'x-should-retry': 'false' });
      const failed = await runNotes(key);
      const log = failed.main.log.join('\n');
      assert.equal(failed.main.conclusion, 'failure', log);
      assert.equal(failed.outputs.status, 'failed');
      assert.equal(failed.outputs.exit_code, exitCode);
      assert.match(log, new RegExp(`agent notes failed: .*${status}`));
      assert.ok(!everythingVisible(failed).includes(key));
      assert.deepEqual(leftovers(emulator), { jobs: 0, running: 0, containers: 0, secrets: 0 });
    });
  }

  test('a tool that ignores upstream’s timeout is stopped: timed_out, exit 124, well before the task timeout', async (t) => {
    if (await requireDocker(t)) return;
    const key = 'sk-project-slow-0123456789';
    model.script(key, [
      { toolCall: { name: 'bash', arguments: { command: 'sleep 300; echo finished' } } },
      { text: 'Done.' },
    ]);
    // The timeout input is the job's env, not the image: the cached image runs.
    const slow = await runNotes(key, { inputs: { timeout: '5' } });
    const log = slow.main.log.join('\n');
    assert.equal(slow.main.conclusion, 'failure', log);
    assert.equal(slow.outputs.status, 'timed_out');
    assert.equal(slow.outputs.exit_code, '124');
    assert.match(log, /agent notes failed: the agent's timeout of 5 s was reached/);
    assert.ok(!model.toolResults(key).join('\n').includes('finished'), 'the sleep was not stopped');
    // The agent loop itself stopped at the timeout: no model call after it (upstream's own abort
    // would have sent the tool's error back to the model, which answered "Done.").
    assert.equal(model.requestsFor(key).length, 1);
    assert.equal(slow.outputs.turns, '1');
    // Stopped when upstream's timeout fired, not only by the supervisor's hard stop 15 s later.
    assert.doesNotMatch(log, /did not stop within 15 s/);
    // The execution's own time (what the cost output bills, at 1 vCPU and 512 MiB: $0.000019 a
    // second), not the step's: 5 s of agent time and start-up, far from the task's timeout (5 + 60 s).
    const executionSeconds = Number(slow.outputs.cost) / 0.000019;
    assert.ok(executionSeconds < 60, `the execution ran ${executionSeconds.toFixed(0)} s`);
    assert.deepEqual(leftovers(emulator), { jobs: 0, running: 0, containers: 0, secrets: 0 });
  });

  test('an issue comment reaches the prompt as upstream builds it from the event: its number, its text, nothing lost to slimming', async (t) => {
    if (await requireDocker(t)) return;
    const key = 'sk-project-comment-0123456789';
    model.script(key, [
      { toolCall: { name: 'return_value', arguments: { value: 'answered' } } },
      { text: 'Done.' },
    ]);
    const ask = '@agent please find why the widget flickers on resize.';
    const payload = {
      action: 'created',
      issue: {
        number: 42,
        title: 'The widget flickers',
        body: 'Steps to reproduce. '.repeat(500),
        html_url: 'https://github.com/acme/widgets/issues/42',
        user: { login: 'reporter', ...links },
        assignee: null,
        labels: [{ id: 7, name: 'bug', color: 'd73a4a', description: 'Something is broken' }],
        ...links,
      },
      // Longer than upstream's 4000 characters: upstream cuts it; the action's own cut must not show.
      comment: {
        id: 1001,
        body: `${ask}\n${'More detail, and then some. '.repeat(200)}`,
        html_url: 'https://github.com/acme/widgets/issues/42#issuecomment-1001',
        user: { login: 'octocat', ...links },
        ...links,
      },
      repository: repositoryObject,
      sender: senderObject,
    };
    assert.ok(Buffer.byteLength(JSON.stringify(payload)) > 32_768, 'the payload must need slimming');
    const result = await runNotes(key, {
      event: { name: 'issue_comment', payload },
      inputs: { allowed_users: 'octocat' },
    });
    const log = result.main.log.join('\n');
    assert.equal(result.main.conclusion, 'success', log);
    assert.equal(result.outputs.result, 'answered');
    const prompt = model.prompt(key) ?? '';
    assert.match(prompt, /<webhook-trigger>\n\{"source":"github","event":"issue_comment","action":"created"/);
    assert.match(prompt, /"number":42/);
    assert.ok(prompt.includes(ask), prompt);
    assert.doesNotMatch(log, /payload: its texts were cut/);
    // Exactly upstream's prompt for the whole payload, made by upstream's code in the same image.
    const expected = await upstreamPrompt(result.outputs.image!, 'webhook', 'issue_comment', payload);
    assert.ok(expected.includes('"comment":"@agent please find'), expected);
    assert.equal(sameInstant(prompt), sameInstant(expected));
  });

  test('workflow_dispatch: upstream’s manual prompt, then the inputs of the dispatch', async (t) => {
    if (await requireDocker(t)) return;
    const key = 'sk-project-dispatch-0123456789';
    model.script(key, [
      { toolCall: { name: 'return_value', arguments: { value: 'dispatched' } } },
      { text: 'Done.' },
    ]);
    const payload = {
      inputs: { target: 'staging', reason: 'release <1.2> & notes' },
      ref: 'refs/heads/main',
      workflow: '.github/workflows/agent.yml',
      repository: repositoryObject,
      sender: senderObject,
    };
    const result = await runNotes(key, { event: { name: 'workflow_dispatch', payload } });
    assert.equal(result.main.conclusion, 'success', result.main.log.join('\n'));
    const expected =
      (await upstreamPrompt(result.outputs.image!, 'manual', 'workflow_dispatch', payload)) +
      '\n\n<workflow-inputs>\n{"target":"staging","reason":"release \\u003c1.2> & notes"}\n</workflow-inputs>\n\n' +
      'The workflow_dispatch event that started this run carried the inputs above.';
    assert.equal(model.prompt(key), expected);
  });

  test('a missing model key is an input error naming it, before any RPC', async (t) => {
    if (await requireDocker(t)) return;
    const before = [...emulator.calls.values()].reduce((a, b) => a + b, 0);
    const result = await runNotes('', { env: { AL_SECRET_openai_key__default__token: '' } });
    const log = result.main.log.join('\n');
    assert.equal(result.main.conclusion, 'failure');
    assert.match(log, /openai_key.*AL_SECRET_openai_key__default__token/);
    assert.equal(
      [...emulator.calls.values()].reduce((a, b) => a + b, 0),
      before,
    );
  });
  test('credentials the agent does not list are left alone: not uploaded, not mounted, named in one notice', async (t) => {
    if (await requireDocker(t)) return;
    const key = 'sk-project-least-0123456789';
    model.script(key, [
      { toolCall: { name: 'bash', arguments: { command: 'cd /credentials && ls -d */*' } } },
      { toolCall: { name: 'return_value', arguments: { value: 'listed' } } },
      { text: 'Done.' },
    ]);
    const slack = 'xoxb-not-for-notes-0123456789abcdef';
    const creates = credentialSecretsCreated(emulator);
    // One another agent of the workflow needs, and one empty (as on a fork's pull request).
    const result = await runNotes(key, {
      env: { AL_SECRET_slack_bot_token__default__token: slack, AL_SECRET_sentry_token__default__token: '' },
    });
    const log = result.main.log.join('\n');
    assert.equal(result.main.conclusion, 'success', log);
    // Uploaded: notes' own (github_token, git_ssh:botty) and its model's key; nothing else.
    assert.equal(credentialSecretsCreated(emulator) - creates, 3);
    // What the bash tool listed under /credentials in the container (the first tool result).
    const mounted = (model.toolResults(key)[0] ?? '').split('\n').filter(Boolean).sort();
    assert.deepEqual(mounted, ['git_ssh/botty', 'github_token/default', 'openai_key/default']);
    const notice =
      'Credentials sentry_token:default, slack_bot_token:default are in the step\'s env but not listed by agent notes: left alone (not uploaded, not mounted). To give them to the agent, list them in "credentials" of its config.toml.';
    assert.deepEqual(
      result.main.annotations.filter((a) => a.type === 'notice').map((a) => a.message),
      [notice],
    );
    assert.equal(result.main.log.filter((line) => line.includes('left alone')).length, 1, log);
    assert.ok(!everythingVisible(result).includes(slack), 'the value of a credential left alone is nowhere');
    assert.deepEqual(leftovers(emulator), { jobs: 0, running: 0, containers: 0, secrets: 0 });
  });

  test("git_ssh's username stays readable (upstream marks it secret: false), its key stays masked everywhere", async (t) => {
    if (await requireDocker(t)) return;
    const key = 'sk-project-masks-0123456789';
    const keyLine = sshKey.split(/\r?\n/)[1]!;
    model.script(key, [
      { toolCall: { name: 'return_value', arguments: { value: `triaged:botty key:${keyLine}` } } },
      { text: 'Done.' },
    ]);
    const result = await runNotes(key);
    const log = result.main.log.join('\n');
    assert.equal(result.main.conclusion, 'success', log);
    assert.equal(result.outputs.result, 'triaged:botty key:***');
    assert.match(log, /result: triaged:botty key:\*\*\*$/m);
    assert.match(result.main.summary, /triaged:botty key:\*\*\*/);
    // Neither the runner nor the action was told to hide the name; every line of the key, both.
    const masked = result.main.commands.filter((c) => c.name === 'add-mask').map((c) => c.data);
    assert.ok(!masked.includes('botty'), masked.join(', '));
    assert.ok(masked.includes(keyLine));
    assert.ok(!everythingVisible(result).includes(keyLine), 'the key leaked');
  });

  test('a model answering 500: its error in the step’s error, the summary and the comment, as untrusted text', async (t) => {
    if (await requireDocker(t)) return;
    const key = 'sk-project-500-comment-0123456789';
    const message = 'shard 7 is down @octocat\n::set-output name=status::succeeded';
    const body = { error: { message, type: 'server_error', param: null, code: null } };
    model.fail(key, 500, body, { 'x-should-retry': 'false' });
    const repo = 'octo-org/octo-repo'; // the harness's GITHUB_REPOSITORY
    const number = 7;
    const same = { repo: { full_name: repo } };
    const result = await runNotes(key, {
      event: {
        name: 'pull_request',
        payload: {
          action: 'opened',
          number,
          pull_request: { number, title: 'Faster widgets', head: same, base: same },
          repository: { full_name: repo, name: 'octo-repo' },
          sender: senderObject,
        },
      },
      inputs: { comment: 'true' },
      env: { GITHUB_API_URL: github.url, GITHUB_GRAPHQL_URL: `${github.url}/graphql` },
      githubToken: workflowToken,
    });
    const log = result.main.log.join('\n');
    assert.equal(result.main.conclusion, 'failure', log);
    assert.equal(result.outputs.status, 'failed', 'the reason changed no output');
    assert.equal(result.outputs.exit_code, '1');
    const errors = result.main.annotations.filter((a) => a.type === 'error').map((a) => a.message);
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(
      errors[0]!,
      /^Agent notes failed with exit code 1: the model call failed: .*500.*shard 7 is down @octocat/,
    );
    assert.doesNotMatch(errors[0]!, /container exited with an error/i);
    assert.match(
      result.main.summary,
      /\| Reason \| the model call failed: .*500.*shard 7 is down @octocat ::set-output/,
    );
    const comment = github.comments.list(repo, number).find((c) => c.user.login === 'github-actions[bot]');
    assert.ok(comment, 'the comment was written');
    assert.match(comment.body, /### ❌ Agent `notes` failed/);
    // Beside Cloud Run's cost, the model's: no call answered, and a priced model, so a real $0.
    assert.match(comment.body, /\| Cloud Run cost \| \$\d+\.\d{6} \(compute, estimated\) \|/);
    assert.match(
      comment.body,
      /\| Model usage \| 0 turns, 0 input and 0 output tokens .*\|\n\| Model cost \| \$0\.000000 /,
    );
    const fenced = /\*\*Why it failed\*\*\n\n(`{3,})text\n([^]*?)\n\1\n/.exec(comment.body);
    assert.ok(fenced, comment.body);
    assert.match(
      fenced[2]!,
      /the model call failed: .*500.*shard 7 is down @octocat\n::set-output name=status::succeeded/,
    );
    // Outside its block nothing of the agent's: no mention to ping.
    assert.ok(!comment.body.replace(fenced[0], '').includes('@octocat'), comment.body);
    assert.ok(!everythingVisible(result).includes(key));
    assert.deepEqual(leftovers(emulator), { jobs: 0, running: 0, containers: 0, secrets: 0 });
  });

  // Usage and caps (issue 19). The fake model reports usage with every answer (stream_options
  // .include_usage, 100 prompt and 10 completion tokens unless scripted); gpt-4o behind the
  // baseUrl is priced at pi-ai's gpt-4o rates ($2.50 and $10 a million tokens): $0.00035 a turn.
  /** What the fake model answered with 200 for `key`, in tokens, from its own record. */
  const answered = (key: string) => {
    const ok = model.requestsFor(key).filter((r) => r.status === 200);
    for (const r of ok)
      assert.equal(
        (r.body as { stream_options?: { include_usage?: boolean } }).stream_options?.include_usage,
        true,
      );
    return ok.length;
  };
  const forever = { toolCall: { name: 'bash', arguments: { command: 'echo again' } } };

  test('a run reports its model usage as the outputs llm_input_tokens, llm_output_tokens, llm_cost and turns', async (t) => {
    if (await requireDocker(t)) return;
    assert.ok(first, 'the first run must have run');
    const turns = answered('sk-project-ok-0123456789');
    assert.equal(turns, 3);
    assert.deepEqual(
      [
        first.outputs.turns,
        first.outputs.llm_input_tokens,
        first.outputs.llm_output_tokens,
        first.outputs.llm_cost,
      ],
      [String(turns), String(100 * turns), String(10 * turns), '0.001050'],
    );
    // Each cost named: Cloud Run's compute, and the model's, as the container reported it.
    assert.match(
      first.main.summary,
      /\| Cloud Run cost \| \$\d\.\d{6} \(the execution's compute, an estimate/,
    );
    assert.match(
      first.main.summary,
      /\| Model usage \| 3 turns, 300 input and 30 output tokens \(as the agent's container counted and reported them\) \|/,
    );
    assert.match(first.main.summary, /\| Model cost \| \$0\.001050 \(an estimate at pi-ai's list prices/);
    assert.match(
      first.main.log.join('\n'),
      /model usage: 3 turns, 300 input and 30 output tokens, \$0\.001050/,
    );
  });

  test('a model pi-ai has no price for: tokens and turns, the cost empty and "unknown", never $0', async (t) => {
    if (await requireDocker(t)) return;
    const key = 'sk-project-local-0123456789';
    model.script(key, [
      { toolCall: { name: 'return_value', arguments: { value: 'local' } } },
      { text: 'Done.' },
    ]);
    const result = await runNotes(key, { inputs: { agent: 'local' } });
    assert.equal(result.main.conclusion, 'success', result.main.log.join('\n'));
    assert.equal(result.outputs.turns, '2');
    assert.equal(result.outputs.llm_input_tokens, '200');
    assert.equal(result.outputs.llm_cost, '');
    assert.match(
      result.main.summary,
      /\| Model cost \| unknown: a model of the agent has no price in pi-ai's registry \|/,
    );
  });

  test('max_llm_cost with a model pi-ai has no price for: refused before any model call', async (t) => {
    if (await requireDocker(t)) return;
    const key = 'sk-project-local-cap-0123456789';
    model.script(key, [{ text: 'Done.' }]);
    const result = await runNotes(key, { inputs: { agent: 'local', max_llm_cost: '1' } });
    const log = result.main.log.join('\n');
    assert.equal(result.main.conclusion, 'failure', log);
    assert.equal(result.outputs.exit_code, '13');
    assert.match(log, /max_llm_cost is set, but pi-ai's model registry has no price for openai\/local-llm/);
    assert.equal(model.requestsFor(key).length, 0);
  });

  test('max_turns 3 stops a model that never stops: failure naming the cap, usage and the return value kept', async (t) => {
    if (await requireDocker(t)) return;
    const key = 'sk-project-loop-turns-0123456789';
    model.script(key, [{ toolCall: { name: 'return_value', arguments: { value: 'partial' } } }], forever);
    const result = await runNotes(key, { inputs: { max_turns: '3' } });
    const log = result.main.log.join('\n');
    assert.equal(result.main.conclusion, 'failure', log);
    assert.equal(result.outputs.status, 'failed');
    assert.equal(result.outputs.exit_code, '123');
    const errors = result.main.annotations.filter((a) => a.type === 'error').map((a) => a.message);
    assert.deepEqual(
      errors.map((e) => e.split('\n')[0]),
      ['Agent notes failed with exit code 123: the agent stopped after 3 turns: max_turns is 3'],
    );
    // Stopped at the turn boundary: the fourth call was never sent.
    assert.equal(model.requestsFor(key).length, 3);
    assert.equal(answered(key), 3);
    assert.deepEqual(
      [
        result.outputs.turns,
        result.outputs.llm_input_tokens,
        result.outputs.llm_output_tokens,
        result.outputs.llm_cost,
      ],
      ['3', '300', '30', '0.001050'],
    );
    assert.equal(result.outputs.result, 'partial');
    assert.match(result.main.summary, /\| Reason \| the agent stopped after 3 turns: max\\_turns is 3 \|/);
    assert.deepEqual(leftovers(emulator), { jobs: 0, running: 0, containers: 0, secrets: 0 });
  });

  test('max_llm_cost stops a model that never stops once its cost passes the cap', async (t) => {
    if (await requireDocker(t)) return;
    const key = 'sk-project-loop-cost-0123456789';
    // $0.00035, then $0.0035 a turn: $0.00385, $0.00735, $0.01085 after turn 4, past $0.01.
    model.script(key, [{ toolCall: { name: 'return_value', arguments: { value: 'paid' } } }], {
      ...forever,
      usage: { prompt_tokens: 1000, completion_tokens: 100 },
    });
    const result = await runNotes(key, { inputs: { max_llm_cost: '0.01' } });
    const log = result.main.log.join('\n');
    assert.equal(result.main.conclusion, 'failure', log);
    assert.equal(result.outputs.exit_code, '123');
    assert.match(
      log,
      /Agent notes failed with exit code 123: the agent stopped after \$0\.010850 of model usage: max_llm_cost is 0\.01/,
    );
    assert.equal(model.requestsFor(key).length, 4);
    assert.deepEqual(
      [
        result.outputs.turns,
        result.outputs.llm_input_tokens,
        result.outputs.llm_output_tokens,
        result.outputs.llm_cost,
      ],
      ['4', '3100', '310', '0.010850'],
    );
    assert.equal(result.outputs.result, 'paid');
  });

  test('a run whose model fails after two turns still reports the usage it reached', async (t) => {
    if (await requireDocker(t)) return;
    const key = 'sk-project-fails-later-0123456789';
    model.script(
      key,
      [{ toolCall: { name: 'return_value', arguments: { value: 'before the failure' } } }, forever],
      { fail: { status: 500, headers: { 'x-should-retry': 'false' } } },
    );
    const result = await runNotes(key);
    const log = result.main.log.join('\n');
    assert.equal(result.main.conclusion, 'failure', log);
    assert.equal(result.outputs.exit_code, '1');
    assert.ok(model.requestsFor(key).length > 2, 'the third call failed (and was retried)');
    assert.deepEqual(
      [
        result.outputs.turns,
        result.outputs.llm_input_tokens,
        result.outputs.llm_output_tokens,
        result.outputs.llm_cost,
      ],
      ['2', '200', '20', '0.000700'],
    );
    assert.equal(result.outputs.result, 'before the failure');
  });
});
