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

const escape = (text: string): string =>
  text.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\n/g, ' ');

export function renderTables(): { inputs: string; outputs: string } {
  const manifest = parseYamlSubset(fs.readFileSync(path.join(root, 'action.yml'), 'utf8'));
  const field = (entry: string | YamlMap, key: string): string =>
    typeof entry === 'object' && typeof entry[key] === 'string' ? entry[key] : '';
  const inputs = [
    '| input | default | description |',
    '|---|---|---|',
    ...Object.entries(manifest.inputs as YamlMap).map(([name, input]) => {
      const value = field(input, 'default');
      return `| \`${name}\` | ${value ? `\`${escape(value)}\`` : ''} | ${escape(field(input, 'description'))} |`;
    }),
  ].join('\n');
  const outputs = [
    '| output | description |',
    '|---|---|',
    ...Object.entries(manifest.outputs as YamlMap).map(
      ([name, output]) => `| \`${name}\` | ${escape(field(output, 'description'))} |`,
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
      (p) => `| \`${p.permission}\` | ${p.mode} | \`${escape(p.call)}\` | ${escape(p.why)} |`,
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
