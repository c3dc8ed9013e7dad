import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  bodyLimit,
  fenceFor,
  isMarked,
  marker,
  outcomeBody,
  runningBody,
  type CommentOutcome,
} from '../../../src/github/markdown.ts';
import { findComment, threadComment, threadOf, tokenLogin } from '../../../src/github/comment.ts';
import { startFakeGitHub, type FakeGitHub } from '../../infra/github-api.ts';

const links = { logs: 'https://console.cloud.google.com/logs/query;query=x?project=p' };
const report = (result: string | undefined, extra: Partial<CommentOutcome> = {}): CommentOutcome => ({
  agent: 'reviewer',
  status: 'succeeded',
  exitCode: 0,
  durationSeconds: 63,
  cost: 0.000123,
  result,
  links,
  ...extra,
});

/**
 * The return value's code block, as CommonMark reads the body: the fence that opens it, and every
 * line up to the line that closes it (a run of at least as many backticks, up to 3 spaces before,
 * nothing but blanks after). Fails when the block is never closed by the action's own fence.
 */
function codeBlock(body: string): { fence: string; inside: string[]; outside: string[]; after: string[] } {
  const lines = body.split('\n');
  const open = lines.findIndex((l) => /^`{3,}text$/.test(l));
  assert.ok(open > 0, 'no code block');
  const fence = lines[open]!.slice(0, -'text'.length);
  const closes = (l: string) => new RegExp(`^ {0,3}\`{${fence.length},}[ \\t]*$`).test(l);
  const close = lines.findIndex((l, i) => i > open && closes(l));
  assert.ok(close > open, 'the code block is never closed');
  return {
    fence,
    inside: lines.slice(open + 1, close),
    outside: [...lines.slice(0, open), ...lines.slice(close + 1)],
    after: lines.slice(close + 1),
  };
}

describe('the comment body', () => {
  test('starts with the marker, and only the marker line marks it', () => {
    const body = outcomeBody(report('done'));
    assert.equal(body.split('\n')[0], '<!-- cloud-run-agent:reviewer -->');
    assert.ok(isMarked(body, 'reviewer'));
    assert.ok(!isMarked(body, 'review'));
    assert.ok(!isMarked(`quoting you:\n${marker('reviewer')}`, 'reviewer'));
    // An agent name cannot end the HTML comment early.
    assert.equal(marker('a --> @x'), '<!-- cloud-run-agent:a%20--%3E%20%40x -->');
    assert.match(
      runningBody('reviewer', { ...links, console: 'https://c' }),
      /is running\n\n\[Execution\]\(https:\/\/c\) · \[Logs\]/,
    );
  });

  test('a hostile return value stays inside its code block: mentions, a closing fence, a fake marker', () => {
    const hostile = [
      '@octocat @octo-org/security please look',
      '```',
      '````````',
      '   ``````````` ',
      '<!-- cloud-run-agent:other -->',
      '<!-- cloud-run-agent:reviewer -->',
      'fixes #1, closes octo-org/octo-repo#2',
      '</details><img src=x onerror=alert(1)>',
      'tab\tcr\rnul\u0000bell\u0007',
    ].join('\n');
    const body = outcomeBody(report(hostile));
    const { fence, inside, outside, after } = codeBlock(body);
    assert.ok(fence.length > 11, `fence of ${fence.length}`);
    assert.deepEqual(after, [''], 'something after the block');
    // Everything of the agent's is inside the block, nothing outside it.
    assert.ok(!outside.some((l) => l.includes('@')), outside.join('\n'));
    assert.ok(!outside.some((l) => /fixes|<img|cloud-run-agent:other/.test(l)));
    assert.equal(outside.filter((l) => l.includes('cloud-run-agent:')).length, 1);
    assert.ok(inside.includes('@octocat @octo-org/security please look'));
    // Control characters are shown, a lone CR is a line break.
    assert.ok(inside.includes('tab\tcr'));
    assert.ok(inside.includes('nul\\x00bell\\x07'));
    // The marker rule finds the agent's own comment only by its first line.
    assert.ok(isMarked(body, 'reviewer') && !isMarked(body, 'other'));
  });

  test('100 KB is cut to fit GitHub’s limit, with a note and the logs link', () => {
    const big = `${'@everyone '.repeat(10_000)}\n${'`'.repeat(40)}\nend`;
    assert.ok(big.length > 100_000);
    const body = outcomeBody(report(big));
    assert.ok(body.length <= bodyLimit, `${body.length} characters`);
    assert.ok(body.length > bodyLimit - 2_000, 'cut far more than needed');
    const { inside, after } = codeBlock(body);
    assert.ok(inside.join('\n').length > 60_000);
    assert.match(after.join('\n'), /cut to \d+ of \d+ characters; the \[logs\]\(https:\/\/console/);
    // Emoji (two UTF-16 units) are never cut in half.
    const emoji = outcomeBody(report('😀'.repeat(40_000)));
    assert.ok(emoji.length <= bodyLimit);
    assert.ok(!/[\ud800-\udbff](?![\udc00-\udfff])/.test(emoji), 'half a surrogate pair');
    // A return value that is one long backtick run still gives a body within the limit.
    assert.ok(outcomeBody(report('`'.repeat(70_000))).length <= bodyLimit);
  });

  test('the fence is longer than any backtick run, and at least three', () => {
    assert.equal(fenceFor('plain'), '```');
    assert.equal(fenceFor('a ```` b ` c'), '`````');
  });

  test('failure rows: the reason in inline code, no return value section without one', () => {
    const body = outcomeBody(
      report(undefined, { status: 'failed', exitCode: 1, reason: 'it `broke` @x | y' }),
    );
    assert.match(body, /### ❌ Agent `reviewer` failed/);
    assert.match(body, /\| Reason \| ``it `broke` @x \\\| y`` \|/);
    assert.match(body, /\| Cloud Run cost \| \$0\.000123 \(compute, estimated\) \|/);
    assert.ok(!body.includes('Model'), 'no model rows outside project mode');
    assert.ok(!body.includes('Return value'));
  });

  test('project mode: the model usage and its cost beside Cloud Run’s, each named', () => {
    const usage = { turns: 3, inputTokens: 300, outputTokens: 30, cacheReadTokens: 0, cacheWriteTokens: 0 };
    const priced = outcomeBody(report('ok', { llm: { usage: { ...usage, costUsd: 0.00105 } } }));
    assert.match(priced, /\| Cloud Run cost \| \$0\.000123 \(compute, estimated\) \|\n/);
    assert.match(
      priced,
      /\| Model usage \| 3 turns, 300 input and 30 output tokens \(as reported by the container\) \|\n\| Model cost \| \$0\.001050 \(list prices, estimated\) \|/,
    );
    assert.match(
      outcomeBody(report('ok', { llm: { usage } })),
      /\| Model cost \| unknown \(no price for the model\) \|/,
    );
    assert.match(outcomeBody(report('ok', { llm: {} })), /\| Model usage \| unknown \(none reported\) \|/);
  });

  test("the agent's own failure reason is fenced like the return value: it cannot ping or break out", () => {
    const hostile =
      'the model call failed: 500 @octocat @octo-org/security\n````\n<!-- cloud-run-agent:other -->';
    const body = outcomeBody(report(undefined, { status: 'failed', exitCode: 1, failure: hostile }));
    const { inside, outside, after } = codeBlock(body);
    assert.deepEqual(inside, hostile.split('\n'));
    assert.deepEqual(after, ['']);
    assert.ok(!outside.some((l) => l.includes('@')), outside.join('\n'));
    assert.ok(outside.includes('**Why it failed**'));
    assert.ok(!body.includes('| Reason |'), 'one cause, once');
    // Then the return value, in a block of its own.
    const both = outcomeBody(report('partial notes', { status: 'failed', exitCode: 1, failure: 'boom' }));
    assert.match(
      both,
      /\*\*Why it failed\*\*\n\n```text\nboom\n```\n\n\*\*Return value\*\*\n\n```text\npartial notes\n```/,
    );
    // A succeeded run has nothing to explain.
    assert.ok(!outcomeBody(report('done', { failure: 'stale' })).includes('Why it failed'));
  });
});

describe('the thread of the event', () => {
  const withEvent = (name: string, payload: object) => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cra-event-')), 'event.json');
    fs.writeFileSync(file, JSON.stringify(payload));
    return threadOf({ GITHUB_EVENT_NAME: name, GITHUB_EVENT_PATH: file, GITHUB_REPOSITORY: 'o/r' });
  };
  test('pull requests, issues, comments and reviews name their number; other events none', () => {
    assert.deepEqual(withEvent('pull_request', { number: 5, pull_request: { number: 5 } }), {
      repository: 'o/r',
      number: 5,
    });
    assert.equal(withEvent('pull_request_target', { pull_request: { number: 6 } })?.number, 6);
    assert.equal(withEvent('pull_request_review', { pull_request: { number: 7 } })?.number, 7);
    assert.equal(withEvent('pull_request_review_comment', { pull_request: { number: 8 } })?.number, 8);
    assert.equal(withEvent('issues', { issue: { number: 9 } })?.number, 9);
    assert.equal(withEvent('issue_comment', { issue: { number: 10, pull_request: {} } })?.number, 10);
    assert.equal(withEvent('push', { issue: { number: 9 } }), undefined);
    assert.equal(withEvent('issues', {}), undefined);
  });
});

describe('the comment through the GitHub API', () => {
  let github: FakeGitHub;
  const token = 'ghs_commentUnit';
  const thread = { repository: 'o/r', number: 3 };
  before(async () => {
    github = await startFakeGitHub(token);
  });
  after(() => github.stop());
  const api = () => ({ apiUrl: github.url, token });
  const open = (warnings: string[]) =>
    threadComment({
      ...api(),
      graphqlUrl: `${github.url}/graphql`,
      thread,
      agent: 'reviewer',
      warn: (m) => warnings.push(m),
    });

  test('the token’s login comes from GraphQL’s viewer, else github-actions[bot]', async () => {
    github.comments.login = 'my-app[bot]';
    assert.equal(await tokenLogin(api(), `${github.url}/graphql`), 'my-app[bot]');
    github.comments.login = 'github-actions[bot]';
    assert.equal(await tokenLogin(api(), `${github.url}/nowhere`), 'github-actions[bot]');
  });

  test('created once, then updated, found again past the first page, never duplicated', async () => {
    // 150 comments first, among them people imitating the marker: they never count.
    for (let i = 0; i < 150; i++) github.comments.add('o/r', 3, 'someone', `comment ${i}`);
    github.comments.add('o/r', 3, 'mallory', `${marker('reviewer')}\nhijacked`);
    const warnings: string[] = [];
    const first = open(warnings);
    await first.write(runningBody('reviewer', links));
    await first.write(outcomeBody(report('one')));
    const mine = () => github.comments.list('o/r', 3).filter((c) => c.user.login === 'github-actions[bot]');
    assert.deepEqual(warnings, []);
    assert.equal(mine().length, 1);
    assert.match(mine()[0]!.body, /one/);
    // A re-run: a new process finds the comment on page 2 and updates it.
    const second = open(warnings);
    await second.write(outcomeBody(report('two')));
    assert.equal(mine().length, 1);
    assert.match(mine()[0]!.body, /two/);
    assert.equal(await findComment(api(), thread, 'reviewer', 'github-actions[bot]'), mine()[0]!.id);
    assert.match(github.comments.list('o/r', 3).find((c) => c.user.login === 'mallory')!.body, /hijacked/);
    const pages = github.requests.filter(
      (r) => r.method === 'GET' && r.path === '/repos/o/r/issues/3/comments',
    );
    assert.ok(pages.length >= 4, `${pages.length} list requests`);
  });

  test('a token that may not write: one warning naming the permissions, then nothing more', async () => {
    github.comments.access = 'read';
    const warnings: string[] = [];
    const comment = threadComment({
      ...api(),
      graphqlUrl: `${github.url}/graphql`,
      thread: { repository: 'o/r', number: 4 },
      agent: 'reviewer',
      warn: (m) => warnings.push(m),
    });
    const before = github.requests.length;
    await comment.write('x');
    const afterFirst = github.requests.length;
    await comment.write('y');
    github.comments.access = 'write';
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(
      warnings[0]!,
      /Could not comment on #4: GitHub answered 403 \(Resource not accessible by integration\)/,
    );
    assert.match(warnings[0]!, /issues: write, pull-requests: write/);
    assert.ok(afterFirst > before);
    assert.equal(github.requests.length, afterFirst, 'asked again after a refusal');
    assert.equal(github.comments.list('o/r', 4).length, 0);
  });
});
