import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LogEntry } from '../../../src/google/connect.ts';
import { createFence } from '../../../src/output/fence.ts';
import { hideInOutput } from '../../../src/output/redact.ts';
import { maxLineLength, splitLines } from '../../../src/output/lines.ts';
import {
  containerLog,
  maxFailureLength,
  printEntries,
  renderEntry,
} from '../../../src/log-mirror/printer.ts';
import { newMirrorState } from '../../../src/log-mirror/mirror-state.ts';
import { emit, emitFailure } from '../../../src/agent-runtime/agent-log.ts';
import { endMarkerLine, signals } from '../../../src/shared/container-lines.ts';
import { usageFields, type UsageFigures } from '../../../src/shared/llm-usage.ts';

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
  const name = (info: string) => info.split(' ')[0]!.toLowerCase();
  const v2 = line.trimStart();
  const end = v2.startsWith('::') ? v2.indexOf('::', 2) : -1;
  if (end >= 0 && name(v2.slice(2, end)) === token.toLowerCase()) return true;
  const at = line.indexOf('##[');
  const close = at >= 0 ? line.indexOf(']', at) : -1;
  return close >= 0 && name(line.slice(at + 3, close)) === token.toLowerCase();
}

/** Output as the runner reads it: which lines it would process as commands, block by block. */
function runnerView(text: string): { tokens: string[]; shown: string[]; processed: string[] } {
  assert.ok(text === '' || text.endsWith('\n'));
  const tokens: string[] = [];
  const shown: string[] = [];
  const processed: string[] = [];
  let stopped: string | undefined;
  for (const line of text.split(/\r\n|\r|\n/).slice(0, -1)) {
    if (stopped) {
      if (resumes(line, stopped)) stopped = undefined;
      else shown.push(line);
      continue;
    }
    const start = /^::stop-commands::(.+)$/.exec(line.trimStart());
    if (start) tokens.push((stopped = start[1]!));
    else processed.push(line);
  }
  assert.equal(stopped, undefined, 'every block is closed');
  return { tokens, shown, processed };
}

function recorder() {
  const chunks: string[] = [];
  const fence = createFence((text) => chunks.push(text));
  return { fence, chunks, text: () => chunks.join('') };
}

const hostileLines = [
  '::set-output name=status::succeeded',
  '::save-state name=run::{"project":"evil"}',
  '##[add-mask]hello',
  '  ::error::fake annotation',
  'x ##[group]fake group',
  '::stop-commands::other',
  '::other::',
  'plain',
];

describe('createFence', () => {
  test('every line inside one stop-commands block, the token 32 hex characters', () => {
    const { fence, chunks, text } = recorder();
    fence.print(hostileLines);
    fence.close();
    const { tokens, shown, processed } = runnerView(text());
    assert.equal(tokens.length, 1);
    assert.match(tokens[0]!, /^[0-9a-f]{32}$/);
    assert.deepEqual(shown, hostileLines);
    assert.deepEqual(processed, []);
    assert.deepEqual(chunks, [
      `::stop-commands::${tokens[0]}\n`,
      `${hostileLines.join('\n')}\n`,
      `::${tokens[0]}::\n`,
    ]);
  });

  test('the block stays open across prints and closes once', () => {
    const { fence, text } = recorder();
    fence.print(['a', 'b']);
    fence.print(['::warning::c']);
    fence.close();
    fence.close();
    const { tokens, shown, processed } = runnerView(text());
    assert.equal(tokens.length, 1);
    assert.deepEqual(shown, ['a', 'b', '::warning::c']);
    assert.deepEqual(processed, []);
  });

  test('a fresh token for each block', () => {
    const { fence, text } = recorder();
    for (let i = 0; i < 20; i++) {
      fence.print([`line ${i}`]);
      fence.close();
    }
    const { tokens, shown } = runnerView(text());
    assert.equal(new Set(tokens).size, 20);
    assert.equal(shown.length, 20);
  });

  test('nothing is written for no lines, or to close a block never opened', () => {
    const { fence, chunks } = recorder();
    fence.print([]);
    fence.close();
    assert.deepEqual(chunks, []);
  });

  test('a line that carries the token, in any case or syntax, loses it', () => {
    const { fence, text } = recorder();
    fence.print(['first']);
    const token = /^::stop-commands::([0-9a-f]{32})\n/.exec(text())![1]!;
    const hostile = [
      `::${token}::`,
      `  ::${token}:: `,
      `::${token.toUpperCase()}::resume`,
      `::${token} key=v::`,
      `prefix ##[${token}]`,
      `${token}${token}`,
    ];
    for (const line of hostile) assert.ok(line === `${token}${token}` || resumes(line, token), line);
    fence.print(hostile);
    fence.print(['::set-output name=after::resume']);
    fence.close();
    const { tokens, shown, processed } = runnerView(text());
    assert.deepEqual(tokens, [token]);
    assert.deepEqual(processed, []);
    assert.deepEqual(shown, [
      'first',
      '::[token]::',
      '  ::[token]:: ',
      '::[token]::resume',
      '::[token] key=v::',
      'prefix ##[[token]]',
      '[token][token]',
      '::set-output name=after::resume',
    ]);
  });

  test('the lines of one entry split on \\r cannot escape either', () => {
    const { fence, text } = recorder();
    fence.print(splitLines('ok\r::set-output name=x::1\r\n##[add-mask]y'));
    fence.close();
    const { shown, processed } = runnerView(text());
    assert.deepEqual(shown, ['ok', '::set-output name=x::1', '##[add-mask]y']);
    assert.deepEqual(processed, []);
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
    assert.deepEqual(splitLines('a\x00b\x07c\x08d\x7fe\tf\x0bg\x0ch\x1fi'), [
      'a\\x00b\\x07c\\x08d\\x7fe\tf\\x0bg\\x0ch\\x1fi',
    ]);
  });
  test('SGR colour escapes are kept', () => {
    assert.deepEqual(splitLines('\x1b[31mred\x1b[0m \x1b[1;32mbold green\x1b[m'), [
      '\x1b[31mred\x1b[0m \x1b[1;32mbold green\x1b[m',
    ]);
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
    assert.deepEqual(splitLines('y'.repeat(maxLineLength + 10)), [
      `${'y'.repeat(maxLineLength)} … [line truncated: 10 more characters]`,
    ]);
    assert.equal(maxLineLength, 16384);
  });
  test('the truncation counts characters after neutralising', () => {
    const line = '\x00'.repeat(maxLineLength); // each becomes 4 characters
    assert.deepEqual(splitLines(line), [
      `${'\\x00'.repeat(maxLineLength / 4)} … [line truncated: ${3 * maxLineLength} more characters]`,
    ]);
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
    assert.deepEqual(renderEntry(entry), {
      lines: ['[info] result: LGTM: 3 comments'],
      result: 'LGTM: 3 comments',
    });
  });

  test('a multi-line result keeps its line breaks, printed as several lines', () => {
    const entry = json({
      _log: b(true),
      level: s('info'),
      msg: s('signal-result'),
      type: s('return'),
      value: s('a\nb'),
    });
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
    assert.deepEqual(renderEntry(entry), {
      lines: ['[info] result: {"ok":true,"n":2}'],
      result: '{"ok":true,"n":2}',
    });
  });

  test('other signal-result lines are not the result', () => {
    const entry = json({
      _log: b(true),
      level: s('info'),
      msg: s('signal-result'),
      type: s('exit'),
      exitCode: n(3),
      reason: s('no work'),
      ts: n(1),
    });
    assert.deepEqual(renderEntry(entry), {
      lines: ['[info] signal-result type=exit exitCode=3 reason=no work'],
    });
  });

  test('Action Llama log lines: level, message, extras; ts dropped', () => {
    const entry = json({
      _log: b(true),
      level: s('warn'),
      msg: s('rate limited'),
      retryIn: n(5),
      tags: {
        listValue: { values: [s('a'), n(1), { nullValue: 'NULL_VALUE', kind: 'nullValue' }] },
        kind: 'listValue',
      },
      ts: n(1712345678901),
    });
    assert.deepEqual(renderEntry(entry), { lines: ['[warn] rate limited retryIn=5 tags=["a",1,null]'] });
  });

  test('a _log line without a level reads as info', () => {
    assert.deepEqual(renderEntry(json({ _log: b(true), msg: s('hello') })), { lines: ['[info] hello'] });
  });

  test("Cloud Run's exit entry gives the exit code", () => {
    for (const code of [0, 1, 3, 42, 124]) {
      const entry: LogEntry = {
        logName: systemLog,
        textPayload: `Container called exit(${code}).`,
        severity: 'INFO',
      };
      assert.deepEqual(renderEntry(entry), {
        lines: [`[cloud run] Container called exit(${code}).`],
        exitCode: code,
      });
    }
  });

  test('a container killed by a signal ends with 128 + the signal', () => {
    const entry: LogEntry = { logName: systemLog, textPayload: 'Container terminated on signal 9.' };
    assert.deepEqual(renderEntry(entry), {
      lines: ['[cloud run] Container terminated on signal 9.'],
      exitCode: 137,
    });
  });

  test('other system entries have no exit code', () => {
    const entry: LogEntry = { logName: systemLog, textPayload: 'Starting task\nsecond line' };
    assert.deepEqual(renderEntry(entry), {
      lines: ['[cloud run] Starting task', '[cloud run] second line'],
      exitCode: undefined,
    });
  });

  test('a structured system entry is read from its message', () => {
    const entry: LogEntry = {
      logName: systemLog,
      jsonPayload: { fields: { message: s('Container called exit(7).') } },
    };
    assert.deepEqual(renderEntry(entry), { lines: ['[cloud run] Container called exit(7).'], exitCode: 7 });
  });

  test('an exit message in the container output is not an exit code', () => {
    assert.deepEqual(renderEntry({ logName: stdoutLog, textPayload: 'Container called exit(9).' }), {
      lines: ['Container called exit(9).'],
    });
  });

  test('plain text, split and cleaned; workflow commands left to the fence', () => {
    assert.deepEqual(
      renderEntry({ logName: stdoutLog, textPayload: 'hello\r\n::set-output name=status::ok\x07' }),
      {
        lines: ['hello', '::set-output name=status::ok\\x07'],
      },
    );
    assert.deepEqual(renderEntry({ logName: stdoutLog }), { lines: [''] });
  });

  test('other JSON: a lone message with the severity, else the whole object', () => {
    assert.deepEqual(renderEntry({ ...json({ message: s('boom') }), severity: 'ERROR' }), {
      lines: ['[error] boom'],
    });
    assert.deepEqual(renderEntry({ ...json({ message: s('boom') }), severity: 500 }), {
      lines: ['[error] boom'],
    });
    assert.deepEqual(renderEntry({ ...json({ message: s('calm') }), severity: 'DEFAULT' }), {
      lines: ['calm'],
    });
    assert.deepEqual(renderEntry({ ...json({ message: s('calm') }), severity: 0 }), { lines: ['calm'] });
    assert.deepEqual(renderEntry({ ...json({ message: s('x'), code: n(2) }), severity: 'WARNING' }), {
      lines: ['[warning] {"message":"x","code":2}'],
    });
    assert.deepEqual(renderEntry(json({ a: { structValue: { fields: { b: b(false) } } } })), {
      lines: ['{"a":{"b":false}}'],
    });
  });
});

/** The line emitFailure prints in the container, as Cloud Logging stores it (a jsonPayload). */
function failureEntry(agent: string, reason: string): LogEntry {
  return printedEntry(() => emitFailure(agent, reason));
}

/** The usage line the entry prints (run-once.ts: emit with usageFields), as Cloud Logging stores it. */
function usageEntry(usage: UsageFigures): LogEntry {
  return printedEntry(() => emit('info', signals.usage, usageFields(usage)));
}

/** What `print` writes to stdout in the container, as a jsonPayload entry. */
function printedEntry(print: () => void): LogEntry {
  const write = process.stdout.write;
  let printed = '';
  process.stdout.write = ((text: string) => ((printed += text), true)) as typeof process.stdout.write;
  try {
    print();
  } finally {
    process.stdout.write = write;
  }
  const nul = { nullValue: 'NULL_VALUE', kind: 'nullValue' };
  const line = JSON.parse(printed) as Record<string, string | number | boolean | null>;
  const value = (v: string | number | boolean | null) =>
    v === null ? nul : typeof v === 'string' ? s(v) : typeof v === 'number' ? n(v) : b(v);
  return json(Object.fromEntries(Object.entries(line).map(([k, v]) => [k, value(v)])));
}

describe("the entry's failure line", () => {
  test('is the failure: the reason, and the line the log shows', () => {
    const entry = failureEntry('notes', 'the model call failed: 500 shard 7 is down');
    assert.deepEqual(renderEntry(entry), {
      lines: ['[error] agent notes failed: the model call failed: 500 shard 7 is down'],
      failure: 'the model call failed: 500 shard 7 is down',
    });
  });

  test('is untrusted text: credentials hidden, cut to the cap, lines harmless in the log', () => {
    const token = 'tok-failure-5b4a39281706f5e4';
    hideInOutput([token]);
    const long = `${token} ${'x'.repeat(3000)}`;
    const rendered = renderEntry(failureEntry('notes', `${long}\n::set-output name=status::succeeded`));
    assert.ok(rendered.failure!.startsWith('*** xxx'), rendered.failure);
    assert.ok(!rendered.failure!.includes(token));
    assert.ok(rendered.failure!.length <= maxFailureLength + 40, `${rendered.failure!.length} characters`);
    assert.match(rendered.failure!, /… \(cut; the log has all of it\)$/);
    assert.equal(rendered.lines.length, 2);
    assert.ok(rendered.lines[0]!.startsWith('[error] agent notes failed: *** xxx'));
    assert.equal(rendered.lines[1], '::set-output name=status::succeeded'); // printed inside the fence
  });

  test('a cut never leaves half a surrogate pair', () => {
    const reason = `${'a'.repeat(maxFailureLength - 1)}😀tail`;
    const failure = renderEntry(failureEntry('notes', reason)).failure!;
    assert.ok(failure.startsWith(`${'a'.repeat(maxFailureLength - 1)}…`), failure.slice(-20));
  });

  test('without a string reason it is an ordinary line', () => {
    const entry = json({ _log: b(true), level: s('error'), msg: s('run-failed'), reason: n(3) });
    assert.deepEqual(renderEntry(entry), { lines: ['[error] run-failed reason=3'] });
  });
});

// src/shared/llm-usage.ts: the entry's usage line, after every turn and at the end.
describe("the entry's usage line", () => {
  const three: UsageFigures = {
    turns: 3,
    inputTokens: 300,
    outputTokens: 30,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    costUsd: 0.00105,
  };
  // The figures without a cost: what an unknown cost reads as.
  const { costUsd, ...counts } = three;
  void costUsd;
  const usageLine = (fields: Record<string, unknown>) =>
    json({ _log: b(true), level: s('info'), msg: s('run-usage'), ...fields });
  const numbers = (u: Partial<Record<keyof UsageFigures, number>>) =>
    Object.fromEntries(Object.entries({ ...three, ...u }).map(([k, v]) => [k, n(v)]));

  test('is the usage: its figures, and a line of figures in the log', () => {
    assert.deepEqual(renderEntry(usageEntry(three)), {
      lines: ['[info] model usage: 3 turns, 300 input and 30 output tokens, $0.001050'],
      usage: three,
    });
    const unknown = { ...counts, cacheReadTokens: 7, cacheWriteTokens: 2 };
    assert.deepEqual(renderEntry(usageEntry(unknown)), {
      lines: [
        '[info] model usage: 3 turns, 300 input and 30 output tokens, 7 cache-read and 2 cache-write tokens, cost unknown',
      ],
      usage: unknown,
    });
  });

  test('a figure that is not a plain number in range makes the whole line an ordinary one', () => {
    const forged = [
      { turns: s('3') }, // a string, even of digits
      { inputTokens: n(-1) },
      { outputTokens: n(1.5) },
      { turns: n(1e13) }, // beyond any run
      { costUsd: n(-0.01) },
      { costUsd: n(2e9) },
      { costUsd: s('0.01') },
      { cacheReadTokens: { structValue: { fields: {} } } },
    ];
    for (const change of forged) {
      const rendered = renderEntry(usageLine({ ...numbers({}), ...change }));
      assert.equal(rendered.usage, undefined, JSON.stringify(change));
      assert.equal(rendered.lines.length, 1);
      assert.match(rendered.lines[0]!, /^\[info\] run-usage /);
    }
    const { cacheWriteTokens, ...missing } = numbers({});
    void cacheWriteTokens;
    assert.equal(renderEntry(usageLine(missing)).usage, undefined);
  });

  test('takes numbers only: other fields, workflow commands among them, are neither kept nor shown', () => {
    const rendered = renderEntry(
      usageLine({
        ...numbers({}),
        note: s('::set-output name=llm_cost::0\n::error::forged'),
        costUsd: n(0.5),
      }),
    );
    assert.deepEqual(rendered.usage, { ...three, costUsd: 0.5 });
    assert.deepEqual(rendered.lines, [
      '[info] model usage: 3 turns, 300 input and 30 output tokens, $0.500000',
    ]);
  });

  test('the mirror keeps the highest figures: a late read of an earlier line, or a forged lower one, lowers none', () => {
    const state = newMirrorState(0);
    const at = (entry: LogEntry, id: string) => ({ ...entry, insertId: id });
    const one = { ...three, turns: 1, inputTokens: 100, outputTokens: 10, costUsd: 0.00035 };
    printEntries(state, [at(usageEntry(one), 'a'), at(usageEntry(three), 'b')], () => {});
    assert.deepEqual(state.usage, three);
    // The first line again from a gap read, and a forged line claiming less: nothing goes down.
    printEntries(state, [at(usageEntry(one), 'a2'), at(usageEntry({ ...three, costUsd: 0 }), 'c')], () => {});
    assert.deepEqual(state.usage, three);
    // A forged line can raise a figure, or make the cost unknown (documented in llm-usage.ts).
    printEntries(state, [at(usageEntry({ ...one, turns: 9, costUsd: undefined }), 'd')], () => {});
    assert.deepEqual(state.usage, { ...counts, turns: 9 });
  });
});

// src/shared/container-lines.ts: the container's last line, on stdout and stderr; only the run's nonce counts.
describe('the end marker', () => {
  const nonce = '0123456789abcdef0123456789abcdef';
  const marker = (withNonce: string, logName = stdoutLog): LogEntry => ({
    logName,
    jsonPayload: {
      fields: { _log: b(true), level: s('debug'), msg: s('end of output'), nonce: s(withNonce) },
    },
  });

  test('with the run’s nonce it is the marker, on stdout or stderr, and nothing is printed', () => {
    assert.deepEqual(renderEntry(marker(nonce), nonce), { lines: [], endMarker: true });
    const stderr = marker(nonce, 'projects/p/logs/run.googleapis.com%2Fstderr');
    assert.deepEqual(renderEntry(stderr, nonce), { lines: [], endMarker: true });
    assert.equal(containerLog(stderr), 'stderr');
    assert.equal(containerLog(marker(nonce)), 'stdout');
    // A line Cloud Logging kept as text: the same line, read from its text.
    const text: LogEntry = { logName: stdoutLog, textPayload: endMarkerLine(nonce) };
    assert.deepEqual(renderEntry(text, nonce), { lines: [], endMarker: true });
  });

  test('another nonce, no nonce expected, or the system log: an ordinary line', () => {
    const other = 'f'.repeat(32);
    assert.deepEqual(renderEntry(marker(other), nonce), { lines: [`[debug] end of output nonce=${other}`] });
    assert.deepEqual(renderEntry(marker(nonce)), { lines: [`[debug] end of output nonce=${nonce}`] });
    assert.equal(renderEntry(marker(nonce), '').endMarker, undefined);
    const text: LogEntry = { logName: stdoutLog, textPayload: endMarkerLine(other) };
    assert.deepEqual(renderEntry(text, nonce), { lines: [endMarkerLine(other)] });
    const system: LogEntry = { logName: systemLog, textPayload: endMarkerLine(nonce) };
    assert.equal(renderEntry(system, nonce).endMarker, undefined);
    const broken: LogEntry = { logName: stdoutLog, textPayload: `{"nonce":"${nonce}",` };
    assert.deepEqual(renderEntry(broken, nonce), { lines: [`{"nonce":"${nonce}",`] });
  });
});

describe('hiding credentials', () => {
  test('a credential is hidden before its line is cut or escaped, and in a result', () => {
    const token = 'tok-9f8e7d6c5b4a39281706f5e4';
    const ctl = 'ctl-0a1b2c3d\x01e4f5a6b7';
    hideInOutput([token, ctl]);
    const padded = `${' '.repeat(maxLineLength - 6)}${token}`;
    assert.deepEqual(splitLines(padded), [`${' '.repeat(maxLineLength - 6)}***`]);
    assert.deepEqual(splitLines(`a ${ctl} b\r${token}`), ['a *** b', '***']);
    const entry: LogEntry = {
      logName: stdoutLog,
      jsonPayload: {
        fields: {
          _log: b(true),
          level: s('info'),
          msg: s('signal-result'),
          type: s('return'),
          value: s(`key=${token}`),
        },
      },
    };
    assert.deepEqual(renderEntry(entry), { lines: ['[info] result: key=***'], result: 'key=***' });
  });
});
