// `npm run demo`: one whole run of the bundled action, as a user sees it, against the local
// emulator: the `triage` agent of the example Action Llama project (examples/project) gets its
// image made from the project (a Node base made here, the real @action-llama/action-llama from
// the npm registry), runs once in a Cloud Run job with upstream's own runtime against a local fake
// model, its logs mirrored, and the job and secrets are cleaned up. Then it shows what was left
// behind (nothing).
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { dockerAvailable, START_DOCKER_HINT } from '../test/infra/docker.ts';
import { startFakeModel } from '../test/infra/fake-model.ts';
import { ensureNodeBase } from '../test/infra/node-base.ts';
import { runAction } from '../test/harness/runner.ts';
import { startEmulator } from '../test/emulator/server.ts';

const root = path.resolve(import.meta.dirname, '..');
const bold = (text: string) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);

if (!(await dockerAvailable())) {
  console.error(
    `The demo runs the agent in a real container and needs a Docker engine; ${START_DOCKER_HINT}`,
  );
  console.error('(Debian: apt-get install docker.io docker-registry busybox-static, then run that as root.)');
  process.exit(1);
}

console.log(bold('Starting the Google APIs emulator, a registry and a fake model…'));
const model = await startFakeModel();
const emulator = await startEmulator({ ingestionLagMs: 1000, run: { network: 'host' } });
const workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'cloud-run-agent-demo-'));
try {
  await fs.cp(path.join(root, 'examples', 'project'), workspace, { recursive: true });
  // The one change to the project: its model answers on loopback.
  await fs.appendFile(path.join(workspace, 'config.toml'), `baseUrl = "${model.url}"\n`);
  const baseImage = await ensureNodeBase(emulator.registry);
  const key = 'sk-demo-key-never-shown';
  model.script(key, [
    {
      toolCall: {
        name: 'bash',
        arguments: { command: 'id; ls /credentials/*/*; echo "GH_TOKEN is ${GH_TOKEN:+set}"' },
      },
    },
    { toolCall: { name: 'return_value', arguments: { value: 'Triaged 0 new issues (demo)' } } },
    { text: 'Done.' },
  ]);
  console.log(`emulator ${emulator.endpoint}, registry ${emulator.registry}, model ${model.url}\n`);

  console.log(bold('- uses: action-llama/cloud-run-agent@v1   (main, then post)'));
  const result = await runAction({
    actionDir: root,
    workspace,
    inputs: {
      agent: 'triage',
      project_id: 'demo-project',
      region: 'us-central1',
      repository: 'agents',
      registry: emulator.registry,
      base_image: baseImage,
    },
    env: {
      CLOUD_RUN_AGENT_EMULATOR_HOST: emulator.endpoint,
      AL_SECRET_github_token__default__token: 'ghp_demoTokenNeverShown123',
      AL_SECRET_openai_key__default__token: key,
      // npm runs on the runner: the machine's CA settings, as a runner's step sees them.
      ...Object.fromEntries(
        ['NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE', 'SSL_CERT_DIR']
          .filter((name) => process.env[name])
          .map((name) => [name, process.env[name]!]),
      ),
    },
    masks: ['ghp_demoTokenNeverShown123', key],
    event: { name: 'schedule', payload: { schedule: '0 * * * *' } },
  });
  for (const line of result.main.log) console.log(`  ${line}`);
  console.log(bold('\nPost step'));
  for (const line of result.post?.log ?? []) console.log(`  ${line}`);
  console.log(bold('\nOutputs'));
  for (const [name, value] of Object.entries(result.outputs)) console.log(`  ${name} = ${value}`);
  console.log(bold('\nWhat the model saw of the run'));
  console.log(`  ${model.requestsFor(key).length} requests; the bash tool's output:`);
  for (const line of model.toolResults(key).join('\n').split('\n')) console.log(`    ${line}`);
  console.log(bold('\nLeft behind in the emulator'));
  console.log(JSON.stringify(emulator.resources(), null, 2).replace(/^/gm, '  '));
  console.log(`\nmain: ${result.main.conclusion}, post: ${result.post?.conclusion}`);
  process.exitCode = result.main.conclusion === 'success' && result.post?.conclusion === 'success' ? 0 : 1;
} finally {
  await emulator.stop();
  await model.close();
  await fs.rm(workspace, { recursive: true, force: true });
}
