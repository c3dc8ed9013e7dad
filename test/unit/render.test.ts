import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';
import { describe, mock, test } from 'node:test';
import type { LogEntry } from '../../src/google.ts';
import { fenced, maxLineLength, renderEntry, splitLines } from '../../src/render.ts';

const stdoutLog = 'projects/p/logs/run.googleapis.com%2Fstdout';
const systemLog = 'projects/p/logs/run.googleapis.com%2Fvarlog%2Fsystem';

// google.protobuf.Struct as the client decodes it (oneofs: true adds `kind`).
const s = (v: string) => ({ stringValue: v, kind: 'stringValue' });
const n = (v: number) => ({ numberValue: v, kind: 'numberValue' });
const b = (v: boolean) => ({ boolValue: v, kind: 'boolValue' });
const json = (fields: Record<string, unknown>): LogEntry => ({ logName: stdoutLog, jsonPayload: { fields } });

/**
 * The runner's rule while commands are stopped (ActionCommandManager.TryProcessCommand with
 * ActionCommand.TryParseV2 / TryParse): a line resumes when the command it names, `::name …::` after
 * leading whitespace or `##[name …]` anywhere, equals the token ignoring case.
 */
function resumes(line: string, token: string): boolean {
  const v2 = line.trimStart();
  if (v2.startsWith('::')) {
    const end = v2.indexOf('::', 2);
    if (end >= 0 && v2.slice(2, end).split(' ')[0]!.toLowerCase() === token.toLowerCase()) return true;
  }
  const at = line.indexOf('##[');
  if (at >= 0) {
    const close = line.indexOf(']', at);
    if (close >= 0 && line.slice(at + 3, close).split(' ')[0]!.toLowerCase() === token.toLowerCase()) return true;
  }
  return false;
}

/** Lines of fenced output as the runner sees them, and whether any resumed processing early. */
function runnerView(text: string): { token: string; body: string[]; resumedEarly: boolean } {
  assert.ok(text.endsWith('\n'));
  const lines = text.slice(0, -1).split(/\r\n|\r|\n/);
  const start = /^::stop-commands::(.*)$/.exec(lines[0]!);
  assert.ok(start, 'starts with stop-commands');
  const token = start[1]!;
  const body = lines.slice(1, -1);
  assert.ok(resumes(lines.at(-1)!, token), 'ends with the token');
  return { token, body, resumedEarly: body.some((line) => resumes(line, token)) };
}

describe('fenced', () => {
  test('every line inside one stop-commands block, the token 32 hex characters', () => {
    const lines = ['::set-output name=status::succeeded', '##[add-mask]hello', '  ::error::fake annotation', 'plain'];
    const text = fenced(lines);
    const { token, body, resumedEarly } = runnerView(text);
    assert.match(token, /^[0-9a-f]{32}$/);
    assert.deepEqual(body, lines);
    assert.equal(resumedEarly, false);
    assert.equal(text, `::stop-commands::${token}\n${lines.join('\n')}\n::${token}::\n`);
  });

  test('a fresh token on each call', () => {
    const tokens = new Set(Array.from({ length: 20 }, () => runnerView(fenced(['x'])).token));
    assert.equal(tokens.size, 20);
  });

  test('a line that names the token cannot end the block: another token is drawn', (t) => {
    const first = Buffer.alloc(16, 0xab);
    const second = Buffer.alloc(16, 0xcd);
    const queue = [first, second];
    const random = t.mock.method(crypto, 'randomBytes', () => queue.shift() ?? Buffer.alloc(16, 0xef));
    syncBuiltinESMExports();
    t.after(() => {
      mock.restoreAll();
      syncBuiltinESMExports();
    });
    const guessed = first.toString('hex');
    const hostile = [
      `::${guessed}::`,
      `  ::${guessed}:: `,
      `::${guessed.toUpperCase()}::resume`,
      `::${guessed} key=v::`,
      `prefix ##[${guessed}]`,
    ];
    for (const line of hostile) {
      queue.splice(0, queue.length, first, second);
      assert.ok(resumes(line, guessed), `the runner would resume on ${line}`);
      const { token, body, resumedEarly } = runnerView(fenced(['before', line, 'after']));
      assert.equal(token, second.toString('hex'));
      assert.deepEqual(body, ['before', line, 'after']);
      assert.equal(resumedEarly, false, line);
    }
    // Lines that do not name the token keep the first draw.
    queue.splice(0, queue.length, first, second);
    assert.equal(runnerView(fenced(['::stop-commands::other', '::other::'])).token, guessed);
    assert.equal(random.mock.callCount(), hostile.length * 2 + 1);
  });

  test('an empty batch is still a well-formed block', () => {
    const { body } = runnerView(fenced(['']));
    assert.deepEqual(body, ['']);
  });
});

describe('splitLines', () => {
  test('splits on \\r\\n, \\r and \\n like the runner', () => {
    assert.deepEqual(splitLines('a\r\nb\rc\nd'), ['a', 'b', 'c', 'd']);
    assert.deepEqual(splitLines('one\r::set-output name=x::y'), ['one', '::set-output name=x::y']);
  });
  test('a final line break adds no empty line; inner empty lines stay', () => {
    assert.deepEqual(splitLines('a\n'), ['a']);
    assert.deepEqual(splitLines('a\n\nb\n'), ['a', '', 'b']);
    assert.deepEqual(splitLines(''), ['']);
    assert.deepEqual(splitLines('\r\n'), ['']);
  });
  test('control characters are shown, not emitted; tab is kept', () => {
    assert.deepEqual(splitLines('a\x00b\x07c\x08d\x7fe\tf\x0bg\x0ch\x1fi'), ['a\\x00b\\x07c\\x08d\\x7fe\tf\\x0bg\\x0ch\\x1fi']);
  });
  test('SGR colour escapes are kept', () => {
    assert.deepEqual(splitLines('\x1b[31mred\x1b[0m \x1b[1;32mbold green\x1b[m'), ['\x1b[31mred\x1b[0m \x1b[1;32mbold green\x1b[m']);
  });
  test('other escapes are neutralised', () => {
    assert.deepEqual(splitLines('\x1b]0;title\x07'), ['\\x1b]0;title\\x07']);
    assert.deepEqual(splitLines('\x1b[2J\x1b[H'), ['\\x1b[2J\\x1b[H']);
    assert.deepEqual(splitLines('\x1b[?25l'), ['\\x1b[?25l']);
    assert.deepEqual(splitLines('\x1bc'), ['\\x1bc']);
    assert.deepEqual(splitLines('end\x1b'), ['end\\x1b']);
  });
  test('long lines are truncated with a notice', () => {
    assert.deepEqual(splitLines('x'.repeat(maxLineLength)), ['x'.repeat(maxLineLength)]);
    assert.deepEqual(splitLines('y'.repeat(maxLineLength + 10)), [`${'y'.repeat(maxLineLength)} … [line truncated: 10 more characters]`]);
    assert.equal(maxLineLength, 16384);
  });
  test('the truncation counts characters after neutralising', () => {
    const line = '\x00'.repeat(maxLineLength); // each becomes 4 characters
    assert.deepEqual(splitLines(line), [`${'\\x00'.repeat(maxLineLength / 4)} … [line truncated: ${3 * maxLineLength} more characters]`]);
  });
});

describe('renderEntry', () => {
  test('the signal-result return line is the result', () => {
    const entry = json({
      _log: b(true),
      level: s('info'),
      msg: s('signal-result'),
      type: s('return'),
      value: s('LGTM: 3 comments'),
      ts: n(1712345678901),
    });
    assert.deepEqual(renderEntry(entry), { lines: ['[info] result: LGTM: 3 comments'], result: 'LGTM: 3 comments' });
  });

  test('a multi-line result keeps its line breaks, printed as several lines', () => {
    const entry = json({ _log: b(true), level: s('info'), msg: s('signal-result'), type: s('return'), value: s('a\nb') });
    assert.deepEqual(renderEntry(entry), { lines: ['[info] result: a', 'b'], result: 'a\nb' });
  });

  test('a non-string result is JSON', () => {
    const entry = json({
      _log: b(true),
      level: s('info'),
      msg: s('signal-result'),
      type: s('return'),
      value: { structValue: { fields: { ok: b(true), n: n(2) } }, kind: 'structValue' },
    });
    assert.deepEqual(renderEntry(entry), { lines: ['[info] result: {"ok":true,"n":2}'], result: '{"ok":true,"n":2}' });
  });

  test('other signal-result lines are not the result', () => {
    const entry = json({ _log: b(true), level: s('info'), msg: s('signal-result'), type: s('exit'), exitCode: n(3), reason: s('no work'), ts: n(1) });
    assert.deepEqual(renderEntry(entry), { lines: ['[info] signal-result type=exit exitCode=3 reason=no work'] });
  });

  test('Action Llama log lines: level, message, extras; ts dropped', () => {
    const entry = json({
      _log: b(true),
      level: s('warn'),
      msg: s('rate limited'),
      retryIn: n(5),
      tags: { listValue: { values: [s('a'), n(1), { nullValue: 'NULL_VALUE', kind: 'nullValue' }] }, kind: 'listValue' },
      ts: n(1712345678901),
    });
    assert.deepEqual(renderEntry(entry), { lines: ['[warn] rate limited retryIn=5 tags=["a",1,null]'] });
  });

  test('a _log line without a level reads as info', () => {
    assert.deepEqual(renderEntry(json({ _log: b(true), msg: s('hello') })), { lines: ['[info] hello'] });
  });

  test("Cloud Run's exit entry gives the exit code", () => {
    for (const code of [0, 1, 3, 42, 124]) {
      const entry: LogEntry = { logName: systemLog, textPayload: `Container called exit(${code}).`, severity: 'INFO' };
      assert.deepEqual(renderEntry(entry), { lines: [`[cloud run] Container called exit(${code}).`], exitCode: code });
    }
  });

  test('other system entries have no exit code', () => {
    const entry: LogEntry = { logName: systemLog, textPayload: 'Starting task\nsecond line' };
    assert.deepEqual(renderEntry(entry), { lines: ['[cloud run] Starting task', '[cloud run] second line'], exitCode: undefined });
  });

  test('a structured system entry is read from its message', () => {
    const entry: LogEntry = { logName: systemLog, jsonPayload: { fields: { message: s('Container called exit(7).') } } };
    assert.deepEqual(renderEntry(entry), { lines: ['[cloud run] Container called exit(7).'], exitCode: 7 });
  });

  test('an exit message in the container output is not an exit code', () => {
    assert.deepEqual(renderEntry({ logName: stdoutLog, textPayload: 'Container called exit(9).' }), { lines: ['Container called exit(9).'] });
  });

  test('plain text, split and cleaned; workflow commands left to the fence', () => {
    assert.deepEqual(renderEntry({ logName: stdoutLog, textPayload: 'hello\r\n::set-output name=status::ok\x07' }), {
      lines: ['hello', '::set-output name=status::ok\\x07'],
    });
    assert.deepEqual(renderEntry({ logName: stdoutLog }), { lines: [''] });
  });

  test('other JSON: a lone message with the severity, else the whole object', () => {
    assert.deepEqual(renderEntry({ ...json({ message: s('boom') }), severity: 'ERROR' }), { lines: ['[error] boom'] });
    assert.deepEqual(renderEntry({ ...json({ message: s('boom') }), severity: 500 }), { lines: ['[error] boom'] });
    assert.deepEqual(renderEntry({ ...json({ message: s('calm') }), severity: 'DEFAULT' }), { lines: ['calm'] });
    assert.deepEqual(renderEntry({ ...json({ message: s('calm') }), severity: 0 }), { lines: ['calm'] });
    assert.deepEqual(renderEntry({ ...json({ message: s('x'), code: n(2) }), severity: 'WARNING' }), { lines: ['[warning] {"message":"x","code":2}'] });
    assert.deepEqual(renderEntry(json({ a: { structValue: { fields: { b: b(false) } } } })), { lines: ['{"a":{"b":false}}'] });
  });
});
