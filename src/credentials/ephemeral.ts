// Materialises credentials as ephemeral Secret Manager secrets: one secret per credential
// instance, one version per field. Each secret carries labels naming the run and an expiry, so
// Google deletes it even if no cleanup ever runs.
import { setTimeout as sleep } from 'node:timers/promises';
import { refText, type Credential } from './env.ts';
import type { Cloud } from '../google/connect.ts';
import { type MountedCredential } from './existing.ts';
import { explainLocationPolicy } from '../google/locations.ts';
import { labelValue, slug } from '../shared/names.ts';
import { labelKeys } from '../shared/ownership.ts';

/** The secret id for the i-th credential of a job: readable, unique within the run. */
export const secretId = (jobId: string, index: number, credential: Credential): string =>
  `${jobId}-c${index + 1}-${slug(credential.type)}-${slug(credential.instance)}`.slice(0, 255);

// AddSecretVersion is limited to 2 a second per secret: https://cloud.google.com/secret-manager/quotas
const versionsPerSecond = 2;

export async function createSecrets(
  cloud: Cloud,
  jobId: string,
  credentials: Credential[],
  labels: Record<string, string>,
  ttlSeconds: number,
  annotations: Record<string, string> = {},
  locations: readonly string[] = [],
): Promise<MountedCredential[]> {
  return Promise.all(
    credentials.map(async (credential, index) => {
      const secretLabels = {
        ...labels,
        [labelKeys.job]: labelValue(jobId),
        [labelKeys.credential]: labelValue(refText(credential).replace(':', '-')),
      };
      const secret = await cloud.secrets
        .create(
          secretId(jobId, index, credential),
          secretLabels,
          ttlSeconds,
          undefined,
          annotations,
          locations,
        )
        .catch((error: unknown) => {
          throw explainLocationPolicy(error, locations);
        });
      const versions = new Map<string, string>();
      const fields = [...credential.fields];
      const started = Date.now();
      await Promise.all(
        fields.map(async ([field, value], i) => {
          // Paced to the per-secret rate, with a margin for clock and network jitter.
          const at = Math.floor(i / versionsPerSecond) * 1100;
          if (at) await sleep(started + at - Date.now());
          const version = await cloud.secrets.addVersion(secret, value);
          versions.set(field, version.split('/').pop()!);
        }),
      );
      return { credential, secret, versions };
    }),
  );
}
