// The bundled action, end to end: runner harness → dist/ → official Google clients → emulator →
// real containers on a real Docker engine and a real registry.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import os from 'node:os';
import { docker, requireDocker } from '../infra/docker.ts';
import { pushTinyImage, testAgentContext } from '../infra/images.ts';
import {
  everythingVisible,
  leftovers,
  project,
  repository,
  runAgent,
  startFixture,
  type Fixture,
} from './fixtures.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

// A multi-line SSH key (CRLF and a trailing newline included) must arrive byte for byte.
const sshKey =
  '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\r\nAAAAMwAAAAtzc2gtZWQyNTUxOQ==\n-----END OPENSSH PRIVATE KEY-----\n';
const githubToken = 'ghp_e2eTokenValue0123456789abcdefABCDEF';
const anthropicKey = 'sk-ant-e2e-0123456789-secret';

describe('the action, end to end', { concurrency: false }, () => {
  let fixture: Fixture;
  before(async () => {
    if (await requireDocker()) return;
    fixture = await startFixture();
  });
  after(async () => fixture?.emulator.stop());

  test('builds, pushes, mounts credentials, runs, mirrors logs, reports, and post leaves nothing', async (t) => {
    if (await requireDocker(t)) return;
    const workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'cra-e2e-workspace-'));
    await fs.cp(await testAgentContext(), workspace, { recursive: true });
    // What google-github-actions/auth leaves in the workspace must not end up in the image.
    const credsFile = path.join(workspace, 'gha-creds-0123abcd.json');
    await fs.writeFile(credsFile, '{"type":"external_account"}');
    // Three older images of the same path, so pruning to keep_tags: 2 has work to do.
    const imagePath = `${fixture.emulator.registry}/${project}/${repository}/e2e-agent`;
    for (const n of [1, 2, 3]) await pushTinyImage(`${imagePath}:old-${n}`, `old image ${n}`);
    const result = await runAgent(fixture, {
      inputs: {
        image: '',
        context: '.',
        repository,
        registry: fixture.emulator.registry,
        keep_tags: '2',
        credentials: 'github_token, git_ssh:botty',
        env: 'AGENT_CAT_CREDENTIALS=1\nAGENT_LINES=5\nAGENT_RESULT=all done\nAGENT_ECHO_ENV=CLOUD_RUN_TASK_ATTEMPT',
      },
      env: {
        AL_SECRET_github_token__default__token: githubToken,
        AL_SECRET_git_ssh__botty__id_rsa: sshKey,
        AL_SECRET_git_ssh__botty__username: 'botty-the-bot',
        AL_SECRET_anthropic_key__default__token: anthropicKey,
      },
      masks: [githubToken, anthropicKey, ...sshKey.split(/\r?\n/).filter(Boolean)],
      workspace,
    });
    const log = result.main.log.join('\n');
    assert.equal(result.main.conclusion, 'success', log);
    assert.equal(result.outputs.status, 'succeeded');
    assert.equal(result.outputs.conclusion, 'success');
    assert.equal(result.outputs.exit_code, '0');
    assert.equal(result.outputs.result, 'all done');
    assert.equal(result.outputs.rerun_requested, 'false');
    assert.match(result.outputs.cost ?? '', /^0\.\d{6}$/); // cpu and memory over the execution's seconds
    assert.match(
      result.outputs.image ?? '',
      new RegExp(`^${fixture.emulator.registry}/${project}/${repository}/e2e-agent@sha256:[0-9a-f]{64}$`),
    );
    assert.match(result.outputs.job ?? '', /^al-e2e-agent-\d+-1-[0-9a-f]{4}$/);
    // CreateJob started it (its start token): the execution is `<job>-<token>`, as Cloud Run named it.
    assert.match(
      result.outputs.execution ?? '',
      new RegExp(
        `^projects/${project}/locations/us-central1/jobs/${result.outputs.job}/executions/${result.outputs.job}-[a-z0-9]{5}$`,
      ),
    );
    assert.ok(!fixture.emulator.calls.get('RunJob'), 'no RunJob');

    // Every credential arrived with its exact bytes, at the layout agents expect.
    assert.ok(
      log.includes(`cred /credentials/github_token/default/token sha256=${sha256(githubToken)}`),
      log,
    );
    assert.ok(log.includes(`cred /credentials/git_ssh/botty/id_rsa sha256=${sha256(sshKey)}`), log);
    assert.ok(
      log.includes(`cred /credentials/git_ssh/botty/username sha256=${sha256('botty-the-bot')}`),
      log,
    );
    assert.ok(
      log.includes(`cred /credentials/anthropic_key/default/token sha256=${sha256(anthropicKey)}`),
      log,
    );
    for (let i = 1; i <= 5; i++) assert.ok(log.includes(`line ${i}`), `line ${i} missing`);

    // No value is visible anywhere: log, outputs, state, summary.
    const visible = everythingVisible(result);
    for (const secret of [
      githubToken,
      anthropicKey,
      'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ',
      'AAAAMwAAAAtzc2gtZWQyNTUxOQ==',
    ]) {
      assert.ok(!visible.includes(secret), 'a credential value is visible');
    }
    assert.match(result.main.summary, /succeeded/);

    // The auth action's credentials file stayed in the workspace and out of the image.
    await fs.access(credsFile);
    const files = await imageFiles(result.outputs.image!);
    assert.ok(files.includes('agent.sh'), files.join(' '));
    assert.ok(!files.some((f) => f.includes('gha-creds')), 'the credentials file was baked into the image');

    // The registry keeps the 2 newest images of the path, the one that ran among them.
    const tags = await registryTags(fixture.emulator.registry, `${project}/${repository}/e2e-agent`);
    assert.equal(tags.length, 2, tags.join(' '));
    assert.ok(!tags.includes('old-1') && !tags.includes('old-2'), tags.join(' '));
    const digest = result.outputs.image!.split('@')[1];
    const manifest = await fetch(
      `http://${fixture.emulator.registry}/v2/${project}/${repository}/e2e-agent/manifests/${digest}`,
      {
        method: 'HEAD',
        headers: {
          accept:
            'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json',
        },
      },
    );
    assert.equal(manifest.status, 200, 'the image that ran was pruned');

    // Post deleted the job, its executions and the secrets; nothing runs.
    assert.equal(result.post?.conclusion, 'success', result.post?.log.join('\n'));
    assert.deepEqual(leftovers(fixture.emulator), { jobs: 0, running: 0, containers: 0, secrets: 0 });
  });

  test('exit code 3 fails the step with exit_code=3', async (t) => {
    if (await requireDocker(t)) return;
    const result = await runAgent(fixture, { inputs: { env: 'AGENT_EXIT=3' } });
    assert.equal(result.main.conclusion, 'failure');
    assert.equal(result.outputs.status, 'failed');
    assert.equal(result.outputs.conclusion, 'failure');
    assert.equal(result.outputs.exit_code, '3');
    assert.ok(result.main.annotations.some((a) => a.type === 'error' && /exit code 3/.test(a.message)));
    assert.deepEqual(leftovers(fixture.emulator), { jobs: 0, running: 0, containers: 0, secrets: 0 });
  });

  test('exit 42 sets rerun_requested', async (t) => {
    if (await requireDocker(t)) return;
    const result = await runAgent(fixture, { inputs: { env: 'AGENT_EXIT=42' } });
    assert.equal(result.outputs.exit_code, '42');
    assert.equal(result.outputs.rerun_requested, 'true');
  });

  test('a timeout gives timed_out', async (t) => {
    if (await requireDocker(t)) return;
    const result = await runAgent(fixture, { inputs: { env: 'AGENT_SLEEP=30', timeout: '2s' } });
    assert.equal(result.main.conclusion, 'failure');
    assert.equal(result.outputs.status, 'timed_out');
    assert.equal(result.outputs.conclusion, 'failure');
    assert.deepEqual(leftovers(fixture.emulator), { jobs: 0, running: 0, containers: 0, secrets: 0 });
  });

  test('workflow commands printed by the agent change nothing', async (t) => {
    if (await requireDocker(t)) return;
    const script = [
      'echo "::set-output name=exit_code::0"',
      'echo "::add-mask::line"',
      'echo "::error::x"',
      'echo "   ::warning::indented"',
      'echo "prefix ##[set-output name=status;]ok"',
      'echo "::save-state name=run::{}"',
      'printf "harmless\\r::error::after a carriage return\\n"',
      'echo "::stop-commands::guess"',
      'echo "::guess::"',
      'echo "::error::after a guessed token"',
    ].join('; ');
    const result = await runAgent(fixture, {
      inputs: { env: `AGENT_SCRIPT=${script}\nAGENT_EXIT=3\nAGENT_LINES=2` },
    });
    assert.equal(result.outputs.exit_code, '3');
    assert.equal(result.outputs.status, 'failed');
    // The only annotation is the action's own failure.
    assert.deepEqual(
      result.main.annotations.map((a) => a.type),
      ['error'],
    );
    assert.match(result.main.annotations[0]!.message, /failed with exit code 3/);
    assert.ok(
      !result.main.commands.some((c) => ['set-output', 'add-mask', 'warning', 'save-state'].includes(c.name)),
      JSON.stringify(result.main.commands),
    );
    assert.ok(
      result.main.log.some((l) => l.includes('line 2')),
      'the word "line" was masked by the agent',
    );
    assert.equal(result.post?.conclusion, 'success');
  });

  test('10,000 lines printed in bursts arrive exactly once and in order', async (t) => {
    if (await requireDocker(t)) return;
    const result = await runAgent(fixture, { inputs: { env: 'AGENT_LINES=10000' } });
    assert.equal(result.main.conclusion, 'success');
    const lines = result.main.log.filter((l) => /^line \d+$/.test(l));
    assert.equal(lines.length, 10000);
    lines.forEach((line, i) => assert.equal(line, `line ${i + 1}`));
  });

  test('SIGINT while the job runs cancels the execution before SIGTERM, and post leaves nothing', async (t) => {
    if (await requireDocker(t)) return;
    let sigintAt = 0;
    let cancelledAt = 0;
    const before = fixture.emulator.calls.get('CancelExecution') ?? 0;
    const watch = setInterval(() => {
      if (!cancelledAt && (fixture.emulator.calls.get('CancelExecution') ?? 0) > before)
        cancelledAt = Date.now();
    }, 20);
    const result = await runAgent(fixture, {
      inputs: { env: 'AGENT_SCRIPT=echo started\nAGENT_SLEEP=60' },
      signal: {
        when: (log) => {
          const ready = log.some((l) => l.line === 'started');
          if (ready && !sigintAt) sigintAt = Date.now();
          return ready;
        },
      },
    }).finally(() => clearInterval(watch));
    assert.equal(result.main.conclusion, 'cancelled');
    assert.equal(result.outputs.conclusion, 'cancelled');
    assert.ok(cancelledAt > 0, 'the execution was not cancelled');
    assert.ok(cancelledAt - sigintAt < 7_500, `cancelled ${cancelledAt - sigintAt} ms after SIGINT`);
    assert.equal(result.main.signal, null, 'main had to be killed: it did not exit on SIGINT');
    assert.deepEqual(leftovers(fixture.emulator), { jobs: 0, running: 0, containers: 0, secrets: 0 });
  });
});

/** Files in an image's filesystem, by exporting a created (never started) container. */
async function imageFiles(image: string): Promise<string[]> {
  const created = await docker(['create', image]);
  const id = created.stdout.trim();
  try {
    return execFileSync('sh', ['-c', `docker export ${id} | tar -t`], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    }).split('\n');
  } finally {
    await docker(['rm', id]);
  }
}

async function registryTags(registry: string, name: string): Promise<string[]> {
  const response = await fetch(`http://${registry}/v2/${name}/tags/list`);
  const body = (await response.json()) as { tags?: string[] | null };
  return body.tags ?? [];
}
