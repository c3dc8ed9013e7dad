// action.yml as the action itself reads it: the one place every input's default is written. The
// runner fills in a default for an input the workflow leaves out; an input given as empty (say
// `memory: ${{ matrix.memory }}` with no such key) reaches the action as '' and takes the default
// from here, so no default is restated in code (test/unit/layout.test.ts checks that).
// There is no YAML library in the bundle: this reads the subset action manifests use — nested
// mappings, plain and quoted scalars, block scalars (| and >) and comments; sequences and flow
// collections are kept as raw text, since nothing read here lives in them.
import fs from 'node:fs';
import path from 'node:path';

export type YamlMap = { [key: string]: string | YamlMap };

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

/** The action's folder: the first one holding action.yml above the running script (dist/main/index.js). */
export function actionRoot(from = process.argv[1] ?? process.cwd()): string {
  let dir = path.dirname(path.resolve(from));
  for (;;) {
    if (fs.existsSync(path.join(dir, 'action.yml'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`The action is incomplete: no action.yml above ${from}.`);
    dir = parent;
  }
}

/** Every input's default as action.yml writes it ('' for an input without one). */
export function inputDefaults(root = actionRoot()): Record<string, string> {
  const doc = parseYamlSubset(fs.readFileSync(path.join(root, 'action.yml'), 'utf8'));
  const defaults: Record<string, string> = {};
  if (typeof doc.inputs === 'object')
    for (const [name, spec] of Object.entries(doc.inputs))
      defaults[name] = typeof spec === 'object' && typeof spec.default === 'string' ? spec.default : '';
  return defaults;
}
