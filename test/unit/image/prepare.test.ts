import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, mock, test } from 'node:test';
import type { Cloud, DockerImage } from '../../../src/google/connect.ts';
import { requireRepository } from '../../../src/image/prepare.ts';
import { digestOfRef, pruneImages, pruneRuntimes } from '../../../src/image/prune.ts';
import { googleRegistry, imagePath } from '../../../src/registry/references.ts';
import { resolveDigest } from '../../../src/registry/resolve.ts';
import { dockerNoise, type BuildInputs } from '../../../src/image/docker.ts';

const digest = (c: string) => `sha256:${c.repeat(64)}`;
const accessToken = 'ya29.google-access-token';
// The token is asked for the repository's pull scope; Docker Hub's API is at registry-1.docker.io.
const scope = `scope=${encodeURIComponent('repository:p/r/agent:pull')}`;
const apiHost = (host: string) => (host === 'docker.io' ? 'registry-1.docker.io' : host);
const basic = `Basic ${Buffer.from(`oauth2accesstoken:${accessToken}`).toString('base64')}`;
const manifestTypes = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
].join(', ');

// A registry that speaks just enough of the distribution API: manifests behind a Bearer token
// challenge, and a token endpoint that wants the access token as the oauth2accesstoken password.
interface Seen {
  method: string;
  url: string;
  authorization?: string;
  accept?: string;
}
let server: http.Server;
let registry = '';
let seen: Seen[] = [];
let tokenField = 'token';
let requireAuth = true;
const manifests: Record<string, string> = {
  'p/r/agent:v1': digest('a'),
  'p/r/agent:latest': digest('b'),
  'team/nested/agent:2': digest('c'),
};

before(async () => {
  server = http.createServer((req, res) => {
    seen.push({
      method: req.method!,
      url: req.url!,
      authorization: req.headers.authorization,
      accept: req.headers.accept,
    });
    const url = new URL(req.url!, 'http://x');
    if (url.pathname === '/token') {
      if (req.headers.authorization !== basic) {
        res
          .writeHead(401, { 'content-type': 'application/json' })
          .end('{"errors":[{"code":"UNAUTHORIZED"}]}');
        return;
      }
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ [tokenField]: `tok:${url.searchParams.get('scope')}` }));
      return;
    }
    const match = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(url.pathname);
    if (!match) return void res.writeHead(404).end();
    const [, name, reference] = match;
    if (requireAuth && req.headers.authorization !== `Bearer tok:repository:${name}:pull`) {
      res
        .writeHead(401, {
          'www-authenticate': `Bearer realm="http://${registry}/token",service="${registry}",scope="repository:${name}:pull"`,
        })
        .end();
      return;
    }
    const found = manifests[`${name}:${reference}`];
    if (!found) return void res.writeHead(404).end();
    res
      .writeHead(200, {
        'docker-content-digest': found,
        'content-type': 'application/vnd.oci.image.index.v1+json',
      })
      .end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  registry = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen = [];
  tokenField = 'token';
  requireAuth = true;
});

describe('resolveDigest', () => {
  test('a tag becomes a digest reference, through the Bearer token challenge', async () => {
    assert.equal(
      await resolveDigest(`${registry}/p/r/agent:v1`, accessToken, { input: 'image' }),
      `${registry}/p/r/agent@${digest('a')}`,
    );
    assert.deepEqual(seen, [
      { method: 'HEAD', url: '/v2/p/r/agent/manifests/v1', authorization: undefined, accept: manifestTypes },
      {
        method: 'GET',
        url: `/token?service=${encodeURIComponent(registry)}&scope=${encodeURIComponent('repository:p/r/agent:pull')}`,
        authorization: basic,
        accept: '*/*',
      },
      {
        method: 'HEAD',
        url: '/v2/p/r/agent/manifests/v1',
        authorization: 'Bearer tok:repository:p/r/agent:pull',
        accept: manifestTypes,
      },
    ]);
  });

  test('no tag means latest; nested names keep their path', async () => {
    assert.equal(
      await resolveDigest(`${registry}/p/r/agent`, accessToken, { input: 'image' }),
      `${registry}/p/r/agent@${digest('b')}`,
    );
    assert.equal(
      await resolveDigest(`${registry}/team/nested/agent:2`, accessToken, { input: 'image' }),
      `${registry}/team/nested/agent@${digest('c')}`,
    );
  });

  test('localhost is plain HTTP too', async () => {
    const port = registry.split(':')[1];
    assert.equal(
      await resolveDigest(`localhost:${port}/p/r/agent:v1`, accessToken, { input: 'image' }),
      `localhost:${port}/p/r/agent@${digest('a')}`,
    );
  });

  test('a token endpoint that answers access_token', async () => {
    tokenField = 'access_token';
    assert.equal(
      await resolveDigest(`${registry}/p/r/agent:v1`, accessToken, { input: 'image' }),
      `${registry}/p/r/agent@${digest('a')}`,
    );
  });

  test('a registry without auth is asked once', async () => {
    requireAuth = false;
    assert.equal(
      await resolveDigest(`${registry}/p/r/agent:v1`, accessToken, { input: 'image' }),
      `${registry}/p/r/agent@${digest('a')}`,
    );
    assert.equal(seen.length, 1);
  });

  test('a digest reference is returned as it is, without a request', async () => {
    const ref = `${registry}/p/r/agent@${digest('d')}`;
    assert.equal(await resolveDigest(ref, accessToken, { input: 'image' }), ref);
    assert.equal(
      await resolveDigest(`${registry}/p/r/agent:v1@${digest('d')}`, accessToken, { input: 'image' }),
      `${registry}/p/r/agent:v1@${digest('d')}`,
    );
    assert.deepEqual(seen, []);
  });

  test('a missing image names the registry, the image and the status', async () => {
    await assert.rejects(resolveDigest(`${registry}/p/r/agent:nope`, accessToken, { input: 'image' }), {
      message: `Input "image": ${registry} answered 404 for p/r/agent:nope. Check that the image exists and the account may read it.`,
    });
  });

  test('a refused token ends in the 401, not a digest', async () => {
    await assert.rejects(resolveDigest(`${registry}/p/r/agent:v1`, 'wrong-token', { input: 'image' }), {
      message: `Input "image": ${registry} answered 401 for p/r/agent:v1. Check that the image exists and the account may read it.`,
    });
  });

  for (const image of ['agent:v1', 'library/agent:v1', 'localhost/agent:v1', 'nohost']) {
    test(`"${image}" is not a full reference`, async () => {
      await assert.rejects(resolveDigest(image, accessToken, { input: 'image' }), {
        message: `Input "image": "${image}" must be a full reference such as us-central1-docker.pkg.dev/project/repo/agent:tag`,
      });
    });
  }
});

describe('the access token goes to Google registries only', () => {
  /** A fetch that plays a registry at any host and records what it was sent. */
  function fakeRegistry() {
    const requests: { url: string; authorization: string | null }[] = [];
    mock.method(globalThis, 'fetch', async (input: string | URL, init?: RequestInit) => {
      const url = new URL(String(input));
      const headers = new Headers(init?.headers);
      requests.push({ url: url.href, authorization: headers.get('authorization') });
      if (url.pathname.endsWith('/token')) return Response.json({ token: 'registry-token' });
      if (headers.get('authorization') === 'Bearer registry-token') {
        return new Response(null, { status: 200, headers: { 'docker-content-digest': digest('e') } });
      }
      return new Response(null, {
        status: 401,
        headers: { 'www-authenticate': `Bearer realm="https://${url.host}/token",service="${url.host}"` },
      });
    });
    return requests;
  }
  after(() => mock.restoreAll());

  for (const host of ['us-central1-docker.pkg.dev', 'europe-docker.pkg.dev', 'gcr.io', 'eu.gcr.io']) {
    test(`${host} gets it`, async () => {
      const requests = fakeRegistry();
      assert.equal(
        await resolveDigest(`${host}/p/r/agent:v1`, accessToken, { input: 'image' }),
        `${host}/p/r/agent@${digest('e')}`,
      );
      assert.equal(requests[0]!.url, `https://${host}/v2/p/r/agent/manifests/v1`);
      assert.deepEqual(requests[1], {
        url: `https://${host}/token?service=${host}&${scope}`,
        authorization: basic,
      });
      mock.restoreAll();
    });
  }

  for (const host of [
    'ghcr.io',
    'docker.io',
    'registry.example.com',
    'pkg.dev.example.com',
    'evilpkg.dev',
    'gcr.io.example.com',
    '127.example.com',
    '127.0.0.1.nip.io',
  ]) {
    test(`${host} is asked anonymously, over HTTPS`, async () => {
      const requests = fakeRegistry();
      assert.equal(
        await resolveDigest(`${host}/p/r/agent:v1`, accessToken, { input: 'image' }),
        `${host}/p/r/agent@${digest('e')}`,
      );
      assert.equal(requests.length, 3);
      assert.equal(requests[0]!.url, `https://${apiHost(host)}/v2/p/r/agent/manifests/v1`);
      assert.deepEqual(requests[1], {
        url: `https://${apiHost(host)}/token?service=${apiHost(host)}&${scope}`,
        authorization: null,
      });
      for (const r of requests)
        assert.ok(
          !r.authorization?.includes(Buffer.from(`oauth2accesstoken:${accessToken}`).toString('base64')),
        );
      mock.restoreAll();
    });
  }

  test('googleRegistry', () => {
    for (const host of [
      'us-central1-docker.pkg.dev',
      'gcr.io',
      'us.gcr.io',
      '127.0.0.1:5000',
      '127.1.2.3',
      'localhost',
      'localhost:5000',
      '[::1]:5000',
    ]) {
      assert.equal(googleRegistry(host), true, host);
    }
    for (const host of [
      'ghcr.io',
      'quay.io',
      'docker.io',
      'evilpkg.dev',
      'pkg.dev.evil.com',
      'xgcr.io',
      '127.evil.com',
      'localhost.evil.com',
      '127.0.0.1.nip.io',
    ]) {
      assert.equal(googleRegistry(host), false, host);
    }
  });
});

describe('pruneImages', () => {
  const parent = 'projects/p/locations/us-central1/repositories/agents';
  const host = 'us-central1-docker.pkg.dev';
  const image = (pkg: string, c: string, seconds: number | string, nanos = 0): DockerImage => ({
    name: `${parent}/dockerImages/${encodeURIComponent(pkg)}@${digest(c)}`,
    uri: `${host}/p/agents/${pkg}@${digest(c)}`,
    tags: [],
    uploadTime: { seconds, nanos },
  });

  const repo = { location: 'us-central1', id: 'agents' };

  function fakeCloud(images: DockerImage[]) {
    const listed: string[] = [];
    const deleted: string[] = [];
    const cloud: Pick<Cloud, 'artifacts'> = {
      artifacts: {
        getRepository: async () => ({}),
        listDockerImages: async (location: string, repository: string) => {
          listed.push(`${location}/${repository}`);
          return images;
        },
        deleteVersion: async (name: string) => {
          deleted.push(name);
        },
      },
    };
    return { cloud, listed, deleted };
  }

  test('keeps the N newest by upload time, skips protected ones, touches only the same image', async () => {
    const images = [
      image('reviewer', '1', 1000),
      image('reviewer', '6', 6000), // newest: the one just pushed
      image('reviewer', '3', '3000'),
      image('reviewer', '5', 5000),
      image('reviewer', '2', 2000), // protected: a live job uses it
      image('reviewer', '4', 4000),
      image('other', '7', 1), // another agent
      image('reviewer-2', '8', 2),
      image('reviewer/sub', '9', 3),
      {
        name: `${parent}/dockerImages/reviewer`,
        uri: `${host}/p/agents/reviewer`,
        uploadTime: { seconds: 0 },
      }, // no digest
    ];
    const { cloud, listed, deleted } = fakeCloud(images);
    const target = `${host}/p/agents/reviewer`;
    const result = await pruneImages(cloud, repo, target, 3, new Set([digest('6'), digest('2')]));
    assert.deepEqual(listed, ['us-central1/agents']);
    assert.deepEqual(deleted, [
      `${parent}/packages/reviewer/versions/${digest('3')}`,
      `${parent}/packages/reviewer/versions/${digest('1')}`,
    ]);
    assert.deepEqual(result, [`p/agents/reviewer@${digest('3')}`, `p/agents/reviewer@${digest('1')}`]);
  });

  test('a protected image among the newest still counts towards the N kept', async () => {
    const images = [image('a', '1', 1), image('a', '2', 2), image('a', '3', 3)];
    const { cloud, deleted } = fakeCloud(images);
    await pruneImages(cloud, repo, `${host}/p/agents/a`, 1, new Set([digest('3')]));
    assert.deepEqual(deleted, [
      `${parent}/packages/a/versions/${digest('2')}`,
      `${parent}/packages/a/versions/${digest('1')}`,
    ]);
  });

  test('never deletes a protected digest, however old', async () => {
    const images = [image('a', '1', 1), image('a', '2', 2), image('a', '3', 3), image('a', '4', 4)];
    const { cloud, deleted } = fakeCloud(images);
    await pruneImages(cloud, repo, `${host}/p/agents/a`, 1, new Set([digest('1'), digest('2'), digest('3')]));
    assert.deepEqual(deleted, []);
  });

  test('nanoseconds break ties in upload time', async () => {
    const images = [image('a', '1', 10, 500), image('a', '2', 10, 900), image('a', '3', 10, 100)];
    const { cloud, deleted } = fakeCloud(images);
    await pruneImages(cloud, repo, `${host}/p/agents/a`, 1, new Set());
    assert.deepEqual(deleted, [
      `${parent}/packages/a/versions/${digest('1')}`,
      `${parent}/packages/a/versions/${digest('3')}`,
    ]);
  });

  test('a nested image name is URL-encoded in the version name', async () => {
    const images = [image('team/reviewer', '1', 1), image('team/reviewer', '2', 2), image('team', '3', 0)];
    const { cloud, deleted } = fakeCloud(images);
    const result = await pruneImages(cloud, repo, `${host}/p/agents/team/reviewer`, 1, new Set());
    assert.deepEqual(deleted, [`${parent}/packages/team%2Freviewer/versions/${digest('1')}`]);
    assert.deepEqual(result, [`p/agents/team/reviewer@${digest('1')}`]);
  });

  test('nothing to delete when there are no more than N', async () => {
    const { cloud, deleted } = fakeCloud([image('a', '1', 1), image('a', '2', 2), image('a', '3', 3)]);
    assert.deepEqual(await pruneImages(cloud, repo, `${host}/p/agents/a`, 3, new Set()), []);
    assert.deepEqual(deleted, []);
  });
});

describe('requireRepository', () => {
  const build: BuildInputs = {
    context: '.',
    dockerfile: 'Dockerfile',
    buildArgs: {},
    registry: 'us-docker.pkg.dev',
    registryLocation: 'us',
    repository: 'agents',
    tag: 'latest',
  };
  const answering = (repository: { format?: string } | undefined) => {
    const asked: string[] = [];
    const cloud: Pick<Cloud, 'artifacts'> = {
      artifacts: {
        getRepository: async (location, id) => {
          asked.push(`${location}/${id}`);
          return repository;
        },
        listDockerImages: async () => [],
        deleteVersion: async () => {},
      },
    };
    return { cloud, asked };
  };

  test("asks in the repository's own location, and a Docker repository passes", async () => {
    const { cloud, asked } = answering({ format: 'DOCKER' });
    await requireRepository(cloud, build, 'p1');
    assert.deepEqual(asked, ['us/agents']);
  });

  test('a missing repository: the create command in its location, and the registry to fix otherwise', async () => {
    const { cloud } = answering(undefined);
    await assert.rejects(requireRepository(cloud, build, 'p1'), (error: Error) => {
      assert.equal(
        error.message,
        'The Artifact Registry repository projects/p1/locations/us/repositories/agents does not exist. ' +
          'Create it once: gcloud artifacts repositories create agents --repository-format=docker --location=us --project p1 ' +
          'If it exists in another location, set the "registry" input to that location\'s host, <location>-docker.pkg.dev (now us-docker.pkg.dev). ' +
          'Nothing was built.',
      );
      return true;
    });
  });

  test('a repository of another format is refused before the build', async () => {
    const { cloud } = answering({ format: 'MAVEN' });
    await assert.rejects(requireRepository(cloud, build, 'p1'), /is a MAVEN repository, not a Docker one/);
  });
});

test('imagePath and digestOfRef', () => {
  const build = {
    context: '.',
    dockerfile: 'Dockerfile',
    buildArgs: {},
    registry: 'us-central1-docker.pkg.dev',
    registryLocation: 'us-central1',
    repository: 'agents',
    tag: 't',
  };
  assert.equal(
    imagePath(build, 'my-project', 'reviewer'),
    'us-central1-docker.pkg.dev/my-project/agents/reviewer',
  );
  assert.equal(digestOfRef(`x/y@${digest('f')}`), digest('f'));
  assert.equal(digestOfRef('x/y:tag'), undefined);
  assert.equal(digestOfRef(`x/y@sha256:${'F'.repeat(64)}`), undefined);
});

describe('pruneRuntimes', () => {
  const parent = 'projects/p/locations/us-central1/repositories/agents';
  const host = 'us-central1-docker.pkg.dev';
  const runtimes = `${host}/p/agents/cloud-run-agent-runtime`;
  const now = 10 * 86400;
  const image = (pkg: string, c: string, uploaded: number, tags: string[]): DockerImage => ({
    name: `${parent}/dockerImages/${encodeURIComponent(pkg)}@${digest(c)}`,
    uri: `${host}/p/agents/${pkg}@${digest(c)}`,
    tags,
    uploadTime: { seconds: uploaded },
  });
  const runtime = (c: string, uploaded: number) =>
    image('cloud-run-agent-runtime', c, uploaded, [`runtime-${c.repeat(40)}`]);
  /** An agent image standing on runtime `c` (its tag starts with that runtime's digest). */
  const agent = (name: string, c: string, on: string) =>
    image(name, c, now - 60, [`${on.repeat(12)}-${c.repeat(32)}`]);

  test('a runtime goes only when no agent image stands on it and it is over a day old; caches keep two of each kind', async () => {
    const images = [
      runtime('a', now - 5 * 86400), // used by triage: kept
      runtime('b', now - 5 * 86400), // used by nobody, old: deleted
      runtime('c', now - 3600), // used by nobody, but an hour old: kept
      runtime('d', now - 9 * 86400), // protected (a job runs it): kept
      agent('triage', 'e', 'a'),
      image('cloud-run-agent-runtime', '1', now - 100, ['tools-1']),
      image('cloud-run-agent-runtime', '2', now - 200, ['tools-2']),
      image('cloud-run-agent-runtime', '3', now - 300, ['tools-3']), // the third newest tools image: deleted
      image('cloud-run-agent-runtime', '4', now - 400, ['node-modules-4']),
    ];
    const deleted: string[] = [];
    const cloud: Pick<Cloud, 'artifacts'> = {
      artifacts: {
        getRepository: async () => ({}),
        listDockerImages: async () => images,
        deleteVersion: async (name: string) => void deleted.push(name),
      },
    };
    const result = await pruneRuntimes(cloud, runtimes, images, new Set([digest('d')]), now);
    assert.deepEqual(result.sort(), [
      `p/agents/cloud-run-agent-runtime@${digest('3')}`,
      `p/agents/cloud-run-agent-runtime@${digest('b')}`,
    ]);
    assert.equal(deleted.length, 2);
  });
});

test("Docker's advice about itself is not mirrored; the build's own lines are", () => {
  // docker 20–28 with the legacy builder and a plain-text credential store, as on the runner.
  const noise = [
    'DEPRECATED: The legacy builder is deprecated and will be removed in a future release.',
    '            Install the buildx component to build images with BuildKit:',
    '            https://docs.docker.com/go/buildx/',
    "WARNING! Your credentials are stored unencrypted in '/tmp/x/config.json'.",
    'Configure a credential helper to remove this warning. See',
    'https://docs.docker.com/go/credential-store/',
    '',
  ];
  for (const line of noise) assert.match(line, dockerNoise, line);
  for (const line of [
    'Step 3/4 : RUN apk add git',
    'Login Succeeded',
    'see https://docs.docker.com/go/buildx/ for more',
  ])
    assert.doesNotMatch(line, dockerNoise, line);
});
