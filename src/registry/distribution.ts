// A small client of the OCI Distribution API v2 (manifests, blobs, uploads, cross-repository
// mounts) over the global fetch: enough to append a layer to an image and to copy an image from one
// registry to another without Docker. One Registry object per registry host; it keeps the tokens
// and counts the requests it makes (token requests and redirects included).
//
// Auth is the registry token flow: try, and on a 401 Bearer challenge ask its realm for a token of
// the scopes the operation needs. A Google access token goes only to Google's registries or to
// loopback (as Basic oauth2accesstoken:<token>); every other registry is asked anonymously.
// Loopback registries are spoken to over plain HTTP, all others over HTTPS.
//
// Errors name the registry, the repository, the operation and the HTTP status (or the network
// error's code), never a token.
import { createHash } from 'node:crypto';
import { googleRegistry, loopback } from './references.ts';

export const MEDIA_TYPES = {
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
} as const;

const MANIFEST_ACCEPT = Object.values(MEDIA_TYPES).join(', ');
const INDEX_TYPES: string[] = [MEDIA_TYPES.dockerList, MEDIA_TYPES.ociIndex];
const IMAGE_TYPES: string[] = [MEDIA_TYPES.dockerManifest, MEDIA_TYPES.ociManifest];

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: { os?: string; architecture?: string; variant?: string };
  annotations?: Record<string, string>;
  urls?: string[];
}

export interface ImageManifest {
  schemaVersion: number;
  mediaType?: string;
  config: Descriptor;
  layers: Descriptor[];
}

/** An image manifest as the registry stores it: these exact bytes have this digest. */
export interface Manifest {
  mediaType: string;
  bytes: Buffer;
  digest: string;
  json: ImageManifest;
}

export interface RegistryOptions {
  /** A Google access token: sent (to the token realm) only when the registry is Google's or loopback. */
  accessToken?: string;
  /** Blobs up to this size go in one PUT; bigger ones in PATCH chunks of this size (default 16 MiB). */
  chunkSize?: number;
  /** The fetch to use (tests route a named host to a local server). */
  fetch?: typeof fetch;
}

/** Called with the bytes of a blob sent so far. */
export type Progress = (sent: number) => void;

/** A blob to upload: bytes, or a stream of them (a file's read stream, another registry's GET). */
export type BlobSource = Buffer | AsyncIterable<Uint8Array>;

/** An HTTP answer or network failure, with the registry, repository and operation in the message. */
export class RegistryError extends Error {
  readonly status: number | undefined;
  constructor(message: string, status?: number) {
    super(message);
    this.name = 'RegistryError';
    this.status = status;
  }
}

interface Call {
  /** What is being done, for messages: `HEAD blob sha256:…`. */
  what: string;
  name: string;
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** A path under the registry (`/v2/…`) or an absolute URL (an upload's Location). */
  url: string;
  headers?: Record<string, string>;
  body?: Buffer;
  /** Statuses that are answers; any other throws. */
  ok: number[];
  /** Extra scopes (a mount's source repository); the call's own repository is always included. */
  scopes?: string[];
}

interface Token {
  scopes: string[];
  authorization: string;
  expires: number;
}

interface Challenge {
  scheme: 'bearer' | 'basic';
  realm: string;
  service?: string;
  scope?: string;
}

export class Registry {
  /** `host[:port]` as in image references, e.g. `us-docker.pkg.dev` or `127.0.0.1:5000`. */
  readonly host: string;
  /** Requests made so far, token requests and redirects included. */
  requests = 0;
  readonly #base: string;
  readonly #options: RegistryOptions;
  readonly #fetch: typeof fetch;
  readonly #pushing = new Set<string>();
  #tokens: Token[] = [];
  #challenge: Challenge | undefined;

  constructor(host: string, options: RegistryOptions = {}) {
    this.host = host;
    this.#base = `${loopback.test(host) ? 'http' : 'https'}://${host}`;
    this.#options = options;
    this.#fetch = options.fetch ?? fetch;
  }

  /** Blobs up to this size go in one PUT, bigger ones in chunks of it. */
  get chunkSize(): number {
    return this.#options.chunkSize ?? 16 << 20;
  }

  /**
   * Declares that `name` will be pushed to, so that every token for it asks for pull and push at
   * once (one token request instead of a pull token now and a push token later).
   */
  willPush(name: string): void {
    this.#pushing.add(name);
  }

  /** The image manifest of `name:reference`; an index or list resolves to its linux/amd64 image. */
  async getManifest(name: string, reference: string): Promise<Manifest> {
    const top = await this.#manifest(name, reference);
    if (!INDEX_TYPES.includes(top.mediaType)) return asImage(top, this.#where(name, reference));
    const entries = (top.json as { manifests?: Descriptor[] }).manifests ?? [];
    const entry = entries.find(isLinuxAmd64);
    if (!entry) {
      const platforms = entries.map((e) => `${e.platform?.os}/${e.platform?.architecture}`).join(', ');
      throw new RegistryError(
        `${this.#where(name, reference)} has no linux/amd64 image (it has: ${platforms})`,
      );
    }
    return asImage(await this.#manifest(name, entry.digest), this.#where(name, entry.digest));
  }

  /** The digest `name:reference` points at (an index's own digest for an index), or undefined if absent. */
  async headManifest(name: string, reference: string): Promise<string | undefined> {
    const response = await this.#send({
      what: `HEAD manifest ${reference}`,
      name,
      method: 'HEAD',
      url: `/v2/${name}/manifests/${reference}`,
      headers: { accept: MANIFEST_ACCEPT },
      ok: [200, 404],
    });
    if (response.status === 404) return undefined;
    // Optional in the spec: without it, the bytes tell.
    return response.headers.get('docker-content-digest') ?? (await this.#manifest(name, reference)).digest;
  }

  /** Stores a manifest under a tag (or its digest) and returns its digest, checked against the bytes. */
  async putManifest(name: string, reference: string, mediaType: string, bytes: Buffer): Promise<string> {
    const what = `PUT manifest ${reference}`;
    const response = await this.#send({
      what,
      name,
      method: 'PUT',
      url: `/v2/${name}/manifests/${reference}`,
      headers: { 'content-type': mediaType },
      body: bytes,
      ok: [200, 201, 202, 204],
    });
    await response.body?.cancel();
    return checkedDigest(
      bytes,
      response.headers.get('docker-content-digest'),
      `${this.#where(name)}: ${what}`,
    );
  }

  async blobExists(name: string, digest: string): Promise<boolean> {
    const response = await this.#send({
      what: `HEAD blob ${digest}`,
      name,
      method: 'HEAD',
      url: `/v2/${name}/blobs/${digest}`,
      ok: [200, 404],
    });
    return response.status === 200;
  }

  /** A blob as a stream (not checked against its digest: an upload of it is, by the receiving registry). */
  async getBlob(name: string, digest: string): Promise<{ size: number; body: AsyncIterable<Uint8Array> }> {
    const what = `GET blob ${digest}`;
    const response = await this.#send({
      what,
      name,
      method: 'GET',
      url: `/v2/${name}/blobs/${digest}`,
      ok: [200],
    });
    if (!response.body) throw new RegistryError(`${this.#where(name)}: ${what} answered without a body`);
    return { size: Number(response.headers.get('content-length') ?? NaN), body: response.body };
  }

  /** A (small) blob's bytes, checked against its digest. */
  async readBlob(name: string, digest: string): Promise<Buffer> {
    const { body } = await this.getBlob(name, digest);
    const chunks: Uint8Array[] = [];
    for await (const chunk of body) chunks.push(chunk);
    const bytes = Buffer.concat(chunks);
    if (sha256(bytes) !== digest)
      throw new RegistryError(`${this.#where(name)}: GET blob ${digest} returned bytes of another digest`);
    return bytes;
  }

  /** A (small) JSON blob, such as an image config, parsed. */
  async readJsonBlob(name: string, digest: string): Promise<unknown> {
    return parseJson(await this.readBlob(name, digest), `${this.#where(name)}: blob ${digest}`);
  }

  /**
   * Asks the registry to link a blob of the repository `from` into `name`. Answered 201, it is
   * there; answered 202, the registry did not mount it and opened an upload session instead, which
   * uploadBlob can use (or cancelUpload close).
   */
  async mountBlob(
    name: string,
    digest: string,
    from: string,
  ): Promise<{ mounted: true } | { mounted: false; session: string }> {
    const query = new URLSearchParams({ mount: digest, from });
    const { status, session } = await this.#sendForSession({
      what: `mount blob ${digest} from ${from}`,
      name,
      method: 'POST',
      url: `/v2/${name}/blobs/uploads/?${query}`,
      scopes: [`repository:${from}:pull`],
      ok: [201, 202],
    });
    return status === 201 ? { mounted: true } : { mounted: false, session };
  }

  /**
   * Uploads a blob: one PUT when it fits in a chunk, else PATCH chunks then an empty PUT. Uses the
   * given upload session (from a mount answered 202) or starts one. A failed upload's session is cancelled.
   */
  async uploadBlob(
    name: string,
    digest: string,
    source: BlobSource,
    options: { session?: string; onProgress?: Progress } = {},
  ): Promise<void> {
    let session = options.session ?? (await this.#startUpload(name));
    try {
      // One chunk behind: a chunk is PATCHed once another follows it, so a blob that fits in one
      // chunk goes whole in the closing PUT.
      let sent = 0;
      let held: Buffer | undefined;
      for await (const chunk of chunksOf(source, this.chunkSize)) {
        if (held) {
          session = await this.#patch(name, session, held, sent, options.onProgress);
          sent += held.length;
        }
        held = chunk;
      }
      if (sent > 0 && held?.length)
        session = await this.#patch(name, session, held, sent, options.onProgress);
      await this.#finishUpload(name, digest, session, sent > 0 ? undefined : held, options.onProgress);
    } catch (error) {
      await this.cancelUpload(name, session).catch(() => undefined);
      throw error;
    }
  }

  /** Closes an upload session that will not be used (best effort: a registry may have expired it already). */
  async cancelUpload(name: string, session: string): Promise<void> {
    const response = await this.#send({
      what: 'cancel upload',
      name,
      method: 'DELETE',
      url: session,
      ok: [200, 202, 204, 404],
    });
    await response.body?.cancel();
  }

  async #startUpload(name: string): Promise<string> {
    const started = await this.#sendForSession({
      what: 'start upload',
      name,
      method: 'POST',
      url: `/v2/${name}/blobs/uploads/`,
      ok: [202],
    });
    return started.session;
  }

  /** Sends one chunk, found at `offset` in the blob; returns the session's next location. */
  async #patch(name: string, session: string, chunk: Buffer, offset: number, onProgress?: Progress) {
    const end = offset + chunk.length;
    const next = await this.#sendForSession({
      what: `upload chunk at ${offset}`,
      name,
      method: 'PATCH',
      url: session,
      headers: { 'content-type': 'application/octet-stream', 'content-range': `${offset}-${end - 1}` },
      body: chunk,
      ok: [202],
    });
    onProgress?.(end);
    return next.session;
  }

  /** The closing PUT with `?digest=`, carrying the whole blob when it fits in one chunk. */
  async #finishUpload(name: string, digest: string, session: string, body?: Buffer, onProgress?: Progress) {
    const url = new URL(session, this.#base);
    url.searchParams.set('digest', digest); // keeps the session's own query (distribution's _state)
    const response = await this.#send({
      what: `upload blob ${digest}`,
      name,
      method: 'PUT',
      url: url.href,
      headers: { 'content-type': 'application/octet-stream' },
      body: body ?? Buffer.alloc(0),
      ok: [201, 204],
    });
    await response.body?.cancel();
    if (body) onProgress?.(body.length);
  }

  /**
   * A call answered with an upload session: its status, and its Location made absolute (registries
   * send both relative and absolute ones, and a query of their own that must be kept).
   */
  async #sendForSession(call: Call): Promise<{ status: number; session: string }> {
    const response = await this.#send(call);
    await response.body?.cancel();
    const location = response.headers.get('location');
    if (!location)
      throw new RegistryError(`${this.#where(call.name)}: ${call.what} answered without a Location`);
    return { status: response.status, session: new URL(location, new URL(call.url, this.#base)).href };
  }

  /** GET of one manifest as stored (no index resolution); checks the digest when asked by digest. */
  async #manifest(name: string, reference: string): Promise<Manifest> {
    const what = `GET manifest ${reference}`;
    const response = await this.#send({
      what,
      name,
      method: 'GET',
      url: `/v2/${name}/manifests/${reference}`,
      headers: { accept: MANIFEST_ACCEPT },
      ok: [200],
    });
    const bytes = Buffer.from(await response.arrayBuffer());
    const where = `${this.#where(name, reference)}: ${what}`;
    const digest = checkedDigest(bytes, response.headers.get('docker-content-digest'), where);
    if (reference.startsWith('sha256:') && digest !== reference)
      throw new RegistryError(`${where} returned a manifest of another digest (${digest})`);
    const json = parseJson(bytes, where) as ImageManifest;
    const mediaType = json.mediaType ?? response.headers.get('content-type')?.split(';')[0]?.trim() ?? '';
    return { mediaType, bytes, digest, json };
  }

  /** One call with auth: a cached token if one covers it, else try and answer a 401's challenge. */
  async #send(call: Call): Promise<Response> {
    const scopes = [this.#scope(call.name), ...(call.scopes ?? [])];
    let authorization = this.#cachedToken(scopes);
    if (!authorization && this.#challenge) authorization = await this.#token(this.#challenge, scopes, call);
    let response = await this.#fetchFollowing(call, authorization);
    if (response.status === 401) {
      const challenge = parseChallenge(response.headers.get('www-authenticate'));
      await response.body?.cancel();
      if (challenge) {
        this.#challenge = challenge;
        this.#tokens = this.#tokens.filter((t) => t.authorization !== authorization); // refused: stale
        const wanted =
          challenge.scope && !scopes.includes(challenge.scope) ? [...scopes, challenge.scope] : scopes;
        response = await this.#fetchFollowing(call, await this.#token(challenge, wanted, call));
      }
    }
    if (!call.ok.includes(response.status)) throw await this.#failure(call, response);
    return response;
  }

  /** One fetch, following redirects by hand so that a token never goes to another host. */
  async #fetchFollowing(call: Call, authorization: string | undefined): Promise<Response> {
    let url = new URL(call.url, this.#base);
    let method: string = call.method;
    for (let hops = 0; ; hops++) {
      const ours = url.origin === new URL(this.#base).origin;
      const headers = { ...call.headers, ...(authorization && ours ? { authorization } : {}) };
      // A Buffer is a Uint8Array; its type allows a SharedArrayBuffer, which fetch refuses and no caller passes.
      const body = method === 'GET' || method === 'HEAD' ? undefined : (call.body as Uint8Array<ArrayBuffer>);
      const response = await this.#count(call, () =>
        this.#fetch(url, { method, headers, body, redirect: 'manual' }),
      );
      const location = response.headers.get('location');
      if (![301, 302, 303, 307, 308].includes(response.status) || !location || hops === 5) return response;
      await response.body?.cancel();
      url = new URL(location, url);
      if (response.status === 303) method = 'GET';
    }
  }

  /** Runs a fetch, counting it and turning a network failure into a RegistryError with its cause's code. */
  async #count(call: Call, request: () => Promise<Response>): Promise<Response> {
    this.requests++;
    try {
      return await request();
    } catch (error) {
      throw new RegistryError(`${this.#where(call.name)}: ${call.what} failed: ${networkCause(error)}`);
    }
  }

  #scope(name: string): string {
    return `repository:${name}:${this.#pushing.has(name) ? 'pull,push' : 'pull'}`;
  }

  #cachedToken(scopes: string[]): string | undefined {
    const now = Date.now();
    this.#tokens = this.#tokens.filter((t) => t.expires > now);
    return this.#tokens.find((t) => scopes.every((s) => covers(t.scopes, s)))?.authorization;
  }

  /** Answers a challenge: a Bearer token from its realm, or (Basic) the credentials themselves. */
  async #token(challenge: Challenge, scopes: string[], call: Call): Promise<string> {
    if (challenge.scheme === 'basic') {
      const basic = this.#basicCredentials(this.host);
      if (!basic) throw new RegistryError(`${this.#where(call.name)}: ${call.what} needs credentials`, 401);
      return basic;
    }
    const url = new URL(challenge.realm);
    if (challenge.service) url.searchParams.set('service', challenge.service);
    for (const scope of scopes) url.searchParams.append('scope', scope);
    const what = `${call.what}: token for ${scopes.join(' ')} from ${url.host}`;
    const basic = this.#basicCredentials(url.host);
    // No redirects: the credentials are for this realm only.
    const response = await this.#count({ ...call, what }, () =>
      this.#fetch(url, { headers: basic ? { authorization: basic } : {}, redirect: 'error' }),
    );
    if (!response.ok) {
      await response.body?.cancel();
      throw new RegistryError(
        `${this.#where(call.name)}: ${what} answered ${response.status}`,
        response.status,
      );
    }
    const body = (await response.json()) as { token?: string; access_token?: string; expires_in?: number };
    const token = body.token ?? body.access_token;
    if (!token) throw new RegistryError(`${this.#where(call.name)}: ${what} answered without a token`);
    // Renewed early: a token that expires mid-call costs a 401 and a retry.
    const lifetime = (body.expires_in ?? 60) * 800;
    this.#tokens.push({ scopes, authorization: `Bearer ${token}`, expires: Date.now() + lifetime });
    return `Bearer ${token}`;
  }

  /** The access token as Basic credentials, when both the registry and `to` (a realm) may receive it. */
  #basicCredentials(to: string): string | undefined {
    const token = this.#options.accessToken;
    if (!token || !googleRegistry(this.host) || !googleRegistry(to)) return undefined;
    return `Basic ${Buffer.from(`oauth2accesstoken:${token}`).toString('base64')}`;
  }

  /** The error for an unexpected answer, with the registry's own error codes when it sent any. */
  async #failure(call: Call, response: Response): Promise<RegistryError> {
    const text = call.method === 'HEAD' ? '' : await response.text().catch(() => '');
    let detail = '';
    try {
      const errors = (JSON.parse(text) as { errors?: { code?: string; message?: string }[] }).errors ?? [];
      detail = errors.map((e) => [e.code, e.message].filter(Boolean).join(': ')).join('; ');
    } catch {
      // not the registry's JSON error body
    }
    const status = `${response.status}${detail ? ` (${detail.slice(0, 300)})` : ''}`;
    return new RegistryError(`${this.#where(call.name)}: ${call.what} answered ${status}`, response.status);
  }

  #where(name: string, reference?: string): string {
    return `${this.host}/${name}${reference ? (reference.includes(':') ? `@${reference}` : `:${reference}`) : ''}`;
  }
}

/** Copies a blob into another repository (of the same or another registry) unless it is there already. */
export async function copyBlob(
  from: { registry: Registry; name: string },
  to: { registry: Registry; name: string },
  digest: string,
  onProgress?: Progress,
): Promise<'present' | 'mounted' | 'copied'> {
  if (await to.registry.blobExists(to.name, digest)) return 'present';
  let session: string | undefined;
  if (from.registry.host === to.registry.host) {
    const mount = await to.registry.mountBlob(to.name, digest, from.name);
    if (mount.mounted) return 'mounted';
    session = mount.session;
  }
  let blob: Awaited<ReturnType<Registry['getBlob']>>;
  try {
    blob = await from.registry.getBlob(from.name, digest);
  } catch (error) {
    if (session) await to.registry.cancelUpload(to.name, session).catch(() => undefined);
    throw error;
  }
  await to.registry.uploadBlob(to.name, digest, blob.body, { session, onProgress }); // cancels on failure
  return 'copied';
}

/**
 * Copies an image (its linux/amd64 manifest, for an index) to `to.name:to.tag` and returns
 * `host/name@digest` there. The manifest's bytes are kept, so its digest is the same as at the source.
 */
export async function copyImage(
  from: { registry: Registry; name: string; reference: string },
  to: { registry: Registry; name: string; tag: string },
): Promise<string> {
  to.registry.willPush(to.name);
  const manifest = await from.registry.getManifest(from.name, from.reference);
  const blobs = [manifest.json.config, ...manifest.json.layers];
  await Promise.all(blobs.map((blob) => copyBlob(from, to, blob.digest)));
  const digest = await to.registry.putManifest(to.name, to.tag, manifest.mediaType, manifest.bytes);
  return `${to.registry.host}/${to.name}@${digest}`;
}

export const sha256 = (bytes: Buffer): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/** The bytes' digest; when the registry named one, it must be the same. */
function checkedDigest(bytes: Buffer, named: string | null, where: string): string {
  const digest = sha256(bytes);
  if (named && named.startsWith('sha256:') && named !== digest)
    throw new RegistryError(`${where}: the registry says ${named}, the bytes are ${digest}`);
  return digest;
}

function parseJson(bytes: Buffer, where: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new RegistryError(`${where} is not JSON`);
  }
}

function asImage(manifest: Manifest, where: string): Manifest {
  const { json, mediaType } = manifest;
  if (
    !IMAGE_TYPES.includes(mediaType) ||
    json.schemaVersion !== 2 ||
    !json.config ||
    !Array.isArray(json.layers)
  )
    throw new RegistryError(
      `${where} is not a Docker v2 schema 2 or OCI image manifest (${mediaType || 'no media type'})`,
    );
  return manifest;
}

const isLinuxAmd64 = (d: Descriptor): boolean =>
  d.platform?.os === 'linux' &&
  d.platform.architecture === 'amd64' &&
  (d.platform.variant === undefined || d.platform.variant === 'v1');

/** Whether a token of `have` scopes allows `want` (`repository:a:pull,push` covers `repository:a:pull`). */
function covers(have: string[], want: string): boolean {
  const [type, name, actions = ''] = splitScope(want);
  return have.some((h) => {
    const [hType, hName, hActions = ''] = splitScope(h);
    return (
      hType === type && hName === name && actions.split(',').every((a) => hActions.split(',').includes(a))
    );
  });
}

// The name may hold a port (`repository:host:5000/x:pull` does not occur, but a `:` in names must not confuse).
const splitScope = (scope: string): string[] => {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  return [scope.slice(0, first), scope.slice(first + 1, last), scope.slice(last + 1)];
};

/** `Bearer realm="…",service="…",scope="…"` or `Basic realm="…"`; undefined for anything else. */
function parseChallenge(header: string | null): Challenge | undefined {
  const scheme = /^\s*(bearer|basic)\s/i.exec(header ?? '')?.[1]?.toLowerCase();
  if (!header || (scheme !== 'bearer' && scheme !== 'basic')) return undefined;
  const params = Object.fromEntries(
    [...header.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!.toLowerCase(), m[2]!]),
  );
  if (scheme === 'bearer' && !params.realm) return undefined;
  return { scheme, realm: params.realm ?? '', service: params.service, scope: params.scope };
}

/** Buffers of exactly `size` bytes (the last one shorter) from a source; a Buffer source is sliced, not copied. */
async function* chunksOf(source: BlobSource, size: number): AsyncGenerator<Buffer> {
  if (Buffer.isBuffer(source)) {
    for (let at = 0; at < source.length || at === 0; at += size) yield source.subarray(at, at + size);
    return;
  }
  let pending: Buffer[] = [];
  let length = 0;
  let yielded = false;
  for await (const piece of source) {
    let rest = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    while (length + rest.length >= size) {
      const take = size - length;
      yield Buffer.concat([...pending, rest.subarray(0, take)]);
      yielded = true;
      rest = rest.subarray(take);
      pending = [];
      length = 0;
    }
    if (rest.length) pending.push(rest);
    length += rest.length;
  }
  if (length || !yielded) yield Buffer.concat(pending); // an empty blob is one empty chunk
}

/** The code of a network failure (undici's own message is only "fetch failed"). */
function networkCause(error: unknown): string {
  const cause = (error as { cause?: unknown }).cause ?? error;
  const c = cause as { code?: string; errors?: { code?: string }[]; message?: string };
  return c.code ?? c.errors?.find((e) => e.code)?.code ?? c.message ?? String(error);
}
