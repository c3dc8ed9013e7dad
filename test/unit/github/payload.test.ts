// The event payload as project mode passes it to the container: within Cloud Run's 32,768 bytes
// per environment variable, with what upstream's GitHub provider reads unchanged.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { envValueLimitBytes, eventEnv, readByUpstream, slimEvent } from '../../../src/github/payload.ts';

type Json = Record<string, unknown>;

/** A pull_request payload shaped like GitHub's, with a repository and links as bulky as real ones. */
function bulkyPullRequest(body: string): Json {
  const urls = Object.fromEntries(
    Array.from({ length: 60 }, (_, i) => [
      `link_${i}_url`,
      `https://api.github.com/repos/acme/widgets/${'x'.repeat(200)}/${i}`,
    ]),
  );
  return {
    action: 'opened',
    number: 17,
    repository: { full_name: 'acme/widgets', description: 'd'.repeat(9000), ...urls },
    sender: { login: 'octocat', avatar_url: 'https://avatars/u/1', ...urls },
    pull_request: {
      number: 17,
      title: 'Fix the widget',
      body,
      html_url: 'https://github.com/acme/widgets/pull/17',
      user: { login: 'author1', ...urls },
      assignee: { login: 'reviewer1', ...urls },
      labels: [
        { name: 'bug', color: 'f00', description: 'l'.repeat(3000) },
        { name: 'needs-review', color: '0f0' },
      ],
      head: { ref: 'fix-widget', sha: 'a'.repeat(40), repo: { full_name: 'acme/widgets', ...urls } },
      base: { ref: 'main', repo: { ...urls } },
      ...urls,
    },
  };
}

/** Every value at the paths upstream reads (the spec's leaves), by path. */
function readValues(value: unknown, spec: unknown = readByUpstream, at = ''): Map<string, unknown> {
  const found = new Map<string, unknown>();
  if (value === undefined) return found;
  if (typeof spec === 'string' || value === null || typeof value !== 'object') {
    found.set(at, value);
    return found;
  }
  const entries = Array.isArray(spec)
    ? (Array.isArray(value) ? value : []).map((item, i) => [`${i}`, item, spec[0]] as const)
    : Object.entries(spec as Json).map(([key, child]) => [key, (value as Json)[key], child] as const);
  for (const [key, item, child] of entries)
    for (const [p, v] of readValues(item, child, `${at}.${key}`)) found.set(p, v);
  return found;
}

const bytes = (json: string) => Buffer.byteLength(json);

test('a small payload passes unchanged', () => {
  const payload = { action: 'created', repository: { full_name: 'a/b', private: false }, extra: [1, 'x'] };
  const slim = slimEvent(payload);
  assert.deepEqual(JSON.parse(slim.json), payload);
  assert.equal(slim.lossy, undefined);
});

test('strings over 4001 characters are cut to 4001, which upstream still cuts to its 4000 + "..."', () => {
  const payload = {
    repository: { full_name: 'a/b', description: 'd'.repeat(5000) },
    comment: { body: `${'c'.repeat(4000)}XYZ`, html_url: 'u' },
    issue: { body: 'i'.repeat(4001), title: 'short' },
  };
  const slim = JSON.parse(slimEvent(payload).json) as typeof payload;
  assert.equal(slim.comment.body, `${'c'.repeat(4000)}X`);
  assert.equal(slim.issue.body, payload.issue.body); // exactly 4001: untouched
  assert.equal(slim.repository.description, 'd'.repeat(4001)); // unread, but kept while it fits
  // What upstream makes of either (longer than 4000: the first 4000 and "...") is the same.
  const upstreamCut = (s: string) => (s.length > 4000 ? `${s.slice(0, 4000)}...` : s);
  assert.equal(upstreamCut(slim.comment.body), upstreamCut(payload.comment.body));
});

test('a string upstream reads whole (a push’s head commit message) is not cut while it fits', () => {
  const message = 'm'.repeat(12_000);
  const slim = JSON.parse(slimEvent({ ref: 'refs/heads/main', head_commit: { message } }).json) as Json;
  assert.equal((slim.head_commit as Json).message, message);
});

test('a huge payload fits in 32,768 bytes with every value upstream reads unchanged', () => {
  const body = 'Please review. '.repeat(1000); // 15,000 characters
  const payload = bulkyPullRequest(body);
  assert.ok(bytes(JSON.stringify(payload)) > 4 * envValueLimitBytes);
  const slim = slimEvent(payload);
  assert.ok(bytes(slim.json) <= envValueLimitBytes, `${bytes(slim.json)} bytes`);
  assert.equal(slim.lossy, undefined);
  const slimmed = JSON.parse(slim.json) as Json;
  const before = readValues(payload);
  const after = readValues(slimmed);
  assert.deepEqual([...after.keys()], [...before.keys()]);
  for (const [at, value] of before) {
    if (at === '.pull_request.body') assert.equal(after.get(at), body.slice(0, 4001));
    else assert.deepEqual(after.get(at), value, at);
  }
  // What upstream does not read is gone.
  assert.deepEqual(Object.keys(slimmed.repository as Json), ['full_name']);
  assert.deepEqual(
    Object.keys(slimmed.pull_request as Json).sort(),
    ['assignee', 'body', 'html_url', 'labels', 'number', 'title', 'user', 'head'].sort(),
  );
  assert.deepEqual((slimmed.pull_request as Json).labels, [{ name: 'bug' }, { name: 'needs-review' }]);
});

test('bytes, not characters, are counted: four-byte characters still fit', () => {
  const body = '🦙'.repeat(3000); // 6,000 UTF-16 units, 12,000 bytes
  const payload = { ...bulkyPullRequest(body), issue: { body: '漢'.repeat(9000) } };
  const slim = slimEvent(payload);
  assert.ok(bytes(slim.json) <= envValueLimitBytes, `${bytes(slim.json)} bytes`);
  const slimmed = JSON.parse(slim.json) as { pull_request: Json; issue: Json };
  assert.equal(slimmed.pull_request.body, body.slice(0, 4001)); // a cut pair survives JSON
  assert.equal(slimmed.issue.body, '漢'.repeat(4001));
});

test('the dispatch data is kept beside what upstream reads', () => {
  const payload = {
    ...bulkyPullRequest('x'),
    inputs: { target: 'staging', notes: 'n'.repeat(6000) },
    client_payload: { nested: { list: ['a', 'b'] } },
  };
  const slimmed = JSON.parse(slimEvent(payload).json) as Json;
  assert.deepEqual(slimmed.inputs, { target: 'staging', notes: 'n'.repeat(4001) });
  assert.deepEqual(slimmed.client_payload, payload.client_payload);
});

test('when even what upstream reads is too large, texts are cut further and the loss is said', () => {
  const payload = { ref: 'refs/heads/main', head_commit: { message: 'm'.repeat(100_000) } };
  const slim = slimEvent(payload);
  assert.ok(bytes(slim.json) <= envValueLimitBytes);
  assert.equal((JSON.parse(slim.json) as { head_commit: Json }).head_commit.message, 'm'.repeat(2000));
  assert.match(slim.lossy ?? '', /cut to 2000 characters .* 32768 bytes/);
});

test('a payload that fits no stage is refused with the way out', () => {
  const payload = {
    repository: { full_name: 'a/b' },
    client_payload: { ids: Array.from({ length: 10_000 }, (_, i) => i) },
  };
  assert.throws(() => slimEvent(payload), /too large .* at most 32768 bytes .* prompt input/);
});

test('eventEnv: the name, the slimmed payload and the prompt input, for the entry', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'event-payload-'));
  try {
    const file = path.join(dir, 'event.json');
    fs.writeFileSync(file, JSON.stringify(bulkyPullRequest('hello')));
    const warnings: string[] = [];
    const env = eventEnv({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: file }, undefined, (m) =>
      warnings.push(m),
    );
    assert.deepEqual(Object.keys(env), ['AL_EVENT_NAME', 'AL_EVENT']);
    assert.equal(env.AL_EVENT_NAME, 'pull_request');
    assert.equal((JSON.parse(env.AL_EVENT!) as { pull_request: Json }).pull_request.body, 'hello');
    assert.equal(warnings.length, 0);

    fs.writeFileSync(file, JSON.stringify({ head_commit: { message: 'm'.repeat(50_000) } }));
    const given = eventEnv({ GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: file }, 'Do it', (m) =>
      warnings.push(m),
    );
    assert.equal(given.AL_PROMPT, 'Do it');
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /^The push event's payload: its texts were cut/);
    // No event file (a local run): an empty payload.
    assert.equal(eventEnv({}, undefined, () => {}).AL_EVENT, '{}');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
