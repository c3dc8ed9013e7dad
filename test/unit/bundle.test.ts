// What the committed bundles promise (scripts/build.sh): sources within Latin-1 (V8 holds a loaded
// script's source for the life of the process, at two bytes a character if any is wider), one
// copy of each chunk for both steps, and a post step that loads no Google client when main has
// cleaned up.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const dist = path.resolve(import.meta.dirname, '../../dist');
const scripts = readdirSync(dist, { recursive: true, encoding: 'utf8' })
  .filter((name) => name.endsWith('.js'))
  .map((name) => path.join(dist, name));

test('every dist/ script is Latin-1, so V8 stores it at one byte a character', () => {
  assert.ok(scripts.length >= 3);
  for (const file of scripts) {
    const wide = /[\u0100-\uffff]/.exec(readFileSync(file, 'utf8'));
    assert.equal(wide, null, `${file} has ${JSON.stringify(wide?.[0])} at ${wide?.index}`);
  }
});

test('dist/ ships each chunk once: no two scripts are the same', () => {
  const seen = new Map<string, string>();
  for (const file of scripts) {
    const hash = createHash('sha256').update(readFileSync(file)).digest('hex');
    const twin = seen.get(hash);
    assert.equal(
      twin,
      undefined,
      `${path.relative(dist, file)} is a copy of ${twin && path.relative(dist, twin)}`,
    );
    seen.set(hash, file);
  }
  // Both steps' entry files are one-liners into the shared bundle.
  for (const step of ['main', 'post'])
    assert.deepEqual(
      readdirSync(path.join(dist, step)),
      ['index.js'],
      `dist/${step} holds more than its entry`,
    );
});

test('post after a clean main loads no Google client', () => {
  const entry = path.join(dist, 'post', 'index.js');
  // Every CommonJS file the process loaded (chunks included), printed as it exits.
  const probe = `process.on('exit', () => console.error(JSON.stringify(Object.keys(require.cache))));
require(${JSON.stringify(entry)});`;
  const state = JSON.stringify({ project: 'p', region: 'r', secrets: [], cleanedUp: true });
  const run = spawnSync(process.execPath, ['-e', probe], {
    env: { PATH: process.env.PATH, STATE_run: state },
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /nothing left to clean up/);
  const loaded = JSON.parse(run.stderr) as string[];
  assert.ok(loaded.includes(path.join(dist, 'bundle', 'index.js')), loaded.join(', '));
  for (const file of loaded.filter((f) => f.startsWith(dist)))
    assert.doesNotMatch(readFileSync(file, 'latin1'), /google-gax|grpc-js/, `post loaded ${file}`);
});
