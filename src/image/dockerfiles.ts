// The project's own Dockerfiles, as upstream builds them: the root Dockerfile (only when it does
// more than FROM) on the base, then agents/<agent>/Dockerfile on that, each first FROM replaced.
// What a Dockerfile's build reads of its context is exactly what its COPY and ADD name, so only
// those files go into the build context and into the runtime's key: an edit to a SKILL.md then
// neither rebuilds the runtime nor sends the whole project to Docker. Where the sources cannot be
// known (a variable in a path, a bind mount) the whole context counts, which is never stale.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** One user Dockerfile, read. */
export interface UserDockerfile {
  /** Where it is (absolute). */
  file: string;
  /** Its build context (absolute): the project for the root one, agents/<agent>/ for the agent's. */
  context: string;
  text: string;
  /** Context paths (relative, posix) the build reads; undefined: the whole context. */
  sources?: string[];
}

/** The Dockerfile with its first FROM replaced by `from`, as upstream builds it. */
export function replaceFirstFrom(text: string, from: string): string {
  return text.replace(/^(\s*FROM\s+)(--platform=\S+\s+)?\S+/im, `$1${from}`);
}

/** Reads a Dockerfile and what its COPY and ADD read of `context`. */
export function readDockerfile(file: string, context: string): UserDockerfile {
  const text = fs.readFileSync(file, 'utf8');
  return { file, context, text, sources: contextSources(text) };
}

/** Logical instructions: continuation lines joined, comments and blank lines dropped. */
function instructions(text: string): string[] {
  const joined: string[] = [];
  let current = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!current && (line === '' || line.startsWith('#'))) continue;
    if (line.endsWith('\\')) {
      current += `${line.slice(0, -1)} `;
      continue;
    }
    joined.push(current + line);
    current = '';
  }
  if (current.trim()) joined.push(current);
  return joined;
}

/**
 * The context paths COPY and ADD read (COPY --from reads another stage, a URL or a heredoc reads
 * nothing of it); undefined when they cannot be known: a variable in a source, or a RUN bind mount.
 */
export function contextSources(text: string): string[] | undefined {
  const sources: string[] = [];
  for (const instruction of instructions(text)) {
    const [keyword = '', ...rest] = instruction.split(/\s+/);
    const upper = keyword.toUpperCase();
    if (upper === 'RUN' && /--mount=\S*type=bind/i.test(instruction)) return undefined;
    if (upper !== 'COPY' && upper !== 'ADD') continue;
    const args = rest.join(' ');
    const flags = args.match(/^(--\S+\s+)*/)?.[0] ?? '';
    if (/--from=/i.test(flags)) continue;
    const operands = parseOperands(args.slice(flags.length));
    for (const source of operands.slice(0, -1)) {
      if (source.startsWith('<<') || /^[a-z]+:\/\//i.test(source)) continue;
      if (source.includes('$')) return undefined;
      sources.push(path.posix.normalize(source.replace(/^\/+/, '')).replace(/\/+$/, '') || '.');
    }
  }
  return sources;
}

/** COPY's operands: the JSON array form, or words separated by blanks. */
function parseOperands(text: string): string[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed) && parsed.every((p) => typeof p === 'string')) return parsed as string[];
    } catch {
      // not JSON after all: read as words, as Docker does
    }
  }
  return trimmed.split(/\s+/).filter(Boolean);
}

// The credentials file google-github-actions/auth writes into the workspace: never in a context.
const credentialFile = /^gha-creds-[A-Za-z0-9_-]+\.json$/;

/**
 * The files of the context the build reads (relative, posix, sorted): those the sources match
 * (a directory with everything under it; `*`, `?` and `[…]` within a path segment, as Docker's
 * patterns), the .dockerignore, and the Dockerfile itself when it lies in the context.
 */
export function contextFiles(dockerfile: UserDockerfile): string[] {
  const all = listFiles(dockerfile.context);
  const wanted = new Set<string>();
  const ignore = '.dockerignore';
  if (all.includes(ignore)) wanted.add(ignore);
  const own = path.relative(dockerfile.context, dockerfile.file).split(path.sep).join('/');
  if (all.includes(own)) wanted.add(own);
  if (!dockerfile.sources) return all;
  for (const source of dockerfile.sources) {
    const matcher = segmentsMatcher(source);
    for (const file of all) if (matcher(file)) wanted.add(file);
  }
  return [...wanted].sort(byCodeUnit);
}

/** Whether `file` is `source` or lies under what `source` matches. */
function segmentsMatcher(source: string): (file: string) => boolean {
  if (source === '.' || source === '') return () => true;
  const patterns = source.split('/').map(globSegment);
  return (file) => {
    const parts = file.split('/');
    return parts.length >= patterns.length && patterns.every((pattern, i) => pattern.test(parts[i]!));
  };
}

function globSegment(segment: string): RegExp {
  let pattern = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    if (c === '*') pattern += '[^/]*';
    else if (c === '?') pattern += '[^/]';
    else if (c === '[') {
      const end = segment.indexOf(']', i + 1);
      if (end < 0) pattern += '\\[';
      else {
        pattern += `[${segment
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else pattern += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${pattern}$`);
}

/** Every file under `dir` (relative, posix, sorted); symbolic links as themselves. */
function listFiles(dir: string, prefix = ''): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (!prefix && credentialFile.test(entry.name)) continue;
    if (entry.isDirectory()) found.push(...listFiles(dir, relative));
    else if (entry.isFile() || entry.isSymbolicLink()) found.push(relative);
  }
  return found.sort(byCodeUnit);
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A hash of what the build reads: the Dockerfile's text and, for each context file it reads, its
 * path, whether it is executable, and its content (a symbolic link: its target).
 */
export function dockerfileHash(dockerfile: UserDockerfile): string {
  const hash = createHash('sha256');
  const add = (label: string, value: string | Buffer) =>
    hash.update(`${label}\0${value.length}\0`).update(value);
  add('dockerfile', dockerfile.text);
  for (const file of contextFiles(dockerfile)) {
    const full = path.join(dockerfile.context, file);
    const stat = fs.lstatSync(full);
    if (stat.isSymbolicLink()) add(`link:${file}`, fs.readlinkSync(full));
    else add(`file:${file}:${stat.mode & 0o111 ? 'x' : '-'}`, fs.readFileSync(full));
  }
  return hash.digest('hex');
}

/** Copies the files the build reads into `staging` (a fresh folder): the build context Docker gets. */
export function stageContext(dockerfile: UserDockerfile, staging: string): void {
  for (const file of contextFiles(dockerfile)) {
    const from = path.join(dockerfile.context, file);
    const to = path.join(staging, file);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.cpSync(from, to, { verbatimSymlinks: true, preserveTimestamps: true });
  }
}
