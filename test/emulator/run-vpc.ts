// Cloud Run's rules for a job's private network (TaskTemplate.vpc_access): Direct VPC egress (one
// network interface) or a Serverless VPC Access connector, and the egress setting. The emulator
// runs the container on its own network whatever is set; the spec is checked here and kept.
// Provenance markers as in run-validation.ts: [doc], [observed], [guess].
// Sources: https://cloud.google.com/run/docs/reference/rest/v2/VpcAccess ([doc] fields, the
// connector's format, egress default, one interface), https://cloud.google.com/run/docs/configuring/vpc-direct-vpc
// ([doc] network or subnet or both, a subnet of the job's region, a network alone means the subnet of
// the same name), https://cloud.google.com/run/docs/configuring/vpc-connectors ([doc] a connector of
// the job's region), https://cloud.google.com/vpc/docs/add-remove-network-tags ([doc] tag names).

/** google.cloud.run.v2.VpcAccess in the proto loader's representation (enums as names). */
export interface VpcAccess {
  connector?: string;
  egress?: string | number;
  networkInterfaces?: { network?: string; subnetwork?: string; tags?: string[] }[];
}

/**
 * Messages follow the one Google text seen for this field ([observed] in googleapis/google-cloud-node#4731,
 * for a service: "Violation in CreateServiceRequest.service.template.vpc_access.connector: one and only
 * one of connector and network_interfaces must be set."); the job's path is the same with
 * CreateJobRequest.job.template.template, and the other texts follow its style [guess].
 */
const fieldPath = 'Violation in CreateJobRequest.job.template.template.vpc_access';

const resourceName = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
const project = '([a-z][-a-z0-9.:]*[a-z0-9]|\\d+)';
const networkPath = new RegExp(`^projects/${project}/global/networks/([^/]+)$`);
const subnetworkPath = new RegExp(`^projects/${project}/regions/([^/]+)/subnetworks/([^/]+)$`);
const connectorPath = new RegExp(`^projects/${project}/locations/([^/]+)/connectors/([^/]+)$`);
const egressValues = new Set(['VPC_EGRESS_UNSPECIFIED', 'ALL_TRAFFIC', 'PRIVATE_RANGES_ONLY']);

/** Every violation of `access` for a job in `location`, in field order. */
export function vpcAccessViolations(access: VpcAccess, location: string): string[] {
  const out: string[] = [];
  const interfaces = access.networkInterfaces ?? [];
  // "one and only one of connector and network_interfaces must be set" [observed]: also when
  // vpc_access holds only an egress.
  if (Boolean(access.connector) === interfaces.length > 0)
    out.push(`${fieldPath}.connector: one and only one of connector and network_interfaces must be set.`);
  if (access.connector) out.push(...connectorViolations(access.connector, location));
  // "Currently only single network interface is supported." [doc]
  if (interfaces.length > 1)
    out.push(
      `${fieldPath}.network_interfaces: only a single network interface is supported, got ${interfaces.length}.`,
    );
  interfaces.forEach((nic, i) =>
    out.push(...interfaceViolations(nic, `${fieldPath}.network_interfaces[${i}]`, location)),
  );
  if (access.egress !== undefined && !egressValues.has(String(access.egress)))
    out.push(
      `${fieldPath}.egress: invalid value ${JSON.stringify(access.egress)}; must be ALL_TRAFFIC or PRIVATE_RANGES_ONLY.`,
    );
  return out;
}

/** `projects/{project}/locations/{location}/connectors/{connector}` [doc], in the job's region [doc]. */
function connectorViolations(connector: string, location: string): string[] {
  const match = connectorPath.exec(connector);
  if (!match || !resourceName.test(match[3]!))
    return [
      `${fieldPath}.connector: invalid connector name "${connector}"; expected projects/{project}/locations/{location}/connectors/{connector}.`,
    ];
  if (match[2] !== location)
    return [`${fieldPath}.connector: connector "${connector}" must be in the job's region ${location}.`];
  return [];
}

/**
 * At least one of network or subnetwork [doc]; each a name (the job's project) or a full path
 * (Shared VPC host projects) [doc: "self-link or short name", gcloud and Terraform]; the subnet in
 * the job's region [doc]; both given: the subnet belongs to the network [doc], checked here only as
 * far as a name can tell (the same project). Tags: RFC 1035 names [doc], at most 64 [doc, per VM].
 */
function interfaceViolations(
  nic: NonNullable<VpcAccess['networkInterfaces']>[number],
  path: string,
  location: string,
): string[] {
  const out: string[] = [];
  if (!nic.network && !nic.subnetwork)
    out.push(`${path}: at least one of network or subnetwork must be specified.`);
  const network = nic.network ? networkParts(nic.network) : undefined;
  if (nic.network && !network) out.push(`${path}.network: invalid network "${nic.network}".`);
  const subnet = nic.subnetwork ? subnetworkParts(nic.subnetwork) : undefined;
  if (nic.subnetwork && !subnet) out.push(`${path}.subnetwork: invalid subnetwork "${nic.subnetwork}".`);
  if (subnet?.region && subnet.region !== location)
    out.push(`${path}.subnetwork: subnetwork "${nic.subnetwork}" must be in the job's region ${location}.`);
  if (network?.project && subnet?.project && network.project !== subnet.project)
    out.push(`${path}.subnetwork: the given VPC subnetwork must belong to the given VPC network.`);
  const tags = nic.tags ?? [];
  if (tags.length > 64) out.push(`${path}.tags: at most 64 network tags are allowed, got ${tags.length}.`);
  for (const tag of tags)
    if (!resourceName.test(tag)) out.push(`${path}.tags: invalid network tag "${tag}".`);
  return out;
}

function networkParts(network: string): { project?: string } | undefined {
  if (!network.includes('/')) return resourceName.test(network) ? {} : undefined;
  const match = networkPath.exec(network);
  return match && resourceName.test(match[2]!) ? { project: match[1] } : undefined;
}

function subnetworkParts(subnetwork: string): { project?: string; region?: string } | undefined {
  if (!subnetwork.includes('/')) return resourceName.test(subnetwork) ? {} : undefined;
  const match = subnetworkPath.exec(subnetwork);
  return match && resourceName.test(match[3]!) ? { project: match[1], region: match[2] } : undefined;
}
