// Console links for a run. The job and its executions are deleted by the post step, so the logs
// link (which outlives them) is the one to keep.

export function consoleUrl(project: string, region: string, execution: string): string {
  const executionId = execution.split('/').pop() ?? '';
  return `https://console.cloud.google.com/run/jobs/executions/details/${region}/${executionId}/tasks?project=${project}`;
}

export function logsUrl(project: string, filter: string, fromIso: string): string {
  const query = encodeURIComponent(filter);
  return `https://console.cloud.google.com/logs/query;query=${query};startTime=${fromIso}?project=${project}`;
}

export const jobLogFilter = (jobId: string, region: string): string =>
  `resource.type="cloud_run_job" AND resource.labels.job_name="${jobId}" AND resource.labels.location="${region}"`;
