// The project-mode entry's pure parts: how a run ends, and what started it; and its supervisor's
// last lines (the end marker), with the entry itself run over an upstream that fails to load.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { endMarkerLine } from '../../../src/shared/container-lines.ts';
import { ending } from '../../../src/agent-runtime/exit-code.ts';
import { descendantsOf, killDescendants } from '../../../src/agent-runtime/processes.ts';
import { buildPrompt, parseTrigger } from '../../../src/agent-runtime/event-prompt.ts';
import type { AgentConfig, Upstream } from '../../../src/agent-runtime/upstream.ts';

test('a completed run is a success; a rerun asks with 42', () => {
  assert.deepEqual(ending({ result: 'completed' }, {}, 60), { exitCode: 0 });
  assert.deepEqual(ending({ result: 'rerun' }, {}, 60), { exitCode: 42 });
});

test('"completed" after a failed model call is a failure with the model’s message', () => {
  assert.deepEqual(ending({ result: 'completed' }, { modelError: '500 boom' }, 60), {
    exitCode: 1,
    reason: 'the model call failed: 500 boom',
  });
  assert.equal(ending({ result: 'completed' }, { modelError: '401 Incorrect API key' }, 60).exitCode, 10);
  assert.equal(ending({ result: 'completed' }, { modelError: '429 Too Many Requests' }, 60).exitCode, 12);
});

test('upstream’s timeout wins over its "completed", and an error keeps its reason', () => {
  assert.deepEqual(ending({ result: 'completed', returnValue: 'x' }, { timedOut: true }, 30), {
    exitCode: 124,
    reason: "the agent's timeout of 30 s was reached",
  });
  assert.deepEqual(ending({ result: 'error', exitReason: 'Aborted' }, {}, 30), {
    exitCode: 1,
    reason: 'Aborted',
  });
  assert.equal(ending({ result: 'error', exitReason: 'x' }, { modelsExhausted: true }, 30).exitCode, 12);
});

test('a cap’s stop is exit 123 with its reason, the return value kept; the timeout, when it came first, wins', () => {
  const capStop = 'the agent stopped after 3 turns: max_turns is 3';
  assert.deepEqual(ending({ result: 'completed', returnValue: 'partial' }, { capStop }, 60), {
    exitCode: 123,
    reason: capStop,
  });
  assert.equal(ending({ result: 'completed' }, { capStop, timedOut: true }, 60).exitCode, 124);
});

test('the event: AL_EVENT_NAME, the payload in AL_EVENT, the prompt input; a payload that is no object is refused', () => {
  assert.deepEqual(parseTrigger({}), { event: '', payload: {}, prompt: undefined });
  assert.deepEqual(
    parseTrigger({ AL_EVENT_NAME: 'issues', AL_EVENT: '{"action":"opened"}', AL_PROMPT: 'fix it' }),
    { event: 'issues', payload: { action: 'opened' }, prompt: 'fix it' },
  );
  assert.equal(parseTrigger({ AL_EVENT_NAME: 'push', AL_EVENT: '{}', AL_PROMPT: '' }).prompt, undefined);
  assert.throws(() => parseTrigger({ AL_EVENT: '[1]' }), /AL_EVENT is not a JSON object/);
  assert.throws(() => parseTrigger({ AL_EVENT: 'null' }), /AL_EVENT is not a JSON object/);
});

describe('the prompt: upstream’s GitHub provider and prompt builders, chosen by the event', () => {
  // A recording stand-in for upstream's builders: what was asked of which, in order.
  const calls: string[] = [];
  const config = { name: 'notes', models: [] } as AgentConfig;
  const contexts = new Map<string, Record<string, unknown> | null>();
  const upstream = {
    makeScheduledPrompt: () => (calls.push('scheduled'), 'SCHEDULED'),
    makeManualPrompt: (_c: AgentConfig, _x: unknown, prompt?: string) => (
      calls.push(`manual:${prompt ?? ''}`),
      `MANUAL(${prompt ?? ''})`
    ),
    makeWebhookPrompt: (_c: AgentConfig, context: unknown, ctx: unknown) => (
      calls.push(`webhook:${JSON.stringify(ctx)}`),
      `WEBHOOK(${JSON.stringify(context)})`
    ),
    parseGitHubEvent: (event: string, payload: unknown) => (
      calls.push(`parse:${event}:${JSON.stringify(payload)}`),
      contexts.has(event) ? contexts.get(event)! : { event }
    ),
  } as unknown as Upstream;
  const build = (event: string, payload: Record<string, unknown> = {}, prompt?: string) => {
    calls.length = 0;
    return buildPrompt(upstream, config, { event, payload, prompt });
  };

  for (const event of [
    'issues',
    'issue_comment',
    'pull_request',
    'pull_request_review',
    'push',
    'workflow_run',
    'release',
  ]) {
    test(`${event}: upstream's parseEvent, then its webhook prompt with the lock skill`, () => {
      const built = build(event, { action: 'x' });
      assert.deepEqual(calls, [`parse:${event}:{"action":"x"}`, 'webhook:{"skills":{"locking":true}}']);
      assert.equal(built.prompt, `WEBHOOK({"event":"${event}"})`);
      assert.deepEqual(built.info, { type: 'webhook', source: 'github' });
      assert.equal(built.note, undefined);
    });
  }

  test('pull_request_target is upstream’s pull_request (the same payload)', () => {
    build('pull_request_target', { action: 'opened' });
    assert.equal(calls[0], 'parse:pull_request:{"action":"opened"}');
  });

  test('schedule: the scheduled prompt; no event: the manual one', () => {
    assert.deepEqual(build('schedule', { schedule: '0 * * * *' }), {
      prompt: 'SCHEDULED',
      info: { type: 'schedule' },
    });
    assert.equal(build('').prompt, 'MANUAL()');
    assert.deepEqual(calls, ['manual:']);
  });

  test('workflow_dispatch: the manual prompt with the prompt input, then the inputs', () => {
    const built = build('workflow_dispatch', { inputs: { target: 'staging' } }, 'Deploy');
    assert.equal(
      built.prompt,
      'MANUAL(Deploy)\n\n<workflow-inputs>\n{"target":"staging"}\n</workflow-inputs>\n\nThe workflow_dispatch event that started this run carried the inputs above.',
    );
    assert.deepEqual(built.info, { type: 'manual' });
    assert.equal(build('workflow_dispatch', { inputs: {} }).prompt, 'MANUAL()');
  });

  test('repository_dispatch: upstream’s generic webhook context, then the client payload', () => {
    const built = build('repository_dispatch', { action: 'deploy', client_payload: { env: '<prod>' } });
    assert.equal(
      built.prompt,
      'WEBHOOK({"event":"repository_dispatch"})\n\n<client-payload>\n{"env":"\\u003cprod>"}\n</client-payload>\n\nThe repository_dispatch event that started this run carried the client payload above.',
    );
  });

  test('a prompt input is the task of a manual run, whatever the event', () => {
    assert.equal(build('issue_comment', { action: 'created' }, 'Triage').prompt, 'MANUAL(Triage)');
    assert.deepEqual(calls, ['manual:Triage']);
  });

  test('an event upstream finds no context in (no repository, ping): the manual prompt and a note', () => {
    contexts.set('ping', null);
    const built = build('ping', { zen: 'hi' });
    assert.equal(built.prompt, 'MANUAL()');
    assert.deepEqual(built.info, { type: 'manual' });
    assert.match(built.note ?? '', /no trigger context in the ping event .* manual prompt/);
  });
});

test('the processes a tool left behind are found through /proc and stopped, grandchildren too', async () => {
  // A shell whose own child outlives it in the background, as a tool's `sleep 300 &` would.
  const child = spawn('/bin/sh', ['-c', 'sleep 300 & sleep 300'], { stdio: 'ignore' });
  await new Promise((resolve) => setTimeout(resolve, 200));
  const found = descendantsOf(process.pid);
  assert.ok(found.includes(child.pid!));
  assert.ok(found.length >= 3, `expected the shell and its two sleeps, found ${found.length}`);
  const exited = new Promise((resolve) => child.on('exit', resolve));
  assert.ok(killDescendants(process.pid) >= 3);
  await exited;
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.deepEqual(
    descendantsOf(process.pid).filter((pid) => found.includes(pid)),
    [],
  );
});

describe('the end marker', () => {
  const entry = path.resolve(import.meta.dirname, '../../../src/agent-runtime/run-once.ts');
  /** An upstream whose first module says whether the worker sees the nonce, then fails the load. */
  function fakeUpstream(): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cra-fake-upstream-'));
    fs.writeFileSync(path.join(root, 'package.json'), '{"version":"0.0.0"}');
    const files = ['shared/config', 'execution/execution', 'execution/lock-store', 'execution/call-store'];
    files.push('agents/transport-runner', 'agents/model-fallback', 'agents/credential-setup');
    for (const file of [...files, 'webhooks/providers/github']) {
      fs.mkdirSync(path.dirname(path.join(root, 'dist', file)), { recursive: true });
      fs.writeFileSync(path.join(root, 'dist', `${file}.js`), '');
    }
    fs.writeFileSync(
      path.join(root, 'dist/shared/config.js'),
      "process.stdout.write(`worker sees the nonce: ${process.env.AL_END_NONCE ?? 'no'}\\n`);",
    );
    return root;
  }
  const run = (env: Record<string, string>) => {
    const upstream = fakeUpstream();
    const result = spawnSync(process.execPath, [entry], {
      env: { PATH: process.env.PATH, AL_UPSTREAM_DIR: upstream, ...env },
      encoding: 'utf8',
      timeout: 30_000,
    });
    fs.rmSync(upstream, { recursive: true, force: true });
    const lines = (text: string) => text.split('\n').filter(Boolean);
    return { status: result.status, stdout: lines(result.stdout), stderr: lines(result.stderr) };
  };

  test('the supervisor prints it last on stdout and on stderr; the worker (and the tools) never see the nonce', () => {
    const nonce = 'a'.repeat(32);
    const { status, stdout, stderr } = run({ AL_END_NONCE: nonce });
    assert.equal(status, 14, 'loading upstream failed');
    assert.ok(stdout.includes('worker sees the nonce: no'), stdout.join('\n'));
    assert.ok(
      stdout.some((l) => l.includes('loading Action Llama failed')),
      stdout.join('\n'),
    );
    assert.equal(stdout.at(-1), endMarkerLine(nonce));
    assert.equal(stderr.at(-1), endMarkerLine(nonce));
    assert.equal(stdout.filter((l) => l.includes(nonce)).length, 1, 'printed once');
  });

  test('without a nonce, no marker', () => {
    const { status, stdout, stderr } = run({});
    assert.equal(status, 14);
    assert.ok(![...stdout, ...stderr].some((l) => l.includes('end of output')));
  });
});
