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

export interface Proxy {
  origin: string;
  host: string;
  seen: Seen[];
  /** Scopes each issued token grants, by token. */
  tokens: Map<string, string[]>;
  options: ProxyOptions;
  close(): Promise<void>;
}

export async function startProxy(upstream: string, options: ProxyOptions = {}): Promise<Proxy> {
  const seen: Seen[] = [];
  const tokens = new Map<string, string[]>();
  let origin = '';
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    seen.push({
      method: req.method!,
      path: url.pathname,
      query: new URLSearchParams(url.searchParams), // a copy: forward() may edit the original
      authorization: req.headers.authorization,
      contentRange: req.headers['content-range'],
    });
    const answer = url.pathname.endsWith('/token') ? token(url) : forward(req, url);
    answer.then(
      (reply) => res.writeHead(reply.status, reply.headers).end(reply.body),
      (error: unknown) => res.writeHead(502).end(String(error)),
    );
  });

  interface Reply {
    status: number;
    headers: Record<string, string>;
    body?: Buffer | string;
  }

  async function token(url: URL): Promise<Reply> {
    if (proxy.options.tokenStatus) return { status: proxy.options.tokenStatus, headers: {}, body: 'denied' };
    const value = `tok${tokens.size + 1}`;
    tokens.set(value, url.searchParams.getAll('scope'));
    return {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: value }),
    };
  }

  async function forward(req: http.IncomingMessage, url: URL): Promise<Reply> {
    const needed = neededScopes(req.method!, url);
    if (proxy.options.bearer && !allowed(req.headers.authorization, needed)) {
      const realm = proxy.options.realm ?? `${origin}/token`;
      const challenge = `Bearer realm="${realm}",service="test-registry",scope="${needed[0]}"`;
      return {
        status: 401,
        headers: { 'www-authenticate': challenge },
        body: '{"errors":[{"code":"UNAUTHORIZED"}]}',
      };
    }
    if (proxy.options.basic && req.headers.authorization !== proxy.options.basic)
      return { status: 401, headers: { 'www-authenticate': 'Basic realm="test-registry"' } };
    if (proxy.options.redirectBlobsTo && req.method === 'GET' && /\/blobs\/sha256:/.test(url.pathname))
      return { status: 307, headers: { location: `${proxy.options.redirectBlobsTo}${url.pathname}` } };
    if (proxy.options.refuseMounts && url.searchParams.has('mount')) {
      url.searchParams.delete('mount');
      url.searchParams.delete('from');
    }
    const body = await readBody(req);
    const headers = Object.fromEntries(
      ['content-type', 'content-range', 'accept'].flatMap((h) =>
        req.headers[h] ? [[h, String(req.headers[h])]] : [],
      ),
    );
    const response = await fetch(`${upstream}${url.pathname}${url.search}`, {
      method: req.method,
      headers,
      body: body.length ? (body as Uint8Array<ArrayBuffer>) : undefined,
      redirect: 'manual',
    });
    const out: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      if (!['connection', 'content-length', 'transfer-encoding'].includes(name)) out[name] = value;
    });
    if (out.location) out.location = relocated(out.location);
    return { status: response.status, headers: out, body: Buffer.from(await response.arrayBuffer()) };
  }

  /** The registry's absolute Location, pointed back at this proxy (or made relative). */
  function relocated(location: string): string {
    const url = new URL(location, upstream);
    return proxy.options.relativeLocations
      ? `${url.pathname}${url.search}`
      : `${origin}${url.pathname}${url.search}`;
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  const proxy: Proxy = {
    origin,
    host: `127.0.0.1:${port}`,
    seen,
    tokens,
    options,
    close: () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections(); // the client's keep-alive connections would hold close() for seconds
      return closed;
    },
  };
  return proxy;

  function allowed(authorization: string | undefined, needed: string[]): boolean {
    const granted = tokens.get(authorization?.replace(/^Bearer /, '') ?? '') ?? [];
    return needed.every(
      (scope) => granted.includes(scope) || granted.includes(scope.replace(/:pull$/, ':pull,push')),
    );
  }
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
