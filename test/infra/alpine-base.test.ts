// The Alpine stand-in for node:24-alpine (alpine-base.ts): pushed by digest with its platform, shaped
// like the real image (no bash, git, curl or jq; busybox sh; root by default; the node user), and
// able to build, without network, the kind of Dockerfile Action Llama writes for its Alpine image.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ensureAlpineBase } from './alpine-base.ts';
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
  image = await ensureAlpineBase(registry.address);
});
after(async () => {
  await removeImages(built);
  await registry?.stop();
});

test('pushed by digest, with its platform in the image config', { skip }, async () => {
  assert.match(image, new RegExp(`^${registry?.address}/library/node@sha256:[0-9a-f]{64}$`));
  assert.deepEqual(await registryPlatform(image), { os: 'linux', architecture: 'amd64' });
  assert.equal(await ensureAlpineBase(registry?.address), image); // asked again: no second push
  assert.match(await ensureAlpineBase(), /^cra-alpine-base:[0-9a-f]{16}$/);
});

test(
  'shaped like node:24-alpine: no bash, git, curl, jq or npm; busybox sh; root; node 1000',
  { skip },
  async () => {
    const script = [
      '. /etc/os-release; echo "$ID $(cat /etc/alpine-release)"',
      'id -u; readlink /bin/sh; test -e /lib/ld-musl-x86_64.so.1 && echo musl-loader',
      'grep -q musl /usr/bin/ldd && ldd /usr/local/bin/node | grep -c libc.so', // npm 11 reads ldd
      'node -e "console.log(process.version.split(\\".\\")[0], process.execPath)"',
      'for tool in bash git curl jq npm apt-get; do command -v $tool || echo "no $tool"; done',
      'grep ^node: /etc/passwd; grep ^node: /etc/group',
    ].join('\n');
    const r = await run([], image, ['sh', '-c', script]);
    assert.equal(r.code, 0, r.output);
    assert.match(
      r.output,
      /^alpine 3\.\d+\.\d+\n0\n\/bin\/busybox\nmusl-loader\n1\nv24 \/usr\/local\/bin\/node\n/,
    );
    assert.match(r.output, /no bash\nno git\nno curl\nno jq\nno npm\nno apt-get\n/);
    assert.match(r.output, /node:x:1000:1000::\/home\/node:\/bin\/sh\nnode:x:1000:node\n$/);
  },
);

test(
  'a Dockerfile written for the Alpine image builds, and its tools work as uid 1000',
  { skip },
  async () => {
    const dockerfile = `FROM ${image}
# What cloud-run-agent installs for Upstream's skills:
RUN apk add --no-cache git bash curl jq ca-certificates openssh-client github-cli
# A project's own Dockerfile, as Action Llama writes them:
USER root
RUN apk add --no-cache ripgrep git jq
USER node
`;
    const b = await build(dockerfile);
    built.push(b.tag);
    assert.equal(b.code, 0, b.output);
    assert.match(b.output, /\(1\/1\) Installing ripgrep \(/); // git and jq were there already

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
gh --version | head -1
`,
    );
    assert.equal(r.code, 0, r.output);
    assert.match(
      r.output,
      /^Add notes\n1\n\{"who":"node","sum":3\}\ncurl\nOpenSSH\ngh version 0\.0\.0-stand-in \(cloud-run-agent test image\)\n$/,
    );
  },
);

test("an unknown package fails with apk's message and status", { skip }, async () => {
  const r = await run([], image, ['apk', 'add', '--no-cache', 'ripgrep', 'no-such-tool']);
  assert.equal(r.code, 1, r.output);
  assert.match(r.output, /ERROR: unable to select packages:\n {2}no-such-tool \(no such package\):\n/);
  assert.doesNotMatch(r.output, /Installing ripgrep/); // nothing is installed when one is missing
});

test('apk as a non-root user cannot lock the database', { skip }, async () => {
  const r = await run(['--user', '1000:1000'], image, ['apk', 'add', 'git']);
  assert.equal(r.code, 99, r.output);
  assert.match(r.output, /^ERROR: Unable to lock database: Permission denied\n/);
});

test('a --virtual package is deleted with the packages it brought', { skip }, async () => {
  const script = [
    'apk add -q --virtual .build-deps curl jq && apk add -q jq',
    'apk del .build-deps',
    'command -v curl || echo "no curl"',
    'test -e /lib/x86_64-linux-gnu/libcurl.so.4 || echo "no libcurl"',
    'command -v jq',
  ].join('; ');
  const r = await run([], image, ['sh', '-c', script]);
  assert.equal(r.code, 0, r.output);
  // jq stays: the world still asks for it; curl and its libraries go.
  assert.match(r.output, /^\(1\/1\) Purging curl \([^)]+\)\n.*\nno curl\nno libcurl\n\/usr\/bin\/jq\n$/);
});

test('a Dockerfile written for Debian fails as on real Alpine: no apt-get', { skip }, async () => {
  const b = await build(`FROM ${image}\nRUN apt-get update && apt-get install -y git\n`);
  built.push(b.tag);
  assert.notEqual(b.code, 0, b.output);
  assert.match(b.output, /\/bin\/sh: apt-get: not found/);
  assert.match(b.output, /returned a non-zero code: 127/);
});
