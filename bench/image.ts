// `npm run bench:image`: project mode's image phase, from the start of the main step (its process
// spawned) to CreateJob (the call's arrival at the emulator), which is what a user waits for before
// the agent starts: the scale slot and the secrets are in it, as they are in every run. Each
// run is the bundled action through the runner harness against the emulator, with the real
// @action-llama/action-llama from the npm registry, on the Alpine stand-in base; docker and npm
// commands are counted by shims on the step's PATH. The cases:
//   cold              no Dockerfile, empty caches (a fresh registry, no local images built by the
//                     action, an empty npm cache): tools, npm ci, node_modules layer, appends;
//   cold-dockerfiles  the same with a root and an agent Dockerfile (apk add, a COPY);
//   unchanged         the same agent again on a fresh runner: its image found;
//   edited-skill      one line of the SKILL.md changed;
//   edited-config     the agent's config.toml changed;
//   edited-dockerfile a file the agent's Dockerfile copies changed: the system rebuilt.
// Before each measured run the bench waits for the machine to go quiet (bench/floors.ts), and
// before each unchanged run it times Google's Secret Manager client alone making its first call
// (bench/first-call.cjs): a fixed piece of work, the yardstick of this machine's speed.
// Writes bench/results/image.json: { cases: { <case>: { runs, minMs, medianMs, dockerCommands,
// npmCommands, requests } }, floors: { nodeStartMs, clientFirstCall: { runs, minMs, medianMs } } },
// the commands and requests being the median run's.
import { execFileSync } from 'node:child_process';
import { appendFile, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureAlpineBase } from '../test/infra/alpine-base.ts';
import { commandLog, type CommandLog } from '../test/infra/command-log.ts';
import { docker, dockerAvailable, START_DOCKER_HINT } from '../test/infra/docker.ts';
import { startFakeModel, type FakeModel } from '../test/infra/fake-model.ts';
import { runAction } from '../test/harness/runner.ts';
import { startEmulator, type Emulator } from '../test/emulator/server.ts';
import { replaceBetween } from '../scripts/readme-tables.ts';
import { bundleFirstCall, clientFloorOnce, nodeFloor, waitForQuiet } from './floors.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
const fixture = path.join(repoRoot, 'test/fixtures/projects/scaffold');
const passThrough = ['NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE', 'SSL_CERT_DIR', 'npm_config_registry'];

export const caseNames = [
  'cold',
  'cold-dockerfiles',
  'unchanged',
  'edited-skill',
  'edited-config',
  'edited-dockerfile',
] as const;
export type CaseName = (typeof caseNames)[number];

export interface ImageRun {
  case: CaseName;
  imagePhaseMs: number;
  dockerCommands: number;
  npmCommands: number;
  /** Registry requests of the agent image's append (0 when the image was found). */
  requests: number;
}

export interface Floors {
  nodeStartMs: number;
  clientFirstCall: { runs: number; minMs: number; medianMs: number };
}

export interface CaseFigures {
  runs: number;
  minMs: number;
  medianMs: number;
  dockerCommands: number;
  npmCommands: number;
  requests: number;
}

/**
 * A copy of action.yml and dist/ taken under the build lock, so a rebuild during the benchmark
 * cannot change what is measured.
 */
async function snapshotAction(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cra-bench-action-'));
  const lock = path.join(process.env.TMPDIR || '/tmp', 'cloud-run-agent-build.lock');
  execFileSync('flock', [lock, 'cp', '-r', 'action.yml', 'dist', dir], { cwd: repoRoot });
  return dir;
}

let actionDir = repoRoot;

interface Bench {
  emulator: Emulator;
  model: FakeModel;
  commands: CommandLog;
  base: string;
}

/** One run of agent triage in `workspace`; its image phase and what it ran. */
async function runOnce(bench: Bench, workspace: string, name: CaseName, npmCache: string): Promise<ImageRun> {
  const key = `sk-bench-${name}-${Date.now()}`;
  bench.model.script(key, [
    { toolCall: { name: 'return_value', arguments: { value: 'ok' } } },
    { text: 'Done.' },
  ]);
  await waitForQuiet();
  bench.commands.clear();
  const callsBefore = bench.emulator.callLog.length;
  const result = await runAction({
    actionDir,
    workspace,
    inputs: {
      agent: 'triage',
      project_id: 'bench-project',
      region: 'us-central1',
      repository: 'agents',
      registry: bench.emulator.registry,
      base_image: bench.base,
      // The emulator knows no push time: it takes an image's upload time from its config's `created`,
      // which an appended image shares with its runtime, so pruning there could remove the image an
      // unchanged run is about to find. Artifact Registry records the push; the bench keeps them all.
      keep_tags: '100',
    },
    env: {
      CLOUD_RUN_AGENT_EMULATOR_HOST: bench.emulator.endpoint,
      AL_SECRET_github_token__default__token: 'ghp_benchToken0123456789',
      AL_SECRET_git_ssh__botty__id_rsa: 'bench-key',
      AL_SECRET_openai_key__default__token: key,
      npm_config_cache: npmCache,
      ...Object.fromEntries(passThrough.filter((n) => process.env[n]).map((n) => [n, process.env[n]!])),
      ...bench.commands.env,
    },
    masks: [key],
    timeoutMs: 20 * 60_000,
  });
  if (result.main.conclusion !== 'success')
    throw new Error(`${name} run failed:\n${result.main.log.slice(-25).join('\n')}`);
  const createJob = bench.emulator.callLog.slice(callsBefore).find((call) => call.method === 'CreateJob');
  const requests = /appended to the runtime in [\d.]+ s, (\d+) requests/.exec(
    result.main.log.join('\n'),
  )?.[1];
  return {
    case: name,
    imagePhaseMs: createJob ? createJob.at - result.main.startedAt : NaN,
    dockerCommands: bench.commands.count('docker'),
    npmCommands: bench.commands.count('npm'),
    requests: Number(requests ?? 0),
  };
}

/** A copy of the scaffold project; without its Dockerfiles unless asked. */
async function workspaceFor(model: FakeModel, dockerfiles: boolean): Promise<string> {
  const workspace = await mkdtemp(path.join(os.tmpdir(), 'cra-bench-project-'));
  await cp(fixture, workspace, { recursive: true });
  await appendFile(path.join(workspace, 'config.toml'), `baseUrl = "${model.url}"\n`);
  if (!dockerfiles) {
    await rm(path.join(workspace, 'Dockerfile'));
    await rm(path.join(workspace, 'agents/triage/Dockerfile'));
  }
  return workspace;
}

/** Removes the images the action built in the engine, so the next build starts from the base alone. */
async function forgetLocalImages(): Promise<void> {
  const listed = await docker(['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}']);
  const ours = listed.stdout
    .split('\n')
    .filter((ref) => /\/bench-project\/|^cloud-run-agent-local\//.test(ref));
  if (ours.length) await docker(['image', 'rm', '-f', ...ours]);
  await docker(['image', 'prune', '-f']);
}

/** `cold` (no Dockerfiles) or `cold-dockerfiles`, each on a fresh registry, engine and npm cache. */
async function coldRun(model: FakeModel, name: 'cold' | 'cold-dockerfiles'): Promise<ImageRun> {
  const emulator = await startEmulator({ ingestionLagMs: 300, run: { network: 'host' } });
  const npmCache = await mkdtemp(path.join(os.tmpdir(), 'cra-bench-npm-'));
  const workspace = await workspaceFor(model, name === 'cold-dockerfiles');
  try {
    const base = await ensureAlpineBase(emulator.registry);
    await forgetLocalImages();
    return await runOnce({ emulator, model, commands: commandLog(), base }, workspace, name, npmCache);
  } finally {
    await emulator.stop();
    await rm(workspace, { recursive: true, force: true });
    await rm(npmCache, { recursive: true, force: true });
  }
}

/**
 * The warm cases, each `runs` times, on one registry whose runtimes the first run made; before each
 * unchanged run, Google's client alone (`firstCall`, bundled), its times pushed to `clientFloorMs`.
 */
async function warmRuns(
  model: FakeModel,
  runs: number,
  firstCall: string,
  clientFloorMs: number[],
): Promise<ImageRun[]> {
  const emulator = await startEmulator({ ingestionLagMs: 300, run: { network: 'host' } });
  const npmCache = await mkdtemp(path.join(os.tmpdir(), 'cra-bench-npm-'));
  const plain = await workspaceFor(model, false);
  const withDockerfiles = await workspaceFor(model, true);
  const results: ImageRun[] = [];
  try {
    const bench = {
      emulator,
      model,
      commands: commandLog(),
      base: await ensureAlpineBase(emulator.registry),
    };
    await runOnce(bench, plain, 'unchanged', npmCache); // makes the runtime
    await runOnce(bench, withDockerfiles, 'unchanged', npmCache);
    const skill = path.join(plain, 'agents/triage/SKILL.md');
    const config = path.join(plain, 'agents/triage/config.toml');
    const helper = path.join(withDockerfiles, 'agents/triage/bin/count-open');
    for (let i = 0; i < runs; i++) {
      await waitForQuiet();
      clientFloorMs.push(await clientFloorOnce(emulator, firstCall, 'bench-project', `first-call-${i}`));
      results.push(await runOnce(bench, plain, 'unchanged', npmCache));
      await appendFile(skill, `\nEdit ${i}: say how many are left.\n`);
      results.push(await runOnce(bench, plain, 'edited-skill', npmCache));
      await writeFile(
        config,
        (await readFile(config, 'utf8')).replace(/timeout = \d+/, `timeout = ${601 + i}`),
      );
      results.push(await runOnce(bench, plain, 'edited-config', npmCache));
      await appendFile(helper, `# edit ${i}\n`);
      results.push(await runOnce(bench, withDockerfiles, 'edited-dockerfile', npmCache));
    }
  } finally {
    await emulator.stop();
    for (const dir of [plain, withDockerfiles, npmCache]) await rm(dir, { recursive: true, force: true });
  }
  return results;
}

/** Every case's runs, and the floors measured beside them. */
export async function measureImagePhase(options: {
  coldRuns: number;
  warmRuns: number;
}): Promise<{ runs: ImageRun[]; floors: Floors }> {
  const model = await startFakeModel();
  const runs: ImageRun[] = [];
  const clientFloorMs: number[] = [];
  actionDir = await snapshotAction();
  const firstCall = await bundleFirstCall();
  try {
    for (let i = 0; i < options.coldRuns; i++) {
      runs.push(await coldRun(model, 'cold'));
      runs.push(await coldRun(model, 'cold-dockerfiles'));
    }
    runs.push(...(await warmRuns(model, options.warmRuns, firstCall, clientFloorMs)));
  } finally {
    await model.close();
    await rm(actionDir, { recursive: true, force: true });
    await rm(path.dirname(firstCall), { recursive: true, force: true });
  }
  return { runs, floors: floorsOf(clientFloorMs) };
}

/** Node's start (measured now) and Google's client alone (`clientFloorMs`, measured during the runs). */
function floorsOf(clientFloorMs: number[]): Floors {
  const sorted = [...clientFloorMs].sort((a, b) => a - b);
  return {
    nodeStartMs: Math.round(nodeFloor().startMs),
    clientFirstCall: {
      runs: sorted.length,
      minMs: Math.round(sorted[0] ?? NaN),
      medianMs: Math.round(sorted[Math.floor((sorted.length - 1) / 2)] ?? NaN),
    },
  };
}

/** Each case's figures: min and median of the image phase; the median run's commands and requests. */
export function imageFigures(results: ImageRun[]): Record<string, CaseFigures> {
  const cases: Record<string, CaseFigures> = {};
  for (const name of caseNames) {
    const runs = results.filter((r) => r.case === name).sort((a, b) => a.imagePhaseMs - b.imagePhaseMs);
    if (!runs.length) continue;
    const median = runs[Math.floor((runs.length - 1) / 2)]!;
    cases[name] = {
      runs: runs.length,
      minMs: Math.round(runs[0]!.imagePhaseMs),
      medianMs: Math.round(median.imagePhaseMs),
      dockerCommands: median.dockerCommands,
      npmCommands: median.npmCommands,
      requests: median.requests,
    };
  }
  return cases;
}

export function imagePhaseTable(cases: Record<string, CaseFigures>, floor?: Floors): string {
  const s = (ms: number) => (ms / 1000).toFixed(2);
  const rows = Object.entries(cases).map(
    ([name, c]) =>
      `| ${name} | ${c.runs} | ${s(c.minMs)} | ${s(c.medianMs)} | ${c.dockerCommands} | ${c.npmCommands} | ${c.requests} |`,
  );
  const client = floor?.clientFirstCall;
  if (client?.runs)
    rows.push(
      `| floor: Google's client alone, to its first call | ${client.runs} | ${s(client.minMs)} | ${s(client.medianMs)} | – | – | – |`,
    );
  return [
    '| image phase | runs | min s | median s | docker commands | npm commands | registry requests |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      cold: { type: 'string', default: '1' },
      warm: { type: 'string', default: '5' },
      out: { type: 'string', default: path.join(repoRoot, 'bench/results/image.json') },
      docs: { type: 'boolean', default: false },
    },
  });
  if (!(await dockerAvailable()))
    throw new Error(`The benchmark needs a Docker engine; ${START_DOCKER_HINT}`);
  const { runs, floors } = await measureImagePhase({
    coldRuns: Number(values.cold),
    warmRuns: Number(values.warm),
  });
  const cases = imageFigures(runs);
  process.stdout.write(`${imagePhaseTable(cases, floors)}\n`);
  await writeFile(values.out!, `${JSON.stringify({ cases, floors, runs }, null, 2)}\n`);
  if (values.docs) await writeDocsTable(imagePhaseTable(cases, floors));
}

/** `--docs`: the table between the image markers of docs/performance.md, formatted as prettier would. */
async function writeDocsTable(table: string): Promise<void> {
  const file = path.join(repoRoot, 'docs', 'performance.md');
  const text = replaceBetween(await readFile(file, 'utf8'), 'image', table);
  const prettier = await import('prettier');
  await writeFile(
    file,
    await prettier.format(text, { ...(await prettier.resolveConfig(file)), filepath: file }),
  );
}
