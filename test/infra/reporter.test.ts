// npm test's reporter: the spec reporter's output, then one line when no Docker engine answered.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';

const here = import.meta.dirname;

/** Runs `node --test` with the reporter over one file whose tests ask for Docker at a dead socket. */
async function runWithoutDocker(env: Record<string, string>) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cra-reporter-'));
  const file = path.join(dir, 'needs-docker.test.ts');
  await fs.writeFile(
    file,
    `import { describe, test } from 'node:test';
import { requireDocker } from ${JSON.stringify(path.join(here, 'docker.ts'))};
test('plain', () => {});
test('needs docker', async (t) => { if (await requireDocker(t)) return; });
test('needs docker too', { skip: await requireDocker().catch(() => false) }, () => {});
describe('a suite that needs docker', { skip: await requireDocker().catch(() => false) }, () => { test('inner', () => {}); });
test('skipped for another reason', { skip: 'not today' }, () => {});
`,
  );
  try {
    const result = await promisify(execFile)(
      process.execPath,
      ['--test', `--test-reporter=${path.join(here, 'reporter.ts')}`, file],
      { env: { PATH: process.env.PATH ?? '', DOCKER_HOST: `unix://${dir}/no.sock`, ...env } },
    ).catch((error: { stdout: string; code: number }) => error);
    return { ...result, dir };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

test('without an engine: the last line counts the skips and says how to start one', async () => {
  const { stdout, dir } = await runWithoutDocker({});
  assert.match(stdout, /ℹ skipped 3/, 'the spec reporter is there');
  assert.equal(
    stdout.trim().split('\n').at(-1),
    `⚠ 2 tests and 1 suite skipped: no Docker engine answers at unix://${dir}/no.sock. ` +
      'Start one as root with: eval "$(scripts/docker-up.sh)", or run scripts/test.sh, which installs and starts what the tests need.',
  );
});

test('under CI=true a missing engine is a failure, and the line says so', async () => {
  const { stdout } = await runWithoutDocker({ CI: 'true' });
  assert.match(stdout, /ℹ fail [1-9]/);
  assert.match(
    stdout.trim().split('\n').at(-1)!,
    /^⚠ Tests failed because no Docker engine answers at .*under CI=true/,
  );
});
