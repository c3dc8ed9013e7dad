// The distribution client against a real registry (Debian's docker-registry), alone or behind a
// proxy that adds token auth, 202 mounts, relative Locations and redirects. No Docker needed.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { copyBlob, copyImage, MEDIA_TYPES, Registry, sha256 } from '../../../src/registry/distribution.ts';
import { startRegistry, type Registry as LocalRegistry } from '../../infra/registry.ts';
import { pushBase } from './base-images.ts';
import { startProxy, type Proxy } from './registry-proxy.ts';

let local: LocalRegistry;
const proxies: Proxy[] = [];
before(async () => {
  local = await startRegistry();
});
after(async () => {
  await Promise.all(proxies.map((p) => p.close()));
  await local.stop();
});

const proxy = async (options: Parameters<typeof startProxy>[1] = {}) => {
  const started = await startProxy(`http://${local.address}`, options);
  proxies.push(started);
  return started;
};
const blob = (size: number) => {
  const bytes = randomBytes(size);
  return { bytes, digest: sha256(bytes) };
};
/** A stream of the bytes in uneven pieces, as a file or socket would give them. */
async function* pieces(bytes: Buffer, size = 10_000): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}
const calls = (p: Proxy) =>
  p.seen.map((s) => `${s.method} ${s.path.replace(/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}/, 'UUID')}`);

describe('uploads', () => {
  test('a small blob goes in one PUT that keeps the session query, and reads back', async () => {
    const p = await proxy();
    const registry = new Registry(p.host);
    const { bytes, digest } = blob(1000);
    await registry.uploadBlob('up/small', digest, bytes);
    assert.deepEqual(calls(p), ['POST /v2/up/small/blobs/uploads/', 'PUT /v2/up/small/blobs/uploads/UUID']);
    assert.ok(p.seen[1]!.query.get('_state'), 'the registry’s _state survives');
    assert.equal(p.seen[1]!.query.get('digest'), digest);
    assert.ok(await registry.blobExists('up/small', digest));
    assert.deepEqual(await registry.readBlob('up/small', digest), bytes);
  });

  test('a big blob goes in PATCH chunks with Content-Range, then an empty PUT, with progress', async () => {
    const p = await proxy({ relativeLocations: true });
    const registry = new Registry(p.host, { chunkSize: 64 << 10 });
    const { bytes, digest } = blob(200 << 10);
    const progress: number[] = [];
    await registry.uploadBlob('up/big', digest, pieces(bytes), { onProgress: (sent) => progress.push(sent) });
    const patches = p.seen.filter((s) => s.method === 'PATCH');
    assert.deepEqual(
      patches.map((s) => s.contentRange),
      ['0-65535', '65536-131071', '131072-196607', '196608-204799'],
    );
    assert.deepEqual(progress, [65536, 131072, 196608, 204800]);
    assert.equal(calls(p).at(-1), 'PUT /v2/up/big/blobs/uploads/UUID');
    assert.deepEqual(await registry.readBlob('up/big', digest), bytes);
  });

  test('a blob of exactly one chunk, and an empty blob, go in one PUT', async () => {
    const p = await proxy();
    const registry = new Registry(p.host, { chunkSize: 1024 });
    for (const { bytes, digest } of [blob(1024), blob(0)]) {
      p.seen.length = 0;
      await registry.uploadBlob('up/edge', digest, pieces(bytes, 100));
      assert.deepEqual(calls(p), ['POST /v2/up/edge/blobs/uploads/', 'PUT /v2/up/edge/blobs/uploads/UUID']);
      assert.ok(await registry.blobExists('up/edge', digest));
    }
  });

  test('a wrong digest fails with the registry’s code, and the session is cancelled', async () => {
    const p = await proxy();
    const registry = new Registry(p.host);
    const { bytes } = blob(100);
    await assert.rejects(
      registry.uploadBlob('up/wrong', blob(1).digest, bytes),
      /^RegistryError: 127\.0\.0\.1:\d+\/up\/wrong: upload blob sha256:\w+ answered 400 \(DIGEST_INVALID/,
    );
    assert.equal(calls(p).at(-1), 'DELETE /v2/up/wrong/blobs/uploads/UUID');
  });
});

describe('mounts and copies', () => {
  test('a mount answered 201 links the blob; answered 202, the upload goes on in its session', async () => {
    const p = await proxy();
    const registry = new Registry(p.host);
    const { bytes, digest } = blob(500);
    await registry.uploadBlob('m/source', digest, bytes);
    assert.deepEqual(await registry.mountBlob('m/target', digest, 'm/source'), { mounted: true });
    assert.ok(await registry.blobExists('m/target', digest));

    // The real registry answers 202 when the source repository lacks the blob.
    const other = blob(600);
    const mount = await registry.mountBlob('m/target', other.digest, 'm/source');
    assert.equal(mount.mounted, false);
    p.seen.length = 0;
    await registry.uploadBlob('m/target', other.digest, other.bytes, {
      session: mount.mounted ? '' : mount.session,
    });
    assert.deepEqual(calls(p), ['PUT /v2/m/target/blobs/uploads/UUID']); // no second POST
    assert.ok(await registry.blobExists('m/target', other.digest));
  });

  test('copyBlob: present, mounted, or (mount answered 202) copied through the session', async () => {
    const p = await proxy();
    const registry = new Registry(p.host);
    const { bytes, digest } = blob(700);
    await registry.uploadBlob('c/source', digest, bytes);
    const from = { registry, name: 'c/source' };
    assert.equal(await copyBlob(from, { registry, name: 'c/source' }, digest), 'present');
    assert.equal(await copyBlob(from, { registry, name: 'c/mounted' }, digest), 'mounted');
    p.options.refuseMounts = true;
    p.seen.length = 0;
    assert.equal(await copyBlob(from, { registry, name: 'c/copied' }, digest), 'copied');
    assert.deepEqual(calls(p), [
      'HEAD /v2/c/copied/blobs/' + digest,
      'POST /v2/c/copied/blobs/uploads/',
      'GET /v2/c/source/blobs/' + digest,
      'PUT /v2/c/copied/blobs/uploads/UUID',
    ]);
    assert.deepEqual(await registry.readBlob('c/copied', digest), bytes);
  });

  test('copyImage copies an image to another registry without Docker, keeping its digest', async () => {
    const second = await startRegistry();
    try {
      const source = new Registry(local.address);
      const target = new Registry(second.address, { chunkSize: 1024 });
      const base = await pushBase(source, 'copy/base', 'v1', { family: 'oci', index: true });
      const ref = await copyImage(
        { registry: source, name: 'copy/base', reference: 'v1' },
        { registry: target, name: 'mirror/base', tag: 'v1' },
      );
      assert.equal(ref, `${second.address}/mirror/base@${base.imageDigest}`);
      assert.ok(await target.blobExists('mirror/base', base.layerDigest));
      const before = target.requests;
      await copyImage(
        { registry: source, name: 'copy/base', reference: 'v1' },
        { registry: target, name: 'mirror/base', tag: 'v1' },
      );
      assert.equal(target.requests - before, 3, 'again: two HEADs (config, layer) and the manifest PUT');
    } finally {
      await second.stop();
    }
  });
});

describe('manifests', () => {
  test('an index resolves to its linux/amd64 image, media types kept', async () => {
    const registry = new Registry(local.address);
    for (const family of ['oci', 'docker'] as const) {
      const base = await pushBase(registry, `idx/${family}`, 'v1', { family, index: true });
      const manifest = await registry.getManifest(`idx/${family}`, 'v1');
      assert.equal(manifest.digest, base.imageDigest);
      assert.equal(
        manifest.mediaType,
        family === 'oci' ? MEDIA_TYPES.ociManifest : MEDIA_TYPES.dockerManifest,
      );
      assert.equal(sha256(manifest.bytes), manifest.digest);
      assert.equal(await registry.headManifest(`idx/${family}`, 'v1'), base.digest); // the index itself
    }
  });

  test('an index without linux/amd64 is an error naming the platforms it has', async () => {
    const registry = new Registry(local.address);
    await pushBase(registry, 'idx/arm', 'v1', { family: 'oci', index: true, noAmd64: true });
    await assert.rejects(
      registry.getManifest('idx/arm', 'v1'),
      /idx\/arm:v1 has no linux\/amd64 image \(it has: linux\/arm64\)/,
    );
  });

  test('headManifest: the digest, or undefined for a tag that is not there', async () => {
    const registry = new Registry(local.address);
    const base = await pushBase(registry, 'head/img', 'v1', { family: 'docker' });
    assert.equal(await registry.headManifest('head/img', 'v1'), base.digest);
    assert.equal(await registry.headManifest('head/img', 'nope'), undefined);
  });
});

describe('auth', () => {
  const accessToken = 'ya29.secret-google-access-token';

  test('one token for a whole push (willPush), Basic oauth2accesstoken to a loopback realm', async () => {
    const p = await proxy({ bearer: true });
    const registry = new Registry(p.host, { accessToken });
    registry.willPush('auth/img');
    await pushBase(registry, 'auth/img', 'v1', { family: 'docker' });
    await registry.getManifest('auth/img', 'v1');
    const tokenCalls = p.seen.filter((s) => s.path === '/token');
    assert.equal(tokenCalls.length, 1);
    assert.deepEqual(tokenCalls[0]!.query.getAll('scope'), ['repository:auth/img:pull,push']);
    assert.equal(
      tokenCalls[0]!.authorization,
      `Basic ${Buffer.from(`oauth2accesstoken:${accessToken}`).toString('base64')}`,
    );
    assert.equal(registry.requests, p.seen.length, 'every request counted, the token’s too');
  });

  test('a mount asks for the source repository too; a cached wider token serves reads', async () => {
    const p = await proxy({ bearer: true });
    const registry = new Registry(p.host);
    const { bytes, digest } = blob(100);
    registry.willPush('auth/source');
    await registry.uploadBlob('auth/source', digest, bytes);
    await registry.blobExists('auth/source', digest); // covered by the pull,push token: no new token
    registry.willPush('auth/target');
    await registry.mountBlob('auth/target', digest, 'auth/source');
    const scopes = p.seen.filter((s) => s.path === '/token').map((s) => s.query.getAll('scope'));
    assert.deepEqual(scopes, [
      ['repository:auth/source:pull,push'],
      ['repository:auth/target:pull,push', 'repository:auth/source:pull'],
    ]);
  });

  test('a token the registry stops accepting is replaced once', async () => {
    const p = await proxy({ bearer: true });
    const registry = new Registry(p.host);
    await pushBase(registry, 'auth/renew', 'v1', { family: 'oci' });
    p.tokens.clear(); // every token issued so far is now refused
    assert.ok(await registry.headManifest('auth/renew', 'v1'));
  });

  test('the access token goes to Google registries and realms only; others are asked anonymously', async () => {
    const p = await proxy({ bearer: true });
    await pushBase(new Registry(p.host), 'anon/img', 'v1', { family: 'docker' });
    // Names resolve to the proxy: the client still believes it speaks HTTPS to those hosts.
    const routed: typeof fetch = (input, init) => {
      const url = new URL(input instanceof Request ? input.url : input);
      return fetch(`${p.origin}${url.pathname}${url.search}`, init);
    };
    for (const [host, realm, expected] of [
      ['registry.example.test', 'registry.example.test', undefined],
      ['ghcr.io', 'ghcr.io', undefined],
      ['evil-pkg.dev.example.test', 'evil-pkg.dev.example.test', undefined],
      ['europe-docker.pkg.dev', 'auth.example.test', undefined], // a Google registry naming another realm
      ['europe-docker.pkg.dev', 'europe-docker.pkg.dev', 'Basic'],
      ['gcr.io', 'gcr.io', 'Basic'],
    ] as const) {
      p.options.realm = `https://${realm}/v2/token`;
      p.seen.length = 0;
      await new Registry(host, { accessToken, fetch: routed }).getManifest('anon/img', 'v1');
      const tokenCall = p.seen.find((s) => s.path === '/v2/token');
      assert.equal(tokenCall?.authorization?.split(' ')[0], expected, `${host} with realm ${realm}`);
    }
  });

  test('a Basic challenge is answered with the access token, or named when there is none', async () => {
    const basic = `Basic ${Buffer.from(`oauth2accesstoken:${accessToken}`).toString('base64')}`;
    const p = await proxy({ basic });
    const base = await pushBase(new Registry(p.host, { accessToken }), 'basic/img', 'v1', { family: 'oci' });
    assert.equal(await new Registry(p.host, { accessToken }).headManifest('basic/img', 'v1'), base.digest);
    await assert.rejects(
      new Registry(p.host).headManifest('basic/img', 'v1'),
      /\/basic\/img: HEAD manifest v1 needs credentials$/,
    );
  });

  test('a token never follows a redirect to another host', async () => {
    const elsewhere = await proxy();
    const p = await proxy({ bearer: true, redirectBlobsTo: elsewhere.origin });
    const registry = new Registry(p.host, { accessToken });
    const { bytes, digest } = blob(100);
    registry.willPush('redir/img');
    await registry.uploadBlob('redir/img', digest, bytes);
    assert.deepEqual(await registry.readBlob('redir/img', digest), bytes);
    const fetched = elsewhere.seen.find((s) => s.method === 'GET');
    assert.ok(fetched, 'the blob came from the redirect target');
    assert.equal(fetched.authorization, undefined);
  });
});

describe('errors', () => {
  test('name the registry, the repository, the operation and the status, with the registry’s code', async () => {
    const registry = new Registry(local.address);
    await assert.rejects(registry.getManifest('err/img', 'missing'), (error: Error) => {
      assert.equal(
        error.message,
        `${local.address}/err/img: GET manifest missing answered 404 (MANIFEST_UNKNOWN: manifest unknown)`,
      );
      assert.equal((error as { status?: number }).status, 404);
      return true;
    });
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MEDIA_TYPES.ociManifest,
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: blob(1).digest, size: 1 },
        layers: [],
      }),
    );
    await assert.rejects(
      registry.putManifest('err/img', 'v1', MEDIA_TYPES.ociManifest, manifest),
      /\/err\/img: PUT manifest v1 answered 400 \(MANIFEST_BLOB_UNKNOWN/,
    );
  });

  test('a network failure names its cause’s code (not undici’s "fetch failed")', async () => {
    const p = await proxy();
    const host = p.host;
    await p.close();
    await assert.rejects(
      new Registry(host).blobExists('net/img', blob(1).digest),
      new RegExp(
        `^RegistryError: ${host.replace(/\./g, '\\.')}/net/img: HEAD blob sha256:\\w+ failed: ECONNREFUSED$`,
      ),
    );
  });

  test('a refused token request names the realm and status, never the token', async () => {
    const accessToken = 'ya29.do-not-print-me';
    const p = await proxy({ bearer: true, tokenStatus: 401 });
    await assert.rejects(
      new Registry(p.host, { accessToken }).headManifest('tok/img', 'v1'),
      (error: Error) => {
        assert.match(
          error.message,
          /\/tok\/img: HEAD manifest v1: token for repository:tok\/img:pull from 127\.0\.0\.1:\d+ answered 401$/,
        );
        assert.ok(!error.message.includes(accessToken));
        assert.ok(
          !error.message.includes(Buffer.from(`oauth2accesstoken:${accessToken}`).toString('base64')),
        );
        return true;
      },
    );
  });
});
