import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  existingCredentials,
  oneSecretPerInstance,
  parseExistingSecrets,
} from '../../../src/credentials/existing.ts';
import { isRunSecret } from '../../../src/shared/ownership.ts';

describe('input "secrets"', () => {
  test('every accepted form, a bare name in project_id, latest by default', () => {
    const { fields, problems } = parseExistingSecrets(
      [
        '# model key',
        'anthropic_key/default/token=projects/other/secrets/claude/versions/latest',
        'a/default/x=plain',
        'a/default/y=plain:7, b/i/f=projects/123456/secrets/s_1:2',
        'c/default/k=projects/other/secrets/n',
      ].join('\n'),
      'my-proj',
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(
      fields.map((f) => `${f.type}/${f.instance}/${f.field} ${f.secret} ${f.version}`),
      [
        'anthropic_key/default/token projects/other/secrets/claude latest',
        'a/default/x projects/my-proj/secrets/plain latest',
        'a/default/y projects/my-proj/secrets/plain 7',
        'b/i/f projects/123456/secrets/s_1 2',
        'c/default/k projects/other/secrets/n latest',
      ],
    );
    const grouped = existingCredentials(fields);
    assert.deepEqual(
      grouped.map((c) => [c.type, c.instance, c.secret, [...c.versions]]),
      [
        ['anthropic_key', 'default', 'projects/other/secrets/claude', [['token', 'latest']]],
        [
          'a',
          'default',
          'projects/my-proj/secrets/plain',
          [
            ['x', 'latest'],
            ['y', '7'],
          ],
        ],
        ['b', 'i', 'projects/123456/secrets/s_1', [['f', '2']]],
        ['c', 'default', 'projects/other/secrets/n', [['k', 'latest']]],
      ],
    );
  });

  for (const [line, pattern] of [
    [
      'anthropic_key/token=s',
      /"anthropic_key\/token" is not a credential field.*<type>\/<instance>\/<field>/,
    ],
    ['a/b/c', /"a\/b\/c" is not KEY=VALUE/],
    ['a/b/c=s:0', /"s:0" \(for a\/b\/c\) is not a secret version.*latest/],
    ['a/b/c=s:newest', /is not a secret version/],
    ['a/b/c=projects/p/secrets/s/versions/', /is not a secret version/],
    ['a/b/c=projects/P/secrets/s', /is not a secret version/],
    ['a/b/c=bad.name', /is not a secret version/],
    ['a/b/c=', /is not a secret version/],
  ] as const) {
    test(`refused before any call: ${line}`, () => {
      const { problems } = parseExistingSecrets(line, 'p');
      assert.equal(problems.length, 1, problems.join('\n'));
      assert.match(problems[0]!, /^Input "secrets": /);
      assert.match(problems[0]!, pattern);
    });
  }

  test('a bare name and the full name of one secret are one secret', () => {
    const { fields } = parseExistingSecrets('a/b/c=s1:1\na/b/d=projects/p/secrets/s1', 'p');
    assert.deepEqual(oneSecretPerInstance(fields), []);
  });

  test('a field twice, and an instance from two secrets, are refused', () => {
    assert.match(
      parseExistingSecrets('a/b/c=s1\na/b/c=s1:2', 'p').problems.join('\n'),
      /a\/b\/c is given twice/,
    );
    assert.match(
      oneSecretPerInstance(parseExistingSecrets('a/b/c=s1\na/b/d=s2', 'p').fields).join('\n'),
      /fields of a:b come from 2 secrets.*one secret per directory/,
    );
  });
});

describe('isRunSecret: what reap may delete', () => {
  const labels = { 'managed-by': 'cloud-run-agent', 'al-job': 'al-nightly-12-1-ab12' };
  test('a secret a run made', () => {
    assert.equal(
      isRunSecret({ name: 'projects/p/secrets/al-nightly-12-1-ab12-c1-github-token-default', labels }),
      true,
    );
  });
  test("a user's secret, even labelled by hand, never", () => {
    assert.equal(isRunSecret({ name: 'projects/p/secrets/anthropic-key', labels }), false);
    assert.equal(isRunSecret({ name: 'projects/p/secrets/al-nightly-12-1-ab12', labels }), false);
    assert.equal(isRunSecret({ name: 'projects/p/secrets/al-nightly-12-1-ab12-cx-a', labels }), false);
    assert.equal(
      isRunSecret({
        name: 'projects/p/secrets/al-nightly-12-1-ab12-c1-a',
        labels: { 'al-job': labels['al-job'] },
      }),
      false,
    );
    assert.equal(
      isRunSecret({ name: 'projects/p/secrets/x-c1-a', labels: { ...labels, 'al-job': 'x' } }),
      false,
    );
  });
});
