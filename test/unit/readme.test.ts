import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { renderTables, replaceBetween } from '../../scripts/readme-tables.ts';

test('the README inputs and outputs tables match action.yml (npm run docs rewrites them)', () => {
  const file = path.resolve(import.meta.dirname, '../../README.md');
  const readme = fs.readFileSync(file, 'utf8');
  const { inputs, outputs } = renderTables();
  assert.equal(replaceBetween(replaceBetween(readme, 'inputs', inputs), 'outputs', outputs), readme);
  assert.match(inputs, /\| `agent` \|/);
  assert.match(outputs, /\| `rerun_requested` \|/);
});
