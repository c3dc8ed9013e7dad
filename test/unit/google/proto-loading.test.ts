// The quick proto loading (src/google/proto-loading.ts) against @grpc/proto-loader, which it
// replaces in google-gax: for every protos.json the action's clients load, the same services and
// methods with the same paths, streaming and names, and the same bytes and objects through them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import * as protoLoader from '@grpc/proto-loader';
import * as gax from 'google-gax';
import { lazyClients } from '../../../src/google/clients.ts';
import { quickenProtoLoading, serviceDefinitions } from '../../../src/google/proto-loading.ts';

const require = createRequire(import.meta.url);
// google-gax exports none of its protos: read from beside its entry.
const gaxProtos = path.join(path.dirname(require.resolve('google-gax')), '../protos');
const packages = {
  run: '@google-cloud/run/build/protos/protos.json',
  secretManager: '@google-cloud/secret-manager/build/protos/protos.json',
  logging: '@google-cloud/logging-api/build/protos/protos.json',
  artifactRegistry: '@google-cloud/artifact-registry/build/protos/protos.json',
  locations: path.join(gaxProtos, 'locations.json'),
  operations: path.join(gaxProtos, 'operations.json'),
  iam: path.join(gaxProtos, 'iam_service.json'),
};
const parsed = new Map<string, gax.protobuf.INamespace>();
/** Each file parsed once, so that the same JSON object is loaded twice, as each client loads it. */
function json(file: string): gax.protobuf.INamespace {
  if (!parsed.has(file))
    parsed.set(file, path.isAbsolute(file) ? JSON.parse(readFileSync(file, 'utf8')) : require(file));
  return parsed.get(file)!;
}
const conversion = (gax.GrpcClient as unknown as { defaultOptions(): protoLoader.Options }).defaultOptions();

type Method = protoLoader.MethodDefinition<object, object>;

/** proto-loader's definition of each service (messages and enums left out), as google-gax loads it. */
function byProtoLoader(file: string): Map<string, Record<string, Method>> {
  const all = protoLoader.fromJSON(json(file), conversion);
  return new Map(
    Object.entries(all)
      .filter(([, definition]) => !('format' in definition))
      .map(([name, definition]) => [name, definition as Record<string, Method>]),
  );
}

function quick(file: string): Map<string, Record<string, Method>> {
  const root = gax.protobuf.Root.fromJSON(json(file));
  root.resolveAll();
  return new Map(Object.entries(serviceDefinitions(root, conversion)) as [string, Record<string, Method>][]);
}

for (const [name, file] of Object.entries(packages)) {
  test(`${name}: the same services and methods as proto-loader, with the same paths, streaming and names`, () => {
    const expected = byProtoLoader(file);
    const actual = quick(file);
    assert.ok(expected.size > 0);
    assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort());
    for (const [service, methods] of expected) {
      const got = actual.get(service)!;
      assert.deepEqual(Object.keys(got).sort(), Object.keys(methods).sort(), service);
      for (const [method, definition] of Object.entries(methods)) {
        const { path, requestStream, responseStream, originalName } = got[method]!;
        assert.deepEqual(
          { path, requestStream, responseStream, originalName },
          {
            path: definition.path,
            requestStream: definition.requestStream,
            responseStream: definition.responseStream,
            originalName: definition.originalName,
          },
          `${service}.${method}`,
        );
      }
    }
  });
}

test('a job goes to the same bytes and comes back as the same object', () => {
  const expected = byProtoLoader(packages.run).get('google.cloud.run.v2.Jobs')!.CreateJob!;
  const actual = quick(packages.run).get('google.cloud.run.v2.Jobs')!.CreateJob!;
  const request = {
    parent: 'projects/p/locations/us-central1',
    jobId: 'al-triage-1',
    job: {
      labels: { 'managed-by': 'cloud-run-agent' },
      startExecutionToken: 'tok',
      template: {
        taskCount: 1,
        template: {
          maxRetries: 0,
          timeout: { seconds: '3600', nanos: 5 },
          containers: [
            {
              image: 'us-docker.pkg.dev/p/agents/triage@sha256:abc',
              env: [{ name: 'A', value: 'b' }],
              resources: { limits: { memory: '2Gi' } },
              volumeMounts: [{ name: 'c', mountPath: '/credentials/github_token/default' }],
            },
          ],
          volumes: [{ name: 'c', secret: { secret: 's', items: [{ path: 'token', version: 'latest' }] } }],
          executionEnvironment: 'EXECUTION_ENVIRONMENT_GEN2',
        },
      },
    },
  };
  const bytes = expected.requestSerialize(request);
  assert.deepEqual(actual.requestSerialize(request), bytes);
  assert.deepEqual(actual.requestDeserialize(bytes), expected.requestDeserialize(bytes));
  const operation = { name: 'operations/1', done: true, metadata: { typeUrl: 'x', value: Buffer.from('y') } };
  const answer = expected.responseSerialize(operation);
  assert.deepEqual(actual.responseSerialize(operation), answer);
  assert.deepEqual(actual.responseDeserialize(answer), expected.responseDeserialize(answer));
  // Enums and longs as google-gax asks: strings.
  const decoded = actual.requestDeserialize(bytes) as typeof request;
  assert.equal(decoded.job.template.template.timeout.seconds, '3600');
  assert.equal(decoded.job.template.template.executionEnvironment, 'EXECUTION_ENVIRONMENT_GEN2');
});

test("the action's clients are made the quick way", async () => {
  const libraryOwn = gax.GrpcClient.prototype.loadProtoJSON;
  const saved = process.env.CLOUD_RUN_AGENT_EMULATOR_HOST;
  process.env.CLOUD_RUN_AGENT_EMULATOR_HOST = '127.0.0.1:1';
  try {
    const jobs = await lazyClients('p').jobs();
    assert.notEqual(gax.GrpcClient.prototype.loadProtoJSON, libraryOwn);
    await jobs.close();
  } finally {
    if (saved === undefined) delete process.env.CLOUD_RUN_AGENT_EMULATOR_HOST;
    else process.env.CLOUD_RUN_AGENT_EMULATOR_HOST = saved;
  }
});

test('a quickened GrpcClient gives stub constructors and no message definitions, once per JSON', () => {
  quickenProtoLoading(gax);
  const installed = gax.GrpcClient.prototype.loadProtoJSON;
  quickenProtoLoading(gax);
  assert.equal(gax.GrpcClient.prototype.loadProtoJSON, installed);
  const client = new gax.GrpcClient({});
  const first = client.loadProtoJSON(json(packages.run)) as unknown as {
    google: { cloud: { run: { v2: Record<string, { prototype: Record<string, unknown> } | undefined> } } };
  };
  const jobs = first.google.cloud.run.v2.Jobs!.prototype;
  assert.equal(typeof jobs.createJob, 'function');
  assert.equal(typeof jobs.runJob, 'function');
  // proto-loader's package also holds every message's definition (its reflection descriptor).
  assert.ok(!('Job' in first.google.cloud.run.v2), 'the package holds the Job message');
  assert.equal(new gax.GrpcClient({}).loadProtoJSON(json(packages.run)), first);
  assert.notEqual(client.loadProtoJSON(json(packages.secretManager)), first);
});
