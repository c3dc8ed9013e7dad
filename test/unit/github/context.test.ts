// The trigger context of every event, held to upstream's own GitHubWebhookProvider.parseEvent on
// hand-written payloads in GitHub's documented shapes (test/fixtures/events/), and the prompt a
// contract image gets, to upstream's webhook suffix around that context.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import {
  eventContext,
  githubContext,
  webhookEventName,
  type GitHubPayload,
} from '../../../src/github/context.ts';
import { defaultPrompt } from '../../../src/github/prompt.ts';
import { events, fixtures } from '../../infra/event-fixtures.ts';
import { upstream } from '../../infra/upstream.ts';

const now = new Date('2026-12-01T12:00:00.000Z');
/** Upstream's context, with our fixed timestamp in its place (the key order is upstream's). */
const reference = (event: string, payload: GitHubPayload) => {
  const context = upstream.parseEvent(event, structuredClone(payload));
  return context && { ...context, timestamp: now.toISOString() };
};

describe('the trigger context equals upstream parseEvent', () => {
  test('the fixtures cover every event the brief names', () => {
    const names = new Set(events.map((e) => e.name));
    for (const name of [
      'issues',
      'issue_comment',
      'pull_request',
      'pull_request_target',
      'pull_request_review',
      'pull_request_review_comment',
      'push',
      'workflow_run',
      'release',
      'discussion',
      'discussion_comment',
    ])
      assert.ok(names.has(name), name);
  });

  for (const { file, name, payload } of events) {
    test(file, () => {
      const ours = githubContext(webhookEventName(name), payload, now);
      const theirs = reference(webhookEventName(name), payload);
      assert.ok(theirs, 'upstream reads a context from every fixture');
      // Same keys, same order, same values (undefined ones included).
      assert.deepStrictEqual(Object.keys(ours!), Object.keys(theirs));
      assert.deepStrictEqual(ours, theirs);
    });
  }

  test('the contexts say what each event is about (not only what upstream says)', () => {
    const by = (file: string) => {
      const e = events.find((x) => x.file === file)!;
      return githubContext(webhookEventName(e.name), e.payload, now)!;
    };
    assert.equal(by('issue_comment.pull_request.json').comment, '@agent review this PR');
    assert.equal(by('pull_request_target.opened.json').event, 'pull_request');
    assert.equal(by('pull_request_target.opened.json').body, undefined); // null body
    assert.equal(by('push.branch.json').branch, 'main');
    assert.equal(by('push.tag.json').branch, 'refs/tags/v1.4.0');
    assert.equal(by('push.delete.json').title, undefined);
    assert.equal(by('workflow_run.completed.json').conclusion, 'failure');
    assert.equal(by('workflow_run.completed.json').number, 7);
    assert.equal(by('workflow_run.requested.json').conclusion, null);
    assert.equal(by('release.published.json').title, 'published');
    assert.deepEqual(by('issues.labeled.json').labels, ['bug', 'agent']);
    const long = by('issues.opened-long-body.json').body!;
    assert.equal(long.length, 4003);
    assert.ok(long.endsWith('...'));
  });

  test('null where upstream reads nothing: no repository, a ping, an issues event without its issue', () => {
    const { repository: _, ...bare } = events.find((e) => e.file === 'issues.opened.json')!.payload;
    const cases: [string, GitHubPayload][] = [
      ['issues', bare],
      ['ping', { repository: { full_name: 'acme/widgets' } }],
      ['issues', { repository: { full_name: 'acme/widgets' } }],
      ['issue_comment', { repository: { full_name: 'acme/widgets' }, issue: { number: 1 } }],
      ['pull_request_review', { repository: { full_name: 'acme/widgets' }, pull_request: {} }],
      ['workflow_run', { repository: { full_name: 'acme/widgets' } }],
    ];
    for (const [event, payload] of cases) {
      assert.equal(upstream.parseEvent(event, payload), null, event);
      assert.equal(githubContext(event, payload, now), null, event);
    }
  });

  test('an unknown event gets the generic context, titled by its action or its name', () => {
    for (const payload of [{ action: 'created' }, {}]) {
      const body = { ...payload, repository: { full_name: 'acme/widgets' } };
      assert.deepStrictEqual(githubContext('merge_group', body, now), reference('merge_group', body));
    }
  });

  test('eventContext reads GITHUB_EVENT_NAME and GITHUB_EVENT_PATH; nothing to read is null', () => {
    const pr = events.find((e) => e.file === 'pull_request_target.opened.json')!;
    const context = eventContext({ GITHUB_EVENT_NAME: pr.name, GITHUB_EVENT_PATH: pr.path }, now);
    assert.equal(context?.number, 9);
    assert.equal(eventContext({ GITHUB_EVENT_NAME: 'push' }, now), null);
    assert.equal(eventContext({ GITHUB_EVENT_PATH: pr.path }, now), null);
    assert.equal(eventContext({ GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: fixtures }, now), null);
  });
});

describe("the contract image's prompt is upstream's webhook suffix", () => {
  for (const { file, name, path: at } of events) {
    test(file, () => {
      const prompt = defaultPrompt({ GITHUB_EVENT_NAME: name, GITHUB_EVENT_PATH: at }, undefined);
      const context = JSON.parse(/<webhook-trigger>\n(.*)\n<\/webhook-trigger>/s.exec(prompt)![1]!) as {
        timestamp: string;
      };
      const theirs = upstream.parseEvent(webhookEventName(name), JSON.parse(fs.readFileSync(at, 'utf8')));
      assert.equal(prompt, upstream.webhookSuffix({ ...theirs, timestamp: context.timestamp }));
    });
  }
});

test('the reference is the Action Llama the project-mode image installs', () => {
  const root = path.resolve(import.meta.dirname, '../../..');
  type Manifest = { version?: string } & Record<'dependencies' | 'devDependencies', Record<string, string>>;
  const read = (file: string) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8')) as Manifest;
  const pinned = read('src/agent-runtime/npm/package.json').dependencies['@action-llama/action-llama']!;
  const dev = read('package.json').devDependencies['@action-llama/action-llama'];
  const installed = read('node_modules/@action-llama/action-llama/package.json').version;
  assert.match(pinned, /^\d+\.\d+\.\d+$/, 'an exact version');
  assert.equal(dev, pinned);
  assert.equal(installed, pinned);
});
