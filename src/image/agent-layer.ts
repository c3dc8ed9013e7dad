// The agent's own layer: what one agent needs of the project (config.toml, agents/<agent>/,
// shared/) under /app/project, root-owned and world-readable, appended through the registry API
// onto the runtime its project shares. An edit to a SKILL.md or a config.toml changes this small
// layer alone: no Docker, no npm. Its tag covers the runtime's digest, the agent and the layer's
// uncompressed tar, so an unchanged agent is found with one request.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { collectTree, layerDiffId, type LayerEntry } from '../registry/layer.ts';
import { runtimePrefix } from './prune.ts';

/** What the tag of an agent image is made of (bump when the layer's layout changes). */
const format = 'agent-1';

/** The entries of the agent's layer; `.git`, `node_modules` and `.al` folders stay out. */
export async function agentEntries(projectDir: string, agent: string): Promise<LayerEntry[]> {
  const filter = (relative: string) => !skipped.has(path.posix.basename(relative));
  const parts = [
    { from: path.join(projectDir, 'agents', agent), to: `app/project/agents/${agent}` },
    { from: path.join(projectDir, 'shared'), to: 'app/project/shared' },
  ];
  const entries: LayerEntry[] = [];
  const config = path.join(projectDir, 'config.toml');
  if (fs.existsSync(config)) entries.push({ path: 'app/project/config.toml', type: 'file', source: config });
  for (const { from, to } of parts)
    if (fs.existsSync(from)) entries.push(...(await collectTree(from, { prefix: to, filter })));
  return entries;
}

const skipped = new Set(['.git', 'node_modules', '.al']);

/**
 * The agent image's tag: the runtime's digest (its first 12 hex digits lead, so pruning can tell
 * which runtime an agent image stands on without reading it) and a hash of the agent and its layer.
 */
export async function agentTag(runtimeDigest: string, agent: string, entries: LayerEntry[]): Promise<string> {
  const diffId = await layerDiffId(entries);
  const hash = createHash('sha256');
  for (const part of [format, runtimeDigest, agent, diffId]) hash.update(`${part.length}\0${part}\0`);
  return `${runtimePrefix(runtimeDigest)}-${hash.digest('hex').slice(0, 32)}`;
}
