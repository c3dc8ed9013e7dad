// IAM at CreateJob (iam.ts), through the official clients: the caller must act as the job's
// account, which must read every secret the job references; otherwise Google's refusals.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { JobsClient, protos } from '@google-cloud/run';
import { SecretManagerServiceClient } from '@google-cloud/secret-manager';
import { grpc, type ClientOptions } from 'google-gax';
import { requireDocker } from '../infra/docker.ts';
import { pushTinyImage } from '../infra/images.ts';
import { defaultCaller, Iam } from './iam.ts';
import { startEmulator, type Emulator } from './server.ts';

const PROJECT = 'test-project';
const PARENT = `projects/${PROJECT}/locations/us-central1`;
const SA = 'runner@test-project.iam.gserviceaccount.com';
const noRetry = { retry: null } as never;
const accessor = 'roles/secretmanager.secretAccessor';
const actAs = {
  member: defaultCaller,
  role: 'roles/iam.serviceAccountUser',
  resource: `projects/${PROJECT}/serviceAccounts/${SA}`,
};

let emulator: Emulator;
let jobs: JobsClient;
let secrets: SecretManagerServiceClient;
let image = '';
let seq = 0;

before(async () => {
  if (await requireDocker()) return;
  emulator = await startEmulator({ ingestionLagMs: 0 });
  const options = emulator.clientOptions(PROJECT) as ClientOptions;
  jobs = new JobsClient(options);
  secrets = new SecretManagerServiceClient(options);
  image = `${emulator.registry}/${PROJECT}/agents/tiny:v1`;
  await pushTinyImage(image, 'iam');
  for (const id of ['al-nightly-1-1-abcd-c1-token-default', 'users-key']) {
    await secrets.createSecret({
      parent: `projects/${PROJECT}`,
      secretId: id,
      secret: { replication: { automatic: {} } },
    });
    await secrets.addSecretVersion({
      parent: `projects/${PROJECT}/secrets/${id}`,
      payload: { data: Buffer.from('v') },
    });
  }
});
after(async () => {
  await Promise.all([jobs?.close(), secrets?.close()]);
  await emulator?.stop();
});

function job(serviceAccount?: string): protos.google.cloud.run.v2.IJob {
  const volume = (i: number, secret: string) => ({
    name: `v${i}`,
    secret: { secret, items: [{ path: 'token', version: i === 0 ? '1' : 'latest' }] },
  });
  return {
    template: {
      template: {
        serviceAccount,
        containers: [
          {
            image,
            volumeMounts: [
              { name: 'v0', mountPath: '/credentials/token/default' },
              { name: 'v1', mountPath: '/credentials/key/default' },
            ],
          },
        ],
        volumes: [
          volume(0, `projects/${PROJECT}/secrets/al-nightly-1-1-abcd-c1-token-default`),
          volume(1, 'users-key'),
        ],
        maxRetries: 0,
      },
    },
  };
}

async function create(spec: protos.google.cloud.run.v2.IJob): Promise<unknown> {
  const [operation] = await jobs.createJob({ parent: PARENT, jobId: `iam-${++seq}`, job: spec }, noRetry);
  return operation.promise().then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('IAM at CreateJob', { concurrency: false }, () => {
  test('off by default: any account, any secret', async (t) => {
    if (await requireDocker(t)) return;
    emulator.iam.configure(undefined);
    assert.equal(await create(job(SA)), undefined);
  });

  test("the caller without actAs on the job's account: PERMISSION_DENIED at once, no job", async (t) => {
    if (await requireDocker(t)) return;
    emulator.iam.configure({ bindings: [] });
    const before = (await jobs.listJobs({ parent: PARENT }))[0].length;
    await assert.rejects(
      jobs.createJob({ parent: PARENT, jobId: `iam-${++seq}`, job: job(SA) }, noRetry),
      (error: Error & { code: number }) => {
        assert.equal(error.code, grpc.status.PERMISSION_DENIED);
        assert.match(
          error.message,
          /Permission 'iam\.serviceaccounts\.actAs' denied on service account runner@test-project\.iam\.gserviceaccount\.com \(or it may not exist\)\./,
        );
        return true;
      },
    );
    assert.equal((await jobs.listJobs({ parent: PARENT }))[0].length, before);
  });

  test("the job's account without secret access: the operation fails naming each secret and the account", async (t) => {
    if (await requireDocker(t)) return;
    emulator.iam.configure({ bindings: [actAs] });
    const error = (await create(job(SA))) as Error & { code: number };
    assert.equal(error.code, grpc.status.FAILED_PRECONDITION);
    const lines = error.message.replace(/^9 FAILED_PRECONDITION: /, '').split('\n');
    assert.equal(lines.length, 2, error.message);
    assert.match(
      lines[0]!,
      /^spec\.template\.spec\.volumes\[0\]\.secret\.items\[0\]\.key: Permission denied on secret: projects\/test-project\/secrets\/al-nightly-1-1-abcd-c1-token-default\/versions\/1 for Revision service account runner@test-project\.iam\.gserviceaccount\.com\. .*roles\/secretmanager\.secretAccessor/,
    );
    assert.match(lines[1]!, /users-key\/versions\/latest for Revision service account runner@/);
  });

  test('the default account is the Compute Engine one, by project number', async (t) => {
    if (await requireDocker(t)) return;
    emulator.iam.configure({
      projectNumbers: { [PROJECT]: '4242' },
      bindings: [
        { ...actAs, resource: `projects/${PROJECT}` },
        {
          member: 'serviceAccount:4242-compute@developer.gserviceaccount.com',
          role: accessor,
          resource: `projects/${PROJECT}`,
        },
      ],
    });
    assert.equal(await create(job()), undefined);
    emulator.iam.configure({
      projectNumbers: { [PROJECT]: '4242' },
      bindings: [{ ...actAs, resource: `projects/${PROJECT}` }],
    });
    assert.match(
      String(await create(job())),
      /for Revision service account 4242-compute@developer\.gserviceaccount\.com\./,
    );
  });

  test('a grant with a name-prefix condition covers the run secrets only; one on the secret covers that secret', async (t) => {
    if (await requireDocker(t)) return;
    const member = `serviceAccount:${SA}`;
    const prefixed = {
      member,
      role: accessor,
      resource: `projects/${PROJECT}`,
      condition: 'resource.name.startsWith("projects/123456789012/secrets/al-nightly-")',
    };
    emulator.iam.configure({ bindings: [actAs, prefixed] });
    const error = String(await create(job(SA)));
    assert.doesNotMatch(error, /al-nightly/);
    assert.match(error, /users-key/);
    // The condition reads the project's number, not its id.
    emulator.iam.configure({
      bindings: [
        actAs,
        { ...prefixed, condition: 'resource.name.startsWith("projects/test-project/secrets/al-")' },
      ],
    });
    assert.match(String(await create(job(SA))), /al-nightly/);
    emulator.iam.configure({
      bindings: [
        actAs,
        prefixed,
        { member, role: accessor, resource: `projects/${PROJECT}/secrets/users-key` },
      ],
    });
    assert.equal(await create(job(SA)), undefined);
  });

  test('a missing secret is still "was not found", not a permission error', async (t) => {
    if (await requireDocker(t)) return;
    emulator.iam.configure({ bindings: [actAs] });
    const spec = job(SA);
    spec.template!.template!.volumes![1]!.secret!.secret = 'never-made';
    const message = String(await create(spec));
    assert.match(
      message,
      /Secret projects\/test-project\/secrets\/never-made\/versions\/latest was not found/,
    );
    assert.doesNotMatch(message, /never-made\/versions\/latest for Revision/);
  });
});

test('only the conditions and roles it models are accepted', () => {
  const iam = new Iam();
  assert.throws(() => iam.configure({ bindings: [{ ...actAs, role: 'roles/made.up' }] }), /not modelled/);
  assert.throws(
    () =>
      iam.configure({
        bindings: [{ ...actAs, condition: 'request.time < timestamp("2030-01-01T00:00:00Z")' }],
      }),
    /only resource\.name\.startsWith/,
  );
});
