// The fake model's wire format, read with plain fetch: what pi-ai's openai-completions provider
// (through the openai SDK) parses. Checked once by hand against pi-ai itself; these tests pin the
// format so that a change that would break that parsing fails here.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startFakeModel, type FakeModel } from './fake-model.ts';

let model: FakeModel;
before(async () => {
  model = await startFakeModel();
});
after(() => model.close());

interface Chunk {
  id: string;
  object: string;
  choices: {
    index: number;
    finish_reason: string | null;
    delta: {
      role?: string;
      content?: string;
      tool_calls?: {
        index: number;
        id?: string;
        type?: string;
        function: { name?: string; arguments?: string };
      }[];
    };
  }[];
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

const user = { role: 'user', content: 'do the task' };
const toolCallMessage = {
  role: 'assistant',
  content: null,
  tool_calls: [{ id: 'call_0', type: 'function', function: { name: 'bash', arguments: '{"command":"ls"}' } }],
};
const toolResult = { role: 'tool', tool_call_id: 'call_0', content: 'file-a\nfile-b' };

function post(key: string | undefined, body: unknown): Promise<Response> {
  return fetch(`${model.url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify(body),
  });
}

/** Reads an SSE body as the SDK does: `data:` events separated by blank lines, up to `[DONE]`. */
async function events(res: Response): Promise<{ chunks: Chunk[]; done: boolean }> {
  const text = await res.text();
  assert.ok(text.endsWith('\n\n'), 'every event ends with a blank line');
  const datas = text
    .split('\n\n')
    .filter(Boolean)
    .map((event) => {
      assert.match(event, /^data: /);
      return event.slice('data: '.length);
    });
  const done = datas.at(-1) === '[DONE]';
  return { chunks: datas.filter((d) => d !== '[DONE]').map((d) => JSON.parse(d) as Chunk), done };
}

const streamed = (messages: unknown[]) => ({
  model: 'fake-model',
  messages,
  stream: true,
  stream_options: { include_usage: true },
  tools: [{ type: 'function', function: { name: 'bash', parameters: {} } }],
});

test('a tool call turn streams an id, a name and arguments split over deltas, then tool_calls', async () => {
  model.script('k-tool', [{ toolCall: { name: 'bash', arguments: { command: 'echo "a b" | wc -c' } } }]);
  const res = await post('k-tool', streamed([user]));
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'text/event-stream');
  const { chunks, done } = await events(res);
  assert.ok(done, 'the stream ends with data: [DONE]');
  for (const c of chunks) assert.equal(c.object, 'chat.completion.chunk');
  assert.equal(new Set(chunks.map((c) => c.id)).size, 1, 'every chunk carries the same completion id');

  const calls = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
  assert.ok(calls.length >= 2, 'arguments come in more than one delta');
  assert.deepEqual(calls[0], {
    index: 0,
    id: 'call_0',
    type: 'function',
    function: { name: 'bash', arguments: '' },
  });
  // Later deltas must not repeat the id: pi-ai starts a new tool call block on a new id.
  for (const c of calls.slice(1)) assert.equal(c.id, undefined);
  assert.deepEqual(JSON.parse(calls.map((c) => c.function.arguments ?? '').join('')), {
    command: 'echo "a b" | wc -c',
  });

  const finishes = chunks.flatMap((c) => c.choices.map((ch) => ch.finish_reason)).filter(Boolean);
  assert.deepEqual(finishes, ['tool_calls']);
  const last = chunks.at(-1);
  assert.deepEqual(last?.choices, [], 'the usage chunk has no choices');
  assert.deepEqual(last?.usage, { prompt_tokens: 100, completion_tokens: 10, total_tokens: 110 });
});

test('the turn follows the assistant messages in the request; a text turn streams content then stop', async () => {
  model.script('k-text', [
    { toolCall: { name: 'bash', arguments: '{"command":"ls"}' } },
    { text: 'The files are file-a and file-b.', usage: { prompt_tokens: 7, completion_tokens: 3 } },
  ]);
  const { chunks } = await events(await post('k-text', streamed([user, toolCallMessage, toolResult])));
  const content = chunks.map((c) => c.choices[0]?.delta.content ?? '');
  assert.ok(content.filter(Boolean).length >= 2, 'text comes in more than one delta');
  assert.equal(content.join(''), 'The files are file-a and file-b.');
  assert.ok(chunks.every((c) => !c.choices[0]?.delta.tool_calls));
  assert.deepEqual(chunks.flatMap((c) => c.choices.map((ch) => ch.finish_reason)).filter(Boolean), ['stop']);
  assert.equal(chunks.at(-1)?.usage?.total_tokens, 10);

  const [recorded] = model.requestsFor('k-text');
  assert.equal(recorded?.turn, 1);
  assert.equal(recorded?.path, '/v1/chat/completions');
  assert.equal(recorded?.headers.authorization, 'Bearer k-text');
  assert.deepEqual(model.toolResults('k-text'), ['file-a\nfile-b']);
  assert.equal(model.prompt('k-text'), 'do the task'); // the first user message
  assert.equal(model.prompt('k-unknown'), undefined);
  // A retry of the same request gets the same answer: no hidden counter advanced.
  const again = await events(await post('k-text', streamed([user, toolCallMessage, toolResult])));
  assert.equal(again.chunks.map((c) => c.choices[0]?.delta.content ?? '').join(''), content.join(''));
});

test('without stream: true the answer is one chat.completion', async () => {
  model.script('k-plain', [
    { text: 'Checking.', toolCall: { name: 'read', arguments: { path: '/x' }, id: 'c1' } },
  ]);
  const res = await post('k-plain', { model: 'm', messages: [user] });
  assert.equal(res.headers.get('content-type'), 'application/json');
  const body = (await res.json()) as {
    object: string;
    choices: { finish_reason: string; message: { content: string; tool_calls: unknown[] } }[];
    usage: { total_tokens: number };
  };
  assert.equal(body.object, 'chat.completion');
  assert.equal(body.choices[0]?.finish_reason, 'tool_calls');
  assert.equal(body.choices[0]?.message.content, 'Checking.');
  assert.deepEqual(body.choices[0]?.message.tool_calls, [
    { id: 'c1', type: 'function', function: { name: 'read', arguments: '{"path":"/x"}' } },
  ]);
  assert.equal(body.usage.total_tokens, 110);
});

test('unknown or missing keys get 401 with an OpenAI-style error', async () => {
  for (const key of ['k-nobody', undefined]) {
    const res = await post(key, streamed([user]));
    assert.equal(res.status, 401);
    const body = (await res.json()) as { error: { message: string; code: string } };
    assert.equal(body.error.code, 'invalid_api_key');
    assert.match(body.error.message, /API key/);
  }
  assert.equal(model.requestsFor('k-nobody')[0]?.status, 401);
});

test('fail() answers every request with its status, body and headers', async () => {
  model.fail('k-500', 500, undefined, { 'x-should-retry': 'false' });
  for (let i = 0; i < 2; i++) {
    const res = await post('k-500', streamed([user]));
    assert.equal(res.status, 500);
    assert.equal(res.headers.get('x-should-retry'), 'false');
    const body = (await res.json()) as { error: { type: string; message: string } };
    assert.equal(body.error.type, 'server_error');
  }
  model.fail('k-429', 429, {
    error: { message: 'slow down', type: 'requests', code: 'rate_limit_exceeded' },
  });
  const res = await post('k-429', streamed([user]));
  assert.equal(res.status, 429);
  assert.deepEqual(await res.json(), {
    error: { message: 'slow down', type: 'requests', code: 'rate_limit_exceeded' },
  });
});

test('a failing turn, a finished script and a wrong path are errors, not answers', async () => {
  model.script('k-turns', [{ text: 'first' }, { fail: { status: 503 } }]);
  const first = { role: 'assistant', content: 'first' };
  assert.equal((await post('k-turns', streamed([user]))).status, 200);
  assert.equal((await post('k-turns', streamed([user, first, user]))).status, 503);
  const over = await post('k-turns', streamed([user, first, user, first, user]));
  assert.equal(over.status, 400);
  assert.match(((await over.json()) as { error: { message: string } }).error.message, /2 turns.*turn 3/);
  const wrong = await fetch(`${model.url}/completions`, { method: 'POST', body: '{}' });
  assert.equal(wrong.status, 404);
  assert.equal(model.requests.at(-1)?.path, '/v1/completions');
});

test('keys are independent: each sees its own script at the same time', async () => {
  model.script('k-a', [{ text: 'from a' }]);
  model.script('k-b', [{ text: 'from b' }]);
  const [a, b] = await Promise.all([post('k-a', streamed([user])), post('k-b', streamed([user]))]);
  const text = async (res: Response) =>
    (await events(res)).chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
  assert.deepEqual([await text(a), await text(b)], ['from a', 'from b']);
  assert.ok(model.url.startsWith('http://127.0.0.1:') && model.url.endsWith('/v1'));
});

test('a repeating turn answers every request past the script, with a tool call id of its own each time', async () => {
  const bash = { name: 'bash', arguments: { command: 'echo again' } };
  model.script('k-loop', [{ toolCall: { name: 'return_value', arguments: { value: 'x' } } }], {
    toolCall: bash,
    usage: { prompt_tokens: 20, completion_tokens: 2 },
  });
  const history: unknown[] = [user];
  const ids: string[] = [];
  for (let turn = 0; turn < 50; turn++) {
    const { chunks } = await events(await post('k-loop', streamed(history)));
    const call = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? [])[0];
    assert.equal(call?.function.name, turn === 0 ? 'return_value' : 'bash');
    ids.push(call!.id!);
    // Each answer reports its usage: the script's, or the default for a turn without one.
    assert.deepEqual(
      chunks.at(-1)?.usage,
      turn === 0
        ? { prompt_tokens: 100, completion_tokens: 10, total_tokens: 110 }
        : { prompt_tokens: 20, completion_tokens: 2, total_tokens: 22 },
    );
    history.push({ ...toolCallMessage, tool_calls: [{ ...toolCallMessage.tool_calls[0], id: call!.id }] });
    history.push({ ...toolResult, tool_call_id: call!.id });
  }
  assert.equal(new Set(ids).size, 50, 'every turn its own id');
  assert.deepEqual(
    model.requestsFor('k-loop').map((r) => r.turn),
    Array.from({ length: 50 }, (_, i) => i),
  );
});

test('a repeating turn may be a failure; one with a fixed tool call id or nothing to say is refused', async () => {
  model.script('k-fails-later', [{ text: 'one' }, { text: 'two' }], { fail: { status: 500 } });
  const answer = { role: 'assistant', content: 'x' };
  assert.equal((await post('k-fails-later', streamed([user, answer, user]))).status, 200);
  for (const n of [2, 3, 7]) {
    const history = [user, ...Array.from({ length: n }, () => [answer, user]).flat()];
    assert.equal((await post('k-fails-later', streamed(history))).status, 500, `turn ${n + 1}`);
  }
  assert.throws(
    () => model.script('k-bad', [], { toolCall: { name: 'bash', arguments: {}, id: 'same' } }),
    /takes no id/,
  );
  assert.throws(() => model.script('k-bad', [], {}), /needs text, a toolCall or fail/);
});
