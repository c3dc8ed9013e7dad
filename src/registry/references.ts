// Image references as Docker reads them, and the rules that go with their registry: which host
// the API is at (Docker Hub's short names), whether it speaks plain HTTP (loopback, as Docker
// allows), and whether the Google access token may go there (Google's own registries only).

/** An image reference in parts: the API host, the repository and a tag or digest. */
export interface Reference {
  /** Where the registry's API answers: `registry-1.docker.io` for Docker Hub. */
  host: string;
  /** The repository: `library/node`, `project/repository/agent`. */
  name: string;
  /** A tag or `sha256:…`. */
  reference: string;
}

// A whole host, so that a name such as 127.example.com is not taken for loopback.
export const loopback = /^(127(\.\d{1,3}){3}|localhost|\[::1\])(:\d+)?$/;

/**
 * Whether the Google access token may go to this registry: Google's own, or loopback (the local
 * emulator). Any other registry (Docker Hub, ghcr.io, …) is asked anonymously: a cloud-platform
 * token must never reach a third party.
 */
export const googleRegistry = (registry: string): boolean =>
  loopback.test(registry) || /(^|\.)(pkg\.dev|gcr\.io)$/.test(registry.replace(/:\d+$/, ''));

/** Docker Hub's API host, for names without a registry (`node:24-alpine`) or with `docker.io`. */
export const dockerHubApi = 'registry-1.docker.io';

// Docker's grammar (github.com/distribution/reference), tag or digest or both.
const referencePattern =
  /^(?:([^/]+)\/)?([a-z0-9][a-z0-9._/-]*?)(?::([\w][\w.-]{0,127}))?(?:@(sha256:[0-9a-f]{64}))?$/;

/**
 * `node:24-alpine` → Docker Hub's `library/node`, `24-alpine`; `host/name:tag` and
 * `host/name@sha256:…` → their parts. A first component names a registry when it has a dot or a
 * port, or is localhost, as the docker CLI decides. Undefined when it is no reference.
 */
export function parseReference(ref: string): Reference | undefined {
  const match = referencePattern.exec(ref);
  if (!match) return undefined;
  const [, first, rest = '', tag, digest] = match;
  const namesRegistry =
    first !== undefined && (first.includes('.') || first.includes(':') || first === 'localhost');
  const host = namesRegistry ? (first === 'docker.io' ? dockerHubApi : first) : dockerHubApi;
  let name = namesRegistry || first === undefined ? rest : `${first}/${rest}`;
  if (host === dockerHubApi && !name.includes('/')) name = `library/${name}`;
  return { host, name, reference: digest ?? tag ?? 'latest' };
}

/** The reference Docker and Cloud Run read for `host/name@digest` (Docker Hub as docker.io). */
export const byDigest = ({ host, name }: Reference, digest: string): string =>
  `${host === dockerHubApi ? 'docker.io' : host}/${name}@${digest}`;

/** `registry/project/repository/name`: where the action keeps an image in Artifact Registry. */
export const imagePath = (
  build: { registry: string; repository: string },
  project: string,
  name: string,
): string => `${build.registry}/${project}/${build.repository}/${name}`;
