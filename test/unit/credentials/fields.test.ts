// The credential field table, held to upstream's own definitions: every builtin credential type of
// the pinned @action-llama/action-llama (dist/credentials/builtins), its fields in order, and which
// are secret. Then the rule for what upstream does not define.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { credentialFields, fieldNames, isSecretField } from '../../../src/credentials/fields.ts';

// The package exports none of its builtins: loaded by file, beside its entry point (dist/cli/main.js).
const entry = import.meta.resolve('@action-llama/action-llama');
const { builtinCredentials } = (await import(new URL('../credentials/builtins/index.js', entry).href)) as {
  builtinCredentials: Record<string, { id: string; fields: { name: string; secret: boolean }[] }>;
};

test("the table is upstream's: every builtin type, its fields in order, each secret or not", () => {
  const upstream = Object.fromEntries(
    Object.entries(builtinCredentials).map(([type, definition]) => [
      type,
      definition.fields.map(({ name, secret }) => ({ name, secret })),
    ]),
  );
  assert.ok(Object.keys(upstream).length >= 30, 'upstream defines its builtins');
  assert.deepEqual(credentialFields, upstream);
  for (const [type, definition] of Object.entries(builtinCredentials)) assert.equal(definition.id, type);
});

test("git_ssh: the key is secret, the author's name and email are not", () => {
  assert.deepEqual(fieldNames('git_ssh'), ['id_rsa', 'username', 'email']);
  assert.equal(isSecretField('git_ssh', 'id_rsa'), true);
  assert.equal(isSecretField('git_ssh', 'username'), false);
  assert.equal(isSecretField('git_ssh', 'email'), false);
});

test('what upstream does not define is secret: an unknown type, or a field its type lacks', () => {
  assert.equal(fieldNames('my_api'), undefined);
  assert.equal(isSecretField('my_api', 'username'), true);
  assert.equal(isSecretField('git_ssh', 'passphrase'), true);
  // Names of Object.prototype are not types.
  assert.equal(fieldNames('constructor'), undefined);
  assert.equal(isSecretField('toString', 'x'), true);
});
