// The Cloud Logging query language: a parser and a compiler to a predicate over stored LogEntries.
// Every rule below is from https://cloud.google.com/logging/docs/view/logging-query-language
// ("the query language page" in the comments) unless another page is named.
// Anything the parser does not understand is INVALID_ARGUMENT with a line and column, never a
// silent match-all.
import type { LogEntry } from './logstore.ts';
import { invalidArgument, type RpcError } from './rpc.ts';

// ---------------------------------------------------------------------------------------------
// Syntax tree

type Op = '=' | '!=' | '<' | '<=' | '>' | '>=' | ':' | '=~' | '!~';

/** A literal as written: the text (unescaped when quoted) and whether it was quoted. */
interface Literal {
  text: string;
  quoted: boolean;
  pos: number;
}

interface PathSegment {
  name: string;
  quoted: boolean;
  pos: number;
}

/** The right-hand side of a comparison: one literal, `*` after `:`, or a Boolean combination. */
type ValueExpr =
  | { kind: 'literal'; literal: Literal }
  | { kind: 'any'; pos: number }
  | { kind: 'and' | 'or'; items: ValueExpr[] }
  | { kind: 'not'; item: ValueExpr };

type Node =
  | { kind: 'and' | 'or'; items: Node[] }
  | { kind: 'not'; item: Node }
  | { kind: 'compare'; path: PathSegment[]; op: Op; value: ValueExpr; pos: number }
  | { kind: 'global'; value: ValueExpr }
  | { kind: 'call'; name: string; args: Literal[]; pos: number };

// Longest operators first so `<=` is not read as `<`.
const operators: Op[] = ['=~', '!~', '!=', '<=', '>=', '=', '<', '>', ':'];

// "The length of a query can't exceed 20,000 characters." (query language page, and
// ListLogEntriesRequest.filter in google/logging/v2/logging.proto)
export const maxFilterLength = 20_000;

// ---------------------------------------------------------------------------------------------
// Parser: recursive descent over characters (the meaning of `-`, `.` and `(` depends on context,
// so a separate tokenizer would not help).
//
// Grammar, with the documented precedence "NOT has the highest precedence, followed by OR and
// AND in that order" (query language page, Boolean operators), AND being optional between terms:
//   sequence = disjunction { ["AND"] disjunction }
//   disjunction = unary { "OR" unary }
//   unary = ("NOT" | "-") unary | primary
//   primary = "(" sequence ")" | path op value | function "(" args ")" | literal

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';
}

// "Unquoted text must not contain any special characters" (Troubleshooting); a word ends at them.
const wordStops = new Set(['"', '(', ')', '=', '!', '<', '>', ':', '~', ',', '*', '\\']);
const isWordChar = (c: string | undefined): boolean => c !== undefined && !isSpace(c) && !wordStops.has(c);
const isIdentStart = (c: string | undefined): boolean => c !== undefined && /[A-Za-z_@$]/.test(c);
const isIdentChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_@$-]/.test(c);
const numberPattern = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

class Parser {
  private pos = 0;
  private readonly src: string;

  constructor(src: string) {
    this.src = src;
  }

  parse(): Node | undefined {
    this.skip();
    if (this.pos >= this.src.length) return undefined; // "An empty filter matches all log entries"
    const node = this.sequence(false);
    this.skip();
    if (this.pos < this.src.length) throw this.error(`unexpected '${this.src[this.pos]}'`);
    return node;
  }

  error(message: string, pos = this.pos): RpcError {
    return filterError(this.src, message, pos);
  }

  /** Skips whitespace and `--` comments ("Comments start with two dashes", query language page). */
  private skip(): void {
    for (;;) {
      while (isSpace(this.src[this.pos])) this.pos++;
      if (!this.src.startsWith('--', this.pos)) return;
      const end = this.src.indexOf('\n', this.pos);
      this.pos = end < 0 ? this.src.length : end + 1;
    }
  }

  /** Boolean operators are keywords only in upper case: "Lowercase and, or, and not are parsed as search terms." */
  private keyword(word: 'AND' | 'OR' | 'NOT'): boolean {
    if (!this.src.startsWith(word, this.pos)) return false;
    return !isWordChar(this.src[this.pos + word.length]) || this.src[this.pos + word.length] === '-';
  }

  private atSequenceEnd(inParens: boolean): boolean {
    this.skip();
    if (this.pos >= this.src.length) return true;
    if (this.src[this.pos] === ')') {
      if (!inParens) throw this.error("unexpected ')'");
      return true;
    }
    return false;
  }

  private sequence(inParens: boolean): Node {
    const items: Node[] = [];
    while (!this.atSequenceEnd(inParens)) {
      if (items.length > 0 && this.keyword('AND')) {
        this.pos += 3;
        if (this.atSequenceEnd(inParens)) throw this.error('expected an expression after AND');
      }
      items.push(this.disjunction());
    }
    if (items.length === 0) throw this.error('expected an expression');
    return items.length === 1 ? items[0]! : { kind: 'and', items };
  }

  private disjunction(): Node {
    const items = [this.unary()];
    for (;;) {
      this.skip();
      if (!this.keyword('OR')) break;
      this.pos += 2;
      items.push(this.unary());
    }
    return items.length === 1 ? items[0]! : { kind: 'or', items };
  }

  private unary(): Node {
    this.skip();
    if (this.keyword('NOT')) {
      this.pos += 3;
      return { kind: 'not', item: this.unary() };
    }
    // "You can also replace the NOT operator with the - (minus) operator."
    if (this.src[this.pos] === '-') {
      this.pos++;
      return { kind: 'not', item: this.unary() };
    }
    return this.primary();
  }

  private primary(): Node {
    this.skip();
    const start = this.pos;
    const c = this.src[this.pos];
    if (c === undefined) throw this.error('expected an expression');
    if (this.keyword('AND') || this.keyword('OR'))
      throw this.error(`unexpected ${this.keyword('OR') ? 'OR' : 'AND'}`);
    if (c === '(') {
      this.pos++;
      const node = this.sequence(true);
      this.expect(')', start);
      return node;
    }
    if (isIdentStart(c)) {
      const path = this.path();
      this.skip();
      const op = operators.find((o) => this.src.startsWith(o, this.pos));
      if (op) {
        this.pos += op.length;
        return { kind: 'compare', path, op, value: this.comparisonValue(op), pos: start };
      }
      if (path.length === 1 && this.src[start + path[0]!.name.length] === '(') {
        return this.call(path[0]!.name, start);
      }
      this.pos = start; // not a comparison: a global restriction
    }
    // "If the comparison consists of a single value, it is called a global restriction."
    if (c === '"' || isWordChar(c))
      return { kind: 'global', value: { kind: 'literal', literal: this.literal(false) } };
    throw this.error(`unexpected '${c}'`);
  }

  private expect(char: string, openedAt: number): void {
    this.skip();
    if (this.src[this.pos] !== char)
      throw this.error(`missing '${char}' for the '(' at column ${this.column(openedAt)}`);
    this.pos++;
  }

  private column(pos: number): number {
    return pos - this.src.lastIndexOf('\n', pos - 1);
  }

  /** `resource.labels.job_name`, `labels."run.googleapis.com/execution_name"`, `jsonPayload."a.b".c`. */
  private path(): PathSegment[] {
    const segments: PathSegment[] = [this.identifier()];
    while (this.src[this.pos] === '.') {
      this.pos++;
      const c = this.src[this.pos];
      const pos = this.pos;
      if (c === '"') segments.push({ name: this.quoted(), quoted: true, pos });
      else if (isIdentChar(c)) segments.push(this.identifier());
      else throw this.error('expected a field name after "."');
    }
    return segments;
  }

  private identifier(): PathSegment {
    const start = this.pos;
    while (isIdentChar(this.src[this.pos])) this.pos++;
    return { name: this.src.slice(start, this.pos), quoted: false, pos: start };
  }

  private comparisonValue(op: Op): ValueExpr {
    this.skip();
    const pos = this.pos;
    // "To test if a missing or defaulted field exists ... use the :* comparison."
    if (op === ':' && this.src[pos] === '*') {
      this.pos++;
      return { kind: 'any', pos };
    }
    // "If [VALUE] is a parenthesized Boolean combination of comparisons, then the field name and the
    // comparison operator are applied to each element."
    if (this.src[pos] === '(') {
      this.pos++;
      const value = this.valueSequence();
      this.expect(')', pos);
      return value;
    }
    if (this.src[pos] === undefined) throw this.error(`expected a value after '${op}'`);
    return { kind: 'literal', literal: this.literal(true) };
  }

  private valueSequence(): ValueExpr {
    const items: ValueExpr[] = [];
    while (!this.atSequenceEnd(true)) {
      if (items.length > 0 && this.keyword('AND')) {
        this.pos += 3;
        if (this.atSequenceEnd(true)) throw this.error('expected a value after AND');
      }
      items.push(this.valueDisjunction());
    }
    if (items.length === 0) throw this.error('expected a value');
    return items.length === 1 ? items[0]! : { kind: 'and', items };
  }

  private valueDisjunction(): ValueExpr {
    const items = [this.valueUnary()];
    for (;;) {
      this.skip();
      if (!this.keyword('OR')) break;
      this.pos += 2;
      items.push(this.valueUnary());
    }
    return items.length === 1 ? items[0]! : { kind: 'or', items };
  }

  private valueUnary(): ValueExpr {
    this.skip();
    if (this.keyword('NOT')) {
      this.pos += 3;
      return { kind: 'not', item: this.valueUnary() };
    }
    const c = this.src[this.pos];
    if (c === '-' && !/[\d.]/.test(this.src[this.pos + 1] ?? '')) {
      this.pos++;
      return { kind: 'not', item: this.valueUnary() };
    }
    if (c === '(') {
      const open = this.pos++;
      const value = this.valueSequence();
      this.expect(')', open);
      return value;
    }
    if (this.keyword('AND') || this.keyword('OR')) throw this.error('expected a value');
    return { kind: 'literal', literal: this.literal(true) };
  }

  /** A quoted string or an unquoted word (text or number). */
  private literal(asValue: boolean): Literal {
    const pos = this.pos;
    if (this.src[pos] === '"') return { text: this.quoted(), quoted: true, pos };
    while (isWordChar(this.src[this.pos])) this.pos++;
    const text = this.src.slice(pos, this.pos);
    if (!text) throw this.error(`expected a value, found '${this.src[pos]}'`, pos);
    if (asValue && this.src[this.pos] === '(')
      throw this.error('functions are not supported as comparison values', pos);
    // String values "must be double-quoted to escape ... Strings starting with + (plus), - (minus),
    // or . (period). Strings with ... . (period)" (Values and conversions).
    if (!numberPattern.test(text) && (/^[+\-.]/.test(text) || text.includes('.'))) {
      throw this.error(
        `unquoted text ${JSON.stringify(text)} contains special characters; put it in double quotes`,
        pos,
      );
    }
    return { text, quoted: false, pos };
  }

  /** A double-quoted string with C-style escapes; "Embedded quotation marks must be escaped with a backslash." */
  private quoted(): string {
    const start = this.pos++;
    let out = '';
    for (;;) {
      const c = this.src[this.pos];
      if (c === undefined) throw this.error('unterminated string', start);
      this.pos++;
      if (c === '"') return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      out += this.escape();
    }
  }

  private escape(): string {
    const c = this.src[this.pos];
    if (c === undefined) throw this.error('unterminated string');
    this.pos++;
    const simple: Record<string, string> = {
      n: '\n',
      t: '\t',
      r: '\r',
      b: '\b',
      f: '\f',
      v: '\v',
      a: '\x07',
      '"': '"',
      "'": "'",
      '\\': '\\',
      '?': '?',
    };
    if (simple[c] !== undefined) return simple[c];
    const hex =
      c === 'x'
        ? /^[0-9a-fA-F]{2}/
        : c === 'u'
          ? /^[0-9a-fA-F]{4}/
          : c === 'U'
            ? /^[0-9a-fA-F]{8}/
            : undefined;
    if (hex) {
      const digits = hex.exec(this.src.slice(this.pos))?.[0];
      if (!digits) throw this.error(`invalid \\${c} escape`, this.pos - 2);
      this.pos += digits.length;
      return String.fromCodePoint(parseInt(digits, 16));
    }
    const octal = /^[0-7]{3}/.exec(this.src.slice(this.pos - 1))?.[0];
    if (octal) {
      this.pos += 2;
      return String.fromCharCode(parseInt(octal, 8));
    }
    // Other escapes (`\d`, `\.` in regular expressions) are kept as written, backslash included.
    return `\\${c}`;
  }

  /** `log_id("run.googleapis.com/stdout")`: functions are global restrictions (Functions). */
  private call(name: string, pos: number): Node {
    this.pos = pos + name.length + 1;
    const args: Literal[] = [];
    this.skip();
    while (this.src[this.pos] !== ')') {
      if (args.length > 0) {
        if (this.src[this.pos] !== ',') throw this.error("expected ',' or ')' in the function's arguments");
        this.pos++;
        this.skip();
      }
      if (this.src[this.pos] === undefined) throw this.error(`missing ')' for ${name}(`, pos);
      args.push(this.literal(true));
      this.skip();
    }
    this.pos++;
    return { kind: 'call', name, args, pos };
  }
}

function filterError(src: string, message: string, pos: number): RpcError {
  const line = src.slice(0, pos).split('\n').length;
  const column = pos - src.lastIndexOf('\n', pos - 1);
  const lineText = src.split('\n')[line - 1] ?? '';
  const near = lineText.slice(Math.max(0, column - 21), column + 20);
  return invalidArgument(
    `Invalid filter: ${message} at line ${line}, column ${column} (near ${JSON.stringify(near)})`,
  );
}

// ---------------------------------------------------------------------------------------------
// Values and conversions

/**
 * String comparisons "ignore letter case. Specifically, both operands are first normalized using
 * NFKC_CF Unicode normalization" (Comparison operators). NFKC plus a full case fold (upper then
 * lower turns ß into ss) approximates NFKC_CF; ASCII takes the fast path.
 */
export function fold(text: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(text)) return text.toLowerCase();
  return text.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC');
}

// google.logging.type.LogSeverity; inequality "uses the underlying numeric values of the
// enumeration literals" (Comparison operators).
export const severityLevels: Record<string, number> = {
  DEFAULT: 0,
  DEBUG: 100,
  INFO: 200,
  NOTICE: 300,
  WARNING: 400,
  ERROR: 500,
  CRITICAL: 600,
  ALERT: 700,
  EMERGENCY: 800,
};

export function severityNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return severityLevels[value.toUpperCase()] ?? 0;
  return 0;
}

/** An instant with nanosecond precision: [seconds since the epoch, nanoseconds]. */
export type Instant = [number, number];

export function compareInstants(a: Instant, b: Instant): number {
  return a[0] - b[0] || a[1] - b[1];
}

export function instantOf(
  ts: { seconds?: string | number | null; nanos?: number | null } | undefined,
): Instant {
  return ts ? [Number(ts.seconds ?? 0), ts.nanos ?? 0] : [0, 0];
}

/**
 * "A string in RFC 3339 or ISO 8601 format ... `YYYY-MM-DD` format as YYYY-MM-DDT00:00:00Z"
 * (Values and conversions; Searching by time). Without a zone the time is taken as UTC.
 */
export function parseInstant(text: string): Instant | undefined {
  const m =
    /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}:?\d{2})?$/.exec(
      text.trim(),
    );
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone = 'Z'] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (
    Number.isNaN(ms) ||
    Number(mo) > 12 ||
    Number(d) > 31 ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(s) > 60
  )
    return undefined;
  let seconds = ms / 1000;
  if (zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    seconds -= sign * (Number(digits.slice(0, 2)) * 3600 + Number(digits.slice(2)) * 60);
  }
  return [seconds, Number(frac.padEnd(9, '0'))];
}

/** "A signed decimal number followed by one of the units ns, us, ms, s, m, or h" (Duration). */
function parseDurationSeconds(text: string): number | undefined {
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(ns|us|ms|s|m|h)$/.exec(text.trim());
  if (!m) return undefined;
  const scale: Record<string, number> = { ns: 1e-9, us: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
  return Number(m[1]) * scale[m[2]!]!;
}

/** "Any number, with or without a sign and an exponent part, or ... NaN, -Infinity, Infinity" (double). */
function parseDouble(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  if (t === 'nan') return NaN;
  if (t === 'infinity' || t === '+infinity') return Infinity;
  if (t === '-infinity') return -Infinity;
  return numberPattern.test(t) ? Number(t) : undefined;
}

/** "True" or "false" in any letter case (bool). */
function parseBool(text: string): boolean | undefined {
  const t = text.toLowerCase();
  return t === 'true' ? true : t === 'false' ? false : undefined;
}

function formatInstant([seconds, nanos]: Instant): string {
  const base = new Date(seconds * 1000).toISOString().slice(0, 19);
  return nanos ? `${base}.${String(nanos).padStart(9, '0').replace(/0+$/, '')}Z` : `${base}Z`;
}

// ---------------------------------------------------------------------------------------------
// Regular expressions: "The Logging query language uses the RE2 syntax" and queries "are case
// sensitive and not anchored by default" (Using regular expressions). RE2 is translated to a
// JavaScript RegExp; RE2 features JavaScript lacks, and JavaScript features RE2 rejects
// (backreferences, lookaround), are INVALID_ARGUMENT.

const posixClasses: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

export function compileRe2(pattern: string, fail: (message: string) => RpcError): RegExp {
  let flags = '';
  let i = 0;
  const lead = /^\(\?([a-zA-Z]+)\)/.exec(pattern);
  if (lead) {
    for (const f of lead[1]!) {
      if (f === 'i' || f === 's' || f === 'm') flags += f;
      else throw fail(`unsupported regular expression flag '${f}'`);
    }
    i = lead[0].length;
  }
  let out = '';
  let inClass = false;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === '\\') {
      const d = pattern[i + 1];
      if (d === undefined) throw fail('regular expression ends with a backslash');
      if ('QECpP'.includes(d)) throw fail(`the RE2 escape \\${d} is not supported by the emulator`);
      if (!inClass && /[1-9]/.test(d)) throw fail('backreferences are not valid RE2');
      if (!inClass && d === 'z') out += '(?![\\s\\S])';
      else if (!inClass && d === 'A') out += '(?<![\\s\\S])';
      else out += c + d;
      i += 2;
      continue;
    }
    if (inClass) {
      const posix = /^\[:(\^?)([a-z]+):\]/.exec(pattern.slice(i));
      if (posix) {
        const set = posixClasses[posix[2]!];
        if (!set || posix[1]) throw fail(`unsupported character class ${posix[0]}`);
        out += set;
        i += posix[0].length;
        continue;
      }
      if (c === ']') inClass = false;
      out += c;
      i++;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      i++;
      if (pattern[i] === '^') out += pattern[i++];
      if (pattern[i] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === '(' && pattern[i + 1] === '?') {
      const rest = pattern.slice(i + 2);
      if (rest.startsWith('P<')) {
        out += '(?<';
        i += 4;
        continue;
      }
      if (!rest.startsWith(':') && !/^<[A-Za-z]/.test(rest) && !/^[imsU-]+:/.test(rest)) {
        throw fail(
          `unsupported group "(?${rest.slice(0, 3)}" in regular expression (RE2 has no lookaround or inline flags there)`,
        );
      }
    }
    out += c;
    i++;
  }
  try {
    return new RegExp(out, flags);
  } catch (error) {
    throw fail(`invalid regular expression: ${(error as Error).message}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Fields. "The identifier that is (or begins) the left-hand side of a comparison must be a field
// defined in the LogEntry type" (Field path identifiers); fields defined there are "defaulted"
// when absent, payload and label fields are "missing", anything else is "undefined, which is an
// error" (Missing fields).

type ScalarType = 'string' | 'severity' | 'timestamp' | 'int' | 'bool' | 'duration';
type Schema = ScalarType | 'map' | 'json' | 'proto' | { [field: string]: Schema };

const httpRequestSchema: Schema = {
  requestMethod: 'string',
  requestUrl: 'string',
  requestSize: 'int',
  status: 'int',
  responseSize: 'int',
  userAgent: 'string',
  remoteIp: 'string',
  serverIp: 'string',
  referer: 'string',
  latency: 'duration',
  cacheLookup: 'bool',
  cacheHit: 'bool',
  cacheValidatedWithOriginServer: 'bool',
  cacheFillBytes: 'int',
  protocol: 'string',
};

// google/logging/v2/log_entry.proto, with the names in the proto loader's camelCase.
const logEntrySchema: { [field: string]: Schema } = {
  logName: 'string',
  resource: { type: 'string', labels: 'map' },
  protoPayload: 'proto',
  textPayload: 'string',
  jsonPayload: 'json',
  timestamp: 'timestamp',
  receiveTimestamp: 'timestamp',
  severity: 'severity',
  insertId: 'string',
  httpRequest: httpRequestSchema,
  labels: 'map',
  operation: { id: 'string', producer: 'string', first: 'bool', last: 'bool' },
  trace: 'string',
  spanId: 'string',
  traceSampled: 'bool',
  sourceLocation: { file: 'string', line: 'int', function: 'string' },
  split: { uid: 'string', index: 'int', totalSplits: 'int' },
};

const missing = Symbol('missing');
type Getter = (entry: LogEntry) => unknown;

/** A resolved field: its type and how to read it from an entry (`missing` when absent and not defaulted). */
type Field =
  | { kind: 'scalar'; type: ScalarType; get: Getter; present: (entry: LogEntry) => boolean; name: string }
  | { kind: 'object'; get: Getter; present: (entry: LogEntry) => boolean; name: string }
  | { kind: 'dynamic'; get: Getter; present: (entry: LogEntry) => boolean; name: string };

/** Proto field names match "case-insensitive", in camelCase or snake_case. */
const protoKey = (name: string): string => name.replace(/_/g, '').toLowerCase();

function lookupSchema(schema: { [field: string]: Schema }, name: string): [string, Schema] | undefined {
  const key = protoKey(name);
  return Object.entries(schema).find(([field]) => protoKey(field) === key);
}

const isAbsent = (v: unknown): boolean => v === undefined || v === null || v === '';

function resolveField(path: PathSegment[], fail: (message: string, pos: number) => RpcError): Field {
  const dotted = path.map((s) => (s.quoted ? JSON.stringify(s.name) : s.name)).join('.');
  let schema: Schema = logEntrySchema;
  const keys: string[] = [];
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    if (schema === 'map') {
      // Map keys keep their case: "labels.env_name is different than labels.envName".
      if (i !== path.length - 1)
        throw fail(`field ${dotted} is not defined: a label value has no fields`, path[i + 1]!.pos);
      return mapValueField(keys, segment.name, dotted);
    }
    if (schema === 'json')
      return jsonField(
        keys,
        path.slice(i).map((s) => s.name),
        dotted,
      );
    if (schema === 'proto') throw fail('protoPayload fields are not supported by the emulator', path[0]!.pos);
    if (typeof schema === 'string')
      throw fail(
        `field ${dotted} is not defined: ${keys.join('.')} has no field ${segment.name}`,
        segment.pos,
      );
    const found: [string, Schema] | undefined = lookupSchema(schema, segment.name);
    if (!found) throw fail(`field ${dotted} is not defined in LogEntry`, segment.pos);
    keys.push(found[0]);
    schema = found[1];
  }
  const get = (entry: LogEntry): unknown =>
    keys.reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], entry);
  const present = (entry: LogEntry): boolean => !isAbsent(get(entry));
  if (schema === 'map' || schema === 'json' || typeof schema === 'object')
    return { kind: 'object', get, present, name: dotted };
  if (schema === 'proto') throw fail('protoPayload is not supported by the emulator', path[0]!.pos);
  return { kind: 'scalar', type: schema, get, present, name: dotted };
}

/** `labels.KEY`, `resource.labels.KEY`: a string, "missing" when the key is absent. */
function mapValueField(keys: string[], key: string, name: string): Field {
  const get = (entry: LogEntry): unknown => {
    const map = keys.reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], entry) as
      Record<string, unknown> | undefined;
    return map && Object.hasOwn(map, key) ? map[key] : missing;
  };
  return { kind: 'dynamic', get, present: (entry) => get(entry) !== missing, name };
}

/** `jsonPayload.a.b`: typed by the value found ("inferred from the field's value", Types of log fields). */
function jsonField(keys: string[], path: string[], name: string): Field {
  const get = (entry: LogEntry): unknown => {
    const root = keys.reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], entry);
    return root === undefined ? missing : walkJson(root, path);
  };
  return { kind: 'dynamic', get, present: (entry) => get(entry) !== missing, name };
}

/** Follows a path through a Struct (or plain JSON), converting only what it reaches; arrays are traversed member by member. */
function walkJson(value: unknown, path: string[]): unknown {
  const v = unwrapStruct(value);
  if (path.length === 0) return plainJson(v);
  if (Array.isArray(v)) {
    const found = v.map((x) => walkJson(x, path)).filter((x) => x !== missing);
    return found.length ? found.flat() : missing;
  }
  if (v === null || typeof v !== 'object') return missing;
  const [head, ...rest] = path as [string, ...string[]];
  return Object.hasOwn(v, head) ? walkJson((v as Record<string, unknown>)[head], rest) : missing;
}

const isStruct = (o: Record<string, unknown>): boolean =>
  typeof o.fields === 'object' && o.fields !== null && Object.keys(o).every((k) => k === 'fields');

/** One level of a Struct or StructValue as JSON: scalars, a key map (values still wrapped) or a list. */
function unwrapStruct(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const o = value as Record<string, unknown>;
  if ('stringValue' in o) return o.stringValue;
  if ('numberValue' in o) return o.numberValue;
  if ('boolValue' in o) return o.boolValue;
  if ('nullValue' in o) return null;
  if ('structValue' in o) return unwrapStruct(o.structValue);
  if ('listValue' in o) return (o.listValue as { values?: unknown[] } | null)?.values ?? [];
  return isStruct(o) ? o.fields : o;
}

/** A google.protobuf.Struct (as the proto loader or toStruct writes it) as plain JSON. */
export function plainJson(value: unknown): unknown {
  const v = unwrapStruct(value);
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(plainJson);
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plainJson(x)]));
}

// ---------------------------------------------------------------------------------------------
// Compiler: the tree becomes nested closures once per request; evaluation touches only the fields
// the filter names.

export type Predicate = (entry: LogEntry) => boolean;

export interface CompiledFilter {
  matches: Predicate;
  /**
   * Bounds on `timestamp` implied by top-level conjuncts (milliseconds, inclusive, widened by 1 ms),
   * so a reader can seek in a time-sorted index; `matches` still decides exactly.
   */
  timeRange: { minMs: number; maxMs: number };
}

export function compileFilter(text: string | null | undefined): CompiledFilter {
  const src = text ?? '';
  if (src.length > maxFilterLength) {
    throw invalidArgument(
      `Invalid filter: the filter is ${src.length} characters long; the maximum is ${maxFilterLength}`,
    );
  }
  const root = new Parser(src).parse();
  if (!root) return { matches: () => true, timeRange: { minMs: -Infinity, maxMs: Infinity } };
  const fail = (message: string, pos: number): RpcError => filterError(src, message, pos);
  return { matches: compileNode(root, fail), timeRange: timeRangeOf(root) };
}

type Fail = (message: string, pos: number) => RpcError;

function compileNode(node: Node, fail: Fail): Predicate {
  switch (node.kind) {
    case 'and': {
      const items = node.items.map((n) => compileNode(n, fail));
      return (e) => items.every((p) => p(e));
    }
    case 'or': {
      const items = node.items.map((n) => compileNode(n, fail));
      return (e) => items.some((p) => p(e));
    }
    case 'not': {
      const item = compileNode(node.item, fail);
      return (e) => !item(e);
    }
    case 'global':
      return compileValueExpr(node.value, (literal) => compileGlobal(literal), fail);
    case 'call':
      return compileCall(node, fail);
    case 'compare': {
      const field = resolveField(node.path, fail);
      return compileValueExpr(
        node.value,
        (literal) => compileComparison(field, node.op, literal, fail),
        fail,
        field,
      );
    }
  }
}

/** Applies the field and operator to each literal of a parenthesized value combination. */
function compileValueExpr(
  value: ValueExpr,
  leaf: (literal: Literal) => Predicate,
  fail: Fail,
  field?: Field,
): Predicate {
  switch (value.kind) {
    case 'literal':
      return leaf(value.literal);
    case 'any':
      if (!field) throw fail("'*' is only valid after ':'", value.pos);
      return field.present;
    case 'and': {
      const items = value.items.map((v) => compileValueExpr(v, leaf, fail, field));
      return (e) => items.every((p) => p(e));
    }
    case 'or': {
      const items = value.items.map((v) => compileValueExpr(v, leaf, fail, field));
      return (e) => items.some((p) => p(e));
    }
    case 'not': {
      const item = compileValueExpr(value.item, leaf, fail, field);
      return (e) => !item(e);
    }
  }
}

/** "Logging uses the has (:) operator to determine if any field in a log entry ... contains" it. */
function compileGlobal(literal: Literal): Predicate {
  const needle = fold(literal.text);
  return (entry) => anyLeaf(entry, (s) => fold(s).includes(needle));
}

/** Visits every scalar in a value (entries, maps, Structs); Timestamps are visited as RFC 3339 text. */
function anyLeaf(value: unknown, test: (text: string) => boolean): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'string') return test(value);
  if (typeof value === 'number' || typeof value === 'boolean') return test(String(value));
  if (Array.isArray(value)) return value.some((v) => anyLeaf(v, test));
  if (typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  if ('seconds' in v && Object.keys(v).every((k) => k === 'seconds' || k === 'nanos')) {
    return test(formatInstant(instantOf(v as { seconds: string; nanos?: number })));
  }
  const unwrapped = unwrapStruct(v);
  if (unwrapped !== v) return anyLeaf(unwrapped, test);
  // `payload` and `kind` are the proto loader's oneof markers, not fields.
  return Object.entries(v).some(([k, x]) => k !== 'payload' && k !== 'kind' && anyLeaf(x, test));
}

function compileCall(node: Extract<Node, { kind: 'call' }>, fail: Fail): Predicate {
  const name = node.name.toLowerCase();
  // "The log_id function returns log entries that match the given [LOG_ID] argument from the
  // logName field ... you don't need to URL escape the [LOG_ID]." (Functions: log_id)
  if (name === 'log_id') {
    if (node.args.length !== 1) throw fail('log_id takes one argument', node.pos);
    const wanted = fold(node.args[0]!.text);
    return (entry) => {
      const at = entry.logName.indexOf('/logs/');
      if (at < 0) return false;
      const id = entry.logName.slice(at + 6);
      try {
        return fold(decodeURIComponent(id)) === wanted;
      } catch {
        return fold(id) === wanted;
      }
    };
  }
  throw fail(`the function ${node.name}() is not supported by the emulator (supported: log_id)`, node.pos);
}

function compileComparison(field: Field, op: Op, literal: Literal, fail: Fail): Predicate {
  const at = (message: string): RpcError => fail(message, literal.pos);
  if (field.kind === 'object') {
    // A message, map or Struct as a whole: "has" searches every value inside it.
    if (op !== ':') throw at(`operator '${op}' cannot be applied to ${field.name}, which is not a scalar`);
    const needle = fold(literal.text);
    return (entry) => anyLeaf(field.get(entry), (s) => fold(s).includes(needle));
  }
  if (field.kind === 'dynamic') return compileDynamic(field, op, literal, at);
  const test = compileScalarTest(field.type, op, literal, at, field.name);
  return (entry) => test(field.get(entry));
}

/** A test of one scalar of a statically typed field; the literal is converted once, here. */
function compileScalarTest(
  type: ScalarType,
  op: Op,
  literal: Literal,
  at: (m: string) => RpcError,
  name: string,
): (v: unknown) => boolean {
  const isRegex = op === '=~' || op === '!~';
  if (isRegex && type !== 'string')
    throw at(`regular expressions only apply to string fields; ${name} is not a string`);
  if (literal.text === 'NULL_VALUE' && !literal.quoted) return () => op === '!=';
  switch (type) {
    case 'string':
      return stringTest(op, literal, at);
    case 'severity': {
      const level = /^\d+$/.test(literal.text)
        ? Number(literal.text)
        : severityLevels[literal.text.toUpperCase()];
      if (level === undefined)
        throw at(
          `${JSON.stringify(literal.text)} is not a severity (DEFAULT, DEBUG, INFO, NOTICE, WARNING, ERROR, CRITICAL, ALERT, EMERGENCY or a number)`,
        );
      return (v) => orderTest(op, severityNumber(v) - level);
    }
    case 'timestamp': {
      const instant = parseInstant(literal.text);
      if (!instant) throw at(`${JSON.stringify(literal.text)} is not an RFC 3339 timestamp`);
      return (v) =>
        orderTest(
          op,
          compareInstants(instantOf(v as { seconds: string; nanos: number } | undefined), instant),
        );
    }
    case 'int': {
      const n = parseDouble(literal.text);
      if (n === undefined || !Number.isInteger(n))
        throw at(`${JSON.stringify(literal.text)} is not an integer`);
      return (v) => orderTest(op, Number(v ?? 0) - n);
    }
    case 'bool': {
      const b = parseBool(literal.text);
      if (b === undefined) throw at(`${JSON.stringify(literal.text)} is not a Boolean (true or false)`);
      return (v) => orderTest(op, Number(Boolean(v)) - Number(b)); // "Inequality is defined by true>false"
    }
    case 'duration': {
      const seconds = parseDurationSeconds(literal.text);
      if (seconds === undefined) throw at(`${JSON.stringify(literal.text)} is not a duration such as "3.2s"`);
      return (v) => orderTest(op, durationOf(v) - seconds);
    }
  }
}

function durationOf(v: unknown): number {
  const d = v as { seconds?: string | number; nanos?: number } | undefined;
  return d ? Number(d.seconds ?? 0) + (d.nanos ?? 0) / 1e9 : 0;
}

/** `=`, `!=`, `<`... on a comparison result; `:` on a non-string "is handled like equality". */
function orderTest(op: Op, diff: number): boolean {
  switch (op) {
    case '=':
    case ':':
      return diff === 0;
    case '!=':
      return diff !== 0 && !Number.isNaN(diff);
    case '<':
      return diff < 0;
    case '<=':
      return diff <= 0;
    case '>':
      return diff > 0;
    case '>=':
      return diff >= 0;
    default:
      return false;
  }
}

function stringTest(op: Op, literal: Literal, at: (m: string) => RpcError): (v: unknown) => boolean {
  if (op === '=~' || op === '!~') {
    const re = compileRe2(literal.text, at);
    // "String normalization isn't performed" for regular expressions.
    return op === '=~' ? (v) => re.test(String(v ?? '')) : (v) => !re.test(String(v ?? ''));
  }
  const want = fold(literal.text);
  if (op === ':') return (v) => fold(String(v ?? '')).includes(want);
  return (v) => {
    const have = fold(String(v ?? ''));
    return orderTest(op, have < want ? -1 : have > want ? 1 : 0);
  };
}

/**
 * Label values and jsonPayload fields. A missing one fails every comparison, `!=` included ("all
 * comparisons using missing fields fail silently"; "missingField!=foo" is FALSE). jsonPayload
 * values are typed by what they hold, a failed conversion fails the comparison, and an array
 * matches when any member does (Object and array types).
 */
function compileDynamic(field: Field, op: Op, literal: Literal, at: (m: string) => RpcError): Predicate {
  const asString = stringTest(op, literal, at);
  const asNumber = parseDouble(literal.text);
  const asBool = parseBool(literal.text);
  const isNull = literal.text === 'NULL_VALUE' && !literal.quoted;
  const isRegex = op === '=~' || op === '!~';
  const needle = fold(literal.text);
  const test = (v: unknown): boolean => {
    if (Array.isArray(v)) return v.some(test);
    if (v === null) return isNull ? op === '=' : false; // "jsonPayload.field = NULL_VALUE"
    if (isNull) return op === '!=';
    if (typeof v === 'string') return asString(v);
    if (isRegex) return false; // "Only fields of the string type can be matched with a regular expression."
    if (typeof v === 'number') return asNumber !== undefined && orderTest(op, v - asNumber);
    if (typeof v === 'boolean') return asBool !== undefined && orderTest(op, Number(v) - Number(asBool));
    if (typeof v === 'object') return op === ':' && anyLeaf(v, (s) => fold(s).includes(needle));
    return false;
  };
  return (entry) => {
    const v = field.get(entry);
    return v !== missing && test(v);
  };
}

/** Time bounds from `timestamp` comparisons that every match must satisfy (top-level AND only). */
function timeRangeOf(root: Node): { minMs: number; maxMs: number } {
  const range = { minMs: -Infinity, maxMs: Infinity };
  const conjuncts = (node: Node): Node[] => (node.kind === 'and' ? node.items.flatMap(conjuncts) : [node]);
  for (const node of conjuncts(root)) {
    if (node.kind !== 'compare' || node.value.kind !== 'literal' || node.path.length !== 1) continue;
    if (protoKey(node.path[0]!.name) !== 'timestamp' || node.path[0]!.quoted) continue;
    const instant = parseInstant(node.value.literal.text);
    if (!instant) continue;
    const ms = instant[0] * 1000 + instant[1] / 1e6;
    if (node.op === '>' || node.op === '>=' || node.op === '=') range.minMs = Math.max(range.minMs, ms - 1);
    if (node.op === '<' || node.op === '<=' || node.op === '=') range.maxMs = Math.min(range.maxMs, ms + 1);
  }
  return range;
}
