// The Google boundary: connect() hands every client one GoogleAuth outside the emulator (each would
// otherwise exchange the workflow's identity for a Google token on its own), none with it; Cloud is
// an interface a fake implements in part; a retried create that finds its resource made is done.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, mock, test } from 'node:test';
import { GoogleAuth, Status } from 'google-gax';
import { connect, type Cloud } from '../../../src/google/connect.ts';
import { createOnce } from '../../../src/google/calls.ts';
import { clientOptions, skipMetadataServerOnHostedRunners } from '../../../src/google/clients.ts';
import { type CloudError } from '../../../src/google/retry.ts';
import { Code } from '../../../src/google/errors.ts';

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

test('GitHub-hosted runners skip the metadata server ping; self-hosted ones and set values are left alone', () => {
  const hosted = { RUNNER_ENVIRONMENT: 'github-hosted' } as NodeJS.ProcessEnv;
  skipMetadataServerOnHostedRunners(hosted);
  assert.equal(hosted.METADATA_SERVER_DETECTION, 'none');
  for (const env of [
    { RUNNER_ENVIRONMENT: 'self-hosted' },
    {},
    { RUNNER_ENVIRONMENT: 'github-hosted', METADATA_SERVER_DETECTION: 'ping-only' },
    { RUNNER_ENVIRONMENT: 'github-hosted', GCE_METADATA_HOST: '127.0.0.1:8080' },
  ] as NodeJS.ProcessEnv[]) {
    const before = { ...env };
    skipMetadataServerOnHostedRunners(env);
    assert.deepEqual(env, before);
  }
});

test('with the emulator: plain-text gRPC to it, no Google credentials', async () => {
  process.env.CLOUD_RUN_AGENT_EMULATOR_HOST = '127.0.0.1:8085';
  const options = await clientOptions('my-project', () => Promise.reject(new Error('no auth wanted')));
  assert.equal(options.auth, undefined);
  assert.equal(options.apiEndpoint, '127.0.0.1');
  assert.equal(options.port, 8085);
  assert.ok(options.sslCreds);
});

test('connect() gives every part of Cloud, for its project and region', () => {
  const cloud = connect('my-project', 'europe-west1');
  assert.deepEqual(Object.keys(cloud).sort(), [
    'accessToken',
    'artifacts',
    'logs',
    'run',
    'secrets',
    'warmUp',
  ]);
  assert.equal(cloud.run.jobName('al-x-1'), 'projects/my-project/locations/europe-west1/jobs/al-x-1');
});

// Compile-time: `npm test` runs tsc, which fails if a fake of one part of Cloud stops matching it
// (the fakes in logs.test.ts and image.test.ts are typed the same way), or if an incomplete one passes.
test('a fake implements only the part of Cloud its code uses', () => {
  const stream = Object.assign(new EventEmitter(), { write: () => true, end() {}, cancel() {} });
  const logs: Pick<Cloud, 'logs'> = {
    logs: { tail: async () => stream, list: async () => ({ entries: [] }) },
  };
  const images: Pick<Cloud, 'accessToken' | 'artifacts'> = {
    accessToken: async () => 'token',
    artifacts: {
      getRepository: async () => ({}),
      listDockerImages: async () => [],
      deleteVersion: async () => {},
    },
  };
  // @ts-expect-error a fake lacking a method of the part it claims does not compile
  const partial: Pick<Cloud, 'logs'> = { logs: { list: async () => ({ entries: [] }) } };
  assert.ok(logs.logs && images.artifacts && partial.logs);
});

describe('createOnce', () => {
  const grpcError = (code: number) => Object.assign(new Error(`code ${code}`), { code });
  /** A create that fails with each code in turn, then succeeds; counts its attempts. */
  function create(...codes: number[]) {
    let calls = 0;
    return {
      calls: () => calls,
      fn: async () => {
        const code = codes[calls++];
        if (code !== undefined) throw grpcError(code);
      },
    };
  }
  beforeEach(() => mock.method(Math, 'random', () => 0)); // no backoff wait
  afterEach(() => mock.restoreAll());

  test('ALREADY_EXISTS after a lost answer: an earlier attempt created it, so it is created', async () => {
    const made = create(Code.UNAVAILABLE, Code.ALREADY_EXISTS);
    await createOnce('Creating x', made.fn);
    assert.equal(made.calls(), 2);
  });

  test('ALREADY_EXISTS at the first attempt: someone else made it, thrown', async () => {
    const made = create(Code.ALREADY_EXISTS);
    await assert.rejects(createOnce('Creating x', made.fn), (error: CloudError) => {
      assert.equal(error.code, Code.ALREADY_EXISTS);
      assert.match(error.message, /^Creating x failed: ALREADY_EXISTS/);
      return true;
    });
    assert.equal(made.calls(), 1);
  });

  test('another error is thrown, after the transient ones are retried', async () => {
    const made = create(Code.UNAVAILABLE, Code.PERMISSION_DENIED);
    await assert.rejects(createOnce('Creating x', made.fn), { code: Code.PERMISSION_DENIED });
    assert.equal(made.calls(), 2);
  });

  test('a create that succeeds is made once', async () => {
    const made = create();
    await createOnce('Creating x', made.fn);
    assert.equal(made.calls(), 1);
  });
});

test("retry.ts's gRPC codes are google-gax's (copied so that start-up does not load it)", () => {
  for (const [name, value] of Object.entries(Code)) {
    assert.equal(value, Status[name as keyof typeof Status], name);
  }
});
