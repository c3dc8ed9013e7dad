// The part of @actions/core the action uses, with the same names and output, ported from
// @actions/core 3.0 (MIT, GitHub): command escaping, file commands with a random delimiter,
// setFailed's exit code, the step summary. @actions/core itself imports @actions/http-client
// and undici at load time for OIDC tokens the action never asks for: about 1 MB of the entry
// bundle and 60 ms of every step's start (measured by npm run bench).
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const toCommandValue = (input: any): string =>
  input === null || input === undefined
    ? ''
    : typeof input === 'string' || input instanceof String
      ? String(input)
      : JSON.stringify(input);

const escapeData = (s: unknown): string =>
  toCommandValue(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

const escapeProperty = (s: unknown): string =>
  toCommandValue(s)
    .replace(/%/g, '%25')
    .replace(/\r/g, '%0D')
    .replace(/\n/g, '%0A')
    .replace(/:/g, '%3A')
    .replace(/,/g, '%2C');

/** `::name key=value,…::message` on stdout, as the runner parses it. */
function issueCommand(command: string, properties: Record<string, string>, message: unknown): void {
  const props = Object.entries(properties)
    .filter(([, value]) => value)
    .map(([key, value]) => `${key}=${escapeProperty(value)}`)
    .join(',');
  process.stdout.write(`::${command}${props ? ` ${props}` : ''}::${escapeData(message)}${os.EOL}`);
}

/** Appends `key<<delimiter … delimiter` to a file command (GITHUB_OUTPUT, GITHUB_STATE). */
function issueFileCommand(variable: string, key: string, value: unknown): boolean {
  const filePath = process.env[variable];
  if (!filePath) return false;
  if (!fs.existsSync(filePath)) throw new Error(`Missing file at path: ${filePath}`);
  const delimiter = `ghadelimiter_${randomUUID()}`;
  const converted = toCommandValue(value);
  if (key.includes(delimiter) || converted.includes(delimiter))
    throw new Error(`Unexpected input: name or value contains the delimiter "${delimiter}"`);
  fs.appendFileSync(filePath, `${key}<<${delimiter}${os.EOL}${converted}${os.EOL}${delimiter}${os.EOL}`, {
    encoding: 'utf8',
  });
  return true;
}

export function getInput(name: string, options?: { required?: boolean; trimWhitespace?: boolean }): string {
  const value = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '';
  if (options?.required && !value) throw new Error(`Input required and not supplied: ${name}`);
  return options?.trimWhitespace === false ? value : value.trim();
}

export function setOutput(name: string, value: unknown): void {
  if (issueFileCommand('GITHUB_OUTPUT', name, value)) return;
  process.stdout.write(os.EOL);
  issueCommand('set-output', { name }, toCommandValue(value));
}

export function saveState(name: string, value: unknown): void {
  if (issueFileCommand('GITHUB_STATE', name, value)) return;
  issueCommand('save-state', { name }, toCommandValue(value));
}

export const getState = (name: string): string => process.env[`STATE_${name}`] || '';

export const setSecret = (secret: string): void => issueCommand('add-mask', {}, secret);

export const info = (message: string): void => void process.stdout.write(message + os.EOL);
export const debug = (message: string): void => issueCommand('debug', {}, message);
export const warning = (message: string | Error): void =>
  issueCommand('warning', {}, message instanceof Error ? message.toString() : message);
export const error = (message: string | Error): void =>
  issueCommand('error', {}, message instanceof Error ? message.toString() : message);

export function setFailed(message: string | Error): void {
  process.exitCode = 1;
  error(message);
}

export const startGroup = (name: string): void => issueCommand('group', {}, name);
export const endGroup = (): void => issueCommand('endgroup', {}, '');

/** The step summary (GITHUB_STEP_SUMMARY): text is buffered, then appended by write(). */
class Summary {
  private buffer = '';

  addRaw(text: string, addEOL = false): this {
    this.buffer += text + (addEOL ? os.EOL : '');
    return this;
  }

  async write(options?: { overwrite?: boolean }): Promise<this> {
    const filePath = process.env.GITHUB_STEP_SUMMARY;
    if (!filePath)
      throw new Error(
        'Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.',
      );
    try {
      await fs.promises.access(filePath, fs.constants.R_OK | fs.constants.W_OK);
    } catch {
      throw new Error(
        `Unable to access summary file: '${filePath}'. Check if the file has correct read/write permissions.`,
      );
    }
    const write = options?.overwrite ? fs.promises.writeFile : fs.promises.appendFile;
    await write(filePath, this.buffer, { encoding: 'utf8' });
    this.buffer = '';
    return this;
  }
}

export const summary = new Summary();
