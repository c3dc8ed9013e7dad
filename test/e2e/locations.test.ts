// The bundled action where the organisation decides locations: secrets under a resource-location
// policy (constraints/gcp.resourceLocations), and pruning in a repository of a multi-region.
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { requireDocker } from '../infra/docker.ts';
import { pushTinyImage, testAgentContext } from '../infra/images.ts';
import type { ActionResult } from '../harness/runner.ts';
import {
  leftovers,
  project,
  repository,
  runAgent,
  startFixture,
  type AgentRun,
  type Fixture,
} from './fixtures.ts';

const token = 'ghp_locationsE2eToken0123456789abcdef';
const credentials = { AL_SECRET_github_token__default__token: token };
// The organisation allows two regions and not `global`.
const allowed = ['europe-west1', 'us-central1'];

interface SeenSecret {
  name: string;
  locations: string[];
}

describe('locations, end to end', { concurrency: false }, () => {
  let fixture: Fixture;
  before(async () => {
    if (await requireDocker()) return;
    // The fixture's repository is in the multi-region us (its test image is pushed there).
    fixture = await startFixture({ repositoryLocations: { [`${project}/${repository}`]: 'us' } });
  });
  after(async () => fixture?.emulator.stop());

  /** Runs the action and records the secrets that existed while it ran, with their locations. */
  async function runWatchingSecrets(run: AgentRun): Promise<{ result: ActionResult; seen: SeenSecret[] }> {
    const seen = new Map<string, SeenSecret>();
    let running = true;
    const watch = (async () => {
      while (running) {
        const live = fixture.emulator.resources().secretmanager as { secrets: SeenSecret[] };
        for (const secret of live.secrets) seen.set(secret.name, secret);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    try {
      return { result: await runAgent(fixture, run), seen: [...seen.values()] };
    } finally {
      running = false;
      await watch;
    }
  }

  test('a policy that forbids global refuses a run without secret_locations, with the fix, and nothing is left', async (t) => {
    if (await requireDocker(t)) return;
    fixture.emulator.locationPolicy.configure(allowed);
    t.after(() => fixture.emulator.locationPolicy.configure(undefined));
    const jobsBefore = fixture.emulator.calls.get('CreateJob') ?? 0;
    const { result, seen } = await runWatchingSecrets({
      inputs: { credentials: 'github_token' },
      env: credentials,
    });
    const log = result.main.log.join('\n');
    assert.equal(result.main.conclusion, 'failure', log);
    const error = result.main.annotations.find((a) => a.type === 'error')?.message ?? '';
    assert.match(error, /organisation policy constraints\/gcp\.resourceLocations/, log);
    assert.match(error, /does not allow secrets in global/);
    assert.match(error, /"secret_locations"/);
    assert.doesNotMatch(log, /\n\s+at .*\.js:\d+/, 'no stack trace');
    assert.deepEqual(seen, [], 'no secret was created');
    assert.equal(fixture.emulator.calls.get('CreateJob') ?? 0, jobsBefore, 'no job was created');
    assert.equal(result.post?.conclusion, 'success');
    assert.deepEqual(leftovers(fixture.emulator), { jobs: 0, running: 0, containers: 0, secrets: 0 });
  });

  test('with secret_locations the run succeeds, its secrets replicated in those locations only', async (t) => {
    if (await requireDocker(t)) return;
    fixture.emulator.locationPolicy.configure(allowed);
    t.after(() => fixture.emulator.locationPolicy.configure(undefined));
    const { result, seen } = await runWatchingSecrets({
      inputs: {
        credentials: 'github_token',
        secret_locations: 'europe-west1,\nus-central1',
        env: 'AGENT_CAT_CREDENTIALS=1',
      },
      env: credentials,
    });
    const log = result.main.log.join('\n');
    assert.equal(result.main.conclusion, 'success', log);
    assert.match(log, /cred \/credentials\/github_token\/default\/token sha256=/);
    assert.equal(seen.length, 1, JSON.stringify(seen));
    assert.deepEqual(seen[0]!.locations, ['europe-west1', 'us-central1']);
    assert.deepEqual(leftovers(fixture.emulator), { jobs: 0, running: 0, containers: 0, secrets: 0 });
  });

  test('a location the policy does not allow is named in the refusal', async (t) => {
    if (await requireDocker(t)) return;
    fixture.emulator.locationPolicy.configure(allowed);
    t.after(() => fixture.emulator.locationPolicy.configure(undefined));
    const result = await runAgent(fixture, {
      inputs: { credentials: 'github_token', secret_locations: 'us-central1 asia-east1' },
      env: credentials,
    });
    assert.equal(result.main.conclusion, 'failure');
    const error = result.main.annotations.find((a) => a.type === 'error')?.message ?? '';
    assert.match(error, /does not allow secrets in asia-east1/);
    assert.match(error, /now: us-central1, asia-east1/);
    assert.deepEqual(leftovers(fixture.emulator), { jobs: 0, running: 0, containers: 0, secrets: 0 });
  });

  test('the repository is checked and pruned in the multi-region us, not under the job region', async (t) => {
    if (await requireDocker(t)) return;
    const workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'cra-e2e-locations-'));
    await fs.cp(await testAgentContext(), workspace, { recursive: true });
    const imagePath = `${fixture.emulator.registry}/${project}/${repository}/located-agent`;
    for (const n of [1, 2]) await pushTinyImage(`${imagePath}:old-${n}`, `old image ${n}`);
    const build = {
      agent: 'located-agent',
      image: '',
      context: '.',
      repository,
      registry: fixture.emulator.registry,
      keep_tags: '1',
    };

    // Under the job's region (the loopback registry's fallback) the repository is not found: the
    // run stops before the build, naming the repository in that location and the fix.
    const misplaced = await runAgent(fixture, { inputs: { ...build, tag: 'first' }, workspace });
    const misplacedLog = [...misplaced.main.log, ...misplaced.main.annotations.map((a) => a.message)].join(
      '\n',
    );
    assert.equal(misplaced.main.conclusion, 'failure', misplacedLog);
    assert.match(
      misplacedLog,
      new RegExp(
        `repository projects/${project}/locations/us-central1/repositories/${repository} does not exist`,
      ),
    );
    assert.match(misplacedLog, /set the "registry" input to that location's host/);
    assert.doesNotMatch(misplacedLog, /Building /);
    assert.equal((await registryTags(`${project}/${repository}/located-agent`)).length, 2);

    // In its own location every image but the newest goes.
    const located = await runAgent(fixture, {
      inputs: { ...build, tag: 'second' },
      env: { CLOUD_RUN_AGENT_EMULATOR_REGISTRY_LOCATION: 'us' },
      workspace,
    });
    const log = located.main.log.join('\n');
    assert.equal(located.main.conclusion, 'success', log);
    // The same build twice may be one image with both tags: the old ones go, whatever it is.
    const tags = await registryTags(`${project}/${repository}/located-agent`);
    assert.ok(tags.includes('second') && !tags.some((tag) => tag.startsWith('old-')), tags.join(' '));
    assert.ok((log.match(/Pruned old image /g) ?? []).length >= 2, log);
    const asked = (method: string) =>
      fixture.emulator.callLog.filter((c) => c.method === method).map((c) => c.resource);
    assert.deepEqual(asked('GetRepository'), [
      `projects/${project}/locations/us-central1/repositories/${repository}`,
      `projects/${project}/locations/us/repositories/${repository}`,
    ]);
    assert.deepEqual(asked('ListDockerImages'), [
      `projects/${project}/locations/us/repositories/${repository}`,
    ]);
    await fs.rm(workspace, { recursive: true, force: true });
  });

  async function registryTags(name: string): Promise<string[]> {
    const response = await fetch(`http://${fixture.emulator.registry}/v2/${name}/tags/list`);
    const body = (await response.json()) as { tags?: string[] | null };
    return body.tags ?? [];
  }
});
