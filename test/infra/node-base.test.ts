// The imported Node 24 base image: pushed to a real registry, and able to run what project-mode
// images need (node, sh, bash for pi-coding-agent's bash tool) as root and as uid 1000.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { docker, requireDocker } from './docker.ts';
import { ensureNodeBase } from './node-base.ts';
import { startRegistry, type Registry } from './registry.ts';

let registry: Registry | undefined;
let image = '';
const skip = await requireDocker();

before(async () => {
  if (skip) return;
  registry = await startRegistry();
  image = await ensureNodeBase(registry.address);
});
after(() => registry?.stop());

async function run(args: string[]): Promise<string> {
  const r = await docker(['run', '--rm', '--network', 'none', ...args], { timeoutMs: 60_000 });
  assert.equal(r.code, 0, `docker run ${args.join(' ')}:\n${r.stderr}`);
  return r.stdout;
}

test('the image is pushed under library/node:24-slim', { skip }, async () => {
  assert.equal(image, `${registry?.address}/library/node:24-slim`);
  const res = await fetch(`http://${registry?.address}/v2/library/node/tags/list`);
  assert.deepEqual(((await res.json()) as { tags: string[] }).tags, ['24-slim']);
  // Asked again for the same registry: the same reference, without a second push.
  assert.equal(await ensureNodeBase(registry?.address ?? ''), image);
});

test('node 24 runs, as root by default, with PATH set', { skip }, async () => {
  const out = await run([
    image,
    'node',
    '-e',
    'console.log(process.version, process.getuid(), process.env.PATH)',
  ]);
  assert.match(
    out,
    /^v24\.\d+\.\d+ 0 \/usr\/local\/sbin:\/usr\/local\/bin:\/usr\/sbin:\/usr\/bin:\/sbin:\/bin\n$/,
  );
});

test('sh and the busybox applets work', { skip }, async () => {
  const out = await run([
    image,
    'sh',
    '-c',
    'sleep 0; /usr/bin/env | grep -c ^PATH=; ls / | grep -c ^tmp$; cat /etc/group',
  ]);
  assert.equal(out, '1\n1\nroot:x:0:\nnode:x:1000:\n');
});

test('bash runs (the coding agent spawns /bin/bash -c)', { skip }, async () => {
  const out = await run([image, '/bin/bash', '-c', 'echo "${BASH_VERSINFO[0]} $((6 * 7))"']);
  assert.match(out, /^\d+ 42\n$/);
});

test('uid 1000 is the node user, with a writable home and /tmp', { skip }, async () => {
  const script = [
    'const os = require("node:os"), fs = require("node:fs");',
    'fs.writeFileSync("/tmp/t", "x"); fs.writeFileSync(os.homedir() + "/h", "y");',
    'console.log(os.userInfo().username, os.homedir(), (fs.statSync("/tmp").mode & 0o7777).toString(8));',
    'console.log(require("node:child_process").execSync("bash -c id").toString().trim());',
  ].join('\n');
  const out = await run(['--user', '1000', image, 'node', '-e', script]);
  assert.equal(out, 'node /home/node 1777\nuid=1000(node) gid=1000(node) groups=1000(node)\n');
});
