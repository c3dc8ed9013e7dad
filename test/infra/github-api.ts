// A tiny stand-in for the GitHub REST API: GET /repos/{owner}/{repo}/actions/runs/{run_id} answers
// the runs a test declares (reap mode), GET /repos/{owner}/{repo}/collaborators/{username}/permission
// the collaborators it declares (who may start a run), with GitHub's status codes (401 without the
// token, 404 for an unknown run, repository or non-collaborator). Point the action at it with
// GITHUB_API_URL.
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
