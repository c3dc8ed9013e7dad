// What kind of system the base image is, read from its layers through the registry (no Docker):
// its family (which package manager installs upstream's tools and the user's packages: apk on
// Alpine, apt-get on Debian and Ubuntu) and its C library (which of upstream's optional native
// packages npm must install: musl on Alpine, glibc elsewhere). Upstream's own image is Alpine.
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

export type Libc = 'musl' | 'glibc';

export interface Platform {
  /** /etc/os-release's ID (alpine, debian, ubuntu, …), or undefined when there is none. */
  id?: string;
  /** A name for messages: "Alpine Linux 3.22". */
  name: string;
  packageManager?: 'apk' | 'apt-get';
  libc: Libc;
}

/** The files that tell: os-release (two places), and the musl loader Alpine ships. */
const osRelease = new Set(['etc/os-release', 'usr/lib/os-release']);
const muslLoader = /^(usr\/)?lib\/ld-musl-[\w-]+\.so\.1$/;

/**
 * What the layers (gzip tars, base first) say of the system. The system's own files come with its
 * first layer, so the walk stops after the first layer that holds os-release.
 */
export async function detectPlatform(layers: AsyncIterable<AsyncIterable<Uint8Array>>): Promise<Platform> {
  let release: string | undefined;
  let musl = false;
  for await (const layer of layers) {
    await scanTar(layer, (name) => {
      if (osRelease.has(name)) return (text) => void (release = text.toString('utf8'));
      if (muslLoader.test(name)) musl = true;
      return undefined;
    });
    if (release !== undefined) break;
  }
  return describe(release, musl);
}

/** The platform from os-release's text and whether the musl loader is there. */
export function describe(release: string | undefined, musl: boolean): Platform {
  const fields = Object.fromEntries(
    (release ?? '')
      .split('\n')
      .map((line) => /^([A-Z_]+)=("?)(.*)\2$/.exec(line.trim()))
      .filter((m): m is RegExpExecArray => !!m)
      .map((m) => [m[1]!, m[3]!]),
  );
  const id = fields.ID?.toLowerCase();
  const like = `${id ?? ''} ${fields.ID_LIKE ?? ''}`.toLowerCase();
  const packageManager = /\balpine\b/.test(like)
    ? 'apk'
    : /\b(debian|ubuntu)\b/.test(like)
      ? 'apt-get'
      : undefined;
  return {
    id,
    name: fields.PRETTY_NAME || fields.NAME || 'an unknown system',
    packageManager,
    libc: musl || id === 'alpine' ? 'musl' : 'glibc',
  };
}

/** Told each entry's path; returns a reader of its content when it wants it. */
type OnEntry = (name: string) => ((content: Buffer) => void) | undefined;

type TarState =
  | { mode: 'header' }
  | { mode: 'body'; left: number; pad: number; keep?: Buffer[]; done?: (content: Buffer) => void };

/**
 * Walks a gzip tar as it streams, telling `onEntry` each regular file's or link's path (no leading
 * ./ or /); a body is held in memory only when asked for, so a large file costs nothing. PAX and
 * GNU long names are followed.
 */
async function scanTar(gzipped: AsyncIterable<Uint8Array>, onEntry: OnEntry): Promise<void> {
  const gunzip = Readable.from(gzipped).pipe(createGunzip());
  let state: TarState = { mode: 'header' };
  let pending: Buffer = Buffer.alloc(0);
  let longName: string | undefined;
  for await (const chunk of gunzip) {
    pending = pending.length ? Buffer.concat([pending, chunk as Buffer]) : (chunk as Buffer);
    while (pending.length) {
      if (state.mode === 'body') {
        const used = Math.min(state.left + state.pad, pending.length);
        const data = pending.subarray(0, Math.min(state.left, used));
        state.keep?.push(data);
        state.left -= data.length;
        state.pad -= used - data.length;
        pending = pending.subarray(used);
        if (state.left === 0 && state.pad === 0) {
          state.done?.(Buffer.concat(state.keep ?? []));
          state = { mode: 'header' };
        }
        continue;
      }
      if (pending.length < 512) break;
      const header = pending.subarray(0, 512);
      pending = pending.subarray(512);
      if (header.every((b) => b === 0)) continue;
      const entry = readHeader(header, longName);
      longName = undefined;
      const pad = Math.ceil(entry.size / 512) * 512 - entry.size;
      if (entry.type === 'x' || entry.type === 'L') {
        const type = entry.type;
        state = {
          mode: 'body',
          left: entry.size,
          pad,
          keep: [],
          done: (body) => (longName = longNameOf(type, body)),
        };
      } else {
        const wants = '012'.includes(entry.type) ? onEntry(entry.name) : undefined;
        state = { mode: 'body', left: entry.size, pad, keep: wants && [], done: wants };
      }
      if (entry.size === 0 && pad === 0) {
        state.done?.(Buffer.alloc(0));
        state = { mode: 'header' };
      }
    }
  }
}

/** A ustar header: the entry's path, size and type ('0' file, '1' hard link, '2' symlink, …). */
function readHeader(
  header: Buffer,
  longName: string | undefined,
): { name: string; size: number; type: string } {
  const text = (from: number, to: number) => header.subarray(from, to).toString('utf8').replace(/\0.*$/s, '');
  const prefix = text(345, 500);
  const plain = text(0, 100);
  const size = parseInt(text(124, 136).trim() || '0', 8);
  const type = header[156] ? String.fromCharCode(header[156]) : '0';
  return { name: normalise(longName ?? (prefix ? `${prefix}/${plain}` : plain)), size, type };
}

const normalise = (name: string): string => name.replace(/^(\.\/|\/)+/, '');

/** The path a GNU long-name entry ('L') or a PAX header ('x': "<len> path=<value>\n" records) gives. */
function longNameOf(type: string, body: Buffer): string | undefined {
  if (type === 'L') return body.toString('utf8').replace(/\0.*$/s, '');
  for (const record of body.toString('utf8').split('\n')) {
    const match = /^\d+ path=(.*)$/.exec(record);
    if (match) return match[1];
  }
  return undefined;
}
