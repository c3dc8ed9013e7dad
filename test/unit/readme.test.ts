import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { generatedFiles, renderFile, renderTables } from '../../scripts/readme-tables.ts';

test('the generated tables match action.yml and the permissions table (npm run docs rewrites them)', async () => {
  for (const relative of Object.keys(generatedFiles())) {
    const text = fs.readFileSync(path.resolve(import.meta.dirname, '../..', relative), 'utf8');
    assert.equal(await renderFile(relative), text, relative);
  }
  const { inputs, outputs } = renderTables();
  assert.match(inputs, /\| `agent` \|/);
  assert.match(outputs, /\| `rerun_requested` \|/);
});
