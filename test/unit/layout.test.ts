// src/ laid out by concern, checked: the folder table of src/README.md is the rule for imports
// (a folder imports only the folders in its row), no import circles, the size and naming rules,
// no function over 100 lines, action.yml as the one home of every input's default, one TOML reader.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { inputDefaults } from '../../src/action/manifest.ts';

const root = path.resolve(import.meta.dirname, '../..');
const src = path.join(root, 'src');

interface SourceFile {
  file: string; // relative to src/, posix
  folder: string; // '' at the top level
  ast: ts.SourceFile;
}

function sourceFiles(dir = src): SourceFile[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    if (!entry.name.endsWith('.ts')) return [];
    const file = path.relative(src, full).split(path.sep).join('/');
    const ast = ts.createSourceFile(full, fs.readFileSync(full, 'utf8'), ts.ScriptTarget.Latest, true);
    return [{ file, folder: file.includes('/') ? file.split('/')[0]! : '', ast }];
  });
}

const files = sourceFiles();

/** Every relative module a file imports (static, type-only, re-exports and dynamic), relative to src/. */
function importsOf({ file, ast }: SourceFile): string[] {
  const found: string[] = [];
  const add = (specifier: ts.Node | undefined) => {
    if (!specifier || !ts.isStringLiteral(specifier) || !specifier.text.startsWith('.')) return;
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier.text));
    found.push(target);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node.moduleSpecifier);
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword)
      add(node.arguments[0]);
    ts.forEachChild(node, visit);
  };
  visit(ast);
  return found;
}

/** src/README.md's table: folder → the folders it may import. */
function folderRules(): Map<string, Set<string>> {
  const readme = fs.readFileSync(path.join(src, 'README.md'), 'utf8');
  const rules = new Map<string, Set<string>>();
  for (const line of readme.split('\n')) {
    // Prettier pads the table's cells to align its columns.
    const row = /^\|\s*`([a-z-]+)\/`\s*\|.*\|\s*([^|]*?)\s*\|$/.exec(line);
    if (!row) continue;
    const allowed = row[2]!.trim() === '—' ? [] : row[2]!.split(',').map((name) => name.trim());
    rules.set(row[1]!, new Set(allowed));
  }
  return rules;
}

test("src/README.md's table names every folder, and only folders that exist", () => {
  const folders = fs
    .readdirSync(src, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const rules = folderRules();
  assert.deepEqual([...rules.keys()].sort(), folders);
  for (const [folder, allowed] of rules)
    for (const name of allowed) assert.ok(rules.has(name), `${folder} may import "${name}": no such folder`);
});

test('a folder imports only the folders its row of src/README.md names', () => {
  const rules = folderRules();
  const wrong: string[] = [];
  for (const source of files) {
    for (const target of importsOf(source)) {
      const folder = target.includes('/') ? target.split('/')[0]! : '';
      if (folder === source.folder) continue;
      if (!rules.get(source.folder)?.has(folder)) wrong.push(`${source.file} imports ${target}`);
    }
  }
  assert.deepEqual(wrong, []);
});

test('the allowed imports between folders form no circle', () => {
  const rules = folderRules();
  const visiting = new Set<string>();
  const done = new Set<string>();
  const visit = (folder: string, trail: string[]): void => {
    assert.ok(!visiting.has(folder), `folders import in a circle: ${[...trail, folder].join(' → ')}`);
    if (done.has(folder)) return;
    visiting.add(folder);
    for (const next of rules.get(folder) ?? []) visit(next, [...trail, folder]);
    visiting.delete(folder);
    done.add(folder);
  };
  for (const folder of rules.keys()) visit(folder, []);
});

test('no import circles between files, type-only imports included', () => {
  const graph = new Map(files.map((source) => [source.file, importsOf(source)]));
  const state = new Map<string, 'visiting' | 'done'>();
  const circles: string[] = [];
  const visit = (file: string, trail: string[]): void => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'visiting') {
      circles.push([...trail.slice(trail.indexOf(file)), file].join(' → '));
      return;
    }
    state.set(file, 'visiting');
    for (const next of graph.get(file) ?? []) visit(next, [...trail, file]);
    state.set(file, 'done');
  };
  for (const file of graph.keys()) visit(file, []);
  assert.deepEqual(circles, []);
});

test('at most 2 files at the top of src/, at most 12 in a folder, and a README in each folder', () => {
  const top = fs.readdirSync(src, { withFileTypes: true }).filter((entry) => entry.isFile());
  assert.ok(top.length <= 2, `src/ holds ${top.map((f) => f.name).join(', ')}`);
  for (const entry of fs.readdirSync(src, { withFileTypes: true }).filter((e) => e.isDirectory())) {
    const names = fs.readdirSync(path.join(src, entry.name));
    assert.ok(names.includes('README.md'), `src/${entry.name}/ has no README.md`);
    const code = names.filter((name) => name.endsWith('.ts'));
    assert.ok(code.length <= 12, `src/${entry.name}/ holds ${code.length} files`);
  }
});

test('no file name twice in src/, and no near-duplicate names in a folder', () => {
  const byName = new Map<string, string[]>();
  for (const { file } of files) {
    const name = path.posix.basename(file);
    byName.set(name, [...(byName.get(name) ?? []), file]);
  }
  assert.deepEqual(
    [...byName.values()].filter((list) => list.length > 1),
    [],
  );
  const nearDuplicates: string[] = [];
  for (const a of files)
    for (const b of files) {
      if (a.folder !== b.folder || a.file >= b.file) continue;
      const [x, y] = [a.file, b.file].map((file) => path.posix.basename(file, '.ts'));
      const related = (one: string, other: string) =>
        other.startsWith(`${one}-`) || other.endsWith(`-${one}`) || other === `${one}s`;
      if (related(x!, y!) || related(y!, x!)) nearDuplicates.push(`${a.file} and ${b.file}`);
    }
  assert.deepEqual(nearDuplicates, []);
});

test('no function over 100 lines', () => {
  const long: string[] = [];
  for (const { file, ast } of files) {
    const visit = (node: ts.Node): void => {
      if (ts.isFunctionLike(node) && 'body' in node && node.body) {
        const start = ast.getLineAndCharacterOfPosition(node.getStart()).line;
        const end = ast.getLineAndCharacterOfPosition(node.end).line;
        if (end - start + 1 > 100) long.push(`${file}:${start + 1} (${end - start + 1} lines)`);
      }
      ts.forEachChild(node, visit);
    };
    visit(ast);
  }
  assert.deepEqual(long, []);
});

// Values too common in code to tell a restated default from anything else.
const tooCommon = new Set(['', '.', '1', '3', 'run', 'true', 'false']);

test("every input's default is written in action.yml alone: the code restates none", () => {
  const defaults = inputDefaults(root);
  const searched = Object.entries(defaults).filter(([, value]) => !tooCommon.has(value));
  assert.ok(searched.length >= 4, 'the distinctive defaults are searched');
  const restated: string[] = [];
  // The action's code; agent-runtime/ runs in the container and never reads an input.
  for (const { file, ast } of files.filter((f) => f.folder !== 'agent-runtime')) {
    const visit = (node: ts.Node): void => {
      if (ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node)) {
        // A long default is restated wherever it appears; a short one (10m) only as a whole literal.
        for (const [name, value] of searched)
          if (value.length >= 5 ? node.text.includes(value) : node.text === value)
            restated.push(`${file}: ${JSON.stringify(node.text)} (${name})`);
      }
      ts.forEachChild(node, visit);
    };
    visit(ast);
  }
  assert.deepEqual(restated, []);
  const inputs = fs.readFileSync(path.join(src, 'action/inputs.ts'), 'utf8');
  assert.doesNotMatch(inputs, /\bdefault:/, "the input table holds no default: action.yml's are read");
});

test('one TOML reader: only project/config.ts imports the TOML parser', () => {
  const readers = files
    .filter(({ ast }) =>
      ast.statements.some(
        (statement) =>
          ts.isImportDeclaration(statement) &&
          ts.isStringLiteral(statement.moduleSpecifier) &&
          statement.moduleSpecifier.text === 'smol-toml',
      ),
    )
    .map(({ file }) => file);
  assert.deepEqual(readers, ['project/config.ts']);
});
