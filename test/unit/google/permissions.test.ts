// Least privilege, statically: every Google client method src/ calls has a permission in the table
// (src/google/permissions.ts), and every mode's list holds only permissions the table or the registry gives.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import {
  allPermissions,
  githubTokenPermissions,
  modePermissions,
  otherPermissions,
  projectRolePermissions,
  rpcPermissions,
} from '../../../src/google/permissions.ts';

const src = path.resolve(import.meta.dirname, '../../../src');

/** `client.createSecret(`, `stub.waitOperation(`, `operationsClient.getOperation(` … → CreateSecret … */
function calledMethods(): Map<string, string> {
  const found = new Map<string, string>();
  const setup = new Set(['initialize', 'waitForReady', 'close']);
  // src/google/ holds one file per service: every file under src/, not only the top level.
  for (const file of fs
    .readdirSync(src, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))) {
    const text = fs.readFileSync(path.join(src, file), 'utf8');
    for (const [, method] of text.matchAll(/\b(?:[A-Za-z]*[cC]lient|stub)\.([a-z][A-Za-z]*)\(/g)) {
      if (setup.has(method!)) continue;
      found.set(method![0]!.toUpperCase() + method!.slice(1), file);
    }
    // operation.promise() polls GetOperation on the same service.
    if (/\boperation\.promise\(\)/.test(text)) found.set('GetOperation', file);
  }
  return found;
}

test('every RPC the code makes has its permission in the table', () => {
  const called = calledMethods();
  assert.ok(called.size >= 15, `found only ${[...called.keys()].join(', ')}`);
  const missing = [...called].filter(([method]) => !rpcPermissions[method]);
  assert.deepEqual(missing, [], 'add these methods and their permissions to src/google/permissions.ts');
});

test('each mode lists only known permissions, and the role is their union', () => {
  const known = new Set([...Object.values(rpcPermissions), ...Object.values(otherPermissions)]);
  for (const [mode, permissions] of Object.entries(modePermissions)) {
    for (const p of permissions) assert.ok(known.has(p), `${mode}: ${p}`);
  }
  assert.deepEqual(allPermissions(), [...new Set(Object.values(modePermissions).flat())].sort());
});

test('docs/security.md documents the custom role with exactly these permissions', () => {
  const readme = fs.readFileSync(path.resolve(src, '../docs/security.md'), 'utf8');
  const block =
    /gcloud iam roles create cloudRunAgent[\s\S]*?--permissions=((?:[a-zA-Z.]+,\\\n)*[a-zA-Z.]+)/.exec(
      readme,
    );
  assert.ok(block, 'docs/security.md lacks the gcloud iam roles create example');
  const documented = block[1]!
    .replace(/[\\\s]/g, '')
    .split(',')
    .filter(Boolean)
    .sort();
  assert.deepEqual(documented, projectRolePermissions());
  assert.match(readme, /roles\/iam.serviceAccountUser/);
});

test('every GitHub API path src/ asks has its token permission in the table', () => {
  // `/repos/${repository}/…` in the code is `/repos/{owner}/{repo}/…` in the table: both become
  // `/repos/*/…`, each call as `METHOD path`.
  const known = githubTokenPermissions.flatMap((p) =>
    p.call.split(', ').map((call) =>
      call
        .replace(/`/g, '')
        .replace('{owner}/{repo}', '*')
        .replace(/\{[^}]+\}/g, '*'),
    ),
  );
  const asked: string[] = [];
  for (const file of fs
    .readdirSync(src, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))) {
    const text = fs.readFileSync(path.join(src, file), 'utf8');
    const calls = [
      ...[...text.matchAll(/githubGet\(\s*[\w.]+,\s*`([^`]+)`/g)].map((m) => `GET ${m[1]}`),
      ...[...text.matchAll(/githubRequest\(\s*[\w.]+,\s*'([A-Z]+)',\s*`([^`]+)`/g)].map(
        (m) => `${m[1]} ${m[2]}`,
      ),
    ];
    asked.push(...calls.map((call) => call.replace(/\$\{[^}]+\}/g, '*')));
  }
  assert.ok(asked.length >= 4, `found only ${asked.join(', ')}`);
  const missing = asked.filter((call) => !known.includes(call));
  assert.deepEqual(
    missing,
    [],
    'add these GitHub calls and their token permissions to src/google/permissions.ts',
  );
});
