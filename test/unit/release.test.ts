// What a release relies on (.github/workflows/release.yml): the version in package.json has its
// changelog entry, and every third-party action the project's workflows use is pinned to a commit,
// so a moved or compromised tag upstream cannot change what runs with the project's tokens.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const root = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

test("package.json's version has an entry in CHANGELOG.md", () => {
  const { version } = JSON.parse(read('package.json')) as { version: string };
  assert.match(version, /^\d+\.\d+\.\d+$/);
  assert.ok(read('CHANGELOG.md').includes(`\n## [${version}] - `), `no "## [${version}] - <date>" entry`);
});

test('every third-party action in the workflows is pinned by commit SHA, its version in a comment', () => {
  const dir = '.github/workflows';
  const uses = readdirSync(path.join(root, dir))
    .filter((name) => /\.ya?ml$/.test(name))
    .flatMap((name) =>
      read(path.join(dir, name))
        .split('\n')
        .filter((line) => /^\s*(- )?uses:/.test(line))
        .map((line) => ({ name, line: line.trim() })),
    );
  assert.ok(uses.length > 0);
  for (const { name, line } of uses) {
    if (/uses: \.\//.test(line)) continue; // this action itself
    assert.match(line, /uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/, `${name}: ${line}`);
  }
});
