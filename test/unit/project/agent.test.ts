// Reading an Action Llama project as upstream 0.29 does: models' keys, the timeout, Dockerfiles.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { isProjectAgent, readProject } from '../../../src/project/agent.ts';

function projectWith(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cra-project-unit-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

const root =
  '[models.sonnet]\nprovider = "anthropic"\nmodel = "claude"\n[models.local]\nprovider = "ollama"\nmodel = "x"\nauthType = "pi_auth"\n';

test('the example project: its agents, their credentials and the models’ keys', () => {
  const dir = path.resolve(import.meta.dirname, '../../../examples/project');
  assert.ok(isProjectAgent(dir, 'notes'));
  assert.ok(!isProjectAgent(dir, 'missing'));
  assert.ok(!isProjectAgent(dir, '../project'));
  const { project, problems } = readProject(dir, 'notes');
  assert.deepEqual(problems, []);
  assert.deepEqual(project?.credentials, ['github_token', 'git_ssh:botty', 'openai_key']);
  assert.deepEqual(project?.modelKeys, [{ ref: 'openai_key', field: 'token', model: 'gpt4o' }]);
  assert.equal(project?.timeoutSeconds, 900);
});

test('a pi_auth model needs no key; the timeout falls back to [local] as upstream’s does', () => {
  const dir = projectWith({
    'config.toml': `${root}[local]\ntimeout = 120\n`,
    'agents/a/SKILL.md': '# a',
    'agents/a/config.toml': 'models = ["local", "sonnet"]\nschedule = "* * * * *"\n',
  });
  const { project, problems } = readProject(dir, 'a');
  assert.deepEqual(problems, []);
  assert.deepEqual(project?.credentials, ['anthropic_key']);
  assert.equal(project?.timeoutSeconds, 120);
  assert.match(project!.timeoutSource, /\[local\]/);
});

test('what upstream would refuse or misread is a problem naming the file and the fix', () => {
  const dir = projectWith({
    'config.toml': root,
    'agents/a/SKILL.md': '# a',
    'agents/a/config.toml': 'models = ["gpt"]\ntimeout = "30m"\n',
  });
  const { project, problems } = readProject(dir, 'a');
  assert.equal(project, undefined);
  assert.ok(
    problems.some((p) => /model "gpt" is not defined .*defined: sonnet, local/.test(p)),
    problems.join('\n'),
  );
  assert.ok(problems.some((p) => /"schedule" or "webhooks"/.test(p)));
  assert.ok(
    problems.some((p) => /"timeout" must be a number of seconds .*"30m" would end the run at once/.test(p)),
  );
});

test('Dockerfiles as upstream honours them: the root one only with more than FROM', () => {
  const bare = projectWith({
    Dockerfile: '# base\nFROM node:24-slim\n',
    'config.toml': root,
    'agents/a/SKILL.md': '# a',
    'agents/a/Dockerfile': 'FROM x\nRUN true\n',
    'agents/a/config.toml': 'models = ["sonnet"]\nschedule = "* * * * *"\n',
  });
  const read = readProject(bare, 'a').project!;
  assert.equal(read.rootDockerfile, undefined);
  assert.equal(read.agentDockerfile, path.join(bare, 'agents/a/Dockerfile'));
  fs.appendFileSync(path.join(bare, 'Dockerfile'), 'RUN apt-get install -y git\n');
  assert.equal(readProject(bare, 'a').project!.rootDockerfile, path.join(bare, 'Dockerfile'));
});
