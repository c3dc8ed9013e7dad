import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
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
    scale: { agent: 1, agentSource: "Action Llama's default (no scale in config.toml)" },
  });
});

test('an empty config has no credentials, timeout or Dockerfile', () => {
  assert.deepEqual(readAgentConfig(root, 'bare'), {
    file: path.join(root, 'agents/bare/config.toml'),
    credentials: [],
    timeout: undefined,
    dockerfile: undefined,
    scale: { agent: 1, agentSource: "Action Llama's default (no scale in config.toml)" },
  });
  assert.equal(readAgentConfig(root, 'text-timeout')?.timeout, '1h30m');
});

test('an agent directory without config.toml still gives its Dockerfile', () => {
  const config = readAgentConfig(root, 'no-config');
  assert.deepEqual(config?.credentials, []);
  assert.equal(config?.timeout, undefined);
  assert.equal(config?.scale, undefined, 'no config.toml: no scale applies');
});

describe('scale, as upstream reads it', () => {
  test("the agent's own, else defaultAgentScale, else 1; 0 is kept (a disabled agent)", (t) => {
    t.after(() => fs.rmSync(path.join(root, 'config.toml'), { force: true }));
    write('agents/scale-two/config.toml', 'scale = 2\n');
    write('agents/scale-zero/config.toml', 'scale = 0\n');
    assert.deepEqual(readAgentConfig(root, 'scale-two')?.scale, {
      agent: 2,
      agentSource: 'agents/scale-two/config.toml: "scale"',
    });
    assert.equal(readAgentConfig(root, 'scale-zero')?.scale?.agent, 0);
    write('config.toml', 'defaultAgentScale = 5\n');
    assert.deepEqual(readAgentConfig(root, 'bare')?.scale, {
      agent: 5,
      agentSource: 'config.toml: "defaultAgentScale"',
    });
    assert.equal(readAgentConfig(root, 'scale-two')?.scale?.agent, 2);
  });

  test("the project's scale caps all its agents together; without it, no cap", (t) => {
    t.after(() => fs.rmSync(path.join(root, 'config.toml'), { force: true }));
    assert.equal(readAgentConfig(root, 'bare')?.scale?.project, undefined);
    write('config.toml', 'scale = 4\n');
    assert.deepEqual(readAgentConfig(root, 'bare')?.scale, {
      agent: 1,
      agentSource: "Action Llama's default (no scale in config.toml)",
      project: 4,
      projectSource: 'config.toml: "scale"',
    });
  });

  test('a value that is not a whole number (or a project scale of 0) names its file and the fix', (t) => {
    t.after(() => fs.rmSync(path.join(root, 'config.toml'), { force: true }));
    for (const [agentToml, rootToml, message] of [
      ['scale = 1.5', '', /agents\/s\/config.toml: "scale" must be a whole number of at least 0 .*got 1.5/],
      ['scale = "2"', '', /got "2"/],
      ['scale = -1', '', /at least 0/],
      ['', 'defaultAgentScale = -2', /config.toml: "defaultAgentScale" must be a whole number of at least 0/],
      ['', 'scale = 0', /config.toml: "scale" must be a whole number of at least 1/],
      ['', 'scale = [', /config.toml is not valid TOML/],
    ] as const) {
      write('agents/s/config.toml', `${agentToml}\n`);
      write('config.toml', `${rootToml}\n`);
      assert.throws(() => readAgentConfig(root, 's'), message);
    }
  });
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
