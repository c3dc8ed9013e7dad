// Every input of the action, read and validated in one place before anything is created in the
// cloud. One table holds each input's parse and validate (its default is action.yml's alone, src/action/manifest.ts); the few rules that join several
// inputs (the build, the credentials, the timeout) follow it. Problems are collected so a user sees
// them all at once; each names the input and the fix. Problems with the credentials' values alone
// (empty, missing, too large) wait for the decision to run (checkCredentials): GitHub gives a fork's
// pull request and Dependabot no secrets, and an event the agent skips must not fail for that.
import fs from 'node:fs';
import path from 'node:path';
import { readAgentConfig, type AgentConfig, type Scale } from '../project/config.ts';
import { isLogin } from '../github/authorisation.ts';
import {
  collectCredentials,
  envName,
  parseRefs,
  type Credential,
  type CredentialRef,
} from '../credentials/env.ts';
import { parseDuration } from '../shared/durations.ts';
import {
  existingCredentials,
  fieldText,
  oneSecretPerInstance,
  parseExistingSecrets,
  type ExistingCredential,
  type ExistingField,
} from '../credentials/existing.ts';
import { missingModelKeys, readProjectMode, type ProjectMode } from '../project/mode.ts';
import { isProjectAgent, projectAgents } from '../project/agent.ts';
import { parseMaxLlmCost, parseMaxTurns } from '../shared/llm-usage.ts';
import {
  parseLocations,
  regionProblem,
  registryLocation,
  registryProblem,
  secretLocationsProblems,
} from '../google/locations.ts';
import { labelProblem, slug } from '../shared/names.ts';
import { readAgentTriggers, type AgentTriggers } from '../project/triggers.ts';
import { networkInputs, readVpcAccess, type NetworkInput, type VpcAccess } from '../job/vpc.ts';
import { cpuValue, memoryMiB, memoryPattern } from '../job/cost.ts';
import type { JobSettings } from '../job/spec.ts';
import { inputDefaults } from './manifest.ts';
import type { BuildInputs } from '../image/docker.ts';

export interface Inputs extends JobSettings {
  mode: 'run' | 'reap';
  agent: string;
  projectId: string;
  region: string;
  /** The Action Llama project folder (absolute), inside the workspace. */
  projectDir: string;
  /** A prebuilt image reference, or undefined when the action builds one. */
  image?: string;
  build?: BuildInputs;
  /** Set when the image is made from the Action Llama project (no image, context or Dockerfile given). */
  projectMode?: ProjectMode;
  /** Project mode: the base of the agent's image. */
  baseImage: string;
  /** Project mode: the exact `@action-llama/action-llama` version installed in the image. */
  actionLlamaVersion: string;
  keepTags: number;
  /** The credentials read from the step's env: in project mode only those the agent lists, and its models' keys. */
  credentials: Credential[];
  /** What is wrong with the credentials' values, for checkCredentials once the run is decided. */
  credentialProblems: string[];
  /** Project mode: the step's other AL_SECRET_ credentials (type:instance), left alone. */
  leftAlone: string[];
  /** Credentials whose fields are versions of existing Secret Manager secrets (input "secrets"). */
  existingCredentials: ExistingCredential[];
  /** Replica locations of the run's secrets; empty: automatic replication. */
  secretLocations: string[];
  prompt?: string;
  env: Record<string, string>;
  gatewayUrl?: string;
  /**
   * How many runs of the agent (and of its project) may run at once, from its config.toml; undefined
   * when it has none (a plain image): no limit. See src/scale/.
   */
  scale?: Scale;
  /** How long a run over the scale waits for a slot before it is skipped (0: not at all). */
  queueTimeoutSeconds: number;
  /** Project mode: stop the agent after this many model responses (turns); undefined: no cap. */
  maxTurns?: number;
  /** Project mode: stop the agent once its model usage has cost this many US dollars; undefined: no cap. */
  maxLlmCost?: number;
  summary: boolean;
  /** Keep one comment with the run's outcome on the triggering pull request or issue. */
  comment: boolean;
  dryRun: boolean;
  /** Reap mode: how long past its own timeout a run's resources are left alone. */
  reapGraceSeconds: number;
  /** The GitHub token: collaborator permissions (run mode), the comment (`comment`), workflow runs (reap). */
  githubToken?: string;
  /** Logins that may start a run without write access. */
  allowedUsers: string[];
  /** Bots (apps) that may start a run; `*` is every bot. */
  allowedBots: string[];
  /** Run mode with `respect_triggers`: the agent's GitHub [[webhooks]]; undefined when it has no config.toml. */
  triggers?: AgentTriggers;
  /** Skip an event the agent's GitHub [[webhooks]] do not accept. */
  respectTriggers: boolean;
}

export class InputError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(
      problems.length === 1
        ? problems[0]
        : `The inputs have ${problems.length} problems:\n${problems.map((p) => `- ${p}`).join('\n')}`,
    );
    this.problems = problems;
  }
}

type GetInput = (name: string) => string;

/** What parsing and validating may look at besides an input's own text. */
interface Where {
  workspace: string;
  env: NodeJS.ProcessEnv;
  /** action.yml's defaults, for examples in messages. */
  defaults: Record<string, string>;
}

/** What the run does: it decides which inputs are used, and so validated. */
interface Use {
  run: boolean;
  /** Run mode without a prebuilt image: the action builds one. */
  build: boolean;
}

interface Input<T> {
  /** Blanks around the text belong to the value (the prompt, KEY=VALUE lines). */
  untrimmed?: true;
  /** Validated only when the run uses it; by default always. */
  usedBy?: keyof Use;
  /** The value of the text (its default applied). Never a problem: `validate` names those. */
  parse(text: string, where: Where): T;
  /** What is wrong with the value, each problem naming the input and the fix. */
  validate?(value: T, text: string, where: Where): string | string[] | undefined;
}

// Infers each entry's value type from its parse.
const input = <T>(spec: Input<T>): Input<T> => spec;
const asIs = (text: string): string => text;
const orUndefined = (text: string): string | undefined => text || undefined;

// https://cloud.google.com/run/docs/configuring/jobs/cpu, /memory-limits
// Cloud Run jobs need at least 512 MiB (the memory-limits page above).
const minJobMemoryMiB = 512;
const cpuPattern = /^(\d+(\.\d+)?|\d+m)$/;
// The container contract's own variables, and those the project-mode entry reads.
const reservedEnv =
  /^(CLOUD_RUN_|K_|AL_SECRET_)|^(PORT|PROMPT|GATEWAY_URL|SHUTDOWN_SECRET)$|^AL_(TRIGGER|TIMEOUT_SECONDS|AGENT|PROJECT_DIR|UPSTREAM_DIR|CREDENTIALS_DIR|CREDENTIALS_PATH|LOG_LEVEL|END_NONCE|MAX_TURNS|MAX_LLM_COST)$/;

// The table's order is the order problems are listed in.
const table = {
  mode: input({
    parse: asIs,
    validate: (mode) =>
      mode === 'run' || mode === 'reap' ? undefined : `Input "mode" must be "run" or "reap", got "${mode}".`,
  }),
  agent: input({ usedBy: 'run', parse: asIs, validate: agentProblem }),
  project_id: input({
    parse: (text, { env }) =>
      text ||
      env.GCP_PROJECT ||
      env.GOOGLE_CLOUD_PROJECT ||
      env.CLOUDSDK_CORE_PROJECT ||
      env.CLOUDSDK_PROJECT ||
      '',
    validate: projectIdProblem,
  }),
  region: input({ parse: asIs, validate: regionProblem }),
  project: input({
    usedBy: 'run',
    parse: (text, { workspace }) => path.resolve(workspace, text),
    validate: projectProblem,
  }),
  image: input({ parse: orUndefined }),
  // context and dockerfile are checked together, in resolveBuild.
  context: input({ parse: asIs }),
  dockerfile: input({ parse: asIs }),
  repository: input({ usedBy: 'build', parse: asIs, validate: repositoryProblem }),
  tag: input({
    usedBy: 'build',
    parse: (text, { env }) => text || defaultTag(env),
    validate: (tag) =>
      /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag)
        ? undefined
        : `Input "tag": "${tag}" is not a valid Docker tag; use at most 128 letters, digits, "_", "." and "-", not starting with "." or "-".`,
  }),
  build_args: input({
    usedBy: 'build',
    untrimmed: true,
    parse: (text) => keyValues(text, 'build_args', []),
    validate: (_, text) => keyValueProblems(text, 'build_args'),
  }),
  // Its default, <region>-docker.pkg.dev, is set in resolveBuild.
  registry: input({ usedBy: 'build', parse: asIs, validate: registryProblem }),
  base_image: input({ usedBy: 'build', parse: asIs, validate: baseImageProblem }),
  action_llama_version: input({
    usedBy: 'build',
    parse: asIs,
    validate: versionProblem,
  }),
  keep_tags: input({
    parse: (text) => (/^\d+$/.test(text) ? Number(text) : NaN),
    validate: (keep, text) =>
      Number.isInteger(keep) && keep >= 1
        ? undefined
        : `Input "keep_tags" must be a whole number of at least 1, got "${text}".`,
  }),
  credentials: input({
    untrimmed: true,
    parse: (text): CredentialRef[] => parseRefs(text, 'Input "credentials"').refs,
    validate: (_, text) => parseRefs(text, 'Input "credentials"').problems,
  }),
  // Parsed with project_id (a bare secret name is of that project) in resolveCredentials.
  secrets: input({
    usedBy: 'run',
    parse: asIs,
    validate: (text) => parseExistingSecrets(text, '').problems,
  }),
  secret_locations: input({ usedBy: 'run', parse: parseLocations, validate: secretLocationsProblems }),
  // Its default comes from config.toml, in resolveTimeout.
  timeout: input({ parse: asIs }),
  queue_timeout: input({
    usedBy: 'run',
    parse: (text) => parseDuration(text),
    validate: (seconds, text) =>
      seconds !== undefined && seconds <= 24 * 3600
        ? undefined
        : `Input "queue_timeout": "${text}" is not a duration of at most 24h. Use seconds (600), a duration like 30m, or 0 to skip the run at once when the agent already runs at its scale.`,
  }),
  // Project mode only: checked in capProblems.
  max_turns: input({
    usedBy: 'run',
    parse: (text) => (text ? parseMaxTurns(text) : undefined),
    validate: (turns, text) =>
      Number.isNaN(turns)
        ? `Input "max_turns": "${text}" is not a whole number of at least 1 (the most model responses the agent may have), e.g. 30.`
        : undefined,
  }),
  max_llm_cost: input({
    usedBy: 'run',
    parse: (text) => (text ? parseMaxLlmCost(text) : undefined),
    validate: (usd, text) =>
      Number.isNaN(usd)
        ? `Input "max_llm_cost": "${text}" is not a positive number of US dollars, e.g. 2 or 0.50 (no currency sign).`
        : undefined,
  }),
  cpu: input({ parse: asIs, validate: cpuProblem }),
  memory: input({ parse: asIs, validate: memoryProblem }),
  gateway_url: input({ parse: orUndefined, validate: (url) => (url ? gatewayProblems(url) : undefined) }),
  service_account: input({ parse: orUndefined, validate: serviceAccountProblem }),
  // Private networking: checked together, in resolveVpcAccess.
  network: input({ usedBy: 'run', parse: asIs }),
  subnetwork: input({ usedBy: 'run', parse: asIs }),
  network_tags: input({ usedBy: 'run', parse: asIs }),
  vpc_connector: input({ usedBy: 'run', parse: asIs }),
  vpc_egress: input({ usedBy: 'run', parse: asIs }),
  env: input({
    untrimmed: true,
    parse: (text) => keyValues(text, 'env', []),
    validate: (env, text) => [...keyValueProblems(text, 'env'), ...envNameProblems(env)],
  }),
  labels: input({
    untrimmed: true,
    parse: (text) => keyValues(text, 'labels', []),
    validate: (labels, text) => [...keyValueProblems(text, 'labels'), ...labelProblems(labels)],
  }),
  summary: input({ parse: isTrue, validate: booleanProblem('summary') }),
  comment: input({ usedBy: 'run', parse: isTrue, validate: booleanProblem('comment') }),
  dry_run: input({ parse: isTrue, validate: booleanProblem('dry_run') }),
  reap_grace: input({
    parse: (text) => parseDuration(text),
    validate: (seconds, text) =>
      seconds !== undefined && seconds <= 7 * 86400
        ? undefined
        : `Input "reap_grace": "${text}" is not a duration of at most 7d. Use seconds (600) or a duration like 10m or 1h.`,
  }),
  github_token: input({ parse: orUndefined }),
  allowed_users: input({
    usedBy: 'run',
    parse: logins,
    validate: (users) => users.flatMap((user) => allowedUserProblem(user)),
  }),
  allowed_bots: input({
    usedBy: 'run',
    parse: logins,
    validate: (bots) => bots.flatMap((bot) => allowedBotProblem(bot)),
  }),
  respect_triggers: input({
    usedBy: 'run',
    parse: isTrue,
    validate: booleanProblem('respect_triggers'),
  }),
  prompt: input({ untrimmed: true, parse: orUndefined }),
};

type InputName = keyof typeof table;
type Values = { [K in InputName]: ReturnType<(typeof table)[K]['parse']> };
/** Every input the action reads, in the table's order. */
export const inputNames = Object.keys(table) as InputName[];
// Methods are bivariant, so every entry fits this one shape for the loops below.
const entries = table as Record<InputName, Input<unknown>>;

/**
 * The inputs, read and checked. `defaults` are action.yml's (the runner applies them to inputs the
 * workflow leaves out; here they also fill an input given as empty).
 */
export function readInputs(
  get: GetInput,
  env: NodeJS.ProcessEnv,
  defaults: Record<string, string> = inputDefaults(),
): Inputs {
  const where: Where = { workspace: env.GITHUB_WORKSPACE || process.cwd(), env, defaults };
  const problems = new Problems();
  const texts = readTexts(get, defaults);
  const given = parseAll(texts, where);
  const use: Use = { run: given.mode === 'run', build: given.mode === 'run' && !given.image };
  validateAll(given, texts, use, where, problems);

  // The rules that join several inputs, with the agent's config.toml for defaults.
  const config = problems.from('agent', () =>
    given.agent ? readAgentConfig(given.project, given.agent) : undefined,
  );
  // No image, context or Dockerfile, and the project holds the agent: the image is made from it.
  const projectMode =
    use.build && !given.context && !given.dockerfile
      ? problems.from('project', () => {
          const found: string[] = [];
          const mode = readProjectMode({ ...given, tag: texts.tag }, found);
          problems.add('project', found);
          return mode;
        })
      : undefined;
  if (use.run && given.image && (given.context || given.dockerfile))
    problems.add(
      'image',
      'Give either "image" (a prebuilt image) or a build ("context", "dockerfile"), not both.',
    );
  const build = use.build ? resolveBuild(given, config, projectMode, where, problems) : undefined;
  const existing = use.run ? parseExistingSecrets(given.secrets, given.project_id).fields : [];
  problems.add('secrets', oneSecretPerInstance(existing));
  const { credentials, leftAlone } = resolveCredentials(
    given.credentials,
    existing,
    config,
    projectMode,
    use.run,
    env,
    problems,
  );
  const timeoutSeconds = resolveTimeout(given.timeout, config, projectMode, problems);
  if (use.run) capProblems(given, problems);
  const vpcAccess = use.run ? resolveVpcAccess(given, problems) : undefined;
  const triggers = use.run && given.respect_triggers ? resolveTriggers(given, problems) : undefined;

  // Inputs that fail anyway list every problem at once, the credentials' values included.
  if (problems.list.length) throw new InputError(problems.all);
  return toInputs(given, {
    build,
    projectMode,
    credentials,
    credentialProblems: problems.deferred,
    leftAlone,
    existingCredentials: existingCredentials(existing),
    timeoutSeconds,
    vpcAccess,
    triggers,
    scale: use.run ? config?.scale : undefined,
  });
}

/**
 * The caps need project mode: its entry counts the agent's turns and cost and stops it; an image of
 * the user's own runs its own entry. (Whether the models have prices is known only to the image's
 * pi-ai: the entry refuses max_llm_cost without them, before any model call.)
 */
function capProblems(given: Values, problems: Problems): void {
  const projectMode =
    !given.image && !given.context && !given.dockerfile && isProjectAgent(given.project, given.agent);
  if (projectMode) return;
  for (const name of ['max_turns', 'max_llm_cost'] as const)
    if (given[name] !== undefined)
      problems.add(
        name,
        `Input "${name}" works in project mode only (no image, context or dockerfile, and the project holds agents/${given.agent}/SKILL.md): there the action's entry counts the agent's turns and cost and stops it. An image of your own runs its own entry. Remove it.`,
      );
}

/** The inputs as the rest of the action reads them, once every problem is ruled out. */
function toInputs(
  given: Values,
  resolved: Pick<
    Inputs,
    | 'build'
    | 'projectMode'
    | 'credentials'
    | 'credentialProblems'
    | 'leftAlone'
    | 'existingCredentials'
    | 'timeoutSeconds'
    | 'vpcAccess'
    | 'triggers'
    | 'scale'
  >,
): Inputs {
  return {
    ...resolved,
    maxTurns: given.max_turns,
    maxLlmCost: given.max_llm_cost,
    mode: given.mode as 'run' | 'reap',
    agent: given.agent,
    projectId: given.project_id,
    region: given.region,
    projectDir: given.project,
    image: given.image,
    baseImage: given.base_image,
    actionLlamaVersion: given.action_llama_version,
    keepTags: given.keep_tags,
    secretLocations: given.secret_locations,
    prompt: given.prompt,
    env: given.env,
    gatewayUrl: given.gateway_url,
    cpu: given.cpu,
    memory: given.memory,
    serviceAccount: given.service_account,
    labels: given.labels,
    summary: given.summary,
    comment: given.comment,
    dryRun: given.dry_run,
    reapGraceSeconds: given.reap_grace!,
    queueTimeoutSeconds: given.queue_timeout ?? 0,
    githubToken: given.github_token,
    allowedUsers: given.allowed_users,
    allowedBots: given.allowed_bots,
    respectTriggers: given.respect_triggers,
  };
}

/**
 * Throws the credentials' value problems of `inputs` (see readInputs), once the run is decided: still
 * before anything is created.
 */
export function checkCredentials(inputs: Pick<Inputs, 'credentialProblems'>): void {
  if (inputs.credentialProblems.length) throw new InputError(inputs.credentialProblems);
}

/** Problems, each filed under the input it concerns, listed in the table's order. */
class Problems {
  private readonly byInput = new Map<InputName, string[]>();
  private readonly later = new Map<InputName, string[]>();

  add(name: InputName, found: string | string[] | undefined, to = this.byInput): void {
    const list = typeof found === 'string' ? [found] : (found ?? []);
    if (list.length) to.set(name, [...(to.get(name) ?? []), ...list]);
  }

  /** Problems that wait for the decision to run (the credentials' values). */
  defer(name: InputName, found: string[]): void {
    this.add(name, found, this.later);
  }

  /** What `read` returns, or undefined with its error filed under `name`. */
  from<T>(name: InputName, read: () => T): T | undefined {
    try {
      return read();
    } catch (error) {
      this.add(name, (error as Error).message);
      return undefined;
    }
  }

  /** The problems that fail the inputs now. */
  get list(): string[] {
    return inputNames.flatMap((name) => this.byInput.get(name) ?? []);
  }

  get deferred(): string[] {
    return inputNames.flatMap((name) => this.later.get(name) ?? []);
  }

  /** Both, each input's own first, in the table's order. */
  get all(): string[] {
    return inputNames.flatMap((name) => [...(this.byInput.get(name) ?? []), ...(this.later.get(name) ?? [])]);
  }
}

function readTexts(get: GetInput, defaults: Record<string, string>): Record<InputName, string> {
  const text = (name: InputName): string => {
    const given = entries[name].untrimmed ? get(name) : get(name).trim();
    // An expression (`${{ github.token }}`) only the runner can evaluate.
    const fallback = defaults[name]?.includes('${{') ? '' : (defaults[name] ?? '');
    return given || fallback;
  };
  return Object.fromEntries(inputNames.map((name) => [name, text(name)])) as Record<InputName, string>;
}

function parseAll(texts: Record<InputName, string>, where: Where): Values {
  return Object.fromEntries(
    inputNames.map((name) => [name, entries[name].parse(texts[name], where)]),
  ) as Values;
}

function validateAll(
  given: Values,
  texts: Record<InputName, string>,
  use: Use,
  where: Where,
  problems: Problems,
): void {
  for (const name of inputNames) {
    const spec = entries[name];
    if (spec.usedBy && !use[spec.usedBy]) continue;
    problems.add(name, spec.validate?.(given[name], texts[name], where));
  }
}

/** The build: the context and the Dockerfile (the agent's own by default) must exist. */
function resolveBuild(
  given: Values,
  config: AgentConfig | undefined,
  projectMode: ProjectMode | undefined,
  { workspace, env }: Where,
  problems: Problems,
): BuildInputs {
  const registry = given.registry || `${given.region}-docker.pkg.dev`;
  // A host that names no location is already a problem of the "registry" input.
  const location = registryLocation(registry, given.region, env) ?? given.region;
  // Project mode: the action writes the Dockerfile and tags the image by its content.
  if (projectMode)
    return {
      context: given.project,
      dockerfile: '',
      buildArgs: given.build_args,
      registry,
      registryLocation: location,
      repository: given.repository,
      tag: '',
    };
  const context = path.resolve(workspace, given.context || '.');
  const dockerfile = given.dockerfile
    ? path.resolve(workspace, given.dockerfile)
    : (config?.dockerfile ?? path.join(context, 'Dockerfile'));
  if (!isDirectory(context)) {
    problems.add(
      'context',
      `Input "context": directory "${given.context || '.'}" does not exist. Check out the repository first (actions/checkout), or set "image".`,
    );
  } else if (!fs.existsSync(dockerfile)) {
    // Nothing but the agent given: the user meant an agent of the project, not a Dockerfile.
    if (!given.context && !given.dockerfile && isDirectory(given.project))
      problems.add('agent', notInProject(given.agent, given.project, workspace));
    else
      problems.add(
        'dockerfile',
        `Input "dockerfile": "${path.relative(workspace, dockerfile)}" does not exist. Set "dockerfile", or "image" for a prebuilt image.`,
      );
  }
  return {
    context,
    dockerfile,
    buildArgs: given.build_args,
    registry,
    registryLocation: location,
    repository: given.repository,
    tag: given.tag,
  };
}

/** An agent the project does not hold: where it was looked for, and the agents that are there. */
function notInProject(agent: string, project: string, workspace: string): string {
  const folder = path.relative(workspace, path.join(project, 'agents')) || '.';
  const agents = projectAgents(project);
  const [found, fix] = agents.length
    ? [
        `The project's agents (folders of ${folder}/ holding a SKILL.md): ${agents.join(', ')}.`,
        'Set "agent" to one of them',
      ]
    : [
        `No folder of ${folder}/ holds a SKILL.md: the project has no agents.`,
        'Check out the repository first',
      ];
  return (
    `Input "agent": "${agent}" is not an agent of the project: ${folder}/${agent}/SKILL.md does not exist. ${found} ` +
    `${fix} and set "project" to the folder holding agents/, or give "image" or "dockerfile" to run an image of your own.`
  );
}

/**
 * The input's refs and config.toml's, each with its value from the environment or from an existing
 * secret (run mode only). In project mode only those refs are read from the environment: the step's
 * other AL_SECRET_ credentials are left alone (least privilege: the agent gets what it lists).
 */
function resolveCredentials(
  fromInput: CredentialRef[],
  existing: ExistingField[],
  config: AgentConfig | undefined,
  projectMode: ProjectMode | undefined,
  run: boolean,
  env: NodeJS.ProcessEnv,
  problems: Problems,
): { credentials: Credential[]; leftAlone: string[] } {
  // In project mode the agent's credentials and its models' keys, as upstream reads them.
  const refs = projectMode?.project.credentials ?? config?.credentials ?? [];
  const fromConfig = parseRefs(refs.join(','), config?.file ?? '');
  problems.add('credentials', fromConfig.problems);
  if (!run) return { credentials: [], leftAlone: [] };
  // A missing model key is named with its model; the generic message would only repeat it.
  const fromSecrets = new Set(existing.map(fieldText));
  const missingKeys = projectMode ? missingModelKeys(projectMode, env, fromSecrets) : [];
  problems.defer(
    'credentials',
    missingKeys.map((k) => k.problem),
  );
  const listed = [...fromInput, ...fromConfig.refs];
  const wanted = listed.filter(
    (ref) => !(ref.instance === 'default' && missingKeys.some((k) => k.ref === ref.type)),
  );
  const only = projectMode ? listed : undefined;
  const collected = collectCredentials(env, wanted, existing, only);
  problems.add('credentials', collected.problems);
  problems.defer('credentials', collected.valueProblems);
  problems.add('secrets', givenBothWays(collected.credentials, existing));
  return { credentials: collected.credentials, leftAlone: collected.leftAlone };
}

/** The private network inputs, checked together as Cloud Run checks the job's vpcAccess. */
function resolveVpcAccess(given: Values, problems: Problems): VpcAccess | undefined {
  const texts = Object.fromEntries(networkInputs.map((name) => [name, given[name]])) as Record<
    NetworkInput,
    string
  >;
  const found: { input: NetworkInput; message: string }[] = [];
  const access = readVpcAccess(texts, { projectId: given.project_id, region: given.region }, found);
  for (const { input, message } of found) problems.add(input, message);
  return access;
}

/**
 * A field set both by the step's env and by input "secrets", or an instance split between them
 * (Cloud Run mounts one secret per directory): either way the user must choose.
 */
function givenBothWays(credentials: Credential[], existing: ExistingField[]): string[] {
  const problems: string[] = [];
  for (const credential of credentials) {
    const fields = existing.filter((f) => f.type === credential.type && f.instance === credential.instance);
    const both = fields.filter((f) => credential.fields.has(f.field));
    for (const f of both)
      problems.push(
        `Input "secrets": ${fieldText(f)} is also set by ${envName(credential, f.field)} in the step's env. Give it one way: remove the line or the variable.`,
      );
    if (fields.length > both.length || (both.length && credential.fields.size > both.length))
      problems.push(
        `Input "secrets": credential ${credential.type}/${credential.instance} takes fields both from the step's env and from Secret Manager; Cloud Run mounts one secret per directory. ` +
          'Give all the fields of an instance one way.',
      );
  }
  return problems;
}

/** The agent's GitHub [[webhooks]] (contract images too: the project folder's config.toml is the agent's). */
function resolveTriggers(given: Values, problems: Problems): AgentTriggers | undefined {
  if (!given.agent) return undefined;
  const { triggers, problems: found } = readAgentTriggers(given.project, given.agent);
  problems.add(
    'respect_triggers',
    found.map((p) => `${p} (Or set "respect_triggers: false" to ignore the agent's [[webhooks]].)`),
  );
  return triggers;
}

/** The input wins, else config.toml's timeout, else 1h. */
function resolveTimeout(
  input: string,
  config: AgentConfig | undefined,
  projectMode: ProjectMode | undefined,
  problems: Problems,
): number {
  // Project mode reads it as upstream does (checked in readProject); else the action's rule.
  const fromConfig = projectMode ? projectMode.project.timeoutSeconds : config?.timeout;
  const text = input || String(fromConfig ?? '3600');
  // A bad value from config.toml is fixed there (or overridden by the input), so say where it came from.
  const source =
    input || fromConfig === undefined
      ? 'Input "timeout"'
      : (projectMode?.project.timeoutSource ?? `${config!.file}: "timeout"`);
  const seconds = parseDuration(text);
  if (seconds === undefined || seconds < 1 || seconds > 168 * 3600) {
    problems.add(
      'timeout',
      `${source}: "${text}" is not a timeout between 1s and 168h. Use seconds (3600) or a duration like 45m or 2h.`,
    );
  }
  return seconds ?? NaN;
}

function agentProblem(agent: string): string | undefined {
  if (!agent) return 'Input "agent" is required: the name of the agent to run (for example "reviewer").';
  if (!slug(agent))
    return `Input "agent": "${agent}" cannot become a Cloud Run job name: it has no letters or digits. Use a name such as "reviewer".`;
  return undefined;
}

function projectIdProblem(projectId: string): string | undefined {
  if (!projectId)
    return 'Input "project_id" is required: set it, or run google-github-actions/auth first (it sets GOOGLE_CLOUD_PROJECT).';
  if (!/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(projectId))
    return `Input "project_id": "${projectId}" is not a Google Cloud project id (6–30 lowercase letters, digits and hyphens).`;
  return undefined;
}

/** The project folder must exist inside the workspace: its files go into the agent's image. */
function projectProblem(dir: string, text: string, { workspace }: Where): string | undefined {
  const fix = 'Set "project" to the folder that holds agents/, relative to the workspace (e.g. ".").';
  if (isOutside(workspace, dir)) return `Input "project": "${text}" is outside the workspace. ${fix}`;
  if (!isDirectory(dir))
    return `Input "project": directory "${text}" does not exist. Check out the repository first (actions/checkout). ${fix}`;
  // Real paths too, so that a symbolic link cannot lead out of the workspace.
  if (isOutside(fs.realpathSync(workspace), fs.realpathSync(dir)))
    return `Input "project": "${text}" leads outside the workspace through a symbolic link. ${fix}`;
  return undefined;
}

function isOutside(root: string, dir: string): boolean {
  const relative = path.relative(root, dir);
  return relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
}

function repositoryProblem(repository: string): string | undefined {
  if (!repository)
    return 'Input "repository" is required to build an image: the Artifact Registry Docker repository to push to (or set "image").';
  if (!/^[a-z]([a-z0-9-]*[a-z0-9])?$/.test(repository))
    return `Input "repository": "${repository}" is not an Artifact Registry repository id (lowercase letters, digits and hyphens).`;
  return undefined;
}

// Docker's reference grammar (github.com/distribution/reference): [registry/]name[:tag][@digest].
const pathComponent = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domain = `(?:${domainComponent}(?:\\.${domainComponent})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const imageName = `(?:${domain}/)?${pathComponent}(?:/${pathComponent})*`;
const imageReference = new RegExp(`^(${imageName})(?::[\\w][\\w.-]{0,127})?(?:@sha256:[0-9a-f]{64})?$`);

function baseImageProblem(image: string, _: string, { defaults }: Where): string | undefined {
  const name = imageReference.exec(image)?.[1];
  if (name && name.length <= 255) return undefined;
  return `Input "base_image": "${image}" is not an image reference; write [registry/]name[:tag][@sha256:<64 hex digits>] with a lowercase name, e.g. ${defaults.base_image}.`;
}

// semver.org's version, without build metadata: npm would ignore it when it picks the version.
const exactVersion =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-(0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(\.(0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*)?$/;

function versionProblem(version: string, _: string, { defaults }: Where): string | undefined {
  if (exactVersion.test(version)) return undefined;
  return `Input "action_llama_version": "${version}" is not an exact version such as ${defaults.action_llama_version}. The image's entry imports a file inside @action-llama/action-llama whose layout can change in any release, so the version is pinned: no ranges, tags or "latest".`;
}

function cpuProblem(cpu: string): string | undefined {
  if (cpuPattern.test(cpu) && cpuValue(cpu) > 0 && cpuValue(cpu) <= 8) return undefined;
  return `Input "cpu": "${cpu}" is not a Cloud Run CPU limit; use 1, 2, 4, 6 or 8 (or a fraction such as 0.5).`;
}

function memoryProblem(memory: string): string | undefined {
  if (memoryPattern.test(memory) && memoryMiB(memory) >= minJobMemoryMiB && memoryMiB(memory) <= 32 * 1024)
    return undefined;
  return `Input "memory": "${memory}" is not a Cloud Run memory limit; use a size between ${minJobMemoryMiB}Mi (the minimum for jobs) and 32Gi such as 1Gi or 2Gi.`;
}

function serviceAccountProblem(account: string | undefined): string | undefined {
  if (
    !account ||
    /^[^@\s]+@[^@\s]+\.iam\.gserviceaccount\.com$|^[^@\s]+@developer\.gserviceaccount\.com$/.test(account)
  )
    return undefined;
  return `Input "service_account": "${account}" is not a service account email (name@project.iam.gserviceaccount.com).`;
}

function envNameProblems(env: Record<string, string>): string[] {
  return Object.keys(env).flatMap((name) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
      return `Input "env": "${name}" is not a valid environment variable name; use letters, digits and "_", not starting with a digit.`;
    if (reservedEnv.test(name))
      return `Input "env": ${name} is set by the action or by Cloud Run; use the "prompt" or "gateway_url" inputs, or another name.`;
    return [];
  });
}

function labelProblems(labels: Record<string, string>): string[] {
  return Object.entries(labels).flatMap(([key, value]) => {
    const problem = labelProblem(key, value);
    if (problem) return `Input "labels": ${problem}.`;
    if (key.startsWith('managed-by') || key.startsWith('gh-') || key === 'al-agent')
      return `Input "labels": "${key}" is reserved by this action; choose another key.`;
    return [];
  });
}

/** Logins separated by commas, spaces or newlines; a leading @ is dropped. */
function logins(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((login) => login.replace(/^@/, ''));
}

function allowedUserProblem(user: string): string[] {
  if (user === '*')
    return [
      'Input "allowed_users": "*" is not accepted: anyone who can comment could start an agent holding the repository\'s secrets. List the logins that may start runs.',
    ];
  if (user.endsWith('[bot]'))
    return [`Input "allowed_users": "${user}" is a bot; list it in "allowed_bots" instead.`];
  if (!isLogin(user)) return [`Input "allowed_users": "${user}" is not a GitHub login.`];
  return [];
}

function allowedBotProblem(bot: string): string[] {
  if (bot === '*' || isLogin(bot)) return [];
  return [
    `Input "allowed_bots": "${bot}" is not a bot's login; write the app's name as in its comments (e.g. dependabot or dependabot[bot]), or "*" for every bot.`,
  ];
}

function isTrue(text: string): boolean {
  return text.toLowerCase() === 'true';
}

function booleanProblem(name: string) {
  return (_: boolean, text: string): string | undefined =>
    ['true', 'false'].includes(text.toLowerCase())
      ? undefined
      : `Input "${name}" must be true or false, got "${text.toLowerCase()}".`;
}

function isDirectory(dir: string): boolean {
  return fs.existsSync(dir) && fs.statSync(dir).isDirectory();
}

/** `KEY=VALUE` lines (blank lines and # comments skipped); the value is everything after the first `=`. */
export function keyValues(text: string, input: string, problems: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    const at = line.indexOf('=');
    if (at <= 0) {
      problems.push(
        `Input "${input}": line "${line.trim().slice(0, 40)}" is not KEY=VALUE; write one KEY=VALUE per line.`,
      );
      continue;
    }
    out[line.slice(0, at).trim()] = line.slice(at + 1);
  }
  return out;
}

function keyValueProblems(text: string, input: string): string[] {
  const problems: string[] = [];
  keyValues(text, input, problems);
  return problems;
}

function gatewayProblems(url: string): string[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [
      `Input "gateway_url": "${url}" is not a URL. Use the public https:// address of your Action Llama gateway.`,
    ];
  }
  // Plain http only to this machine, which only the local emulator can reach.
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname);
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && loopback)) {
    return [
      `Input "gateway_url" must use https:// (the agent sends its shutdown secret to it), got "${parsed.protocol}//${parsed.host}".`,
    ];
  }
  if (parsed.username || parsed.password)
    return ['Input "gateway_url" must not contain a user name or password.'];
  return [];
}

function defaultTag(env: NodeJS.ProcessEnv): string {
  const sha = (env.GITHUB_SHA || 'local').slice(0, 12);
  return `${sha}-${env.GITHUB_RUN_ID || Date.now()}-${env.GITHUB_RUN_ATTEMPT || '1'}`;
}
