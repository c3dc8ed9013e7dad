// A small reader of the tars the layer writer makes (ustar headers, PAX path/linkpath records), so
// tests can see each entry's header fields as written, independently of any tar program's display.
import { gunzipSync } from 'node:zlib';

export interface TarEntry {
  name: string;
  type: string;
  mode: number;
  uid: number;
  gid: number;
  uname: string;
  gname: string;
  mtime: number;
  linkname: string;
  data: Buffer;
}

const text = (block: Buffer, offset: number, length: number): string =>
  block
    .subarray(offset, offset + length)
    .toString('utf8')
    .replace(/\0.*$/s, '');
const octal = (block: Buffer, offset: number, length: number): number =>
  parseInt(text(block, offset, length), 8);

/** The entries of a tar, or of a gzipped one; PAX records are applied to the entry they precede. */
export function readTar(archive: Buffer): TarEntry[] {
  const tar = archive[0] === 0x1f && archive[1] === 0x8b ? gunzipSync(archive) : archive;
  const entries: TarEntry[] = [];
  let pax: Record<string, string> = {};
  for (let at = 0; at + 512 <= tar.length;) {
    const block = tar.subarray(at, at + 512);
    if (block.every((byte) => byte === 0)) break;
    checkSum(block, at);
    const size = octal(block, 124, 12);
    const data = tar.subarray(at + 512, at + 512 + size);
    at += 512 + Math.ceil(size / 512) * 512;
    const type = text(block, 156, 1);
    if (type === 'x') {
      pax = parsePax(data);
      continue;
    }
    entries.push({
      name: pax.path ?? text(block, 0, 100),
      type,
      mode: octal(block, 100, 8),
      uid: octal(block, 108, 8),
      gid: octal(block, 116, 8),
      uname: text(block, 265, 32),
      gname: text(block, 297, 32),
      mtime: octal(block, 136, 12),
      linkname: pax.linkpath ?? text(block, 157, 100),
      data: Buffer.from(data),
    });
    pax = {};
  }
  return entries;
}

function checkSum(block: Buffer, at: number): void {
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i]!;
  if (sum !== octal(block, 148, 8)) throw new Error(`bad tar header checksum at ${at}`);
}

/** `<length> key=value\n` records; each length must be the record's own byte length. */
function parsePax(data: Buffer): Record<string, string> {
  const records: Record<string, string> = {};
  for (let at = 0; at < data.length;) {
    const space = data.indexOf(0x20, at);
    const length = Number(data.subarray(at, space).toString('ascii'));
    const record = data.subarray(space + 1, at + length - 1).toString('utf8');
    if (data[at + length - 1] !== 0x0a) throw new Error(`PAX record at ${at} has a wrong length ${length}`);
    const equals = record.indexOf('=');
    records[record.slice(0, equals)] = record.slice(equals + 1);
    at += length;
  }
  return records;
}
