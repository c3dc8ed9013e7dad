// Repository secrets → ephemeral Secret Manager secrets mounted at
// /credentials/<type>/<instance>/<field>, the layout Action Llama agents read.
//
// Values come only from the step's environment, as upstream names them:
//   AL_SECRET_<type>__<instance>__<field>   (characters outside [A-Za-z0-9_] written as _xHH)
// Environment values reach us byte for byte (an SSH key keeps its newlines); nothing is re-parsed.
// In project mode only the credentials the agent lists (and its models' keys) are read: the step's
// other AL_SECRET_ variables are left alone, neither uploaded nor mounted (least privilege; a
// workflow often shares one env between agents). Contract images get every one, as before: the
// action cannot know which of them the image reads.
//
// Layout: one secret per credential instance, one version per field, one volume per instance
// mounted at /credentials/<type>/<instance> with an item per field (version → file). That costs
// fields + 2 × instances writes per run (create, add versions, delete), within the 600 writes a
// minute a project gets.
import { fieldNames, isSecretField } from './fields.ts';

export const envPrefix = 'AL_SECRET_';

export interface CredentialRef {
  type: string;
  instance: string;
}

export interface Credential extends CredentialRef {
  /** field → value, exact bytes. */
  fields: Map<string, Buffer>;
}

const segmentPattern = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const maxPayloadBytes = 64 * 1024; // https://cloud.google.com/secret-manager/quotas#content-limits

export const refText = (ref: CredentialRef): string => `${ref.type}:${ref.instance}`;

/** Parses `github_token, git_ssh:botty` (commas, spaces or newlines between refs). */
export function parseRefs(text: string, source: string): { refs: CredentialRef[]; problems: string[] } {
  const refs: CredentialRef[] = [];
  const problems: string[] = [];
  for (const token of text.split(/[\s,]+/).filter(Boolean)) {
    const [type = '', instance = 'default', ...rest] = token.split(':');
    if (rest.length || !segmentPattern.test(type) || !segmentPattern.test(instance)) {
      problems.push(
        `${source}: "${token}" is not a credential ref. Write type or type:instance, e.g. github_token or git_ssh:botty.`,
      );
      continue;
    }
    if (!refs.some((r) => r.type === type && r.instance === instance)) refs.push({ type, instance });
  }
  return { refs, problems };
}

/** Decodes one segment of an AL_SECRET_ name: `_xHH` is the character with that hex code. */
export function decodeSegment(segment: string): string {
  return segment.replace(/_x([0-9a-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Encodes a segment for an AL_SECRET_ name (for messages that tell the user what to set). */
export function encodeSegment(segment: string): string {
  return segment.replace(/[^A-Za-z0-9_]/g, (c) => `_x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export const envName = (ref: CredentialRef, field: string): string =>
  `${envPrefix}${encodeSegment(ref.type)}__${encodeSegment(ref.instance)}__${encodeSegment(field)}`;

/** What the step's AL_SECRET_ variables give, and what is wrong with them. */
export interface Collected {
  credentials: Credential[];
  /** Variables whose names are not credential fields: input mistakes, reported with the other inputs. */
  problems: string[];
  /**
   * Values that are empty or too large, and required credentials with no field: reported once the
   * run is decided, since a pull request from a fork, or Dependabot, gets no secrets and may be skipped.
   */
  valueProblems: string[];
  /** With `only`: the step's other credentials (type:instance), neither read nor given to the agent. */
  leftAlone: string[];
}

/**
 * Reads the step's AL_SECRET_ variables (with `only`, just those of these refs) and checks that each
 * required ref has at least one field, here or in `elsewhere` (refs whose fields come from existing
 * secrets). Problems name the variable and the fix; they never include a value.
 */
export function collectCredentials(
  env: NodeJS.ProcessEnv,
  required: CredentialRef[],
  elsewhere: CredentialRef[] = [],
  only?: CredentialRef[],
): Collected {
  const problems: string[] = [];
  const valueProblems: string[] = [];
  const selected = only && new Set(only.map(refText));
  const byRef = new Map<string, Credential>();
  const empty = new Map<string, { ref: CredentialRef; names: string[] }>();
  const seen = new Set(elsewhere.map(refText));
  const leftAlone = new Set<string>();
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith(envPrefix) || value === undefined) continue;
    const variable = parseEnvName(name);
    if (!variable) {
      problems.push(
        `Environment variable ${name} does not name a credential field. Use AL_SECRET_<type>__<instance>__<field>, e.g. AL_SECRET_github_token__default__token.`,
      );
      continue;
    }
    const key = refText(variable);
    if (selected && !selected.has(key)) {
      leftAlone.add(key);
      continue;
    }
    seen.add(key); // an empty or oversized field is its credential's one problem, not "not set" too
    if (value === '') {
      empty.set(key, { ref: variable, names: [...(empty.get(key)?.names ?? []), name] });
      continue;
    }
    const bytes = Buffer.from(value, 'utf8');
    if (bytes.length > maxPayloadBytes) {
      valueProblems.push(
        `Credential ${variable.type}/${variable.instance}/${variable.field} (${name}) is ${bytes.length} bytes; Secret Manager holds at most 65536 bytes per value. ` +
          'Store a smaller value, or split it over several fields.',
      );
      continue;
    }
    const credential = byRef.get(key) ?? {
      type: variable.type,
      instance: variable.instance,
      fields: new Map(),
    };
    credential.fields.set(variable.field, bytes);
    byRef.set(key, credential);
  }
  if (empty.size) valueProblems.push(emptyProblem([...empty.values()]));
  for (const ref of required) if (!seen.has(refText(ref))) valueProblems.push(missingProblem(ref));
  // Code-unit order, not localeCompare: the first localeCompare loads ICU's collator (7 ms of start-up).
  const credentials = [...byRef.values()].sort((a, b) => compareText(refText(a), refText(b)));
  return { credentials, problems, valueProblems, leftAlone: [...leftAlone].sort(compareText) };
}

/** The credential field an AL_SECRET_ name stands for, or undefined when it names none. */
function parseEnvName(name: string): (CredentialRef & { field: string }) | undefined {
  const parts = name.slice(envPrefix.length).split('__');
  const [type, instance, field] = parts.map(decodeSegment);
  if (parts.length !== 3 || !type || !instance || !field) return undefined;
  if (![type, instance, field].every((s) => segmentPattern.test(s))) return undefined;
  return { type, instance, field };
}

/** `(fields id_rsa, username, email)`: a known type's real fields, for messages; '' for an unknown type. */
function fieldsNote(type: string): string {
  const fields = fieldNames(type);
  if (!fields) return '';
  return ` (${fields.length === 1 ? 'field' : 'fields'} ${fields.join(', ')})`;
}

const andList = (names: string[]): string =>
  names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;

/** Every empty variable in one problem, grouped by credential, with the one likely cause once. */
function emptyProblem(empty: { ref: CredentialRef; names: string[] }[]): string {
  const sorted = [...empty].sort((a, b) => compareText(refText(a.ref), refText(b.ref)));
  const credentials = sorted.map(
    ({ ref, names }) =>
      `Credential ${refText(ref)}${fieldsNote(ref.type)}: ${andList([...names].sort(compareText))} ${names.length > 1 ? 'are' : 'is'} empty.`,
  );
  const many = sorted.reduce((n, { names }) => n + names.length, 0) > 1;
  return (
    `${credentials.join(' ')} GitHub gives no Actions secrets to workflows run for pull requests from forks or for Dependabot; ` +
    `check that the repository ${many ? 'secrets exist' : 'secret exists'} and that this workflow may read ${many ? 'them' : 'it'}.`
  );
}

/** A required credential with no field: the variables to set, named by the type's real fields. */
function missingProblem(ref: CredentialRef): string {
  const fields = fieldNames(ref.type);
  const stem = `${envPrefix}${encodeSegment(ref.type)}__${encodeSegment(ref.instance)}__`;
  const secret = (field: string) => `${ref.type}/${ref.instance}/${field}=SECRET_NAME:latest`;
  const example = (variable: string) => `${variable}: \${{ secrets.YOUR_SECRET }}`;
  if (fields?.length === 1)
    return `Credential ${refText(ref)} is required but ${envName(ref, fields[0]!)} is not set. Add it to the step's env, e.g. ${example(envName(ref, fields[0]!))}, or take it from Secret Manager with the input "secrets", e.g. ${secret(fields[0]!)}.`;
  if (fields)
    return `Credential ${refText(ref)} is required but none of its fields (${fields.join(', ')}) is set. Add them to the step's env: ${fields.map((f) => envName(ref, f)).join(', ')} (e.g. ${example(envName(ref, fields[0]!))}), or take them from Secret Manager with the input "secrets", e.g. ${secret(fields[0]!)}.`;
  return `Credential ${refText(ref)} is required but no field of it is set. Add one ${stem}<field> per field the agent reads to the step's env (e.g. ${example(`${stem}<field>`)}), or take them from Secret Manager with the input "secrets", e.g. ${secret('<field>')}.`;
}

/**
 * Lines to register with the runner's masker (and the action's own redaction), of the secret fields
 * only, as upstream's definitions mark them (fields.ts). The runner masks line by line, so each line
 * of a multi-line value is registered on its own (runner issue #161), and the whole value too.
 */
export function maskLines(credentials: Credential[]): string[] {
  const lines = new Set<string>();
  for (const credential of credentials) {
    for (const [field, value] of credential.fields) {
      if (!isSecretField(credential.type, field)) continue; // shown as upstream shows it (a git author name)
      const text = value.toString('utf8');
      for (const line of text.split(/\r?\n|\r/)) if (line.trim()) lines.add(line.trim());
      if (text.trim()) lines.add(text.trim());
    }
  }
  return [...lines];
}

export const mountPath = (ref: CredentialRef): string => `/credentials/${ref.type}/${ref.instance}`;

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
