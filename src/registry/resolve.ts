// An image reference resolved to a digest through its registry's API, so every run uses exactly
// the image it resolved. A refusal or an unreachable registry becomes one message naming the
// image, the registry host, the HTTP status or network error, and the input to change.
import { Registry, RegistryError } from './distribution.ts';
import { byDigest, googleRegistry, parseReference } from './references.ts';

export interface ResolveOptions {
  /** The input the image comes from, named in messages. */
  input: string;
  /** Docker Hub's short names (node:24-alpine) are allowed; else the registry must be written. */
  dockerHub?: boolean;
}

/**
 * `image` by digest (`host/name@sha256:…`; Docker Hub's as docker.io/…); a digest reference as it
 * is, without a request. The access token goes only to Google's registries (googleRegistry).
 */
export async function resolveDigest(
  image: string,
  accessToken: string,
  { input, dockerHub = false }: ResolveOptions,
): Promise<string> {
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return image;
  const ref = parseReference(image);
  const first = image.split('/')[0]!;
  const namesRegistry = image.includes('/') && (first.includes('.') || first.includes(':'));
  if (!ref || (!dockerHub && !namesRegistry))
    throw new Error(
      dockerHub
        ? `Input "${input}": "${image}" is not an image reference; write [registry/]name[:tag][@sha256:<64 hex digits>].`
        : `Input "${input}": "${image}" must be a full reference such as us-central1-docker.pkg.dev/project/repo/agent:tag`,
    );
  const registry = new Registry(ref.host, googleRegistry(ref.host) ? { accessToken } : {});
  const shown = `${ref.name}:${ref.reference}`;
  const digest = await registry.headManifest(ref.name, ref.reference).catch((error: unknown) => {
    if (error instanceof RegistryError && error.status !== undefined)
      throw new Error(`Input "${input}": ${ref.host} answered ${error.status} for ${shown}. ${fix(input)}`);
    throw new Error(
      `Input "${input}": ${ref.host} could not be reached for ${shown} (${networkCause(error)}). Set "${input}" to an image in a registry the runner can reach, such as a copy in Artifact Registry.`,
    );
  });
  if (!digest) throw new Error(`Input "${input}": ${ref.host} answered 404 for ${shown}. ${fix(input)}`);
  return byDigest(ref, digest);
}

const fix = (input: string): string =>
  input === 'image'
    ? 'Check that the image exists and the account may read it.'
    : `Check the name and tag of "${input}", and that the runner may pull it.`;

/** The network error's code from the client's message (fetch's own is only "fetch failed"). */
function networkCause(error: unknown): string {
  const message = (error as Error).message ?? String(error);
  return /\b(E[A-Z]{4,}|UND_ERR_\w+)\b/.exec(message)?.[1] ?? message;
}
