// Every input of the action, read and validated in one place before anything is created in the
// cloud. Problems are collected so a user sees them all at once; each names the input and the fix.
import fs from 'node:fs';
import path from 'node:path';
import { readAgentConfig } from './agent-config.ts';
import { collectCredentials, parseRefs, type Credential } from './credentials.ts';
import { parseDuration } from './durations.ts';
import { labelProblem, slug } from './names.ts';
import { modelKeyProblems, projectDir, readProjectMode, type ProjectMode } from './project-inputs.ts';
import { isReservedLabel } from './ownership.ts';

export interface BuildInputs {
  context: string;
  dockerfile: string;
  buildArgs: Record<string, string>;
  registry: string;
  repository: string;
  tag: string;
}

export interface Inputs {
  mode: 'run' | 'reap';
  agent: string;
  projectId: string;
  region: string;
  /** A prebuilt image reference, or undefined when the action builds one. */
  image?: string;
  build?: BuildInputs;
  /** Set when the image is made from the Action Llama project (no image or Dockerfile given). */
  projectMode?: ProjectMode;
  keepTags: number;
  credentials: Credential[];
  prompt?: string;
  env: Record<string, string>;
  gatewayUrl?: string;
  timeoutSeconds: number;
  cpu: string;
  memory: string;
  serviceAccount?: string;
  labels: Record<string, string>;
  summary: boolean;
  dryRun: boolean;
  /** Reap mode: how long past its own timeout a run's resources are left alone. */
  reapGraceSeconds: number;
  /** Reap mode: a token that may read the repository's workflow runs. */
  githubToken?: string;
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

// https://cloud.google.com/run/docs/configuring/jobs/cpu, /memory-limits (jobs need at least 512Mi)
const cpuPattern = /^(\d+(\.\d+)?|\d+m)$/;
const memoryPattern = /^(\d+)(Mi|Gi|M|G)$/;
// The container contract's own variables, and those the project-mode entry reads.
const reservedEnv =
  /^(CLOUD_RUN_|K_|AL_SECRET_)|^(PORT|PROMPT|GATEWAY_URL|SHUTDOWN_SECRET)$|^AL_(TRIGGER|TIMEOUT_SECONDS|AGENT|PROJECT_DIR|UPSTREAM_DIR|CREDENTIALS_DIR|CREDENTIALS_PATH|LOG_LEVEL)$/;

export function readInputs(get: GetInput, env: NodeJS.ProcessEnv): Inputs {
  const problems: string[] = [];
  const text = (name: string) => get(name).trim();
  const workspace = env.GITHUB_WORKSPACE || process.cwd();

  const mode = text('mode') || 'run';
  if (mode !== 'run' && mode !== 'reap')
    problems.push(`Input "mode" must be "run" or "reap", got "${mode}".`);

  const agent = text('agent');
  if (mode === 'run') {
    if (!agent)
      problems.push('Input "agent" is required: the name of the agent to run (for example "reviewer").');
    else if (!slug(agent)) {
      problems.push(
        `Input "agent": "${agent}" cannot become a Cloud Run job name: it has no letters or digits. Use a name such as "reviewer".`,
      );
    }
  }

  const projectId =
    text('project_id') ||
    env.GCP_PROJECT ||
    env.GOOGLE_CLOUD_PROJECT ||
    env.CLOUDSDK_CORE_PROJECT ||
    env.CLOUDSDK_PROJECT ||
    '';
  if (!projectId) {
    problems.push(
      'Input "project_id" is required: set it, or run google-github-actions/auth first (it sets GOOGLE_CLOUD_PROJECT).',
    );
  } else if (!/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(projectId)) {
    problems.push(
      `Input "project_id": "${projectId}" is not a Google Cloud project id (6–30 lowercase letters, digits and hyphens).`,
    );
  }

  const region = text('region');
  if (!region) problems.push('Input "region" is required: the Cloud Run region, e.g. "us-central1".');
  else if (!/^[a-z]+-[a-z]+\d+$/.test(region))
    problems.push(`Input "region": "${region}" is not a Cloud Run region such as "us-central1".`);

  const agentConfig = safely(problems, () => (agent ? readAgentConfig(workspace, agent) : undefined));

  const image = text('image') || undefined;
  const context = text('context');
  const dockerfileInput = text('dockerfile');
  const projectFolder = projectDir(text, workspace, problems);
  const projectMode =
    mode === 'run' && !image && !context && !dockerfileInput
      ? safely(problems, () => readProjectMode(text, projectFolder, agent, problems))
      : undefined;
  let build: BuildInputs | undefined;
  if (mode === 'run' && image && (context || dockerfileInput)) {
    problems.push('Give either "image" (a prebuilt image) or a build ("context", "dockerfile"), not both.');
  } else if (mode === 'run' && !image) {
    const contextDir = projectMode ? projectFolder : path.resolve(workspace, context || '.');
    const dockerfile = projectMode
      ? ''
      : dockerfileInput
        ? path.resolve(workspace, dockerfileInput)
        : (agentConfig?.dockerfile ?? path.join(contextDir, 'Dockerfile'));
    if (!fs.existsSync(contextDir) || !fs.statSync(contextDir).isDirectory()) {
      problems.push(
        `Input "context": directory "${context || '.'}" does not exist. Check out the repository first (actions/checkout), or set "image".`,
      );
    } else if (!projectMode && !fs.existsSync(dockerfile)) {
      problems.push(
        `Input "dockerfile": "${path.relative(workspace, dockerfile)}" does not exist. Set "dockerfile", or "image" for a prebuilt image.`,
      );
    }
    const repository = text('repository');
    if (!repository) {
      problems.push(
        'Input "repository" is required to build an image: the Artifact Registry Docker repository to push to (or set "image").',
      );
    } else if (!/^[a-z]([a-z0-9-]*[a-z0-9])?$/.test(repository)) {
      problems.push(
        `Input "repository": "${repository}" is not an Artifact Registry repository id (lowercase letters, digits and hyphens).`,
      );
    }
    const tag = projectMode ? 'content-hash' : text('tag') || defaultTag(env);
    if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag)) {
      problems.push(
        `Input "tag": "${tag}" is not a valid Docker tag; use at most 128 letters, digits, "_", "." and "-", not starting with "." or "-".`,
      );
    }
    build = {
      context: contextDir,
      dockerfile,
      buildArgs: keyValues(get('build_args'), 'build_args', problems),
      registry: text('registry') || `${region}-docker.pkg.dev`,
      repository,
      tag,
    };
  }

  const keepTagsText = text('keep_tags') || '3';
  const keepTags = /^\d+$/.test(keepTagsText) ? Number(keepTagsText) : NaN;
  if (!Number.isInteger(keepTags) || keepTags < 1)
    problems.push(`Input "keep_tags" must be a whole number of at least 1, got "${text('keep_tags')}".`);

  const { refs: inputRefs, problems: refProblems } = parseRefs(get('credentials'), 'Input "credentials"');
  const { refs: configRefs, problems: configProblems } = parseRefs(
    (projectMode?.project.credentials ?? agentConfig?.credentials ?? []).join(','),
    agentConfig?.file ?? '',
  );
  problems.push(...refProblems, ...configProblems);
  // A missing model key is named with its model; the generic message would only repeat it.
  const missingKeys = projectMode ? modelKeyProblems(projectMode, env) : [];
  problems.push(...missingKeys);
  const wanted = [...inputRefs, ...configRefs].filter(
    (ref) =>
      !missingKeys.length ||
      !projectMode?.project.modelKeys.some((k) => k.ref === ref.type && ref.instance === 'default'),
  );
  const { credentials, problems: credentialProblems } =
    mode === 'run' ? collectCredentials(env, wanted) : { credentials: [], problems: [] };
  problems.push(...credentialProblems);

  const configTimeout = projectMode ? projectMode.project.timeoutSeconds : agentConfig?.timeout;
  const timeoutText = text('timeout') || String(configTimeout ?? '3600');
  // A bad default from config.toml is fixed there (or overridden by the input), so say where it came from.
  const timeoutSource =
    text('timeout') || configTimeout === undefined
      ? 'Input "timeout"'
      : projectMode
        ? projectMode.project.timeoutSource
        : `${agentConfig!.file}: "timeout"`;
  const timeoutSeconds = parseDuration(timeoutText);
  if (timeoutSeconds === undefined || timeoutSeconds < 1 || timeoutSeconds > 168 * 3600) {
    problems.push(
      `${timeoutSource}: "${timeoutText}" is not a timeout between 1s and 168h. Use seconds (3600) or a duration like 45m or 2h.`,
    );
  }

  const cpu = text('cpu') || '1';
  if (!cpuPattern.test(cpu) || cpuValue(cpu) <= 0 || cpuValue(cpu) > 8) {
    problems.push(
      `Input "cpu": "${cpu}" is not a Cloud Run CPU limit; use 1, 2, 4, 6 or 8 (or a fraction such as 0.5).`,
    );
  }
  const memory = text('memory') || '512Mi';
  if (!memoryPattern.test(memory) || memoryMiB(memory) < 512 || memoryMiB(memory) > 32 * 1024) {
    problems.push(
      `Input "memory": "${memory}" is not a Cloud Run memory limit; use a size between 512Mi (the minimum for jobs) and 32Gi such as 1Gi or 2Gi.`,
    );
  }

  const gatewayUrl = text('gateway_url') || undefined;
  if (gatewayUrl && !projectMode) problems.push(...gatewayProblems(gatewayUrl));

  const serviceAccount = text('service_account') || undefined;
  if (
    serviceAccount &&
    !/^[^@\s]+@[^@\s]+\.iam\.gserviceaccount\.com$|^[^@\s]+@developer\.gserviceaccount\.com$/.test(
      serviceAccount,
    )
  ) {
    problems.push(
      `Input "service_account": "${serviceAccount}" is not a service account email (name@project.iam.gserviceaccount.com).`,
    );
  }

  const userEnv = keyValues(get('env'), 'env', problems);
  for (const name of Object.keys(userEnv)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      problems.push(
        `Input "env": "${name}" is not a valid environment variable name; use letters, digits and "_", not starting with a digit.`,
      );
    } else if (reservedEnv.test(name)) {
      problems.push(
        `Input "env": ${name} is set by the action or by Cloud Run; use the "prompt" or "gateway_url" inputs, or another name.`,
      );
    }
  }

  const labels = keyValues(get('labels'), 'labels', problems);
  for (const [key, value] of Object.entries(labels)) {
    const problem = labelProblem(key, value);
    if (problem) problems.push(`Input "labels": ${problem}.`);
    else if (isReservedLabel(key)) {
      problems.push(`Input "labels": "${key}" is reserved by this action; choose another key.`);
    }
  }

  const summaryText = (text('summary') || 'true').toLowerCase();
  if (!['true', 'false'].includes(summaryText))
    problems.push(`Input "summary" must be true or false, got "${summaryText}".`);
  const dryRunText = (text('dry_run') || 'false').toLowerCase();
  if (!['true', 'false'].includes(dryRunText))
    problems.push(`Input "dry_run" must be true or false, got "${dryRunText}".`);
  const graceText = text('reap_grace') || '10m';
  const reapGraceSeconds = parseDuration(graceText);
  if (reapGraceSeconds === undefined || reapGraceSeconds > 7 * 86400) {
    problems.push(
      `Input "reap_grace": "${graceText}" is not a duration of at most 7d. Use seconds (600) or a duration like 10m or 1h.`,
    );
  }

  if (problems.length) throw new InputError(problems);
  return {
    mode: mode as 'run' | 'reap',
    agent,
    projectId,
    region,
    image,
    build,
    projectMode,
    keepTags,
    credentials,
    prompt: get('prompt') || undefined,
    env: userEnv,
    gatewayUrl,
    timeoutSeconds: timeoutSeconds!,
    cpu,
    memory,
    serviceAccount,
    labels,
    summary: summaryText === 'true',
    dryRun: dryRunText === 'true',
    reapGraceSeconds: reapGraceSeconds!,
    githubToken: text('github_token') || undefined,
  };
}

function safely<T>(problems: string[], read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    problems.push((error as Error).message);
    return undefined;
  }
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

export const cpuValue = (cpu: string): number =>
  cpu.endsWith('m') ? Number(cpu.slice(0, -1)) / 1000 : Number(cpu);

export function memoryMiB(memory: string): number {
  const match = memoryPattern.exec(memory);
  if (!match) return NaN;
  const amount = Number(match[1]);
  switch (match[2]) {
    case 'Gi':
      return amount * 1024;
    case 'G':
      return (amount * 1e9) / 2 ** 20;
    case 'M':
      return (amount * 1e6) / 2 ** 20;
    default:
      return amount;
  }
}
