// A loopback HTTP proxy in front of a real registry (test/infra/registry.ts), to give it behaviours
// the local registry lacks: a Bearer token flow (with its own token endpoint), mounts answered 202,
// relative Location headers, blob GETs redirected to another host. It logs every request it sees.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Seen {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization?: string;
  contentRange?: string;
}

export interface ProxyOptions {
  /** Require Bearer tokens from this proxy's /token endpoint (which accepts any caller). */
  bearer?: boolean;
  /** The realm the challenge names (default: this proxy's /token). */
  realm?: string;
  /** Require this Authorization header (Basic auth, no token endpoint). */
  basic?: string;
  /** Status the token endpoint answers with instead of a token. */
  tokenStatus?: number;
  /** Answer 202 (a new upload session) to every cross-repository mount. */
  refuseMounts?: boolean;
  /** Send Location headers as path and query only. */
  relativeLocations?: boolean;
  /** Answer blob GETs with a 307 to this origin (same path). */
  redirectBlobsTo?: string;
}

interface Reply {
  status: number;
  headers: Record<string, string>;
  body?: Buffer | string;
}

export class Proxy {
  readonly seen: Seen[] = [];
  /** Scopes each issued token grants, by token. */
  readonly tokens = new Map<string, string[]>();
  /** Changeable between requests. */
  readonly options: ProxyOptions;
  origin = '';
  host = '';
  readonly #upstream: string;
  readonly #server: http.Server;

  constructor(upstream: string, options: ProxyOptions) {
    this.#upstream = upstream;
    this.options = options;
    this.#server = http.createServer((req, res) => {
      this.#reply(req).then(
        (reply) => res.writeHead(reply.status, reply.headers).end(reply.body),
        (error: unknown) => res.writeHead(502).end(String(error)),
      );
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.host = `127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    this.origin = `http://${this.host}`;
  }

  close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeAllConnections(); // the client's keep-alive connections would hold close() for seconds
    return closed;
  }

  async #reply(req: http.IncomingMessage): Promise<Reply> {
    const url = new URL(req.url!, 'http://x');
    this.seen.push({
      method: req.method!,
      path: url.pathname,
      query: new URLSearchParams(url.searchParams), // a copy: #forward may edit the original
      authorization: req.headers.authorization,
      contentRange: req.headers['content-range'],
    });
    if (url.pathname.endsWith('/token')) return this.#token(url);
    return (await this.#refusal(req, url)) ?? this.#forward(req, url);
  }

  #token(url: URL): Reply {
    if (this.options.tokenStatus) return { status: this.options.tokenStatus, headers: {}, body: 'denied' };
    const value = `tok${this.tokens.size + 1}`;
    this.tokens.set(value, url.searchParams.getAll('scope'));
    return {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: value }),
    };
  }

  /** A 401 or a redirect, when the options ask for one. */
  async #refusal(req: http.IncomingMessage, url: URL): Promise<Reply | undefined> {
    const needed = neededScopes(req.method!, url);
    if (this.options.bearer && !this.#allowed(req.headers.authorization, needed)) {
      const realm = this.options.realm ?? `${this.origin}/token`;
      const challenge = `Bearer realm="${realm}",service="test-registry",scope="${needed[0]}"`;
      return {
        status: 401,
        headers: { 'www-authenticate': challenge },
        body: '{"errors":[{"code":"UNAUTHORIZED"}]}',
      };
    }
    if (this.options.basic && req.headers.authorization !== this.options.basic)
      return { status: 401, headers: { 'www-authenticate': 'Basic realm="test-registry"' } };
    if (this.options.redirectBlobsTo && req.method === 'GET' && /\/blobs\/sha256:/.test(url.pathname))
      return { status: 307, headers: { location: `${this.options.redirectBlobsTo}${url.pathname}` } };
    return undefined;
  }

  #allowed(authorization: string | undefined, needed: string[]): boolean {
    const granted = this.tokens.get(authorization?.replace(/^Bearer /, '') ?? '') ?? [];
    return needed.every(
      (scope) => granted.includes(scope) || granted.includes(scope.replace(/:pull$/, ':pull,push')),
    );
  }

  async #forward(req: http.IncomingMessage, url: URL): Promise<Reply> {
    if (this.options.refuseMounts && url.searchParams.has('mount')) {
      url.searchParams.delete('mount');
      url.searchParams.delete('from');
    }
    const body = await readBody(req);
    const passed = ['content-type', 'content-range', 'accept'].filter((h) => req.headers[h]);
    const response = await fetch(`${this.#upstream}${url.pathname}${url.search}`, {
      method: req.method,
      headers: Object.fromEntries(passed.map((h) => [h, String(req.headers[h])])),
      body: body.length ? (body as Uint8Array<ArrayBuffer>) : undefined,
      redirect: 'manual',
    });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      if (!['connection', 'content-length', 'transfer-encoding'].includes(name)) headers[name] = value;
    });
    if (headers.location) headers.location = this.#relocated(headers.location);
    return { status: response.status, headers, body: Buffer.from(await response.arrayBuffer()) };
  }

  /** The registry's absolute Location, pointed back at this proxy (or made relative). */
  #relocated(location: string): string {
    const url = new URL(location, this.#upstream);
    const local = `${url.pathname}${url.search}`;
    return this.options.relativeLocations ? local : `${this.origin}${local}`;
  }
}

export async function startProxy(upstream: string, options: ProxyOptions = {}): Promise<Proxy> {
  const proxy = new Proxy(upstream, options);
  await proxy.listen();
  return proxy;
}

/** What a request needs: pull of its repository for reads, pull,push for writes, pull of a mount's source. */
function neededScopes(method: string, url: URL): string[] {
  const name = /^\/v2\/(.+?)\/(manifests|blobs|tags)\//.exec(url.pathname)?.[1];
  if (!name) return [];
  const write = !['GET', 'HEAD'].includes(method);
  const scopes = [`repository:${name}:${write ? 'pull,push' : 'pull'}`];
  const from = url.searchParams.get('from');
  if (from) scopes.push(`repository:${from}:pull`);
  return scopes;
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
