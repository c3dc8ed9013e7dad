// The client options of a run: connect() hands every client one GoogleAuth outside the emulator
// (each would otherwise exchange the workflow's identity for a Google token on its own), none with it.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { GoogleAuth } from 'google-gax';
import { clientOptions } from '../../src/google.ts';

const saved = process.env.CLOUD_RUN_AGENT_EMULATOR_HOST;
afterEach(() => {
  if (saved === undefined) delete process.env.CLOUD_RUN_AGENT_EMULATOR_HOST;
  else process.env.CLOUD_RUN_AGENT_EMULATOR_HOST = saved;
});

test("outside the emulator every client gets the run's one GoogleAuth", async () => {
  delete process.env.CLOUD_RUN_AGENT_EMULATOR_HOST;
  const shared = new GoogleAuth({ scopes: ['https://www.googleapis.com/auth/cloud-platform'] });
  const auth = () => Promise.resolve(shared);
  const first = await clientOptions('my-project', auth);
  const second = await clientOptions('my-project', auth);
  assert.equal(first.auth, shared);
  assert.equal(second.auth, shared);
  assert.equal(first.projectId, 'my-project');
  assert.equal(first.sslCreds, undefined);
});

test('with the emulator: plain-text gRPC to it, no Google credentials', async () => {
  process.env.CLOUD_RUN_AGENT_EMULATOR_HOST = '127.0.0.1:8085';
  const options = await clientOptions('my-project', () => Promise.reject(new Error('no auth wanted')));
  assert.equal(options.auth, undefined);
  assert.equal(options.apiEndpoint, '127.0.0.1');
  assert.equal(options.port, 8085);
  assert.ok(options.sslCreds);
});
