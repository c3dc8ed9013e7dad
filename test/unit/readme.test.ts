import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { renderReadme, renderTables } from '../../scripts/readme-tables.ts';

test('the README inputs and outputs tables match action.yml (npm run docs rewrites them)', async () => {
  const readme = fs.readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');
  assert.equal(await renderReadme(), readme);
  const { inputs, outputs } = renderTables();
  assert.match(inputs, /\| `agent` \|/);
  assert.match(outputs, /\| `rerun_requested` \|/);
});
