import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { readAgentConfig } from '../../../src/project/config.ts';

let root = '';
const write = (relative: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
  fs.writeFileSync(path.join(root, relative), text);
};
before(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-config-test-'));
  write(
    'agents/reviewer/config.toml',
    'credentials = ["github_token", "git_ssh:botty"]\nschedule = "*/5 * * * *"\ntimeout = 900\nmodels = ["sonnet"]\n',
  );
  write('agents/reviewer/Dockerfile', 'FROM base\n');
  write('agents/bare/config.toml', '');
  write('agents/text-timeout/config.toml', 'timeout = "1h30m"\n');
  write('agents/no-config/SKILL.md', '---\n---\n');
  write('agents/bad-list/config.toml', 'credentials = ["a", 1]\n');
  write('agents/bad-timeout/config.toml', 'timeout = [1]\n');
  write('agents/bad-toml/config.toml', 'timeout = \n');
  write('outside/config.toml', 'credentials = ["stolen"]\n');
});
after(() => fs.rmSync(root, { recursive: true, force: true }));

test('credentials, timeout and the agent Dockerfile', () => {
  assert.deepEqual(readAgentConfig(root, 'reviewer'), {
    file: path.join(root, 'agents/reviewer/config.toml'),
    credentials: ['github_token', 'git_ssh:botty'],
    timeout: 900,
    dockerfile: path.join(root, 'agents/reviewer/Dockerfile'),
  });
});

test('an empty config has no credentials, timeout or Dockerfile', () => {
  assert.deepEqual(readAgentConfig(root, 'bare'), {
    file: path.join(root, 'agents/bare/config.toml'),
    credentials: [],
    timeout: undefined,
    dockerfile: undefined,
  });
  assert.equal(readAgentConfig(root, 'text-timeout')?.timeout, '1h30m');
});

test('an agent directory without config.toml still gives its Dockerfile', () => {
  const config = readAgentConfig(root, 'no-config');
  assert.deepEqual(config?.credentials, []);
  assert.equal(config?.timeout, undefined);
});

test('no agent directory, or a name that is not a plain directory name: undefined', () => {
  for (const agent of [
    'missing',
    '../outside',
    '..',
    'a/../../outside',
    '.hidden',
    'PR Reviewer',
    '日本語',
    '',
  ]) {
    assert.equal(readAgentConfig(root, agent), undefined, agent);
  }
});

test('bad configs are errors naming the file', () => {
  const file = (agent: string) => path.join(root, 'agents', agent, 'config.toml');
  assert.throws(() => readAgentConfig(root, 'bad-list'), {
    message: `${file('bad-list')}: "credentials" must be a list of strings such as ["github_token", "git_ssh:botty"]`,
  });
  assert.throws(() => readAgentConfig(root, 'bad-timeout'), {
    message: `${file('bad-timeout')}: "timeout" must be a number of seconds or a duration such as "30m"`,
  });
  assert.throws(
    () => readAgentConfig(root, 'bad-toml'),
    (error: Error) => {
      assert.match(
        error.message,
        new RegExp(
          `^${file('bad-toml').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not valid TOML: Invalid TOML document: `,
        ),
      );
      assert.doesNotMatch(error.message, /\n/);
      return true;
    },
  );
});
