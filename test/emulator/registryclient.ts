// The parts of the registry HTTP API v2 (https://distribution.github.io/distribution/spec/api/)
// Artifact Registry is built on here: catalog, tags, manifests and config blobs, over fetch.
import { RpcError, Status } from './rpc.ts';

// Every manifest kind a push can store: asking for all of them keeps the registry from
// converting a manifest, so the digest it reports is the digest that was pushed.
export const manifestMediaTypes = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
];
const accept = manifestMediaTypes.join(', ');

export function isIndex(mediaType: string): boolean {
  return mediaType === manifestMediaTypes[0] || mediaType === manifestMediaTypes[1];
}

export interface Manifest {
  digest: string;
  mediaType: string;
  /** The exact bytes, so the manifest can be stored again under the same digest. */
  body: Buffer;
}

export interface RegistryClient {
  /** Every repository (image path) in the registry. */
  catalog(): Promise<string[]>;
  tags(repo: string): Promise<string[]>;
  /** The digest a tag points to, or undefined when the tag does not exist. */
  resolve(repo: string, ref: string): Promise<string | undefined>;
  manifest(repo: string, ref: string): Promise<Manifest | undefined>;
  blobJson(repo: string, digest: string): Promise<unknown>;
  put(repo: string, ref: string, manifest: Manifest): Promise<void>;
  /** Deletes a manifest by digest; the registry removes the tags that point to it too. */
  remove(repo: string, digest: string): Promise<void>;
}

export function registryClient(address: () => string): RegistryClient {
  async function call(path: string, init: RequestInit = {}): Promise<Response> {
    try {
      return await fetch(`http://${address()}/v2/${path}`, init);
    } catch (error) {
      throw new RpcError(
        Status.UNAVAILABLE,
        `The registry at ${address()} did not answer: ${(error as Error).message}`,
      );
    }
  }
  async function failure(response: Response, what: string): Promise<RpcError> {
    const text = await response.text().catch(() => '');
    return new RpcError(Status.INTERNAL, `Registry ${what}: HTTP ${response.status} ${text.slice(0, 300)}`);
  }

  return {
    async catalog() {
      const repos: string[] = [];
      let next: string | undefined = '_catalog?n=1000';
      while (next) {
        const response = await call(next);
        if (!response.ok) throw await failure(response, 'catalog');
        const body = (await response.json()) as { repositories?: string[] };
        repos.push(...(body.repositories ?? []));
        // Link: </v2/_catalog?last=x&n=1000>; rel="next"
        next = /<\/v2\/([^>]+)>;\s*rel="next"/.exec(response.headers.get('link') ?? '')?.[1];
      }
      return repos;
    },

    async tags(repo) {
      const response = await call(`${repo}/tags/list`);
      if (response.status === 404) return [];
      if (!response.ok) throw await failure(response, `tags of ${repo}`);
      return ((await response.json()) as { tags?: string[] | null }).tags ?? [];
    },

    async resolve(repo, ref) {
      const response = await call(`${repo}/manifests/${ref}`, { method: 'HEAD', headers: { accept } });
      if (response.status === 404) return undefined;
      if (!response.ok) throw await failure(response, `manifest ${repo}:${ref}`);
      return response.headers.get('docker-content-digest') ?? undefined;
    },

    async manifest(repo, ref) {
      const response = await call(`${repo}/manifests/${ref}`, { headers: { accept } });
      if (response.status === 404) return undefined;
      if (!response.ok) throw await failure(response, `manifest ${repo}:${ref}`);
      const body = Buffer.from(await response.arrayBuffer());
      return {
        digest: response.headers.get('docker-content-digest') ?? ref,
        mediaType: response.headers.get('content-type') ?? '',
        body,
      };
    },

    async blobJson(repo, digest) {
      const response = await call(`${repo}/blobs/${digest}`);
      if (!response.ok) throw await failure(response, `blob ${repo}@${digest}`);
      return response.json();
    },

    async put(repo, ref, manifest) {
      const response = await call(`${repo}/manifests/${ref}`, {
        method: 'PUT',
        headers: { 'content-type': manifest.mediaType },
        body: new Uint8Array(manifest.body),
      });
      if (!response.ok) throw await failure(response, `storing ${repo}:${ref}`);
      await response.body?.cancel();
    },

    async remove(repo, digest) {
      const response = await call(`${repo}/manifests/${digest}`, { method: 'DELETE' });
      if (response.status === 404) return;
      if (!response.ok) throw await failure(response, `deleting ${repo}@${digest}`);
      await response.body?.cancel();
    },
  };
}
