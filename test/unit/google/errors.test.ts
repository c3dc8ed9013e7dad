import assert from 'node:assert/strict';
import { test } from 'node:test';
import { failureMessage, firstUseAdvice } from '../../../src/google/errors.ts';
import { CloudError } from '../../../src/google/retry.ts';

// Errors shaped as google-gax hands them over: code, details, and the decoded ErrorInfo.
const googleError = (
  code: number,
  details: string,
  errorInfo?: { reason: string; metadata: Record<string, string> },
) =>
  Object.assign(new Error(`${code} ${details}`), {
    code,
    details,
    ...(errorInfo && {
      reason: errorInfo.reason,
      domain: 'googleapis.com',
      errorInfoMetadata: errorInfo.metadata,
    }),
  });

test('no credentials: add the auth step with id-token: write', () => {
  const error = new Error(
    'Could not load the default credentials. Browse to https://cloud.google.com/docs/authentication/getting-started for more information.',
  );
  const message = failureMessage(error);
  assert.match(message, /google-github-actions\/auth/);
  assert.match(message, /id-token: write/);
  assert.doesNotMatch(message, /\n\s+at /);
});

test('SERVICE_DISABLED: which API and the gcloud services enable line', () => {
  const error = googleError(
    7,
    'Secret Manager API has not been used in project 123456 before or it is disabled.',
    {
      reason: 'SERVICE_DISABLED',
      metadata: {
        service: 'secretmanager.googleapis.com',
        consumer: 'projects/123456',
        activationUrl:
          'https://console.developers.google.com/apis/api/secretmanager.googleapis.com/overview?project=123456',
      },
    },
  );
  const advice = firstUseAdvice(error)!;
  assert.match(advice, /secretmanager\.googleapis\.com API is not enabled in project 123456/);
  assert.match(advice, /gcloud services enable secretmanager\.googleapis\.com --project 123456/);
  assert.match(
    new CloudError('Creating secret s', error).message,
    /^Creating secret s failed: PERMISSION_DENIED: .*\ngcloud|enable/,
  );
});

test('a project that does not exist or is not accessible', () => {
  const error = googleError(7, 'Permission denied on resource project no-such-project.', {
    reason: 'CONSUMER_INVALID',
    metadata: { consumer: 'projects/no-such-project', service: 'run.googleapis.com' },
  });
  assert.match(firstUseAdvice(error)!, /Project no-such-project does not exist.*project_id/s);
});

test('PERMISSION_DENIED: the permission, what needs it, and the role that grants it', () => {
  const error = googleError(
    7,
    "Permission 'run.jobs.create' denied on resource 'projects/p/locations/r/jobs/j'.",
    {
      reason: 'IAM_PERMISSION_DENIED',
      metadata: { permission: 'run.jobs.create' },
    },
  );
  const advice = firstUseAdvice(error)!;
  assert.match(advice, /lacks the permission run\.jobs\.create \(for CreateJob\)/);
  assert.match(advice, /roles\/run\.developer/);
  assert.match(
    firstUseAdvice(googleError(7, "Permission 'secretmanager.secrets.create' denied"))!,
    /roles\/secretmanager\.admin/,
  );
  assert.match(
    firstUseAdvice(googleError(7, "Permission 'iam.serviceAccounts.actAs' denied on service account x"))!,
    /roles\/iam\.serviceAccountUser/,
  );
});

test('a missing Artifact Registry repository: the create command', () => {
  const error = googleError(5, 'Repository "projects/p1-proj/locations/us/repositories/agents" not found');
  assert.match(
    firstUseAdvice(error)!,
    /gcloud artifacts repositories create agents --repository-format=docker --location=us --project p1-proj/,
  );
});

test('GetRepository refused: artifactregistry.repositories.get, what it is for, and the writer role', () => {
  const error = new CloudError(
    'Reading the repository projects/p/locations/us/repositories/agents',
    googleError(
      7,
      "Permission 'artifactregistry.repositories.get' denied on resource '//artifactregistry.googleapis.com/projects/p/locations/us/repositories/agents' (or it may not exist).",
      { reason: 'IAM_PERMISSION_DENIED', metadata: { permission: 'artifactregistry.repositories.get' } },
    ),
  );
  assert.match(
    failureMessage(error),
    /lacks the permission artifactregistry\.repositories\.get \(for GetRepository, before a build: that the repository exists\)\. Grant it roles\/artifactregistry\.writer/,
  );
});

test('anything else is left as it is', () => {
  assert.equal(firstUseAdvice(googleError(14, 'Connection reset')), undefined);
  assert.equal(failureMessage(new Error('Input "region" is required.')), 'Input "region" is required.');
});

test('secret access refused at CreateJob: the run secrets by name prefix, one grant with a condition', () => {
  const details =
    'spec.template.spec.volumes[0].secret.items[0].key: Permission denied on secret: projects/my-proj/secrets/al-nightly-123-1-ab12-c1-github-token-default/versions/1 for Revision service account runner@my-proj.iam.gserviceaccount.com.\n' +
    'spec.template.spec.volumes[1].secret.items[0].key: Permission denied on secret: projects/my-proj/secrets/al-nightly-123-1-ab12-c2-git-ssh-botty/versions/1 for Revision service account runner@my-proj.iam.gserviceaccount.com.';
  const advice = firstUseAdvice(googleError(9, details))!;
  assert.equal(advice.split('\n').length, 1, advice);
  assert.match(advice, /runner@my-proj\.iam\.gserviceaccount\.com/);
  assert.match(advice, /al-nightly-123-1-ab12-c1-github-token-default/);
  assert.match(advice, /roles\/secretmanager\.secretAccessor/);
  assert.ok(
    advice.includes(
      `gcloud projects add-iam-policy-binding my-proj --member=serviceAccount:runner@my-proj.iam.gserviceaccount.com --role=roles/secretmanager.secretAccessor --condition='expression=resource.name.startsWith("projects/PROJECT_NUMBER/secrets/al-nightly-"),title=cloud-run-agent-secrets'`,
    ),
    advice,
  );
  assert.match(advice, /gcloud projects describe my-proj --format='value\(projectNumber\)'/);
});

test('secret access refused: the default compute account gives the project number', () => {
  const details =
    'spec.template.spec.volumes[0].secret.items[0].key: Permission denied on secret: projects/p1/secrets/al-a-9-2-00ff-c1-x-default/versions/3 for Revision service account 4242-compute@developer.gserviceaccount.com.';
  const advice = firstUseAdvice(googleError(9, details))!;
  assert.match(advice, /startsWith\("projects\/4242\/secrets\/al-a-"\)/);
  assert.doesNotMatch(advice, /PROJECT_NUMBER/);
});

test('secret access refused, worded for a job: the same advice', () => {
  const details =
    'spec.template.spec.volumes[0].secret.items[0].key: Permission denied on secret projects/p1/secrets/al-a-9-2-00ff-c1-x-default/versions/3 for Job service account runner@p1.iam.gserviceaccount.com';
  assert.match(
    firstUseAdvice(googleError(9, details))!,
    /runner@p1\.iam\.gserviceaccount\.com may not read the run's secret al-a-9-2-00ff-c1-x-default/,
  );
});

test("secret access refused on the user's own secret: a grant on that secret", () => {
  const details =
    'spec.template.spec.volumes[0].secret.items[0].key: Permission denied on secret: projects/p1/secrets/anthropic-key/versions/latest for Revision service account runner@p1.iam.gserviceaccount.com.';
  const advice = firstUseAdvice(googleError(9, details))!;
  assert.match(
    advice,
    /gcloud secrets add-iam-policy-binding anthropic-key --project p1 --member=serviceAccount:runner@p1\.iam\.gserviceaccount\.com --role=roles\/secretmanager\.secretAccessor$/,
  );
  assert.doesNotMatch(advice, /condition/);
});

test('actAs refused: the job service account and roles/iam.serviceAccountUser on it', () => {
  const error = googleError(
    7,
    "Permission 'iam.serviceaccounts.actAs' denied on service account runner@p1.iam.gserviceaccount.com (or it may not exist).",
  );
  const advice = firstUseAdvice(error)!;
  assert.match(
    advice,
    /gcloud iam service-accounts add-iam-policy-binding runner@p1\.iam\.gserviceaccount\.com --member=serviceAccount:DEPLOYER --role=roles\/iam\.serviceAccountUser/,
  );
});
