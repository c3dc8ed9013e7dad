// The committed bundles keep their sources within Latin-1 (scripts/latin1-bundles.ts): V8 holds a
// loaded script's source for the life of the process, at two bytes a character if any is wider.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const dist = path.resolve(import.meta.dirname, '../../dist');

test('every dist/ script is Latin-1, so V8 stores it at one byte a character', () => {
  const files = ['main', 'post'].flatMap((entry) =>
    readdirSync(path.join(dist, entry))
      .filter((name) => name.endsWith('.js'))
      .map((name) => path.join(dist, entry, name)),
  );
  assert.ok(files.length >= 2);
  for (const file of files) {
    const wide = /[\u0100-\uffff]/.exec(readFileSync(file, 'utf8'));
    assert.equal(wide, null, `${file} has ${JSON.stringify(wide?.[0])} at ${wide?.index}`);
  }
});
