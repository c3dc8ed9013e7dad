// The comment on the pull request or issue (`comment: true`), end to end: the bundled action
// against the emulator and the fake GitHub API (test/infra/github-api.ts), started by a
// pull_request event whose payload names the pull request.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { requireDocker } from '../infra/docker.ts';
import { startFakeGitHub, type FakeGitHub } from '../infra/github-api.ts';
import { leftovers, runAgent, startFixture, type Fixture } from './fixtures.ts';

const token = 'ghs_commentE2eToken0123456789abcdef';
const repo = 'octo-org/octo-repo';
const marker = '<!-- cloud-run-agent:e2e-agent -->';

describe('the comment on the pull request', { concurrency: false }, () => {
  let fixture: Fixture;
  let github: FakeGitHub;
  before(async () => {
    if (await requireDocker()) return;
    fixture = await startFixture();
    github = await startFakeGitHub(token);
  });
  after(async () => {
    await github?.stop();
    await fixture?.emulator.stop();
  });

  let pr = 100;
  const runOnPullRequest = (number: number, env: string, extra: Parameters<typeof runAgent>[1] = {}) =>
    runAgent(fixture, {
      githubToken: token,
      // A pull request of the repository itself (not a fork), so no write-access check is asked.
      event: {
        name: 'pull_request',
        payload: {
          action: 'opened',
          number,
          pull_request: {
            number,
            head: { repo: { full_name: 'octo-org/octo-repo' } },
            base: { repo: { full_name: 'octo-org/octo-repo' } },
          },
        },
      },
      inputs: { comment: 'true', env },
      env: { GITHUB_API_URL: github.url, GITHUB_GRAPHQL_URL: `${github.url}/graphql` },
      ...extra,
    });
  const ours = (number: number) =>
    github.comments.list(repo, number).filter((c) => c.user.login === 'github-actions[bot]');
  const writes = (number: number) =>
    github.requests.filter(
      (r) =>
        (r.method === 'POST' && r.path === `/repos/${repo}/issues/${number}/comments`) ||
        (r.method === 'PATCH' && r.path.startsWith(`/repos/${repo}/issues/comments/`)),
    );

  test('created once with "running", updated with the outcome, and updated again by a re-run', async (t) => {
    if (await requireDocker(t)) return;
    const number = ++pr;
    // Someone imitating the marker, and a busy thread: neither is ever taken for the agent's comment.
    github.comments.add(repo, number, 'mallory', `${marker}\nnot the agent's`);
    for (let i = 0; i < 120; i++) github.comments.add(repo, number, 'someone', `comment ${i}`);

    const first = await runOnPullRequest(number, 'AGENT_RESULT=first answer');
    assert.equal(first.main.conclusion, 'success', first.main.log.join('\n'));
    assert.equal(ours(number).length, 1);
    const comment = ours(number)[0]!;
    assert.equal(comment.body.split('\n')[0], marker);
    assert.match(comment.body, /### ✅ Agent `e2e-agent` succeeded/);
    assert.match(comment.body, /\| Exit code \| 0 \|/);
    assert.match(comment.body, /\| Cloud Run cost \| \$\d+\.\d{6} \(compute, estimated\) \|/);
    assert.doesNotMatch(comment.body, /Model usage/, 'an image of its own reports no model usage');
    assert.match(comment.body, /```text\nfirst answer\n```/);
    assert.match(comment.body, /\[Logs\]\(https:\/\/console\.cloud\.google\.com\/logs\/query;/);
    assert.match(
      comment.body,
      new RegExp(`\\[Workflow run\\]\\(https://github\\.com/${repo}/actions/runs/\\d+\\)`),
    );
    // "running" first (a create), then the outcome (an update of the same comment).
    assert.deepEqual(
      writes(number).map((r) => r.method),
      ['POST', 'PATCH'],
    );
    assert.equal(
      github.comments.list(repo, number).find((c) => c.user.login === 'mallory')!.body,
      `${marker}\nnot the agent's`,
    );

    const rerun = await runOnPullRequest(number, 'AGENT_RESULT=second answer\nAGENT_EXIT=3');
    assert.equal(rerun.main.conclusion, 'failure');
    assert.equal(ours(number).length, 1, 'the re-run added a comment');
    assert.equal(ours(number)[0]!.id, comment.id);
    assert.match(ours(number)[0]!.body, /### ❌ Agent `e2e-agent` failed/);
    assert.match(ours(number)[0]!.body, /\| Exit code \| 3 \|/);
    assert.match(ours(number)[0]!.body, /second answer/);
    assert.ok(!ours(number)[0]!.body.includes('first answer'));
    assert.deepEqual(
      writes(number).map((r) => r.method),
      ['POST', 'PATCH', 'PATCH', 'PATCH'],
    );
    assert.ok(github.requests.every((r) => r.authorized));
    assert.equal(leftovers(fixture.emulator).jobs, 0);
  });

  test('a hostile 100 KB return value is fenced, cut to the limit, and pings nobody', async (t) => {
    if (await requireDocker(t)) return;
    const number = ++pr;
    // The signal-result line written directly: 100 KB after mentions, a closing fence, a fake marker.
    const script =
      'AGENT_SCRIPT=big=$(head -c 100000 /dev/zero | tr "\\0" x); printf \'{"_log":true,"level":"info","msg":"signal-result","type":"return","value":"@octocat @octo-org/security\\\\n````\\\\n<!-- cloud-run-agent:other -->\\\\nfixes #1\\\\n%s","ts":1}\\n\' "$big"';
    const result = await runOnPullRequest(number, script);
    assert.equal(result.main.conclusion, 'success', result.main.log.join('\n'));
    assert.ok((result.outputs.result ?? '').length > 100_000, 'the return value did not arrive whole');
    assert.equal(ours(number).length, 1);
    const body = ours(number)[0]!.body;
    assert.ok(body.length <= 65_536, `${body.length} characters`);
    const lines = body.split('\n');
    const open = lines.findIndex((l) => /^`{5,}text$/.test(l));
    assert.ok(open > 0, body.slice(0, 2000));
    const fence = lines[open]!.slice(0, -4);
    const close = lines.findIndex(
      (l, i) => i > open && new RegExp(`^ {0,3}\`{${fence.length},}\\s*$`).test(l),
    );
    assert.ok(close > open, 'the block is never closed');
    const outside = [...lines.slice(0, open), ...lines.slice(close + 1)].join('\n');
    assert.ok(!/@octo|fixes #1|cloud-run-agent:other/.test(outside), outside);
    assert.ok(lines.slice(open + 1, close).includes('@octocat @octo-org/security'));
    assert.match(outside, /cut to \d+ of \d+ characters; the \[logs\]\(https:\/\/console/);
  });

  test('a token that may not comment: one warning, and the run still succeeds', async (t) => {
    if (await requireDocker(t)) return;
    const number = ++pr;
    github.comments.access = 'read';
    try {
      const result = await runOnPullRequest(number, 'AGENT_RESULT=fine');
      assert.equal(result.main.conclusion, 'success', result.main.log.join('\n'));
      assert.equal(result.outputs.status, 'succeeded');
      const warnings = result.main.annotations.filter((a) => a.type === 'warning');
      assert.equal(warnings.length, 1, JSON.stringify(warnings));
      assert.match(
        warnings[0]!.message,
        /Could not comment on #\d+: GitHub answered 403 \(Resource not accessible by integration\)/,
      );
      assert.equal(github.comments.list(repo, number).length, 0);
      assert.equal(result.post?.conclusion, 'success');
    } finally {
      github.comments.access = 'write';
    }
  });

  test('a cancelled run: post marks the comment stopped', async (t) => {
    if (await requireDocker(t)) return;
    const number = ++pr;
    const result = await runOnPullRequest(number, 'AGENT_SLEEP=60', {
      signal: { poll: () => ours(number).length > 0 },
    });
    assert.equal(result.main.conclusion, 'cancelled');
    assert.equal(ours(number).length, 1);
    assert.match(ours(number)[0]!.body, /stopped before it reported its outcome/);
    assert.equal(result.post?.conclusion, 'success', result.post?.log.join('\n'));
  });
});
