// Where the action's resources live when that is not the job's region: the secrets' replicas
// (organisations that restrict `constraints/gcp.resourceLocations` refuse automatic replication,
// which counts as `global`) and the Artifact Registry repository (its own location, named by the
// registry host, which may be a multi-region such as `us`).
import { Code, errorCode } from './errors.ts';

/** `us-central1, europe-west1` or one per line → the locations, in order. */
export const parseLocations = (text: string): string[] => text.split(/[\s,]+/).filter(Boolean);

// Secret Manager replicates to regions only: "does not support zones, dual-regional locations, or
// multi-regional locations" (https://cloud.google.com/secret-manager/docs/locations).
const regionName = /^[a-z]+-[a-z]+\d+$/;

/** What is wrong with the `secret_locations` input, each problem naming the fix. */
export function secretLocationsProblems(locations: string[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const location of locations) {
    if (location === 'global' || location === 'automatic')
      problems.push(
        `Input "secret_locations": "${location}" is not a replica location; leave the input empty for automatic (global) replication, or list regions such as us-central1.`,
      );
    else if (!regionName.test(location))
      problems.push(
        `Input "secret_locations": "${location}" is not a Google Cloud region such as us-central1 (Secret Manager replicates to regions only, not zones or multi-regions).`,
      );
    else if (seen.has(location))
      problems.push(`Input "secret_locations": "${location}" is listed twice; list each region once.`);
    seen.add(location);
  }
  return problems;
}

// `<location>-docker.pkg.dev`, the location a region (us-central1) or a multi-region (us, europe,
// asia): https://cloud.google.com/artifact-registry/docs/repositories/repo-locations
const artifactRegistryHost = /^([a-z]+(?:-[a-z]+\d+)?)-docker\.pkg\.dev$/;
// A whole host, as in image.ts: the local emulator's registry.
const loopbackHost = /^(127(\.\d{1,3}){3}|localhost|\[::1\])(:\d+)?$/;

/**
 * The Artifact Registry location of a registry host. A loopback registry (the tests' emulator,
 * which stands for every location) names none: it is CLOUD_RUN_AGENT_EMULATOR_REGISTRY_LOCATION
 * when set, else the job's region. Undefined for a host that is not Artifact Registry's.
 */
export function registryLocation(
  registry: string,
  region: string,
  env: NodeJS.ProcessEnv,
): string | undefined {
  const location = artifactRegistryHost.exec(registry)?.[1];
  if (location) return location;
  if (loopbackHost.test(registry)) return env.CLOUD_RUN_AGENT_EMULATOR_REGISTRY_LOCATION || region;
  return undefined;
}

export function registryProblem(registry: string): string | undefined {
  if (!registry || artifactRegistryHost.test(registry) || loopbackHost.test(registry)) return undefined;
  return `Input "registry": "${registry}" is not an Artifact Registry Docker host; use <location>-docker.pkg.dev, e.g. us-central1-docker.pkg.dev or us-docker.pkg.dev (the repository's location), or leave it empty for <region>-docker.pkg.dev.`;
}

const locationConstraint = 'constraints/gcp.resourceLocations';

/**
 * Google's refusal of a secret outside the organisation's allowed locations, as an error that
 * names the policy and the fix; any other error unchanged. Google answers FAILED_PRECONDITION
 * "Constraint constraints/gcp.resourceLocations violated for [orgpolicy:projects/N] attempting to
 * create a secret in [global]" (reported in firebase/firebase-tools#6454).
 */
export function explainLocationPolicy(error: unknown, locations: readonly string[]): unknown {
  const message = error instanceof Error ? error.message : String(error);
  if (errorCode(error) !== Code.FAILED_PRECONDITION || !message.includes(locationConstraint)) return error;
  const where = /attempting to create a secret in \[([^\]]+)\]/.exec(message)?.[1];
  const refused = where ? ` does not allow secrets in ${where}` : ' refused the secret';
  const fix = locations.length
    ? `Set the "secret_locations" input to regions the policy allows (now: ${locations.join(', ')}).`
    : 'Automatic replication counts as the location "global". Set the "secret_locations" input to regions the policy allows, e.g. `secret_locations: us-central1`, for user-managed replication there.';
  const explained = new Error(
    `The organisation policy ${locationConstraint} (resource locations)${refused}. ${fix} Nothing was run.\n${message}`,
  );
  return Object.assign(explained, { code: Code.FAILED_PRECONDITION });
}
