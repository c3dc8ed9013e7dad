// The GitHub Actions runner's handling of a step's output lines, reproduced from actions/runner
// (ActionCommand.cs, ActionCommandManager.cs, SecretMasker.cs, ValueEncoders.cs, OutputManager.cs):
// workflow commands in both syntaxes, stop-commands, add-mask and masking of later lines.

export interface WorkflowCommand {
  name: string; // lower-cased command name (the stop token as written, for a resume line)
  props: Record<string, string>;
  data: string;
}

export interface Annotation {
  type: 'error' | 'warning' | 'notice';
  message: string; // masked
  props: Record<string, string>;
}

/**
 * One line of the step's log, masked, with what it is, for a reader that shows it as GitHub does:
 * a line the step printed (`output`; inside a stop-commands fence that includes lines shaped like
 * commands), a workflow command's own line that the runner echoes (`command`: stop-commands, its
 * resume token, commands echoed by `::echo::on`), a group's start or end, or an annotation.
 */
export type LogEntry =
  | { kind: 'output' | 'command'; text: string }
  | { kind: 'group'; title: string }
  | { kind: 'endgroup' }
  | { kind: 'annotation'; type: Annotation['type']; message: string };

/** Splits text into lines like .NET's StreamReader.ReadLine: at \r\n, \r and \n. */
export class LineSplitter {
  private rest = '';

  push(text: string): string[] {
    let s = this.rest + text;
    // A trailing \r may be the first half of \r\n: keep it until the next chunk.
    const held = s.endsWith('\r') ? '\r' : '';
    if (held) s = s.slice(0, -1);
    const lines = s.split(/\r\n|\r|\n/);
    this.rest = (lines.pop() ?? '') + held;
    return lines;
  }

  end(): string[] {
    const rest = this.rest;
    this.rest = '';
    if (rest === '') return [];
    const lines = rest.split(/\r\n|\r|\n/);
    if (lines.at(-1) === '') lines.pop();
    return lines;
  }
}

export function splitLines(text: string): string[] {
  const splitter = new LineSplitter();
  return [...splitter.push(text), ...splitter.end()];
}

const utf8 = (s: string) => Buffer.from(s, 'utf8');
const xmlEntities: Record<string, string> = {
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '&': '&amp;',
};

// PowerShell splits a failing `a&b` command around the ampersand; the runner masks both halves.
function ampersandPart(value: string, before: boolean): string {
  if (!value.includes('&')) return '';
  const plus = value.indexOf('&+');
  let part: string;
  if (before) part = plus >= 0 ? value.slice(0, plus + 2) : value.slice(0, value.lastIndexOf('&') + 1);
  else if (plus >= 0) part = value.length > plus + 3 ? value.slice(plus + 3) : '';
  else part = value.slice(value.lastIndexOf('&') + 1);
  return part.length >= 6 ? part : '';
}

// ValueEncoders registered by the runner's HostContext: each encoded form is masked too.
const ENCODERS: ((value: string) => string)[] = [
  (v) => utf8(v).toString('base64'),
  (v) => (utf8(v).length > 1 ? utf8(v).subarray(1) : utf8(v)).toString('base64'),
  (v) => (utf8(v).length > 2 ? utf8(v).subarray(2) : utf8(v)).toString('base64'),
  (v) => v.replaceAll('"', '\\"'),
  (v) => v.replaceAll("'", "''"),
  (v) => JSON.stringify(v).slice(1, -1),
  (v) => encodeURIComponent(v).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
  (v) => v.replace(/[<>"'&]/g, (c) => xmlEntities[c] ?? c),
  (v) => (v.length > 8 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : ''),
  (v) => ampersandPart(v, true),
  (v) => ampersandPart(v, false),
];

/** The runner's secret masker: exact substrings (and their encodings) become `***`. */
export class SecretMasker {
  private readonly secrets = new Set<string>();

  add(value: string): void {
    if (value === '') return;
    for (const s of [value, ...ENCODERS.map((encode) => encode(value))]) if (s !== '') this.secrets.add(s);
  }

  mask(line: string): string {
    const ranges: [number, number][] = [];
    for (const s of this.secrets) {
      for (let i = line.indexOf(s); i >= 0; i = line.indexOf(s, i + 1)) ranges.push([i, i + s.length]);
    }
    if (ranges.length === 0) return line;
    ranges.sort((a, b) => a[0] - b[0]);
    // Overlapping or touching occurrences merge into one `***`.
    let out = '';
    let copied = 0;
    let [start, end] = ranges[0] ?? [0, 0];
    for (const [s, e] of ranges.slice(1)) {
      if (s <= end) {
        end = Math.max(end, e);
        continue;
      }
      out += `${line.slice(copied, start)}***`;
      copied = end;
      [start, end] = [s, e];
    }
    return `${out}${line.slice(copied, start)}***${line.slice(end)}`;
  }
}

const REGISTERED = [
  'stop-commands',
  'set-env',
  'set-output',
  'save-state',
  'add-mask',
  'add-path',
  'add-matcher',
  'remove-matcher',
  'debug',
  'warning',
  'error',
  'notice',
  'group',
  'endgroup',
  'echo',
];
// Commands whose line is not echoed even with `::echo::on`.
const OMIT_ECHO = new Set(['add-mask', 'debug', 'warning', 'error', 'notice']);

// .NET's String.TrimStart(): Unicode white space plus U+0085, but not U+FEFF (which JS trims).
const trimStartDotNet = (s: string) => s.replace(/^(?:[^\S\uFEFF]|\u0085)+/, '');

// String.Split('=', 2, RemoveEmptyEntries): first non-empty piece, then the rest minus leading '='.
function splitProperty(s: string): [string, string] | undefined {
  const m = /^=*([^=]+)=+([\s\S]+)$/.exec(s);
  return m ? [m[1] ?? '', m[2] ?? ''] : undefined;
}

// Each list is applied in the runner's order, one replace after another.
const unescape = (s: string, pairs: [string, string][]) =>
  pairs.reduce((acc, [from, to]) => acc.replaceAll(from, to), s);
const V2_PROPERTY: [string, string][] = [
  ['%0D', '\r'],
  ['%0A', '\n'],
  ['%3A', ':'],
  ['%2C', ','],
  ['%25', '%'],
];
const V2_DATA: [string, string][] = [
  ['%0D', '\r'],
  ['%0A', '\n'],
  ['%25', '%'],
];
const LEGACY: [string, string][] = [
  ['%3B', ';'],
  ['%0D', '\r'],
  ['%0A', '\n'],
  ['%5D', ']'],
  ['%25', '%'],
];

function command(
  name: string,
  propsText: string | undefined,
  separator: string,
  escapes: [string, string][],
  data: string,
) {
  const props: Record<string, string> = {};
  for (const piece of (propsText ?? '').split(separator)) {
    const pair = splitProperty(piece);
    if (pair) props[pair[0]] = unescape(pair[1], escapes);
  }
  return { name, props, data };
}

/** `::name k=v,k2=v2::data` once leading white space is trimmed (ActionCommand.TryParseV2). */
function parseV2(line: string, registered: Set<string>): WorkflowCommand | undefined {
  const msg = trimStartDotNet(line);
  if (!msg.startsWith('::')) return undefined;
  const end = msg.indexOf('::', 2);
  if (end < 0) return undefined;
  const info = msg.slice(2, end);
  const space = info.indexOf(' ');
  const name = space < 0 ? info : info.slice(0, space);
  if (!registered.has(name.toLowerCase())) return undefined;
  const props = space > 0 ? info.slice(space + 1).trim() : undefined;
  return command(name, props, ',', V2_PROPERTY, unescape(msg.slice(end + 2), V2_DATA));
}

/** `##[name k=v;k2=v2]data` anywhere in the line (ActionCommand.TryParse). */
function parseLegacy(line: string, registered: Set<string>): WorkflowCommand | undefined {
  const start = line.indexOf('##[');
  if (start < 0) return undefined;
  const end = line.indexOf(']', start);
  if (end < 0) return undefined;
  const info = line.slice(start + 3, end);
  const space = info.indexOf(' ');
  const name = space < 0 ? info : info.slice(0, space);
  if (!registered.has(name.toLowerCase())) return undefined;
  const props = space > 0 ? info.slice(space + 1) : undefined;
  return command(name, props, ';', LEGACY, unescape(line.slice(end + 1), LEGACY));
}

const prop = (cmd: WorkflowCommand, key: string) =>
  Object.entries(cmd.props).findLast(([k]) => k.toLowerCase() === key)?.[1] ?? '';

/** What one step's output does, line by line (one processor per step, as in the runner). */
export class CommandProcessor {
  readonly log: string[] = []; // what the user sees, masked
  readonly commands: WorkflowCommand[] = []; // every command the runner processed
  readonly outputs: Record<string, string> = {};
  readonly state: Record<string, string> = {};
  readonly annotations: Annotation[] = [];
  failed = false; // a command failed, which fails the step
  readonly masker: SecretMasker;
  private readonly registered = new Set(REGISTERED);
  private stopToken: string | undefined;
  private echo = false;
  /** Told of each line of `log` as it is added, with what it is. */
  onEntry: ((entry: LogEntry) => void) | undefined;

  constructor(masker = new SecretMasker()) {
    this.masker = masker;
  }

  line(input: string): void {
    const cmd =
      input === '' ? undefined : (parseV2(input, this.registered) ?? parseLegacy(input, this.registered));
    if (!cmd || !this.process(cmd, input)) this.output(input);
  }

  issue(type: Annotation['type'], message: string, props: Record<string, string> = {}): void {
    const masked = this.masker.mask(message);
    this.annotations.push({ type, message: masked, props });
    this.log.push(`##[${type}]${masked}`);
    this.onEntry?.({ kind: 'annotation', type, message: masked });
  }

  fail(message: string): void {
    this.issue('error', message);
    this.failed = true;
  }

  private output(line: string, kind: 'output' | 'command' = 'output'): void {
    const text = this.masker.mask(line);
    this.log.push(text);
    this.onEntry?.({ kind, text });
  }

  /** False when the line is not taken as a command, so it is printed as is. */
  private process(cmd: WorkflowCommand, input: string): boolean {
    const name = cmd.name.toLowerCase();
    if (this.stopToken !== undefined) {
      // While stopped, only the token (as a command name, any case, either syntax) resumes.
      if (name !== this.stopToken.toLowerCase()) return false;
      this.commands.push(cmd);
      this.output(input, 'command');
      this.registered.delete(name);
      this.stopToken = undefined;
      return true;
    }
    this.commands.push({ ...cmd, name });
    if (name === 'stop-commands') {
      this.stop(cmd.data, input);
      return true;
    }
    if (this.echo && !OMIT_ECHO.has(name)) this.output(input, 'command');
    try {
      this.run(name, cmd);
    } catch (err) {
      this.fail(`Unable to process command '${OMIT_ECHO.has(name) ? name : input}' successfully.`);
      this.fail((err as Error).message);
    }
    return true;
  }

  private stop(token: string, input: string): void {
    const lower = token.toLowerCase();
    if (token === '' || this.registered.has(lower) || lower === 'pause-logging') {
      // The runner throws here, out of its output handler: the step fails.
      this.fail(
        "You cannot use a endToken that is an empty string, the string 'pause-logging', or another workflow command.",
      );
      return;
    }
    this.stopToken = token;
    this.registered.add(lower);
    if (token.length > 6) this.masker.add(token);
    this.output(input, 'command');
  }

  private run(name: string, cmd: WorkflowCommand): void {
    switch (name) {
      case 'set-output':
      case 'save-state': {
        const key = prop(cmd, 'name');
        if (key === '') throw new Error(`Required field 'name' is missing in ##[${name}] command.`);
        (name === 'set-output' ? this.outputs : this.state)[key] = cmd.data;
        return;
      }
      case 'add-mask':
        if (cmd.data.trim() === '') {
          this.issue('warning', "Can't add secret mask for empty string in ##[add-mask] command.");
        } else {
          if (this.echo) this.output('::add-mask::***', 'command');
          this.masker.add(cmd.data);
        }
        return;
      case 'set-env':
      case 'add-path':
        // Only ACTIONS_ALLOW_UNSECURE_COMMANDS=true enables them; that opt-in is not modelled.
        throw new Error(
          `The \`${name}\` command is disabled. Please upgrade to using Environment Files or opt into unsecure command execution by setting the \`ACTIONS_ALLOW_UNSECURE_COMMANDS\` environment variable to \`true\`.`,
        );
      case 'warning':
      case 'error':
      case 'notice':
        this.issue(name, cmd.data, cmd.props);
        return;
      case 'group': {
        this.log.push(this.masker.mask(`##[group]${cmd.data}`));
        this.onEntry?.({ kind: 'group', title: this.masker.mask(cmd.data) });
        return;
      }
      case 'endgroup':
        this.log.push('##[endgroup]');
        this.onEntry?.({ kind: 'endgroup' });
        return;
      case 'echo': {
        const value = cmd.data.trim().toUpperCase();
        if (value !== 'ON' && value !== 'OFF') {
          throw new Error(
            `Invalid echo command value. Possible values can be: 'on', 'off'. Current value is: '${cmd.data}'.`,
          );
        }
        this.echo = value === 'ON';
        return;
      }
      default:
        // debug (step debug logging is off) and add-/remove-matcher (problem matchers are not modelled).
        return;
    }
  }
}

export interface ParsedOutput {
  log: string[];
  commands: WorkflowCommand[];
  outputs: Record<string, string>;
  state: Record<string, string>;
  annotations: Annotation[];
  failed: boolean;
}

/** Runs a step's whole output (text, split like the runner, or lines) through a fresh processor. */
export function parseWorkflowCommands(output: string | string[], masker = new SecretMasker()): ParsedOutput {
  const processor = new CommandProcessor(masker);
  for (const line of typeof output === 'string' ? splitLines(output) : output) processor.line(line);
  const { log, commands, outputs, state, annotations, failed } = processor;
  return { log, commands, outputs, state, annotations, failed };
}
