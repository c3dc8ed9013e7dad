// One append in a process of its own, for the determinism test: collects a directory into a layer,
// appends it and prints `{ ref, requests }` as JSON.
// Usage: node append-child.ts '{"host":"127.0.0.1:PORT","base":{...},"target":{...},"dir":"/path"}'
import { rm } from 'node:fs/promises';
import { appendLayer } from '../../../src/registry/append.ts';
import { Registry } from '../../../src/registry/distribution.ts';
import { collectTree, writeLayer } from '../../../src/registry/layer.ts';

interface Args {
  host: string;
  base: { name: string; reference: string };
  target: { name: string; tag: string };
  dir: string;
}

const args = JSON.parse(process.argv[2] ?? '{}') as Args;
const registry = new Registry(args.host);
const layer = await writeLayer(await collectTree(args.dir, { prefix: 'app' }));
try {
  const ref = await appendLayer({
    registry,
    base: args.base,
    target: args.target,
    layer,
    config: { Env: { AGENT: 'triage' }, Entrypoint: ['node', '/app/entry.cjs'] },
    comment: 'project files',
  });
  process.stdout.write(JSON.stringify({ ref, requests: registry.requests, diffId: layer.diffId }));
} finally {
  await rm(layer.file, { force: true });
}
