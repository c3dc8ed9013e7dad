// A tiny stand-in for the GitHub REST API: GET /repos/{owner}/{repo}/actions/runs/{run_id} answers
// the runs a test declares (reap mode), GET /repos/{owner}/{repo}/collaborators/{username}/permission
// the collaborators it declares (who may start a run), with GitHub's status codes (401 without the
// token, 404 for an unknown run, repository or non-collaborator). Point the action at it with
// GITHUB_API_URL.
// Issue comments (fakeIssueComments, below) and GraphQL's `viewer` (POST /graphql, for
// GITHUB_GRAPHQL_URL) serve the action's comment on a pull request or issue.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRun {
  status: 'queued' | 'in_progress' | 'waiting' | 'completed';
  run_attempt?: number;
  conclusion?: string | null;
}

export interface FakeGitHub {
  /** The value of GITHUB_API_URL. */
  url: string;
  /** The token it accepts (`Authorization: Bearer <token>` or `token <token>`). */
  token: string;
  setRun(repository: string, runId: string, run: FakeRun): void;
  /** A collaborator of `repository` with this base permission; `undefined` removes them (404). */
  setPermission(repository: string, login: string, permission: FakePermission | undefined): void;
  /** Answer every request with this status instead (e.g. 503: GitHub unavailable); undefined: normal. */
  failWith(status: number | undefined): void;
  /** Every request: method, path, and whether it carried the token. */
  requests: { method: string; path: string; authorized: boolean }[];
  /** Issue comments, and GraphQL's viewer; the token acts as github-actions[bot]. */
  comments: FakeIssueComments;
  stop(): Promise<void>;
}

/** The `permission` GitHub reports (maintain reads as write, triage as read). */
export type FakePermission = 'admin' | 'write' | 'read' | 'none';

type Send = (res: ServerResponse, status: number, body: object) => void;

export async function startFakeGitHub(token: string): Promise<FakeGitHub> {
  const runs = new Map<string, FakeRun>();
  const permissions = new Map<string, FakePermission>();
  const requests: FakeGitHub['requests'] = [];
  let failure: number | undefined;
  const comments = fakeIssueComments();
  const send = (res: ServerResponse, status: number, body: object) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const header = req.headers.authorization ?? '';
    const authorized = header === `Bearer ${token}` || header === `token ${token}`;
    requests.push({ method: req.method ?? '', path, authorized });
    if (failure !== undefined) {
      send(res, failure, { message: 'Unavailable', status: String(failure) });
      return;
    }
    if (!authorized) {
      send(res, 401, {
        message: 'Bad credentials',
        documentation_url: 'https://docs.github.com/rest',
        status: '401',
      });
      return;
    }
    if (serveCollaboratorPermission(req, path, res, send, permissions)) return;
    if (comments.handle(req, res)) return;
    const match = /^\/repos\/([^/]+\/[^/]+)\/actions\/runs\/(\d+)$/.exec(path);
    const run = match && req.method === 'GET' ? runs.get(`${match[1]}#${match[2]}`) : undefined;
    if (!match || !run) {
      send(res, 404, {
        message: 'Not Found',
        documentation_url: 'https://docs.github.com/rest/actions/workflow-runs#get-a-workflow-run',
        status: '404',
      });
      return;
    }
    send(res, 200, {
      id: Number(match[2]),
      status: run.status,
      conclusion: run.conclusion ?? (run.status === 'completed' ? 'failure' : null),
      run_attempt: run.run_attempt ?? 1,
      repository: { full_name: match[1] },
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    setRun: (repository, runId, run) => runs.set(`${repository}#${runId}`, run),
    setPermission: (repository, login, permission) => {
      const key = `${repository}#${login.toLowerCase()}`;
      if (permission) permissions.set(key, permission);
      else permissions.delete(key);
    },
    failWith: (status) => (failure = status),
    requests,
    comments,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * GET /repos/{owner}/{repo}/collaborators/{username}/permission, as GitHub answers it: the base
 * `permission` and a `role_name`, or 404 for a login that is not a collaborator. False when the
 * request is not this route.
 */
function serveCollaboratorPermission(
  req: IncomingMessage,
  path: string,
  res: ServerResponse,
  send: Send,
  permissions: Map<string, FakePermission>,
): boolean {
  const match = /^\/repos\/([^/]+\/[^/]+)\/collaborators\/([^/]+)\/permission$/.exec(path);
  if (!match || req.method !== 'GET') return false;
  const login = decodeURIComponent(match[2]!);
  const permission = permissions.get(`${match[1]}#${login.toLowerCase()}`);
  if (!permission) {
    send(res, 404, {
      message: 'Not Found',
      documentation_url:
        'https://docs.github.com/rest/collaborators/collaborators#get-repository-permissions-for-a-user',
      status: '404',
    });
    return true;
  }
  send(res, 200, {
    permission,
    role_name: permission,
    user: { login, type: 'User', permissions: { admin: permission === 'admin' } },
  });
  return true;
}

export interface FakeComment {
  id: number;
  body: string;
  user: { login: string; type: 'User' | 'Bot' };
  created_at: string;
  updated_at: string;
}

export interface FakeIssueComments {
  /** The login GraphQL's viewer answers for the token (default github-actions[bot]). */
  login: string;
  /**
   * What the token may do with issue comments, as GITHUB_TOKEN's `permissions:` decide: 'write'
   * lists, creates and updates; 'read' lists, and writes answer 403; 'none' answers 403 to all.
   */
  access: 'write' | 'read' | 'none';
  /** A thread's comments, oldest first. */
  list(repository: string, number: number): FakeComment[];
  /** A comment by someone (a person, another bot), as if written on github.com. */
  add(repository: string, number: number, login: string, body: string): FakeComment;
  /** Serves a request when it is one of these routes; false otherwise. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
}

const forbidden = {
  message: 'Resource not accessible by integration',
  documentation_url: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment',
  status: '403',
};

/**
 * GET/POST /repos/{o}/{r}/issues/{n}/comments (paginated with per_page and page, and a Link
 * header, as GitHub does), PATCH /repos/{o}/{r}/issues/comments/{id}, POST /graphql (viewer).
 * GitHub's body limit of 65,536 characters answers 422.
 */
export function fakeIssueComments(): FakeIssueComments {
  const threads = new Map<string, FakeComment[]>();
  let nextId = 1000;
  const thread = (repository: string, number: number) => {
    const key = `${repository}#${number}`;
    if (!threads.has(key)) threads.set(key, []);
    return threads.get(key)!;
  };
  const now = () => new Date().toISOString();
  const add = (repository: string, number: number, login: string, body: string): FakeComment => {
    const at = now();
    const comment: FakeComment = {
      id: nextId++,
      body,
      user: { login, type: login.endsWith('[bot]') ? 'Bot' : 'User' },
      created_at: at,
      updated_at: at,
    };
    thread(repository, number).push(comment);
    return comment;
  };
  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  };
  const readBody = (req: IncomingMessage): Promise<{ body?: unknown; query?: unknown }> =>
    new Promise((resolve) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { body?: unknown });
        } catch {
          resolve({});
        }
      });
    });

  const self: FakeIssueComments = {
    login: 'github-actions[bot]',
    access: 'write',
    list: (repository, number) => thread(repository, number),
    add,
    handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://x');
      const method = req.method ?? '';
      if (url.pathname === '/graphql' && method === 'POST') {
        void readBody(req).then(({ query }) =>
          String(query).includes('viewer')
            ? send(res, 200, { data: { viewer: { login: self.login } } })
            : send(res, 200, { errors: [{ message: 'unsupported query' }] }),
        );
        return true;
      }
      const list = /^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)\/comments$/.exec(url.pathname);
      const one = /^\/repos\/([^/]+\/[^/]+)\/issues\/comments\/(\d+)$/.exec(url.pathname);
      if (!list && !one) return false;
      const writing = method !== 'GET';
      if (self.access === 'none' || (writing && self.access !== 'write')) {
        req.resume();
        send(res, 403, forbidden);
        return true;
      }
      if (list && method === 'GET') {
        const all = thread(list[1]!, Number(list[2]));
        const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30));
        const page = Math.max(1, Number(url.searchParams.get('page') ?? 1));
        const last = Math.max(1, Math.ceil(all.length / perPage));
        const link = (p: number, rel: string) =>
          `<http://${req.headers.host}${url.pathname}?per_page=${perPage}&page=${p}>; rel="${rel}"`;
        const links = page < last ? [link(page + 1, 'next'), link(last, 'last')] : [];
        send(
          res,
          200,
          all.slice((page - 1) * perPage, page * perPage),
          links.length ? { link: links.join(', ') } : {},
        );
        return true;
      }
      void readBody(req).then(({ body }) => {
        if (typeof body !== 'string' || !body) return send(res, 422, { message: 'Validation Failed' });
        if ([...body].length > 65_536)
          return send(res, 422, {
            message: 'Validation Failed',
            errors: [{ message: 'body is too long (maximum is 65536 characters)' }],
          });
        if (list && method === 'POST')
          return send(res, 201, add(list[1]!, Number(list[2]), self.login, body));
        const found =
          one && method === 'PATCH'
            ? [...threads.values()].flat().find((c) => c.id === Number(one[2]))
            : undefined;
        if (!found) return send(res, 404, { message: 'Not Found', status: '404' });
        // GitHub lets an identity edit only its own comments (others need maintain rights).
        if (found.user.login !== self.login) return send(res, 403, forbidden);
        found.body = body;
        found.updated_at = now();
        return send(res, 200, found);
      });
      return true;
    },
  };
  return self;
}
