import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  collectCredentials,
  decodeSegment,
  encodeSegment,
  envName,
  maskLines,
  mountPath,
  parseRefs,
  refText,
  type Credential,
} from '../../../src/credentials/env.ts';

const sshKey = [
  '-----BEGIN OPENSSH PRIVATE KEY-----',
  'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW',
  'QyNTUxOQAAACDk1Zk0bX5xMSQbnFQ0kN2vZ2mH8lYQ5bYQm0lXn9fX2wAAAJg3r7nFN6+5',
  '-----END OPENSSH PRIVATE KEY-----',
  '',
].join('\n');

describe('parseRefs', () => {
  test('type and type:instance, separated by commas, spaces or newlines', () => {
    const { refs, problems } = parseRefs(
      ' github_token, git_ssh:botty\nanthropic_key:default  x.y-z:i_1 ',
      'src',
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(refs, [
      { type: 'github_token', instance: 'default' },
      { type: 'git_ssh', instance: 'botty' },
      { type: 'anthropic_key', instance: 'default' },
      { type: 'x.y-z', instance: 'i_1' },
    ]);
  });
  test('duplicates are kept once (type and type:default are the same ref)', () => {
    assert.deepEqual(parseRefs('github_token github_token:default,github_token', 's').refs, [
      { type: 'github_token', instance: 'default' },
    ]);
  });
  test('empty text has no refs and no problems', () => {
    assert.deepEqual(parseRefs('', 's'), { refs: [], problems: [] });
    assert.deepEqual(parseRefs(' ,\n ', 's'), { refs: [], problems: [] });
  });
  for (const bad of [
    'git_ssh:',
    ':botty',
    'a:b:c',
    '-type',
    '.type',
    'ty/pe',
    'type:in/st',
    'type:..',
    'tÿpe',
    'type:_x',
  ]) {
    test(`"${bad}" is a problem naming the source and the form`, () => {
      const { refs, problems } = parseRefs(`github_token ${bad}`, 'Input "credentials"');
      assert.deepEqual(refs, [{ type: 'github_token', instance: 'default' }]);
      assert.deepEqual(problems, [
        `Input "credentials": "${bad}" is not a credential ref. Write type or type:instance, e.g. github_token or git_ssh:botty.`,
      ]);
    });
  }
});

describe('decodeSegment and encodeSegment', () => {
  test('upstream encoding: characters outside [A-Za-z0-9_] as lowercase _xHH', () => {
    assert.equal(encodeSegment('foo-bar.baz'), 'foo_x2dbar_x2ebaz');
    assert.equal(encodeSegment('my-instance'), 'my_x2dinstance');
    assert.equal(encodeSegment('a b/c:d'), 'a_x20b_x2fc_x3ad');
    assert.equal(encodeSegment('under_score'), 'under_score');
    assert.equal(decodeSegment('my_x2dinstance'), 'my-instance');
  });
  test('upper-case hex is not an escape (upstream writes lowercase only)', () => {
    assert.equal(decodeSegment('a_x2Db'), 'a_x2Db');
    assert.equal(decodeSegment('a_X2db'), 'a_X2db');
  });
  for (const segment of [
    'github_token',
    'git-ssh',
    'my.bot-1',
    'a.b.c',
    'A-Z',
    '1-2_3',
    'x~y',
    'trailing-',
  ]) {
    test(`round trip of "${segment}"`, () => {
      const encoded = encodeSegment(segment);
      assert.match(encoded, /^[A-Za-z0-9_]+$/);
      assert.equal(decodeSegment(encoded), segment);
    });
  }
  test('envName encodes each segment and joins with __', () => {
    assert.equal(
      envName({ type: 'git_ssh', instance: 'my-bot' }, 'id_rsa'),
      'AL_SECRET_git_ssh__my_x2dbot__id_rsa',
    );
  });
});

describe('collectCredentials', () => {
  test('multi-line values byte for byte, CRLF preserved, fields grouped per instance, sorted', () => {
    const crlf = 'line one\r\nline two\r\n';
    const env = {
      PATH: '/usr/bin',
      AL_SECRET_git_ssh__botty__id_rsa: sshKey,
      AL_SECRET_git_ssh__botty__username: 'botty',
      AL_SECRET_github_token__default__token: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
      AL_SECRET_weird__my_x2dinst__pem: crlf,
      AL_SECRET_utf8__default__token: 'pässwörd ✓',
    };
    const { credentials, problems } = collectCredentials(env, [{ type: 'git_ssh', instance: 'botty' }]);
    assert.deepEqual(problems, []);
    assert.deepEqual(
      credentials.map((c) => [refText(c), [...c.fields.keys()]]),
      [
        ['git_ssh:botty', ['id_rsa', 'username']],
        ['github_token:default', ['token']],
        ['utf8:default', ['token']],
        ['weird:my-inst', ['pem']],
      ],
    );
    const byRef = new Map(credentials.map((c) => [refText(c), c]));
    assert.deepEqual(byRef.get('git_ssh:botty')!.fields.get('id_rsa'), Buffer.from(sshKey, 'utf8'));
    assert.deepEqual(
      byRef.get('weird:my-inst')!.fields.get('pem'),
      Buffer.from('line one\r\nline two\r\n', 'utf8'),
    );
    assert.deepEqual(
      byRef.get('utf8:default')!.fields.get('token'),
      Buffer.from([0x70, 0xc3, 0xa4, 0x73, 0x73, 0x77, 0xc3, 0xb6, 0x72, 0x64, 0x20, 0xe2, 0x9c, 0x93]),
    );
  });

  test('an empty value is a value problem that mentions forks and never the value', () => {
    const { credentials, problems, valueProblems } = collectCredentials(
      { AL_SECRET_github_token__default__token: '', AL_SECRET_x__default__token: 'kept-value' },
      [],
    );
    assert.deepEqual(credentials.map(refText), ['x:default']);
    assert.deepEqual(problems, []);
    assert.equal(valueProblems.length, 1);
    assert.match(
      valueProblems[0]!,
      /^Credential github_token:default \(field token\): AL_SECRET_github_token__default__token is empty\./,
    );
    assert.match(valueProblems[0]!, /pull requests from forks or for Dependabot/);
    assert.doesNotMatch(valueProblems[0]!, /kept-value/);
  });

  test("empty fields: one problem, each credential with its real fields, the cause once, and no 'not set' for a required one", () => {
    const { valueProblems } = collectCredentials(
      {
        AL_SECRET_git_ssh__botty__username: '',
        AL_SECRET_git_ssh__botty__id_rsa: '',
        AL_SECRET_github_token__default__token: '',
        AL_SECRET_mine__default__blob: '',
      },
      [
        { type: 'git_ssh', instance: 'botty' },
        { type: 'github_token', instance: 'default' },
      ],
    );
    assert.deepEqual(valueProblems, [
      'Credential git_ssh:botty (fields id_rsa, username, email): AL_SECRET_git_ssh__botty__id_rsa and AL_SECRET_git_ssh__botty__username are empty. ' +
        'Credential github_token:default (field token): AL_SECRET_github_token__default__token is empty. ' +
        'Credential mine:default: AL_SECRET_mine__default__blob is empty. ' +
        'GitHub gives no Actions secrets to workflows run for pull requests from forks or for Dependabot; check that the repository secrets exist and that this workflow may read them.',
    ]);
  });

  test('a value over 64 KiB is a problem (without the value); exactly 64 KiB is fine', () => {
    const big = `secret-${'y'.repeat(64 * 1024)}`;
    const exact = 'z'.repeat(64 * 1024);
    const { credentials, valueProblems } = collectCredentials(
      { AL_SECRET_big__default__blob: big, AL_SECRET_ok__default__blob: exact },
      [{ type: 'big', instance: 'default' }],
    );
    assert.deepEqual(credentials.map(refText), ['ok:default']);
    assert.equal(credentials[0]!.fields.get('blob')!.length, 65536);
    // One problem: the required credential is too large, not also "not set".
    assert.equal(valueProblems.length, 1);
    assert.match(
      valueProblems[0]!,
      /^Credential big\/default\/blob \(AL_SECRET_big__default__blob\) is 65543 bytes; Secret Manager holds at most 65536 bytes/,
    );
    assert.match(valueProblems[0]!, /smaller value/);
    assert.ok(!valueProblems[0]!.includes('yyyy'));
  });

  test('the size limit counts UTF-8 bytes, not characters', () => {
    const value = '€'.repeat(22 * 1024); // 3 bytes each: 67,584 bytes in 22,528 characters
    const { valueProblems } = collectCredentials({ AL_SECRET_a__b__c: value }, []);
    assert.equal(valueProblems.length, 1);
    assert.match(valueProblems[0]!, /is 67584 bytes/);
  });

  const malformed = [
    'AL_SECRET_github_token',
    'AL_SECRET_github_token__default',
    'AL_SECRET_a__b__c__d',
    'AL_SECRET___default__token',
    'AL_SECRET_type____token',
    'AL_SECRET_type__default__',
    'AL_SECRET_',
    'AL_SECRET_type__x_x2fy__token',
    'AL_SECRET_type___x2e_x2e__token',
    'AL_SECRET__x2dtype__default__token',
  ];
  for (const name of malformed) {
    test(`malformed name ${name} is a problem naming it and the form`, () => {
      const { credentials, problems, valueProblems } = collectCredentials({ [name]: 'do-not-print-me' }, []);
      assert.deepEqual(credentials, []);
      assert.deepEqual(valueProblems, []);
      assert.deepEqual(problems, [
        `Environment variable ${name} does not name a credential field. Use AL_SECRET_<type>__<instance>__<field>, e.g. AL_SECRET_github_token__default__token.`,
      ]);
    });
  }

  test("a required ref with no field set names its type's real fields and their variables", () => {
    const { problems, valueProblems } = collectCredentials(
      { AL_SECRET_github_token__default__token: 't0ken-value' },
      [
        { type: 'github_token', instance: 'default' },
        { type: 'git_ssh', instance: 'my-bot' },
        { type: 'slack_bot_token', instance: 'default' },
        { type: 'my_api', instance: 'default' },
      ],
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(valueProblems, [
      `Credential git_ssh:my-bot is required but none of its fields (id_rsa, username, email) is set. Add them to the step's env: AL_SECRET_git_ssh__my_x2dbot__id_rsa, AL_SECRET_git_ssh__my_x2dbot__username, AL_SECRET_git_ssh__my_x2dbot__email (e.g. AL_SECRET_git_ssh__my_x2dbot__id_rsa: \${{ secrets.YOUR_SECRET }}), or take them from Secret Manager with the input "secrets", e.g. git_ssh/my-bot/id_rsa=SECRET_NAME:latest.`,
      `Credential slack_bot_token:default is required but AL_SECRET_slack_bot_token__default__token is not set. Add it to the step's env, e.g. AL_SECRET_slack_bot_token__default__token: \${{ secrets.YOUR_SECRET }}, or take it from Secret Manager with the input "secrets", e.g. slack_bot_token/default/token=SECRET_NAME:latest.`,
      // A type upstream does not define: its fields are the agent's own.
      `Credential my_api:default is required but no field of it is set. Add one AL_SECRET_my_api__default__<field> per field the agent reads to the step's env (e.g. AL_SECRET_my_api__default__<field>: \${{ secrets.YOUR_SECRET }}), or take them from Secret Manager with the input "secrets", e.g. my_api/default/<field>=SECRET_NAME:latest.`,
    ]);
    assert.doesNotMatch(valueProblems.join('\n'), /git_ssh__my_x2dbot__token/);
  });

  test('with `only`, the other credentials are left alone: not read, not checked, named once', () => {
    const only = [
      { type: 'git_ssh', instance: 'botty' },
      { type: 'openai_key', instance: 'default' },
    ];
    const { credentials, problems, valueProblems, leftAlone } = collectCredentials(
      {
        AL_SECRET_git_ssh__botty__id_rsa: sshKey,
        AL_SECRET_git_ssh__other__id_rsa: 'another-key',
        AL_SECRET_openai_key__default__token: 'sk-listed',
        AL_SECRET_slack_bot_token__default__token: 'xoxb-unlisted',
        AL_SECRET_sentry_token__default__token: '', // empty, but not the agent's: no problem
        AL_SECRET_a__b__c__d: 'malformed', // no credential at all: still a mistake
      },
      [{ type: 'openai_key', instance: 'default' }],
      [],
      only,
    );
    assert.deepEqual(credentials.map(refText), ['git_ssh:botty', 'openai_key:default']);
    assert.deepEqual(leftAlone, ['git_ssh:other', 'sentry_token:default', 'slack_bot_token:default']);
    assert.deepEqual(valueProblems, []);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /^Environment variable AL_SECRET_a__b__c__d does not name a credential field/);
  });

  test('without `only` (a contract image), every credential of the env is read', () => {
    const { credentials, leftAlone } = collectCredentials(
      { AL_SECRET_git_ssh__botty__id_rsa: sshKey, AL_SECRET_slack_bot_token__default__token: 'xoxb-any' },
      [],
    );
    assert.deepEqual(credentials.map(refText), ['git_ssh:botty', 'slack_bot_token:default']);
    assert.deepEqual(leftAlone, []);
  });

  test('variables outside the prefix are ignored, undefined values skipped', () => {
    const { credentials, problems } = collectCredentials(
      { al_secret_a__b__c: 'x', XAL_SECRET_a__b__c: 'x', AL_SECRET_a__b__c: undefined },
      [],
    );
    assert.deepEqual(credentials, []);
    assert.deepEqual(problems, []);
  });
});

describe('maskLines', () => {
  const credential = (fields: Record<string, string>): Credential => ({
    type: 't',
    instance: 'i',
    fields: new Map(Object.entries(fields).map(([k, v]) => [k, Buffer.from(v)])),
  });

  test('every line of a multi-line key, and the whole value', () => {
    const lines = maskLines([credential({ id_rsa: sshKey })]);
    for (const line of sshKey.split('\n').filter(Boolean)) assert.ok(lines.includes(line), line);
    assert.ok(lines.includes(sshKey.trim()));
    assert.equal(lines.length, 5);
  });

  test('CR, CRLF and LF all split; blank lines skipped; lines trimmed; duplicates once', () => {
    assert.deepEqual(maskLines([credential({ a: 'one\r\ntwo\rthree\n\n  four  \n', b: 'one' })]), [
      'one',
      'two',
      'three',
      'four',
      'one\r\ntwo\rthree\n\n  four',
    ]);
  });

  test('a one-line value is registered once', () => {
    assert.deepEqual(maskLines([credential({ token: 'ghp_abc' })]), ['ghp_abc']);
  });

  test("only secret fields, as upstream marks them: git_ssh's key, not its author name and email", () => {
    const gitSsh: Credential = {
      type: 'git_ssh',
      instance: 'botty',
      fields: new Map([
        ['id_rsa', Buffer.from('key-line-one\nkey-line-two\n')],
        ['username', Buffer.from('botty')],
        ['email', Buffer.from('botty@example.com')],
        ['passphrase', Buffer.from('a field git_ssh does not define')],
      ]),
    };
    assert.deepEqual(maskLines([gitSsh]), [
      'key-line-one',
      'key-line-two',
      'key-line-one\nkey-line-two',
      'a field git_ssh does not define',
    ]);
  });
});

test('mountPath is /credentials/<type>/<instance>', () => {
  assert.equal(mountPath({ type: 'git_ssh', instance: 'botty' }), '/credentials/git_ssh/botty');
});
