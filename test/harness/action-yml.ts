// Reads what the runner needs from a JavaScript action's action.yml, with the action's own reader
// of the YAML subset manifests use (src/action/manifest.ts).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseYamlSubset, type YamlMap } from '../../src/action/manifest.ts';

export { parseYamlSubset, type YamlMap };

export interface ActionManifest {
  using: string;
  main: string; // absolute path of runs.main
  post?: string; // absolute path of runs.post
  postIf: string; // runs.post-if, default always()
  inputs: Record<string, string>; // every declared input and its default ('' when none)
}

function str(value: string | YamlMap | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export async function readActionManifest(actionDir: string): Promise<ActionManifest> {
  const file = ['action.yml', 'action.yaml'].map((f) => join(actionDir, f)).find((f) => existsSync(f));
  if (!file) throw new Error(`no action.yml in ${actionDir}`);
  const doc = parseYamlSubset(await readFile(file, 'utf8'));
  const runs = doc.runs;
  if (typeof runs !== 'object') throw new Error(`${file}: no runs section`);
  const using = str(runs.using) ?? '';
  const main = str(runs.main);
  if (!/^node\d+$/.test(using) || !main)
    throw new Error(`${file}: not a JavaScript action (runs.using '${using}')`);
  const post = str(runs.post);
  const inputs: Record<string, string> = {};
  if (typeof doc.inputs === 'object') {
    for (const [name, spec] of Object.entries(doc.inputs)) {
      inputs[name] = (typeof spec === 'object' && str(spec.default)) || '';
    }
  }
  return {
    using,
    main: join(actionDir, main),
    post: post ? join(actionDir, post) : undefined,
    postIf: str(runs['post-if']) ?? 'always()',
    inputs,
  };
}
