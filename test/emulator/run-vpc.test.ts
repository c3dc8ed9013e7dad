// The emulator's Cloud Run private networking (TaskTemplate.vpc_access), through the official
// @google-cloud/run client: a valid spec is kept and returned by GetJob, each of Google's rules
// refuses with INVALID_ARGUMENT before anything is stored, and the container still runs.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ExecutionsClient, JobsClient, protos } from '@google-cloud/run';
import { grpc, type ClientOptions } from 'google-gax';
import { requireDocker } from '../infra/docker.ts';
import { buildTestAgentImage } from '../infra/images.ts';
import { startEmulator, type Emulator } from './server.ts';

type IJob = protos.google.cloud.run.v2.IJob;
type IVpcAccess = protos.google.cloud.run.v2.IVpcAccess;

const PROJECT = 'test-project';
const LOCATION = 'us-central1';
const PARENT = `projects/${PROJECT}/locations/${LOCATION}`;
const noRetry = { retry: null } as never;

let emulator: Emulator;
let jobs: JobsClient;
let executions: ExecutionsClient;
let image = '';

before(async () => {
  emulator = await startEmulator({ ingestionLagMs: 0 });
  const options = emulator.clientOptions(PROJECT) as ClientOptions;
  jobs = new JobsClient(options);
  executions = new ExecutionsClient(options);
  image = `${emulator.registry}/${PROJECT}/agents/agent:vpc`;
});

after(async () => {
  await Promise.all([jobs?.close(), executions?.close()]);
  await emulator?.stop();
});

let counter = 0;
const jobSpec = (vpcAccess: IVpcAccess, env: Record<string, string> = {}): IJob => ({
  template: {
    template: {
      maxRetries: 0,
      containers: [{ image, env: Object.entries(env).map(([name, value]) => ({ name, value })) }],
      vpcAccess,
    },
  },
});

/** CreateJob's answer: the job as accepted (the operation's metadata), without waiting for the image check. */
async function create(vpcAccess: IVpcAccess, env?: Record<string, string>, ready = false): Promise<string> {
  const jobId = `vpc-${++counter}`;
  const [operation] = await jobs.createJob({ parent: PARENT, jobId, job: jobSpec(vpcAccess, env) }, noRetry);
  if (ready) await operation.promise();
  return `${PARENT}/jobs/${jobId}`;
}

async function refused(vpcAccess: IVpcAccess): Promise<string> {
  const jobId = `bad-${++counter}`;
  try {
    await jobs.createJob({ parent: PARENT, jobId, job: jobSpec(vpcAccess) }, noRetry);
  } catch (error) {
    const e = error as Error & { code: number; details?: string };
    assert.equal(e.code, grpc.status.INVALID_ARGUMENT, e.message);
    const [list] = await jobs.listJobs({ parent: PARENT }, noRetry);
    assert.ok(!list.some((j) => j.name === `${PARENT}/jobs/${jobId}`), 'a refused job is not stored');
    return e.details ?? e.message;
  }
  assert.fail('expected INVALID_ARGUMENT, but CreateJob succeeded');
}

const storedVpc = async (name: string) =>
  (await jobs.getJob({ name }, noRetry))[0].template?.template?.vpcAccess;

describe('Cloud Run vpc_access in the emulator', () => {
  test('Direct VPC egress is kept and returned by GetJob exactly as given', async () => {
    const nic = {
      network: 'projects/host-project/global/networks/shared',
      subnetwork: 'projects/host-project/regions/us-central1/subnetworks/agents',
      tags: ['agents', 'nat-egress'],
    };
    const stored = await storedVpc(await create({ egress: 'ALL_TRAFFIC', networkInterfaces: [nic] }));
    assert.deepEqual(stored, { connector: '', egress: 'ALL_TRAFFIC', networkInterfaces: [nic] });
  });

  test('a connector is kept; an unset egress stays unset (Google applies PRIVATE_RANGES_ONLY)', async () => {
    const connector = `${PARENT}/connectors/agents`;
    const stored = await storedVpc(await create({ connector }));
    assert.equal(stored?.connector, connector);
    assert.equal(stored?.egress, 'VPC_EGRESS_UNSPECIFIED');
    assert.deepEqual(stored?.networkInterfaces, []);
  });

  test("a network or a subnet alone is enough; names mean the job's own project", async () => {
    assert.equal(
      (await storedVpc(await create({ networkInterfaces: [{ network: 'default' }] })))?.networkInterfaces?.[0]
        ?.network,
      'default',
    );
    assert.equal(
      (await storedVpc(await create({ networkInterfaces: [{ subnetwork: 'agents' }] })))
        ?.networkInterfaces?.[0]?.subnetwork,
      'agents',
    );
  });

  const path = 'Violation in CreateJobRequest.job.template.template.vpc_access';
  const cases: { name: string; vpcAccess: IVpcAccess; message: string }[] = [
    {
      name: 'connector and network interfaces together',
      vpcAccess: { connector: `${PARENT}/connectors/c1`, networkInterfaces: [{ network: 'default' }] },
      message: `${path}.connector: one and only one of connector and network_interfaces must be set.`,
    },
    {
      name: 'only an egress',
      vpcAccess: { egress: 'ALL_TRAFFIC' },
      message: `${path}.connector: one and only one of connector and network_interfaces must be set.`,
    },
    {
      name: 'two network interfaces',
      vpcAccess: { networkInterfaces: [{ network: 'a' }, { network: 'b' }] },
      message: `${path}.network_interfaces: only a single network interface is supported, got 2.`,
    },
    {
      name: 'an interface with only tags',
      vpcAccess: { networkInterfaces: [{ tags: ['agents'] }] },
      message: `${path}.network_interfaces[0]: at least one of network or subnetwork must be specified.`,
    },
    {
      name: 'a short connector name',
      vpcAccess: { connector: 'c1' },
      message: `${path}.connector: invalid connector name "c1"; expected projects/{project}/locations/{location}/connectors/{connector}.`,
    },
    {
      name: 'a connector of another region',
      vpcAccess: { connector: `projects/${PROJECT}/locations/europe-west1/connectors/c1` },
      message: `${path}.connector: connector "projects/${PROJECT}/locations/europe-west1/connectors/c1" must be in the job's region us-central1.`,
    },
    {
      name: 'a subnet of another region',
      vpcAccess: {
        networkInterfaces: [{ subnetwork: 'projects/host-project/regions/asia-east1/subnetworks/s' }],
      },
      message: `${path}.network_interfaces[0].subnetwork: subnetwork "projects/host-project/regions/asia-east1/subnetworks/s" must be in the job's region us-central1.`,
    },
    {
      name: 'network and subnet of different projects',
      vpcAccess: {
        networkInterfaces: [
          {
            network: 'projects/a-host/global/networks/n',
            subnetwork: 'projects/b-host/regions/us-central1/subnetworks/s',
          },
        ],
      },
      message: `${path}.network_interfaces[0].subnetwork: the given VPC subnetwork must belong to the given VPC network.`,
    },
    {
      name: 'a malformed network',
      vpcAccess: { networkInterfaces: [{ network: 'Default Network' }] },
      message: `${path}.network_interfaces[0].network: invalid network "Default Network".`,
    },
    {
      name: 'a bad tag',
      vpcAccess: { networkInterfaces: [{ network: 'default', tags: ['ok', 'NOT_OK'] }] },
      message: `${path}.network_interfaces[0].tags: invalid network tag "NOT_OK".`,
    },
    {
      name: 'an unknown egress value',
      vpcAccess: { networkInterfaces: [{ network: 'default' }], egress: 7 as never },
      message: `${path}.egress: invalid value 7; must be ALL_TRAFFIC or PRIVATE_RANGES_ONLY.`,
    },
  ];
  for (const c of cases)
    test(`INVALID_ARGUMENT: ${c.name}`, async () => assert.equal(await refused(c.vpcAccess), c.message));

  test('every violation at once, one per line', async () => {
    const message = await refused({
      connector: 'x/y',
      networkInterfaces: [{ tags: ['A'] }, { network: 'n' }],
    });
    assert.equal(message.split('\n').length, 5, message);
  });

  test("the container still runs, on the emulator's own network", async (t) => {
    if (await requireDocker(t)) return;
    await buildTestAgentImage(image);
    const name = await create({ networkInterfaces: [{ network: 'default' }] }, { AGENT_EXIT: '0' }, true);
    const [operation] = await jobs.runJob({ name }, noRetry);
    const [execution] = await operation.promise();
    assert.equal(Number(execution.succeededCount), 1);
    assert.deepEqual((await storedVpc(name))?.networkInterfaces?.[0]?.network, 'default');
    const [deletion] = await jobs.deleteJob({ name }, noRetry);
    await deletion.promise();
  });
});
