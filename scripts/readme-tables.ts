// Writes the Inputs and Outputs tables of README.md from action.yml, and the least-privilege
// table and custom role (docs/security.md) and the GitHub token's permissions (docs/google-cloud.md)
// from src/google/permissions.ts, so they always match (`npm run docs`); test/unit/readme.test.ts
// fails when they do not.
import fs from 'node:fs';
import path from 'node:path';
import * as prettier from 'prettier';
import {
  allPermissions,
  githubTokenPermissions,
  modePermissions,
  permissionReasons,
  projectRolePermissions,
} from '../src/google/permissions.ts';
import { parseYamlSubset, type YamlMap } from '../test/harness/action-yml.ts';

const root = path.resolve(import.meta.dirname, '..');

/**
 * Text for a Markdown table cell, shown as written: outside code spans, every character Markdown
 * gives a meaning (`AL_SECRET_<type>__<instance>__<field>` would turn bold, `[[webhooks]]` into a
 * link) is escaped, and `<`, `>` become entities (HTML); an underscore between two letters or
 * digits is left as is (GitHub's Markdown never reads it as emphasis: `project_id`). Inside code
 * spans only the pipe is escaped, which GitHub's tables split cells on even there. Newlines become
 * spaces: a cell is one line.
 */
export function escapeCell(text: string): string {
  const alphanumeric = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);
  const plain = (part: string) =>
    part.replace(/[\\`*_[\]~|<>]/g, (c: string, at: number) => {
      if (c === '<') return '&lt;';
      if (c === '>') return '&gt;';
      if (c === '_' && alphanumeric(part[at - 1]) && alphanumeric(part[at + 1])) return c;
      return `\\${c}`;
    });
  return text
    .replace(/\n/g, ' ')
    .split(/(`[^`]+`)/)
    .map((part, i) => (i % 2 === 1 ? part.replace(/\|/g, '\\|') : plain(part)))
    .join('');
}

/** A value as a code span in a table cell (a default, an API call): only its pipes escaped. */
export const codeCell = (text: string): string => `\`${text.replace(/\n/g, ' ').replace(/\|/g, '\\|')}\``;

export function renderTables(): { inputs: string; outputs: string } {
  const manifest = parseYamlSubset(fs.readFileSync(path.join(root, 'action.yml'), 'utf8'));
  const field = (entry: string | YamlMap, key: string): string =>
    typeof entry === 'object' && typeof entry[key] === 'string' ? entry[key] : '';
  const inputs = [
    '| input | default | description |',
    '|---|---|---|',
    ...Object.entries(manifest.inputs as YamlMap).map(([name, input]) => {
      const value = field(input, 'default');
      return `| \`${name}\` | ${value ? codeCell(value) : ''} | ${escapeCell(field(input, 'description'))} |`;
    }),
  ].join('\n');
  const outputs = [
    '| output | description |',
    '|---|---|',
    ...Object.entries(manifest.outputs as YamlMap).map(
      ([name, output]) => `| \`${name}\` | ${escapeCell(field(output, 'description'))} |`,
    ),
  ].join('\n');
  return { inputs, outputs };
}

export function replaceBetween(text: string, marker: string, content: string): string {
  const start = `<!-- ${marker}:start -->`;
  const end = `<!-- ${marker}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`the file lacks the ${marker} markers`);
  return `${text.slice(0, from + start.length)}\n${content}\n${text.slice(to)}`;
}

/** The permissions of each mode (src/google/permissions.ts) and the custom role that holds them. */
export function renderPermissions(): string {
  const modes = Object.keys(modePermissions);
  const reasons = permissionReasons();
  const table = [
    `| permission | ${modes.join(' | ')} | needed for |`,
    `|---|${modes.map(() => '---').join('|')}|---|`,
    ...allPermissions().map(
      (p) =>
        `| \`${p}\` | ${modes.map((m) => (modePermissions[m]!.includes(p) ? '✓' : '')).join(' | ')} | ${(reasons.get(p) ?? []).join(', ')} |`,
    ),
  ].join('\n');
  const role = [
    '```sh',
    'gcloud iam roles create cloudRunAgent --project="$PROJECT_ID" \\',
    '  --title="cloud-run-agent" --description="Runs, cleans up and reaps Action Llama agents on Cloud Run" \\',
    `  --permissions=${projectRolePermissions().join(',\\\n')}`,
    'gcloud projects add-iam-policy-binding "$PROJECT_ID" \\',
    '  --member="serviceAccount:$DEPLOYER_SA" --role="projects/$PROJECT_ID/roles/cloudRunAgent"',
    "# iam.serviceAccounts.actAs on the job's own service account only, not on the project:",
    'gcloud iam service-accounts add-iam-policy-binding "$JOB_SA" \\',
    '  --member="serviceAccount:$DEPLOYER_SA" --role="roles/iam.serviceAccountUser"',
    '```',
  ].join('\n');
  return `${table}\n\n${role}`;
}

/** The permissions `github_token` needs, by call (src/google/permissions.ts). */
export function renderGitHubPermissions(): string {
  return [
    '| token permission | mode | call | why |',
    '|---|---|---|---|',
    ...githubTokenPermissions.map(
      (p) => `| \`${p.permission}\` | ${escapeCell(p.mode)} | ${codeCell(p.call)} | ${escapeCell(p.why)} |`,
    ),
  ].join('\n');
}

/** The generated tables and the file each lives in (`npm run docs` rewrites them all). */
export function generatedFiles(): Record<string, Record<string, string>> {
  const { inputs, outputs } = renderTables();
  return {
    'README.md': { inputs, outputs },
    'docs/security.md': { permissions: renderPermissions() },
    'docs/google-cloud.md': { 'github-permissions': renderGitHubPermissions() },
  };
}

/** A file with fresh tables, formatted as `prettier --write` would leave it. */
export async function renderFile(relative: string): Promise<string> {
  const file = path.join(root, relative);
  let text = fs.readFileSync(file, 'utf8');
  for (const [marker, content] of Object.entries(generatedFiles()[relative] ?? {}))
    text = replaceBetween(text, marker, content);
  return prettier.format(text, { ...(await prettier.resolveConfig(file)), filepath: file });
}

/** README.md with fresh tables. */
export const renderReadme = (): Promise<string> => renderFile('README.md');

if (import.meta.main)
  for (const relative of Object.keys(generatedFiles()))
    fs.writeFileSync(path.join(root, relative), await renderFile(relative));
