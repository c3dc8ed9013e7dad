// appendLayer against a real registry (Debian's docker-registry): the config and manifest it writes,
// the requests it makes, determinism across processes, mounts answered 202, and (with Docker) that
// the image pulls and runs with the files root-owned and read-only for uid 1000.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { appendedConfig, appendLayer, canonicalJson } from '../../../src/registry/append.ts';
import { MEDIA_TYPES, Registry } from '../../../src/registry/distribution.ts';
import { collectTree, writeLayer, type Layer, type LayerEntry } from '../../../src/registry/layer.ts';
import { docker, requireDocker } from '../../infra/docker.ts';
import { startRegistry, type Registry as LocalRegistry } from '../../infra/registry.ts';
import { BASE_CREATED, pushBase } from './base-images.ts';
import { startProxy } from './registry-proxy.ts';

const run = promisify(execFile);
const scratch = await mkdtemp(path.join(tmpdir(), 'cra-append-test-'));
let local: LocalRegistry;
let layer: Layer;
before(async () => {
  local = await startRegistry();
  layer = await writeLayer([{ path: 'app/hello.txt', type: 'file', data: Buffer.from('hello\n') }], {
    dir: scratch,
  });
});
after(async () => {
  await local.stop();
  await rm(scratch, { recursive: true, force: true });
});

const longName = `${'nested/'.repeat(15)}a-file-name-that-makes-the-path-long.txt`;

interface ConfigJson {
  created: string;
  config: {
    Env?: string[];
    Entrypoint?: string[];
    Cmd?: string[];
    User?: string;
    Labels?: Record<string, string>;
  };
  rootfs: { diff_ids: string[] };
  history: { created: string; comment?: string }[];
}

/** The manifest and config of `name:reference`, as stored. */
async function stored(registry: Registry, name: string, reference: string) {
  const manifest = await registry.getManifest(name, reference);
  const config = JSON.parse(
    (await registry.readBlob(name, manifest.json.config.digest)).toString(),
  ) as ConfigJson;
  return { manifest, config };
}

describe('appendedConfig', () => {
  const base = {
    created: BASE_CREATED,
    architecture: 'amd64',
    config: { Env: ['PATH=/bin', 'HOME=/root'], Cmd: ['node'], Labels: { a: '1' } },
    rootfs: { type: 'layers', diff_ids: ['sha256:base'] },
    history: [{ created: BASE_CREATED, created_by: 'base' }],
  };

  test('adds the diff_id and one history entry dated as the base; changes applied; base untouched', () => {
    const copy = structuredClone(base);
    const config = appendedConfig(
      base,
      'sha256:new',
      { Env: { HOME: '/home/node', AGENT: 'triage' }, Labels: { b: '2' }, User: '1000', WorkingDir: '/app' },
      'project files',
    );
    assert.deepEqual(base, copy);
    assert.deepEqual(config.rootfs, { type: 'layers', diff_ids: ['sha256:base', 'sha256:new'] });
    assert.deepEqual(config.history?.at(-1), {
      created: BASE_CREATED,
      created_by: 'cloud-run-agent: append layer',
      comment: 'project files',
    });
    assert.equal(config.created, BASE_CREATED);
    assert.deepEqual(config.config, {
      Env: ['PATH=/bin', 'HOME=/home/node', 'AGENT=triage'],
      Cmd: ['node'],
      Labels: { a: '1', b: '2' },
      User: '1000',
      WorkingDir: '/app',
    });
  });

  test('a new Entrypoint clears the base Cmd, unless a Cmd is given too', () => {
    const { Cmd: _, ...rest } = base.config;
    assert.deepEqual(appendedConfig(base, 'sha256:n', { Entrypoint: ['sh'] }).config, {
      ...rest,
      Entrypoint: ['sh'],
    });
    assert.deepEqual(appendedConfig(base, 'sha256:n', { Entrypoint: ['sh'], Cmd: ['-c', 'x'] }).config?.Cmd, [
      '-c',
      'x',
    ]);
  });

  test('a base without created, config or history still gives a fixed, complete config', () => {
    const config = appendedConfig({ rootfs: { type: 'layers', diff_ids: [] } }, 'sha256:n', {});
    assert.equal(config.history?.[0]?.created, '1970-01-01T00:00:00Z');
    assert.deepEqual(config.rootfs?.diff_ids, ['sha256:n']);
  });

  test('canonicalJson sorts keys at every depth and drops undefined', () => {
    const a = canonicalJson({ b: 1, a: { d: [{ y: 1, x: 2 }], c: undefined } });
    assert.equal(a.toString(), '{"a":{"d":[{"x":2,"y":1}]},"b":1}');
  });
});

describe('appendLayer', () => {
  test('onto a Docker image in its own repository: 9 requests, Docker media types, the layer last', async () => {
    const registry = new Registry(local.address);
    const base = await pushBase(registry, 'same/runtime', 'v1', { family: 'docker' });
    const before = registry.requests;
    const ref = await appendLayer({
      registry,
      base: { name: 'same/runtime', reference: base.digest },
      target: { name: 'same/runtime', tag: 'agent-1' },
      layer,
      config: { Env: { AGENT: 'triage' } },
      comment: 'project files',
    });
    // GET manifest and config; HEAD, POST, PUT for the layer and for the config; PUT manifest.
    assert.equal(registry.requests - before, 9);
    const digest = ref.split('@')[1]!;
    assert.equal(ref, `${local.address}/same/runtime@${digest}`);
    const { manifest, config } = await stored(registry, 'same/runtime', 'agent-1');
    assert.equal(manifest.digest, digest);
    assert.equal(manifest.mediaType, MEDIA_TYPES.dockerManifest);
    assert.equal(manifest.json.config.mediaType, 'application/vnd.docker.container.image.v1+json');
    assert.deepEqual(
      manifest.json.layers.map((l) => [l.mediaType, l.digest, l.size]),
      [
        [
          'application/vnd.docker.image.rootfs.diff.tar.gzip',
          base.layerDigest,
          manifest.json.layers[0]!.size,
        ],
        ['application/vnd.docker.image.rootfs.diff.tar.gzip', layer.digest, layer.size],
      ],
    );
    assert.deepEqual(config.rootfs.diff_ids, [base.diffId, layer.diffId]);
    assert.deepEqual(config.config.Env, ['PATH=/bin', 'AGENT=triage']);
    assert.equal(config.created, BASE_CREATED);
    assert.deepEqual(
      config.history.map((h) => h.created),
      [BASE_CREATED, BASE_CREATED],
    );
  });

  test('a base given as its manifest is not fetched again (8 requests); a missing one is named', async () => {
    const registry = new Registry(local.address);
    await pushBase(registry, 'given/runtime', 'v1', { family: 'docker' });
    const manifest = await registry.getManifest('given/runtime', 'v1');
    const before = registry.requests;
    const ref = await appendLayer({
      registry,
      base: { name: 'given/runtime', manifest },
      target: { name: 'given/runtime', tag: 'a1' },
      layer,
    });
    assert.equal(registry.requests - before, 8);
    assert.ok(ref.startsWith(`${local.address}/given/runtime@sha256:`));
    await assert.rejects(
      appendLayer({
        registry,
        base: { name: 'given/nothing', reference: 'v1' },
        target: { name: 'x/y', tag: 'a' },
        layer,
      }),
      new RegExp(`^RegistryError: ${local.address}/given/nothing: GET manifest v1 answered 404`),
    );
  });

  test('onto an OCI index: its linux/amd64 image, and an OCI manifest out', async () => {
    const registry = new Registry(local.address);
    await pushBase(registry, 'oci/runtime', 'v1', { family: 'oci', index: true });
    const ref = await appendLayer({
      registry,
      base: { name: 'oci/runtime', reference: 'v1' },
      target: { name: 'oci/agent', tag: 'a1' },
      layer,
    });
    const { manifest, config } = await stored(registry, 'oci/agent', 'a1');
    assert.ok(ref.endsWith(`@${manifest.digest}`));
    assert.equal(manifest.mediaType, MEDIA_TYPES.ociManifest);
    assert.equal(manifest.json.config.mediaType, 'application/vnd.oci.image.config.v1+json');
    assert.deepEqual(
      manifest.json.layers.map((l) => l.mediaType),
      ['application/vnd.oci.image.layer.v1.tar+gzip', 'application/vnd.oci.image.layer.v1.tar+gzip'],
    );
    assert.equal((config as unknown as { architecture: string }).architecture, 'amd64');
  });

  test('into another repository: the base layers are mounted (11 requests)', async () => {
    const registry = new Registry(local.address);
    const base = await pushBase(registry, 'mount/runtime', 'v1', { family: 'docker' });
    const before = registry.requests;
    await appendLayer({
      registry,
      base: { name: 'mount/runtime', reference: base.digest },
      target: { name: 'mount/agent', tag: 'a1' },
      layer,
    });
    assert.equal(registry.requests - before, 11); // + HEAD and mount of the one base layer
    assert.ok(await registry.blobExists('mount/agent', base.layerDigest));
  });

  test('a mount answered 202 falls back to uploading the base layer', async () => {
    const proxy = await startProxy(`http://${local.address}`, { refuseMounts: true });
    try {
      const registry = new Registry(proxy.host);
      const base = await pushBase(registry, 'refused/runtime', 'v1', { family: 'oci' });
      proxy.seen.length = 0;
      const ref = await appendLayer({
        registry,
        base: { name: 'refused/runtime', reference: 'v1' },
        target: { name: 'refused/agent', tag: 'a1' },
        layer,
      });
      const mount = proxy.seen.find((s) => s.query.get('mount') === base.layerDigest);
      assert.ok(mount, 'a mount was asked for');
      assert.ok(
        proxy.seen.some(
          (s) => s.method === 'GET' && s.path.endsWith(`/refused/runtime/blobs/${base.layerDigest}`),
        ),
      );
      assert.ok(await registry.blobExists('refused/agent', base.layerDigest));
      assert.equal((await registry.getManifest('refused/agent', 'a1')).digest, ref.split('@')[1]);
    } finally {
      await proxy.close();
    }
  });

  test('a base in another registry is copied over', async () => {
    const other = await startRegistry();
    try {
      const source = new Registry(other.address);
      const base = await pushBase(source, 'far/runtime', 'v1', { family: 'docker' });
      const registry = new Registry(local.address);
      await appendLayer({
        registry,
        base: { registry: source, name: 'far/runtime', reference: 'v1' },
        target: { name: 'near/agent', tag: 'a1' },
        layer,
      });
      assert.ok(await registry.blobExists('near/agent', base.layerDigest));
    } finally {
      await other.stop();
    }
  });

  test('the same files give the same digest in separate processes, whatever their mtimes', async () => {
    const registry = new Registry(local.address);
    const base = await pushBase(registry, 'det/runtime', 'v1', { family: 'docker' });
    const results: { ref: string; diffId: string }[] = [];
    for (const [i, target] of [
      { name: 'det/agent', tag: 'one' },
      { name: 'det/agent', tag: 'two' },
    ].entries()) {
      const dir = path.join(scratch, `project-${i}`);
      await mkdir(path.join(dir, 'agents/triage'), { recursive: true });
      await writeFile(path.join(dir, 'agents/triage/SKILL.md'), '# Triage\n');
      await writeFile(path.join(dir, 'entry.cjs'), 'console.log("hi")\n');
      await utimes(path.join(dir, 'entry.cjs'), 1_000_000 * (i + 1), 1_000_000 * (i + 1));
      const args = {
        host: local.address,
        base: { name: 'det/runtime', reference: base.digest },
        target,
        dir,
      };
      const { stdout } = await run(process.execPath, [
        path.join(import.meta.dirname, 'append-child.ts'),
        JSON.stringify(args),
      ]);
      results.push(JSON.parse(stdout) as { ref: string; diffId: string });
    }
    assert.equal(results[0]!.diffId, results[1]!.diffId);
    assert.equal(results[0]!.ref, results[1]!.ref);
  });
});

describe('appended images run', () => {
  const images: string[] = [];
  after(async () => {
    if (images.length) await docker(['rmi', '--force', ...images]);
  });

  /** A busybox root filesystem with a few applets: a tar made by GNU tar, imported and pushed by Docker. */
  async function dockerBase(ref: string): Promise<void> {
    const root = await mkdtemp(path.join(scratch, 'rootfs-'));
    await chmod(root, 0o755);
    await mkdir(path.join(root, 'bin'));
    await mkdir(path.join(root, 'tmp'), { mode: 0o1777 });
    await copyFile('/bin/busybox', path.join(root, 'bin/busybox'));
    for (const applet of ['sh', 'cat', 'stat', 'id', 'echo', 'find', 'sort'])
      await symlink('busybox', path.join(root, 'bin', applet));
    const { stdout: tar } = await run('tar', ['-C', root, '--owner=0', '--group=0', '-c', '.'], {
      encoding: 'buffer',
      maxBuffer: 64 << 20,
    });
    for (const args of [
      ['import', '--change', 'ENV PATH=/bin', '-', ref],
      ['push', ref],
      ['rmi', ref],
    ]) {
      const done = await docker(args, { input: args[0] === 'import' ? tar : undefined });
      assert.equal(done.code, 0, `docker ${args.join(' ')}: ${done.stderr}`);
    }
  }

  /** Project files as a careless checkout leaves them: owned by uid 1234, private or world-writable. */
  async function projectFiles(): Promise<LayerEntry[]> {
    const dir = await mkdtemp(path.join(scratch, 'project-'));
    await mkdir(path.join(dir, path.dirname(longName)), { recursive: true, mode: 0o777 });
    await writeFile(path.join(dir, longName), 'long\n', { mode: 0o600 });
    await writeFile(path.join(dir, 'SKILL.md'), '# Skill\n', { mode: 0o666 });
    await writeFile(path.join(dir, 'run.sh'), '#!/bin/sh\necho ran as $(id -u)\n', { mode: 0o700 });
    await run('chown', ['-R', '1234:1234', dir]);
    return collectTree(dir, { prefix: 'app' });
  }

  /** Pulls by digest and runs `script` as uid 1000, without network; returns its output. */
  async function runAs1000(ref: string, script: string): Promise<string> {
    const pulled = await docker(['pull', ref]);
    assert.equal(pulled.code, 0, pulled.stderr);
    images.push(ref);
    const ran = await docker(['run', '--rm', '--network', 'none', '--user', '1000', ref, 'sh', '-c', script]);
    assert.equal(ran.code, 0, ran.stderr);
    return ran.stdout;
  }

  const script = [
    'cd /app',
    `find . | sort | while read f; do stat -c '%u:%g %a %F %n' "$f"; done`,
    `cat ${longName}`,
    './run.sh',
    '(echo x >> SKILL.md) 2>/dev/null && echo SKILL.md writable || echo SKILL.md read-only',
    '(echo x > new) 2>/dev/null && echo /app writable || echo /app read-only',
  ].join('\n');

  const expected = ['0:0 755 directory .', '0:0 755 directory ./nested', '0:0 644 regular file ./SKILL.md'];

  for (const family of ['docker', 'oci'] as const) {
    test(`onto a ${family === 'docker' ? 'Docker-pushed' : 'hand-made OCI index'} base`, async (t) => {
      if (await requireDocker(t)) return;
      const registry = new Registry(local.address);
      const baseName = `run/${family}-base`;
      if (family === 'docker') await dockerBase(`${local.address}/${baseName}:v1`);
      else {
        const applets = ['sh', 'cat', 'stat', 'id', 'echo', 'find', 'sort'];
        const files: LayerEntry[] = [
          { path: 'bin/busybox', type: 'file', source: '/bin/busybox' },
          ...applets.map((a): LayerEntry => ({ path: `bin/${a}`, type: 'symlink', target: 'busybox' })),
        ];
        await pushBase(registry, baseName, 'v1', { family, index: true, files });
      }
      const projectLayer = await writeLayer(await projectFiles(), { dir: scratch });
      const ref = await appendLayer({
        registry,
        base: { name: baseName, reference: 'v1' },
        target: { name: `run/${family}-agent`, tag: 'a1' },
        layer: projectLayer,
      });
      const out = await runAs1000(ref, script);
      const lines = out.trim().split('\n');
      for (const line of expected) assert.ok(lines.includes(line), `${line}\nin:\n${out}`);
      assert.ok(lines.includes(`0:0 644 regular file ./${longName}`), out);
      assert.ok(lines.includes('0:0 755 regular file ./run.sh'), out);
      assert.ok(
        lines.every((l) => !/^\d/.test(l) || l.startsWith('0:0 ')),
        `all root-owned:\n${out}`,
      );
      assert.ok(lines.includes('long') && lines.includes('ran as 1000'), out);
      assert.ok(lines.includes('SKILL.md read-only') && lines.includes('/app read-only'), out);
    });
  }
});
