// Private networking on the bundle: the job Cloud Run receives carries the VPC access exactly as
// the inputs give it (read back with the official client while the run is live), and a bad
// combination fails the step before any Google call, with the input and the fix named.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { JobsClient, protos } from '@google-cloud/run';
import type { ClientOptions } from 'google-gax';
import { requireDocker } from '../infra/docker.ts';
import type { ActionResult } from '../harness/runner.ts';
import {
  leftovers,
  project,
  region,
  runAgent,
  startFixture,
  type AgentRun,
  type Fixture,
} from './fixtures.ts';

type IVpcAccess = protos.google.cloud.run.v2.IVpcAccess;

describe('private networking, end to end', { concurrency: false }, () => {
  let fixture: Fixture;
  let jobs: JobsClient;
  before(async () => {
    if (await requireDocker()) return;
    fixture = await startFixture();
    jobs = new JobsClient(fixture.emulator.clientOptions(project) as ClientOptions);
  });
  after(async () => {
    await jobs?.close();
    await fixture?.emulator.stop();
  });

  /** Runs the action and reads the job's vpcAccess through GetJob while the job exists. */
  async function runReadingVpc(
    run: AgentRun,
  ): Promise<{ result: ActionResult; vpcAccess?: IVpcAccess | null }> {
    let vpcAccess: IVpcAccess | null | undefined;
    let running = true;
    const watch = (async () => {
      while (running && vpcAccess === undefined) {
        const [list] = await jobs.listJobs({ parent: `projects/${project}/locations/${region}` });
        if (list[0])
          vpcAccess = (await jobs.getJob({ name: list[0].name! }))[0].template?.template?.vpcAccess;
        await sleep(50);
      }
    })();
    try {
      // The agent sleeps a moment so the job is there to be read.
      const result = await runAgent(fixture, { ...run, inputs: { env: 'AGENT_SLEEP=2', ...run.inputs } });
      return { result, vpcAccess };
    } finally {
      running = false;
      await watch;
    }
  }

  test('Direct VPC egress: network, subnet and tags reach the job as given, egress private ranges only by default', async (t) => {
    if (await requireDocker(t)) return;
    const network = 'projects/host-project/global/networks/shared';
    const subnetwork = `projects/host-project/regions/${region}/subnetworks/agents`;
    const { result, vpcAccess } = await runReadingVpc({
      inputs: { network, subnetwork, network_tags: 'agents, nat-egress' },
    });
    const log = result.main.log.join('\n');
    assert.equal(result.main.conclusion, 'success', log);
    assert.deepEqual(vpcAccess, {
      connector: '',
      egress: 'PRIVATE_RANGES_ONLY',
      networkInterfaces: [{ network, subnetwork, tags: ['agents', 'nat-egress'] }],
    });
    assert.match(
      log,
      new RegExp(
        `Private network: Direct VPC egress: network ${network}, subnet ${subnetwork}, tags agents, nat-egress, egress private ranges only`,
      ),
    );
    assert.deepEqual(leftovers(fixture.emulator), { jobs: 0, running: 0, containers: 0, secrets: 0 });
  });

  test("a connector by name is the full connector of the job's project and region, with all-traffic", async (t) => {
    if (await requireDocker(t)) return;
    const { result, vpcAccess } = await runReadingVpc({
      inputs: { vpc_connector: 'agents-connector', vpc_egress: 'all-traffic' },
    });
    assert.equal(result.main.conclusion, 'success', result.main.log.join('\n'));
    assert.deepEqual(vpcAccess, {
      connector: `projects/${project}/locations/${region}/connectors/agents-connector`,
      egress: 'ALL_TRAFFIC',
      networkInterfaces: [],
    });
  });

  const refusals: { name: string; inputs: Record<string, string>; error: RegExp }[] = [
    {
      name: 'a connector and a network',
      inputs: { vpc_connector: 'agents-connector', network: 'default' },
      error:
        /Give either "vpc_connector" \(Serverless VPC Access\) or "network"\/"subnetwork" \(Direct VPC egress\), not both/,
    },
    {
      name: 'vpc_egress without a VPC',
      inputs: { vpc_egress: 'all-traffic' },
      error:
        /Input "vpc_egress" chooses what goes through the VPC, but no VPC is set; add "network"\/"subnetwork"/,
    },
    {
      name: 'a subnet of another region',
      inputs: { subnetwork: 'projects/host-project/regions/europe-west1/subnetworks/agents' },
      error: /Input "subnetwork": the subnet is in europe-west1, but the job runs in us-central1/,
    },
  ];
  for (const c of refusals)
    test(`refused before any Google call: ${c.name}`, async (t) => {
      if (await requireDocker(t)) return;
      const calls = fixture.emulator.callLog.length;
      const result = await runAgent(fixture, {
        inputs: { credentials: 'github_token', ...c.inputs },
        env: { AL_SECRET_github_token__default__token: 'ghp_vpcE2eToken0123456789abcdef' },
      });
      const log = result.main.log.join('\n');
      assert.equal(result.main.conclusion, 'failure', log);
      const error = result.main.annotations.find((a) => a.type === 'error')?.message ?? '';
      assert.match(error, c.error, log);
      assert.doesNotMatch(log, /^\s+at |\.index\.js:\d+/m, 'no stack trace');
      assert.equal(fixture.emulator.callLog.length, calls, 'no RPC at all');
      assert.equal(result.post?.conclusion, 'success');
      assert.deepEqual(leftovers(fixture.emulator), { jobs: 0, running: 0, containers: 0, secrets: 0 });
    });
});
