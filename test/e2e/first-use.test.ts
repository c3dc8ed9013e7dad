// First-run mistakes on the bundle: one clear error naming the cause and the fix, exit 1, no
// stack trace. Without CLOUD_RUN_AGENT_EMULATOR_HOST the clients look for Google's credentials,
// and the harness gives the step a fresh HOME: no Application Default Credentials, as on a runner
// with no google-github-actions/auth step.
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { grpc } from 'google-gax';
import { requireDocker } from '../infra/docker.ts';
import { serviceDisabled, type GoogleAnswer } from '../emulator/google-errors.ts';
import { startEmulator } from '../emulator/server.ts';
import { runAction } from '../harness/runner.ts';
import {
  actionDir,
  leftovers,
  project,
  region,
  repoRoot,
  runAgent,
  startFixture,
  type Fixture,
} from './fixtures.ts';

const digest = `sha256:${'0'.repeat(64)}`;

test('no credentials: the auth step with id-token: write, no stack, nothing left', async () => {
  const result = await runAction({
    actionDir: actionDir(),
    inputs: {
      agent: 'first-use',
      project_id: project,
      region,
      image: `us-docker.pkg.dev/${project}/agents/a@${digest}`,
    },
    env: { AL_SECRET_github_token__default__token: 'ghp_firstUse0123456789' },
  });
  const log = result.main.log.join('\n');
  assert.equal(result.main.exitCode, 1, log);
  assert.match(log, /No Google Cloud credentials.*google-github-actions\/auth@v3.*id-token: write/);
  assert.equal(
    log.match(/Could not load the default credentials|No Google Cloud credentials/g)?.length,
    1,
    log,
  );
  assert.doesNotMatch(log, /^\s+at |UnhandledPromiseRejection|\.index\.js:\d+/m);
  assert.equal(result.post?.conclusion, 'success', result.post?.log.join('\n'));
  // Nothing after the error: no Node warning in either step (the metadata server's ping printed a
  // MetadataLookupWarning once the auth error was out).
  for (const step of [result.main, result.post!])
    assert.doesNotMatch(step.log.join('\n'), nodeWarning, step.log.join('\n'));
});

/** A line Node prints for a process warning: `(node:1234) SomeWarning: …`, `[DEP0040] DeprecationWarning`. */
const nodeWarning = /^\(node:\d+\) (\[\w+\] )?\w*Warning\b/m;

test('an agent the project does not hold: named, with the folder looked in and the agents there', async () => {
  const workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'cra-first-use-'));
  await fs.cp(path.join(repoRoot, 'examples/project'), workspace, { recursive: true });
  const result = await runAction({
    actionDir: actionDir(),
    workspace,
    inputs: { agent: 'triager', project_id: project, region, repository: 'agents' },
    env: { AL_SECRET_github_token__default__token: 'ghp_firstUse0123456789' },
  });
  const log = result.main.log.join('\n');
  assert.equal(result.main.exitCode, 1, log);
  const errors = result.main.annotations.filter((a) => a.type === 'error').map((a) => a.message);
  assert.deepEqual(errors, [
    'Input "agent": "triager" is not an agent of the project: agents/triager/SKILL.md does not exist. ' +
      "The project's agents (folders of agents/ holding a SKILL.md): notes, triage. " +
      'Set "agent" to one of them and set "project" to the folder holding agents/, or give "image" or "dockerfile" to run an image of your own.',
  ]);
  assert.doesNotMatch(log, /"dockerfile"[^,]*does not exist|^\s+at /m);
  await fs.rm(workspace, { recursive: true, force: true });
});

/** The first call (CreateSecret) answered as Google would: one error with the fix, nothing created. */
describe('Google refuses the first call', { concurrency: false }, () => {
  let fixture: Fixture;
  before(async () => {
    if (await requireDocker()) return;
    fixture = await startFixture();
  });
  after(async () => fixture?.emulator.stop());

  const refused = async (answer: GoogleAnswer) => {
    fixture.emulator.faults.configure({ methods: { CreateSecret: { answer } } });
    const result = await runAgent(fixture, {
      env: { AL_SECRET_github_token__default__token: 'ghp_firstUse0123456789' },
    });
    fixture.emulator.faults.configure({});
    const log = result.main.log.join('\n');
    assert.equal(result.main.exitCode, 1, log);
    assert.doesNotMatch(log, /^\s+at |UnhandledPromiseRejection|\.index\.js:\d+/m);
    assert.equal(result.post?.conclusion, 'success', result.post?.log.join('\n'));
    assert.deepEqual(leftovers(fixture.emulator), { jobs: 0, running: 0, containers: 0, secrets: 0 });
    return log;
  };

  test('SERVICE_DISABLED: the API and the gcloud services enable line', async (t) => {
    if (await requireDocker(t)) return;
    const log = await refused(serviceDisabled('secretmanager.googleapis.com', '123456789012'));
    assert.match(log, /secretmanager\.googleapis\.com API is not enabled in project 123456789012/);
    assert.match(log, /gcloud services enable secretmanager\.googleapis\.com --project 123456789012/);
  });

  test('a project that does not exist: check project_id', async (t) => {
    if (await requireDocker(t)) return;
    const log = await refused({
      code: grpc.status.PERMISSION_DENIED,
      message: `Permission denied on resource project ${project}.`,
      errorInfo: {
        reason: 'CONSUMER_INVALID',
        metadata: { consumer: `projects/${project}`, service: 'secretmanager.googleapis.com' },
      },
    });
    assert.match(log, new RegExp(`Project ${project} does not exist.*project_id`));
  });

  test('PERMISSION_DENIED: the permission and the role that grants it', async (t) => {
    if (await requireDocker(t)) return;
    const log = await refused({
      code: grpc.status.PERMISSION_DENIED,
      message: `Permission 'secretmanager.secrets.create' denied for resource 'projects/${project}' (or it may not exist).`,
      errorInfo: {
        reason: 'IAM_PERMISSION_DENIED',
        metadata: { permission: 'secretmanager.secrets.create' },
      },
    });
    assert.match(
      log,
      /lacks the permission secretmanager\.secrets\.create \(for CreateSecret\).*roles\/secretmanager\.admin/,
    );
  });
});

/**
 * A repository that was never created: a real registry creates repositories on push, so the
 * emulator is told which exist. The action asks Artifact Registry before the build, which would
 * fail here (its Dockerfile exits 42), so the only error can be the repository's.
 */
describe('a missing Artifact Registry repository', { concurrency: false }, () => {
  let fixture: Fixture;
  before(async () => {
    if (await requireDocker()) return;
    const emulator = await startEmulator({
      ingestionLagMs: 300,
      repositories: [`projects/${project}/locations/${region}/repositories/agents`],
    });
    fixture = { emulator, image: '' };
  });
  after(async () => fixture?.emulator.stop());

  test('a Dockerfile build: the create command, exit 1, nothing built or created, post leaves nothing', async (t) => {
    if (await requireDocker(t)) return;
    const workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'cra-e2e-missing-repo-'));
    t.after(() => fs.rm(workspace, { recursive: true, force: true }));
    await fs.writeFile(path.join(workspace, 'Dockerfile'), 'FROM scratch\nRUN exit 42\n');
    const result = await runAgent(fixture, {
      inputs: {
        image: '',
        repository: 'never-created',
        registry: fixture.emulator.registry,
        credentials: 'github_token',
      },
      env: { AL_SECRET_github_token__default__token: 'ghp_firstUse0123456789' },
      workspace,
    });
    const log = result.main.log.join('\n');
    assert.equal(result.main.exitCode, 1, log);
    const errors = result.main.annotations.filter((a) => a.type === 'error').map((a) => a.message);
    assert.equal(errors.length, 1, log);
    const name = `projects/${project}/locations/${region}/repositories/never-created`;
    assert.match(errors[0]!, new RegExp(`The Artifact Registry repository ${name} does not exist`));
    assert.match(
      errors[0]!,
      new RegExp(
        `gcloud artifacts repositories create never-created --repository-format=docker --location=${region} --project ${project}`,
      ),
    );
    assert.match(errors[0]!, /Nothing was built/);
    assert.doesNotMatch(log, /^\s+at |UnhandledPromiseRejection|\.index\.js:\d+/m);
    // Nothing built: no docker login, build or push happened (the build would have failed, 42).
    assert.doesNotMatch(log, /Building |Logging in|docker exited|exit 42/, log);
    const calls = fixture.emulator.calls;
    assert.equal(calls.get('GetRepository'), 1);
    assert.equal(calls.get('CreateSecret') ?? 0, 0);
    assert.equal(calls.get('CreateJob') ?? 0, 0);
    assert.equal(result.post?.conclusion, 'success', result.post?.log.join('\n'));
    assert.deepEqual(leftovers(fixture.emulator), { jobs: 0, running: 0, containers: 0, secrets: 0 });
  });

  test('an existing repository passes the check and the build runs', async (t) => {
    if (await requireDocker(t)) return;
    const workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'cra-e2e-missing-repo-'));
    t.after(() => fs.rm(workspace, { recursive: true, force: true }));
    await fs.writeFile(path.join(workspace, 'Dockerfile'), 'FROM scratch\nRUN exit 42\n');
    const result = await runAgent(fixture, {
      inputs: { image: '', repository: 'agents', registry: fixture.emulator.registry },
      workspace,
    });
    const log = result.main.log.join('\n');
    assert.equal(result.main.exitCode, 1, log);
    // Past the check, the build itself fails (RUN exit 42): the check let it through.
    assert.match(log, /Building .*failed \(docker exited with/, log);
    assert.doesNotMatch(log, /does not exist/);
  });
});
