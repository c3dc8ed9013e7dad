import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  executionId,
  jobId,
  labelProblem,
  labelValue,
  maxJobIdLength,
  slug,
  startToken,
  startTokenLength,
} from '../../../src/shared/names.ts';

// Cloud Run job ids: https://cloud.google.com/run/docs/reference/rest/v2/projects.locations.jobs/create
const jobIdRule = /^[a-z][a-z0-9-]{0,61}[a-z0-9]$/;
const runKey = '12345678901-1-ab12';

const awkward = [
  'reviewer',
  'Reviewer',
  'PR Reviewer 2000',
  'pr_reviewer',
  'pr.reviewer',
  'pr--reviewer',
  '-reviewer-',
  '___',
  '!!!',
  '---',
  ' ',
  '',
  '日本語のエージェント',
  'agent-日本語',
  'Ünïcödé Àgent',
  'émoji 🚀 agent',
  '🚀',
  'İstanbul',
  'Kelvin\u212A',
  '../../etc/passwd',
  'a/b/c',
  'tab\tand\nnewline',
  'x'.repeat(200),
  'a-'.repeat(100),
  `${'b'.repeat(40)}-${'c'.repeat(40)}`,
  `${'d'.repeat(40)}!${'e'.repeat(40)}`,
  '0123456789',
  'UPPER_CASE_AGENT',
];

describe('slug', () => {
  test('keeps lowercase letters and digits, joins the rest with single hyphens', () => {
    assert.equal(slug('PR Reviewer 2000'), 'pr-reviewer-2000');
    assert.equal(slug('pr__reviewer..v2'), 'pr-reviewer-v2');
    assert.equal(slug('--a--b--'), 'a-b');
    assert.equal(slug('Ünïcödé'), 'n-c-d');
  });
  test('returns an empty string when nothing usable is left', () => {
    assert.equal(slug('日本語'), '');
    assert.equal(slug('!!!'), '');
    assert.equal(slug(''), '');
  });
});

describe('jobId', () => {
  for (const agent of awkward) {
    test(`is a valid Cloud Run job id for ${JSON.stringify(agent.slice(0, 30))}`, () => {
      const id = jobId(agent, runKey);
      assert.ok(id.length <= 57, `${id} is ${id.length} characters`);
      assert.match(id, jobIdRule);
      assert.ok(id.startsWith('al-'), id);
      assert.ok(id.endsWith(`-${runKey}`), id);
    });
  }

  test('exact values', () => {
    assert.equal(jobId('PR Reviewer', runKey), `al-pr-reviewer-${runKey}`);
    assert.equal(jobId('日本語', runKey), `al--${runKey}`);
    assert.equal(jobId('x'.repeat(200), runKey), `al-${'x'.repeat(53 - runKey.length)}-${runKey}`);
  });

  test('a long name is cut to exactly 57 characters, with no hyphen left at the cut', () => {
    assert.equal(maxJobIdLength, 57);
    assert.equal(jobId('x'.repeat(200), runKey).length, 57);
    // The cut falls right after a hyphen: it is dropped rather than doubled.
    const room = 53 - runKey.length;
    const agent = `${'a'.repeat(room - 1)}-bbbb`;
    assert.equal(jobId(agent, runKey), `al-${'a'.repeat(room - 1)}-${runKey}`);
  });

  test('the run key keeps two runs of the same agent apart', () => {
    assert.notEqual(jobId('reviewer', '1-1-aaaa'), jobId('reviewer', '1-1-aaab'));
  });
});

// job.proto, Job.start_execution_token: "The sum of job name and token length must be fewer than 63 characters."
describe('startToken and executionId', () => {
  test('five lowercase letters or digits, different each time', () => {
    const tokens = Array.from({ length: 50 }, () => startToken());
    for (const token of tokens) assert.match(token, /^[a-z0-9]{5}$/);
    assert.equal(startTokenLength, 5);
    assert.ok(new Set(tokens).size > 45, 'random');
  });

  test('the longest job id plus a token is fewer than 63 characters; the execution id at most 63', () => {
    const longest = jobId('x'.repeat(200), '99999999999999-99-ffff');
    const token = startToken();
    assert.ok(longest.length + token.length < 63, `${longest.length} + ${token.length}`);
    const execution = executionId(longest, token);
    assert.equal(execution, `${longest}-${token}`);
    assert.ok(execution.length <= 63);
    assert.match(execution, jobIdRule);
  });
});

describe('labelValue', () => {
  test('lowercases and replaces characters labels cannot hold', () => {
    assert.equal(labelValue('Owner/Repo.Name'), 'owner-repo-name');
    assert.equal(labelValue('a_b-c'), 'a_b-c');
    assert.equal(labelValue(''), '');
  });
  test('a value over 63 characters becomes 56 characters, a hyphen and a 6-hex hash', () => {
    const long = 'r'.repeat(100);
    const value = labelValue(long);
    assert.equal(value.length, 63);
    assert.match(value, /^r{56}-[0-9a-f]{6}$/);
    assert.notEqual(labelValue('r'.repeat(99) + 's'), value, 'different texts keep different values');
    assert.equal(labelValue(long), value, 'stable');
  });
  test('exactly 63 characters is kept as it is', () => {
    assert.equal(labelValue('q'.repeat(63)), 'q'.repeat(63));
  });
});

describe('labelProblem', () => {
  test('accepts valid labels', () => {
    assert.equal(labelProblem('team', 'platform'), undefined);
    assert.equal(labelProblem('a', ''), undefined);
    assert.equal(labelProblem('k'.repeat(63), 'v'.repeat(63)), undefined);
  });
  test('rejects bad keys', () => {
    for (const key of ['', 'Team', '1team', '-team', 'team.name', 'k'.repeat(64), 'tëam']) {
      assert.match(labelProblem(key, 'v') ?? '', /^label key ".*" must start with a lowercase letter/, key);
    }
  });
  test('rejects bad values', () => {
    for (const value of ['Platform', 'a b', 'a.b', 'v'.repeat(64)]) {
      assert.equal(
        labelProblem('team', value),
        'label value for "team" must hold at most 63 lowercase letters, digits, "_" or "-"',
        value,
      );
    }
  });
});
