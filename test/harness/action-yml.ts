// Reads what the runner needs from a JavaScript action's action.yml. There is no YAML library
// in the project, so this reads the subset action manifests use: nested mappings, plain and
// quoted scalars, block scalars (| and >) and comments; sequences and flow collections are kept
// as raw text, since nothing read here lives in them.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export type YamlMap = { [key: string]: string | YamlMap };

export interface ActionManifest {
  using: string;
  main: string; // absolute path of runs.main
  post?: string; // absolute path of runs.post
  postIf: string; // runs.post-if, default always()
  inputs: Record<string, string>; // every declared input and its default ('' when none)
}

const indentOf = (line: string) => line.length - line.trimStart().length;
const isBlank = (line: string) => /^\s*(#.*)?$/.test(line);

function scalar(text: string): string {
  if (text.startsWith("'")) return text.slice(1, text.lastIndexOf("'")).replaceAll("''", "'");
  if (text.startsWith('"')) return JSON.parse(text.slice(0, text.lastIndexOf('"') + 1)) as string;
  return text.replace(/\s+#.*$/, '').trim();
}

export function parseYamlSubset(text: string): YamlMap {
  const lines = text.split(/\r?\n/);
  let i = 0;

  const nextContent = (): number => {
    let j = i;
    while (j < lines.length && isBlank(lines[j] ?? '')) j++;
    return j;
  };

  // Lines more indented than `parent`, or blank, belong to the current value.
  const takeBlock = (parent: number): string[] => {
    const block: string[] = [];
    while (i < lines.length) {
      const line = lines[i] ?? '';
      if (line.trim() !== '' && indentOf(line) <= parent) break;
      block.push(line);
      i++;
    }
    while (block.length > 0 && (block.at(-1) ?? '').trim() === '') block.pop();
    return block;
  };

  const blockScalar = (indicator: string, parent: number): string => {
    const block = takeBlock(parent);
    const indent = Math.min(...block.filter((l) => l.trim() !== '').map(indentOf));
    const body = block.map((l) => l.slice(indent));
    const joined = indicator.startsWith('>')
      ? body
          .join('\n')
          .replace(/([^\n])\n(?=[^\n])/g, '$1 ')
          .replace(/\n\n/g, '\n')
      : body.join('\n');
    if (indicator.endsWith('-')) return joined;
    return joined === '' ? '' : `${joined}\n`;
  };

  const mapping = (indent: number): YamlMap => {
    const map: YamlMap = {};
    for (i = nextContent(); i < lines.length; i = nextContent()) {
      const line = lines[i] ?? '';
      if (indentOf(line) < indent) break;
      const m = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"][^:]*?)\s*:(?:\s+(.*))?$/.exec(line.trim());
      if (indentOf(line) > indent || !m) throw new Error(`action.yml line ${i + 1}: cannot read '${line}'`);
      const key = scalar(m[1] ?? '');
      const rest = (m[2] ?? '').replace(/^#.*$/, '').trim();
      i++;
      if (/^[|>][+-]?$/.test(rest)) {
        map[key] = blockScalar(rest, indent);
      } else if (rest !== '') {
        map[key] = scalar(rest);
      } else {
        const next = nextContent();
        const child = lines[next] ?? '';
        if (next >= lines.length || indentOf(child) <= indent) map[key] = '';
        else if (child.trimStart().startsWith('- ')) map[key] = takeBlock(indent).join('\n');
        else map[key] = mapping(indentOf(child));
      }
    }
    return map;
  };

  return mapping(0);
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
