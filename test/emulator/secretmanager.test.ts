// Secret Manager in the emulator, driven by the official client (@google-cloud/secret-manager).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { SecretManagerServiceClient } from '@google-cloud/secret-manager';
import { grpc, type ClientOptions } from 'google-gax';
import type { Context } from './context.ts';
import { Faults } from './faults.ts';
import { Behaviours } from './behaviours.ts';
import { Iam } from './iam.ts';
import { defaultQuotas, startEmulator, type Emulator } from './index.ts';
import { LocationPolicy } from './locationpolicy.ts';
import { LogStore } from './logstore.ts';
import { Quotas } from './quotas.ts';
import { crc32c, secretManagerServices } from './secretmanager.ts';

const Code = grpc.status;
const noRetry = { retry: null } as const;

let emulator: Emulator;
let client: SecretManagerServiceClient;
const logged: string[] = [];

before(async () => {
  // Secret Manager needs no registry: an address that is never dialled keeps one from starting.
  // Tests add versions faster than Google's 2 per second per secret; the quota test restores it.
  emulator = await startEmulator({
    ingestionLagMs: 0,
    registry: '127.0.0.1:9',
    quotas: { addVersionPerSecondPerSecret: 1000 },
    log: (line) => logged.push(line),
  });
  client = new SecretManagerServiceClient(emulator.clientOptions('test-project') as ClientOptions);
});

after(async () => {
  await client?.close();
  await emulator?.stop();
});

/** Asserts a call fails with a gRPC code (and, given, a message matching `pattern`). */
async function rejects(call: Promise<unknown>, code: grpc.status, pattern?: RegExp): Promise<void> {
  await assert.rejects(call, (error: { code?: number; details?: string; message: string }) => {
    assert.equal(error.code, code, `expected ${Code[code]}, got ${error.code}: ${error.message}`);
    if (pattern) assert.match(error.details ?? error.message, pattern);
    return true;
  });
}

let counter = 0;
/** Creates a secret with automatic replication in `project`; returns its name. */
async function create(
  project: string,
  extra: Record<string, unknown> = {},
  id = `s${++counter}`,
): Promise<string> {
  const [secret] = await client.createSecret(
    { parent: `projects/${project}`, secretId: id, secret: { replication: { automatic: {} }, ...extra } },
    noRetry,
  );
  return secret.name!;
}

async function add(parent: string, data: string | Buffer, dataCrc32c?: number): Promise<string> {
  const payload =
    dataCrc32c === undefined ? { data: Buffer.from(data) } : { data: Buffer.from(data), dataCrc32c };
  const [version] = await client.addSecretVersion({ parent, payload }, noRetry);
  return version.name!;
}

async function access(name: string): Promise<{ name: string; data: string; crc: string }> {
  const [response] = await client.accessSecretVersion({ name }, noRetry);
  return {
    name: response.name!,
    data: Buffer.from(response.payload!.data as Uint8Array).toString(),
    crc: String(response.payload!.dataCrc32c),
  };
}

describe('CRC32C', () => {
  test('matches the Castagnoli check value and the example of the data-integrity page', () => {
    assert.equal(crc32c(Buffer.from('123456789')), 0xe3069283);
    assert.equal(crc32c(Buffer.from('a\n')), 163439259);
    assert.equal(crc32c(Buffer.alloc(0)), 0);
  });
});

describe('secrets', () => {
  const project = 'sm-secrets';

  test('CreateSecret then GetSecret returns what was created, with createTime and a quoted etag', async () => {
    const before = Date.now();
    const name = await create(
      project,
      { labels: { env: 'prod', 'run-id': '42' }, annotations: { 'owner.team': 'x' } },
      'api_KEY-1',
    );
    assert.equal(name, `projects/${project}/secrets/api_KEY-1`);
    const [secret] = await client.getSecret({ name }, noRetry);
    assert.deepEqual(secret.labels, { env: 'prod', 'run-id': '42' });
    assert.deepEqual(secret.annotations, { 'owner.team': 'x' });
    assert.ok(secret.replication?.automatic, 'automatic replication');
    assert.match(secret.etag!, /^".+"$/);
    const created = Number(secret.createTime!.seconds) * 1000;
    assert.ok(created >= Math.floor(before / 1000) * 1000 && created <= Date.now(), 'createTime is now');
    assert.ok(!secret.expireTime, 'no expiry');
  });

  test('user-managed replication is kept and reported on versions', async () => {
    const name = await create(project, {
      replication: { userManaged: { replicas: [{ location: 'us-east1' }, { location: 'europe-west1' }] } },
    });
    const [secret] = await client.getSecret({ name }, noRetry);
    assert.deepEqual(
      secret.replication?.userManaged?.replicas?.map((r) => r.location),
      ['us-east1', 'europe-west1'],
    );
    const [version] = await client.getSecretVersion({ name: await add(name, 'x') }, noRetry);
    assert.equal(version.replicationStatus?.userManaged?.replicas?.length, 2);
  });

  test('CreateSecret validates the id, replication, labels and annotations', async () => {
    const parent = `projects/${project}`;
    const automatic = { replication: { automatic: {} } };
    await rejects(
      client.createSecret({ parent, secretId: 'has space', secret: automatic }, noRetry),
      Code.INVALID_ARGUMENT,
      /secret id/,
    );
    await rejects(
      client.createSecret({ parent, secretId: 'x'.repeat(256), secret: automatic }, noRetry),
      Code.INVALID_ARGUMENT,
    );
    await rejects(
      client.createSecret({ parent, secretId: 'ok', secret: {} }, noRetry),
      Code.INVALID_ARGUMENT,
      /replication/,
    );
    await rejects(
      client.createSecret(
        { parent, secretId: 'ok', secret: { replication: { userManaged: { replicas: [] } } } },
        noRetry,
      ),
      Code.INVALID_ARGUMENT,
    );
    const invalid: Record<string, string>[] = [
      { Env: 'x' },
      { '1env': 'x' },
      { env: 'Prod' },
      { env: 'a'.repeat(64) },
      { ['k'.repeat(64)]: 'v' },
      { 'a.b': 'v' },
    ];
    for (const labels of invalid) {
      await rejects(
        client.createSecret({ parent, secretId: 'ok', secret: { ...automatic, labels } }, noRetry),
        Code.INVALID_ARGUMENT,
        /label/,
      );
    }
    const tooMany = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, 'v']));
    await rejects(
      client.createSecret({ parent, secretId: 'ok', secret: { ...automatic, labels: tooMany } }, noRetry),
      Code.INVALID_ARGUMENT,
      /64 labels/,
    );
    await rejects(
      client.createSecret(
        { parent, secretId: 'ok', secret: { ...automatic, annotations: { '-bad': 'v' } } },
        noRetry,
      ),
      Code.INVALID_ARGUMENT,
      /annotation/,
    );
    await rejects(
      client.createSecret({ parent: 'projects', secretId: 'ok', secret: automatic }, noRetry),
      Code.INVALID_ARGUMENT,
      /expected format/,
    );
    await rejects(
      client.createSecret(
        { parent: `${parent}/locations/us-east1`, secretId: 'ok', secret: automatic },
        noRetry,
      ),
      Code.UNIMPLEMENTED,
    );
    await rejects(
      client.createSecret(
        { parent, secretId: 'ok', secret: { ...automatic, topics: [{ name: 'projects/p/topics/t' }] } },
        noRetry,
      ),
      Code.UNIMPLEMENTED,
    );
    // 64 labels of the longest key and value are fine.
    const most = Object.fromEntries(
      Array.from({ length: 64 }, (_, i) => [
        `k${String(i).padStart(2, '0')}${'x'.repeat(60)}`,
        'v'.repeat(63),
      ]),
    );
    await create(project, { labels: most });
  });

  test("ALREADY_EXISTS and NOT_FOUND use Google's wording", async () => {
    const name = await create(project, {}, 'twice');
    await rejects(
      create(project, {}, 'twice'),
      Code.ALREADY_EXISTS,
      new RegExp(`^Secret \\[${name}\\] already exists\\.$`),
    );
    await rejects(
      client.getSecret({ name: `projects/${project}/secrets/nope` }, noRetry),
      Code.NOT_FOUND,
      /^Secret \[projects\/sm-secrets\/secrets\/nope\] not found\.$/,
    );
    await rejects(
      client.getSecret({ name: 'projects/x/secret/y' }, noRetry),
      Code.INVALID_ARGUMENT,
      /expected format \[projects\/\*\/secrets\/\*\]/,
    );
  });

  test('DeleteSecret checks the etag and removes the secret with its versions', async () => {
    const name = await create(project);
    const version = await add(name, 'payload');
    const [secret] = await client.getSecret({ name }, noRetry);
    await rejects(client.deleteSecret({ name, etag: '"stale"' }, noRetry), Code.FAILED_PRECONDITION, /etag/);
    await client.deleteSecret({ name, etag: secret.etag! }, noRetry);
    await rejects(client.getSecret({ name }, noRetry), Code.NOT_FOUND);
    await rejects(client.accessSecretVersion({ name: version }, noRetry), Code.NOT_FOUND);
    await rejects(client.deleteSecret({ name }, noRetry), Code.NOT_FOUND);
  });

  test('UpdateSecret changes the masked fields, renews the etag and refuses the rest', async () => {
    const name = await create(project, { labels: { a: '1' } });
    const [before] = await client.getSecret({ name }, noRetry);
    const [updated] = await client.updateSecret(
      { secret: { name, labels: { b: '2' } }, updateMask: { paths: ['labels'] } },
      noRetry,
    );
    assert.deepEqual(updated.labels, { b: '2' });
    assert.notEqual(updated.etag, before.etag);
    await rejects(
      client.updateSecret(
        { secret: { name, etag: before.etag }, updateMask: { paths: ['labels'] } },
        noRetry,
      ),
      Code.FAILED_PRECONDITION,
    );
    await rejects(
      client.updateSecret({ secret: { name }, updateMask: { paths: ['replication'] } }, noRetry),
      Code.INVALID_ARGUMENT,
      /cannot be updated/,
    );
    await rejects(
      client.updateSecret(
        { secret: { name, labels: { B: 'x' } }, updateMask: { paths: ['labels'] } },
        noRetry,
      ),
      Code.INVALID_ARGUMENT,
    );
    // An expiration can be added, then removed.
    const [expiring] = await client.updateSecret(
      { secret: { name, ttl: { seconds: 3600 } }, updateMask: { paths: ['ttl'] } },
      noRetry,
    );
    assert.ok(Number(expiring.expireTime?.seconds) > Date.now() / 1000 + 3500);
    const [kept] = await client.updateSecret(
      { secret: { name }, updateMask: { paths: ['expire_time'] } },
      noRetry,
    );
    assert.ok(!kept.expireTime, 'the expiry is removed');
  });

  test('version aliases resolve in GetSecretVersion and AccessSecretVersion', async () => {
    const name = await create(project);
    await add(name, 'one');
    await add(name, 'two');
    await rejects(
      client.updateSecret(
        { secret: { name, versionAliases: { prod: 9 } }, updateMask: { paths: ['version_aliases'] } },
        noRetry,
      ),
      Code.INVALID_ARGUMENT,
    );
    await rejects(
      client.updateSecret(
        { secret: { name, versionAliases: { latest: 1 } }, updateMask: { paths: ['version_aliases'] } },
        noRetry,
      ),
      Code.INVALID_ARGUMENT,
    );
    const [secret] = await client.updateSecret(
      { secret: { name, versionAliases: { prod: 1 } }, updateMask: { paths: ['version_aliases'] } },
      noRetry,
    );
    assert.equal(String(secret.versionAliases?.prod), '1');
    assert.deepEqual(await access(`${name}/versions/prod`).then((r) => [r.name, r.data]), [
      `${name}/versions/1`,
      'one',
    ]);
  });
});

describe('versions', () => {
  const project = 'sm-versions';

  test('versions number 1, 2, 3 and latest is the newest', async () => {
    const name = await create(project);
    assert.deepEqual(
      [await add(name, 'a'), await add(name, 'b'), await add(name, 'c')],
      [1, 2, 3].map((n) => `${name}/versions/${n}`),
    );
    assert.deepEqual(await access(`${name}/versions/latest`), {
      name: `${name}/versions/3`,
      data: 'c',
      crc: String(crc32c(Buffer.from('c'))),
    });
    assert.equal((await access(`${name}/versions/1`)).data, 'a');
    const [latest] = await client.getSecretVersion({ name: `${name}/versions/latest` }, noRetry);
    assert.equal(latest.name, `${name}/versions/3`);
    assert.equal(latest.state, 'ENABLED');
  });

  test('NOT_FOUND wording for a secret without versions and for a missing version', async () => {
    const name = await create(project);
    await rejects(
      client.accessSecretVersion({ name: `${name}/versions/latest` }, noRetry),
      Code.NOT_FOUND,
      /^Secret \[.+\] not found or has no versions\.$/,
    );
    await add(name, 'x');
    await rejects(
      client.accessSecretVersion({ name: `${name}/versions/7` }, noRetry),
      Code.NOT_FOUND,
      /^Secret Version \[.+\/versions\/7\] not found\.$/,
    );
    await rejects(
      client.accessSecretVersion({ name: `projects/${project}/secrets/none/versions/latest` }, noRetry),
      Code.NOT_FOUND,
      /not found or has no versions/,
    );
    await rejects(
      client.addSecretVersion(
        { parent: `projects/${project}/secrets/none`, payload: { data: Buffer.from('x') } },
        noRetry,
      ),
      Code.NOT_FOUND,
    );
  });

  test('the payload may be 64 KiB and no more', async () => {
    const name = await create(project);
    await add(name, Buffer.alloc(65536, 1));
    assert.equal(
      (await client.accessSecretVersion({ name: `${name}/versions/1` }, noRetry))[0].payload?.data?.length,
      65536,
    );
    await rejects(
      client.addSecretVersion({ parent: name, payload: { data: Buffer.alloc(65537, 1) } }, noRetry),
      Code.INVALID_ARGUMENT,
      /64 KiB/,
    );
    await rejects(client.addSecretVersion({ parent: name }, noRetry), Code.INVALID_ARGUMENT, /payload/);
  });

  test('a given checksum is verified: a match is recorded, a mismatch is DATA_LOSS', async () => {
    const name = await create(project);
    const good = await add(name, 'checked', crc32c(Buffer.from('checked')));
    const [version] = await client.getSecretVersion({ name: good }, noRetry);
    assert.equal(version.clientSpecifiedPayloadChecksum, true);
    const [plain] = await client.getSecretVersion({ name: await add(name, 'unchecked') }, noRetry);
    assert.equal(plain.clientSpecifiedPayloadChecksum, false);
    await rejects(add(name, 'checked', crc32c(Buffer.from('checked')) ^ 1), Code.DATA_LOSS, /[Cc]hecksum/);
    assert.equal((await access(good)).crc, String(crc32c(Buffer.from('checked'))));
  });

  test('DISABLED and DESTROYED versions cannot be accessed; DESTROYED is final', async () => {
    const name = await create(project);
    const v1 = await add(name, 'one');
    const [disabled] = await client.disableSecretVersion({ name: v1 }, noRetry);
    assert.equal(disabled.state, 'DISABLED');
    await rejects(
      client.accessSecretVersion({ name: v1 }, noRetry),
      Code.FAILED_PRECONDITION,
      /^Secret Version \[.+\/versions\/1\] is in DISABLED state\.$/,
    );
    await rejects(
      client.enableSecretVersion({ name: v1, etag: '"old"' }, noRetry),
      Code.FAILED_PRECONDITION,
      /etag/,
    );
    await client.enableSecretVersion({ name: v1, etag: disabled.etag! }, noRetry);
    assert.equal((await access(v1)).data, 'one');
    const [destroyed] = await client.destroySecretVersion({ name: v1 }, noRetry);
    assert.equal(destroyed.state, 'DESTROYED');
    assert.ok(destroyed.destroyTime, 'destroyTime is set');
    // latest is the newest version whatever its state.
    await rejects(
      client.accessSecretVersion({ name: `${name}/versions/latest` }, noRetry),
      Code.FAILED_PRECONDITION,
      /DESTROYED state/,
    );
    await rejects(client.enableSecretVersion({ name: v1 }, noRetry), Code.FAILED_PRECONDITION, /DESTROYED/);
    await rejects(
      client.disableSecretVersion({ name: `${name}/versions/latest` }, noRetry),
      Code.INVALID_ARGUMENT,
    );
  });

  test('ListSecretVersions lists newest first, filters by state and pages', async () => {
    const name = await create(project);
    for (const data of ['1', '2', '3', '4']) await add(name, data);
    await client.disableSecretVersion({ name: `${name}/versions/2` }, noRetry);
    const [all, , first] = await client.listSecretVersions(
      { parent: name },
      { autoPaginate: false, ...noRetry },
    );
    assert.deepEqual(
      all.map((v) => v.name!.split('/').at(-1)),
      ['4', '3', '2', '1'],
    );
    assert.equal(first?.totalSize, 4);
    const [enabled] = await client.listSecretVersions({ parent: name, filter: 'state:ENABLED' }, noRetry);
    assert.deepEqual(
      enabled.map((v) => v.name!.split('/').at(-1)),
      ['4', '3', '1'],
    );
    const [page, next] = await client.listSecretVersions(
      { parent: name, pageSize: 3 },
      { autoPaginate: false, ...noRetry },
    );
    assert.equal(page.length, 3);
    const [rest, end] = await client.listSecretVersions(
      { parent: name, pageSize: 3, pageToken: next!.pageToken },
      { autoPaginate: false, ...noRetry },
    );
    assert.deepEqual(
      rest.map((v) => v.name!.split('/').at(-1)),
      ['1'],
    );
    assert.equal(end, null);
    await rejects(
      client.listSecretVersions({ parent: name, filter: 'state:GONE' }, noRetry),
      Code.INVALID_ARGUMENT,
    );
  });
});

describe('ListSecrets', () => {
  const project = 'sm-list';
  const parent = `projects/${project}`;
  const ids = (secrets: { name?: string | null }[]) => secrets.map((s) => s.name!.split('/').at(-1)).sort();

  before(async () => {
    await create(project, { labels: { env: 'prod', team: 'a' } }, 'alpha-prod');
    await create(project, { labels: { env: 'dev', team: 'a' } }, 'beta-dev');
    await create(project, { labels: { env: 'prod' } }, 'gamma-prod');
    await create(
      project,
      { replication: { userManaged: { replicas: [{ location: 'us-east1' }] } } },
      'delta',
    );
    await create(project, { ttl: { seconds: 3600 } }, 'epsilon');
    await create('sm-other', {}, 'elsewhere');
  });

  const list = async (filter: string) => ids((await client.listSecrets({ parent, filter }, noRetry))[0]);

  test("lists the project's secrets newest first, with totalSize", async () => {
    const [secrets, , response] = await client.listSecrets({ parent }, { autoPaginate: false, ...noRetry });
    assert.deepEqual(
      secrets.map((s) => s.name!.split('/').at(-1)),
      ['epsilon', 'delta', 'gamma-prod', 'beta-dev', 'alpha-prod'],
    );
    assert.equal(response?.totalSize, 5);
  });

  test('pages with pageSize and pageToken', async () => {
    const seen: string[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const [page, next] = await client.listSecrets(
        { parent, pageSize: 2, pageToken },
        { autoPaginate: false, ...noRetry },
      );
      assert.ok(page.length <= 2);
      seen.push(...page.map((s) => s.name!));
      pageToken = next?.pageToken ?? undefined;
      pages++;
    } while (pageToken);
    assert.equal(pages, 3);
    assert.equal(new Set(seen).size, 5);
    await rejects(
      client.listSecrets({ parent, pageToken: 'garbage!' }, { autoPaginate: false, ...noRetry }),
      Code.INVALID_ARGUMENT,
    );
  });

  test('filters on labels, names, times, replication and their combinations', async () => {
    assert.deepEqual(await list('labels.env=prod'), ['alpha-prod', 'gamma-prod']);
    assert.deepEqual(await list('labels.team:*'), ['alpha-prod', 'beta-dev']);
    assert.deepEqual(await list('labels:team'), ['alpha-prod', 'beta-dev']);
    assert.deepEqual(await list('name:prod'), ['alpha-prod', 'gamma-prod']);
    assert.deepEqual(await list('name:alpha*prod'), ['alpha-prod']);
    assert.deepEqual(await list('labels.env=prod AND labels.team=a'), ['alpha-prod']);
    assert.deepEqual(await list('labels.env=prod labels.team=a'), ['alpha-prod']);
    assert.deepEqual(await list('labels.env=dev OR name:delta'), ['beta-dev', 'delta']);
    // AIP-160: OR binds tighter than AND.
    assert.deepEqual(await list('name:delta OR labels.env=prod AND labels.team=a'), ['alpha-prod']);
    assert.deepEqual(await list('NOT labels.env:*'), ['delta', 'epsilon']);
    assert.deepEqual(await list('-labels.env:* AND -name:delta'), ['epsilon']);
    assert.deepEqual(await list('labels.env:(dev OR prod) AND NOT (labels.team=a)'), ['gamma-prod']);
    assert.deepEqual(await list('labels.env != prod'), ['beta-dev', 'delta', 'epsilon']);
    assert.deepEqual(await list('replication.user_managed.replicas.location:us-east1'), ['delta']);
    assert.deepEqual(await list('replication.automatic:*'), [
      'alpha-prod',
      'beta-dev',
      'epsilon',
      'gamma-prod',
    ]);
    assert.deepEqual(await list('expire_time:*'), ['epsilon']);
    assert.deepEqual(
      await list(
        `create_time>"2000-01-01T00:00:00Z" AND create_time<${new Date(Date.now() + 60_000).toISOString()}`,
      ).then((l) => l.length),
      5,
    );
    assert.deepEqual(await list('create_time<2000-01-01T00:00:00Z'), []);
    const [filtered, , response] = await client.listSecrets(
      { parent, filter: 'labels.env=prod' },
      { autoPaginate: false, ...noRetry },
    );
    assert.equal(filtered.length, 2);
    assert.equal(response?.totalSize, 0, 'totalSize is 0 when a filter is set');
  });

  test('a filter it does not understand is INVALID_ARGUMENT, never match-all', async () => {
    for (const filter of [
      'bogus_field=1',
      'prod',
      'labels.env',
      'labels.env=prod AND',
      '(labels.env=prod',
      'name<abc',
      'create_time>yesterday',
      'labels.env="prod',
      'labels.env=prod )',
    ]) {
      await rejects(client.listSecrets({ parent, filter }, noRetry), Code.INVALID_ARGUMENT, /Invalid filter/);
    }
  });
});

describe('location policy (constraints/gcp.resourceLocations)', () => {
  const policyMessage = (project: string, location: string) =>
    new RegExp(
      `^Constraint constraints/gcp\\.resourceLocations violated for \\[orgpolicy:projects/${project}\\] attempting to create a secret in \\[${location}\\]\\. For more information, see https://cloud\\.google\\.com/resource-manager/docs/organization-policy/defining-locations\\.$`,
    );
  const userManaged = (...locations: string[]) => ({
    replication: { userManaged: { replicas: locations.map((location) => ({ location })) } },
  });

  test('none by default: automatic replication and any region are allowed', async () => {
    assert.equal(emulator.locationPolicy.allowedLocations, undefined);
    await create('test-project');
    await create('test-project', userManaged('asia-east1'));
  });

  test('automatic replication counts as global: refused unless global is allowed', async (t) => {
    emulator.locationPolicy.configure(['us-central1', 'europe-west1']);
    t.after(() => emulator.locationPolicy.configure(undefined));
    await rejects(
      create('policy-project'),
      Code.FAILED_PRECONDITION,
      policyMessage('policy-project', 'global'),
    );
    emulator.locationPolicy.configure(['global']);
    await create('policy-project');
  });

  test('user-managed replication: every location must be allowed; nothing is created otherwise', async (t) => {
    emulator.locationPolicy.configure(['us-central1', 'europe-west1']);
    t.after(() => emulator.locationPolicy.configure(undefined));
    const name = await create('policy-project', userManaged('europe-west1', 'us-central1'));
    const [secret] = await client.getSecret({ name }, noRetry);
    assert.deepEqual(
      secret.replication?.userManaged?.replicas?.map((r) => r.location),
      ['europe-west1', 'us-central1'],
    );
    await rejects(
      create('policy-project', userManaged('us-central1', 'asia-east1'), 'refused'),
      Code.FAILED_PRECONDITION,
      policyMessage('policy-project', 'asia-east1'),
    );
    await rejects(
      client.getSecret({ name: 'projects/policy-project/secrets/refused' }, noRetry),
      Code.NOT_FOUND,
    );
  });

  test('set at start with allowedLocations', async () => {
    const restricted = await startEmulator({
      ingestionLagMs: 0,
      registry: '127.0.0.1:9',
      allowedLocations: ['us-east1'],
    });
    const other = new SecretManagerServiceClient(restricted.clientOptions('test-project') as ClientOptions);
    try {
      await rejects(
        other.createSecret(
          { parent: 'projects/test-project', secretId: 'a', secret: { replication: { automatic: {} } } },
          noRetry,
        ),
        Code.FAILED_PRECONDITION,
        policyMessage('test-project', 'global'),
      );
      await other.createSecret(
        { parent: 'projects/test-project', secretId: 'b', secret: userManaged('us-east1') },
        noRetry,
      );
    } finally {
      await other.close();
      await restricted.stop();
    }
  });
});

describe('expiry', () => {
  test('a ttl under 60 seconds or an expireTime past 100 years is refused by default', async () => {
    await rejects(create('sm-expiry', { ttl: { seconds: 30 } }), Code.INVALID_ARGUMENT, /60 seconds/);
    await rejects(
      create('sm-expiry', { expireTime: { seconds: Math.floor(Date.now() / 1000) + 101 * 366 * 86400 } }),
      Code.INVALID_ARGUMENT,
      /100 years/,
    );
    const name = await create('sm-expiry', { ttl: { seconds: 120 } });
    const [secret] = await client.getSecret({ name }, noRetry);
    const expires = Number(secret.expireTime!.seconds);
    assert.ok(Math.abs(expires - (Date.now() / 1000 + 120)) < 5, 'expireTime = now + ttl');
  });

  test('a secret and its versions disappear at expiry, by timer and on access', async (t) => {
    emulator.quotas.configure({ secretMinExpirySeconds: 0 });
    t.after(() => emulator.quotas.configure({ secretMinExpirySeconds: 60 }));
    const byTimer = await create('sm-expiry', { ttl: { seconds: 1 } });
    const onAccess = await create('sm-expiry', {
      expireTime: { seconds: Math.floor(Date.now() / 1000) + 1, nanos: 500_000_000 },
    });
    const version = await add(onAccess, 'short-lived');
    assert.equal((await access(version)).data, 'short-lived');
    const resources = () =>
      emulator.resources().secretmanager as { secrets: { name: string; expireTime?: string }[] };
    assert.ok(
      resources().secrets.find((s) => s.name === byTimer)?.expireTime,
      'the inspector shows the expiry',
    );
    // The timer deletes the secret without any call.
    const deadline = Date.now() + 5000;
    while (!logged.some((line) => line.includes(`${byTimer} expired`)) && Date.now() < deadline)
      await sleep(50);
    assert.ok(
      logged.some((line) => line.includes(`${byTimer} expired`)),
      'expired by the timer',
    );
    await sleep(Math.max(0, 1600 - (Date.now() % 1000)));
    while (Date.now() < deadline) {
      try {
        await client.getSecret({ name: onAccess }, noRetry);
        await sleep(50);
      } catch {
        break;
      }
    }
    await rejects(client.getSecret({ name: onAccess }, noRetry), Code.NOT_FOUND);
    await rejects(client.accessSecretVersion({ name: version }, noRetry), Code.NOT_FOUND);
    await rejects(client.getSecret({ name: byTimer }, noRetry), Code.NOT_FOUND);
    assert.equal(
      resources().secrets.some((s) => s.name === byTimer || s.name === onAccess),
      false,
    );
  });
});

// What src/scale/ builds its slots on: a secret id is made once, etags guard every change, and an
// expired secret's id is free again. https://cloud.google.com/secret-manager/docs/etags,
// CreateSecretRequest.secret_id ("must be unique within the project"),
// https://cloud.google.com/secret-manager/docs/creating-and-managing-expiring-secrets.
describe('leases: create-if-absent, etags and expiry', () => {
  const project = 'sm-leases';
  const secretId = (name: string) => `projects/${project}/secrets/${name}`;

  test('of many CreateSecret calls for one id sent together, exactly one succeeds', async () => {
    const attempts = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        client.createSecret(
          {
            parent: `projects/${project}`,
            secretId: 'slot-race',
            secret: {
              replication: { automatic: {} },
              annotations: { holder: `h${i}` },
              ttl: { seconds: 600 },
            },
          },
          noRetry,
        ),
      ),
    );
    const won = attempts.flatMap((a) => (a.status === 'fulfilled' ? [a.value[0]] : []));
    const lost = attempts.filter((a) => a.status === 'rejected');
    assert.equal(won.length, 1);
    for (const a of lost) assert.equal((a.reason as { code?: number }).code, Code.ALREADY_EXISTS);
    const [secret] = await client.getSecret({ name: secretId('slot-race') }, noRetry);
    const holder = won[0]!.annotations?.holder;
    assert.equal(secret.annotations?.holder, holder, "the secret is the winner's");
  });

  test('a secret made again under the same id has a new etag: the old etag deletes nothing', async () => {
    const name = await create(project, { ttl: { seconds: 600 } }, 'slot-again');
    const [first] = await client.getSecret({ name }, noRetry);
    await client.deleteSecret({ name, etag: first.etag! }, noRetry);
    await create(project, { ttl: { seconds: 600 } }, 'slot-again');
    const [second] = await client.getSecret({ name }, noRetry);
    assert.notEqual(second.etag, first.etag);
    await rejects(
      client.deleteSecret({ name, etag: first.etag! }, noRetry),
      Code.FAILED_PRECONDITION,
      /etag/,
    );
    await client.getSecret({ name }, noRetry); // still there
  });

  test('UpdateSecret at the etag resets the expiry and annotations; a stale etag changes nothing', async () => {
    const name = await create(project, { ttl: { seconds: 120 }, annotations: { holder: 'a' } }, 'slot-bind');
    const [before] = await client.getSecret({ name }, noRetry);
    const [bound] = await client.updateSecret(
      {
        secret: { name, etag: before.etag!, annotations: { holder: 'a', job: 'j' }, ttl: { seconds: 7200 } },
        updateMask: { paths: ['annotations', 'ttl'] },
      },
      noRetry,
    );
    assert.notEqual(bound.etag, before.etag);
    assert.deepEqual(bound.annotations, { holder: 'a', job: 'j' });
    assert.ok(Math.abs(Number(bound.expireTime!.seconds) - (Date.now() / 1000 + 7200)) < 5, 'ttl from now');
    await rejects(
      client.updateSecret(
        {
          secret: { name, etag: before.etag!, annotations: { holder: 'b' } },
          updateMask: { paths: ['annotations'] },
        },
        noRetry,
      ),
      Code.FAILED_PRECONDITION,
    );
    const [after] = await client.getSecret({ name }, noRetry);
    assert.equal(after.annotations?.holder, 'a');
    assert.equal(after.etag, bound.etag);
  });

  test("AddSecretVersion leaves the secret's etag as it was", async () => {
    const name = await create(project, {}, 'slot-version');
    const [before] = await client.getSecret({ name }, noRetry);
    await add(name, 'data');
    const [after] = await client.getSecret({ name }, noRetry);
    assert.equal(after.etag, before.etag);
  });

  test("an expired secret's id can be made again at once, by another holder", async (t) => {
    emulator.quotas.configure({ secretMinExpirySeconds: 0 });
    t.after(() => emulator.quotas.configure({ secretMinExpirySeconds: 60 }));
    const name = await create(
      project,
      { ttl: { seconds: 1 }, annotations: { holder: 'crashed' } },
      'slot-expiry',
    );
    await rejects(create(project, { annotations: { holder: 'next' } }, 'slot-expiry'), Code.ALREADY_EXISTS);
    await sleep(1_100);
    await create(project, { annotations: { holder: 'next' } }, 'slot-expiry');
    const [secret] = await client.getSecret({ name }, noRetry);
    assert.equal(secret.annotations?.holder, 'next');
  });
});

describe('quotas', () => {
  test('AddSecretVersion past 2 per second on one secret is RESOURCE_EXHAUSTED; another secret is unaffected', async (t) => {
    assert.equal(defaultQuotas.addVersionPerSecondPerSecret, 2);
    emulator.quotas.configure({ addVersionPerSecondPerSecret: defaultQuotas.addVersionPerSecondPerSecret });
    t.after(() => emulator.quotas.configure({ addVersionPerSecondPerSecret: 1000 }));
    const [a, b] = [await create('sm-quota-add'), await create('sm-quota-add')];
    await add(a, '1');
    await add(a, '2');
    await rejects(add(a, '3'), Code.RESOURCE_EXHAUSTED, /add_version_requests_per_second/);
    await add(b, '1');
    await sleep(1100);
    await add(a, '3');
  });

  test('writes past the per-project write quota are RESOURCE_EXHAUSTED', async (t) => {
    emulator.quotas.configure({ secretWritesPerMinute: 3 });
    t.after(() => emulator.quotas.configure({ secretWritesPerMinute: 600 }));
    const name = await create('sm-quota-write');
    await add(name, 'x');
    await client.disableSecretVersion({ name: `${name}/versions/1` }, noRetry);
    await rejects(client.deleteSecret({ name }, noRetry), Code.RESOURCE_EXHAUSTED, /write_requests/);
    await rejects(create('sm-quota-write'), Code.RESOURCE_EXHAUSTED);
    // Other projects have their own quota.
    await create('sm-quota-write-2');
    assert.ok((emulator.quotas.exceeded.get('secretmanager.googleapis.com/write_requests') ?? 0) >= 2);
  });

  test('reads past the per-project read quota are RESOURCE_EXHAUSTED; access has its own quota', async (t) => {
    emulator.quotas.configure({ secretReadsPerMinute: 2 });
    t.after(() => emulator.quotas.configure({ secretReadsPerMinute: 600 }));
    const name = await create('sm-quota-read');
    await add(name, 'x');
    await client.getSecret({ name }, noRetry);
    await client.listSecrets({ parent: 'projects/sm-quota-read' }, noRetry);
    await rejects(
      client.getSecretVersion({ name: `${name}/versions/1` }, noRetry),
      Code.RESOURCE_EXHAUSTED,
      /read_requests/,
    );
    assert.equal((await access(`${name}/versions/1`)).data, 'x');
  });
});

describe('faults, IAM and introspection', () => {
  test('an injected UNAVAILABLE reaches the client', async (t) => {
    emulator.faults.configure({ methods: { GetSecret: { errorRate: 1 } } });
    t.after(() => emulator.faults.configure({}));
    const name = await create('sm-faults');
    await rejects(client.getSecret({ name }, noRetry), Code.UNAVAILABLE, /Injected fault/);
    emulator.faults.configure({});
    await client.getSecret({ name }, noRetry);
  });

  test('a late fault answers DEADLINE_EXCEEDED after the call took effect', async (t) => {
    emulator.faults.configure({
      methods: {
        CreateSecret: { errorRate: 1, codes: [Code.DEADLINE_EXCEEDED], late: [Code.DEADLINE_EXCEEDED] },
      },
    });
    t.after(() => emulator.faults.configure({}));
    const name = `projects/sm-late/secrets/sm-late-fault`;
    await rejects(
      client.createSecret(
        { parent: `projects/sm-late`, secretId: 'sm-late-fault', secret: { replication: { automatic: {} } } },
        noRetry,
      ),
      Code.DEADLINE_EXCEEDED,
      /after the call took effect/,
    );
    emulator.faults.configure({});
    const [secret] = await client.getSecret({ name }, noRetry);
    assert.equal(secret.name, name);
  });

  test('IAM policies are stored per secret with etag checks', async () => {
    const name = await create('sm-iam');
    const [empty] = await client.getIamPolicy({ resource: name }, noRetry);
    assert.deepEqual(empty.bindings, []);
    const binding = {
      role: 'roles/secretmanager.secretAccessor',
      members: ['serviceAccount:job@p.iam.gserviceaccount.com'],
    };
    const [set] = await client.setIamPolicy(
      { resource: name, policy: { bindings: [binding], etag: empty.etag } },
      noRetry,
    );
    assert.deepEqual(
      set.bindings?.map((b) => [b.role, b.members]),
      [[binding.role, binding.members]],
    );
    await rejects(
      client.setIamPolicy({ resource: name, policy: { bindings: [], etag: Buffer.from('stale') } }, noRetry),
      Code.ABORTED,
    );
    await rejects(
      client.setIamPolicy(
        { resource: name, policy: { bindings: [{ role: 'roles/x', members: ['nobody'] }] } },
        noRetry,
      ),
      Code.INVALID_ARGUMENT,
    );
    const [got] = await client.getIamPolicy({ resource: name }, noRetry);
    assert.deepEqual(Buffer.from(got.etag as Uint8Array), Buffer.from(set.etag as Uint8Array));
    const [tested] = await client.testIamPermissions(
      { resource: name, permissions: ['secretmanager.versions.access', 'storage.objects.get'] },
      noRetry,
    );
    assert.deepEqual(tested.permissions, ['secretmanager.versions.access']);
    const inspected = emulator.resources().secretmanager as {
      secrets: { name: string; iamBindings: unknown[] }[];
    };
    assert.equal(inspected.secrets.find((s) => s.name === name)?.iamBindings.length, 1);
  });

  test('the inspector lists secrets with labels and versions with states, never payloads', async () => {
    const name = await create('sm-inspect', { labels: { run: 'r1' } });
    await add(name, 'top-secret');
    const { secrets, versions } = emulator.resources().secretmanager as {
      secrets: { name: string; labels: Record<string, string> }[];
      versions: { name: string; state: string; sizeBytes: number }[];
    };
    assert.deepEqual(secrets.find((s) => s.name === name)?.labels, { run: 'r1' });
    assert.deepEqual(
      versions.find((v) => v.name === `${name}/versions/1`),
      { ...versions.find((v) => v.name === `${name}/versions/1`), state: 'ENABLED', sizeBytes: 10 },
    );
    assert.ok(!JSON.stringify(emulator.resources().secretmanager).includes('top-secret'));
  });
});

describe('ctx.secrets (what Cloud Run reads)', () => {
  function context(): Context {
    return {
      ingestionLagMs: 0,
      registry: '',
      dockerHost: '',
      workDir: '',
      quotas: new Quotas(),
      faults: new Faults(),
      behaviours: new Behaviours(),
      locationPolicy: new LocationPolicy(),
      iam: new Iam(),
      repositoryLocations: new Map(),
      logs: new LogStore(0),
      calls: new Map(),
      callLog: [],
      inspectors: {},
      onStop: [],
      log: () => {},
    };
  }

  test('payload() resolves latest and numbers, and explains what it cannot give; exists() checks secrets and versions', async () => {
    const ctx = context();
    const { unary = {} } =
      secretManagerServices(ctx)['google.cloud.secretmanager.v1.SecretManagerService'] ?? {};
    const call = (method: string, request: object) => unary[method]!(request, {});
    await call('CreateSecret', {
      parent: 'projects/p',
      secretId: 's',
      secret: { replication: { automatic: {} } },
    });
    await call('AddSecretVersion', { parent: 'projects/p/secrets/s', payload: { data: Buffer.from('v1') } });
    await call('AddSecretVersion', { parent: 'projects/p/secrets/s', payload: { data: Buffer.from('v2') } });
    await call('DisableSecretVersion', { name: 'projects/p/secrets/s/versions/1' });
    const secrets = ctx.secrets!;
    assert.deepEqual(secrets.payload('projects/p/secrets/s/versions/latest'), { data: Buffer.from('v2') });
    assert.match(
      (secrets.payload('projects/p/secrets/s/versions/1') as { error: string }).error,
      /DISABLED state/,
    );
    assert.match(
      (secrets.payload('projects/p/secrets/none/versions/latest') as { error: string }).error,
      /not found or has no versions/,
    );
    assert.match((secrets.payload('bad') as { error: string }).error, /expected format/);
    assert.equal(secrets.exists('projects/p/secrets/s'), true);
    assert.equal(secrets.exists('projects/p/secrets/s', '2'), true);
    assert.equal(secrets.exists('projects/p/secrets/s', 'latest'), true);
    assert.equal(secrets.exists('projects/p/secrets/s', '1'), false, 'a disabled version');
    assert.equal(secrets.exists('projects/p/secrets/s', '3'), false);
    assert.equal(secrets.exists('projects/p/secrets/none'), false);
    for (const hook of ctx.onStop) await hook();
  });
});
