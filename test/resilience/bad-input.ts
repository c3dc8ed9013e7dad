// Suite 5, bad input corpus, end to end through the bundled action: each case must fail the step
// with exit code 1 and an error annotation that names the input (or variable, or file) and the fix,
// while the emulator sees no RPC at all (nothing is created when an input is wrong) and no byte of
// any credential value reaches the log, outputs, state or summary (the runner is given no masks: the
// action must not print them in the first place).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { project, region, actionDir, startFixture } from '../e2e/fixtures.ts';
import { runAction } from '../harness/runner.ts';
import {
  leftCount,
  newResult,
  pool,
  recordMemory,
  secretBytesIn,
  visible,
  type SuiteResult,
} from './common.ts';

export interface BadInputOptions {
  /** Take every n-th case (1: all). */
  every?: number;
  concurrency?: number;
}

interface Case {
  name: string;
  inputs?: Record<string, string>;
  env?: Record<string, string>;
  /** What the error must name. */
  names: RegExp;
  /** The fix it must give. */
  fix: RegExp;
}

const secret = () => `sec-${randomBytes(18).toString('hex')}`;
const sshKey = () =>
  `-----BEGIN OPENSSH PRIVATE KEY-----\n${randomBytes(36).toString('base64')}\n${randomBytes(36).toString('base64')}\n-----END OPENSSH PRIVATE KEY-----\n`;

function corpus(): Case[] {
  const input = (name: string) => new RegExp(`Input "${name}"`);
  const cases: Case[] = [
    // credential specs
    ...['git_ssh:botty:extra', ':botty', 'github_token:', '-dash', 'bad/slash', 'ünï', 'a::b', 'x:y:z'].map(
      (ref): Case => ({
        name: `credential ref ${JSON.stringify(ref)}`,
        inputs: { credentials: ref },
        names: input('credentials'),
        fix: /Write type or type:instance/,
      }),
    ),
    {
      name: 'a required credential with no variable',
      inputs: { credentials: 'github_token' },
      names: /Credential github_token:default is required/,
      fix: /Add it to the step's env, e\.g\. AL_SECRET_github_token__default__token/,
    },
    ...[
      'AL_SECRET_github_token',
      'AL_SECRET_github_token__default',
      'AL_SECRET___default__token',
      'AL_SECRET_a__b__c__d',
    ].map((name): Case => ({
      name: `variable ${name}`,
      env: { [name]: secret() },
      names: new RegExp(`Environment variable ${name} `),
      fix: /Use AL_SECRET_<type>__<instance>__<field>/,
    })),
    {
      name: 'an empty secret (a pull request from a fork)',
      inputs: { credentials: 'github_token' },
      env: { AL_SECRET_github_token__default__token: '' },
      names: /AL_SECRET_github_token__default__token is empty/,
      fix: /pull requests from forks|check that the repository secret exists/,
    },
    {
      name: 'an oversized secret (70,000 bytes)',
      env: { AL_SECRET_big__default__blob: `big-${randomBytes(35_000).toString('hex')}` },
      names: /AL_SECRET_big__default__blob\) is 70004 bytes/,
      fix: /Store a smaller value, or split it/,
    },
    {
      name: 'an oversized SSH key among good fields',
      env: {
        AL_SECRET_git_ssh__botty__username: secret(),
        AL_SECRET_git_ssh__botty__id_rsa: sshKey().repeat(500),
      },
      names: /AL_SECRET_git_ssh__botty__id_rsa\)/,
      fix: /Store a smaller value/,
    },
    // names that cannot become a job id
    ...['!!!', '日本語', '---', '🚀', '...'].map((agent): Case => ({
      name: `agent ${JSON.stringify(agent)}`,
      inputs: { agent },
      names: input('agent'),
      fix: /Use a name such as "reviewer"/,
    })),
    { name: 'no agent', inputs: { agent: '' }, names: input('agent'), fix: /for example "reviewer"/ },
    // project and region
    {
      name: 'no project',
      inputs: { project_id: '' },
      names: input('project_id'),
      fix: /run google-github-actions\/auth first/,
    },
    ...['My-Project', 'abc', 'my_project', 'p'.repeat(31)].map((id): Case => ({
      name: `project ${id}`,
      inputs: { project_id: id },
      names: input('project_id'),
      fix: /6–30 lowercase letters/,
    })),
    { name: 'no region', inputs: { region: '' }, names: input('region'), fix: /e\.g\. "us-central1"/ },
    ...['US-CENTRAL1', 'us central1', 'uscentral1', 'us-centrl1'].map((r): Case => ({
      name: `region ${r}`,
      inputs: { region: r },
      names: input('region'),
      fix: /Did you mean "us-central1"\?/,
    })),
    // timeout, cpu, memory
    ...['abc', '0', '169h', '-5', '1.5h', '10 minutes'].map((t): Case => ({
      name: `timeout ${t}`,
      inputs: { timeout: t },
      names: input('timeout'),
      fix: /Use seconds \(3600\) or a duration like 45m/,
    })),
    ...['0', '16', 'lots', '-1'].map((cpu): Case => ({
      name: `cpu ${cpu}`,
      inputs: { cpu },
      names: input('cpu'),
      fix: /use 1, 2, 4, 6 or 8/,
    })),
    ...['128Mi', '64Gi', '1TB', 'big'].map((memory): Case => ({
      name: `memory ${memory}`,
      inputs: { memory },
      names: input('memory'),
      fix: /between 512Mi .* and 32Gi/,
    })),
    // labels
    ...[
      ['Key=value', /must start with a lowercase letter/],
      ['key=Value', /must hold at most 63 lowercase letters/],
      ['novalue', /write one KEY=VALUE per line/],
      ['managed-by=me', /reserved by this action; choose another key/],
      ['gh-run-id=1', /reserved by this action; choose another key/],
      [`k=${'a'.repeat(64)}`, /must hold at most 63/],
    ].map(([labels, fix]): Case => ({
      name: `labels ${String(labels).slice(0, 20)}`,
      inputs: { labels: String(labels) },
      names: input('labels'),
      fix: fix as RegExp,
    })),
    // image and build
    { name: 'image and context', inputs: { context: '.' }, names: /"image".*"context"/, fix: /not both/ },
    {
      name: 'image and dockerfile',
      inputs: { dockerfile: 'Dockerfile' },
      names: /"image".*"dockerfile"/,
      fix: /not both/,
    },
    {
      name: 'a missing context',
      inputs: { image: '', context: 'does-not-exist', repository: 'agents' },
      names: input('context'),
      fix: /Check out the repository first \(actions\/checkout\), or set "image"/,
    },
    {
      name: 'a missing Dockerfile',
      inputs: { image: '', dockerfile: 'nope/Dockerfile', repository: 'agents' },
      names: input('dockerfile'),
      fix: /Set "dockerfile", or "image"/,
    },
    {
      name: 'a build without repository',
      inputs: { image: '', context: 'ctx' },
      names: input('repository'),
      fix: /or set "image"/,
    },
    {
      name: 'a bad repository',
      inputs: { image: '', context: 'ctx', repository: 'Bad_Repo' },
      names: input('repository'),
      fix: /lowercase letters, digits and hyphens/,
    },
    {
      name: 'a bad tag',
      inputs: { image: '', context: 'ctx', repository: 'agents', tag: 'bad tag!' },
      names: input('tag'),
      fix: /use at most 128 letters/,
    },
    {
      name: 'keep_tags 0',
      inputs: { keep_tags: '0' },
      names: input('keep_tags'),
      fix: /whole number of at least 1/,
    },
    {
      name: 'keep_tags many',
      inputs: { keep_tags: 'many' },
      names: input('keep_tags'),
      fix: /whole number of at least 1/,
    },
    {
      name: 'build_args without =',
      inputs: { image: '', context: 'ctx', repository: 'agents', build_args: 'NOEQ' },
      names: input('build_args'),
      fix: /one KEY=VALUE per line/,
    },
    // an agent directory's config.toml
    {
      name: 'config.toml requires a credential not supplied',
      inputs: { agent: 'needs' },
      env: { AL_SECRET_github_token__default__token: secret() },
      names: /Credential anthropic_key:default is required/,
      fix: /AL_SECRET_anthropic_key__default__token/,
    },
    {
      name: 'config.toml is not TOML',
      inputs: { agent: 'badtoml' },
      names: /agents\/badtoml\/config\.toml is not valid TOML/,
      fix: /not valid TOML/,
    },
    {
      name: 'config.toml timeout forever',
      inputs: { agent: 'badtimeout' },
      names: /agents\/badtimeout\/config\.toml: "timeout"/,
      fix: /Use seconds \(3600\)/,
    },
    {
      name: 'config.toml credentials not a list',
      inputs: { agent: 'badcreds' },
      names: /agents\/badcreds\/config\.toml: "credentials"/,
      fix: /must be a list of strings/,
    },
    // gateway
    ...[
      ['http://gateway.example.com', /must use https:\/\//],
      ['not a url', /is not a URL/],
      ['https://user:pass@gateway.example.com', /must not contain a user name or password/],
      ['ftp://gateway.example.com', /must use https:\/\//],
    ].map(([url, fix]): Case => ({
      name: `gateway_url ${String(url)}`,
      inputs: { gateway_url: String(url) },
      names: input('gateway_url'),
      fix: fix as RegExp,
    })),
    // the rest
    { name: 'mode delete', inputs: { mode: 'delete' }, names: input('mode'), fix: /must be "run" or "reap"/ },
    {
      name: 'summary yes',
      inputs: { summary: 'yes' },
      names: input('summary'),
      fix: /must be true or false/,
    },
    {
      name: 'dry_run maybe',
      inputs: { mode: 'reap', dry_run: 'maybe' },
      names: input('dry_run'),
      fix: /must be true or false/,
    },
    {
      name: 'reap_grace soon',
      inputs: { mode: 'reap', reap_grace: 'soon' },
      names: input('reap_grace'),
      fix: /a duration like 10m/,
    },
    {
      name: 'env without =',
      inputs: { env: 'NOEQUALS' },
      names: input('env'),
      fix: /one KEY=VALUE per line/,
    },
    {
      name: 'env PROMPT',
      inputs: { env: 'PROMPT=x' },
      names: input('env'),
      fix: /use the "prompt" or "gateway_url" inputs/,
    },
    { name: 'env 1BAD', inputs: { env: '1BAD=x' }, names: input('env'), fix: /use letters, digits and "_"/ },
    {
      name: 'env AL_SECRET_',
      inputs: { env: 'AL_SECRET_x__y__z=v' },
      names: input('env'),
      fix: /or another name/,
    },
    {
      name: 'service_account not an email',
      inputs: { service_account: 'robot' },
      names: input('service_account'),
      fix: /name@project\.iam\.gserviceaccount\.com/,
    },
    {
      name: 'service_account a gmail address',
      inputs: { service_account: 'me@gmail.com' },
      names: input('service_account'),
      fix: /iam\.gserviceaccount\.com/,
    },
    {
      name: 'several problems at once',
      inputs: { region: '', timeout: 'never', cpu: 'lots' },
      names: /The inputs have 3 problems/,
      fix: /Input "region".*\n.*Input "timeout".*\n.*Input "cpu"/s,
    },
  ];
  return cases;
}

export async function badInputSuite(options: BadInputOptions = {}): Promise<SuiteResult> {
  const r = newResult('bad input corpus');
  const started = Date.now();
  const fixture = await startFixture({ ingestionLagMs: 300 });
  const { emulator } = fixture;
  const workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'cra-bad-input-'));
  const file = async (relative: string, text: string) => {
    await fs.mkdir(path.dirname(path.join(workspace, relative)), { recursive: true });
    await fs.writeFile(path.join(workspace, relative), text);
  };
  await file('ctx/Dockerfile', 'FROM scratch\n');
  await file('agents/needs/config.toml', 'credentials = ["github_token", "anthropic_key"]\n');
  await file('agents/badtoml/config.toml', 'credentials = [\n');
  await file('agents/badtimeout/config.toml', 'timeout = "forever"\n');
  await file('agents/badcreds/config.toml', 'credentials = "github_token"\n');
  try {
    const all = corpus();
    const cases = all.filter((_, i) => i % (options.every ?? 1) === 0);
    const callsBefore = [...emulator.calls.values()].reduce((a, b) => a + b, 0);
    await pool(cases, options.concurrency ?? 4, async (c) => {
      // Every case also carries good credentials, so a message that leaked values would show them.
      const env = {
        AL_SECRET_api__default__token: secret(),
        AL_SECRET_git_ssh__deploy__id_rsa: sshKey(),
        ...c.env,
      };
      const result = await runAction({
        actionDir: actionDir(),
        workspace,
        inputs: { agent: 'corpus', project_id: project, region, image: fixture.image, ...c.inputs },
        env: { CLOUD_RUN_AGENT_EMULATOR_HOST: emulator.endpoint, ...env },
      });
      r.runs++;
      recordMemory(r, result);
      const errors = result.main.annotations.filter((a) => a.type === 'error').map((a) => a.message);
      const problems: string[] = [];
      if (result.main.exitCode !== 1) problems.push(`exit code ${result.main.exitCode}`);
      if (!errors.some((e) => c.names.test(e))) problems.push(`no error names ${c.names}`);
      if (!errors.some((e) => c.fix.test(e))) problems.push(`no error gives the fix ${c.fix}`);
      if (result.post?.conclusion !== 'success') problems.push(`post concluded ${result.post?.conclusion}`);
      const values = Object.values(env).flatMap((v) => [v, ...v.split('\n').filter((l) => l.length >= 12)]);
      const seen = secretBytesIn(visible(result), values);
      r.secretBytesSeen += seen;
      if (seen) problems.push(`${seen} secret bytes visible`);
      if (problems.length)
        r.problems.push(`${c.name}: ${problems.join('; ')}\n  errors: ${errors.join(' | ')}`);
      else r.correct++;
    });
    const calls = [...emulator.calls.entries()].filter(([, n]) => n > 0);
    const total = calls.reduce((a, [, n]) => a + n, 0) - callsBefore;
    if (total)
      r.problems.push(`${total} RPCs reached the emulator: ${calls.map(([m, n]) => `${m} ${n}`).join(', ')}`);
    const creating = emulator.callLog.filter((c) => /^(Create|Add|Run|Write)/.test(c.method)).length;
    if (creating) r.problems.push(`${creating} RPCs that create something`);
    r.left = leftCount(emulator).total;
    r.notes.push(
      `bad input: ${cases.length} cases; RPCs that reached the emulator: ${total}, of which create something: ${creating}`,
    );
  } finally {
    await emulator.stop();
    await fs.rm(workspace, { recursive: true, force: true });
  }
  r.durationMs = Date.now() - started;
  return r;
}
