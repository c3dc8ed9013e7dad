// `node bench/append.ts [--runs N]`: appending a project's files as one small layer onto a known
// runtime image through the registry API (src/registry/append.ts), against a local docker-registry.
//   same repo:  the agent image in the runtime's repository (known runtime digest → new manifest);
//   other repo: in another repository of the same registry (the runtime's layers mounted);
//   + layer:    collecting and writing the layer too (the project's files → new manifest);
//   unchanged:  the cache hit: the layer's diff_id and one manifest HEAD;
//   process:    a whole fresh `node` process doing collect, write and append.
// Each run appends different files (a miss), except `unchanged`. Prints min / median / p95 in ms and
// the requests each operation made.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { promisify } from 'node:util';
import { appendLayer } from '../src/registry/append.ts';
import { Registry } from '../src/registry/distribution.ts';
import { collectTree, layerDiffId, writeLayer, type Layer } from '../src/registry/layer.ts';
import { startRegistry } from '../test/infra/registry.ts';
import { pushBase } from '../test/unit/registry/base-images.ts';
import { summarize } from './stats.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' } } });
const runs = Math.max(11, Number(values.runs));
const run = promisify(execFile);
const child = path.join(import.meta.dirname, '../test/unit/image/append-child.ts');

interface Samples {
  ms: number[];
  requests: number[];
}
type Base = { name: string; reference: string };

const scratch = await mkdtemp(path.join(os.tmpdir(), 'cra-bench-append-'));
const local = await startRegistry();
try {
  // The runtime: one layer, pushed by hand (no Docker needed); the agent images go on top of it.
  const runtime = await pushBase(new Registry(local.address), 'bench/runtime', 'v1', { family: 'docker' });
  const results: Record<string, Samples> = {};
  for (let i = 0; i < runs; i++)
    await oneRound(i, { name: 'bench/runtime', reference: runtime.digest }, results);
  print(results);
} finally {
  await local.stop();
  await rm(scratch, { recursive: true, force: true });
}

/** One sample of each case; every case but `unchanged` gets files no earlier run used (a miss). */
async function oneRound(i: number, base: Base, results: Record<string, Samples>): Promise<void> {
  const measure = async (label: string, fn: (registry: Registry) => Promise<unknown>) => {
    const registry = new Registry(local.address);
    const started = performance.now();
    const requests = await fn(registry); // a number: requests counted elsewhere (the child process)
    const samples = (results[label] ??= { ms: [], requests: [] });
    samples.ms.push(performance.now() - started);
    samples.requests.push(typeof requests === 'number' ? requests : registry.requests);
  };
  const dir = await project(`a${i}`);
  const layer = await writeLayer(await collectTree(dir, { prefix: 'app' }), { dir: scratch });
  await measure('same repo', (registry) =>
    append(registry, base, 'bench/runtime', tagOf(layer.diffId), layer),
  );
  await measure('other repo', (registry) => append(registry, base, `bench/agent-${i}`, 'a1', layer));
  await rm(layer.file);
  const withLayer = await project(`b${i}`);
  await measure('same repo + layer', async (registry) => {
    const made = await writeLayer(await collectTree(withLayer, { prefix: 'app' }), { dir: scratch });
    await append(registry, base, 'bench/runtime', tagOf(made.diffId), made);
    await rm(made.file);
  });
  await measure('unchanged', async (registry) => {
    const tag = tagOf(await layerDiffId(await collectTree(dir, { prefix: 'app' })));
    if (!(await registry.headManifest('bench/runtime', tag))) throw new Error(`${tag} should be there`);
  });
  const args = { host: local.address, base, target: { name: 'bench/runtime', tag: `proc-${i}` } };
  const inProcess = JSON.stringify({ ...args, dir: await project(`c${i}`) });
  await measure('process', async () => {
    const { stdout } = await run(process.execPath, [child, inProcess]);
    return (JSON.parse(stdout) as { requests: number }).requests;
  });
}

/** The agent image's tag, from its layer's diff_id (a real caller would hash the runtime digest in too). */
function tagOf(diffId: string): string {
  return `al-${diffId.slice('sha256:'.length, 'sha256:'.length + 16)}`;
}

function append(
  registry: Registry,
  base: { name: string; reference: string },
  name: string,
  tag: string,
  layer: Layer,
) {
  return appendLayer({
    registry,
    base,
    target: { name, tag },
    layer,
    config: { Env: { AGENT: 'triage' } },
    comment: 'project files',
  });
}

/** A small Action Llama project (config, one agent, a shared file, the entry); `seed` varies the content. */
async function project(seed: string): Promise<string> {
  const dir = path.join(scratch, `project-${seed}`);
  const files: Record<string, string> = {
    'project/config.toml': `[agent]\nname = "triage"\nseed = "${seed}"\n`,
    'project/agents/triage/SKILL.md': `# Triage\n\nLabel new issues.\n${'- a rule\n'.repeat(50)}`,
    'project/agents/triage/config.toml': 'schedule = "manual"\n',
    'project/shared/conventions.md': '# Conventions\n'.repeat(20),
    'entry.cjs': `'use strict';\nrequire('./project');\n// ${seed}\n`,
  };
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return dir;
}

function print(results: Record<string, Samples>): void {
  console.log(`node ${process.version}, ${os.cpus().length} cores, ${runs} runs each`);
  console.log('case                 min   median   p95   requests');
  for (const [label, { ms, requests }] of Object.entries(results)) {
    const s = summarize(ms)!;
    const counts = [...new Set(requests)].join('/');
    console.log(
      `${label.padEnd(18)} ${s.min.toFixed(0).padStart(5)} ${s.median.toFixed(0).padStart(8)} ${s.p95.toFixed(0).padStart(5)}   ${counts}`,
    );
  }
}
