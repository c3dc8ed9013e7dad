// Artifact Registry: the repository a build pushes to (asked before the build), and the images
// it pushed, for pruning old ones.
import { withRetry } from './retry.ts';
import { Code, errorCode } from './errors.ts';
import { allPages, callOptions, pageOptions } from './calls.ts';
import type { Clients } from './clients.ts';

/** The fields of a Docker image the action reads. */
export interface DockerImage {
  name?: string | null;
  uri?: string | null;
  tags?: string[] | null;
  uploadTime?: { seconds?: string | number | null; nanos?: number | null } | null;
  updateTime?: { seconds?: string | number | null; nanos?: number | null } | null;
}

/** The fields of a repository the action reads. */
export interface Repository {
  name?: string | null;
  /** DOCKER for a Docker repository (Repository.Format). */
  format?: string | number | null;
}

export interface ArtifactsService {
  /**
   * The repository, or undefined when it does not exist (NOT_FOUND). `location` is its own, as
   * for listDockerImages.
   */
  getRepository(location: string, repository: string): Promise<Repository | undefined>;
  /**
   * Every Docker image in a repository. `location` is the repository's own (from its registry
   * host, e.g. the multi-region `us`), which need not be the job's region.
   */
  listDockerImages(location: string, repository: string): Promise<DockerImage[]>;
  /** Deletes an image version (its digest) with its tags. */
  deleteVersion(versionName: string): Promise<void>;
}

export function artifactsService(project: string, clients: Pick<Clients, 'artifacts'>): ArtifactsService {
  return {
    async getRepository(location, repository) {
      const client = await clients.artifacts();
      const name = `projects/${project}/locations/${location}/repositories/${repository}`;
      return withRetry(`Reading the repository ${name}`, async () => {
        try {
          const [found] = await client.getRepository({ name }, callOptions);
          return found as Repository;
        } catch (error) {
          if (errorCode(error) === Code.NOT_FOUND) return undefined;
          throw error;
        }
      });
    },

    async listDockerImages(location, repository) {
      const client = await clients.artifacts();
      const parent = `projects/${project}/locations/${location}/repositories/${repository}`;
      return allPages<DockerImage>(`Listing images in ${parent}`, async (pageToken) => {
        const [page, , response] = await client.listDockerImages(
          { parent, pageSize: 500, pageToken },
          pageOptions,
        );
        return { page: page as DockerImage[], next: response?.nextPageToken };
      });
    },

    async deleteVersion(versionName) {
      const client = await clients.artifacts();
      await withRetry(`Deleting image ${versionName}`, async () => {
        const [operation] = await client.deleteVersion({ name: versionName, force: true }, callOptions);
        await operation.promise();
      });
    },
  };
}
