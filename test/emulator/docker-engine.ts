// A small Docker Engine API client over node:http (unix socket or tcp), with what the executor needs:
// JSON calls (create, start, wait, stop, remove, list), pull, and attach (hijacked, multiplexed).
// https://docs.docker.com/reference/api/engine/
import http from 'node:http';
import type { Duplex } from 'node:stream';

export class DockerError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

type Target = { socketPath: string } | { host: string; port: number };

function parseHost(dockerHost: string): Target {
  if (dockerHost.startsWith('unix://')) return { socketPath: dockerHost.slice('unix://'.length) };
  const url = new URL(dockerHost.replace(/^tcp:/, 'http:'));
  return { host: url.hostname, port: Number(url.port || 2375) };
}

export class DockerEngine {
  private readonly target: Target;

  constructor(dockerHost: string) {
    this.target = parseHost(dockerHost);
  }

  private open(method: string, path: string, headers: Record<string, string> = {}): http.ClientRequest {
    return http.request({ ...this.target, method, path, headers });
  }

  /** A request whose whole answer is read; non-2xx answers become DockerError. */
  async call(method: string, path: string, body?: unknown): Promise<Buffer> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = this.open(method, path, payload ? { 'Content-Type': 'application/json' } : {});
    const res = await send(req, payload);
    const data = await readAll(res);
    if ((res.statusCode ?? 500) >= 300) throw new DockerError(res.statusCode ?? 500, errorText(data));
    return data;
  }

  async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const data = await this.call(method, path, body);
    return (data.length ? JSON.parse(data.toString()) : {}) as T;
  }

  /**
   * Pulls an image; resolves when the pull stream ends. The daemon answers 200 and reports failures
   * inside the progress stream, so every line is checked for `error`.
   */
  async pull(repository: string, reference: string): Promise<void> {
    const query = new URLSearchParams({ fromImage: repository, tag: reference });
    const req = this.open('POST', `/images/create?${query}`);
    const res = await send(req);
    const data = await readAll(res);
    if ((res.statusCode ?? 500) >= 300) throw new DockerError(res.statusCode ?? 500, errorText(data));
    for (const line of data.toString().split('\n')) {
      if (!line.trim()) continue;
      const event = JSON.parse(line) as { error?: string };
      if (event.error) throw new DockerError(500, event.error);
    }
  }

  /** Attaches to stdout and stderr before the container starts; the socket ends when it exits. */
  attach(id: string): Promise<Duplex> {
    const req = this.open('POST', `/containers/${id}/attach?stream=1&stdout=1&stderr=1`, {
      Connection: 'Upgrade',
      Upgrade: 'tcp',
    });
    return new Promise((resolve, reject) => {
      req.once('upgrade', (_res, socket, head) => {
        if (head.length) socket.unshift(head);
        resolve(socket);
      });
      req.once('response', (res) => {
        void readAll(res).then((data) => reject(new DockerError(res.statusCode ?? 500, errorText(data))));
      });
      req.once('error', reject);
      req.end();
    });
  }
}

function send(req: http.ClientRequest, payload?: Buffer): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    req.once('response', resolve);
    req.once('error', reject);
    req.end(payload);
  });
}

async function readAll(res: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function errorText(data: Buffer): string {
  const text = data.toString();
  try {
    return (JSON.parse(text) as { message?: string }).message ?? text;
  } catch {
    return text;
  }
}

/**
 * Splits Docker's multiplexed attach stream (8-byte headers: stream type, 3 zero bytes, big-endian
 * size) into stdout and stderr payloads, calling `onFrame` once per frame in arrival order.
 */
export class StreamDemuxer {
  private pending: Buffer = Buffer.alloc(0);
  private readonly onFrame: (stream: 'stdout' | 'stderr', data: Buffer) => void;

  constructor(onFrame: (stream: 'stdout' | 'stderr', data: Buffer) => void) {
    this.onFrame = onFrame;
  }

  push(chunk: Buffer): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    while (this.pending.length >= 8) {
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + size) break;
      const type = this.pending[0];
      const data = this.pending.subarray(8, 8 + size);
      this.pending = this.pending.subarray(8 + size);
      if (type === 1 || type === 2) this.onFrame(type === 1 ? 'stdout' : 'stderr', data);
    }
  }
}
