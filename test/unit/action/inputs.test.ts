import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { refText } from '../../../src/credentials/env.ts';
import { inputDefaults } from '../../../src/action/manifest.ts';
import {
  checkCredentials,
  InputError,
  inputNames,
  keyValues,
  readInputs,
  type Inputs,
} from '../../../src/action/inputs.ts';
import { cpuValue, memoryMiB } from '../../../src/job/cost.ts';
import { missingModelKeys, type ProjectMode } from '../../../src/project/mode.ts';
import { readActionManifest } from '../../harness/action-yml.ts';

// A workspace like a checked-out Action Llama project.
let ws = '';
const file = (relative: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(ws, relative)), { recursive: true });
  fs.writeFileSync(path.join(ws, relative), text);
};

before(() => {
  ws = fs.mkdtempSync(path.join(os.tmpdir(), 'inputs-test-'));
  file('Dockerfile', 'FROM scratch\n');
  file('ctx/README', 'a context without a Dockerfile\n');
  file('agents/reviewer/config.toml', 'credentials = ["github_token", "git_ssh:botty"]\ntimeout = 1800\n');
  file('agents/reviewer/SKILL.md', '---\nname: reviewer\n---\n');
  file('agents/timed/config.toml', 'timeout = "45m"\n');
  file('agents/needs/config.toml', 'credentials = ["anthropic_key"]\n');
  file('agents/badref/config.toml', 'credentials = ["bad::ref"]\n');
  file('agents/badcreds/config.toml', 'credentials = "github_token"\n');
  file('agents/badtoml/config.toml', 'credentials = [\n');
  file('agents/badtimeout/config.toml', 'timeout = "forever"\n');
  file('agents/booltimeout/config.toml', 'timeout = true\n');
  file('agents/own/config.toml', '');
  file('agents/hooked/config.toml', '[[webhooks]]\nsource = "github"\nevents = ["issues"]\n');
  file('agents/own/Dockerfile', 'FROM scratch\n');
  file('agents/scaled/config.toml', 'scale = 3\n');
  file('agents/unscaled/config.toml', '');
  file('agents/half-scale/config.toml', 'scale = 1.5\n');
  file('projects/one/agents/reviewer/SKILL.md', '---\nname: reviewer\n---\n');
  // A folder inside the workspace by name that leads outside it.
  fs.symlinkSync(os.tmpdir(), path.join(ws, 'escape'));
});
after(() => fs.rmSync(ws, { recursive: true, force: true }));

const sshKey =
  '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAE\nQyNTUxOQAAACDk1Zk0bX5xMSQbnFQ0kN2vZ2mH\n-----END OPENSSH PRIVATE KEY-----\n';
const secretEnv = {
  AL_SECRET_github_token__default__token: 'ghp_Sup3rSecretTokenValue0123456789',
  AL_SECRET_git_ssh__botty__id_rsa: sshKey,
  AL_SECRET_git_ssh__botty__username: 'botty-user-name',
};

type Given = Record<string, string>;
const image = 'us-central1-docker.pkg.dev/my-project/agents/plain:v1';
const base: Given = { agent: 'plain', project_id: 'my-project', region: 'us-central1', image };

/** The inputs, read and checked as main checks them (the credentials' values once the run is decided). */
function read(given: Given, env: NodeJS.ProcessEnv = {}): Inputs {
  const fullEnv: NodeJS.ProcessEnv = { GITHUB_WORKSPACE: ws, ...secretEnv, ...env };
  const inputs = readInputs((name) => given[name] ?? '', fullEnv);
  checkCredentials(inputs);
  return inputs;
}

/** Every secret in the environment, whole and line by line, that a message must not contain. */
function secretsIn(env: NodeJS.ProcessEnv): string[] {
  return Object.entries(env)
    .filter(([name, value]) => name.startsWith('AL_SECRET_') && value)
    .flatMap(([, value]) => [value!, ...value!.split(/\r?\n|\r/).filter((l) => l.length >= 8)]);
}

interface BadCase {
  name: string;
  given: Given;
  env?: NodeJS.ProcessEnv;
  /** What the message must name (the input, file or variable). */
  names: string;
  /** The fix it must give. */
  fix: string;
  /** The whole problem, exactly (a function when it depends on the workspace path). */
  problem: string | (() => string);
}

const build: Given = { ...base, image: '', repository: 'agents' };
const cfg = (agent: string) => path.join(ws, 'agents', agent, 'config.toml');
const bigSecret = `BIGSECRET-${'q'.repeat(70_000)}`;

const badCases: BadCase[] = [
  // mode
  {
    name: 'unknown mode',
    given: { ...base, mode: 'deploy' },
    names: 'Input "mode"',
    fix: 'must be "run" or "reap"',
    problem: 'Input "mode" must be "run" or "reap", got "deploy".',
  },
  {
    name: 'mode in capitals',
    given: { ...base, mode: 'RUN' },
    names: 'Input "mode"',
    fix: 'must be "run" or "reap"',
    problem: 'Input "mode" must be "run" or "reap", got "RUN".',
  },
  // agent
  ...['', '   '].map((agent) => ({
    name: `agent ${JSON.stringify(agent)}`,
    given: { ...base, agent },
    names: 'Input "agent"',
    fix: 'for example "reviewer"',
    problem: 'Input "agent" is required: the name of the agent to run (for example "reviewer").',
  })),
  ...['!!!', '日本語', '🚀🚀', '-_-', '...'].map((agent) => ({
    name: `agent ${JSON.stringify(agent)} cannot become a job id`,
    given: { ...base, agent },
    names: 'Input "agent"',
    fix: 'Use a name such as "reviewer"',
    problem: `Input "agent": "${agent}" cannot become a Cloud Run job name: it has no letters or digits. Use a name such as "reviewer".`,
  })),
  // project
  {
    name: 'no project anywhere',
    given: { ...base, project_id: '' },
    names: 'Input "project_id"',
    fix: 'run google-github-actions/auth first',
    problem:
      'Input "project_id" is required: set it, or run google-github-actions/auth first (it sets GOOGLE_CLOUD_PROJECT).',
  },
  ...['My-Project', 'abc', 'project-', '1project', 'p'.repeat(31), 'my_project'].map((project) => ({
    name: `project id ${project}`,
    given: { ...base, project_id: project },
    names: 'Input "project_id"',
    fix: '6–30 lowercase letters, digits and hyphens',
    problem: `Input "project_id": "${project}" is not a Google Cloud project id (6–30 lowercase letters, digits and hyphens).`,
  })),
  {
    name: 'bad project from GOOGLE_CLOUD_PROJECT',
    given: { ...base, project_id: '' },
    env: { GOOGLE_CLOUD_PROJECT: 'Bad_Project' },
    names: 'Input "project_id"',
    fix: '6–30 lowercase letters',
    problem:
      'Input "project_id": "Bad_Project" is not a Google Cloud project id (6–30 lowercase letters, digits and hyphens).',
  },
  // region
  {
    name: 'no region',
    given: { ...base, region: '' },
    names: 'Input "region"',
    fix: 'e.g. "us-central1"',
    problem: 'Input "region" is required: the Cloud Run region, e.g. "us-central1".',
  },
  ...['US-CENTRAL1', 'uscentral1', 'us-central', 'us central1', 'us-centrl1', 'us-cnetral1'].map(
    (region) => ({
      name: `region ${region}`,
      given: { ...base, region },
      names: 'Input "region"',
      fix: 'Did you mean "us-central1"?',
      problem: `Input "region": "${region}" is not a Cloud Run region. Did you mean "us-central1"?`,
    }),
  ),
  ...['europe-west', 'central1', 'Iowa'].map((region) => ({
    name: `region ${region}`,
    given: { ...base, region },
    names: 'Input "region"',
    fix: 'such as "us-central1"',
    problem: `Input "region": "${region}" is not a Cloud Run region such as "us-central1".`,
  })),
  // image or build
  ...([{ context: '.' }, { dockerfile: 'Dockerfile' }] as Given[]).map((extra) => ({
    name: `image and ${Object.keys(extra)[0]}`,
    given: { ...base, ...extra },
    names: '"image"',
    fix: 'not both',
    problem: 'Give either "image" (a prebuilt image) or a build ("context", "dockerfile"), not both.',
  })),
  {
    name: 'missing context directory',
    given: { ...build, context: 'missing-dir' },
    names: 'Input "context"',
    fix: 'Check out the repository first',
    problem:
      'Input "context": directory "missing-dir" does not exist. Check out the repository first (actions/checkout), or set "image".',
  },
  {
    name: 'context that is a file',
    given: { ...build, context: 'Dockerfile' },
    names: 'Input "context"',
    fix: 'or set "image"',
    problem:
      'Input "context": directory "Dockerfile" does not exist. Check out the repository first (actions/checkout), or set "image".',
  },
  {
    name: 'context without a Dockerfile',
    given: { ...build, context: 'ctx' },
    names: 'Input "dockerfile"',
    fix: 'Set "dockerfile"',
    problem:
      'Input "dockerfile": "ctx/Dockerfile" does not exist. Set "dockerfile", or "image" for a prebuilt image.',
  },
  {
    name: 'missing Dockerfile',
    given: { ...build, dockerfile: 'nope/Dockerfile' },
    names: 'Input "dockerfile"',
    fix: '"image" for a prebuilt image',
    problem:
      'Input "dockerfile": "nope/Dockerfile" does not exist. Set "dockerfile", or "image" for a prebuilt image.',
  },
  {
    name: 'build without repository',
    given: { ...build, repository: '' },
    names: 'Input "repository"',
    fix: 'or set "image"',
    problem:
      'Input "repository" is required to build an image: the Artifact Registry Docker repository to push to (or set "image").',
  },
  ...['Agents', 'agents-', '-agents', 'my_repo'].map((repository) => ({
    name: `repository ${repository}`,
    given: { ...build, repository },
    names: 'Input "repository"',
    fix: 'lowercase letters, digits and hyphens',
    problem: `Input "repository": "${repository}" is not an Artifact Registry repository id (lowercase letters, digits and hyphens).`,
  })),
  ...['bad tag', '.hidden', '-dash', 't'.repeat(129), 'tag:1'].map((tag) => ({
    name: `tag ${tag.slice(0, 20)}`,
    given: { ...build, tag },
    names: 'Input "tag"',
    fix: 'use at most 128 letters, digits',
    problem: `Input "tag": "${tag}" is not a valid Docker tag; use at most 128 letters, digits, "_", "." and "-", not starting with "." or "-".`,
  })),
  ...['NOEQUALS', '=value'].map((line) => ({
    name: `build_args line ${line}`,
    given: { ...build, build_args: `GOOD=1\n${line}` },
    names: 'Input "build_args"',
    fix: 'write one KEY=VALUE per line',
    problem: `Input "build_args": line "${line}" is not KEY=VALUE; write one KEY=VALUE per line.`,
  })),
  // registry, secret_locations
  {
    name: 'a registry that is not Artifact Registry',
    given: { ...build, registry: 'ghcr.io' },
    names: '"registry"',
    fix: 'us-docker.pkg.dev',
    problem:
      'Input "registry": "ghcr.io" is not an Artifact Registry Docker host; use <location>-docker.pkg.dev, e.g. us-central1-docker.pkg.dev or us-docker.pkg.dev (the repository\'s location), or leave it empty for <region>-docker.pkg.dev.',
  },
  {
    name: 'a registry host with a typo in its region',
    given: { ...build, registry: 'us-centrl1-docker.pkg.dev' },
    names: '"registry"',
    fix: 'Did you mean "us-central1-docker.pkg.dev"?',
    problem:
      'Input "registry": "us-centrl1-docker.pkg.dev" names no Artifact Registry region. Did you mean "us-central1-docker.pkg.dev"?',
  },
  {
    name: 'a registry host that is nearly one',
    given: { ...build, registry: 'europe-west1-docker.pkg.de' },
    names: '"registry"',
    fix: 'Did you mean "europe-west1-docker.pkg.dev"?',
    problem:
      'Input "registry": "europe-west1-docker.pkg.de" is not an Artifact Registry Docker host; use <location>-docker.pkg.dev, e.g. us-central1-docker.pkg.dev or us-docker.pkg.dev (the repository\'s location), or leave it empty for <region>-docker.pkg.dev. Did you mean "europe-west1-docker.pkg.dev"?',
  },
  {
    name: 'a registry multi-region that is none',
    given: { ...build, registry: 'eu-docker.pkg.dev' },
    names: '"registry"',
    fix: 'the multi-regions are asia, europe and us',
    problem:
      'Input "registry": "eu-docker.pkg.dev" names no Artifact Registry location; the multi-regions are asia, europe and us.',
  },
  {
    name: 'a secret location that is not a region',
    given: { ...base, secret_locations: 'us-central1, us' },
    names: '"secret_locations"',
    fix: 'us-central1',
    problem:
      'Input "secret_locations": "us" is not a Google Cloud region such as us-central1 (Secret Manager replicates to regions only, not zones or multi-regions).',
  },
  {
    name: 'global as a secret location',
    given: { ...base, secret_locations: 'global' },
    names: '"secret_locations"',
    fix: 'leave the input empty',
    problem:
      'Input "secret_locations": "global" is not a replica location; leave the input empty for automatic (global) replication, or list regions such as us-central1.',
  },
  {
    name: 'a secret location listed twice',
    given: { ...base, secret_locations: 'europe-west1\neurope-west1' },
    names: '"secret_locations"',
    fix: 'list each region once',
    problem: 'Input "secret_locations": "europe-west1" is listed twice; list each region once.',
  },
  // keep_tags
  ...['0', '-1', '1.5', 'many'].map((keep) => ({
    name: `keep_tags ${keep}`,
    given: { ...base, keep_tags: keep },
    names: 'Input "keep_tags"',
    fix: 'whole number of at least 1',
    problem: `Input "keep_tags" must be a whole number of at least 1, got "${keep}".`,
  })),
  // credential refs and credentials
  ...['git_ssh:', 'a:b:c', ':botty', 'ty/pe'].map((ref) => ({
    name: `credential ref ${ref}`,
    given: { ...base, credentials: `github_token, ${ref}` },
    names: 'Input "credentials"',
    fix: 'Write type or type:instance',
    problem: `Input "credentials": "${ref}" is not a credential ref. Write type or type:instance, e.g. github_token or git_ssh:botty.`,
  })),
  {
    name: 'required credential not supplied (input)',
    given: { ...base, credentials: 'github_token\nanthropic_key' },
    names: 'AL_SECRET_anthropic_key__default__token',
    fix: "Add it to the step's env",
    problem: `Credential anthropic_key:default is required but AL_SECRET_anthropic_key__default__token is not set. Add it to the step's env, e.g. AL_SECRET_anthropic_key__default__token: \${{ secrets.YOUR_SECRET }}, or take it from Secret Manager with the input "secrets", e.g. anthropic_key/default/token=SECRET_NAME:latest.`,
  },
  {
    name: 'credential required by config.toml not supplied',
    given: { ...base, agent: 'needs' },
    names: 'AL_SECRET_anthropic_key__default__token',
    fix: "Add it to the step's env",
    problem: `Credential anthropic_key:default is required but AL_SECRET_anthropic_key__default__token is not set. Add it to the step's env, e.g. AL_SECRET_anthropic_key__default__token: \${{ secrets.YOUR_SECRET }}, or take it from Secret Manager with the input "secrets", e.g. anthropic_key/default/token=SECRET_NAME:latest.`,
  },
  {
    name: 'bad ref in config.toml',
    given: { ...base, agent: 'badref' },
    names: 'config.toml',
    fix: 'Write type or type:instance',
    problem: () =>
      `${cfg('badref')}: "bad::ref" is not a credential ref. Write type or type:instance, e.g. github_token or git_ssh:botty.`,
  },
  {
    name: 'credentials in config.toml not a list',
    given: { ...base, agent: 'badcreds' },
    names: 'config.toml',
    fix: 'a list of strings such as',
    problem: () =>
      `${cfg('badcreds')}: "credentials" must be a list of strings such as ["github_token", "git_ssh:botty"]`,
  },
  {
    name: 'config.toml not TOML',
    given: { ...base, agent: 'badtoml' },
    names: 'config.toml',
    fix: 'is not valid TOML',
    problem: () => `${cfg('badtoml')} is not valid TOML: Invalid TOML document: invalid value`,
  },
  {
    name: 'timeout in config.toml not a number or string',
    given: { ...base, agent: 'booltimeout' },
    names: 'config.toml',
    fix: 'a number of seconds or a duration such as "30m"',
    problem: () => `${cfg('booltimeout')}: "timeout" must be a number of seconds or a duration such as "30m"`,
  },
  {
    name: 'empty secret (a fork pull request)',
    given: base,
    env: { AL_SECRET_github_token__default__token: '' },
    names: 'AL_SECRET_github_token__default__token',
    fix: 'check that the repository secret exists',
    problem:
      'Credential github_token:default (field token): AL_SECRET_github_token__default__token is empty. GitHub gives no Actions secrets to workflows run for pull requests from forks or for Dependabot; check that the repository secret exists and that this workflow may read it.',
  },
  {
    name: 'secret over 64 KiB',
    given: base,
    env: { AL_SECRET_big__default__blob: bigSecret },
    names: 'AL_SECRET_big__default__blob',
    fix: 'Store a smaller value',
    problem: `Credential big/default/blob (AL_SECRET_big__default__blob) is ${bigSecret.length} bytes; Secret Manager holds at most 65536 bytes per value. Store a smaller value, or split it over several fields.`,
  },
  ...['AL_SECRET_github_token', 'AL_SECRET_a__b__c__d', 'AL_SECRET_x__y_x2fz__f'].map((name) => ({
    name: `malformed secret variable ${name}`,
    given: base,
    env: { [name]: 'malformed-secret-value' },
    names: name,
    fix: 'Use AL_SECRET_<type>__<instance>__<field>',
    problem: `Environment variable ${name} does not name a credential field. Use AL_SECRET_<type>__<instance>__<field>, e.g. AL_SECRET_github_token__default__token.`,
  })),
  // timeout
  ...['forever', '0', '169h', '-5', '1.5h', '604801'].map((timeout) => ({
    name: `timeout ${timeout}`,
    given: { ...base, timeout },
    names: 'Input "timeout"',
    fix: 'Use seconds (3600) or a duration like 45m or 2h',
    problem: `Input "timeout": "${timeout}" is not a timeout between 1s and 168h. Use seconds (3600) or a duration like 45m or 2h.`,
  })),
  {
    name: 'bad timeout in config.toml names the file',
    given: { ...base, agent: 'badtimeout' },
    names: 'config.toml: "timeout"',
    fix: 'Use seconds (3600)',
    problem: () =>
      `${cfg('badtimeout')}: "timeout": "forever" is not a timeout between 1s and 168h. Use seconds (3600) or a duration like 45m or 2h.`,
  },
  // cpu and memory
  ...['0', '9', 'two', '0m', '8001m', '1.5.1'].map((cpu) => ({
    name: `cpu ${cpu}`,
    given: { ...base, cpu },
    names: 'Input "cpu"',
    fix: 'use 1, 2, 4, 6 or 8',
    problem: `Input "cpu": "${cpu}" is not a Cloud Run CPU limit; use 1, 2, 4, 6 or 8 (or a fraction such as 0.5).`,
  })),
  ...['64Mi', '256Mi', '33Gi', '512', '1Ti', '512mi', '0.5Gi', '100M'].map((memory) => ({
    name: `memory ${memory}`,
    given: { ...base, memory },
    names: 'Input "memory"',
    fix: 'between 512Mi (the minimum for jobs) and 32Gi',
    problem: `Input "memory": "${memory}" is not a Cloud Run memory limit; use a size between 512Mi (the minimum for jobs) and 32Gi such as 1Gi or 2Gi.`,
  })),
  // gateway
  ...[
    ['http://gateway.example.com', 'http://gateway.example.com'],
    ['ftp://gateway.example.com', 'ftp://gateway.example.com'],
    ['http://127.0.0.1.example.com:80', 'http://127.0.0.1.example.com'],
    ['ws://localhost:8080', 'ws://localhost:8080'],
  ].map(([url, shown]) => ({
    name: `gateway ${url}`,
    given: { ...base, gateway_url: url! },
    names: 'Input "gateway_url"',
    fix: 'must use https://',
    problem: `Input "gateway_url" must use https:// (the agent sends its shutdown secret to it), got "${shown}".`,
  })),
  {
    name: 'gateway not a URL',
    given: { ...base, gateway_url: 'gateway.example.com' },
    names: 'Input "gateway_url"',
    fix: 'Use the public https:// address',
    problem:
      'Input "gateway_url": "gateway.example.com" is not a URL. Use the public https:// address of your Action Llama gateway.',
  },
  {
    name: 'gateway with credentials',
    given: { ...base, gateway_url: 'https://user:pw@gw.example.com' },
    names: 'Input "gateway_url"',
    fix: 'must not contain a user name or password',
    problem: 'Input "gateway_url" must not contain a user name or password.',
  },
  // service account
  ...['robot', 'robot@gmail.com', 'a b@p.iam.gserviceaccount.com'].map((account) => ({
    name: `service account ${account}`,
    given: { ...base, service_account: account },
    names: 'Input "service_account"',
    fix: 'name@project.iam.gserviceaccount.com',
    problem: `Input "service_account": "${account}" is not a service account email (name@project.iam.gserviceaccount.com).`,
  })),
  // env
  ...[
    'PROMPT',
    'GATEWAY_URL',
    'SHUTDOWN_SECRET',
    'PORT',
    'K_SERVICE',
    'CLOUD_RUN_JOB',
    'AL_SECRET_a__b__c',
    'AL_END_NONCE',
    'AL_MAX_TURNS',
    'AL_MAX_LLM_COST',
  ].map((name) => ({
    name: `reserved env ${name}`,
    given: { ...base, env: `OK=1\n${name}=x` },
    names: 'Input "env"',
    fix: 'or another name',
    problem: `Input "env": ${name} is set by the action or by Cloud Run; use the "prompt" or "gateway_url" inputs, or another name.`,
  })),
  ...['1ABC', 'MY-VAR', 'A B'].map((name) => ({
    name: `env name ${name}`,
    given: { ...base, env: `${name}=x` },
    names: 'Input "env"',
    fix: 'use letters, digits and "_"',
    problem: `Input "env": "${name}" is not a valid environment variable name; use letters, digits and "_", not starting with a digit.`,
  })),
  {
    name: 'env line without =',
    given: { ...base, env: 'JUSTANAME' },
    names: 'Input "env"',
    fix: 'write one KEY=VALUE per line',
    problem: 'Input "env": line "JUSTANAME" is not KEY=VALUE; write one KEY=VALUE per line.',
  },
  // labels
  ...[
    [
      'Team=x',
      'label key "Team" must start with a lowercase letter and hold at most 63 lowercase letters, digits, "_" or "-"',
    ],
    [
      '1team=x',
      'label key "1team" must start with a lowercase letter and hold at most 63 lowercase letters, digits, "_" or "-"',
    ],
    ['team=Platform', 'label value for "team" must hold at most 63 lowercase letters, digits, "_" or "-"'],
    ['team= platform', 'label value for "team" must hold at most 63 lowercase letters, digits, "_" or "-"'],
    [
      `team=${'v'.repeat(64)}`,
      'label value for "team" must hold at most 63 lowercase letters, digits, "_" or "-"',
    ],
  ].map(([line, problem]) => ({
    name: `label ${line!.slice(0, 20)}`,
    given: { ...base, labels: line! },
    names: 'Input "labels"',
    fix: 'must',
    problem: `Input "labels": ${problem}.`,
  })),
  ...['managed-by', 'managed-by-x', 'gh-run-id', 'al-agent'].map((key) => ({
    name: `reserved label ${key}`,
    given: { ...base, labels: `${key}=x` },
    names: 'Input "labels"',
    fix: 'choose another key',
    problem: `Input "labels": "${key}" is reserved by this action; choose another key.`,
  })),
  // booleans
  {
    name: 'summary yes',
    given: { ...base, summary: 'yes' },
    names: 'Input "summary"',
    fix: 'must be true or false',
    problem: 'Input "summary" must be true or false, got "yes".',
  },
  {
    name: 'comment on',
    given: { ...base, comment: 'on' },
    names: 'Input "comment"',
    fix: 'must be true or false',
    problem: 'Input "comment" must be true or false, got "on".',
  },
  {
    name: 'dry_run 1',
    given: { ...base, dry_run: '1' },
    names: 'Input "dry_run"',
    fix: 'must be true or false',
    problem: 'Input "dry_run" must be true or false, got "1".',
  },
  {
    name: 'respect_triggers maybe',
    given: { ...base, respect_triggers: 'maybe' },
    names: 'Input "respect_triggers"',
    fix: 'must be true or false',
    problem: 'Input "respect_triggers" must be true or false, got "maybe".',
  },
  {
    name: '[[webhooks]] naming a source the root config.toml does not define',
    given: { ...base, agent: 'hooked' },
    names: 'config.toml',
    fix: 'Add [webhooks.github] with type = "github"',
    problem: () =>
      `${cfg('hooked')}: [[webhooks]] #1: source "github" is not defined in ${path.join(ws, 'config.toml')} (defined: none). Add [webhooks.github] with type = "github" there; Action Llama refuses to start otherwise. (Or set "respect_triggers: false" to ignore the agent's [[webhooks]].)`,
  },
  // project
  ...[
    ['..', '".."'],
    ['../elsewhere', '"../elsewhere"'],
    ['/', '"/"'],
  ].map(([project, shown]) => ({
    name: `project ${project}`,
    given: { ...base, project: project! },
    names: 'Input "project"',
    fix: 'Set "project" to the folder that holds agents/',
    problem: `Input "project": ${shown} is outside the workspace. Set "project" to the folder that holds agents/, relative to the workspace (e.g. ".").`,
  })),
  ...['missing-project', 'Dockerfile'].map((project) => ({
    name: `project ${project} that is no directory`,
    given: { ...base, project },
    names: 'Input "project"',
    fix: 'Check out the repository first',
    problem: `Input "project": directory "${project}" does not exist. Check out the repository first (actions/checkout). Set "project" to the folder that holds agents/, relative to the workspace (e.g. ".").`,
  })),
  {
    name: 'project through a symbolic link out of the workspace',
    given: { ...base, project: 'escape' },
    names: 'Input "project"',
    fix: 'Set "project" to the folder that holds agents/',
    problem:
      'Input "project": "escape" leads outside the workspace through a symbolic link. Set "project" to the folder that holds agents/, relative to the workspace (e.g. ".").',
  },
  // base_image
  ...[
    'Node:24',
    'node:24 slim',
    'node:',
    ':24',
    'node:-24',
    'node@sha256:abc',
    `node@sha256:${'A'.repeat(64)}`,
    'node:24@md5:0123',
    'registry.example.com//node',
    'node__-x',
    `node:${'t'.repeat(129)}`,
    `${'n'.repeat(256)}`,
    'https://registry.example.com/node',
  ].map((baseImage) => ({
    name: `base_image ${baseImage.slice(0, 30)}`,
    given: { ...build, base_image: baseImage },
    names: 'Input "base_image"',
    fix: 'write [registry/]name[:tag][@sha256:<64 hex digits>]',
    problem: `Input "base_image": "${baseImage}" is not an image reference; write [registry/]name[:tag][@sha256:<64 hex digits>] with a lowercase name, e.g. node:24-alpine.`,
  })),
  // action_llama_version
  ...[
    '^0.29.1',
    '~0.29.1',
    '0.29',
    '0.29.x',
    'latest',
    'v0.29.1',
    '>=0.29.0',
    '0.29.1 - 0.30.0',
    '00.29.1',
    '0.29.1+build',
    '0.29.1-',
  ].map((version) => ({
    name: `action_llama_version ${version}`,
    given: { ...build, action_llama_version: version },
    names: 'Input "action_llama_version"',
    fix: 'so the version is pinned',
    problem: `Input "action_llama_version": "${version}" is not an exact version such as 0.29.1. The image's entry imports a file inside @action-llama/action-llama whose layout can change in any release, so the version is pinned: no ranges, tags or "latest".`,
  })),
  // allowed_users and allowed_bots
  {
    name: 'allowed_users *',
    given: { ...base, allowed_users: 'alice, *' },
    names: 'Input "allowed_users"',
    fix: 'List the logins that may start runs',
    problem:
      'Input "allowed_users": "*" is not accepted: anyone who can comment could start an agent holding the repository\'s secrets. List the logins that may start runs.',
  },
  {
    name: 'allowed_users with a bot',
    given: { ...base, allowed_users: 'renovate[bot]' },
    names: 'Input "allowed_users"',
    fix: 'list it in "allowed_bots" instead',
    problem: 'Input "allowed_users": "renovate[bot]" is a bot; list it in "allowed_bots" instead.',
  },
  ...['-alice', 'al_ice', 'a'.repeat(40), 'x;y'].map((login) => ({
    name: `allowed_users ${login}`,
    given: { ...base, allowed_users: login },
    names: 'Input "allowed_users"',
    fix: 'is not a GitHub login',
    problem: `Input "allowed_users": "${login}" is not a GitHub login.`,
  })),
  {
    name: 'allowed_bots not a login',
    given: { ...base, allowed_bots: 'my bot!' },
    names: 'Input "allowed_bots"',
    fix: 'or "*" for every bot',
    problem:
      'Input "allowed_bots": "bot!" is not a bot\'s login; write the app\'s name as in its comments (e.g. dependabot or dependabot[bot]), or "*" for every bot.',
  },
  ...['soon', '-1m', '25h'].map((wait) => ({
    name: `queue_timeout ${wait}`,
    given: { ...base, queue_timeout: wait },
    names: 'Input "queue_timeout"',
    fix: 'or 0 to skip the run at once',
    problem: `Input "queue_timeout": "${wait}" is not a duration of at most 24h. Use seconds (600), a duration like 30m, or 0 to skip the run at once when the agent already runs at its scale.`,
  })),
  {
    name: 'scale not a whole number',
    given: { ...base, agent: 'half-scale' },
    names: 'agents/half-scale/config.toml: "scale"',
    fix: 'must be a whole number of at least 0',
    problem:
      'agents/half-scale/config.toml: "scale" must be a whole number of at least 0 (how many runs at once), got 1.5.',
  },
  ...['soon', '-1m', '8d'].map((grace) => ({
    name: `reap_grace ${grace}`,
    given: { ...base, mode: 'reap', reap_grace: grace },
    names: 'Input "reap_grace"',
    fix: 'Use seconds (600) or a duration like 10m or 1h',
    problem: `Input "reap_grace": "${grace}" is not a duration of at most 7d. Use seconds (600) or a duration like 10m or 1h.`,
  })),
];

describe('readInputs: bad inputs', () => {
  test('the corpus is large', () => assert.ok(badCases.length >= 50, `${badCases.length} cases`));

  for (const c of badCases) {
    test(c.name, () => {
      const env = { GITHUB_WORKSPACE: ws, ...secretEnv, ...c.env };
      let caught: unknown;
      try {
        checkCredentials(readInputs((name) => c.given[name] ?? '', env));
      } catch (error) {
        caught = error;
      }
      assert.ok(caught instanceof InputError, `expected an InputError, got ${String(caught)}`);
      const expected = typeof c.problem === 'function' ? c.problem() : c.problem;
      assert.deepEqual(caught.problems, [expected]);
      assert.equal(caught.message, expected);
      assert.ok(caught.message.includes(c.names), `names ${c.names}`);
      assert.ok(caught.message.includes(c.fix), `gives the fix ${c.fix}`);
      for (const secret of secretsIn(env))
        assert.ok(!caught.message.includes(secret), 'no secret value in the message');
    });
  }

  test('several problems are reported together, each on its own line', () => {
    let caught: unknown;
    try {
      read({ agent: '', project_id: 'X', region: '', image }, { AL_SECRET_github_token__default__token: '' });
    } catch (error) {
      caught = error;
    }
    assert.ok(caught instanceof InputError);
    assert.equal(caught.problems.length, 4);
    assert.equal(
      caught.message,
      [
        'The inputs have 4 problems:',
        '- Input "agent" is required: the name of the agent to run (for example "reviewer").',
        '- Input "project_id": "X" is not a Google Cloud project id (6–30 lowercase letters, digits and hyphens).',
        '- Input "region" is required: the Cloud Run region, e.g. "us-central1".',
        '- Credential github_token:default (field token): AL_SECRET_github_token__default__token is empty. GitHub gives no Actions secrets to workflows run for pull requests from forks or for Dependabot; check that the repository secret exists and that this workflow may read it.',
      ].join('\n'),
    );
    for (const secret of secretsIn(secretEnv)) assert.ok(!caught.message.includes(secret));
  });
});

describe('readInputs: good inputs', () => {
  test('defaults', () => {
    const inputs = read(base);
    assert.deepEqual(
      { ...inputs, credentials: inputs.credentials.map(refText) },
      {
        mode: 'run',
        agent: 'plain',
        projectId: 'my-project',
        region: 'us-central1',
        projectDir: ws,
        image,
        build: undefined,
        projectMode: undefined,
        baseImage: 'node:24-alpine',
        actionLlamaVersion: '0.29.1',
        keepTags: 3,
        secretLocations: [],
        existingCredentials: [],
        credentials: ['git_ssh:botty', 'github_token:default'],
        credentialProblems: [],
        leftAlone: [],
        prompt: undefined,
        env: {},
        gatewayUrl: undefined,
        timeoutSeconds: 3600,
        scale: undefined,
        queueTimeoutSeconds: 1800,
        maxTurns: undefined,
        maxLlmCost: undefined,
        cpu: '1',
        memory: '512Mi',
        serviceAccount: undefined,
        vpcAccess: undefined,
        labels: {},
        summary: true,
        comment: false,
        dryRun: false,
        reapGraceSeconds: 600,
        githubToken: undefined,
        allowedUsers: [],
        allowedBots: [],
        triggers: undefined,
        respectTriggers: true,
      },
    );
    const ssh = inputs.credentials[0]!;
    assert.deepEqual([...ssh.fields.keys()], ['id_rsa', 'username']);
    assert.equal(ssh.fields.get('id_rsa')!.toString('utf8'), sshKey);
  });

  test("the agent's GitHub [[webhooks]] are read with respect_triggers, and only then", () => {
    file('config.toml', '[webhooks.github]\ntype = "github"\n');
    try {
      assert.deepEqual(read({ ...base, agent: 'hooked' }).triggers, {
        file: cfg('hooked'),
        github: [{ index: 1, source: 'github', filter: { events: ['issues'] } }],
      });
    } finally {
      fs.rmSync(path.join(ws, 'config.toml'));
    }
    const off = read({ ...base, agent: 'hooked', respect_triggers: 'false' });
    assert.equal(off.respectTriggers, false);
    assert.equal(off.triggers, undefined);
  });

  test('inputs are trimmed; the prompt is kept as written', () => {
    const inputs = read({
      ...base,
      agent: '  plain ',
      region: ' us-central1\n',
      prompt: '  Review PR #12\n',
    });
    assert.equal(inputs.agent, 'plain');
    assert.equal(inputs.region, 'us-central1');
    assert.equal(inputs.prompt, '  Review PR #12\n');
  });

  test('timeout and credentials from config.toml', () => {
    const inputs = read({ ...base, agent: 'reviewer' });
    assert.equal(inputs.timeoutSeconds, 1800);
    assert.deepEqual(inputs.credentials.map(refText), ['git_ssh:botty', 'github_token:default']);
  });

  test('a duration string in config.toml', () =>
    assert.equal(read({ ...base, agent: 'timed' }).timeoutSeconds, 2700));

  test('the timeout input wins over config.toml', () =>
    assert.equal(read({ ...base, agent: 'reviewer', timeout: '2h' }).timeoutSeconds, 7200));

  test('secret locations: none by default, else the list in order', () => {
    assert.deepEqual(read(base).secretLocations, []);
    assert.deepEqual(
      read({ ...base, secret_locations: ' europe-west1,us-central1\n asia-east1 ' }).secretLocations,
      ['europe-west1', 'us-central1', 'asia-east1'],
    );
  });

  test("the registry's location: from its host, multi-regions included, not the job's region", () => {
    assert.equal(read({ ...build, registry: 'us-docker.pkg.dev' }).build?.registryLocation, 'us');
    assert.equal(read({ ...build, registry: 'asia-docker.pkg.dev' }).build?.registryLocation, 'asia');
    assert.equal(
      read({ ...build, region: 'us-central1', registry: 'europe-west4-docker.pkg.dev' }).build
        ?.registryLocation,
      'europe-west4',
    );
    assert.equal(read({ ...build, region: 'europe-west1' }).build?.registryLocation, 'europe-west1');
    // The emulator's loopback registry names no location: the region, or the variable that sets it.
    assert.equal(read({ ...build, registry: '127.0.0.1:5000' }).build?.registryLocation, 'us-central1');
    assert.equal(
      read({ ...build, registry: '127.0.0.1:5000' }, { CLOUD_RUN_AGENT_EMULATOR_REGISTRY_LOCATION: 'us' })
        .build?.registryLocation,
      'us',
    );
    assert.equal(
      read(
        { ...build, registry: 'us-docker.pkg.dev' },
        { CLOUD_RUN_AGENT_EMULATOR_REGISTRY_LOCATION: 'asia' },
      ).build?.registryLocation,
      'us',
      'the variable never overrides a real host',
    );
  });

  test('timeouts at the limits', () => {
    assert.equal(read({ ...base, timeout: '1' }).timeoutSeconds, 1);
    assert.equal(read({ ...base, timeout: '168h' }).timeoutSeconds, 604800);
    assert.equal(read({ ...base, timeout: '1h30m' }).timeoutSeconds, 5400);
  });

  test('project from the environment, in order of precedence', () => {
    assert.equal(
      read(
        { ...base, project_id: '' },
        { GOOGLE_CLOUD_PROJECT: 'from-google', GCP_PROJECT: 'from-gcp-project' },
      ).projectId,
      'from-gcp-project',
    );
    assert.equal(
      read(
        { ...base, project_id: '' },
        { GOOGLE_CLOUD_PROJECT: 'from-google', CLOUDSDK_CORE_PROJECT: 'from-sdk' },
      ).projectId,
      'from-google',
    );
    assert.equal(
      read({ ...base, project_id: '' }, { CLOUDSDK_PROJECT: 'from-sdk-two' }).projectId,
      'from-sdk-two',
    );
    assert.equal(read(base, { GOOGLE_CLOUD_PROJECT: 'from-google' }).projectId, 'my-project');
  });

  test('a build with defaults', () => {
    const inputs = read(build, {
      GITHUB_SHA: '0123456789abcdef0123',
      GITHUB_RUN_ID: '987654',
      GITHUB_RUN_ATTEMPT: '2',
    });
    assert.equal(inputs.image, undefined);
    assert.deepEqual(inputs.build, {
      context: ws,
      dockerfile: path.join(ws, 'Dockerfile'),
      buildArgs: {},
      registry: 'us-central1-docker.pkg.dev',
      registryLocation: 'us-central1',
      repository: 'agents',
      tag: '0123456789ab-987654-2',
    });
  });

  test('a build with everything given', () => {
    const inputs = read({
      ...build,
      context: 'agents',
      dockerfile: 'agents/own/Dockerfile',
      registry: 'europe-docker.pkg.dev',
      tag: 'v1.2_3',
      build_args: '# comment\n\nNODE_VERSION=24\nFLAGS=--a=b --c\n',
    });
    assert.deepEqual(inputs.build, {
      context: path.join(ws, 'agents'),
      dockerfile: path.join(ws, 'agents/own/Dockerfile'),
      buildArgs: { NODE_VERSION: '24', FLAGS: '--a=b --c' },
      registry: 'europe-docker.pkg.dev',
      registryLocation: 'europe',
      repository: 'agents',
      tag: 'v1.2_3',
    });
  });

  test("the agent's own Dockerfile is the default", () => {
    assert.equal(read({ ...build, agent: 'own' }).build?.dockerfile, path.join(ws, 'agents/own/Dockerfile'));
  });

  test('everything else given', () => {
    const inputs = read({
      ...base,
      keep_tags: '5',
      cpu: '0.5',
      memory: '2Gi',
      gateway_url: 'https://gateway.example.com/base',
      service_account: 'runner@my-project.iam.gserviceaccount.com',
      env: 'LOG_LEVEL=debug\n# skipped\nGREETING=a=b c \n',
      labels: 'team=platform\ncost_center=r-d\n',
      summary: 'FALSE',
      comment: 'TRUE',
      dry_run: 'True',
    });
    assert.equal(inputs.keepTags, 5);
    assert.equal(inputs.cpu, '0.5');
    assert.equal(inputs.memory, '2Gi');
    assert.equal(inputs.gatewayUrl, 'https://gateway.example.com/base');
    assert.equal(inputs.serviceAccount, 'runner@my-project.iam.gserviceaccount.com');
    assert.deepEqual(inputs.env, { LOG_LEVEL: 'debug', GREETING: 'a=b c ' });
    assert.deepEqual(inputs.labels, { team: 'platform', cost_center: 'r-d' });
    assert.equal(inputs.summary, false);
    assert.equal(inputs.comment, true);
    assert.equal(inputs.dryRun, true);
  });

  test('allowed_users and allowed_bots: lists separated by commas, spaces or newlines, @ dropped', () => {
    const inputs = read({
      ...base,
      allowed_users: '@Alice, bob\n carol-2 ',
      allowed_bots: 'renovate[bot]\n*',
    });
    assert.deepEqual(inputs.allowedUsers, ['Alice', 'bob', 'carol-2']);
    assert.deepEqual(inputs.allowedBots, ['renovate[bot]', '*']);
  });

  test('plain http to a loopback gateway (the local emulator)', () => {
    for (const url of ['http://127.0.0.1:8080', 'http://localhost:9000/', 'http://[::1]:80'])
      assert.equal(read({ ...base, gateway_url: url }).gatewayUrl, url);
  });

  test('accepted cpu and memory forms', () => {
    for (const cpu of ['1', '2', '4', '6', '8', '0.5', '1000m', '250m'])
      assert.equal(read({ ...base, cpu }).cpu, cpu);
    for (const memory of ['512Mi', '2Gi', '32Gi', '1G', '600M'])
      assert.equal(read({ ...base, memory }).memory, memory);
  });

  test('reap mode needs no agent, image or credentials, and ignores empty secrets', () => {
    const inputs = read(
      { mode: 'reap', project_id: 'my-project', region: 'us-central1', dry_run: 'true' },
      { AL_SECRET_github_token__default__token: '' },
    );
    assert.equal(inputs.mode, 'reap');
    assert.equal(inputs.agent, '');
    assert.equal(inputs.build, undefined);
    assert.deepEqual(inputs.credentials, []);
    assert.equal(inputs.dryRun, true);
    assert.equal(inputs.reapGraceSeconds, 600);
    const tuned = read({
      mode: 'reap',
      project_id: 'my-project',
      region: 'us-central1',
      reap_grace: '0',
      github_token: ' ghs_token ',
    });
    assert.equal(tuned.reapGraceSeconds, 0);
    assert.equal(tuned.githubToken, 'ghs_token');
    assert.equal(read({ ...base, reap_grace: '1h30m' }).reapGraceSeconds, 5400);
  });

  test('queue_timeout: a duration, 0 included (skip at once)', () => {
    assert.equal(read({ ...base, queue_timeout: '0' }).queueTimeoutSeconds, 0);
    assert.equal(read({ ...base, queue_timeout: '2h' }).queueTimeoutSeconds, 7200);
    assert.equal(read({ ...base, queue_timeout: '90' }).queueTimeoutSeconds, 90);
  });

  test("the agent's scale, as upstream reads it: its own, else defaultAgentScale, else 1; the project's cap", () => {
    assert.deepEqual(read({ ...base, agent: 'scaled' }).scale, {
      agent: 3,
      agentSource: 'agents/scaled/config.toml: "scale"',
    });
    file('config.toml', 'defaultAgentScale = 4\nscale = 6\n');
    try {
      assert.deepEqual(read({ ...base, agent: 'unscaled' }).scale, {
        agent: 4,
        agentSource: 'config.toml: "defaultAgentScale"',
        project: 6,
        projectSource: 'config.toml: "scale"',
      });
      assert.equal(read({ ...base, agent: 'scaled' }).scale?.agent, 3, "the agent's own wins");
    } finally {
      fs.rmSync(path.join(ws, 'config.toml'));
    }
    assert.deepEqual(read({ ...base, agent: 'unscaled' }).scale, {
      agent: 1,
      agentSource: "Action Llama's default (no scale in config.toml)",
    });
    // No config.toml: nothing sets a scale, and none applies (a plain image).
    assert.equal(read(base).scale, undefined);
    assert.equal(read({ ...base, mode: 'reap', agent: 'scaled' }).scale, undefined);
  });
});

describe('input "secrets": fields from existing Secret Manager secrets', () => {
  const only = {
    AL_SECRET_github_token__default__token: undefined,
    AL_SECRET_git_ssh__botty__id_rsa: undefined,
    AL_SECRET_git_ssh__botty__username: undefined,
  };
  test('a required credential taken from an existing secret counts as present and creates no secret', () => {
    const inputs = read(
      { ...base, credentials: 'anthropic_key', secrets: 'anthropic_key/default/token=claude-key:3' },
      only,
    );
    assert.deepEqual(inputs.credentials, []);
    assert.deepEqual(
      inputs.existingCredentials.map((c) => [c.type, c.instance, c.secret, [...c.versions]]),
      [['anthropic_key', 'default', 'projects/my-project/secrets/claude-key', [['token', '3']]]],
    );
  });

  const problems = (given: Given, env: NodeJS.ProcessEnv = {}): string[] => {
    try {
      read(given, env);
    } catch (error) {
      assert.ok(error instanceof InputError, String(error));
      return error.problems;
    }
    return [];
  };

  test('a field given both ways is refused, naming the variable and the line', () => {
    const found = problems({ ...base, secrets: 'github_token/default/token=gh-token' });
    assert.deepEqual(found, [
      'Input "secrets": github_token/default/token is also set by AL_SECRET_github_token__default__token in the step\'s env. Give it one way: remove the line or the variable.',
    ]);
  });

  test('an instance split between the env and a secret is refused', () => {
    const found = problems({ ...base, secrets: 'git_ssh/botty/passphrase=ssh-pass' });
    assert.equal(found.length, 1, found.join('\n'));
    assert.match(
      found[0]!,
      /^Input "secrets": credential git_ssh\/botty takes fields both from the step's env and from Secret Manager/,
    );
  });

  test('a malformed line is refused before any call, with the other problems', () => {
    const found = problems({ ...base, secrets: 'anthropic_key/token=claude', keep_tags: '0' });
    assert.equal(found.length, 2, found.join('\n'));
    assert.match(found.join('\n'), /Input "secrets": "anthropic_key\/token" is not a credential field/);
  });

  test('not read in reap mode', () => {
    assert.equal(
      read({ mode: 'reap', project_id: 'my-project', region: 'us-central1', secrets: 'nonsense' }).mode,
      'reap',
    );
  });
});

describe('missingModelKeys', () => {
  const mode = {
    project: { dir: '/p', modelKeys: [{ ref: 'anthropic_key', field: 'token', model: 'sonnet' }] },
  } as unknown as ProjectMode;
  test('a model key from input "secrets" is not missing; without it, both ways are named', () => {
    assert.deepEqual(missingModelKeys(mode, {}, new Set(['anthropic_key/default/token'])), []);
    const [missing] = missingModelKeys(mode, {}, new Set(['anthropic_key/other/token']));
    assert.match(
      missing!.problem,
      /AL_SECRET_anthropic_key__default__token.*anthropic_key\/default\/token=SECRET_NAME:latest to the input "secrets"/,
    );
  });
});

describe('the input table', () => {
  test('every input of action.yml is in the table, and only those', async () => {
    const manifest = await readActionManifest(path.resolve(import.meta.dirname, '../../..'));
    assert.deepEqual([...inputNames].sort(), Object.keys(manifest.inputs).sort());
  });

  test("an input given as empty takes action.yml's default; given defaults are the ones used", () => {
    assert.equal(read({ ...base, memory: '', cpu: ' ' }).memory, '512Mi');
    const defaults = { ...inputDefaults(), memory: '2Gi' };
    const env = { GITHUB_WORKSPACE: ws, ...secretEnv };
    const custom = readInputs((name) => ({ ...base, memory: '' })[name] ?? '', env, defaults);
    assert.equal(custom.memory, '2Gi');
  });
});

describe('project mode inputs', () => {
  test('project: a folder in the workspace, absolute; "." by default', () => {
    assert.equal(read(base).projectDir, ws);
    assert.equal(read({ ...base, project: 'projects/one' }).projectDir, path.join(ws, 'projects/one'));
    assert.equal(read({ ...base, project: ' projects/one/ ' }).projectDir, path.join(ws, 'projects/one'));
    assert.equal(read({ ...base, project: 'projects/../agents' }).projectDir, path.join(ws, 'agents'));
    assert.equal(read({ ...base, project: path.join(ws, 'agents') }).projectDir, path.join(ws, 'agents'));
  });

  test('project is not checked in reap mode, which reads no project', () => {
    const reap = { mode: 'reap', project_id: 'my-project', region: 'us-central1' };
    assert.equal(read({ ...reap, project: 'missing-project' }).mode, 'reap');
  });

  test("base_image: any image reference; node:24-alpine, Action Llama's own family, by default", () => {
    assert.equal(read(build).baseImage, 'node:24-alpine');
    for (const baseImage of [
      'node',
      'node:24',
      'library/node:24-slim',
      'docker.io/library/node:24.1.0-bookworm-slim',
      'localhost:5000/base',
      '127.0.0.1:5000/base:v1',
      '[::1]:5000/base',
      'us-docker.pkg.dev/my-project/images/node-base:2024_01.1',
      'My.Registry.example.com/team/node',
      'ghcr.io/a-b/c__d/e.f:Tag_1',
      `node@sha256:${'a'.repeat(64)}`,
      `node:24-slim@sha256:${'0123456789abcdef'.repeat(4)}`,
    ])
      assert.equal(read({ ...build, base_image: baseImage }).baseImage, baseImage);
  });

  test('action_llama_version: an exact version; 0.29.1 by default', () => {
    assert.equal(read(build).actionLlamaVersion, '0.29.1');
    for (const version of ['0.29.1', '1.0.0', '10.20.30', '0.30.0-rc.1', '1.0.0-alpha-2.x.7', '1.0.0-0'])
      assert.equal(read({ ...build, action_llama_version: version }).actionLlamaVersion, version);
  });

  test('base_image and action_llama_version are not checked with a prebuilt image, which uses neither', () => {
    const inputs = read({ ...base, base_image: 'Not An Image', action_llama_version: 'latest' });
    assert.equal(inputs.baseImage, 'Not An Image');
    assert.equal(inputs.actionLlamaVersion, 'latest');
  });
});

describe('project mode: the credentials the agent lists, and no others', () => {
  // A workspace holding an Action Llama project and no Dockerfile, as `al new` makes it.
  let project = '';
  before(() => {
    project = fs.mkdtempSync(path.join(os.tmpdir(), 'inputs-project-'));
    const put = (relative: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(project, relative)), { recursive: true });
      fs.writeFileSync(path.join(project, relative), text);
    };
    put('config.toml', '[models.gpt]\nprovider = "openai"\nmodel = "gpt-4o"\n');
    for (const agent of ['triage', 'notes']) {
      put(`agents/${agent}/SKILL.md`, `---\nname: ${agent}\n---\n`);
      put(
        `agents/${agent}/config.toml`,
        `models = ["gpt"]\ncredentials = ["github_token", "git_ssh:botty"]\nschedule = "0 * * * *"\n`,
      );
    }
    put('agents/drafts/README.md', 'not an agent: no SKILL.md\n');
  });
  after(() => fs.rmSync(project, { recursive: true, force: true }));

  const inProject = {
    agent: 'triage',
    project_id: 'my-project',
    region: 'us-central1',
    repository: 'agents',
  };
  const readProjectInputs = (given: Given, env: NodeJS.ProcessEnv) =>
    readInputs((name) => given[name] ?? '', { GITHUB_WORKSPACE: project, ...env });

  test("only the agent's credentials and its model's key are read; the others are left alone, unchecked", () => {
    const inputs = readProjectInputs(inProject, {
      ...secretEnv,
      AL_SECRET_openai_key__default__token: 'sk-model-key',
      AL_SECRET_slack_bot_token__default__token: 'xoxb-not-for-triage',
      AL_SECRET_sentry_token__default__token: '', // empty, but not the agent's
    });
    assert.ok(inputs.projectMode);
    assert.deepEqual(inputs.credentials.map(refText), [
      'git_ssh:botty',
      'github_token:default',
      'openai_key:default',
    ]);
    assert.deepEqual(inputs.leftAlone, ['sentry_token:default', 'slack_bot_token:default']);
    assert.deepEqual(inputs.credentialProblems, []);
  });

  test('the input "credentials" adds to what the agent lists', () => {
    const inputs = readProjectInputs(
      { ...inProject, credentials: 'slack_bot_token' },
      {
        ...secretEnv,
        AL_SECRET_openai_key__default__token: 'k',
        AL_SECRET_slack_bot_token__default__token: 'x',
      },
    );
    assert.ok(inputs.credentials.some((c) => refText(c) === 'slack_bot_token:default'));
    assert.deepEqual(inputs.leftAlone, []);
  });

  test('a contract image still takes every credential of the env', () => {
    const inputs = read(base, { AL_SECRET_slack_bot_token__default__token: 'xoxb-contract' });
    assert.deepEqual(inputs.credentials.map(refText), [
      'git_ssh:botty',
      'github_token:default',
      'slack_bot_token:default',
    ]);
    assert.deepEqual(inputs.leftAlone, []);
  });

  test('an empty model key is named once, as empty; an absent one with its model', () => {
    const empty = readProjectInputs(inProject, { ...secretEnv, AL_SECRET_openai_key__default__token: '' });
    assert.equal(empty.credentialProblems.length, 1, empty.credentialProblems.join('\n'));
    assert.match(
      empty.credentialProblems[0]!,
      /^Credential openai_key:default \(field token\): AL_SECRET_openai_key__default__token is empty\./,
    );
    const absent = readProjectInputs(inProject, secretEnv);
    assert.equal(absent.credentialProblems.length, 1, absent.credentialProblems.join('\n'));
    assert.match(
      absent.credentialProblems[0]!,
      /^Model "gpt" of .*config\.toml needs the credential openai_key/,
    );
  });

  test("an agent the project does not hold: named, with the folder looked in and the project's agents", () => {
    assert.throws(
      () => readProjectInputs({ ...inProject, agent: 'triager' }, secretEnv),
      (error: InputError) => {
        assert.deepEqual(error.problems, [
          'Input "agent": "triager" is not an agent of the project: agents/triager/SKILL.md does not exist. ' +
            "The project's agents (folders of agents/ holding a SKILL.md): notes, triage. " +
            'Set "agent" to one of them and set "project" to the folder holding agents/, or give "image" or "dockerfile" to run an image of your own.',
        ]);
        return true;
      },
    );
  });

  test("the folder looked in is the project input's agents/; an empty one says the project has no agents", () => {
    fs.mkdirSync(path.join(project, 'empty'), { recursive: true });
    assert.throws(
      () => readProjectInputs({ ...inProject, project: 'empty' }, secretEnv),
      /Input "agent": "triage" is not an agent of the project: empty\/agents\/triage\/SKILL\.md does not exist\. No folder of empty\/agents\/ holds a SKILL\.md: the project has no agents\. Check out the repository first and set "project"/,
    );
    // A Dockerfile asked for by name is still that input's problem.
    assert.throws(
      () => readProjectInputs({ ...inProject, agent: 'triager', dockerfile: 'Dockerfile' }, secretEnv),
      /Error: Input "dockerfile": "Dockerfile" does not exist/,
    );
  });

  describe('the caps: max_turns and max_llm_cost', () => {
    const env = { ...secretEnv, AL_SECRET_openai_key__default__token: 'k' };
    const problemsOf = (given: Given): string[] => {
      try {
        readProjectInputs(given, env);
      } catch (error) {
        return (error as InputError).problems;
      }
      return [];
    };

    test('empty by default: no cap', () => {
      const inputs = readProjectInputs(inProject, env);
      assert.equal(inputs.maxTurns, undefined);
      assert.equal(inputs.maxLlmCost, undefined);
    });

    test('a whole number of turns and a number of dollars', () => {
      const inputs = readProjectInputs({ ...inProject, max_turns: ' 5 ', max_llm_cost: '0.50' }, env);
      assert.equal(inputs.maxTurns, 5);
      assert.equal(inputs.maxLlmCost, 0.5);
    });

    test('anything else is an input error naming the input and the form', () => {
      for (const turns of ['0', '-3', '2.5', 'ten', '1e2'])
        assert.deepEqual(problemsOf({ ...inProject, max_turns: turns }), [
          `Input "max_turns": "${turns}" is not a whole number of at least 1 (the most model responses the agent may have), e.g. 30.`,
        ]);
      for (const usd of ['0', '$2', '-1', '1e-3', 'free', '2 USD'])
        assert.deepEqual(problemsOf({ ...inProject, max_llm_cost: usd }), [
          `Input "max_llm_cost": "${usd}" is not a positive number of US dollars, e.g. 2 or 0.50 (no currency sign).`,
        ]);
    });

    test('outside project mode (a prebuilt image, a Dockerfile build) they are an input error', () => {
      const others: Given[] = [{ image }, { dockerfile: 'Dockerfile' }, { agent: 'drafts' }];
      for (const other of others) {
        const given = { ...inProject, ...other, max_turns: '3', max_llm_cost: '1' };
        const problems = problemsOf(given).filter((p) => /max_/.test(p));
        assert.equal(problems.length, 2, JSON.stringify(other));
        assert.match(
          problems[0]!,
          /^Input "max_turns" works in project mode only \(no image, context or dockerfile/,
        );
        assert.match(problems[1]!, /^Input "max_llm_cost" works in project mode only/);
      }
    });

    test('reap mode reads neither', () => {
      const reap = { mode: 'reap', project_id: 'my-project', region: 'us-central1', max_turns: 'x' };
      assert.equal(readProjectInputs(reap, {}).mode, 'reap');
    });
  });
});

describe('helpers', () => {
  test('keyValues keeps everything after the first =, trims the key', () => {
    const problems: string[] = [];
    assert.deepEqual(keyValues(' A =1\r\nB==2\n#C=3\n\nD=\n', 'env', problems), { A: '1', B: '=2', D: '' });
    assert.deepEqual(problems, []);
  });
  test('cpuValue', () => {
    assert.equal(cpuValue('250m'), 0.25);
    assert.equal(cpuValue('2'), 2);
    assert.equal(cpuValue('0.5'), 0.5);
  });
  test('memoryMiB', () => {
    assert.equal(memoryMiB('512Mi'), 512);
    assert.equal(memoryMiB('2Gi'), 2048);
    assert.equal(memoryMiB('1G'), 1e9 / 2 ** 20);
    assert.equal(memoryMiB('100M'), 1e8 / 2 ** 20);
    assert.ok(Number.isNaN(memoryMiB('1Ti')));
  });
});
