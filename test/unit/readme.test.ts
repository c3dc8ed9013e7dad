import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parseYamlSubset, type YamlMap } from '../harness/action-yml.ts';
import {
  codeCell,
  escapeCell,
  generatedFiles,
  renderFile,
  renderTables,
} from '../../scripts/readme-tables.ts';

const root = path.resolve(import.meta.dirname, '../..');

test('the generated tables match action.yml and the permissions table (npm run docs rewrites them)', async () => {
  for (const relative of Object.keys(generatedFiles())) {
    const text = fs.readFileSync(path.join(root, relative), 'utf8');
    assert.equal(await renderFile(relative), text, relative);
  }
  const { inputs, outputs } = renderTables();
  assert.match(inputs, /\| `agent` \|/);
  assert.match(outputs, /\| `rerun_requested` \|/);
});

/** A cell as GitHub shows it: backslash escapes of ASCII punctuation dropped, entities decoded. */
const shown = (cell: string) =>
  cell
    .replace(/\\([!-/:-@[-`{-~])/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');

test('table cells escape Markdown: the credentials row shows AL_SECRET_<type>__<instance>__<field>', () => {
  const manifest = parseYamlSubset(fs.readFileSync(path.join(root, 'action.yml'), 'utf8'));
  const credentials = (manifest.inputs as YamlMap).credentials as YamlMap;
  const row = renderTables()
    .inputs.split('\n')
    .find((line) => line.startsWith('| `credentials` |'));
  assert.ok(row);
  // The cells, split on the pipes that are not escaped.
  const description = row.split(/(?<!\\)\|/)[3]!.trim();
  assert.match(shown(description), /AL_SECRET_<type>__<instance>__<field> environment variables/);
  assert.equal(shown(description), credentials.description);
  // No run of underscores or asterisks left for Markdown to read as bold or italic.
  assert.doesNotMatch(description, /(?<!\\)(__|\*)/);
});

test('escapeCell: punctuation escaped outside code spans, only pipes inside; intraword underscores kept', () => {
  assert.equal(
    escapeCell('a `x|y_z` b|c *d* [[w]] <t>__<i> ~s~ project_id _e_\nnext'),
    'a `x\\|y_z` b\\|c \\*d\\* \\[\\[w\\]\\] &lt;t&gt;\\_\\_&lt;i&gt; \\~s\\~ project_id \\_e\\_ next',
  );
  assert.equal(escapeCell('a back`tick'), 'a back\\`tick');
  assert.equal(codeCell('${{ github.token }}'), '`${{ github.token }}`');
  assert.equal(codeCell('a|b'), '`a\\|b`');
});
