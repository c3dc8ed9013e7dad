// The list filters of Secret Manager (https://cloud.google.com/secret-manager/docs/filtering) and
// Artifact Registry (ListPackagesRequest.filter and kin in its protos), both AIP-160
// (https://google.aip.dev/160): comparisons `field OP value` joined by AND, OR, NOT or `-`, and
// parentheses; as in AIP-160, OR binds tighter than AND and juxtaposition means AND. A filter
// using anything else is INVALID_ARGUMENT, never a match-all.
import { invalidArgument, RpcError } from './rpc.ts';

export type Op = ':' | '=' | '!=' | '<' | '<=' | '>' | '>=';

export type FilterNode =
  | { kind: 'and' | 'or'; children: FilterNode[] }
  | { kind: 'not'; child: FilterNode }
  | { kind: 'compare'; field: string; op: Op; values: string[]; type: FieldType };

/**
 * How a field compares: `text` by substring (`:`) or whole value (`=`) with `*` wildcards;
 * `time` by RFC 3339 instants; `enum` by exact name; `keys` is a map (`labels:env` tests a key).
 */
export type FieldType =
  | { kind: 'text'; ignoreCase?: boolean }
  | { kind: 'time' }
  | { kind: 'keys' }
  | { kind: 'enum'; values: string[] };

/** The type of a field a resource exposes to filters, or undefined for a field it does not have. */
export type Schema = (field: string) => FieldType | undefined;

/** A resource's values for a field: none when it is absent (several for repeated fields). */
export type Fields = (field: string) => string[];

const maxDepth = 50;

export function parseFilter(text: string, schema: Schema): FilterNode {
  let pos = 0;
  let depth = 0;
  const fail = (why: string): RpcError => invalidArgument(`Invalid filter [${text}]: ${why}`);
  const skipSpace = () => {
    while (pos < text.length && /\s/.test(text[pos] ?? '')) pos++;
  };
  const atKeyword = (word: string): boolean => {
    skipSpace();
    return (
      text.startsWith(word, pos) && /^(\s|\(|\)|$)/.test(text.slice(pos + word.length, pos + word.length + 1))
    );
  };
  const atEnd = (): boolean => {
    skipSpace();
    return pos >= text.length || text[pos] === ')';
  };

  // expression := sequence { AND sequence }
  const expression = (): FilterNode => {
    if (++depth > maxDepth) throw fail('too deeply nested');
    const children = [sequence()];
    while (atKeyword('AND')) {
      pos += 3;
      children.push(sequence());
    }
    depth--;
    return children.length === 1 ? children[0]! : { kind: 'and', children };
  };
  // sequence := factor { factor }  (juxtaposition is AND)
  const sequence = (): FilterNode => {
    const children = [factor()];
    while (!atEnd() && !atKeyword('AND')) children.push(factor());
    return children.length === 1 ? children[0]! : { kind: 'and', children };
  };
  // factor := term { OR term }
  const factor = (): FilterNode => {
    const children = [term()];
    while (atKeyword('OR')) {
      pos += 2;
      children.push(term());
    }
    return children.length === 1 ? children[0]! : { kind: 'or', children };
  };
  // term := [NOT | -] simple
  const term = (): FilterNode => {
    if (atKeyword('NOT')) {
      pos += 3;
      return { kind: 'not', child: simple() };
    }
    if (text[pos] === '-') {
      pos++;
      return { kind: 'not', child: simple() };
    }
    return simple();
  };
  const simple = (): FilterNode => {
    skipSpace();
    if (text[pos] !== '(') return comparison();
    pos++;
    const inner = expression();
    skipSpace();
    if (text[pos] !== ')') throw fail(`missing ")" at position ${pos}`);
    pos++;
    return inner;
  };
  const comparison = (): FilterNode => {
    const start = pos;
    const field = /^[A-Za-z_][\w.-]*/.exec(text.slice(pos))?.[0];
    if (!field) throw fail(`expected a field name at position ${pos}`);
    if (['AND', 'OR', 'NOT'].includes(field)) throw fail(`unexpected ${field} at position ${pos}`);
    pos += field.length;
    skipSpace();
    const op = /^(<=|>=|!=|=|:|<|>)/.exec(text.slice(pos))?.[0] as Op | undefined;
    // A bare word would be a global text search in AIP-160; Secret Manager has none.
    if (!op) throw fail(`"${field}" at position ${start} must be followed by an operator (: = != < <= > >=)`);
    pos += op.length;
    skipSpace();
    const values = text[pos] === '(' ? valueList() : [value()];
    return { kind: 'compare', field, op, values, type: checkComparison(field, op, values) };
  };
  // `field:(a OR b)`: any of the values.
  const valueList = (): string[] => {
    pos++;
    const values = [value()];
    while (atKeyword('OR')) {
      pos += 2;
      skipSpace();
      values.push(value());
    }
    skipSpace();
    if (text[pos] !== ')') throw fail(`missing ")" at position ${pos}`);
    pos++;
    return values;
  };
  const value = (): string => {
    if (text[pos] === '"') {
      let out = '';
      for (pos++; pos < text.length && text[pos] !== '"'; pos++)
        out += text[pos] === '\\' ? (text[++pos] ?? '') : text[pos];
      if (text[pos] !== '"') throw fail('unterminated string');
      pos++;
      return out;
    }
    const bare = /^[^\s()"]+/.exec(text.slice(pos))?.[0];
    if (!bare) throw fail(`expected a value at position ${pos}`);
    pos += bare.length;
    return bare;
  };
  const checkComparison = (field: string, op: Op, values: string[]): FieldType => {
    const type = schema(field);
    if (!type) throw fail(`unknown field "${field}"`);
    const ordered = ['<', '<=', '>', '>='].includes(op);
    if (ordered && type.kind !== 'time') throw fail(`"${op}" applies to times only, not to "${field}"`);
    for (const v of values) {
      if (type.kind === 'time' && v !== '*' && Number.isNaN(Date.parse(v)))
        throw fail(`"${v}" is not an RFC 3339 time`);
      if (type.kind === 'enum' && v !== '*' && !type.values.includes(v)) {
        throw fail(`"${v}" is not one of ${type.values.join(', ')} for "${field}"`);
      }
    }
    return type;
  };

  if (!text.trim()) throw fail('empty filter');
  const tree = expression();
  skipSpace();
  if (pos < text.length) throw fail(`unexpected "${text.slice(pos)}"`);
  return tree;
}

export function evaluate(node: FilterNode, fields: Fields): boolean {
  switch (node.kind) {
    case 'and':
      return node.children.every((child) => evaluate(child, fields));
    case 'or':
      return node.children.some((child) => evaluate(child, fields));
    case 'not':
      return !evaluate(node.child, fields);
    case 'compare': {
      const actual = fields(node.field);
      const any = node.values.some((v) => compare(node.type, node.op, actual, v));
      return node.op === '!=' ? !node.values.some((v) => compare(node.type, '=', actual, v)) : any;
    }
  }
}

function compare(type: FieldType, op: Op, actual: string[], expected: string): boolean {
  // `field:*` tests presence (https://google.aip.dev/160#has-operator).
  if (op === ':' && expected === '*') return actual.length > 0;
  if (type.kind === 'time') {
    const want = Date.parse(expected);
    return actual.some((a) => ordered(op, Date.parse(a), want));
  }
  if (type.kind === 'enum') return actual.includes(expected);
  // `name:mysecret` is a substring match and `name:APIKEY*production` a pattern, per the
  // filtering page; `=` matches the whole value; `labels:env` tests a map key.
  const anchored = op === '=' || type.kind === 'keys';
  const source = `${anchored ? '^' : ''}${expected.split('*').map(escapeRegExp).join('.*')}${anchored ? '$' : ''}`;
  const pattern = new RegExp(source, type.kind === 'text' && type.ignoreCase ? 'i' : '');
  return actual.some((a) => pattern.test(a));
}

function ordered(op: Op, a: number, b: number): boolean {
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    default:
      return a === b;
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
