import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { githubRuns } from '../../../src/github/api.ts';
import { currentRun, runAnnotations, runOf } from '../../../src/shared/ownership.ts';
import { startFakeGitHub, type FakeGitHub } from '../../infra/github-api.ts';

describe('ownership annotations', () => {
  test('name the run of this process, and read back only when well-formed', () => {
    const env = { GITHUB_REPOSITORY: 'Octo-Org/octo.repo', GITHUB_RUN_ID: '123', GITHUB_RUN_ATTEMPT: '2' };
    const annotations = runAnnotations(env);
    assert.deepEqual(annotations, {
      'gh-repository': 'Octo-Org/octo.repo',
      'gh-run-id': '123',
      'gh-run-attempt': '2',
    });
    assert.deepEqual(runOf(annotations), { repository: 'Octo-Org/octo.repo', runId: '123', attempt: 2 });
    assert.deepEqual(runAnnotations({}), {});
    assert.equal(currentRun({ GITHUB_REPOSITORY: 'a/b' }), undefined);
    const bads: Record<string, string>[] = [
      { 'gh-repository': 'a/b/../c', 'gh-run-id': '1' },
      { 'gh-repository': 'a', 'gh-run-id': '1' },
      { 'gh-repository': 'a/b', 'gh-run-id': '1?x=1' },
      { 'gh-repository': 'a/b', 'gh-run-id': '1', 'gh-run-attempt': '0' },
    ];
    for (const bad of bads) {
      assert.equal(runOf(bad), undefined, JSON.stringify(bad));
    }
  });
});

describe('githubRuns', () => {
  let github: FakeGitHub;
  before(async () => {
    github = await startFakeGitHub('ghs_unit');
    github.setRun('o/r', '1', { status: 'completed' });
    github.setRun('o/r', '2', { status: 'in_progress' });
    github.setRun('o/r', '3', { status: 'in_progress', run_attempt: 3 });
  });
  after(() => github.stop());

  test('over when completed or on a later attempt; otherwise not, and unknown without an answer', async () => {
    const lookUp = githubRuns({ apiUrl: `${github.url}/`, token: 'ghs_unit' });
    assert.equal((await lookUp({ repository: 'o/r', runId: '1', attempt: 1 })).over, true);
    assert.deepEqual(await lookUp({ repository: 'o/r', runId: '2', attempt: 1 }), {
      over: false,
      known: true,
      why: 'its workflow run is in_progress',
    });
    assert.equal((await lookUp({ repository: 'o/r', runId: '3', attempt: 2 })).over, true);
    assert.equal((await lookUp({ repository: 'o/r', runId: '3', attempt: 3 })).over, false);
    assert.deepEqual(await lookUp({ repository: 'x/y', runId: '9', attempt: 1 }), {
      over: false,
      known: false,
      why: 'GitHub answered 404',
    });
    // One request per run, whatever the number of questions.
    assert.equal(github.requests.filter((r) => r.path === '/repos/o/r/actions/runs/3').length, 1);
    const wrongToken = githubRuns({ apiUrl: github.url, token: 'nope' });
    assert.deepEqual(await wrongToken({ repository: 'o/r', runId: '1', attempt: 1 }), {
      over: false,
      known: false,
      why: 'GitHub answered 401',
    });
  });

  test('a server error is retried, then the run is unknown, never over', async () => {
    let calls = 0;
    const failing = (async () => {
      calls++;
      return new Response('oops', { status: 502 });
    }) as typeof fetch;
    const lookUp = githubRuns({ apiUrl: 'https://api.example', token: 't', fetch: failing });
    const verdict = await lookUp({ repository: 'o/r', runId: '1', attempt: 1 });
    assert.deepEqual(verdict, { over: false, known: false, why: 'GitHub answered 502' });
    assert.equal(calls, 3);
  });
});
