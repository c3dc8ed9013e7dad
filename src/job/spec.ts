// The one-shot Cloud Run job's spec: one task, no retries, the agent's timeout, its credentials
// mounted as secret volumes, and the token that starts its execution.
import type { Job } from '../google/connect.ts';
import { mountPath } from '../credentials/env.ts';
import type { MountedCredential } from '../credentials/existing.ts';
import type { VpcAccess } from './vpc.ts';

/** What the inputs decide of the job's resource: its limits, identity, network and labels. */
export interface JobSettings {
  timeoutSeconds: number;
  cpu: string;
  memory: string;
  serviceAccount?: string;
  /** Direct VPC egress or a connector (src/job/vpc.ts); none: Cloud Run's own network only. */
  vpcAccess?: VpcAccess;
  labels: Record<string, string>;
}

export interface JobSpec extends JobSettings {
  image: string;
  env: Record<string, string>;
  mounts: MountedCredential[];
  annotations: Record<string, string>;
  /**
   * Makes CreateJob start the execution `<job id>-<token>` itself, as soon as the job is ready
   * (Job.start_execution_token): create and run in one call, and the token makes the start happen once.
   */
  startToken?: string;
}

/** The Job resource: one task, no retries, secrets as one volume per credential instance. */
export function jobResource(spec: JobSpec): Job {
  const volumes = spec.mounts.map((mount, i) => ({
    name: `credentials-${i + 1}`,
    secret: {
      secret: mount.secret,
      items: [...mount.versions].map(([field, version]) => ({ path: field, version })),
    },
  }));
  return {
    labels: spec.labels,
    annotations: spec.annotations,
    ...(spec.startToken && { startExecutionToken: spec.startToken }),
    template: {
      labels: spec.labels,
      taskCount: 1,
      parallelism: 1,
      template: {
        containers: [
          {
            image: spec.image,
            env: Object.entries(spec.env).map(([name, value]) => ({ name, value })),
            resources: { limits: { cpu: spec.cpu, memory: spec.memory } },
            volumeMounts: spec.mounts.map((mount, i) => ({
              name: `credentials-${i + 1}`,
              mountPath: mountPath(mount.credential),
            })),
          },
        ],
        volumes,
        maxRetries: 0,
        timeout: { seconds: spec.timeoutSeconds },
        serviceAccount: spec.serviceAccount,
        ...(spec.vpcAccess && { vpcAccess: spec.vpcAccess }),
      },
    },
  };
}
