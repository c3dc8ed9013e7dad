// Where secrets and images live: the policy refusal of Google's, reworded into its fix.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explainLocationPolicy } from '../../../src/google/locations.ts';
import { CloudError } from '../../../src/google/retry.ts';
import { Code } from '../../../src/google/errors.ts';

// Google's answer, as firebase/firebase-tools#6454 quotes it.
const refusal = (where: string) =>
  new CloudError(
    'Creating secret s',
    Object.assign(new Error('x'), {
      code: Code.FAILED_PRECONDITION,
      details: `Constraint constraints/gcp.resourceLocations violated for [orgpolicy:projects/123] attempting to create a secret in [${where}]. For more information, see https://cloud.google.com/resource-manager/docs/organization-policy/defining-locations.`,
    }),
  );

test('automatic replication refused: names the policy, global, and secret_locations', () => {
  const explained = explainLocationPolicy(refusal('global'), []) as Error;
  assert.match(explained.message, /^The organisation policy constraints\/gcp\.resourceLocations/);
  assert.match(explained.message, /does not allow secrets in global/);
  assert.match(explained.message, /secret_locations: us-central1/);
  assert.match(
    explained.message,
    /Creating secret s failed: FAILED_PRECONDITION: Constraint/,
    "keeps Google's words",
  );
});

test('a listed location refused: names the locations given', () => {
  const explained = explainLocationPolicy(refusal('europe-west1'), ['europe-west1']) as Error;
  assert.match(explained.message, /does not allow secrets in europe-west1/);
  assert.match(explained.message, /\(now: europe-west1\)/);
});

test('any other error is left as it is', () => {
  const other = new CloudError(
    'Creating secret s',
    Object.assign(new Error('no'), { code: Code.FAILED_PRECONDITION }),
  );
  assert.equal(explainLocationPolicy(other, []), other);
  const denied = new CloudError(
    'Creating secret s',
    Object.assign(new Error('no'), { code: Code.PERMISSION_DENIED }),
  );
  assert.equal(explainLocationPolicy(denied, []), denied);
});
