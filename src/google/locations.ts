// Where the action's resources live: the job's region (checked against Cloud Run's regions, a typo
// answered with the nearest one), the secrets' replicas (organisations that restrict
// `constraints/gcp.resourceLocations` refuse automatic replication, which counts as `global`) and
// the Artifact Registry repository (its own location, named by the registry host, which may be a
// multi-region such as `us`).
import { Code, errorCode } from './errors.ts';

/** `us-central1, europe-west1` or one per line → the locations, in order. */
export const parseLocations = (text: string): string[] => text.split(/[\s,]+/).filter(Boolean);

// Secret Manager replicates to regions only: "does not support zones, dual-regional locations, or
// multi-regional locations" (https://cloud.google.com/secret-manager/docs/locations).
const regionName = /^[a-z]+-[a-z]+\d+$/;

// Cloud Run's regions (services and jobs), as https://cloud.google.com/run/docs/locations lists
// them under Tier 1 and Tier 2 pricing; copied on 2026-12-07. They serve to suggest the region a
// typo meant. Google adds regions: a region missing here is still taken when its family is listed
// (europe-north2 beside europe-north1) or when it is unlike every listed one; Google answers for it.
export const CLOUD_RUN_REGIONS: readonly string[] = [
  // Tier 1
  'asia-east1',
  'asia-northeast1',
  'asia-northeast2',
  'europe-north1',
  'europe-southwest1',
  'europe-west1',
  'europe-west4',
  'europe-west8',
  'europe-west9',
  'me-west1',
  'us-central1',
  'us-east1',
  'us-east4',
  'us-east5',
  'us-south1',
  'us-west1',
  // Tier 2
  'africa-south1',
  'asia-east2',
  'asia-northeast3',
  'asia-southeast1',
  'asia-southeast2',
  'asia-south1',
  'asia-south2',
  'australia-southeast1',
  'australia-southeast2',
  'europe-central2',
  'europe-west10',
  'europe-west12',
  'europe-west2',
  'europe-west3',
  'europe-west6',
  'me-central1',
  'me-central2',
  'northamerica-northeast1',
  'northamerica-northeast2',
  'southamerica-east1',
  'southamerica-west1',
  'us-west2',
  'us-west3',
  'us-west4',
];
// Artifact Registry's multi-regions (https://cloud.google.com/artifact-registry/docs/repositories/repo-locations).
const MULTI_REGIONS: readonly string[] = ['asia', 'europe', 'us'];

const family = (region: string) => region.replace(/\d+$/, '');
const families = new Set(CLOUD_RUN_REGIONS.map(family));
/** Listed, or of a listed family: a region newer than the list looks like its siblings. */
const plausibleRegion = (region: string) => regionName.test(region) && families.has(family(region));

/**
 * Edit distance of two strings: insertions, deletions, substitutions and swaps of two neighbours
 * count 1 each (the optimal string alignment distance).
 */
export function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = rows[i]!;
      const above = rows[i - 1]!;
      row[j] = Math.min(above[j]! + 1, row[j - 1]! + 1, above[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        row[j] = Math.min(row[j]!, rows[i - 2]![j - 2]! + 1);
    }
  }
  return rows[a.length]![b.length]!;
}

/**
 * The candidates a typo of `text` most likely meant: those nearest to it once folded (lower case,
 * blanks and underscores as hyphens, no scheme or path), at most `limit` edits away (by default 2
 * from 8 characters, 1 from 5, none below), and no more than three of them.
 */
export function nearest(text: string, candidates: readonly string[], limit?: number): string[] {
  const folded = text
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/\/.*$/, '')
    .replace(/[\s_]+/g, '-');
  const most = limit ?? (folded.length >= 8 ? 2 : folded.length >= 5 ? 1 : 0);
  let best: string[] = [];
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(folded, candidate);
    if (distance < bestDistance) [best, bestDistance] = [[candidate], distance];
    else if (distance === bestDistance) best.push(candidate);
  }
  return bestDistance <= most && best.length <= 3 ? best.filter((b) => b !== text) : [];
}

/** ` Did you mean "a"?`, `… "a" or "b"?`; empty for no suggestion. */
function didYouMean(suggestions: string[]): string {
  const quoted = suggestions.map((s) => `"${s}"`);
  const last = quoted.pop();
  if (last === undefined) return '';
  return ` Did you mean ${quoted.length ? `${quoted.join(', ')} or ${last}` : last}?`;
}

/**
 * What is wrong with the `region` input: not shaped like a region, or a typo of a listed one. A
 * region shaped like one counts as a typo only 1 edit away from a listed region (us-centrl1), so
 * that a region newer than the list (asia-west1 would be 2 from asia-east1) is not refused.
 */
export function regionProblem(region: string): string | undefined {
  if (!region) return 'Input "region" is required: the Cloud Run region, e.g. "us-central1".';
  if (CLOUD_RUN_REGIONS.includes(region) || plausibleRegion(region)) return undefined;
  const shaped = regionName.test(region);
  const suggestions = nearest(region, CLOUD_RUN_REGIONS, shaped ? 1 : undefined);
  if (suggestions.length)
    return `Input "region": "${region}" is not a Cloud Run region.${didYouMean(suggestions)}`;
  return shaped ? undefined : `Input "region": "${region}" is not a Cloud Run region such as "us-central1".`;
}

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

const registryHosts = [...CLOUD_RUN_REGIONS, ...MULTI_REGIONS].map(
  (location) => `${location}-docker.pkg.dev`,
);

/** What is wrong with the `registry` input: not an Artifact Registry host, or a typo of one (as for regions). */
export function registryProblem(registry: string): string | undefined {
  if (!registry || loopbackHost.test(registry)) return undefined;
  const location = artifactRegistryHost.exec(registry)?.[1];
  if (location === undefined)
    return `Input "registry": "${registry}" is not an Artifact Registry Docker host; use <location>-docker.pkg.dev, e.g. us-central1-docker.pkg.dev or us-docker.pkg.dev (the repository's location), or leave it empty for <region>-docker.pkg.dev.${didYouMean(nearest(registry, registryHosts))}`;
  if (MULTI_REGIONS.includes(location) || CLOUD_RUN_REGIONS.includes(location) || plausibleRegion(location))
    return undefined;
  const host = (near: string) => `${near}-docker.pkg.dev`;
  if (!location.includes('-'))
    return `Input "registry": "${registry}" names no Artifact Registry location; the multi-regions are asia, europe and us.${didYouMean(nearest(location, MULTI_REGIONS).map(host))}`;
  const suggestions = nearest(location, CLOUD_RUN_REGIONS, 1).map(host);
  return suggestions.length
    ? `Input "registry": "${registry}" names no Artifact Registry region.${didYouMean(suggestions)}`
    : undefined;
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
