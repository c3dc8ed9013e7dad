import assert from 'node:assert/strict';
import { test } from 'node:test';
import { consoleUrl, jobLogFilter, logsUrl } from '../../../src/job/links.ts';

test('consoleUrl: the execution tasks page from the execution resource name', () => {
  assert.equal(
    consoleUrl(
      'my-project',
      'us-central1',
      'projects/my-project/locations/us-central1/jobs/al-x-1-1-ab12/executions/al-x-1-1-ab12-q9z8w',
    ),
    'https://console.cloud.google.com/run/jobs/executions/details/us-central1/al-x-1-1-ab12-q9z8w/tasks?project=my-project',
  );
});

test('jobLogFilter selects the job in its region', () => {
  assert.equal(
    jobLogFilter('al-x-1-1-ab12', 'europe-west1'),
    'resource.type="cloud_run_job" AND resource.labels.job_name="al-x-1-1-ab12" AND resource.labels.location="europe-west1"',
  );
});

test('logsUrl: the query URL-encoded as a matrix parameter, then the start time', () => {
  const filter = jobLogFilter('al-x', 'us-central1');
  const url = logsUrl('my-project', filter, '2026-04-01T10:00:00.000Z');
  assert.equal(
    url,
    'https://console.cloud.google.com/logs/query;query=resource.type%3D%22cloud_run_job%22%20AND%20resource.labels.job_name%3D%22al-x%22%20AND%20resource.labels.location%3D%22us-central1%22;startTime=2026-04-01T10:00:00.000Z?project=my-project',
  );
  // Nothing in the query can end the matrix parameter or start the query string early.
  const query = /;query=([^;]*);startTime=/.exec(url)![1]!;
  assert.equal(decodeURIComponent(query), filter);
  assert.equal(decodeURIComponent(/;query=([^;?]*)/.exec(logsUrl('p', 'a;b?c=d', 'T'))![1]!), 'a;b?c=d');
});
