// Artifact Registry in the emulator, driven by the official client (@google-cloud/artifact-registry),
// over images pushed with the docker CLI to a real registry.
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ArtifactRegistryClient } from '@google-cloud/artifact-registry';
import { grpc, type ClientOptions } from 'google-gax';
import { docker, requireDocker } from '../infra/docker.ts';
import { startRegistry, type Registry } from '../infra/registry.ts';
import { startEmulator, type Emulator } from './index.ts';

const Code = grpc.status;
const noRetry = { retry: null } as const;
const page = { autoPaginate: false, retry: null } as const;

// Under CI=true a missing engine throws here (a failure); elsewhere the suite is skipped.
const skip = await requireDocker();

const project = 'ar-project';
const repoName = `projects/${project}/locations/us-central1/repositories/images`;
const app = `${repoName}/packages/app`;
const tool = `${repoName}/packages/team%2Ftool`;

let registry: Registry;
let emulator: Emulator;
let client: ArtifactRegistryClient;
/** Ids of the images built here. */
const built: string[] = [];
const startedAt = Date.now();
const runId = randomUUID();
let workDir: string;

async function must(args: string[]): Promise<string> {
  const result = await docker(args, { env: { ...process.env, DOCKER_BUILDKIT: '0' } });
  if (result.code !== 0)
    throw new Error(`docker ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
  return result.stdout.trim();
}

/** Builds `FROM scratch` + one file of `content`, tags it `<registry>/ar-project/<path>` and pushes it. */
async function push(path: string, content: string): Promise<void> {
  const dir = await mkdtemp(join(workDir, 'ctx-'));
  await writeFile(join(dir, 'Dockerfile'), 'FROM scratch\nCOPY f /f\n');
  // A nonce per run: a build-cache hit would bring back an image (and a `created`) of an earlier run.
  await writeFile(join(dir, 'f'), `${content} ${runId}`);
  const ref = `${registry.address}/${project}/${path}`;
  built.push(await must(['build', '--quiet', '-t', ref, dir]));
  await must(['push', '--quiet', ref]);
}

const http = (path: string, init?: RequestInit) => fetch(`http://${registry.address}/v2/${path}`, init);
const accept =
  'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.index.v1+json';
/** The digest the registry serves for `repo:ref`, or undefined when it serves nothing. */
async function served(repo: string, ref: string): Promise<string | undefined> {
  const response = await http(`${project}/${repo}/manifests/${ref}`, { method: 'HEAD', headers: { accept } });
  return response.ok ? (response.headers.get('docker-content-digest') ?? undefined) : undefined;
}

async function images(request: Record<string, unknown> = {}) {
  const [list] = await client.listDockerImages({ parent: repoName, ...request }, noRetry);
  return list;
}

async function rejects(call: Promise<unknown>, code: grpc.status, pattern?: RegExp): Promise<void> {
  await assert.rejects(call, (error: { code?: number; details?: string; message: string }) => {
    assert.equal(error.code, code, `expected ${Code[code]}, got ${error.code}: ${error.message}`);
    if (pattern) assert.match(error.details ?? error.message, pattern);
    return true;
  });
}

const ms = (t: { seconds?: unknown; nanos?: number | null } | null | undefined) =>
  Number(t?.seconds ?? 0) * 1000 + (t?.nanos ?? 0) / 1e6;

describe('Artifact Registry over a real registry', { skip }, () => {
  const digests: Record<string, string> = {};

  before(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'cra-ar-test-'));
    registry = await startRegistry();
    emulator = await startEmulator({ registry: registry.address, ingestionLagMs: 0 });
    client = new ArtifactRegistryClient(emulator.clientOptions(project) as ClientOptions);
    for (const [path, content] of [
      ['images/app:v1', 'one'],
      ['images/app:v2', 'two'],
      ['images/app:v3', 'three'],
      ['images/team/tool:main', 'tool'],
      ['other/app:x', 'elsewhere'],
    ] as const) {
      await push(path, content);
    }
    await must([
      'tag',
      `${registry.address}/${project}/images/app:v3`,
      `${registry.address}/${project}/images/app:latest`,
    ]);
    await must(['push', '--quiet', `${registry.address}/${project}/images/app:latest`]);
    for (const tag of ['v1', 'v2', 'v3']) digests[tag] = (await served('images/app', tag))!;
    digests.tool = (await served('images/team/tool', 'main'))!;
  });

  after(async () => {
    await client?.close();
    await emulator?.stop();
    await registry?.stop();
    // By image id: that removes every tag given in the test, and the images a moved tag left behind.
    if (built.length) await docker(['rmi', '-f', ...new Set(built)]);
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  test('ListDockerImages shows every pushed digest of the repository with uri, tags, size, times and media type', async () => {
    const list = await images();
    assert.equal(list.length, 4, 'three app digests and one tool digest; the other repository is not listed');
    const v3 = list.find((i) => i.uri === `${registry.address}/${project}/images/app@${digests.v3}`);
    assert.ok(v3, 'the v3 image, addressed by digest');
    assert.deepEqual(v3.tags, ['latest', 'v3']);
    assert.equal(v3.name, `${repoName}/dockerImages/app@${digests.v3}`);
    assert.equal(v3.mediaType, 'application/vnd.docker.distribution.manifest.v2+json');
    const manifest = (await (
      await http(`${project}/images/app/manifests/${digests.v3}`, { headers: { accept } })
    ).json()) as {
      config: { size: number };
      layers: { size: number }[];
    };
    assert.equal(
      Number(v3.imageSizeBytes),
      manifest.config.size + manifest.layers.reduce((sum, l) => sum + l.size, 0),
    );
    const upload = ms(v3.uploadTime);
    assert.ok(
      upload >= Math.floor(startedAt / 1000) * 1000 && upload <= Date.now(),
      'uploaded during this test',
    );
    assert.ok(ms(v3.updateTime) >= upload);
    assert.equal(ms(v3.buildTime), upload, 'the upload time is the build time of the config');
    const toolImage = list.find((i) => i.tags?.includes('main'));
    assert.equal(toolImage?.name, `${repoName}/dockerImages/team%2Ftool@${digests.tool}`);
    assert.equal(toolImage?.uri, `${registry.address}/${project}/images/team/tool@${digests.tool}`);
    // The uri is something docker can pull.
    await must(['pull', '--quiet', toolImage.uri!]);
  });

  test('ListDockerImages orders by upload_time and update_time, and pages', async () => {
    const byUpload = (await images({ orderBy: 'upload_time' })).map((i) => i.tags?.[0]);
    assert.deepEqual(byUpload, ['v1', 'v2', 'latest', 'main']);
    const newest = (await images({ orderBy: 'update_time desc' })).map((i) => i.tags?.[0]);
    assert.deepEqual(newest, ['main', 'latest', 'v2', 'v1']);
    await rejects(
      client.listDockerImages({ parent: repoName, orderBy: 'size' }, noRetry),
      Code.INVALID_ARGUMENT,
      /order_by/,
    );
    const [first, next] = await client.listDockerImages({ parent: repoName, pageSize: 3 }, page);
    assert.equal(first.length, 3);
    const [second, end] = await client.listDockerImages(
      { parent: repoName, pageSize: 3, pageToken: next!.pageToken },
      page,
    );
    assert.equal(second.length, 1);
    assert.equal(end, null);
    assert.equal(new Set([...first, ...second].map((i) => i.name)).size, 4);
  });

  test('GetDockerImage finds an image by name; unknown digests are NOT_FOUND', async () => {
    const [image] = await client.getDockerImage(
      { name: `${repoName}/dockerImages/app@${digests.v1}` },
      noRetry,
    );
    assert.deepEqual(image.tags, ['v1']);
    await rejects(
      client.getDockerImage({ name: `${repoName}/dockerImages/app@sha256:${'0'.repeat(64)}` }, noRetry),
      Code.NOT_FOUND,
    );
    await rejects(
      client.getDockerImage({ name: `${repoName}/dockerImages/app:v1` }, noRetry),
      Code.INVALID_ARGUMENT,
    );
    await rejects(
      client.getDockerImage({ name: 'projects/p/dockerImages/x' }, noRetry),
      Code.INVALID_ARGUMENT,
    );
  });

  test('ListPackages and GetPackage: one package per image path, "/" escaped', async () => {
    const [packages] = await client.listPackages({ parent: repoName }, noRetry);
    assert.deepEqual(
      packages.map((p) => p.name),
      [app, tool],
    );
    assert.ok(ms(packages[0]!.createTime) <= ms(packages[0]!.updateTime));
    const [filtered] = await client.listPackages(
      { parent: repoName, filter: `name="${repoName}/packages/*TOOL"` },
      noRetry,
    );
    assert.deepEqual(
      filtered.map((p) => p.name),
      [tool],
      'filters are case-insensitive with wildcards',
    );
    await rejects(
      client.listPackages({ parent: repoName, filter: 'size>1' }, noRetry),
      Code.INVALID_ARGUMENT,
    );
    const [pkg] = await client.getPackage({ name: tool }, noRetry);
    assert.equal(pkg.name, tool);
    await rejects(client.getPackage({ name: `${repoName}/packages/nope` }, noRetry), Code.NOT_FOUND);
  });

  test('ListVersions and GetVersion: versions are digests, tags only in the FULL view', async () => {
    const [basic] = await client.listVersions({ parent: app, orderBy: 'create_time desc' }, noRetry);
    assert.deepEqual(
      basic.map((v) => v.name),
      [digests.v3, digests.v2, digests.v1].map((d) => `${app}/versions/${d}`),
    );
    assert.deepEqual(basic[0]!.relatedTags, []);
    const fields = basic[0]!.metadata?.fields ?? {};
    assert.equal(fields.mediaType?.stringValue, 'application/vnd.docker.distribution.manifest.v2+json');
    assert.ok(Number(fields.imageSizeBytes?.stringValue) > 0);
    assert.equal(fields.name?.stringValue, `${repoName}/dockerImages/app@${digests.v3}`);
    const [version] = await client.getVersion(
      { name: `${app}/versions/${digests.v3}`, view: 'FULL' },
      noRetry,
    );
    assert.deepEqual(
      version.relatedTags?.map((t) => t.name),
      [`${app}/tags/latest`, `${app}/tags/v3`],
    );
    await rejects(
      client.getVersion({ name: `${app}/versions/sha256:${'1'.repeat(64)}` }, noRetry),
      Code.NOT_FOUND,
    );
  });

  test('ListTags and GetTag map tags to versions; filters by version', async () => {
    const [tags] = await client.listTags({ parent: app }, noRetry);
    assert.deepEqual(
      tags.map((t) => [t.name!.split('/').at(-1), t.version!.split('/').at(-1)]),
      [
        ['latest', digests.v3],
        ['v1', digests.v1],
        ['v2', digests.v2],
        ['v3', digests.v3],
      ],
    );
    const [ofV3] = await client.listTags(
      { parent: app, filter: `version="${app}/versions/${digests.v3}"` },
      noRetry,
    );
    assert.deepEqual(
      ofV3.map((t) => t.name!.split('/').at(-1)),
      ['latest', 'v3'],
    );
    const [tag] = await client.getTag({ name: `${app}/tags/v2` }, noRetry);
    assert.equal(tag.version, `${app}/versions/${digests.v2}`);
    await rejects(client.getTag({ name: `${app}/tags/nope` }, noRetry), Code.NOT_FOUND);
  });

  test('DeleteTag removes the tag from the registry and keeps the image and its other tags', async () => {
    const before = (await images()).find((i) => i.tags?.includes('latest'))!;
    await client.deleteTag({ name: `${app}/tags/latest` }, noRetry);
    assert.equal(await served('images/app', 'latest'), undefined, 'the registry no longer serves the tag');
    assert.equal(await served('images/app', 'v3'), digests.v3);
    assert.equal(await served('images/app', digests.v3!), digests.v3);
    const after = (await images()).find((i) => i.uri === before.uri)!;
    assert.deepEqual(after.tags, ['v3']);
    assert.equal(ms(after.uploadTime), ms(before.uploadTime), 'the upload time survives');
    assert.ok(ms(after.updateTime) > ms(before.updateTime), 'a tag change updates the image');
    await rejects(client.deleteTag({ name: `${app}/tags/latest` }, noRetry), Code.NOT_FOUND);
  });

  test('CreateTag and UpdateTag point tags at versions in the registry', async () => {
    const [created] = await client.createTag(
      { parent: app, tagId: 'stable', tag: { version: `${app}/versions/${digests.v1}` } },
      noRetry,
    );
    assert.equal(created.name, `${app}/tags/stable`);
    assert.equal(await served('images/app', 'stable'), digests.v1);
    await rejects(
      client.createTag(
        { parent: app, tagId: 'stable', tag: { version: `${app}/versions/${digests.v2}` } },
        noRetry,
      ),
      Code.ALREADY_EXISTS,
    );
    await rejects(
      client.createTag(
        { parent: app, tagId: '-bad', tag: { version: `${app}/versions/${digests.v2}` } },
        noRetry,
      ),
      Code.INVALID_ARGUMENT,
    );
    await rejects(
      client.createTag(
        { parent: app, tagId: 'x', tag: { version: `${tool}/versions/${digests.tool}` } },
        noRetry,
      ),
      Code.INVALID_ARGUMENT,
    );
    await client.updateTag(
      {
        tag: { name: `${app}/tags/stable`, version: `${app}/versions/${digests.v2}` },
        updateMask: { paths: ['version'] },
      },
      noRetry,
    );
    assert.equal(await served('images/app', 'stable'), digests.v2);
    await client.deleteTag({ name: `${app}/tags/stable` }, noRetry);
  });

  test('an untagged digest stays listed after its tag moves, and can be deleted without force', async () => {
    await push('images/app:moving', 'first');
    const first = (await images()).find((i) => i.tags?.includes('moving'))!;
    await push('images/app:moving', 'second');
    const now = await images();
    const old = now.find((i) => i.uri === first.uri);
    assert.ok(old, 'the old digest is still an image');
    assert.deepEqual(old.tags, []);
    const digest = old.uri!.split('@')[1]!;
    const [operation] = await client.deleteVersion({ name: `${app}/versions/${digest}` }, noRetry);
    await operation.promise();
    assert.equal(await served('images/app', digest), undefined);
    assert.ok(!(await images()).some((i) => i.uri === first.uri));
  });

  test('DeleteVersion is a finished operation: a tagged version needs force, then goes with its tags', async () => {
    const name = `${app}/versions/${digests.v1}`;
    await rejects(client.deleteVersion({ name }, noRetry), Code.FAILED_PRECONDITION, /tag/);
    const getOperations = emulator.calls.get('GetOperation') ?? 0;
    const [operation] = await client.deleteVersion({ name, force: true }, noRetry);
    assert.equal(operation.done, true);
    assert.match(operation.name!, /^projects\/ar-project\/locations\/us-central1\/operations\/.+/);
    await operation.promise();
    assert.equal(emulator.calls.get('GetOperation') ?? 0, getOperations, 'the client did not poll');
    assert.equal(
      await served('images/app', digests.v1!),
      undefined,
      'the registry no longer serves the manifest',
    );
    assert.equal(await served('images/app', 'v1'), undefined, 'nor its tag');
    await rejects(client.getVersion({ name }, noRetry), Code.NOT_FOUND);
    await rejects(client.deleteVersion({ name, force: true }, noRetry), Code.NOT_FOUND);
  });

  test('a multi-arch index lists its platform manifests and its total size', async () => {
    const children = [
      { digest: digests.v2!, platform: { architecture: 'amd64', os: 'linux' } },
      { digest: digests.v3!, platform: { architecture: 'arm64', os: 'linux', variant: 'v8' } },
    ];
    const sizes: number[] = [];
    const manifests = [];
    for (const child of children) {
      const body = Buffer.from(
        await (
          await http(`${project}/images/app/manifests/${child.digest}`, { headers: { accept } })
        ).arrayBuffer(),
      );
      const parsed = JSON.parse(body.toString()) as { config: { size: number }; layers: { size: number }[] };
      sizes.push(parsed.config.size + parsed.layers.reduce((sum, l) => sum + l.size, 0));
      manifests.push({
        mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
        size: body.length,
        ...child,
      });
    }
    const index = Buffer.from(
      JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests }),
    );
    const put = await http(`${project}/images/app/manifests/multi`, {
      method: 'PUT',
      headers: { 'content-type': 'application/vnd.oci.image.index.v1+json' },
      body: index,
    });
    assert.equal(put.status, 201, await put.text());
    const digest = `sha256:${createHash('sha256').update(index).digest('hex')}`;
    const [image] = await client.getDockerImage({ name: `${repoName}/dockerImages/app@${digest}` }, noRetry);
    assert.equal(image.mediaType, 'application/vnd.oci.image.index.v1+json');
    assert.deepEqual(image.tags, ['multi']);
    assert.equal(Number(image.imageSizeBytes), sizes[0]! + sizes[1]!);
    assert.deepEqual(
      image.imageManifests?.map((m) => [m.architecture, m.os, m.variant, m.digest]),
      [
        ['amd64', 'linux', '', digests.v2],
        ['arm64', 'linux', 'v8', digests.v3],
      ],
    );
  });

  test('DeletePackage deletes every version of the image', async () => {
    const [operation] = await client.deletePackage({ name: tool }, noRetry);
    await operation.promise();
    assert.equal(await served('images/team/tool', digests.tool!), undefined);
    const [packages] = await client.listPackages({ parent: repoName }, noRetry);
    assert.deepEqual(
      packages.map((p) => p.name),
      [app],
      'a package without versions is gone',
    );
    await rejects(client.getPackage({ name: tool }, noRetry), Code.NOT_FOUND);
  });

  test('a repository is in one location: under any other it is NOT_FOUND', async () => {
    const inUs = (name: string) => name.replace('/locations/us-central1/', '/locations/us/');
    // `images` was first named under us-central1 (every call above).
    await rejects(client.listDockerImages({ parent: inUs(repoName) }, page), Code.NOT_FOUND);
    await rejects(client.listPackages({ parent: inUs(repoName) }, page), Code.NOT_FOUND);
    const [image] = await images();
    await rejects(client.getDockerImage({ name: inUs(image!.name!) }, noRetry), Code.NOT_FOUND);
    // `other` is first named under the multi-region us: there it is, and not under us-central1.
    const other = `projects/${project}/locations/us/repositories/other`;
    const [found] = await client.listDockerImages({ parent: other }, noRetry);
    assert.equal(found.length, 1);
    assert.match(
      found[0]!.name!,
      /^projects\/ar-project\/locations\/us\/repositories\/other\/dockerImages\/app@sha256:/,
    );
    await rejects(
      client.listDockerImages({ parent: other.replace('/us/', '/us-central1/') }, page),
      Code.NOT_FOUND,
      /Requested entity was not found/,
    );
  });

  test('a configured location is the only one, from the first call', async () => {
    const configured = await startEmulator({
      registry: registry.address,
      ingestionLagMs: 0,
      repositoryLocations: { [`${project}/other`]: 'europe' },
    });
    const europe = new ArtifactRegistryClient(configured.clientOptions(project) as ClientOptions);
    try {
      const parent = `projects/${project}/locations/europe/repositories/other`;
      await rejects(
        europe.listDockerImages({ parent: parent.replace('/europe/', '/us-central1/') }, page),
        Code.NOT_FOUND,
      );
      const [found] = await europe.listDockerImages({ parent }, noRetry);
      assert.equal(found.length, 1);
    } finally {
      await europe.close();
      await configured.stop();
    }
  });

  test('GetRepository answers a Docker repository in its own location; by default every repository exists', async () => {
    const [repository] = await client.getRepository({ name: repoName }, noRetry);
    assert.equal(repository.name, repoName);
    assert.equal(repository.format, 'DOCKER');
    assert.equal(repository.mode, 'STANDARD_REPOSITORY');
    assert.equal(repository.registryUri, `us-central1-docker.pkg.dev/${project}/images`);
    assert.ok(Number(repository.sizeBytes) > 0, 'its images count');
    assert.ok(ms(repository.createTime) > 0);
    // Never pushed to, never named: it exists too (the default stands for a project that has it).
    const fresh = `projects/${project}/locations/europe-west1/repositories/fresh-${runId.slice(0, 8)}`;
    const [empty] = await client.getRepository({ name: fresh }, noRetry);
    assert.equal(empty.sizeBytes, '0');
    // In another location than the one it is in: not found.
    await rejects(
      client.getRepository({ name: repoName.replace('/us-central1/', '/europe-west1/') }, noRetry),
      Code.NOT_FOUND,
      /^Requested entity was not found\.$/,
    );
  });

  test("with a list of the repositories that exist, any other is NOT_FOUND in Google's words", async () => {
    const listed = `projects/${project}/locations/us/repositories/listed`;
    const configured = await startEmulator({
      registry: registry.address,
      ingestionLagMs: 0,
      repositories: [listed],
    });
    const only = new ArtifactRegistryClient(configured.clientOptions(project) as ClientOptions);
    try {
      const [repository] = await only.getRepository({ name: listed }, noRetry);
      assert.equal(repository.name, listed);
      const absent = `projects/${project}/locations/us/repositories/absent`;
      await rejects(
        only.getRepository({ name: absent }, noRetry),
        Code.NOT_FOUND,
        /^Requested entity was not found\.$/,
      );
      // Every call, not only GetRepository, and the listed one only in its own location.
      await rejects(only.listDockerImages({ parent: absent }, page), Code.NOT_FOUND);
      await rejects(
        only.getRepository({ name: listed.replace('/us/', '/us-central1/') }, noRetry),
        Code.NOT_FOUND,
      );
      assert.equal((await only.listDockerImages({ parent: listed }, noRetry))[0].length, 0);
    } finally {
      await only.close();
      await configured.stop();
    }
  });

  test('an injected UNAVAILABLE reaches the client', async (t) => {
    emulator.faults.configure({ methods: { ListDockerImages: { errorRate: 1 } } });
    t.after(() => emulator.faults.configure({}));
    await rejects(client.listDockerImages({ parent: repoName }, page), Code.UNAVAILABLE);
    emulator.faults.configure({});
    assert.ok((await images()).length > 0);
  });

  test('the inspector reports the images as last seen', () => {
    const { images: seen } = emulator.resources().artifactregistry as {
      images: { uri: string; tags: string[] }[];
    };
    assert.ok(seen.some((i) => i.uri.endsWith(`/images/app@${digests.v3}`) && i.tags.includes('v3')));
  });
});
