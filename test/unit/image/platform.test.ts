// The base image's family and C library, read from its layers as they stream: os-release and the
// musl loader, through PAX long names, past large files, stopping after the system's own layer.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, test } from 'node:test';
import { describe as describeRelease, detectPlatform } from '../../../src/image/platform.ts';
import { writeLayer, type LayerEntry } from '../../../src/registry/layer.ts';

async function* chunks(file: string): AsyncIterable<Uint8Array> {
  yield* fs.createReadStream(file, { highWaterMark: 1000 }); // small chunks: headers split across them
}

async function layerOf(entries: LayerEntry[]): Promise<string> {
  return (await writeLayer(entries)).file;
}

const alpineRelease = 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.22.0\nPRETTY_NAME="Alpine Linux v3.22"\n';
const debianRelease =
  'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nID=debian\nVERSION_ID="12"\n';

describe('detectPlatform', () => {
  test('Alpine: apk and musl, from os-release and the loader, past a large file and a long name', async () => {
    const layer = await layerOf([
      { path: `opt/${'deep/'.repeat(30)}big.bin`, type: 'file', data: Buffer.alloc(3_000_000, 7) },
      { path: 'etc/os-release', type: 'file', data: Buffer.from(alpineRelease) },
      { path: 'lib/ld-musl-x86_64.so.1', type: 'symlink', target: '/lib/libc.musl-x86_64.so.1' },
    ]);
    const platform = await detectPlatform(
      (async function* () {
        yield chunks(layer);
      })(),
    );
    assert.deepEqual(platform, {
      id: 'alpine',
      name: 'Alpine Linux v3.22',
      packageManager: 'apk',
      libc: 'musl',
    });
  });

  test('Debian: apt-get and glibc; later layers are not read once os-release is found', async () => {
    const system = await layerOf([
      { path: 'usr/lib/os-release', type: 'file', data: Buffer.from(debianRelease) },
    ]);
    let read = 0;
    const platform = await detectPlatform(
      (async function* () {
        read++;
        yield chunks(system);
        read++;
        yield chunks('/nonexistent');
      })(),
    );
    assert.equal(platform.packageManager, 'apt-get');
    assert.equal(platform.libc, 'glibc');
    assert.equal(platform.name, 'Debian GNU/Linux 12 (bookworm)');
    assert.equal(read, 1);
  });

  test('no os-release: an unknown system without a package manager', async () => {
    const layer = await layerOf([{ path: 'bin/sh', type: 'file', data: Buffer.from('x'), executable: true }]);
    const platform = await detectPlatform(
      (async function* () {
        yield chunks(layer);
      })(),
    );
    assert.deepEqual(platform, {
      id: undefined,
      name: 'an unknown system',
      packageManager: undefined,
      libc: 'glibc',
    });
  });
});

describe('describe', () => {
  test('ID_LIKE counts: Ubuntu is apt-get, a musl loader alone is musl', () => {
    assert.equal(describeRelease('ID=ubuntu\nID_LIKE=debian\n', false).packageManager, 'apt-get');
    assert.equal(describeRelease('ID=wolfi\n', true).libc, 'musl');
    assert.equal(describeRelease('ID=wolfi\n', true).packageManager, undefined);
  });
});
