// `npm run bench:image` (also the last part of a full `npm run bench`): the image phase of project
// mode, from the start of the main step to CreateJob, which is what a user waits for before the
// agent starts.
//   cold: nothing cached: a fresh registry, no local images of the agent, an empty npm cache, so
//         npm ci, docker build and push all run (as on a new runner, first run of an agent);
//   warm: the same agent unchanged, on a fresh runner (an empty npm cache): one manifest request
//         finds the image, and no npm or docker command runs.
// Both run the bundled action through the runner harness against the emulator, with the real
// @action-llama/action-llama from the npm registry and a base image made here.
import { mkdtemp, rm, cp, appendFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { docker, dockerAvailable, START_DOCKER_HINT } from '../test/infra/docker.ts';
import { startFakeModel, type FakeModel } from '../test/infra/fake-model.ts';
import { ensureNodeBase } from '../test/infra/node-base.ts';
import { runAction } from '../test/harness/runner.ts';
import { startEmulator, type Emulator } from '../test/emulator/server.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
const passThrough = ['NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE', 'SSL_CERT_DIR'];

export interface ImagePhase {
  kind: 'cold' | 'warm';
  imagePhaseMs: number;
  mainStepMs: number;
  built: boolean;
}

/** One project-mode run; the image phase is the step's start to its "Creating Cloud Run job" line. */
async function runOnce(
  emulator: Emulator,
  model: FakeModel,
  workspace: string,
  base: string,
  kind: ImagePhase['kind'],
) {
  const key = `sk-bench-${kind}-${Date.now()}`;
  model.script(key, [{ toolCall: { name: 'return_value', arguments: { value: 'ok' } } }, { text: 'Done.' }]);
  const npmCache = await mkdtemp(path.join(os.tmpdir(), 'cra-bench-npm-')); // a new runner's empty cache
  try {
    const result = await runAction({
      actionDir: repoRoot,
      workspace,
      inputs: {
        agent: 'triage',
        project_id: 'bench-project',
        region: 'us-central1',
        repository: 'agents',
        registry: emulator.registry,
        base_image: base,
      },
      env: {
        CLOUD_RUN_AGENT_EMULATOR_HOST: emulator.endpoint,
        AL_SECRET_github_token__default__token: 'ghp_benchToken0123456789',
        AL_SECRET_openai_key__default__token: key,
        npm_config_cache: npmCache,
        ...Object.fromEntries(passThrough.filter((n) => process.env[n]).map((n) => [n, process.env[n]!])),
      },
      masks: [key],
    });
    if (result.main.conclusion !== 'success')
      throw new Error(`${kind} run failed:\n${result.main.log.slice(-15).join('\n')}`);
    const created = result.main.timeline.find((l) => l.line.includes('Creating Cloud Run job'));
    return {
      kind,
      imagePhaseMs: created?.t ?? NaN,
      mainStepMs: result.main.durationMs,
      built: result.main.log.some((l) => l.includes('Build and push')),
    };
  } finally {
    await rm(npmCache, { recursive: true, force: true });
  }
}

/** Removes every local image of the agent, so the next build starts from the base alone. */
async function forgetLocalImages(registry: string): Promise<void> {
  const listed = await docker(['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}']);
  const ours = listed.stdout.split('\n').filter((ref) => ref.startsWith(`${registry}/bench-project/`));
  if (ours.length) await docker(['image', 'rm', '-f', ...ours]);
  await docker(['builder', 'prune', '-f']);
}

export async function measureImagePhase(runs: number): Promise<ImagePhase[]> {
  const model = await startFakeModel();
  const results: ImagePhase[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const emulator = await startEmulator({ ingestionLagMs: 300, run: { network: 'host' } });
      const workspace = await mkdtemp(path.join(os.tmpdir(), 'cra-bench-project-'));
      try {
        await cp(path.join(repoRoot, 'examples/project'), workspace, { recursive: true });
        await appendFile(path.join(workspace, 'config.toml'), `baseUrl = "${model.url}"\n`);
        const base = await ensureNodeBase(emulator.registry);
        await forgetLocalImages(emulator.registry);
        results.push(await runOnce(emulator, model, workspace, base, 'cold'));
        // The warm path runs no docker command at all, so the runner's local images cannot help
        // it (and the emulator, which shares the engine, keeps the image it pulled).
        results.push(await runOnce(emulator, model, workspace, base, 'warm'));
      } finally {
        await emulator.stop();
        await rm(workspace, { recursive: true, force: true });
      }
    }
  } finally {
    await model.close();
  }
  return results;
}

export function imagePhaseTable(results: ImagePhase[]): string {
  const rows = (['cold', 'warm'] as const).map((kind) => {
    const of = results.filter((r) => r.kind === kind);
    const ms = of.map((r) => r.imagePhaseMs).sort((a, b) => a - b);
    const median = ms[Math.floor(ms.length / 2)] ?? NaN;
    const built = of.filter((r) => r.built).length;
    return `| ${kind} | ${of.length} | ${(ms[0]! / 1000).toFixed(2)} | ${(median / 1000).toFixed(2)} | ${(ms[ms.length - 1]! / 1000).toFixed(2)} | ${built} of ${of.length} |`;
  });
  return [
    '| image phase | runs | min s | median s | max s | built |',
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
  if (!(await dockerAvailable()))
    throw new Error(`The benchmark needs a Docker engine; ${START_DOCKER_HINT}`);
  const results = await measureImagePhase(Number(values.runs));
  process.stdout.write(`${imagePhaseTable(results)}\n`);
  process.stdout.write(`${JSON.stringify(results)}\n`);
}
