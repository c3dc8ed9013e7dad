// The Debian stand-in for node:24-slim (debian-base.ts): pushed by digest with its platform, shaped
// like the real image (dash as sh, bash, no git, curl or jq; root by default; the node user), and
// able to build, without network, a Dockerfile that installs tools with apt-get.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ensureDebianBase } from './debian-base.ts';
import { requireDocker } from './docker.ts';
import { build, registryPlatform, removeImages, run, runBash } from './image-checks.ts';
import { startRegistry, type Registry } from './registry.ts';

let registry: Registry | undefined;
let image = '';
const built: string[] = [];
const skip = await requireDocker();

before(async () => {
  if (skip) return;
  registry = await startRegistry();
  image = await ensureDebianBase(registry.address);
});
after(async () => {
  await removeImages(built);
  await registry?.stop();
});

test('pushed by digest, with its platform in the image config', { skip }, async () => {
  assert.match(image, new RegExp(`^${registry?.address}/library/node@sha256:[0-9a-f]{64}$`));
  assert.deepEqual(await registryPlatform(image), { os: 'linux', architecture: 'amd64' });
  assert.equal(await ensureDebianBase(registry?.address), image); // asked again: no second push
  assert.match(await ensureDebianBase(), /^cra-debian-base:[0-9a-f]{16}$/);
});

test('shaped like node:24-slim: dash, bash, no git, curl, jq or npm; root; node 1000', { skip }, async () => {
  const script = [
    '. /etc/os-release; echo "$ID $VERSION_ID"',
    'id -u; readlink /bin/sh; bash -c \'echo "bash $BASH_VERSION"\' | cut -d. -f1',
    'node -e "console.log(process.version.split(\\".\\")[0], process.execPath)"',
    'for tool in git curl jq npm apk; do command -v $tool || echo "no $tool"; done',
    'grep ^node: /etc/passwd',
  ].join('\n');
  const r = await run([], image, ['sh', '-c', script]);
  assert.equal(r.code, 0, r.output);
  assert.equal(
    r.output,
    [
      'debian 12',
      '0',
      'dash',
      'bash 5',
      'v24 /usr/local/bin/node',
      'no git',
      'no curl',
      'no jq',
      'no npm',
      'no apk',
      'node:x:1000:1000::/home/node:/bin/bash',
      '',
    ].join('\n'),
  );
});

test('a Dockerfile that installs with apt-get builds, and its tools work as uid 1000', { skip }, async () => {
  const dockerfile = `FROM ${image}
# What cloud-run-agent installs for Upstream's skills:
RUN apt-get update && apt-get install -y --no-install-recommends git bash curl jq ca-certificates openssh-client \\
 && rm -rf /var/lib/apt/lists/*
# A project's own Dockerfile:
USER root
RUN apt-get update && apt-get install -y ripgrep git jq
USER node
`;
  const b = await build(dockerfile);
  built.push(b.tag);
  assert.equal(b.code, 0, b.output);
  assert.match(b.output, /bash is already the newest version/); // bash is essential: preinstalled
  assert.match(b.output, /The following NEW packages will be installed:\n {2}ripgrep\n/);

  const r = await runBash(
    b.tag,
    `set -euo pipefail
cd "$(mktemp -d)"
git init -q && git config --global user.email agent@example.com && git config --global user.name Agent
printf 'needle\\nhay\\n' > notes.txt && git add notes.txt && git commit -qm 'Add notes'
git log --oneline | sed 's/^[0-9a-f]* //'
rg -c needle notes.txt
jq -n --arg who "$(id -un)" '{who: $who, sum: (1 + 2)}' -c
curl --version | head -1 | cut -d' ' -f1
ssh -V 2>&1 | cut -d_ -f1
`,
  );
  assert.equal(r.code, 0, r.output);
  assert.equal(r.output, 'Add notes\n1\n{"who":"node","sum":3}\ncurl\nOpenSSH\n');
});

test("an unknown package fails with apt's message and status", { skip }, async () => {
  const r = await run([], image, [
    'sh',
    '-c',
    'apt-get update >/dev/null && apt-get install -y jq no-such-tool',
  ]);
  assert.equal(r.code, 100, r.output);
  assert.match(r.output, /^E: Unable to locate package no-such-tool$/m);
  assert.doesNotMatch(r.output, /Setting up jq/); // nothing is installed when one is missing
});

test('as on node:24-slim, whose lists are deleted, install needs update first', { skip }, async () => {
  const r = await run([], image, ['apt-get', 'install', '-y', 'git']);
  assert.equal(r.code, 100, r.output);
  assert.match(r.output, /^E: Unable to locate package git$/m);
});

test('apt-get as a non-root user cannot take the lock', { skip }, async () => {
  const r = await run(['--user', '1000:1000'], image, ['apt-get', 'install', '-y', 'git']);
  assert.equal(r.code, 100, r.output);
  assert.match(
    r.output,
    /^E: Could not open lock file \/var\/lib\/dpkg\/lock-frontend - open \(13: Permission denied\)$/m,
  );
});

test('a Dockerfile written for Alpine fails as on real Debian: no apk', { skip }, async () => {
  const b = await build(`FROM ${image}\nRUN apk add --no-cache git\n`);
  built.push(b.tag);
  assert.notEqual(b.code, 0, b.output);
  // dash names the line, as the real image's /bin/sh does.
  assert.match(b.output, /\/bin\/sh: 1: apk: not found/);
  assert.match(b.output, /returned a non-zero code: 127/);
});
