// Cloud Run Admin v2 emulator, through the official @google-cloud/run clients (and the Secret Manager
// client for the secrets jobs use). Executions run the scripted busybox agent (test/agents) as real
// containers; without a Docker engine those tests skip (and fail under CI=true).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ExecutionsClient, JobsClient, TasksClient, protos } from '@google-cloud/run';
import { SecretManagerServiceClient } from '@google-cloud/secret-manager';
import { grpc, type ClientOptions } from 'google-gax';
import { dockerAvailable, requireDocker } from '../infra/docker.ts';
import { buildTestAgentImage } from '../infra/images.ts';
import { startRegistry, type Registry } from '../infra/registry.ts';
import type { LogEntry } from './logstore.ts';
import { fromStruct } from './logstore.ts';
import { loadProtos } from './protos.ts';
import { startEmulator, type Emulator } from './server.ts';

type IJob = protos.google.cloud.run.v2.IJob;
type IExecution = protos.google.cloud.run.v2.IExecution;
type IContainer = protos.google.cloud.run.v2.IContainer;

const PROJECT = 'test-project';
const LOCATION = 'us-central1';
const PARENT = `projects/${PROJECT}/locations/${LOCATION}`;
const noRetry = { retry: null } as never;
/** The operations mixin types its requests as generated classes; plain objects are what it sends. */
const asRequest = (request: { name: string }) => request as never;

let registry: Registry;
let emulator: Emulator;
let jobs: JobsClient;
let executions: ExecutionsClient;
let tasks: TasksClient;
let secrets: SecretManagerServiceClient;
let image = '';
let imageDigest = '';
let docker = false;

before(async () => {
  registry = await startRegistry();
  // A short SIGTERM-to-SIGKILL grace keeps the "ignores SIGTERM" test fast; Cloud Run uses 10 s.
  emulator = await startEmulator({
    registry: registry.address,
    ingestionLagMs: 0,
    run: { stopGraceSeconds: 2 },
  });
  const options = emulator.clientOptions(PROJECT) as ClientOptions;
  jobs = new JobsClient(options);
  executions = new ExecutionsClient(options);
  tasks = new TasksClient(options);
  secrets = new SecretManagerServiceClient(options);
  docker = await dockerAvailable();
  if (docker)
    ({ ref: image, digest: imageDigest } = await buildTestAgentImage(
      `${registry.address}/${PROJECT}/agents/agent:v1`,
    ));
  else image = `${registry.address}/${PROJECT}/agents/agent:v1`;
  await addSecret('api-key', ['key-v1', 'key-v2']);
  await addSecret('token', ['token-v1']);
});

after(async () => {
  await Promise.all([jobs?.close(), executions?.close(), tasks?.close(), secrets?.close()]);
  await emulator?.stop();
  await registry?.stop();
});

async function addSecret(id: string, versions: string[]): Promise<void> {
  await secrets.createSecret({
    parent: `projects/${PROJECT}`,
    secretId: id,
    secret: { replication: { automatic: {} } },
  });
  for (const data of versions)
    await secrets.addSecretVersion({
      parent: `projects/${PROJECT}/secrets/${id}`,
      payload: { data: Buffer.from(data) },
    });
}

let counter = 0;
const uniqueId = (prefix: string) => `${prefix}-${++counter}`;

function container(env: Record<string, string> = {}, extra: IContainer = {}): IContainer {
  return { image, env: Object.entries(env).map(([name, value]) => ({ name, value })), ...extra };
}

function jobSpec(c: IContainer, template: protos.google.cloud.run.v2.ITaskTemplate = {}): IJob {
  return { template: { template: { maxRetries: 0, containers: [c], ...template } } };
}

async function createJob(job: IJob, jobId = uniqueId('job')): Promise<IJob> {
  const [operation] = await jobs.createJob({ parent: PARENT, jobId, job }, noRetry);
  const [created] = await operation.promise();
  return created;
}

/** Fails unless `promise` rejects with `code` and a message matching `message`. */
async function rejects(
  promise: Promise<unknown>,
  code: grpc.status,
  message?: RegExp,
): Promise<Error & { code: number }> {
  try {
    await promise;
  } catch (error) {
    const e = error as Error & { code: number };
    assert.equal(e.code, code, `expected ${grpc.status[code]}, got ${e.code}: ${e.message}`);
    if (message) assert.match(e.message, message);
    return e;
  }
  assert.fail(`expected ${grpc.status[code]}, but the call succeeded`);
}

/** The job a CreateJob call accepted (its operation's metadata), without waiting for the image check. */
async function accepted(job: IJob): Promise<IJob> {
  const [operation] = await jobs.createJob({ parent: PARENT, jobId: uniqueId('ok'), job }, noRetry);
  return operation.metadata as IJob;
}

const createRejects = (job: IJob, code: grpc.status, message: RegExp, jobId = uniqueId('bad')) =>
  rejects(jobs.createJob({ parent: PARENT, jobId, job }, noRetry), code, message);

interface Settled {
  name: string;
  execution?: IExecution;
  error?: Error & { code: number };
}

/** Runs a job and waits for its RunJob operation (resolved or rejected). */
async function run(
  jobName: string,
  overrides?: protos.google.cloud.run.v2.RunJobRequest.IOverrides,
): Promise<Settled & { wait: Promise<Settled> }> {
  const [operation] = await jobs.runJob({ name: jobName, overrides }, noRetry);
  const name = (operation.metadata as IExecution).name!;
  const wait = operation.promise().then(
    ([execution]) => ({ name, execution }),
    (error: Error & { code: number }) => ({ name, error }),
  );
  return { name, wait };
}

async function runToEnd(
  job: IJob,
  overrides?: protos.google.cloud.run.v2.RunJobRequest.IOverrides,
): Promise<Settled & { final: IExecution }> {
  const created = await createJob(job);
  const settled = await (await run(created.name!, overrides)).wait;
  const [final] = await executions.getExecution({ name: settled.name });
  return { ...settled, final };
}

const completed = (execution: IExecution) => execution.conditions?.find((c) => c.type === 'Completed');

function logsOf(executionName: string): LogEntry[] {
  const id = path.basename(executionName);
  return emulator.logs.entries
    .map((s) => s.entry)
    .filter((e) => e.labels?.['run.googleapis.com/execution_name'] === id);
}

const logId = (entry: LogEntry) => decodeURIComponent(entry.logName.split('/logs/')[1] ?? '');
const texts = (entries: LogEntry[], log = 'run.googleapis.com/stdout') =>
  entries.filter((e) => logId(e) === log).map((e) => e.textPayload ?? '');

async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const waitRunning = (name: string) =>
  waitFor(`${name} to run`, async () => {
    const [e] = await executions.getExecution({ name });
    return Number(e.runningCount) > 0 ? e : undefined;
  });

/** The execution's private secret directory on the host (under the emulator's work dir). */
function secretDirs(executionName: string): string[] {
  const tmp = os.tmpdir();
  return fs
    .readdirSync(tmp)
    .filter((d) => d.startsWith('cra-emulator-'))
    .map((d) => path.join(tmp, d, 'run', path.basename(executionName)))
    .filter((d) => fs.existsSync(d));
}

async function skipWithoutDocker(t: TestContext): Promise<boolean> {
  return Boolean(await requireDocker(t));
}

describe('Cloud Run jobs: Google rules, checked at CreateJob', { concurrency: true }, () => {
  test('job ids: lowercase letters, digits and hyphens, a letter first, no hyphen last, at most 63', async () => {
    for (const bad of ['Upper', '1starts-with-digit', 'ends-with-', 'under_score', 'a'.repeat(64), '']) {
      await createRejects(jobSpec(container()), grpc.status.INVALID_ARGUMENT, /job_id|Job IDs/, bad);
    }
    const [operation] = await jobs.createJob(
      { parent: PARENT, jobId: `a${'b'.repeat(62)}`, job: jobSpec(container()) },
      noRetry,
    );
    assert.ok(operation.name?.startsWith(`${PARENT}/operations/`));
  });

  test("a second job with the same id is ALREADY_EXISTS; unknown names are NOT_FOUND with Google's text", async () => {
    const id = uniqueId('dup');
    await jobs.createJob({ parent: PARENT, jobId: id, job: jobSpec(container()) }, noRetry);
    await createRejects(
      jobSpec(container()),
      grpc.status.ALREADY_EXISTS,
      new RegExp(`Resource '${id}' already exists\\.`),
      id,
    );
    const missing = `${PARENT}/jobs/nope`;
    const text =
      /Resource 'nope' of kind 'JOB' in region 'us-central1' in project 'test-project' does not exist\./;
    await rejects(jobs.getJob({ name: missing }, noRetry), grpc.status.NOT_FOUND, text);
    await rejects(jobs.runJob({ name: missing }, noRetry), grpc.status.NOT_FOUND, text);
    await rejects(jobs.deleteJob({ name: missing }, noRetry), grpc.status.NOT_FOUND, text);
    await rejects(
      executions.getExecution({ name: `${missing}/executions/nope-abcde` }, noRetry),
      grpc.status.NOT_FOUND,
      /kind 'EXECUTION'/,
    );
    await rejects(
      tasks.listTasks({ parent: `${missing}/executions/nope-abcde` }, noRetry),
      grpc.status.NOT_FOUND,
      /kind 'EXECUTION'/,
    );
    await rejects(
      tasks.getTask({ name: `${missing}/executions/nope-abcde/tasks/nope-abcde-task0` }, noRetry),
      grpc.status.NOT_FOUND,
      /kind 'TASK'/,
    );
  });

  test('environment variables: reserved names, duplicates, invalid names', async () => {
    await createRejects(
      jobSpec(container({ CLOUD_RUN_JOB: 'x', PORT: '1' })),
      grpc.status.INVALID_ARGUMENT,
      /spec\.template\.spec\.containers\[0\]\.env: The following reserved env names were provided: CLOUD_RUN_JOB, PORT\. These values are automatically set by the system\./,
    );
    const duplicate = container(
      {},
      {
        env: [
          { name: 'A', value: '1' },
          { name: 'A', value: '2' },
        ],
      },
    );
    await createRejects(jobSpec(duplicate), grpc.status.INVALID_ARGUMENT, /must be unique; "A"/);
    await createRejects(
      jobSpec(container({ 'A=B': '1' })),
      grpc.status.INVALID_ARGUMENT,
      /Invalid environment variable name "A=B"/,
    );
    const noSecret = container({}, { env: [{ name: 'S', valueSource: { secretKeyRef: { version: '1' } } }] });
    await createRejects(jobSpec(noSecret), grpc.status.INVALID_ARGUMENT, /secret_key_ref\.name: Required/);
  });

  test('volumes and mounts: one volume per path, existing names, DNS labels, reserved and relative paths', async () => {
    const volume = (name: string, items?: protos.google.cloud.run.v2.IVersionToPath[]) => ({
      name,
      secret: { secret: 'token', items },
    });
    const mounted = (
      mounts: protos.google.cloud.run.v2.IVolumeMount[],
      volumes: protos.google.cloud.run.v2.IVolume[],
    ) => jobSpec(container({}, { volumeMounts: mounts }), { volumes });
    const cases: [IJob, RegExp][] = [
      [mounted([{ name: 'missing', mountPath: '/a' }], []), /Volume "missing" does not exist/],
      [mounted([], [volume('v'), volume('v')]), /Volume names must be unique; "v"/],
      [
        mounted(
          [
            { name: 'v', mountPath: '/a' },
            { name: 'w', mountPath: '/a/' },
          ],
          [volume('v'), volume('w')],
        ),
        /Only one volume can be mounted at "\/a\/"/,
      ],
      [mounted([{ name: 'v', mountPath: '/proc/x' }], [volume('v')]), /Mount path "\/proc\/x" is reserved/],
      [mounted([{ name: 'v', mountPath: 'relative' }], [volume('v')]), /must be an absolute path/],
      [mounted([], [volume('Bad_Name')]), /Invalid volume name "Bad_Name"/],
      [mounted([], [volume('v', [{ path: 'f' }])]), /items\[0\]\.key: Required field is missing: version/],
      [mounted([], [volume('v', [{ path: '../f', version: '1' }])]), /Invalid path "\.\.\/f"/],
      [mounted([], [volume('v', [{ path: 'f', version: '1', mode: 0o1000 }])]), /Invalid mode 512/],
    ];
    for (const [job, message] of cases) await createRejects(job, grpc.status.INVALID_ARGUMENT, message);
  });

  test('task timeout up to 168 h, maxRetries 0-10, task count up to 10,000', async () => {
    await createRejects(
      jobSpec(container(), { timeout: { seconds: 168 * 3600 + 1 } }),
      grpc.status.INVALID_ARGUMENT,
      /timeoutSeconds: Invalid value 604801s/,
    );
    await createRejects(
      jobSpec(container(), { maxRetries: 11 }),
      grpc.status.INVALID_ARGUMENT,
      /maxRetries: Invalid value 11/,
    );
    const many: IJob = { template: { taskCount: 10_001, template: { containers: [container()] } } };
    await createRejects(many, grpc.status.INVALID_ARGUMENT, /taskCount: Invalid value 10001/);
  });

  test('labels: lowercase keys and values of at most 63 characters, at most 64, no system prefixes', async () => {
    const withLabels = (labels: Record<string, string>): IJob => ({ ...jobSpec(container()), labels });
    await createRejects(
      withLabels({ Upper: 'x' }),
      grpc.status.INVALID_ARGUMENT,
      /Invalid label key "Upper"/,
    );
    await createRejects(
      withLabels({ '1key': 'x' }),
      grpc.status.INVALID_ARGUMENT,
      /Invalid label key "1key"/,
    );
    await createRejects(
      withLabels({ key: 'v'.repeat(64) }),
      grpc.status.INVALID_ARGUMENT,
      /Invalid value "v{64}" for label "key"/,
    );
    await createRejects(
      withLabels({ 'run.googleapis.com/x': 'y' }),
      grpc.status.INVALID_ARGUMENT,
      /reserved prefix/,
    );
    const many = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, 'v']));
    await createRejects(withLabels(many), grpc.status.INVALID_ARGUMENT, /At most 64 labels/);
    const ok = await accepted(withLabels({ team: 'agents', 'cost_center-1': '' }));
    assert.deepEqual(ok.labels, { team: 'agents', 'cost_center-1': '' });
  });

  test("CPU and memory limits follow Cloud Run's table", async () => {
    const limits = (l: Record<string, string>) => jobSpec(container({}, { resources: { limits: l } }));
    await createRejects(
      limits({ cpu: '9' }),
      grpc.status.INVALID_ARGUMENT,
      /limits\.cpu: Invalid value specified for cpu\. Total millicpu may not exceed 8000\./,
    );
    await createRejects(limits({ cpu: '3' }), grpc.status.INVALID_ARGUMENT, /must be 2, 4, 6 or 8/);
    await createRejects(
      limits({ cpu: '1', memory: '64Gi' }),
      grpc.status.INVALID_ARGUMENT,
      /For 1\.0 CPU, memory must be between 512Mi and 4Gi inclusive\./,
    );
    await createRejects(
      limits({ cpu: '4', memory: '1Gi' }),
      grpc.status.INVALID_ARGUMENT,
      /For 4\.0 CPU, memory must be between 2Gi and 16Gi inclusive\./,
    );
    await createRejects(
      limits({ memory: 'lots' }),
      grpc.status.INVALID_ARGUMENT,
      /Could not parse Quantity "lots"/,
    );
    const job = await accepted(limits({ cpu: '2', memory: '2Gi' }));
    assert.deepEqual(job.template?.template?.containers?.[0]?.resources?.limits, { cpu: '2', memory: '2Gi' });
    const defaults = await accepted(jobSpec(container()));
    assert.deepEqual(defaults.template?.template?.containers?.[0]?.resources?.limits, {
      cpu: '1000m',
      memory: '512Mi',
    });
  });

  test('missing secrets: the job is created, its create operation fails with FAILED_PRECONDITION, it cannot run', async () => {
    const id = uniqueId('nosecret');
    const c = container(
      {},
      {
        env: [
          { name: 'A', valueSource: { secretKeyRef: { secret: 'absent', version: 'latest' } } },
          {
            name: 'B',
            valueSource: { secretKeyRef: { secret: `projects/${PROJECT}/secrets/api-key`, version: '7' } },
          },
          { name: 'C', valueSource: { secretKeyRef: { secret: 'api-key', version: '2' } } },
        ],
        volumeMounts: [{ name: 'creds', mountPath: '/creds' }],
      },
    );
    const job = jobSpec(c, {
      volumes: [{ name: 'creds', secret: { secret: 'gone', items: [{ path: 'f', version: '1' }] } }],
    });
    const [operation] = await jobs.createJob({ parent: PARENT, jobId: id, job }, noRetry);
    const error = await rejects(operation.promise(), grpc.status.FAILED_PRECONDITION);
    assert.equal(
      error.message.replace(/^9 FAILED_PRECONDITION: /, ''),
      [
        `spec.template.spec.containers[0].env[0].value_from.secret_key_ref.name: Secret projects/${PROJECT}/secrets/absent/versions/latest was not found`,
        `spec.template.spec.containers[0].env[1].value_from.secret_key_ref.name: Secret projects/${PROJECT}/secrets/api-key/versions/7 was not found`,
        `spec.template.spec.volumes[0].secret.items[0].key: Secret projects/${PROJECT}/secrets/gone/versions/1 was not found`,
      ].join('\n'),
    );
    const [stored] = await jobs.getJob({ name: `${PARENT}/jobs/${id}` });
    assert.equal(stored.terminalCondition?.state, 'CONDITION_FAILED');
    assert.equal(stored.terminalCondition?.reason, 'SECRETS_ACCESS_CHECK_FAILED');
    await rejects(
      jobs.runJob({ name: stored.name }, noRetry),
      grpc.status.FAILED_PRECONDITION,
      /is not ready/,
    );
  });

  test('a missing image fails the create operation with NOT_FOUND "Image ... not found."', async () => {
    const id = uniqueId('noimage');
    const missingImage = `${registry.address}/${PROJECT}/agents/none:v9`;
    const [operation] = await jobs.createJob(
      { parent: PARENT, jobId: id, job: jobSpec(container({}, { image: missingImage })) },
      noRetry,
    );
    await rejects(
      operation.promise(),
      grpc.status.NOT_FOUND,
      new RegExp(`Image '${missingImage.replaceAll('.', '\\.')}' not found\\.`),
    );
    const [stored] = await jobs.getJob({ name: `${PARENT}/jobs/${id}` });
    assert.equal(stored.terminalCondition?.reason, 'CONTAINER_MISSING');
  });

  test('validateOnly creates nothing', async () => {
    const id = uniqueId('dry');
    const [operation] = await jobs.createJob(
      { parent: PARENT, jobId: id, job: jobSpec(container()), validateOnly: true },
      noRetry,
    );
    assert.equal(operation.latestResponse.done, true);
    await rejects(jobs.getJob({ name: `${PARENT}/jobs/${id}` }, noRetry), grpc.status.NOT_FOUND);
  });

  test('ListJobs: newest first, in pages', async () => {
    const parent = `projects/${PROJECT}/locations/europe-west4`;
    for (let i = 0; i < 5; i++)
      await jobs.createJob({ parent, jobId: `page-${i}`, job: jobSpec(container()) }, noRetry);
    const [first, nextRequest] = await jobs.listJobs({ parent, pageSize: 2 }, { autoPaginate: false });
    assert.deepEqual(
      first.map((j) => path.basename(j.name!)),
      ['page-4', 'page-3'],
    );
    assert.ok(nextRequest?.pageToken);
    const all: string[] = [];
    for await (const job of jobs.listJobsAsync({ parent, pageSize: 2 })) all.push(path.basename(job.name!));
    assert.deepEqual(all, ['page-4', 'page-3', 'page-2', 'page-1', 'page-0']);
  });

  test('1,000 jobs per region (here: a quota of 2) answers RESOURCE_EXHAUSTED', async () => {
    const small = await startEmulator({
      registry: registry.address,
      ingestionLagMs: 0,
      quotas: { jobsPerRegion: 2 },
    });
    const client = new JobsClient(small.clientOptions(PROJECT) as ClientOptions);
    try {
      for (const jobId of ['q-1', 'q-2'])
        await client.createJob({ parent: PARENT, jobId, job: jobSpec(container()) }, noRetry);
      await rejects(
        client.createJob({ parent: PARENT, jobId: 'q-3', job: jobSpec(container()) }, noRetry),
        grpc.status.RESOURCE_EXHAUSTED,
        /Jobs per region/,
      );
      await client.createJob(
        { parent: `projects/${PROJECT}/locations/asia-east1`, jobId: 'q-3', job: jobSpec(container()) },
        noRetry,
      );
    } finally {
      await client.close();
      await small.stop();
    }
  });

  test('operations: get, list, delete, wait with a timeout; cancel is not offered by Cloud Run', async () => {
    const id = uniqueId('ops');
    const [operation] = await jobs.createJob(
      { parent: PARENT, jobId: id, job: jobSpec(container()) },
      noRetry,
    );
    await operation.promise().catch(() => {});
    const [got] = await jobs.getOperation(asRequest({ name: operation.name! }));
    assert.equal(got.done, true);
    const listed: string[] = [];
    for await (const op of jobs.listOperationsAsync(asRequest({ name: PARENT }))) listed.push(op.name!);
    assert.ok(listed.includes(operation.name!));
    await rejects(
      jobs.cancelOperation(asRequest({ name: operation.name! }), noRetry),
      grpc.status.UNIMPLEMENTED,
    );
    await jobs.deleteOperation(asRequest({ name: operation.name! }));
    await rejects(jobs.getOperation(asRequest({ name: operation.name! }), noRetry), grpc.status.NOT_FOUND);
  });
});

describe('Cloud Run executions as containers', { concurrency: true }, () => {
  test('a task reads its secrets and environment, exits 0: the operation resolves with the execution', async (t) => {
    if (await skipWithoutDocker(t)) return;
    const c = container(
      {
        AGENT_CAT_CREDENTIALS: '1',
        AL_CREDENTIALS_PATH: '/credentials',
        AGENT_HASH_ENV: 'API_KEY',
        AGENT_ECHO_ENV:
          'TOKEN,PLAIN,CLOUD_RUN_JOB,CLOUD_RUN_EXECUTION,CLOUD_RUN_TASK_INDEX,CLOUD_RUN_TASK_COUNT,CLOUD_RUN_TASK_ATTEMPT',
        PLAIN: 'from-job',
        AGENT_SCRIPT:
          'stat -c "mode %a %n" /credentials/api/key /credentials/api/old/key /credentials/token/token; touch /credentials/api/new 2>/dev/null || echo read-only',
        AGENT_SLEEP: '1',
      },
      {
        volumeMounts: [
          { name: 'api', mountPath: '/credentials/api' },
          { name: 'token', mountPath: '/credentials/token' },
        ],
      },
    );
    c.env!.push(
      { name: 'API_KEY', valueSource: { secretKeyRef: { secret: 'api-key', version: '1' } } },
      {
        name: 'TOKEN',
        valueSource: { secretKeyRef: { secret: `projects/${PROJECT}/secrets/token`, version: 'latest' } },
      },
    );
    const job = await createJob(
      jobSpec(c, {
        volumes: [
          {
            name: 'api',
            secret: {
              secret: 'api-key',
              items: [
                { path: 'key', version: 'latest' },
                { path: 'old/key', version: '1', mode: 0o400 },
              ],
            },
          },
          { name: 'token', secret: { secret: 'token', defaultMode: 0o777 } },
        ],
      }),
    );
    const started = await run(job.name!, {
      containerOverrides: [{ env: [{ name: 'PLAIN', value: 'overridden' }] }],
    });
    await waitRunning(started.name);
    assert.equal(
      secretDirs(started.name).length,
      1,
      'the secret files exist on the host while the task runs',
    );
    const { execution, error } = await started.wait;
    assert.equal(error, undefined);
    assert.equal(execution?.succeededCount, 1);
    assert.equal(secretDirs(started.name).length, 0, 'the secret files are removed when the execution ends');

    const [final] = await executions.getExecution({ name: started.name });
    assert.equal(completed(final)?.state, 'CONDITION_SUCCEEDED');
    assert.deepEqual(
      final.conditions?.map((x) => x.type),
      ['Completed', 'ResourcesAvailable', 'Started', 'ContainerReady'],
    );
    assert.match(path.basename(final.name!), new RegExp(`^${path.basename(job.name!)}-[a-z0-9]{5}$`));
    assert.equal(final.template?.containers?.[0]?.image, `${image.replace(/:v1$/, '')}@${imageDigest}`);
    assert.match(
      final.logUri!,
      /^https:\/\/console\.cloud\.google\.com\/logs\/viewer\?project=test-project&advancedFilter=resource\.type%3D%22cloud_run_job%22%0A/,
    );
    const [task] = (await tasks.listTasks({ parent: started.name }))[0];
    assert.equal(task?.lastAttemptResult?.exitCode, 0);
    assert.equal(task?.name, `${started.name}/tasks/${path.basename(started.name)}-task0`);

    const out = texts(logsOf(started.name));
    const executionId = path.basename(started.name);
    for (const line of [
      'cred /credentials/api/key sha256=' + sha256('key-v2'),
      'cred /credentials/api/old/key unreadable',
      'cred /credentials/token/token sha256=' + sha256('token-v1'),
      'envhash API_KEY sha256=' + sha256('key-v1'),
      'env TOKEN=token-v1',
      'env PLAIN=overridden',
      `env CLOUD_RUN_JOB=${path.basename(job.name!)}`,
      `env CLOUD_RUN_EXECUTION=${executionId}`,
      'env CLOUD_RUN_TASK_INDEX=0',
      'env CLOUD_RUN_TASK_COUNT=1',
      'env CLOUD_RUN_TASK_ATTEMPT=0',
      'mode 444 /credentials/api/key',
      'mode 400 /credentials/api/old/key',
      'mode 555 /credentials/token/token',
      'read-only',
    ]) {
      assert.ok(out.includes(line), `missing "${line}" in:\n${out.join('\n')}`);
    }
    const [after] = await jobs.getJob({ name: job.name });
    assert.equal(after.executionCount, 1);
    assert.equal(after.latestCreatedExecution?.name, started.name);
    assert.equal(after.latestCreatedExecution?.completionStatus, 'EXECUTION_SUCCEEDED');
  });

  test("log entries: Cloud Run's log names, resource and labels; the exit entry comes after all output", async (t) => {
    if (await skipWithoutDocker(t)) return;
    // The whole run is the script: it ends with a line that has no newline, then exits.
    const script = String.raw`
      seq 1 40 | sed 's/^/line /'
      echo to-stderr >&2
      printf '%s
' '{"severity":"warning","message":"structured","n":1,"logging.googleapis.com/labels":{"k":"v"},"time":"2024-05-06T07:08:09.123456Z"}'
      echo '{"_log":true,"level":"info","msg":"agent starting"}'
      yes a | head -n 300000 | tr -d '\n'; echo
      printf 'no newline at exit'
      exit 0`;
    const { name, final } = await runToEnd(jobSpec(container({ AGENT_SCRIPT: script })));
    assert.equal(
      final.succeededCount,
      1,
      JSON.stringify([final.conditions, logsOf(name).map((e) => e.textPayload?.slice(0, 80))]),
    );
    const entries = logsOf(name);
    const jobId = name.split('/')[5];
    for (const entry of entries) {
      assert.deepEqual(entry.resource, {
        type: 'cloud_run_job',
        labels: { job_name: jobId, location: LOCATION, project_id: PROJECT },
      });
      assert.equal(entry.labels?.['run.googleapis.com/task_index'], '0');
      assert.equal(entry.labels?.['run.googleapis.com/task_attempt'], '0');
      assert.match(entry.labels?.instanceId ?? '', /^00[0-9a-f]{134}$/);
      assert.match(entry.insertId ?? '', /^[0-9a-f]{24}$/);
    }
    const last = entries.at(-1)!;
    assert.equal(logId(last), 'run.googleapis.com/varlog/system');
    assert.equal(last.textPayload, 'Container called exit(0).');
    assert.equal(last.severity, 'INFO');

    const stdout = texts(entries);
    assert.deepEqual(
      stdout.filter((l) => l.startsWith('line ')),
      Array.from({ length: 40 }, (_, i) => `line ${i + 1}`),
    );
    assert.equal(stdout.at(-1), 'no newline at exit');
    const long = stdout.find((l) => l.startsWith('aaa'))!;
    assert.equal(long.length, 255 * 1024, 'a line over the 256 KB entry limit is truncated');
    const stderr = entries.filter((e) => logId(e) === 'run.googleapis.com/stderr');
    assert.deepEqual(
      stderr.map((e) => [e.textPayload, e.severity]),
      [['to-stderr', 'DEFAULT']],
    );
    const plain = entries.find((e) => e.textPayload === 'line 1')!;
    assert.equal(plain.severity, 'DEFAULT');

    const structured = entries.find(
      (e) => e.jsonPayload && fromStruct(e.jsonPayload).message === 'structured',
    )!;
    assert.equal(structured.severity, 'WARNING');
    assert.deepEqual(fromStruct(structured.jsonPayload), { message: 'structured', n: 1 });
    assert.equal(structured.labels?.k, 'v');
    assert.deepEqual(structured.timestamp, {
      seconds: String(Date.parse('2024-05-06T07:08:09Z') / 1000),
      nanos: 123456000,
    });
    const agentJson = entries.find((e) => e.jsonPayload && fromStruct(e.jsonPayload)._log === true)!;
    assert.equal(agentJson.severity, 'DEFAULT');
    assert.deepEqual(fromStruct(agentJson.jsonPayload), { _log: true, level: 'info', msg: 'agent starting' });

    // Lines read from the container together share one timestamp (sed writes in blocks).
    const times = entries
      .filter((e) => e.textPayload?.startsWith('line '))
      .map((e) => `${e.timestamp.seconds}.${e.timestamp.nanos}`);
    assert.ok(new Set(times).size < times.length, 'a burst of lines shares a timestamp');
    assert.ok(
      entries.every((e) => e.timestamp.nanos % 1000 === 0),
      'microsecond precision',
    );
  });

  test('non-zero exit with retries: every attempt runs, then the operation fails with ABORTED', async (t) => {
    if (await skipWithoutDocker(t)) return;
    const job = jobSpec(container({ AGENT_EXIT: '3', AGENT_ECHO_ENV: 'CLOUD_RUN_TASK_ATTEMPT' }), {
      maxRetries: 2,
    });
    const { name, error, final } = await runToEnd(job);
    assert.equal(error?.code, grpc.status.ABORTED);
    assert.match(
      error!.message,
      new RegExp(`Execution ${path.basename(name)} has failed to complete, 0/1 tasks were a success\\.`),
    );
    assert.equal(final.failedCount, 1);
    assert.equal(final.retriedCount, 1);
    assert.equal(completed(final)?.executionReason, 'NON_ZERO_EXIT_CODE');
    assert.equal(
      completed(final)?.message,
      `Task ${path.basename(name)}-task0 failed with exit code: 3 and message: The container exited with an error.`,
    );
    assert.equal(final.conditions?.at(-1)?.type, 'Retry');
    const [[task]] = await tasks.listTasks({ parent: name });
    assert.equal(task?.retried, 2);
    assert.equal(task?.lastAttemptResult?.exitCode, 3);
    const entries = logsOf(name);
    assert.deepEqual(texts(entries), [
      'env CLOUD_RUN_TASK_ATTEMPT=0',
      'env CLOUD_RUN_TASK_ATTEMPT=1',
      'env CLOUD_RUN_TASK_ATTEMPT=2',
    ]);
    assert.deepEqual(
      entries
        .filter((e) => logId(e) === 'run.googleapis.com/varlog/system')
        .map((e) => [e.labels?.['run.googleapis.com/task_attempt'], e.textPayload]),
      [
        ['0', 'Container called exit(3).'],
        ['1', 'Container called exit(3).'],
        ['2', 'Container called exit(3).'],
      ],
    );
  });

  test('the task timeout stops the container: DEADLINE_EXCEEDED, "The configured timeout was reached."', async (t) => {
    if (await skipWithoutDocker(t)) return;
    const startedAt = Date.now();
    const { name, error, final } = await runToEnd(
      jobSpec(container({ AGENT_SLEEP: '60' }), { timeout: { seconds: 2 } }),
    );
    assert.ok(Date.now() - startedAt < 15_000);
    assert.equal(error?.code, grpc.status.DEADLINE_EXCEEDED);
    assert.equal(
      completed(final)?.message,
      `Task ${path.basename(name)}-task0 failed with exit code: 0 and message: The configured timeout was reached.`,
    );
    const [[task]] = await tasks.listTasks({ parent: name });
    assert.deepEqual(
      [task?.lastAttemptResult?.status?.code, task?.lastAttemptResult?.status?.message],
      [4, 'The configured timeout was reached.'],
    );
    const system = logsOf(name)
      .filter((e) => logId(e) === 'run.googleapis.com/varlog/system')
      .map((e) => e.textPayload);
    assert.deepEqual(system, [
      'Terminating task because it has reached the maximum timeout of 2 seconds.',
      'Container called exit(143).',
    ]);
    assert.ok(texts(logsOf(name)).includes('agent: got SIGTERM, exiting'));
  });

  test("a RunJob timeout override replaces the job's", async (t) => {
    if (await skipWithoutDocker(t)) return;
    const { error } = await runToEnd(jobSpec(container({ AGENT_SLEEP: '60' })), { timeout: { seconds: 1 } });
    assert.equal(error?.code, grpc.status.DEADLINE_EXCEEDED);
  });

  test('cancel: SIGTERM, SIGKILL after the grace period, cancelledCount 1; RunJob completes without an error', async (t) => {
    if (await skipWithoutDocker(t)) return;
    const job = await createJob(jobSpec(container({ AGENT_SLEEP: '60', AGENT_IGNORE_TERM: '1' })));
    const started = await run(job.name!);
    await waitRunning(started.name);
    const [cancel] = await executions.cancelExecution({ name: started.name }, noRetry);
    const [cancelled] = await cancel.promise();
    assert.equal(cancelled.cancelledCount, 1);
    const { execution, error } = await started.wait;
    assert.equal(
      error,
      undefined,
      'Cloud Run completes the RunJob operation of a cancelled execution with its response',
    );
    assert.equal(execution?.cancelledCount, 1);
    assert.equal(
      completed(execution!)?.executionReason,
      protos.google.cloud.run.v2.Condition.ExecutionReason.CANCELLED,
    );
    const system = logsOf(started.name)
      .filter((e) => logId(e) === 'run.googleapis.com/varlog/system')
      .map((e) => e.textPayload);
    assert.deepEqual(system, ['Container terminated on signal 9.']);
    assert.ok(texts(logsOf(started.name)).includes('agent: ignoring SIGTERM'));
    await rejects(
      executions.cancelExecution({ name: started.name }, noRetry),
      grpc.status.FAILED_PRECONDITION,
      /not running/,
    );
    const running = (emulator.resources().run as { runningContainers: string[] }).runningContainers;
    assert.ok(!running.some((n) => n.includes(path.basename(started.name))));
  });

  test('tasks of one execution run in parallel with their index; taskCount and args overrides', async (t) => {
    if (await skipWithoutDocker(t)) return;
    const job = jobSpec(container({}, { command: ['/bin/sh', '-c'], args: ['exit 9'] }));
    const { name, final } = await runToEnd(job, {
      taskCount: 3,
      containerOverrides: [{ args: ['echo "task $CLOUD_RUN_TASK_INDEX of $CLOUD_RUN_TASK_COUNT"'] }],
    });
    assert.deepEqual([final.taskCount, final.parallelism, final.succeededCount], [3, 3, 3]);
    const [list] = await tasks.listTasks({ parent: name });
    assert.deepEqual(
      list.map((x) => x.index),
      [0, 1, 2],
    );
    const lines = logsOf(name).filter((e) => logId(e) === 'run.googleapis.com/stdout');
    assert.deepEqual(lines.map((e) => [e.labels?.['run.googleapis.com/task_index'], e.textPayload]).sort(), [
      ['0', 'task 0 of 3'],
      ['1', 'task 1 of 3'],
      ['2', 'task 2 of 3'],
    ]);
  });

  test('an image deleted after CreateJob fails the execution with NOT_FOUND', async (t) => {
    if (await skipWithoutDocker(t)) return;
    const { ref, digest } = await buildTestAgentImage(`${registry.address}/${PROJECT}/agents/vanishing:v1`);
    const job = await createJob(jobSpec(container({}, { image: ref })));
    const response = await fetch(
      `http://${registry.address}/v2/${PROJECT}/agents/vanishing/manifests/${digest}`,
      { method: 'DELETE' },
    );
    assert.equal(response.status, 202);
    const { error, final } = await runToEnd2(job);
    assert.equal(error?.code, grpc.status.NOT_FOUND);
    assert.match(error!.message, /Image '.*vanishing:v1' not found\./);
    assert.equal(final.failedCount, 1);
    assert.equal(final.conditions?.find((x) => x.type === 'ResourcesAvailable')?.reason, 'CONTAINER_MISSING');
  });

  test('WaitOperation returns the unfinished operation when its timeout passes', async (t) => {
    if (await skipWithoutDocker(t)) return;
    const job = await createJob(jobSpec(container({ AGENT_SLEEP: '60' })));
    const [operation] = await jobs.runJob({ name: job.name }, noRetry);
    // WaitOperation is not in the Node client: call it over plain gRPC.
    const Operations = grpc.makeGenericClientConstructor(
      loadProtos().services['google.longrunning.Operations']!,
      'Operations',
    );
    const raw = new Operations(emulator.endpoint, grpc.credentials.createInsecure()) as unknown as {
      WaitOperation(
        request: object,
        callback: (error: Error | null, response: { done: boolean }) => void,
      ): void;
      close(): void;
    };
    const waitedAt = Date.now();
    const waited = await new Promise<{ done: boolean }>((resolve, reject) =>
      raw.WaitOperation({ name: operation.name, timeout: { seconds: 1 } }, (error, response) =>
        error ? reject(error) : resolve(response),
      ),
    );
    raw.close();
    assert.equal(waited.done, false);
    assert.ok(Date.now() - waitedAt >= 900);
    await (
      await executions.cancelExecution({ name: (operation.metadata as IExecution).name! }, noRetry)
    )[0].promise();
  });

  test('DeleteJob stops running executions and removes them; DeleteExecution removes one', async (t) => {
    if (await skipWithoutDocker(t)) return;
    const job = await createJob(jobSpec(container({ AGENT_SLEEP: '60' })));
    const finished = await run(job.name!);
    await waitRunning(finished.name);
    const [doomed] = await jobs.runJob({ name: job.name }, noRetry);
    await (
      await executions.deleteExecution({ name: (doomed.metadata as IExecution).name! }, noRetry)
    )[0].promise();
    await rejects(
      executions.getExecution({ name: (doomed.metadata as IExecution).name! }, noRetry),
      grpc.status.NOT_FOUND,
    );
    const [deletion] = await jobs.deleteJob({ name: job.name }, noRetry);
    const [deleted] = await deletion.promise();
    assert.ok(deleted.deleteTime);
    const { execution, error } = await finished.wait;
    assert.equal(error, undefined);
    assert.equal(execution?.cancelledCount, 1);
    await rejects(jobs.getJob({ name: job.name }, noRetry), grpc.status.NOT_FOUND);
    await rejects(executions.getExecution({ name: finished.name }, noRetry), grpc.status.NOT_FOUND);
    const state = emulator.resources().run as {
      executions: { name: string }[];
      history: { name: string; createTime?: string; startTime?: string; completionTime?: string }[];
    };
    assert.ok(!state.executions.some((e) => e.name.startsWith(`${job.name}/`)));
    // The history keeps both, with the times the tests count overlaps from.
    const kept = state.history.filter((e) => e.name.startsWith(`${job.name}/`));
    assert.equal(kept.length, 2);
    const ran = kept.find((e) => e.name === finished.name)!;
    assert.ok(ran.startTime && ran.completionTime, JSON.stringify(ran));
    assert.ok(Date.parse(ran.createTime!) <= Date.parse(ran.startTime!));
    assert.ok(Date.parse(ran.startTime!) <= Date.parse(ran.completionTime!));
  });

  test('ListExecutions: newest first, also across jobs with "-"', async (t) => {
    if (await skipWithoutDocker(t)) return;
    const job = await createJob(jobSpec(container()));
    const first = await run(job.name!);
    const second = await run(job.name!);
    await Promise.all([first.wait, second.wait]);
    const [list] = await executions.listExecutions({ parent: job.name });
    assert.deepEqual(
      list.map((e) => e.name),
      [second.name, first.name],
    );
    const [all] = await executions.listExecutions({ parent: `${PARENT}/jobs/-`, pageSize: 1000 });
    assert.ok(all.some((e) => e.name === first.name));
  });
});

// job.proto, Job.start_execution_token / run_execution_token: "A unique string used as a suffix
// creating a new execution. The Job will become ready when the execution is successfully started
// [run token: completed]. The sum of job name and token length must be fewer than 63 characters."
describe('Create and run in one call: start and run tokens', { concurrency: true }, () => {
  const withToken = (job: IJob, token: Partial<IJob>): IJob => ({ ...job, ...token });
  const executionOf = (jobId: string, token: string) =>
    `${PARENT}/jobs/${jobId}/executions/${jobId}-${token}`;
  const executionsOfJob = async (jobId: string) =>
    (await executions.listExecutions({ parent: `${PARENT}/jobs/${jobId}` }))[0].map((e) => e.name);

  test('the oneof: both tokens set is INVALID_ARGUMENT, and nothing is created', async () => {
    const id = uniqueId('both');
    await createRejects(
      withToken(jobSpec(container()), { startExecutionToken: 'a1', runExecutionToken: 'b2' }),
      grpc.status.INVALID_ARGUMENT,
      /create_execution: only one of start_execution_token and run_execution_token may be set/,
      id,
    );
    await rejects(jobs.getJob({ name: `${PARENT}/jobs/${id}` }, noRetry), grpc.status.NOT_FOUND);
  });

  test('job name + token must be fewer than 63 characters, and the token names an execution', async () => {
    const id = `t${'x'.repeat(56)}`; // 57 characters
    await createRejects(
      withToken(jobSpec(container()), { startExecutionToken: 'abcdef' }),
      grpc.status.INVALID_ARGUMENT,
      /Violation in CreateJobRequest\.job\.start_execution_token: The sum of job name and token length must be fewer than 63 characters \(job name 57, token 6\)/,
      id,
    );
    await createRejects(
      withToken(jobSpec(container()), { runExecutionToken: 'abcdef' }),
      grpc.status.INVALID_ARGUMENT,
      /run_execution_token: The sum of job name and token length/,
      id,
    );
    for (const bad of ['Upper', 'under_score', '-lead', 'trail-'])
      await createRejects(
        withToken(jobSpec(container()), { startExecutionToken: bad }),
        grpc.status.INVALID_ARGUMENT,
        /lowercase letters, digits and hyphens/,
      );
    await rejects(jobs.getJob({ name: `${PARENT}/jobs/${id}` }, noRetry), grpc.status.NOT_FOUND);
    // 57 + 5 = 62: accepted.
    const [operation] = await jobs.createJob(
      { parent: PARENT, jobId: id, job: withToken(jobSpec(container()), { startExecutionToken: 'ab-c5' }) },
      noRetry,
    );
    assert.ok(operation.name);
  });

  test('a job whose creation fails (a missing image) starts no execution', async () => {
    const id = uniqueId('tokennoimage');
    const missingImage = `${registry.address}/${PROJECT}/agents/none:v9`;
    const [operation] = await jobs.createJob(
      {
        parent: PARENT,
        jobId: id,
        job: withToken(jobSpec(container({}, { image: missingImage })), { startExecutionToken: 'go' }),
      },
      noRetry,
    );
    await rejects(operation.promise(), grpc.status.NOT_FOUND, /Image '.*none:v9' not found\./);
    assert.deepEqual(await executionsOfJob(id), []);
  });

  test('start token: the operation is done once the execution <job>-<token> has started, and names it', async (t) => {
    if (await skipWithoutDocker(t)) return;
    const id = uniqueId('start');
    const [operation] = await jobs.createJob(
      {
        parent: PARENT,
        jobId: id,
        job: withToken(jobSpec(container({ AGENT_SLEEP: '60' })), { startExecutionToken: 'k7q2z' }),
      },
      noRetry,
    );
    assert.equal(operation.done, false, 'not done when CreateJob answers');
    const [job] = await operation.promise();
    const name = executionOf(id, 'k7q2z');
    assert.equal(job.latestCreatedExecution?.name, name);
    assert.equal(
      job.terminalCondition?.state,
      protos.google.cloud.run.v2.Condition.State.CONDITION_SUCCEEDED,
      'ready once started',
    );
    assert.equal(job.executionCount, 1);
    const [execution] = await executions.getExecution({ name });
    assert.ok(execution.startTime, 'started');
    assert.equal(execution.completionTime, null, 'not completed');
    assert.equal(execution.runningCount, 1);
    assert.deepEqual(await executionsOfJob(id), [name]);
    await (await executions.cancelExecution({ name }, noRetry))[0].promise();
  });

  test('run token: the operation is done once the execution has completed; a failed one fails it', async (t) => {
    if (await skipWithoutDocker(t)) return;
    const create = async (id: string, env: Record<string, string>) => {
      const job = withToken(jobSpec(container(env)), { runExecutionToken: 'r1' });
      const [operation] = await jobs.createJob({ parent: PARENT, jobId: id, job }, noRetry);
      return operation;
    };
    const ok = uniqueId('run');
    const [job] = await (await create(ok, { AGENT_SLEEP: '0.5' })).promise();
    assert.equal(job.latestCreatedExecution?.name, executionOf(ok, 'r1'));
    const [execution] = await executions.getExecution({ name: executionOf(ok, 'r1') });
    assert.ok(execution.completionTime, 'completed');
    assert.equal(execution.succeededCount, 1);

    const bad = uniqueId('runfail');
    await rejects(
      (await create(bad, { AGENT_EXIT: '3' })).promise(),
      grpc.status.ABORTED,
      new RegExp(`Execution ${bad}-r1 has failed to complete, 0/1 tasks were a success\\.`),
    );
    const [failedJob] = await jobs.getJob({ name: `${PARENT}/jobs/${bad}` });
    assert.equal(failedJob.terminalCondition?.state, 'CONDITION_FAILED');
    assert.equal(failedJob.latestCreatedExecution?.name, executionOf(bad, 'r1'));
  });

  test('the token starts one execution: a retried CreateJob is ALREADY_EXISTS, an UpdateJob with the same token too', async (t) => {
    if (await skipWithoutDocker(t)) return;
    const id = uniqueId('once');
    const job = withToken(jobSpec(container({ AGENT_SLEEP: '60' })), { startExecutionToken: 'once1' });
    const [operation] = await jobs.createJob({ parent: PARENT, jobId: id, job }, noRetry);
    await createRejects(
      job,
      grpc.status.ALREADY_EXISTS,
      new RegExp(`Resource '${id}' already exists\\.`),
      id,
    );
    const [created] = await operation.promise();
    await rejects(
      jobs.updateJob({ job: { ...job, name: created.name } }, noRetry),
      grpc.status.ALREADY_EXISTS,
      new RegExp(`Resource '${id}-once1' already exists\\.`),
    );
    assert.deepEqual(await executionsOfJob(id), [executionOf(id, 'once1')]);
    // A new token on update starts a second execution ("upon job create or update").
    const [update] = await jobs.updateJob(
      { job: { ...job, name: created.name, startExecutionToken: 'twice' } },
      noRetry,
    );
    const [updated] = await update.promise();
    assert.equal(updated.latestCreatedExecution?.name, executionOf(id, 'twice'));
    assert.equal(String(updated.generation), '2');
    assert.deepEqual(await executionsOfJob(id), [executionOf(id, 'twice'), executionOf(id, 'once1')]);
    await (await jobs.deleteJob({ name: created.name }, noRetry))[0].promise();
  });
});

// Sequential: each test switches behaviours on for the whole emulator.
describe("Google's documented behaviours (off by default)", () => {
  const rawOperations = () =>
    new (grpc.makeGenericClientConstructor(
      loadProtos().services['google.longrunning.Operations']!,
      'Operations',
    ))(emulator.endpoint, grpc.credentials.createInsecure()) as unknown as {
      WaitOperation(
        request: object,
        callback: (error: Error | null, response: { done: boolean }) => void,
      ): void;
      close(): void;
    };
  const systemOf = (name: string) =>
    logsOf(name)
      .filter((e) => logId(e) === 'run.googleapis.com/varlog/system')
      .map((e) => e.textPayload);

  test('earlyWaitMs: WaitOperation answers at once, not done, long before its timeout', async (t) => {
    if (await skipWithoutDocker(t)) return;
    emulator.behaviours.configure({ earlyWaitMs: 0 });
    try {
      const job = await createJob(jobSpec(container({ AGENT_SLEEP: '60' })));
      const [operation] = await jobs.runJob({ name: job.name }, noRetry);
      const raw = rawOperations();
      const waitedAt = Date.now();
      const waited = await new Promise<{ done: boolean }>((resolve, reject) =>
        raw.WaitOperation({ name: operation.name, timeout: { seconds: 20 } }, (error, response) =>
          error ? reject(error) : resolve(response),
        ),
      );
      raw.close();
      assert.equal(waited.done, false);
      assert.ok(Date.now() - waitedAt < 2_000, `answered after ${Date.now() - waitedAt} ms`);
      await (
        await executions.cancelExecution({ name: (operation.metadata as IExecution).name! }, noRetry)
      )[0].promise();
    } finally {
      emulator.behaviours.configure({});
    }
  });

  test('termSignal: a task the system killed reports termSignal 9 and no exit code (timeout, out of memory)', async (t) => {
    if (await skipWithoutDocker(t)) return;
    emulator.behaviours.configure({ termSignal: true });
    try {
      // Ignores SIGTERM: the timeout ends in SIGKILL after the 2 s grace.
      const stubborn = runToEnd(
        jobSpec(container({ AGENT_SLEEP: '60', AGENT_IGNORE_TERM: '1' }), { timeout: { seconds: 1 } }),
      );
      // The shell itself (PID 1) holds 600 MB: the kernel kills it at the 512 MiB limit.
      const hungry = runToEnd(
        jobSpec(container({ AGENT_SCRIPT: 'x=$(head -c 600000000 /dev/zero | tr "\\0" a); echo survived' })),
      );
      const timedOut = await stubborn;
      assert.equal(timedOut.error?.code, grpc.status.DEADLINE_EXCEEDED);
      const [[slow]] = await tasks.listTasks({ parent: timedOut.name });
      assert.equal(slow?.lastAttemptResult?.termSignal, 9);
      assert.equal(slow?.lastAttemptResult?.exitCode ?? 0, 0, 'at most one of exit_code and term_signal');
      assert.equal(slow?.lastAttemptResult?.status?.code, 4);
      assert.deepEqual(systemOf(timedOut.name), [
        'Terminating task because it has reached the maximum timeout of 1 seconds.',
        'Container terminated on signal 9.',
      ]);

      const oom = await hungry;
      assert.equal(oom.error?.code, grpc.status.ABORTED);
      const [[killed]] = await tasks.listTasks({ parent: oom.name });
      assert.deepEqual(
        [killed?.lastAttemptResult?.termSignal, killed?.lastAttemptResult?.exitCode ?? 0],
        [9, 0],
      );
      assert.match(completed(oom.final)?.message ?? '', /failed with termination signal: 9/);
      assert.deepEqual(systemOf(oom.name), [
        'Memory limit of 512 MiB exceeded with 512 MiB used. Consider increasing the memory limit, see https://cloud.google.com/run/docs/configuring/memory-limits',
        'Container terminated on signal 9.',
      ]);
      assert.ok(!texts(logsOf(oom.name)).includes('survived'));
    } finally {
      emulator.behaviours.configure({});
    }
  });

  test('lateLinesMs: lines not readable at the exit become readable after the exit entry', async (t) => {
    if (await skipWithoutDocker(t)) return;
    emulator.setIngestionLag(300);
    emulator.behaviours.configure({ lateLinesMs: 1_000 });
    try {
      const { name } = await runToEnd(jobSpec(container({ AGENT_LINES: '5' })));
      const id = path.basename(name);
      const stored = emulator.logs.entries.filter(
        (s) => s.entry.labels?.['run.googleapis.com/execution_name'] === id,
      );
      const exitEntry = stored.find((s) => s.entry.textPayload === 'Container called exit(0).')!;
      const lines = stored.filter((s) => /^line \d$/.test(s.entry.textPayload ?? ''));
      assert.equal(lines.length, 5);
      for (const line of lines) {
        assert.ok(line.timestampMs <= exitEntry.timestampMs, 'printed before the exit');
        assert.ok(
          line.visibleAtMs >= exitEntry.visibleAtMs + 900,
          `${line.entry.textPayload} readable ${line.visibleAtMs - exitEntry.visibleAtMs} ms after the exit entry`,
        );
      }
    } finally {
      emulator.behaviours.configure({});
      emulator.setIngestionLag(0);
    }
  });
});

async function runToEnd2(job: IJob): Promise<Settled & { final: IExecution }> {
  const settled = await (await run(job.name!)).wait;
  const [final] = await executions.getExecution({ name: settled.name });
  return { ...settled, final };
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
