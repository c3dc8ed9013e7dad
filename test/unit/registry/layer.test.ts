import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmod,
  chown,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  symlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import {
  collectTree,
  LAYER_MTIME,
  layerDiffId,
  writeLayer,
  type Layer,
  type LayerEntry,
} from '../../../src/registry/layer.ts';
import { readTar } from './tar-reader.ts';

const run = promisify(execFile);
const scratch = await mkdtemp(path.join(tmpdir(), 'cra-layer-test-'));
after(() => rm(scratch, { recursive: true, force: true }));

const sha256 = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
const longPath = `${'deep/'.repeat(25)}naïve-ünïcode-${'x'.repeat(40)}.txt`; // 100+ bytes, not ASCII

/** Writes a layer into the scratch dir and reads it back; the .tar.gz stays for `tar` to read. */
async function layerOf(entries: LayerEntry[], level?: number) {
  const layer = await writeLayer(entries, { dir: scratch, level });
  const gzip = await readFile(layer.file);
  return { layer, gzip, tar: readTar(gzip) };
}

interface TreeOptions {
  reverse?: boolean;
  mtime?: number;
  owner?: number;
  loose?: boolean; // group/world-writable modes, as a careless umask leaves them
}

const tree: { path: string; data?: string; mode?: number; link?: string }[] = [
  { path: 'agents/triage/SKILL.md', data: '# Triage\n' },
  { path: 'config.toml', data: 'name = "x"\n' },
  { path: 'bin/run.sh', data: '#!/bin/sh\necho ok\n', mode: 0o700 },
  { path: 'bin/start', link: 'run.sh' },
  { path: longPath, data: 'long\n' },
];

/** The same small project tree, made in a chosen order, with chosen mtimes, owners and modes. */
async function makeTree(name: string, options: TreeOptions = {}): Promise<string> {
  const root = path.join(scratch, name);
  for (const item of options.reverse ? [...tree].reverse() : tree) {
    const full = path.join(root, item.path);
    await mkdir(path.dirname(full), { recursive: true });
    if (item.link) await symlink(item.link, full);
    else await writeFile(full, item.data ?? '', { mode: item.mode ?? 0o644 });
  }
  const touched = [...tree.filter((item) => !item.link).map((item) => item.path), 'agents', 'bin'];
  for (const file of touched) {
    const full = path.join(root, file);
    if (options.loose) await chmod(full, (await lstat(full)).isDirectory() ? 0o777 : 0o666);
    if (options.owner !== undefined) await chown(full, options.owner, options.owner);
    if (options.mtime !== undefined) await utimes(full, options.mtime, options.mtime);
  }
  if (options.loose) await chmod(path.join(root, 'bin/run.sh'), 0o775);
  return root;
}

const digests = (layer: Layer) => ({ diffId: layer.diffId, digest: layer.digest, size: layer.size });

describe('writeLayer', () => {
  test('the same tree gives the same digests, whatever its mtimes, owners, modes or creation order', async () => {
    const a = await makeTree('a');
    const b = await makeTree('b', { reverse: true, mtime: 1_234_567_890, owner: 1000, loose: true });
    const first = await writeLayer(await collectTree(a, { prefix: 'app' }), { dir: scratch });
    const again = await writeLayer(await collectTree(a, { prefix: 'app' }), { dir: scratch });
    const other = await writeLayer(await collectTree(b, { prefix: 'app' }), { dir: scratch });
    assert.deepEqual(digests(again), digests(first));
    assert.deepEqual(digests(other), digests(first));
    assert.equal(await layerDiffId(await collectTree(b, { prefix: 'app' })), first.diffId);
  });

  test('a changed byte, name or executable bit changes the diff_id', async () => {
    const base = [{ path: 'a.txt', type: 'file', data: Buffer.from('a') }] as const;
    const ids = await Promise.all([
      layerDiffId([...base]),
      layerDiffId([{ path: 'a.txt', type: 'file', data: Buffer.from('b') }]),
      layerDiffId([{ path: 'b.txt', type: 'file', data: Buffer.from('a') }]),
      layerDiffId([{ path: 'a.txt', type: 'file', data: Buffer.from('a'), executable: true }]),
    ]);
    assert.equal(new Set(ids).size, 4);
  });

  test('digests are those of the bytes written: diff_id of the tar, digest and size of the gzip', async () => {
    const { layer, gzip } = await layerOf([{ path: 'x', type: 'file', data: Buffer.from('x') }]);
    const tar = gunzipSync(gzip);
    assert.equal(layer.digest, sha256(gzip));
    assert.equal(layer.size, gzip.length);
    assert.equal(layer.diffId, sha256(tar));
    assert.equal(layer.tarSize, tar.length);
    // The gzip header carries no name, mtime 0 and a fixed OS byte.
    assert.deepEqual([...gzip.subarray(0, 10)], [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
  });

  test('another zlib level changes the gzip but not the diff_id', async () => {
    const entries: LayerEntry[] = [{ path: 'x', type: 'file', data: Buffer.from('text '.repeat(1000)) }];
    const fast = await writeLayer(entries, { dir: scratch, level: 1 });
    const small = await writeLayer(entries, { dir: scratch, level: 9 });
    assert.equal(fast.diffId, small.diffId);
    assert.notEqual(fast.digest, small.digest);
  });

  test('entries are root-owned, fixed in time, with normalised modes, sorted, parents first', async () => {
    const root = await makeTree('modes', { loose: true, owner: 1000 });
    const { tar } = await layerOf(await collectTree(root, { prefix: 'app' }));
    const byName = new Map(tar.map((e) => [e.name, e]));
    for (const entry of tar) {
      assert.deepEqual([entry.uid, entry.gid, entry.uname, entry.gname], [0, 0, 'root', 'root'], entry.name);
      assert.equal(entry.mtime, LAYER_MTIME, entry.name);
    }
    const mode = (name: string) => byName.get(name)?.mode.toString(8);
    assert.equal(mode('app/'), '755');
    assert.equal(mode('app/agents/'), '755'); // was 0777
    assert.equal(mode('app/config.toml'), '644'); // was 0666
    assert.equal(mode('app/bin/run.sh'), '755'); // was 0775
    assert.equal(mode('app/bin/start'), '777');
    assert.equal(byName.get('app/bin/start')?.type, '2');
    assert.equal(byName.get('app/bin/start')?.linkname, 'run.sh');
    const names = tar.map((e) => e.name.replace(/\/$/, ''));
    assert.deepEqual(names, [...names].sort());
    for (const [i, name] of names.entries()) {
      const parent = path.posix.dirname(name);
      if (parent !== '.') assert.ok(names.indexOf(parent) < i, `${parent} comes before ${name}`);
    }
  });

  test('missing parent directories are made, explicit ones merged', async () => {
    const { tar } = await layerOf([
      { path: 'a/b/c.txt', type: 'file', data: Buffer.from('c') },
      { path: 'a', type: 'dir' },
      { path: 'a/d', type: 'symlink', target: '/etc/hostname' },
    ]);
    assert.deepEqual(
      tar.map((e) => [e.name, e.type, e.mode.toString(8)]),
      [
        ['a/', '5', '755'],
        ['a/b/', '5', '755'],
        ['a/b/c.txt', '0', '644'],
        ['a/d', '2', '777'],
      ],
    );
  });

  test('GNU tar extracts it: a long non-ASCII path (PAX) and the executable bit survive', async () => {
    const root = await makeTree('extract', { loose: true });
    const { layer } = await layerOf(await collectTree(root, { prefix: 'app' }));
    const out = path.join(scratch, 'extracted');
    await mkdir(out);
    await run('tar', ['-x', '-z', '-p', '-f', layer.file, '-C', out]);
    assert.equal(await readFile(path.join(out, 'app', longPath), 'utf8'), 'long\n');
    assert.equal((await lstat(path.join(out, 'app/bin/run.sh'))).mode & 0o777, 0o755);
    assert.equal((await lstat(path.join(out, 'app/config.toml'))).mode & 0o777, 0o644);
    const { stdout } = await run('tar', ['-t', '-v', '-z', '-f', layer.file]);
    assert.match(stdout, /^-rwxr-xr-x root\/root +\d+ 2000-01-01 00:00 app\/bin\/run\.sh$/m);
    assert.ok(stdout.includes(`app/${longPath}`), stdout);
  });

  test('a link target too long for ustar goes into PAX too', async () => {
    const target = `/opt/${'t'.repeat(120)}`;
    const { tar } = await layerOf([{ path: 'l', type: 'symlink', target }]);
    assert.equal(tar[0]?.linkname, target);
  });

  test('a source file keeps its execute bit unless told otherwise', async () => {
    const script = path.join(scratch, 'script.sh');
    await writeFile(script, '#!/bin/sh\n', { mode: 0o700 });
    const { tar } = await layerOf([
      { path: 'kept', type: 'file', source: script },
      { path: 'dropped', type: 'file', source: script, executable: false },
    ]);
    assert.deepEqual(
      tar.map((e) => [e.name, e.mode.toString(8)]),
      [
        ['dropped', '644'],
        ['kept', '755'],
      ],
    );
  });

  for (const bad of ['/etc/passwd', '../up', 'a/../../b', 'a//b', './a', 'a/', '']) {
    test(`refuses the path ${JSON.stringify(bad)}`, async () => {
      await assert.rejects(writeLayer([{ path: bad, type: 'dir' }], { dir: scratch }), /must be relative/);
    });
  }

  test('refuses a path given twice, and a file used as a directory', async () => {
    const file = (p: string): LayerEntry => ({ path: p, type: 'file', data: Buffer.from('') });
    await assert.rejects(layerDiffId([file('a'), file('a')]), /given twice/);
    await assert.rejects(layerDiffId([file('a'), file('a/b')]), /is a file and a directory/);
  });

  test('collectTree filters whole subtrees, and leaves no temp file behind on failure', async () => {
    const root = await makeTree('filtered');
    const entries = await collectTree(root, { filter: (rel) => rel !== 'agents' && !rel.endsWith('.toml') });
    const names = entries.map((e) => e.path).sort();
    assert.ok(!names.some((n) => n.startsWith('agents') || n === 'config.toml'), names.join(', '));
    assert.ok(names.includes('bin/run.sh'));
    const before = (await readdir(scratch)).filter((n) => n.startsWith('cra-layer-')).length;
    await assert.rejects(
      writeLayer([{ path: 'gone', type: 'file', source: path.join(root, 'nope') }], { dir: scratch }),
    );
    assert.equal((await readdir(scratch)).filter((n) => n.startsWith('cra-layer-')).length, before);
  });
});
