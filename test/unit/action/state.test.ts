import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { loadState, openState, saveState, type RunState } from '../../../src/action/state.ts';

// @actions/core 3 writes state to the GITHUB_STATE file as `name<<delimiter\nvalue\ndelimiter`;
// the runner hands it to the post step as STATE_<name>.
let dir = '';
const saved = { GITHUB_STATE: process.env.GITHUB_STATE, STATE_run: process.env.STATE_run };

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'state-test-'));
  process.env.GITHUB_STATE = path.join(dir, 'state');
  fs.writeFileSync(process.env.GITHUB_STATE, '');
  delete process.env.STATE_run;
});
afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Parses the GITHUB_STATE file like the runner does. */
function readStateFile(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i]!);
    if (heredoc) {
      const value: string[] = [];
      while (lines[++i] !== heredoc[2]) value.push(lines[i]!);
      out[heredoc[1]!] = value.join('\n');
    } else if (lines[i]!.includes('=')) {
      const at = lines[i]!.indexOf('=');
      out[lines[i]!.slice(0, at)] = lines[i]!.slice(at + 1);
    }
  }
  return out;
}

const state: RunState = {
  project: 'my-project',
  region: 'us-central1',
  job: 'projects/my-project/locations/us-central1/jobs/al-x-1-1-ab12',
  execution: 'projects/my-project/locations/us-central1/jobs/al-x-1-1-ab12/executions/al-x-1-1-ab12-q9z8w',
  secrets: ['projects/my-project/secrets/al-x-1-1-ab12-c1-github-token-default'],
  dockerConfig: '/tmp/cloud-run-agent-docker-abc',
  executionEnded: true,
};

test('saveState writes the run to the GITHUB_STATE file; loadState reads it back from STATE_run', () => {
  saveState(state);
  const written = readStateFile(process.env.GITHUB_STATE!);
  assert.deepEqual(Object.keys(written), ['run']);
  assert.deepEqual(JSON.parse(written.run!), state);
  process.env.STATE_run = written.run;
  assert.deepEqual(loadState(), state);
});

test('saving again appends; the last value wins', () => {
  saveState({ project: 'my-project', region: 'us-central1', secrets: [] });
  saveState(state);
  const text = fs.readFileSync(process.env.GITHUB_STATE!, 'utf8');
  assert.equal(text.match(/^run<</gm)?.length, 2);
  process.env.STATE_run = readStateFile(process.env.GITHUB_STATE!).run;
  assert.deepEqual(loadState(), state);
});

test('openState saves the state at once; record merges each change in and saves the whole', () => {
  const lastSaved = () => JSON.parse(readStateFile(process.env.GITHUB_STATE!).run!) as RunState;
  const { state, record } = openState({ project: 'my-project', region: 'us-central1', secrets: [] });
  assert.deepEqual(lastSaved(), { project: 'my-project', region: 'us-central1', secrets: [] });
  record({ job: state.job ?? 'projects/p/locations/r/jobs/j' });
  record({ executionEnded: true });
  const expected = {
    project: 'my-project',
    region: 'us-central1',
    secrets: [],
    job: 'projects/p/locations/r/jobs/j',
    executionEnded: true,
  };
  assert.deepEqual(state, expected);
  assert.deepEqual(lastSaved(), expected);
});

test('a minimal state round-trips', () => {
  const minimal: RunState = { project: 'p-123456', region: 'europe-west1', secrets: [] };
  process.env.STATE_run = JSON.stringify(minimal);
  assert.deepEqual(loadState(), minimal);
});

test('no state, or state that is not ours, is undefined', () => {
  assert.equal(loadState(), undefined);
  for (const text of [
    '',
    'not json',
    '[]',
    'null',
    '{"project":"p"}',
    '{"secrets":[]}',
    '{"project":1,"secrets":[]}',
    '{"project":"p","secrets":"x"}',
  ]) {
    process.env.STATE_run = text;
    assert.equal(loadState(), undefined, text);
  }
});
