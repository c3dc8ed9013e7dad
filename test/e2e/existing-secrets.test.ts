// Existing Secret Manager secrets as credentials (input "secrets") and IAM at CreateJob, on the
// bundle against the emulator: the container reads the user's secret at the same path as the run's
// own, the action writes nothing for it and deletes it never (not even reap); a job account without
// secret access, or a caller that may not act as it, gets one error with the fix, and post leaves
// nothing behind.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { SecretManagerServiceClient } from '@google-cloud/secret-manager';
import type { ClientOptions } from 'google-gax';
import { requireDocker } from '../infra/docker.ts';
import { defaultCaller } from '../emulator/iam.ts';
import { leftovers, project, runAgent, startFixture, type Fixture } from './fixtures.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const userSecret = 'users-anthropic-key';
const userSecretName = `projects/${project}/secrets/${userSecret}`;
const ghToken = 'ghp_existingSecrets0123456789';

describe('existing secrets and IAM at CreateJob', { concurrency: false }, () => {
  let fixture: Fixture;
  let secrets: SecretManagerServiceClient;
  before(async () => {
    if (await requireDocker()) return;
    fixture = await startFixture();
    secrets = new SecretManagerServiceClient(fixture.emulator.clientOptions(project) as ClientOptions);
    // The user's own secret, labelled by hand as if it were the action's, with an old timeout:
    // were reap to select it by its labels, it would delete it.
    await secrets.createSecret({
      parent: `projects/${project}`,
      secretId: userSecret,
      secret: {
        replication: { automatic: {} },
        labels: { 'managed-by': 'cloud-run-agent', 'al-job': 'al-e2e-agent-1-1-abcd' },
        annotations: { 'timeout-seconds': '1' },
      },
    });
    for (const data of ['sk-ant-version-one', 'sk-ant-version-two'])
      await secrets.addSecretVersion({ parent: userSecretName, payload: { data: Buffer.from(data) } });
  });
  after(async () => {
    await secrets?.close();
    await fixture?.emulator.stop();
  });

  const calls = (method: string) => fixture.emulator.calls.get(method) ?? 0;
  const userSecretExists = () =>
    JSON.stringify(fixture.emulator.resources().secretmanager).includes(`"${userSecretName}"`);

  test('mounted at /credentials/<type>/<instance>/<field> and read by the container; no write; still there after the run and after reap', async (t) => {
    if (await requireDocker(t)) return;
    const writes = {
      create: calls('CreateSecret'),
      add: calls('AddSecretVersion'),
      del: calls('DeleteSecret'),
    };
    const result = await runAgent(fixture, {
      inputs: {
        secrets: [
          `anthropic_key/default/token=${userSecret}:1`,
          `anthropic_key/default/latest=${userSecretName}/versions/latest`,
        ].join('\n'),
        env: 'AGENT_CAT_CREDENTIALS=1',
      },
      env: { AL_SECRET_github_token__default__token: ghToken },
    });
    const log = result.main.log.join('\n');
    assert.equal(result.main.exitCode, 0, log);
    assert.match(
      log,
      /Mounting projects\/test-project\/secrets\/users-anthropic-key at \/credentials\/anthropic_key\/default: token \(version 1\), latest \(version latest\)/,
    );
    assert.match(
      log,
      new RegExp(`cred /credentials/anthropic_key/default/token sha256=${sha256('sk-ant-version-one')}`),
    );
    assert.match(
      log,
      new RegExp(`cred /credentials/anthropic_key/default/latest sha256=${sha256('sk-ant-version-two')}`),
    );
    assert.match(log, new RegExp(`cred /credentials/github_token/default/token sha256=${sha256(ghToken)}`));
    // One secret and one version for the env credential; nothing for the existing one.
    assert.equal(calls('CreateSecret') - writes.create, 1);
    assert.equal(calls('AddSecretVersion') - writes.add, 1);
    assert.equal(calls('DeleteSecret') - writes.del, 1);
    assert.ok(
      !fixture.emulator.callLog.some(
        (c) =>
          c.resource?.startsWith(userSecretName) &&
          c.method !== 'CreateSecret' &&
          c.method !== 'AddSecretVersion',
      ),
      'the action never called Secret Manager about the user secret',
    );
    assert.equal(result.post?.conclusion, 'success', result.post?.log.join('\n'));
    assert.ok(userSecretExists(), 'the user secret is still there after the run');

    await sleep(1500); // past the hand-made timeout annotation
    const reaped = await runAgent(fixture, { inputs: { mode: 'reap', reap_grace: '0', github_token: '' } });
    assert.equal(reaped.main.exitCode, 0, reaped.main.log.join('\n'));
    assert.ok(userSecretExists(), `reap left the user secret alone:\n${reaped.main.log.join('\n')}`);
    assert.deepEqual(leftovers(fixture.emulator), { jobs: 0, running: 0, containers: 0, secrets: 1 });
  });

  test('a malformed line or a field given both ways: an input error naming the fix, before any call', async (t) => {
    if (await requireDocker(t)) return;
    const before = [...fixture.emulator.calls.values()].reduce((a, b) => a + b, 0);
    const result = await runAgent(fixture, {
      inputs: { secrets: 'anthropic_key/token=claude\ngithub_token/default/token=gh-token' },
      env: { AL_SECRET_github_token__default__token: ghToken },
    });
    const log = result.main.log.join('\n');
    assert.equal(result.main.exitCode, 1, log);
    assert.match(
      log,
      /Input "secrets": "anthropic_key\/token" is not a credential field\. Write <type>\/<instance>\/<field>/,
    );
    assert.match(
      log,
      /Input "secrets": github_token\/default\/token is also set by AL_SECRET_github_token__default__token/,
    );
    assert.equal(
      [...fixture.emulator.calls.values()].reduce((a, b) => a + b, 0),
      before,
      'no Google call',
    );
  });

  test('a secret that does not exist: CreateJob refuses it as Google does; post removes what the run made', async (t) => {
    if (await requireDocker(t)) return;
    const result = await runAgent(fixture, {
      inputs: { secrets: 'anthropic_key/default/token=never-made:latest' },
      env: { AL_SECRET_github_token__default__token: ghToken },
    });
    const log = result.main.log.join('\n');
    assert.equal(result.main.exitCode, 1, log);
    assert.match(
      log,
      new RegExp(`Secret projects/${project}/secrets/never-made/versions/latest was not found`),
    );
    assert.equal(result.post?.conclusion, 'success', result.post?.log.join('\n'));
    assert.deepEqual(leftovers(fixture.emulator), { jobs: 0, running: 0, containers: 0, secrets: 1 });
  });

  test("the job's account may not read the run's secrets: the account, the secret, the role, the one command; nothing more created, nothing left", async (t) => {
    if (await requireDocker(t)) return;
    // The caller may act as every account; the default job account may read nothing.
    fixture.emulator.iam.configure({
      bindings: [
        { member: defaultCaller, role: 'roles/iam.serviceAccountUser', resource: `projects/${project}` },
      ],
    });
    const result = await runAgent(fixture, { env: { AL_SECRET_github_token__default__token: ghToken } });
    fixture.emulator.iam.configure(undefined);
    const log = result.main.log.join('\n');
    assert.equal(result.main.exitCode, 1, log);
    assert.match(
      log,
      /The job's service account 123456789012-compute@developer\.gserviceaccount\.com may not read the run's secret al-e2e-agent-[a-z0-9-]+-c1-github-token-default: it needs roles\/secretmanager\.secretAccessor/,
    );
    assert.ok(
      log.includes(
        `gcloud projects add-iam-policy-binding ${project} --member=serviceAccount:123456789012-compute@developer.gserviceaccount.com --role=roles/secretmanager.secretAccessor --condition='expression=resource.name.startsWith("projects/123456789012/secrets/al-e2e-agent-"),title=cloud-run-agent-secrets'`,
      ),
      log,
    );
    assert.doesNotMatch(log, /^\s+at |UnhandledPromiseRejection|\.index\.js:\d+/m);
    assert.doesNotMatch(log, new RegExp(ghToken));
    // The job's start token started nothing: no container of the job printed a line or exited.
    assert.ok(result.outputs.job);
    assert.ok(
      !fixture.emulator.logs.entries.some((s) => s.entry.resource?.labels?.job_name === result.outputs.job),
      'no execution was started',
    );
    assert.equal(result.post?.conclusion, 'success', result.post?.log.join('\n'));
    assert.deepEqual(leftovers(fixture.emulator), { jobs: 0, running: 0, containers: 0, secrets: 1 });
  });

  test('the caller may not act as the job account: the account and roles/iam.serviceAccountUser; no job, nothing left', async (t) => {
    if (await requireDocker(t)) return;
    fixture.emulator.iam.configure({ bindings: [] });
    const account = `runner@${project}.iam.gserviceaccount.com`;
    const result = await runAgent(fixture, {
      inputs: { service_account: account },
      env: { AL_SECRET_github_token__default__token: ghToken },
    });
    fixture.emulator.iam.configure(undefined);
    const log = result.main.log.join('\n');
    assert.equal(result.main.exitCode, 1, log);
    assert.match(
      log,
      /PERMISSION_DENIED: Permission 'iam\.serviceaccounts\.actAs' denied on service account runner@/,
    );
    assert.ok(
      log.includes(
        `gcloud iam service-accounts add-iam-policy-binding ${account} --member=serviceAccount:DEPLOYER --role=roles/iam.serviceAccountUser`,
      ),
      log,
    );
    assert.equal(result.post?.conclusion, 'success', result.post?.log.join('\n'));
    assert.deepEqual(leftovers(fixture.emulator), { jobs: 0, running: 0, containers: 0, secrets: 1 });
  });
});
