// `npm run demo`: one whole run of the bundled action, as a user sees it, against the local
// emulator: the example project's agent is built, pushed, run with a credential, its logs mirrored,
// and the post step cleans up. Then it shows what was left behind (nothing).
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { dockerAvailable, START_DOCKER_HINT } from '../test/infra/docker.ts';
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

console.log(bold('Starting the Google APIs emulator and a registry…'));
const emulator = await startEmulator({ ingestionLagMs: 1000 });
const workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'cloud-run-agent-demo-'));
try {
  await fs.cp(path.join(root, 'examples', 'hello'), workspace, { recursive: true });
  await fs.copyFile('/bin/busybox', path.join(workspace, 'busybox'));
  console.log(`emulator ${emulator.endpoint}, registry ${emulator.registry}\n`);

  console.log(bold('- uses: action-llama/cloud-run-agent@v1   (main, then post)'));
  const result = await runAction({
    actionDir: root,
    workspace,
    inputs: {
      agent: 'hello',
      project_id: 'demo-project',
      region: 'us-central1',
      repository: 'agents',
      registry: emulator.registry,
    },
    env: {
      CLOUD_RUN_AGENT_EMULATOR_HOST: emulator.endpoint,
      AL_SECRET_github_token__default__token: 'ghp_demoTokenNeverShown123',
    },
    masks: ['ghp_demoTokenNeverShown123'],
    event: { name: 'schedule', payload: { schedule: '0 3 * * *' } },
  });
  for (const line of result.main.log) console.log(`  ${line}`);
  console.log(bold('\nPost step'));
  for (const line of result.post?.log ?? []) console.log(`  ${line}`);
  console.log(bold('\nOutputs'));
  for (const [name, value] of Object.entries(result.outputs)) console.log(`  ${name} = ${value}`);
  console.log(bold('\nLeft behind in the emulator'));
  console.log(JSON.stringify(emulator.resources(), null, 2).replace(/^/gm, '  '));
  console.log(`\nmain: ${result.main.conclusion}, post: ${result.post?.conclusion}`);
  process.exitCode = result.main.conclusion === 'success' && result.post?.conclusion === 'success' ? 0 : 1;
} finally {
  await emulator.stop();
  await fs.rm(workspace, { recursive: true, force: true });
}
