// The registry's HTTP API (OCI distribution), as the action asks it without Docker: an image's
// digest by its tag, with Google's access token only for Google's own registries.

/** `registry/project/repository/name` without tag or digest. */
export const imagePath = (
  build: { registry: string; repository: string },
  project: string,
  name: string,
): string => `${build.registry}/${project}/${build.repository}/${name}`;

/**
 * Resolves a prebuilt image to a digest reference by asking its registry (plain HTTP for
 * loopback registries, as Docker does), so every run uses exactly the image it resolved.
 */
export async function resolveDigest(image: string, accessToken: string): Promise<string> {
  const found = await manifestDigest(image, accessToken);
  if ('digest' in found) return found.digest;
  throw new Error(
    `Input "image": ${found.registry} answered ${found.status} for ${found.name}. Check that the image exists and the account may read it.`,
  );
}

/** One manifest request: `registry/name@digest` when the registry has `image`, else what it answered. */
export async function manifestDigest(
  image: string,
  accessToken: string,
): Promise<{ digest: string } | { registry: string; name: string; status: number }> {
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return { digest: image };
  const match = /^([^/]+)\/(.+?)(?::([\w][\w.-]{0,127}))?$/.exec(image);
  if (!match || (!match[1]!.includes('.') && !match[1]!.includes(':'))) {
    throw new Error(
      `Input "image": "${image}" must be a full reference such as us-central1-docker.pkg.dev/project/repo/agent:tag`,
    );
  }
  const [, registry, name, tag = 'latest'] = match;
  const scheme = loopback.test(registry!) ? 'http' : 'https';
  const url = `${scheme}://${registry}/v2/${name}/manifests/${tag}`;
  const accept = [
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json',
    'application/vnd.oci.image.manifest.v1+json',
    'application/vnd.docker.distribution.manifest.v2+json',
  ].join(', ');
  let response = await fetch(url, { method: 'HEAD', headers: { accept } });
  const challenge = response.headers.get('www-authenticate');
  if (response.status === 401 && challenge?.startsWith('Bearer ')) {
    const token = await registryToken(challenge, googleRegistry(registry!) ? accessToken : undefined);
    response = await fetch(url, { method: 'HEAD', headers: { accept, authorization: `Bearer ${token}` } });
  }
  const digest = response.headers.get('docker-content-digest');
  if (!response.ok || !digest)
    return { registry: registry!, name: `${name}:${tag}`, status: response.status };
  return { digest: `${registry}/${name}@${digest}` };
}

/** `node:24-slim` → `docker.io/library/node:24-slim`, as Docker reads a name without a registry. */
export function dockerHubName(image: string): string {
  const first = image.split('/')[0]!;
  if (image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost'))
    return image;
  return `docker.io/${image.includes('/') ? image : `library/${image}`}`;
}

// A whole host, so that a name such as 127.example.com is not taken for loopback.
const loopback = /^(127(\.\d{1,3}){3}|localhost|\[::1\])(:\d+)?$/;

/**
 * Whether the Google access token may go to this registry: Google's own, or loopback (the local
 * emulator). Any other registry (Docker Hub, ghcr.io, …) is asked anonymously: a cloud-platform
 * token must never reach a third party.
 */
export const googleRegistry = (registry: string): boolean =>
  loopback.test(registry) || /(^|\.)(pkg\.dev|gcr\.io)$/.test(registry.replace(/:\d+$/, ''));

/** The Docker registry token dance, with the access token (if any) as the `oauth2accesstoken` password. */
async function registryToken(challenge: string, accessToken: string | undefined): Promise<string> {
  const params = Object.fromEntries([...challenge.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
  const url = new URL(params.realm ?? '');
  if (params.service) url.searchParams.set('service', params.service);
  if (params.scope) url.searchParams.set('scope', params.scope);
  const basic = accessToken && Buffer.from(`oauth2accesstoken:${accessToken}`).toString('base64');
  const response = await fetch(url, { headers: basic ? { authorization: `Basic ${basic}` } : {} });
  const body = (await response.json()) as { token?: string; access_token?: string };
  return body.token ?? body.access_token ?? '';
}
