// Where the job, secrets and images live: the region and registry checked against Google's lists,
// the policy refusal of Google's reworded into its fix.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CLOUD_RUN_REGIONS,
  editDistance,
  explainLocationPolicy,
  nearest,
  regionProblem,
  registryProblem,
} from '../../../src/google/locations.ts';
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

describe('regions: a typo answered with the nearest listed region, a newer region let through', () => {
  test('the list holds regions only, each once', () => {
    assert.equal(new Set(CLOUD_RUN_REGIONS).size, CLOUD_RUN_REGIONS.length);
    for (const region of CLOUD_RUN_REGIONS) {
      assert.match(region, /^[a-z]+-[a-z]+\d+$/);
      assert.equal(regionProblem(region), undefined, region);
    }
  });

  test('a region 1 edit from a listed one, or one folded to a listed one, is refused with it', () => {
    for (const [typo, meant] of [
      ['us-centrl1', 'us-central1'],
      ['us-cnetral1', 'us-central1'],
      ['europe-wset1', 'europe-west1'],
      ['asia-northeas1', 'asia-northeast1'],
      ['US-Central1', 'us-central1'],
      ['us_central1', 'us-central1'],
      [' us central1', 'us-central1'],
      ['us-central', 'us-central1'],
    ])
      assert.equal(
        regionProblem(typo!),
        `Input "region": "${typo}" is not a Cloud Run region. Did you mean "${meant}"?`,
      );
    assert.equal(
      regionProblem('us-est1'),
      'Input "region": "us-est1" is not a Cloud Run region. Did you mean "us-east1" or "us-west1"?',
    );
  });

  test('a region newer than the list is taken: of a listed family, or unlike every listed one', () => {
    for (const region of [
      'europe-north2',
      'asia-southeast3',
      'us-east7',
      'northamerica-south1',
      'asia-west1',
    ])
      assert.equal(regionProblem(region), undefined, region);
  });

  test('far from every region, or near several: no guess', () => {
    assert.equal(
      regionProblem('europe-west'),
      'Input "region": "europe-west" is not a Cloud Run region such as "us-central1".',
    );
    assert.equal(regionProblem(''), 'Input "region" is required: the Cloud Run region, e.g. "us-central1".');
  });

  test('registry hosts: a typo in the location or the domain names the host meant', () => {
    assert.match(
      registryProblem('us-centrl1-docker.pkg.dev')!,
      /Did you mean "us-central1-docker\.pkg\.dev"\?$/,
    );
    assert.match(registryProblem('eurpoe-docker.pkg.dev')!, /Did you mean "europe-docker\.pkg\.dev"\?$/);
    assert.match(registryProblem('us-docker.pkg.dev.')!, /Did you mean "us-docker\.pkg\.dev"\?$/);
    assert.match(
      registryProblem('https://us-central1-docker.pkg.dev/my-project/agents')!,
      /Did you mean "us-central1-docker\.pkg\.dev"\?$/,
    );
    assert.doesNotMatch(registryProblem('ghcr.io')!, /Did you mean/);
    for (const ok of [
      'us-docker.pkg.dev',
      'europe-west4-docker.pkg.dev',
      'europe-north2-docker.pkg.dev',
      '127.0.0.1:5000',
      '',
    ])
      assert.equal(registryProblem(ok), undefined, ok);
  });
});

test('editDistance counts insertions, deletions, substitutions and swaps of neighbours', () => {
  assert.equal(editDistance('us-central1', 'us-central1'), 0);
  assert.equal(editDistance('us-centrl1', 'us-central1'), 1);
  assert.equal(editDistance('us-cnetral1', 'us-central1'), 1);
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(editDistance('', 'abc'), 3);
  assert.deepEqual(nearest('europe-west', CLOUD_RUN_REGIONS), [], 'seven regions 1 edit away: no guess');
});
