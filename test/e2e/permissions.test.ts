// Least privilege, dynamically: each mode of the bundled action runs against the emulator, and
// every RPC it makes must need a permission its mode's documented list holds (src/google/permissions.ts,
// the README's custom role). A new call the list lacks fails here.
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { modePermissions, rpcPermissions } from '../../src/google/permissions.ts';
import type { ActionResult } from '../harness/runner.ts';
import { requireDocker } from '../infra/docker.ts';
import { testAgentContext } from '../infra/images.ts';
import { project, region, repository, runAgent, startFixture, type Fixture } from './fixtures.ts';

describe('least privilege', { concurrency: false }, () => {
  let fixture: Fixture;
  before(async () => {
    if (await requireDocker()) return;
    fixture = await startFixture();
  });
  after(async () => fixture?.emulator.stop());

  /** Runs `act`; checks main's calls against `mode` and post's against the post list. */
  async function check(mode: string, act: () => Promise<ActionResult>): Promise<Set<string>> {
    const from = fixture.emulator.callLog.length;
    const result = await act();
    const calls = fixture.emulator.callLog.slice(from);
    const postStart = result.post?.startedAt ?? Infinity;
    const used = new Set<string>();
    for (const call of calls) {
      const step = call.at >= postStart ? 'post' : mode;
      const permission = rpcPermissions[call.method];
      assert.ok(permission, `${step} calls ${call.method}, which src/google/permissions.ts does not list`);
      assert.ok(
        modePermissions[step]!.includes(permission),
        `${step} calls ${call.method}, needing ${permission}, which its documented list lacks`,
      );
      used.add(`${step}: ${permission}`);
    }
    return used;
  }

  test('run with a prebuilt image, a cancelled run, and post', async (t) => {
    if (await requireDocker(t)) return;
    const env = { AL_SECRET_api__default__token: 'tok-permissions-0123456789' };
    const used = await check('run, prebuilt image', () =>
      runAgent(fixture, { inputs: { credentials: 'api', env: 'AGENT_LINES=3' }, env }),
    );
    // A run that ends deletes its own job; post has nothing left (it deletes after a cancellation).
    assert.ok(
      used.has('run, prebuilt image: run.jobs.create') &&
        used.has('run, prebuilt image: run.jobs.delete') &&
        ![...used].some((u) => u.startsWith('post: ')),
      [...used].join('\n'),
    );
    const cancelled = await check('run, prebuilt image', () =>
      runAgent(fixture, {
        inputs: { credentials: 'api', env: 'AGENT_SCRIPT=echo started\nAGENT_SLEEP=60' },
        env,
        signal: { when: (log) => log.some((l) => l.line === 'started') },
      }),
    );
    assert.ok(
      cancelled.has('run, prebuilt image: run.executions.cancel') && cancelled.has('post: run.jobs.delete'),
      [...cancelled].join('\n'),
    );
  });

  test('runs of an agent with a scale: one holds the slot, one waits for it, and post', async (t) => {
    if (await requireDocker(t)) return;
    const workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'cra-permissions-scale-'));
    await fs.mkdir(path.join(workspace, 'agents', 'scaled'), { recursive: true });
    await fs.writeFile(path.join(workspace, 'agents', 'scaled', 'config.toml'), 'scale = 1\n');
    const one = () => runAgent(fixture, { inputs: { agent: 'scaled', env: 'AGENT_SLEEP=3' }, workspace });
    const holder = one();
    const used = await check('run, prebuilt image', async () => {
      await new Promise((resolve) => setTimeout(resolve, 500));
      return one();
    });
    assert.equal((await holder).outputs.conclusion, 'success');
    for (const needed of ['secretmanager.secrets.list', 'secretmanager.secrets.update'])
      assert.ok(used.has(`run, prebuilt image: ${needed}`), [...used].join('\n'));
    await fs.rm(workspace, { recursive: true, force: true });
  });

  test('run with a build (and pruning), and post', async (t) => {
    if (await requireDocker(t)) return;
    const workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'cra-permissions-'));
    await fs.cp(await testAgentContext(), workspace, { recursive: true });
    const used = await check('run, with a build', () =>
      runAgent(fixture, {
        inputs: { image: '', context: '.', repository, registry: fixture.emulator.registry, keep_tags: '1' },
        workspace,
      }),
    );
    assert.ok(used.has('run, with a build: artifactregistry.dockerimages.list'), [...used].join('\n'));
    await fs.rm(workspace, { recursive: true, force: true });
  });

  test('reap', async (t) => {
    if (await requireDocker(t)) return;
    // Something to reap: a run killed before its post step, while its execution still ran (a run
    // that sees its execution end deletes its job itself).
    await runAgent(fixture, {
      // 'started' reaches the log about 2.3 s in (lag + tail window): far inside the 8 s timeout.
      inputs: { env: 'AGENT_SCRIPT=echo started\nAGENT_SLEEP=60', timeout: '8s' },
      killMainAt: { when: (log) => log.some((l) => l.line === 'started') },
      runPost: false,
    });
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    const used = await check('reap', () =>
      runAgent(fixture, {
        inputs: { mode: 'reap', project_id: project, region, reap_grace: '0', github_token: '' },
      }),
    );
    assert.ok(
      used.has('reap: run.jobs.delete') && used.has('reap: secretmanager.secrets.list'),
      [...used].join('\n'),
    );
  });
});
