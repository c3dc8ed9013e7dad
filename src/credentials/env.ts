// Repository secrets → ephemeral Secret Manager secrets mounted at
// /credentials/<type>/<instance>/<field>, the layout Action Llama agents read.
//
// Values come only from the step's environment, as upstream names them:
//   AL_SECRET_<type>__<instance>__<field>   (characters outside [A-Za-z0-9_] written as _xHH)
// Environment values reach us byte for byte (an SSH key keeps its newlines); nothing is re-parsed.
//
// Layout: one secret per credential instance, one version per field, one volume per instance
// mounted at /credentials/<type>/<instance> with an item per field (version → file). That costs
// fields + 2 × instances writes per run (create, add versions, delete), within the 600 writes a
// minute a project gets.

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

/**
 * Reads every AL_SECRET_ variable of the environment and checks that each required ref has at
 * least one field, here or in `elsewhere` (refs whose fields come from existing secrets). Problems
 * name the variable and the fix; they never include a value.
 */
export function collectCredentials(
  env: NodeJS.ProcessEnv,
  required: CredentialRef[],
  elsewhere: CredentialRef[] = [],
): { credentials: Credential[]; problems: string[] } {
  const problems: string[] = [];
  const byRef = new Map<string, Credential>();
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith(envPrefix) || value === undefined) continue;
    const parts = name.slice(envPrefix.length).split('__');
    const [type, instance, field] = parts.map(decodeSegment);
    if (
      parts.length !== 3 ||
      !type ||
      !instance ||
      !field ||
      ![type, instance, field].every((s) => segmentPattern.test(s))
    ) {
      problems.push(
        `Environment variable ${name} does not name a credential field. Use AL_SECRET_<type>__<instance>__<field>, e.g. AL_SECRET_github_token__default__token.`,
      );
      continue;
    }
    if (value === '') {
      problems.push(
        `Credential ${type}/${instance}/${field} (${name}) is empty. Secrets are not given to workflows triggered by pull requests from forks; ` +
          'check that the repository secret exists and that this workflow may read it.',
      );
      continue;
    }
    const bytes = Buffer.from(value, 'utf8');
    if (bytes.length > maxPayloadBytes) {
      problems.push(
        `Credential ${type}/${instance}/${field} (${name}) is ${bytes.length} bytes; Secret Manager holds at most 65536 bytes per value. ` +
          'Store a smaller value, or split it over several fields.',
      );
      continue;
    }
    const key = `${type}:${instance}`;
    const credential = byRef.get(key) ?? { type, instance, fields: new Map<string, Buffer>() };
    credential.fields.set(field, bytes);
    byRef.set(key, credential);
  }
  const present = new Set([...byRef.keys(), ...elsewhere.map(refText)]);
  for (const ref of required) {
    if (!present.has(refText(ref))) {
      problems.push(
        `Credential ${refText(ref)} is required but no field of it is set. Add it to the step's env, e.g. ${envName(ref, 'token')}: \${{ secrets.YOUR_SECRET }}, or take it from Secret Manager with the input "secrets", e.g. ${ref.type}/${ref.instance}/token=SECRET_NAME:latest.`,
      );
    }
  }
  // Code-unit order, not localeCompare: the first localeCompare loads ICU's collator (7 ms of start-up).
  const credentials = [...byRef.values()].sort((a, b) => compareText(refText(a), refText(b)));
  return { credentials, problems };
}

/**
 * Lines to register with the runner's masker. The runner masks line by line, so each line of a
 * multi-line value is registered on its own (runner issue #161), and the whole value too.
 */
export function maskLines(credentials: Credential[]): string[] {
  const lines = new Set<string>();
  for (const credential of credentials) {
    for (const value of credential.fields.values()) {
      const text = value.toString('utf8');
      for (const line of text.split(/\r?\n|\r/)) if (line.trim()) lines.add(line.trim());
      if (text.trim()) lines.add(text.trim());
    }
  }
  return [...lines];
}

export const mountPath = (ref: CredentialRef): string => `/credentials/${ref.type}/${ref.instance}`;

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
