// A fake LLM on 127.0.0.1 speaking OpenAI chat completions, as upstream calls a `[models.x]` with a
// `baseUrl` (pi-ai's "openai-completions" api, through the openai SDK: POST <baseUrl>/chat/completions,
// `Authorization: Bearer <provider key>`, `stream: true`, `stream_options.include_usage`, tools).
//
// What it answers is chosen per request by the API key, so one server (and one agent image whose
// config.toml holds its baseUrl) serves every test case: a test registers a script under a fresh key
// and hands that key to the run as the provider credential. The turn is derived from the request
// itself (the number of assistant messages already in `messages`), not from a counter, so the
// openai SDK's and Pi's retries of a request get the same answer again. A script may end with a
// turn that repeats forever (`script(key, turns, repeat)`): a model that never stops calling tools.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ToolCall {
  name: string;
  arguments: Record<string, unknown> | string; // an object is sent as its JSON text
  id?: string; // default `call_<turn>`
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
}

/** One model answer: text, a tool call, or both (text first, as models do); or an HTTP error. */
export type Turn = { text?: string; toolCall?: ToolCall; usage?: Usage } | { fail: Failure };

export interface Failure {
  status: number;
  body?: unknown; // default: an OpenAI-style `{ error: { message, type, param, code } }`
  // e.g. `{ 'x-should-retry': 'false' }`: the openai SDK then skips its retries (2 by default on 5xx/429)
  headers?: Record<string, string>;
}

export interface ModelRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown; // parsed JSON; undefined when the body was not JSON
  key: string | undefined; // from `Authorization: Bearer <key>`
  turn: number | undefined; // index into the key's script, when one was consulted
  status: number; // what the server answered
}

export interface FakeModel {
  url: string; // http://127.0.0.1:PORT/v1, the `baseUrl` for config.toml
  requests: ModelRequest[]; // every request, in arrival order
  /** Requests made with `key`. */
  requestsFor(key: string): ModelRequest[];
  /** The `role: "tool"` message contents (tool results) in the latest request made with `key`. */
  toolResults(key: string): string[];
  /** The text of the first `role: "user"` message in the first request made with `key`: the agent's prompt. */
  prompt(key: string): string | undefined;
  /**
   * Answers requests made with `key` from `turns`, turn n after n assistant messages; past the
   * last, with `repeat` every time (its tool call id made unique per turn), else a 400.
   */
  script(key: string, turns: Turn[], repeat?: Turn): void;
  /** Answers every request made with `key` with an HTTP error. */
  fail(key: string, status: number, body?: unknown, headers?: Record<string, string>): void;
  close(): Promise<void>;
}

const DEFAULT_USAGE: Usage = { prompt_tokens: 100, completion_tokens: 10 };

function errorBody(status: number, message: string): unknown {
  const type =
    status === 401 ? 'invalid_request_error' : status === 429 ? 'rate_limit_error' : 'server_error';
  return { error: { message, type, param: null, code: status === 401 ? 'invalid_api_key' : null } };
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Splits `s` in two, so that clients must join deltas (a single chunk would hide that bug). */
function halves(s: string): string[] {
  const mid = Math.ceil(s.length / 2);
  return [s.slice(0, mid), s.slice(mid)].filter((part) => part.length > 0);
}

interface Answer {
  text: string | undefined;
  call: { id: string; name: string; arguments: string } | undefined;
  finish: 'tool_calls' | 'stop';
  usage: Usage & { total_tokens: number };
}

function answerFor(turn: { text?: string; toolCall?: ToolCall; usage?: Usage }, index: number): Answer {
  const usage = turn.usage ?? DEFAULT_USAGE;
  const call = turn.toolCall && {
    id: turn.toolCall.id ?? `call_${index}`,
    name: turn.toolCall.name,
    arguments:
      typeof turn.toolCall.arguments === 'string'
        ? turn.toolCall.arguments
        : JSON.stringify(turn.toolCall.arguments),
  };
  return {
    text: turn.text,
    call,
    finish: call ? 'tool_calls' : 'stop',
    usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
  };
}

/** The SSE chunks OpenAI streams: role, content deltas, tool call deltas, finish, usage. */
function chunks(a: Answer, id: string, model: string, includeUsage: boolean): unknown[] {
  const created = Math.floor(Date.now() / 1000);
  const chunk = (delta: unknown, finish: string | null = null) => ({
    id,
    object: 'chat.completion.chunk',
    created,
    model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  });
  const out: unknown[] = [chunk({ role: 'assistant', content: '' })];
  for (const part of halves(a.text ?? '')) out.push(chunk({ content: part }));
  if (a.call) {
    // The first delta names the call; later ones carry only `index` and more argument text.
    out.push(
      chunk({
        tool_calls: [
          { index: 0, id: a.call.id, type: 'function', function: { name: a.call.name, arguments: '' } },
        ],
      }),
    );
    for (const part of halves(a.call.arguments))
      out.push(chunk({ tool_calls: [{ index: 0, function: { arguments: part } }] }));
  }
  out.push(chunk({}, a.finish));
  // With stream_options.include_usage, OpenAI ends with a chunk whose choices are empty; pi-ai reads it.
  if (includeUsage)
    out.push({ id, object: 'chat.completion.chunk', created, model, choices: [], usage: a.usage });
  return out;
}

function completion(a: Answer, id: string, model: string): unknown {
  const message: Record<string, unknown> = { role: 'assistant', content: a.text ?? null, refusal: null };
  if (a.call)
    message.tool_calls = [
      { id: a.call.id, type: 'function', function: { name: a.call.name, arguments: a.call.arguments } },
    ];
  return {
    id,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: a.finish }],
    usage: a.usage,
  };
}

function bearer(headers: IncomingHttpHeaders): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '');
  return match?.[1]?.trim();
}

type Message = { role?: string; content?: unknown };

function messagesOf(request: ModelRequest | undefined, role: string): Message[] {
  const body = request?.body as { messages?: Message[] } | undefined;
  return (body?.messages ?? []).filter((m) => m.role === role);
}

/** A message's text: its content string, or its text parts joined. */
function textOf(m: Message): string {
  if (typeof m.content === 'string') return m.content;
  if (Array.isArray(m.content)) return m.content.map((p: { text?: string }) => p.text ?? '').join('');
  return '';
}

export async function startFakeModel(): Promise<FakeModel> {
  const scripts = new Map<string, { turns: Turn[]; repeat?: Turn }>();
  const failures = new Map<string, Failure>();
  const requests: ModelRequest[] = [];
  let served = 0;

  const server = createServer(async (req, res) => {
    const raw: Buffer[] = [];
    for await (const part of req) raw.push(part as Buffer);
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(raw).toString('utf8'));
    } catch {
      body = undefined;
    }
    const key = bearer(req.headers);
    const record: ModelRequest = {
      method: req.method ?? '',
      path: new URL(req.url ?? '/', 'http://x').pathname,
      headers: req.headers,
      body,
      key,
      turn: undefined,
      status: 0,
    };
    requests.push(record);
    const reply = (status: number, json: unknown, headers?: Record<string, string>) => {
      record.status = status;
      sendJson(res, status, json, headers);
    };

    if (record.method !== 'POST' || record.path !== '/v1/chat/completions')
      return reply(404, errorBody(404, `fake model: no route ${record.method} ${record.path}`));
    const failure = key === undefined ? undefined : failures.get(key);
    if (failure)
      return reply(
        failure.status,
        failure.body ?? errorBody(failure.status, `fake model: HTTP ${failure.status}`),
        failure.headers,
      );
    const script = key === undefined ? undefined : scripts.get(key);
    if (!script)
      return reply(401, errorBody(401, 'Incorrect API key provided (fake model: no script for this key)'));
    const request = body as
      | {
          messages?: { role?: string }[];
          model?: string;
          stream?: boolean;
          stream_options?: { include_usage?: boolean };
        }
      | undefined;
    if (!request || !Array.isArray(request.messages))
      return reply(400, errorBody(400, 'fake model: body has no messages array'));

    const index = request.messages.filter((m) => m?.role === 'assistant').length;
    record.turn = index;
    const turn = script.turns[index] ?? script.repeat;
    if (!turn)
      return reply(
        400,
        errorBody(
          400,
          `fake model: the script has ${script.turns.length} turns; this request asks for turn ${index + 1}`,
        ),
      );
    if ('fail' in turn)
      return reply(
        turn.fail.status,
        turn.fail.body ?? errorBody(turn.fail.status, `fake model: HTTP ${turn.fail.status}`),
        turn.fail.headers,
      );

    const answer = answerFor(turn, index);
    const id = `chatcmpl-fake-${++served}`;
    const model = request.model ?? 'fake';
    record.status = 200;
    if (request.stream !== true) return sendJson(res, 200, completion(answer, id, model));
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    for (const c of chunks(answer, id, model, request.stream_options?.include_usage === true))
      res.write(`data: ${JSON.stringify(c)}\n\n`);
    res.end('data: [DONE]\n\n');
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;

  const requestsFor = (key: string) => requests.filter((r) => r.key === key);
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    requestsFor,
    toolResults(key) {
      return messagesOf(requestsFor(key).at(-1), 'tool').map(textOf);
    },
    prompt(key) {
      const first = messagesOf(requestsFor(key)[0], 'user')[0];
      return first && textOf(first);
    },
    script(key, turns, repeat) {
      for (const t of [...turns, ...(repeat ? [repeat] : [])])
        if (!('fail' in t) && t.text === undefined && t.toolCall === undefined)
          throw new Error('fake model: a turn needs text, a toolCall or fail');
      // A repeated call with a fixed id would give every turn the same id; the default is per turn.
      if (repeat && !('fail' in repeat) && repeat.toolCall?.id !== undefined)
        throw new Error('fake model: a repeating tool call takes no id (it gets call_<turn>)');
      failures.delete(key);
      scripts.set(key, { turns, repeat });
    },
    fail(key, status, body, headers) {
      scripts.delete(key);
      failures.set(key, { status, body, headers });
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // the SDK keeps connections alive; do not wait for them
      });
    },
  };
}
