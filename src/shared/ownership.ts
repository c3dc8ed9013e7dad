// How a run marks what it creates, so that reap mode can tell whose run a job or a secret belongs
// to and whether that run is over. Labels are for filtering (lowercase, so they cannot hold
// `owner/repo`); annotations keep the exact repository, run id and attempt. The keys are valid both
// as Cloud Run annotations and as Secret Manager annotations (no "/": Secret Manager refuses it),
// but for the agent's name, which only a job carries. Every module spells these names from here.
import { labelValue, slug } from './names.ts';

export const managedBy = { key: 'managed-by', value: 'cloud-run-agent' } as const;

// The run's keys: the same on labels (lowercased, cut) and on annotations (exact).
const runKeys = { repository: 'gh-repository', runId: 'gh-run-id', runAttempt: 'gh-run-attempt' } as const;

export const labelKeys = {
  managedBy: managedBy.key,
  agent: 'al-agent',
  /** On secrets: the job they were made for (reap keeps the secrets of a live job). */
  job: 'al-job',
  /** On secrets: the credential they hold. */
  credential: 'al-credential',
  /** On a scale slot (src/scale/): the slots it is one of, which a waiting run lists. */
  scale: 'al-scale',
  ...runKeys,
} as const;

export const annotationKeys = {
  ...runKeys,
  /** On secrets (a job carries its timeout in its template). */
  timeout: 'timeout-seconds',
  /** On jobs: the agent's name as the workflow spelled it (the job id holds a slug of it). */
  agent: 'cloud-run-agent/agent',
  /** On a scale slot: a random id of the run holding it, so the run knows its own slot. */
  holder: 'holder',
  /** On a scale slot: the job (full name) whose execution it guards, once the run has named it. */
  job: 'job',
  /** On a scale slot: the ttl it was last given, so expire_time less this is when that was. */
  ttl: 'ttl-seconds',
} as const;

/**
 * A run's secrets expire this long after its timeout (from their creation), so Google deletes them
 * even if nothing else does; reap subtracts it again to recover the timeout of a secret without
 * the timeout annotation.
 */
export const secretTtlMarginSeconds = 30 * 60;

/** The labels of everything a run creates. */
export function runLabels(agent: string, env: NodeJS.ProcessEnv): Record<string, string> {
  return {
    [labelKeys.managedBy]: managedBy.value,
    [labelKeys.agent]: labelValue(slug(agent)),
    [labelKeys.repository]: labelValue(env.GITHUB_REPOSITORY ?? 'local'),
    [labelKeys.runId]: labelValue(env.GITHUB_RUN_ID ?? 'local'),
    [labelKeys.runAttempt]: labelValue(env.GITHUB_RUN_ATTEMPT ?? '1'),
  };
}

/** Whether a user's label would clash with one of the action's (the gh- prefix is kept whole). */
export const isReservedLabel = (key: string): boolean =>
  key.startsWith(labelKeys.managedBy) || key.startsWith('gh-') || key === labelKeys.agent;

/** The workflow run that created a resource. */
export interface RunRef {
  repository: string;
  runId: string;
  attempt: number;
}

/** Annotations naming the workflow run of this process (none outside GitHub Actions). */
export function runAnnotations(env: NodeJS.ProcessEnv): Record<string, string> {
  const ref = currentRun(env);
  if (!ref) return {};
  return {
    [annotationKeys.repository]: ref.repository,
    [annotationKeys.runId]: ref.runId,
    [annotationKeys.runAttempt]: String(ref.attempt),
  };
}

export function currentRun(env: NodeJS.ProcessEnv): RunRef | undefined {
  return runOf({
    [annotationKeys.repository]: env.GITHUB_REPOSITORY ?? '',
    [annotationKeys.runId]: env.GITHUB_RUN_ID ?? '',
    [annotationKeys.runAttempt]: env.GITHUB_RUN_ATTEMPT || '1',
  });
}

/** The run named by a resource's annotations, when they name one well-formed. */
export function runOf(annotations: Record<string, string> | null | undefined): RunRef | undefined {
  const repository = annotations?.[annotationKeys.repository] ?? '';
  const runId = annotations?.[annotationKeys.runId] ?? '';
  const attempt = Number(annotations?.[annotationKeys.runAttempt] || '1');
  if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repository) || !/^\d{1,20}$/.test(runId)) return undefined;
  if (!Number.isInteger(attempt) || attempt < 1) return undefined;
  return { repository, runId, attempt };
}

export const runText = (run: RunRef): string =>
  `${run.repository} run ${run.runId}${run.attempt > 1 ? ` (attempt ${run.attempt})` : ''}`;

/**
 * Whether a secret is one a run made, so that reap may delete it: it carries the managed-by label
 * and its id is `<its al-job label>-c<n>-…`, as src/credentials/ephemeral.ts names the run's secrets. A secret
 * of the user's (input "secrets", or any other) fails one or both, even one given our labels by hand.
 */
export function isRunSecret(secret: {
  name?: string | null;
  labels?: Record<string, string> | null;
}): boolean {
  const labels = secret.labels ?? {};
  const job = labels[labelKeys.job] ?? '';
  const id = (secret.name ?? '').split('/').pop() ?? '';
  return (
    labels[managedBy.key] === managedBy.value &&
    /^al-[a-z0-9-]+$/.test(job) &&
    id.startsWith(`${job}-c`) &&
    /^\d+-/.test(id.slice(job.length + 2))
  );
}
