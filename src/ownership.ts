// How a run marks what it creates, so that reap mode can tell whose run a job or a secret belongs
// to and whether that run is over. Labels are for filtering (lowercase, so they cannot hold
// `owner/repo`); annotations keep the exact repository, run id and attempt. The keys are valid both
// as Cloud Run annotations and as Secret Manager annotations (no "/": Secret Manager refuses it).

export const managedBy = { key: 'managed-by', value: 'cloud-run-agent' } as const;

export const annotationKeys = {
  repository: 'gh-repository',
  runId: 'gh-run-id',
  runAttempt: 'gh-run-attempt',
  /** On secrets (a job carries its timeout in its template). */
  timeout: 'timeout-seconds',
} as const;

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
