// The project's Dockerfiles: the first FROM replaced as upstream does, the context files a build
// reads (only what COPY and ADD name), and a hash that changes with them and with nothing else.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import {
  contextFiles,
  contextSources,
  dockerfileHash,
  readDockerfile,
  replaceFirstFrom,
  stageContext,
} from '../../../src/image/dockerfiles.ts';

function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cra-dockerfiles-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('replaceFirstFrom', () => {
  test('replaces the first FROM only, with or without --platform, keeping the rest', () => {
    const text = '# base\nFROM al-agent:latest AS base\nRUN x\nFROM other\n';
    assert.equal(
      replaceFirstFrom(text, 'reg/img@sha256:1'),
      '# base\nFROM reg/img@sha256:1 AS base\nRUN x\nFROM other\n',
    );
    assert.equal(replaceFirstFrom('from --platform=linux/amd64 al-agent\n', 'x'), 'from x\n');
  });
});

describe('contextSources', () => {
  test('COPY and ADD sources, not their destinations; --chown flags, JSON form, continuation lines', () => {
    const text = [
      'FROM al-agent:latest',
      'COPY --chown=node:node bin/ /usr/local/bin/',
      'ADD ["config dir/a.txt", "b.txt", "/etc/app/"]',
      'COPY scripts/*.sh \\',
      '     /opt/',
    ].join('\n');
    assert.deepEqual(contextSources(text), ['bin', 'config dir/a.txt', 'b.txt', 'scripts/*.sh']);
  });

  test('what reads nothing of the context: another stage, a URL, a heredoc', () => {
    const text =
      'FROM a\nCOPY --from=builder /out /app\nADD https://example.com/x.tgz /x\nCOPY <<EOF /etc/x\nhi\nEOF\n';
    assert.deepEqual(contextSources(text), []);
  });

  test('a variable in a source or a bind mount: the whole context counts', () => {
    assert.equal(contextSources('FROM a\nARG D=x\nCOPY ${D}/f /f\n'), undefined);
    assert.equal(contextSources('FROM a\nRUN --mount=type=bind,source=.,target=/src make\n'), undefined);
  });
});

describe('contextFiles and the hash', () => {
  const files = {
    Dockerfile: 'FROM al-agent:latest\nCOPY bin/ /usr/local/bin/\nCOPY notes-*.md /notes/\n',
    'bin/helper': '#!/bin/sh\necho hi\n',
    'notes-1.md': 'one',
    'notes.md': 'not matched',
    'agents/triage/SKILL.md': 'a skill',
    '.dockerignore': 'secret\n',
    'gha-creds-1234.json': '{"token":"x"}',
  };

  test('only what COPY names, the .dockerignore and the Dockerfile; never the auth credentials file', () => {
    const dir = project(files);
    const dockerfile = readDockerfile(path.join(dir, 'Dockerfile'), dir);
    assert.deepEqual(contextFiles(dockerfile), ['.dockerignore', 'Dockerfile', 'bin/helper', 'notes-1.md']);
    const staged = fs.mkdtempSync(path.join(os.tmpdir(), 'cra-staged-'));
    stageContext(dockerfile, staged);
    assert.equal(fs.readFileSync(path.join(staged, 'bin/helper'), 'utf8'), files['bin/helper']);
    assert.ok(!fs.existsSync(path.join(staged, 'agents')));
  });

  test('the hash changes with a copied file, its mode or the Dockerfile, not with a SKILL.md', () => {
    const dir = project(files);
    const hash = () => dockerfileHash(readDockerfile(path.join(dir, 'Dockerfile'), dir));
    const first = hash();
    fs.writeFileSync(path.join(dir, 'agents/triage/SKILL.md'), 'edited');
    fs.writeFileSync(path.join(dir, 'notes.md'), 'edited too');
    assert.equal(hash(), first);
    fs.chmodSync(path.join(dir, 'bin/helper'), 0o755);
    const executable = hash();
    assert.notEqual(executable, first);
    fs.writeFileSync(path.join(dir, 'notes-1.md'), 'two');
    assert.notEqual(hash(), executable);
  });

  test('COPY . takes the whole context (but the credentials file)', () => {
    const dir = project({ ...files, Dockerfile: 'FROM a\nCOPY . /src\n' });
    const dockerfile = readDockerfile(path.join(dir, 'Dockerfile'), dir);
    assert.ok(contextFiles(dockerfile).includes('agents/triage/SKILL.md'));
    assert.ok(!contextFiles(dockerfile).includes('gha-creds-1234.json'));
  });
});
