// The Logging query language as the emulator understands it; each case quotes or follows
// https://cloud.google.com/logging/docs/view/logging-query-language.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compileFilter, compileRe2, fold, parseInstant } from './filter.ts';
import { toStruct, type LogEntry } from './logstore.ts';
import { invalidArgument, RpcError, Status } from './rpc.ts';

const project = 'my-project';
const stdout = `projects/${project}/logs/run.googleapis.com%2Fstdout`;

/** A Cloud Run job entry as the executor stores it; `json` becomes a Struct jsonPayload. */
function entry(fields: Partial<LogEntry> & { json?: Record<string, unknown> } = {}): LogEntry {
  const { json, ...rest } = fields;
  return {
    logName: stdout,
    resource: {
      type: 'cloud_run_job',
      labels: { job_name: 'agent-job', location: 'europe-west1', project_id: project },
    },
    timestamp: { seconds: String(Date.parse('2026-11-27T07:00:00Z') / 1000), nanos: 500_000_000 },
    severity: 'INFO',
    insertId: '0000000001',
    labels: { 'run.googleapis.com/execution_name': 'agent-job-abc12', 'run.googleapis.com/task_index': '0' },
    ...(json ? { jsonPayload: toStruct(json) } : { textPayload: 'Hello from the agent' }),
    ...rest,
  };
}

const matches = (filter: string, e: LogEntry = entry()): boolean => compileFilter(filter).matches(e);

function rejects(filter: string, message: RegExp): void {
  assert.throws(
    () => compileFilter(filter),
    (error: unknown) =>
      error instanceof RpcError && error.code === Status.INVALID_ARGUMENT && message.test(error.message),
    `expected INVALID_ARGUMENT matching ${message} for ${JSON.stringify(filter)}`,
  );
}

describe('filter: structure', () => {
  test('an empty filter, or only whitespace and comments, matches everything', () => {
    assert.equal(matches(''), true);
    assert.equal(matches('  \n\t '), true);
    assert.equal(matches('-- nothing but a comment'), true);
  });

  test('a simple restriction on resource.type', () => {
    assert.equal(matches('resource.type = "cloud_run_job"'), true);
    assert.equal(matches('resource.type = "gce_instance"'), false);
    assert.equal(matches('resource.type=cloud_run_job'), true, 'unquoted values without special characters');
  });

  test('string equality ignores letter case', () => {
    assert.equal(matches('resource.type = "CLOUD_RUN_JOB"'), true);
    assert.equal(matches('resource.labels.job_name = "Agent-Job"'), true);
  });

  test('comparisons juxtaposed or on separate lines are joined with AND', () => {
    assert.equal(matches('resource.type = "cloud_run_job" resource.labels.job_name = "agent-job"'), true);
    assert.equal(matches('resource.type = "cloud_run_job"\nresource.labels.job_name = "other"'), false);
    assert.equal(matches('resource.type = "cloud_run_job" AND resource.labels.job_name = "other"'), false);
  });

  test('NOT binds tightest, then OR, then AND: "a" OR NOT "b" AND NOT "c" OR "d" is ("a" OR (NOT "b")) AND ((NOT "c") OR "d")', () => {
    const words = ['alpha', 'bravo', 'charlie', 'delta'];
    for (let mask = 0; mask < 16; mask++) {
      const has = words.map((_, i) => Boolean(mask & (1 << i)));
      const text = words.filter((_, i) => has[i]).join(' ') || 'none';
      const [a, b, c, d] = has;
      const expected = (a || !b) && (!c || d);
      assert.equal(
        matches('"alpha" OR NOT "bravo" AND NOT "charlie" OR "delta"', entry({ textPayload: text })),
        expected,
        text,
      );
      assert.equal(
        matches('alpha OR -bravo charlie OR delta', entry({ textPayload: text })),
        (a || !b) && (c || d),
        text,
      );
    }
  });

  test('parentheses group', () => {
    const e = entry({ textPayload: 'alpha' });
    assert.equal(matches('(alpha AND bravo) OR charlie', e), false);
    assert.equal(matches('alpha AND (bravo OR charlie)', e), false);
    assert.equal(
      matches('alpha AND bravo OR charlie', e),
      false,
      'OR binds tighter: alpha AND (bravo OR charlie)',
    );
    assert.equal(matches('(alpha OR bravo) charlie', e), false);
    assert.equal(matches('((alpha)) OR (bravo)', e), true);
  });

  test('NOT and the minus prefix negate', () => {
    assert.equal(matches('NOT severity = INFO'), false);
    assert.equal(matches('-severity = INFO'), false);
    assert.equal(matches('-severity = ERROR'), true);
    assert.equal(matches('resource.type = "cloud_run_job" -textPayload:secret'), true);
    assert.equal(matches('NOT NOT severity = INFO'), true);
  });

  test('lowercase and, or, not are search terms, not operators', () => {
    assert.equal(matches('agent and hello'), false, '"and" must appear in the entry');
    assert.equal(matches('agent and hello', entry({ textPayload: 'agent and hello' })), true);
    assert.equal(matches('hello or nothing'), false);
    assert.equal(
      matches('ANDROID', entry({ textPayload: 'android phone' })),
      true,
      'a word starting with AND is a word',
    );
  });

  test('comments run from -- to the end of the line', () => {
    assert.equal(matches('resource.type = "cloud_run_job" -- severity = ERROR\nseverity = INFO'), true);
    assert.equal(matches('-- resource.type = "x"\nresource.type = "cloud_run_job"'), true);
  });

  test('a parenthesized value applies the field and operator to each element', () => {
    assert.equal(matches('resource.labels.job_name = ("other" OR "agent-job")'), true);
    assert.equal(matches('resource.labels.job_name = ("other" OR "another")'), false);
    assert.equal(matches('textPayload:(hello agent)'), true, 'implicit AND inside the value');
    assert.equal(matches('textPayload:("hello" AND "robot")'), false);
    assert.equal(matches('textPayload:("hello" AND NOT "robot")'), true);
  });

  test('"insertId = "ABC-1" OR "ABC-2"" is a comparison OR a global restriction, unlike insertId = ("ABC-1" OR "ABC-2")', () => {
    const e = entry({ insertId: 'ABC-3', textPayload: 'mentions ABC-2' });
    assert.equal(matches('insertId = "ABC-1" OR "ABC-2"', e), true);
    assert.equal(matches('insertId = ("ABC-1" OR "ABC-2")', e), false);
  });
});

describe('filter: fields and operators', () => {
  test('labels with special characters are quoted path segments', () => {
    assert.equal(matches('labels."run.googleapis.com/execution_name" = "agent-job-abc12"'), true);
    assert.equal(matches('labels."run.googleapis.com/execution_name" = "agent-job-zzz99"'), false);
    assert.equal(matches('labels."run.googleapis.com/task_index" = 0'), true);
  });

  test('map keys keep their case', () => {
    const e = entry({ labels: { env_name: 'prod' } });
    assert.equal(matches('labels.env_name = prod', e), true);
    assert.equal(matches('labels.envName = prod', e), false);
  });

  test('logName and log_id()', () => {
    assert.equal(matches(`logName = "${stdout}"`), true);
    assert.equal(matches(`logName = "projects/${project}/logs/run.googleapis.com%2Fstderr"`), false);
    assert.equal(matches('logName:"run.googleapis.com%2Fstdout"'), true);
    assert.equal(matches('log_id("run.googleapis.com/stdout")'), true);
    assert.equal(matches('log_id("run.googleapis.com/stderr")'), false);
  });

  test('":" is a case-insensitive substring match', () => {
    assert.equal(matches('textPayload:AGENT'), true);
    assert.equal(matches('textPayload:"from the"'), true);
    assert.equal(matches('textPayload:robot'), false);
    assert.equal(matches('NOT textPayload:robot'), true);
  });

  test('regular expressions: RE2 search, case-sensitive, unanchored, (?i) for case-insensitive', () => {
    assert.equal(matches('textPayload =~ "from.*agent"'), true);
    assert.equal(matches('textPayload =~ "^from"'), false);
    assert.equal(matches('textPayload =~ "AGENT"'), false, 'regular expressions are not normalized');
    assert.equal(matches('textPayload =~ "(?i)AGENT"'), true);
    assert.equal(matches('textPayload !~ "robot"'), true);
    assert.equal(matches('textPayload =~ "(?i:HELLO) from"'), true, 'a flag group');
    assert.equal(matches('resource.labels.job_name =~ ("^agent" OR "^other")'), true);
    assert.equal(
      matches('textPayload =~ "\\\\d+"', entry({ textPayload: 'exit 42' })),
      true,
      'escaped backslash',
    );
    assert.equal(matches('textPayload =~ "[[:digit:]]+$"', entry({ textPayload: 'exit 42' })), true);
    assert.equal(matches('textPayload =~ "exit (?P<code>\\\\d+)"', entry({ textPayload: 'exit 42' })), true);
  });

  test('severity compares by level, by name in any case or by number', () => {
    const warning = entry({ severity: 'WARNING' });
    assert.equal(matches('severity >= WARNING', warning), true);
    assert.equal(matches('severity >= "warning"', warning), true);
    assert.equal(matches('severity > WARNING', warning), false);
    assert.equal(matches('severity < ERROR', warning), true);
    assert.equal(matches('severity >= 400', warning), true);
    assert.equal(matches('severity >= 401', warning), false);
    assert.equal(matches('severity = warning', warning), true);
    assert.equal(matches('severity != WARNING', warning), false);
    for (const [lower, higher] of [
      ['DEFAULT', 'DEBUG'],
      ['DEBUG', 'INFO'],
      ['INFO', 'NOTICE'],
      ['NOTICE', 'WARNING'],
      ['WARNING', 'ERROR'],
      ['ERROR', 'CRITICAL'],
      ['CRITICAL', 'ALERT'],
      ['ALERT', 'EMERGENCY'],
    ]) {
      assert.equal(matches(`severity < ${higher}`, entry({ severity: lower })), true, `${lower} < ${higher}`);
    }
  });

  test('a missing severity is DEFAULT (a defaulted field)', () => {
    const e = entry({ severity: undefined });
    assert.equal(matches('severity = DEFAULT', e), true);
    assert.equal(matches('severity < DEBUG', e), true);
    assert.equal(matches('severity:*', e), false, ':* asks whether it is explicitly present');
  });

  test('timestamp compares as instants, with nanoseconds and zones', () => {
    assert.equal(matches('timestamp >= "2026-11-27T07:00:00Z"'), true);
    assert.equal(matches('timestamp >= "2026-11-27T07:00:00.5Z"'), true);
    assert.equal(matches('timestamp > "2026-11-27T07:00:00.500000000Z"'), false);
    assert.equal(matches('timestamp > "2026-11-27T07:00:00.499999999Z"'), true, 'nanosecond precision');
    assert.equal(matches('timestamp = "2026-11-27T08:00:00.5+01:00"'), true, 'an offset');
    assert.equal(matches('timestamp < "2026-11-27T02:00:00-05:00"'), false);
    assert.equal(matches('timestamp > "2026-11-27"'), true, 'YYYY-MM-DD is midnight UTC');
    assert.equal(matches('timestamp < "2026-11-28"'), true);
    assert.equal(matches('timestamp >= "2016-11-29T23:00:00Z" timestamp <= "2016-11-29T23:30:00Z"'), false);
  });

  test('receiveTimestamp and insertId', () => {
    const e = entry({
      receiveTimestamp: { seconds: String(Date.parse('2026-11-27T07:00:05Z') / 1000), nanos: 0 },
      insertId: 'abc-0002',
    });
    assert.equal(matches('receiveTimestamp > "2026-11-27T07:00:04Z"', e), true);
    assert.equal(matches('receiveTimestamp > "2026-11-27T07:00:06Z"', e), false);
    assert.equal(matches('insertId > "abc-0001"', e), true);
    assert.equal(matches('insertId < "abc-0002"', e), false);
    assert.equal(matches('insertId = "ABC-0002"', e), true);
  });

  test('jsonPayload: nested fields, types inferred from the values', () => {
    const e = entry({
      json: {
        message: 'Run finished',
        exit: { code: 3, ok: false },
        tags: ['a', 'b'],
        shoeSize: [8.5, 9, 6],
        nothing: null,
      },
    });
    assert.equal(matches('jsonPayload.message = "run finished"', e), true);
    assert.equal(matches('jsonPayload.message:finished', e), true);
    assert.equal(matches('jsonPayload.exit.code = 3', e), true);
    assert.equal(matches('jsonPayload.exit.code = "3"', e), true, 'a string whose content is a number');
    assert.equal(matches('jsonPayload.exit.code > 2.5', e), true);
    assert.equal(matches('jsonPayload.exit.code < 3', e), false);
    assert.equal(
      matches('jsonPayload.exit.code = three', e),
      false,
      'a failed conversion fails the comparison',
    );
    assert.equal(matches('jsonPayload.exit.ok = false', e), true);
    assert.equal(matches('jsonPayload.exit.ok = TRUE', e), false);
    assert.equal(matches('jsonPayload.tags = b', e), true, 'an array matches when a member does');
    assert.equal(matches('jsonPayload.shoeSize < 7', e), true, '8.5 < 7 OR 9 < 7 OR 6 < 7');
    assert.equal(matches('jsonPayload.shoeSize < 6', e), false);
    assert.equal(matches('jsonPayload.nothing = NULL_VALUE', e), true);
    assert.equal(matches('NOT jsonPayload.nothing = NULL_VALUE', e), false);
    assert.equal(matches('jsonPayload.message = NULL_VALUE', e), false);
    assert.equal(matches('jsonPayload.exit:*', e), true);
    assert.equal(matches('jsonPayload:finished', e), true, '":" on an object searches inside it');
  });

  test('jsonPayload as the proto loader decodes it (Struct values with a kind)', () => {
    const e = entry({
      textPayload: undefined,
      jsonPayload: {
        fields: {
          message: { kind: 'stringValue', stringValue: 'hi' },
          n: { kind: 'numberValue', numberValue: 2 },
        },
      } as never,
    });
    assert.equal(matches('jsonPayload.message = hi', e), true);
    assert.equal(matches('jsonPayload.n >= 2', e), true);
  });

  test('missing payload and label fields fail every comparison, != included; NOT of one succeeds', () => {
    const e = entry();
    assert.equal(matches('jsonPayload.nearest_store = "x"', e), false);
    assert.equal(matches('jsonPayload.nearest_store != "x"', e), false);
    assert.equal(matches('NOT jsonPayload.nearest_store = "x"', e), true);
    assert.equal(matches('labels.missing != "x"', e), false);
    assert.equal(matches('NOT labels.missing = "x"', e), true);
    assert.equal(matches('labels.missing:*', e), false);
    assert.equal(matches('labels."run.googleapis.com/task_index":*', e), true);
  });

  test('fields defined in LogEntry compare with their default when absent', () => {
    assert.equal(matches('trace = ""'), true);
    assert.equal(matches('trace:*'), false);
    assert.equal(matches('httpRequest.status = 0'), true);
    assert.equal(matches('operation.producer != "x"'), true);
  });

  test('global restrictions search every field with ":"', () => {
    assert.equal(matches('"The Agent"', entry({ textPayload: 'the agent said hi' })), true);
    assert.equal(matches('agent-job-abc12'), true, 'a label value');
    assert.equal(matches('europe-west1'), true, 'a resource label value');
    assert.equal(matches('"cloud_run_job"'), true, 'the resource type');
    assert.equal(
      matches('finished', entry({ json: { message: 'Run finished' } })),
      true,
      'inside jsonPayload',
    );
    assert.equal(
      matches('unicorn phoenix', entry({ textPayload: 'unicorn', labels: { pet: 'phoenix' } })),
      true,
    );
    assert.equal(matches('unicorn'), false);
    assert.equal(matches('(cat AND (hat OR bat))', entry({ textPayload: 'cat in the hat' })), true);
  });

  test('quoted strings take backslash escapes', () => {
    assert.equal(matches('textPayload = "say \\"hi\\""', entry({ textPayload: 'say "hi"' })), true);
    assert.equal(matches('textPayload = "a\\tb"', entry({ textPayload: 'a\tb' })), true);
    assert.equal(matches('textPayload = "back\\\\slash"', entry({ textPayload: 'back\\slash' })), true);
    assert.equal(matches('textPayload = "\\u00e9t\\u00e9"', entry({ textPayload: 'été' })), true);
  });

  test('field names of LogEntry are case-insensitive and accept snake_case', () => {
    assert.equal(matches('RESOURCE.TYPE = cloud_run_job'), true);
    assert.equal(matches('insert_id = "0000000001"'), true);
    assert.equal(matches('text_payload:hello'), true);
  });

  test('string comparisons fold Unicode (NFKC_CF)', () => {
    assert.equal(fold('STRASSE'), fold('straße'));
    assert.equal(
      matches('textPayload = "ＡＢＣ"', entry({ textPayload: 'abc' })),
      true,
      'full-width letters',
    );
  });
});

describe('filter: the filters the action and the client library send', () => {
  test('getEntries appends AND timestamp >= ... when the filter has no timestamp term', () => {
    const filter =
      'resource.type="cloud_run_job" AND resource.labels.job_name="agent-job" AND labels."run.googleapis.com/execution_name"="agent-job-abc12" AND timestamp >= "2026-11-27T06:00:00.000Z"';
    assert.equal(matches(filter), true);
    assert.equal(matches(filter.replace('06:00:00.000Z', '08:00:00.000Z')), false);
    assert.equal(
      matches('timestamp >= "2026-11-26T07:00:00.000Z"'),
      true,
      'the filter of getEntries() without one',
    );
  });

  test('an OR filter with the appended time term keeps OR inside: (a OR b) AND time', () => {
    const filter = 'severity=ERROR OR textPayload:hello AND timestamp >= "2026-11-28T00:00:00.000Z"';
    assert.equal(matches(filter), false, 'the time term applies to both sides of the OR');
  });

  test('tailEntries wraps the filter: (filter) AND logName="..."', () => {
    assert.equal(matches(`(resource.type="cloud_run_job") AND logName="${stdout}"`), true);
  });

  test('the action polls from the last timestamp seen, on an execution, with severity', () => {
    const filter = [
      'resource.type = "cloud_run_job"',
      'resource.labels.job_name = "agent-job"',
      'labels."run.googleapis.com/execution_name" = "agent-job-abc12"',
      'timestamp > "2026-11-27T07:00:00.400Z"',
      'severity >= DEFAULT',
    ].join('\n');
    assert.equal(matches(filter), true);
  });
});

describe('filter: errors are INVALID_ARGUMENT with a position', () => {
  test('undefined fields', () => {
    rejects('thud = 1', /field thud is not defined.*line 1, column 1/);
    rejects('operation.thud = 1', /not defined/);
    rejects('textPayload.thud = 1', /not defined/);
    rejects('labels.a.b = 1', /label value has no fields/);
  });

  test('syntax', () => {
    rejects('(resource.type = "x"', /missing '\)'/);
    rejects('resource.type = "x")', /unexpected '\)'/);
    rejects('textPayload = "open', /unterminated string/);
    rejects('resource.type = ', /expected a value after '='/);
    rejects('resource.type == "x"', /expected a value, found '='/);
    rejects('a AND', /expected an expression after AND/);
    rejects('AND a', /unexpected AND/);
    rejects('a OR', /expected an expression/);
    rejects('a AND OR b', /unexpected OR/);
    rejects('NOT', /expected an expression/);
    rejects('()', /expected an expression/);
    rejects('resource.type = ()', /expected a value/);
    rejects('resource. = "x"', /expected a field name/);
  });

  test('unquoted text with special characters', () => {
    rejects('insertId = abc:def', /unexpected ':'/);
    rejects(`logName = projects/${project}/logs/run.googleapis.com%2Fstdout`, /put it in double quotes/);
    rejects('textPayload = -foo', /put it in double quotes/);
    rejects('textPayload = foo(bar)', /functions are not supported as comparison values/);
  });

  test('values that do not convert to the field type', () => {
    rejects('severity >= LOUD', /not a severity/);
    rejects('timestamp >= "yesterday"', /not an RFC 3339 timestamp/);
    rejects('httpRequest.status = "ok"', /not an integer/);
    rejects('traceSampled = maybe', /not a Boolean/);
    rejects('httpRequest.latency > "fast"', /not a duration/);
  });

  test('operators that do not apply', () => {
    rejects('severity =~ "ERR"', /only apply to string fields/);
    rejects('resource = "cloud_run_job"', /not a scalar/);
    rejects('labels = "x"', /not a scalar/);
  });

  test('regular expressions RE2 would not accept, or the emulator cannot translate', () => {
    rejects('textPayload =~ "(a)\\\\1"', /backreferences/);
    rejects('textPayload =~ "a(?=b)"', /unsupported group/);
    rejects('textPayload =~ "a(?i)b"', /unsupported group/);
    rejects('textPayload =~ "a("', /invalid regular expression/);
    rejects('textPayload =~ "\\\\p{Greek}"', /not supported/);
  });

  test('unsupported functions and protoPayload say so', () => {
    rejects('SEARCH("hello")', /SEARCH\(\) is not supported/);
    rejects('sample(insertId, 0.5)', /not supported/);
    rejects('protoPayload.methodName = "x"', /protoPayload/);
  });

  test('the position points at the problem on its line', () => {
    rejects('resource.type = "cloud_run_job"\nAND severity >= LOUD', /line 2, column 17/);
  });

  test('a filter longer than 20,000 characters', () => {
    rejects(`textPayload:"${'x'.repeat(20_000)}"`, /maximum is 20000/);
  });
});

describe('filter: helpers', () => {
  test('time bounds come from top-level timestamp conjuncts only', () => {
    const at = (iso: string): number => Date.parse(iso);
    const range = compileFilter(
      'resource.type = "x" AND timestamp >= "2026-11-27T07:00:00Z" AND (timestamp < "2026-11-27T08:00:00Z")',
    ).timeRange;
    assert.equal(range.minMs, at('2026-11-27T07:00:00Z') - 1);
    assert.equal(range.maxMs, at('2026-11-27T08:00:00Z') + 1);
    assert.deepEqual(compileFilter('timestamp >= "2026-11-27T07:00:00Z" OR severity = ERROR').timeRange, {
      minMs: -Infinity,
      maxMs: Infinity,
    });
    assert.deepEqual(compileFilter('NOT timestamp >= "2026-11-27T07:00:00Z"').timeRange, {
      minMs: -Infinity,
      maxMs: Infinity,
    });
  });

  test('parseInstant keeps nanoseconds and applies offsets', () => {
    assert.deepEqual(parseInstant('1970-01-01T00:00:01.000000007Z'), [1, 7]);
    assert.deepEqual(parseInstant('1970-01-01T01:00:00+01:00'), [0, 0]);
    assert.equal(parseInstant('1970-13-01'), undefined);
  });

  test('compileRe2 turns \\A and \\z into JavaScript anchors', () => {
    const fail = (m: string): RpcError => invalidArgument(m);
    assert.equal(compileRe2('\\Aab\\z', fail).test('ab'), true);
    assert.equal(compileRe2('\\Aab\\z', fail).test('xab'), false);
    assert.equal(compileRe2('(?i)AB', fail).test('xab'), true);
  });

  test('compiled once, a filter evaluates 100,000 entries quickly', () => {
    const { matches: match } = compileFilter(
      'resource.type = "cloud_run_job" AND labels."run.googleapis.com/execution_name" = "agent-job-abc12" AND timestamp >= "2026-11-27T06:00:00Z" AND severity >= DEFAULT',
    );
    const entries = Array.from({ length: 100_000 }, (_, i) =>
      entry({ insertId: String(i), textPayload: `line ${i}` }),
    );
    const started = performance.now();
    const count = entries.filter(match).length;
    const elapsed = performance.now() - started;
    assert.equal(count, 100_000);
    assert.ok(elapsed < 3000, `took ${elapsed.toFixed(0)} ms`);
  });
});
