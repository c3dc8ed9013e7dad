// Private networking inputs: what reaches the Job's vpcAccess, and each bad combination's message
// (naming the input and the fix) before anything is created.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { InputError, readInputs, type Inputs } from '../../../src/action/inputs.ts';
import { jobResource } from '../../../src/job/spec.ts';
import { connectorName, describeVpcAccess, parseTags } from '../../../src/job/vpc.ts';
import { plainJobSpec } from '../../infra/job-spec.ts';

let ws = '';
before(() => {
  ws = fs.mkdtempSync(path.join(os.tmpdir(), 'vpc-test-'));
});
after(() => fs.rmSync(ws, { recursive: true, force: true }));

type Given = Record<string, string>;
const base: Given = {
  agent: 'plain',
  project_id: 'my-project',
  region: 'us-central1',
  image: 'us-central1-docker.pkg.dev/my-project/agents/plain:v1',
};

const read = (given: Given): Inputs => readInputs((name) => given[name] ?? '', { GITHUB_WORKSPACE: ws });

function problems(given: Given): string[] {
  try {
    read(given);
  } catch (error) {
    assert.ok(error instanceof InputError, String(error));
    return error.problems;
  }
  assert.fail('expected an InputError');
}

describe('private networking inputs', () => {
  test("none set: no vpcAccess at all (the job keeps Cloud Run's own network)", () => {
    assert.equal(read(base).vpcAccess, undefined);
  });

  test('Direct VPC egress: network, subnet and tags as given, egress private ranges only by default', () => {
    const inputs = read({
      ...base,
      network: 'default',
      subnetwork: 'agents-subnet',
      network_tags: 'agents, egress-nat\nci',
    });
    assert.deepEqual(inputs.vpcAccess, {
      egress: 'PRIVATE_RANGES_ONLY',
      networkInterfaces: [
        { network: 'default', subnetwork: 'agents-subnet', tags: ['agents', 'egress-nat', 'ci'] },
      ],
    });
  });

  test('a network alone or a subnet alone is one interface with only that field', () => {
    assert.deepEqual(read({ ...base, network: 'default' }).vpcAccess, {
      egress: 'PRIVATE_RANGES_ONLY',
      networkInterfaces: [{ network: 'default' }],
    });
    const shared = 'projects/host-project/regions/us-central1/subnetworks/shared-subnet';
    assert.deepEqual(read({ ...base, subnetwork: shared, vpc_egress: 'all-traffic' }).vpcAccess, {
      egress: 'ALL_TRAFFIC',
      networkInterfaces: [{ subnetwork: shared }],
    });
  });

  test('Shared VPC: network and subnet of a host project, in full', () => {
    const network = 'projects/host-project/global/networks/shared';
    const subnetwork = 'projects/host-project/regions/us-central1/subnetworks/agents';
    assert.deepEqual(read({ ...base, network, subnetwork }).vpcAccess?.networkInterfaces, [
      { network, subnetwork },
    ]);
  });

  test("a connector by short name becomes the full name in the job's project and region", () => {
    assert.deepEqual(
      read({ ...base, vpc_connector: 'agents-connector', vpc_egress: 'ALL-TRAFFIC' }).vpcAccess,
      {
        connector: 'projects/my-project/locations/us-central1/connectors/agents-connector',
        egress: 'ALL_TRAFFIC',
      },
    );
    const hosted = 'projects/host-project/locations/us-central1/connectors/shared';
    assert.equal(read({ ...base, vpc_connector: hosted }).vpcAccess?.connector, hosted);
    assert.equal(connectorName(hosted, { projectId: 'x-project', region: 'europe-west1' }), hosted);
  });

  test('reap mode ignores them (it creates no job)', () => {
    assert.equal(
      read({ mode: 'reap', project_id: 'my-project', region: 'us-central1', vpc_egress: 'all-traffic' })
        .vpcAccess,
      undefined,
    );
  });

  const bad: { name: string; given: Given; problem: string }[] = [
    {
      name: 'connector and network together',
      given: { network: 'default', vpc_connector: 'c1' },
      problem:
        'Give either "vpc_connector" (Serverless VPC Access) or "network"/"subnetwork" (Direct VPC egress), not both: a Cloud Run job takes one or the other.',
    },
    {
      name: 'vpc_egress with no VPC',
      given: { vpc_egress: 'all-traffic' },
      problem:
        'Input "vpc_egress" chooses what goes through the VPC, but no VPC is set; add "network"/"subnetwork" (Direct VPC egress) or "vpc_connector", or remove "vpc_egress".',
    },
    {
      name: 'an egress that is not one of the two',
      given: { network: 'default', vpc_egress: 'private' },
      problem:
        'Input "vpc_egress": "private" is not an egress setting; use private-ranges-only (only private IP ranges go through the VPC, the default) or all-traffic (everything does).',
    },
    {
      name: 'tags with a connector (no interface to tag)',
      given: { vpc_connector: 'c1', network_tags: 'agents' },
      problem:
        'Input "network_tags" tags the job\'s own interface on the VPC (Direct VPC egress); set "network" or "subnetwork" too. Traffic through a connector carries the connector\'s tags instead.',
    },
    {
      name: 'a tag that is not a network tag',
      given: { network: 'default', network_tags: 'ok, Bad_Tag' },
      problem:
        'Input "network_tags": "Bad_Tag" is not a network tag; use 1–63 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen.',
    },
    {
      name: 'more than 64 tags',
      given: { network: 'default', network_tags: Array.from({ length: 65 }, (_, i) => `t${i}`).join(',') },
      problem: 'Input "network_tags": 65 tags given; a network interface takes at most 64.',
    },
    {
      name: 'a network path of another kind',
      given: { network: 'projects/host/regions/us-central1/subnetworks/s' },
      problem:
        'Input "network": "projects/host/regions/us-central1/subnetworks/s" is not a VPC network; give its name (e.g. default) for a network of the job\'s project, or projects/HOST_PROJECT/global/networks/NAME for a Shared VPC network of a host project.',
    },
    {
      name: 'a subnet of another region',
      given: { subnetwork: 'projects/host/regions/europe-west1/subnetworks/s' },
      problem:
        'Input "subnetwork": the subnet is in europe-west1, but the job runs in us-central1; Direct VPC egress needs a subnet of the job\'s region (use one in us-central1, or change "region").',
    },
    {
      name: 'a subnet name with capitals',
      given: { subnetwork: 'My_Subnet' },
      problem:
        'Input "subnetwork": "My_Subnet" is not a subnet; give its name for a subnet of the job\'s project, or projects/HOST_PROJECT/regions/us-central1/subnetworks/NAME for a Shared VPC subnet of a host project.',
    },
    {
      name: 'network and subnet of different projects',
      given: {
        network: 'projects/host-a/global/networks/n',
        subnetwork: 'projects/host-b/regions/us-central1/subnetworks/s',
      },
      problem:
        'Input "subnetwork": the subnet is in project host-b but "network" is in host-a; a subnet belongs to a network of its own project. Give both from the same (host) project, or only "subnetwork" (Cloud Run looks its network up).',
    },
    {
      name: 'a connector of another region',
      given: { vpc_connector: 'projects/host/locations/europe-west1/connectors/c1' },
      problem:
        'Input "vpc_connector": the connector is in europe-west1, but the job runs in us-central1; a job uses a connector of its own region (create one in us-central1, or change "region").',
    },
    {
      name: 'a connector path that is not one',
      given: { vpc_connector: 'projects/host/connectors/c1' },
      problem:
        'Input "vpc_connector": "projects/host/connectors/c1" is not a Serverless VPC Access connector; give its name for a connector of the job\'s project and region, or projects/HOST_PROJECT/locations/us-central1/connectors/NAME for a connector in a Shared VPC host project.',
    },
  ];
  for (const c of bad)
    test(`refused: ${c.name}`, () => assert.deepEqual(problems({ ...base, ...c.given }), [c.problem]));

  test("every problem at once, in the inputs' order", () => {
    const found = problems({
      ...base,
      subnetwork: 'BAD',
      network_tags: 'x_',
      vpc_connector: 'c1',
      vpc_egress: 'some',
    });
    assert.deepEqual(
      found.map((p) => /"(subnetwork|network_tags|vpc_connector|vpc_egress)"/.exec(p)?.[1]),
      ['subnetwork', 'network_tags', 'vpc_connector', 'vpc_egress'],
    );
  });
});

describe('the job resource', () => {
  const spec = plainJobSpec('img');

  test('vpcAccess goes into the task template exactly as read', () => {
    const vpcAccess = read({ ...base, subnetwork: 'agents', network_tags: 'a' }).vpcAccess!;
    assert.deepEqual(jobResource({ ...spec, vpcAccess }).template?.template?.vpcAccess, {
      egress: 'PRIVATE_RANGES_ONLY',
      networkInterfaces: [{ subnetwork: 'agents', tags: ['a'] }],
    });
  });

  test('without a private network the template has no vpcAccess field', () => {
    assert.ok(!('vpcAccess' in (jobResource(spec).template?.template ?? {})));
  });
});

describe('helpers', () => {
  test('tags split on commas, spaces and newlines', () =>
    assert.deepEqual(parseTags(' a,b\n c  d,'), ['a', 'b', 'c', 'd']));
  test('the log line names the kind, the resources and the egress', () => {
    assert.equal(
      describeVpcAccess({ egress: 'ALL_TRAFFIC', networkInterfaces: [{ network: 'n', tags: ['t1', 't2'] }] }),
      'Direct VPC egress: network n, tags t1, t2, egress all traffic',
    );
    assert.equal(
      describeVpcAccess({ connector: 'projects/p/locations/r/connectors/c', egress: 'PRIVATE_RANGES_ONLY' }),
      'Serverless VPC Access connector projects/p/locations/r/connectors/c, egress private ranges only',
    );
  });
});
