// Private networking for the job: Direct VPC egress (a network interface on a VPC network or
// subnet) or Serverless VPC Access (a connector), with the egress choice. The inputs are checked
// here as Cloud Run checks the Job's `vpcAccess`, so a bad combination fails before any cloud call.
// Sources: https://cloud.google.com/run/docs/reference/rest/v2/VpcAccess (fields, formats, egress
// default), https://cloud.google.com/run/docs/configuring/vpc-direct-vpc (network or subnet, the
// job's region), https://cloud.google.com/run/docs/configuring/vpc-connectors (connectors),
// https://cloud.google.com/vpc/docs/add-remove-network-tags (tag names).

/** The inputs of this concern, by name. */
export const networkInputs = [
  'network',
  'subnetwork',
  'network_tags',
  'vpc_connector',
  'vpc_egress',
] as const;
export type NetworkInput = (typeof networkInputs)[number];

export type VpcEgress = 'ALL_TRAFFIC' | 'PRIVATE_RANGES_ONLY';

/** The job's VPC access, as the Cloud Run Admin API v2 Job takes it (template.template.vpcAccess). */
export interface VpcAccess {
  connector?: string;
  egress: VpcEgress;
  networkInterfaces?: { network?: string; subnetwork?: string; tags?: string[] }[];
}

export interface NetworkProblem {
  input: NetworkInput;
  message: string;
}

const egressValues: Record<string, VpcEgress> = {
  'private-ranges-only': 'PRIVATE_RANGES_ONLY',
  'all-traffic': 'ALL_TRAFFIC',
};

// Compute Engine resource names (RFC 1035): networks, subnets, connectors and network tags.
const resourceName = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
const projectPart = '([a-z][-a-z0-9.:]*[a-z0-9]|\\d+)';
const networkPath = new RegExp(`^projects/${projectPart}/global/networks/([^/]+)$`);
const subnetworkPath = new RegExp(`^projects/${projectPart}/regions/([^/]+)/subnetworks/([^/]+)$`);
const connectorPath = new RegExp(`^projects/${projectPart}/locations/([^/]+)/connectors/([^/]+)$`);
// "You can assign up to 64 network tags to each VM" (add-remove-network-tags); Cloud Run tags its
// instances the same way.
const maxTags = 64;

/** `a, b` or one per line → the tags, in order. */
export const parseTags = (text: string): string[] => text.split(/[\s,]+/).filter(Boolean);

/** What the five inputs say, or undefined when none asks for a private network. */
export function readVpcAccess(
  texts: Record<NetworkInput, string>,
  where: { projectId: string; region: string },
  problems: NetworkProblem[],
): VpcAccess | undefined {
  const { network, subnetwork, vpc_connector: connector, vpc_egress: egressText } = texts;
  const tags = parseTags(texts.network_tags);
  const add = (input: NetworkInput, message: string) => problems.push({ input, message });
  const direct = Boolean(network || subnetwork);

  if (network) networkProblems(network).forEach((m) => add('network', m));
  if (subnetwork) subnetworkProblems(subnetwork, where.region).forEach((m) => add('subnetwork', m));
  if (network && subnetwork) {
    const mismatch = projectMismatch(network, subnetwork);
    if (mismatch) add('subnetwork', mismatch);
  }
  tagProblems(tags).forEach((m) => add('network_tags', m));
  if (connector) connectorProblems(connector, where.region).forEach((m) => add('vpc_connector', m));
  const egress = egressText ? egressValues[egressText.toLowerCase()] : 'PRIVATE_RANGES_ONLY';
  if (!egress)
    add(
      'vpc_egress',
      `Input "vpc_egress": "${egressText}" is not an egress setting; use private-ranges-only (only private IP ranges go through the VPC, the default) or all-traffic (everything does).`,
    );

  // Cloud Run: "one and only one of connector and network_interfaces must be set".
  if (connector && direct)
    add(
      'vpc_connector',
      'Give either "vpc_connector" (Serverless VPC Access) or "network"/"subnetwork" (Direct VPC egress), not both: a Cloud Run job takes one or the other.',
    );
  if (tags.length && !direct)
    add(
      'network_tags',
      'Input "network_tags" tags the job\'s own interface on the VPC (Direct VPC egress); set "network" or "subnetwork" too. Traffic through a connector carries the connector\'s tags instead.',
    );
  if (egressText && !direct && !connector)
    add(
      'vpc_egress',
      'Input "vpc_egress" chooses what goes through the VPC, but no VPC is set; add "network"/"subnetwork" (Direct VPC egress) or "vpc_connector", or remove "vpc_egress".',
    );

  if (!direct && !connector) return undefined;
  if (connector)
    return { connector: connectorName(connector, where), egress: egress ?? 'PRIVATE_RANGES_ONLY' };
  const networkInterface = {
    ...(network && { network }),
    ...(subnetwork && { subnetwork }),
    ...(tags.length && { tags }),
  };
  return { egress: egress ?? 'PRIVATE_RANGES_ONLY', networkInterfaces: [networkInterface] };
}

/** A short connector name is one of the job's project and region, as gcloud reads it. */
export function connectorName(connector: string, where: { projectId: string; region: string }): string {
  return connector.includes('/')
    ? connector
    : `projects/${where.projectId}/locations/${where.region}/connectors/${connector}`;
}

/** One line for the log: which kind of private network, and the egress. */
export function describeVpcAccess(access: VpcAccess): string {
  const egress = access.egress === 'ALL_TRAFFIC' ? 'all traffic' : 'private ranges only';
  if (access.connector) return `Serverless VPC Access connector ${access.connector}, egress ${egress}`;
  const nic = access.networkInterfaces?.[0] ?? {};
  const parts = [
    nic.network && `network ${nic.network}`,
    nic.subnetwork && `subnet ${nic.subnetwork}`,
    nic.tags?.length && `tags ${nic.tags.join(', ')}`,
  ].filter(Boolean);
  return `Direct VPC egress: ${parts.join(', ')}, egress ${egress}`;
}

function networkProblems(network: string): string[] {
  const name = network.includes('/') ? networkPath.exec(network)?.[2] : network;
  if (name !== undefined && resourceName.test(name)) return [];
  return [
    `Input "network": "${network}" is not a VPC network; give its name (e.g. default) for a network of the job's project, or projects/HOST_PROJECT/global/networks/NAME for a Shared VPC network of a host project.`,
  ];
}

function subnetworkProblems(subnetwork: string, region: string): string[] {
  if (!subnetwork.includes('/')) {
    if (resourceName.test(subnetwork)) return [];
  } else {
    const match = subnetworkPath.exec(subnetwork);
    if (match && resourceName.test(match[3]!)) {
      if (match[2] === region) return [];
      return [
        `Input "subnetwork": the subnet is in ${match[2]}, but the job runs in ${region}; Direct VPC egress needs a subnet of the job's region (use one in ${region}, or change "region").`,
      ];
    }
  }
  return [
    `Input "subnetwork": "${subnetwork}" is not a subnet; give its name for a subnet of the job's project, or projects/HOST_PROJECT/regions/${region}/subnetworks/NAME for a Shared VPC subnet of a host project.`,
  ];
}

/** Both as full paths: a subnet belongs to a network of its own project. */
function projectMismatch(network: string, subnetwork: string): string | undefined {
  const networkProject = networkPath.exec(network)?.[1];
  const subnetProject = subnetworkPath.exec(subnetwork)?.[1];
  if (!networkProject || !subnetProject || networkProject === subnetProject) return undefined;
  return `Input "subnetwork": the subnet is in project ${subnetProject} but "network" is in ${networkProject}; a subnet belongs to a network of its own project. Give both from the same (host) project, or only "subnetwork" (Cloud Run looks its network up).`;
}

function tagProblems(tags: string[]): string[] {
  const problems = tags
    .filter((tag) => !resourceName.test(tag))
    .map(
      (tag) =>
        `Input "network_tags": "${tag}" is not a network tag; use 1–63 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen.`,
    );
  if (tags.length > maxTags)
    problems.push(
      `Input "network_tags": ${tags.length} tags given; a network interface takes at most ${maxTags}.`,
    );
  return problems;
}

function connectorProblems(connector: string, region: string): string[] {
  if (!connector.includes('/')) {
    if (resourceName.test(connector)) return [];
  } else {
    const match = connectorPath.exec(connector);
    if (match && resourceName.test(match[3]!)) {
      if (match[2] === region) return [];
      return [
        `Input "vpc_connector": the connector is in ${match[2]}, but the job runs in ${region}; a job uses a connector of its own region (create one in ${region}, or change "region").`,
      ];
    }
  }
  return [
    `Input "vpc_connector": "${connector}" is not a Serverless VPC Access connector; give its name for a connector of the job's project and region, or projects/HOST_PROJECT/locations/${region}/connectors/NAME for a connector in a Shared VPC host project.`,
  ];
}
