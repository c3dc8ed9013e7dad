// Project mode's image, end to end on the bundle: a project shaped as Action Llama's authors write
// them (root and agent Dockerfiles `FROM al-agent:latest`, `USER root`, `RUN apk add …`, `USER
// node`; a SKILL whose bash uses rg, git and a helper the Dockerfile copies) runs unchanged on the
// Alpine stand-in, and its Debian twin (apt-get) on the Debian one. Edits to the agent's files run
// no docker and no npm command (counted by shims on the step's PATH), and the images are stable.
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ensureAlpineBase } from '../infra/alpine-base.ts';
import { commandLog, type CommandLog } from '../infra/command-log.ts';
import { ensureDebianBase } from '../infra/debian-base.ts';
import { docker, requireDocker } from '../infra/docker.ts';
import { startFakeModel, type FakeModel } from '../infra/fake-model.ts';
import { startEmulator, type Emulator } from '../emulator/server.ts';
import { runAction, type ActionResult } from '../harness/runner.ts';
import {
  actionDir,
  credentialSecretsCreated,
  leftovers,
  project,
  region,
  repoRoot,
  repository,
} from './fixtures.ts';

const fixture = path.join(repoRoot, 'test/fixtures/projects/scaffold');
const sshKey =
  '-----BEGIN OPENSSH PRIVATE KEY-----\nc2NhZmZvbGQta2V5LWZvci10ZXN0cw==\n-----END OPENSSH PRIVATE KEY-----\n';
// The runner's npm settings and one npm cache for the runs, as actions/setup-node's cache gives.
const npmEnvironment: Record<string, string> = {
  ...Object.fromEntries(
    ['NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE', 'SSL_CERT_DIR', 'npm_config_registry']
      .filter((name) => process.env[name])
      .map((name) => [name, process.env[name]!]),
  ),
  npm_config_cache: path.join(os.tmpdir(), 'cra-npm-cache'),
};
// What the agent's bash does: a commit with its git identity, the Dockerfile's helper (rg), the tools.
const probe = [
  'set -e',
  'cd "$(mktemp -d)"',
  'git init -q',
  "printf 'TODO one\\nTODO two\\ndone\\n' > todo.txt",
  'git add todo.txt',
  'git commit -q -m "the list"',
  "git log -1 --format='author=%an <%ae>'",
  'count-open .',
  'rg --version | head -1',
  'jq --version',
  'gh --version | head -1',
  'echo "uid=$(id -u)"',
  'ls /app/node_modules/@mariozechner | grep clipboard-linux-x64',
].join('\n');

describe(
  'project mode: upstream-shaped projects, their images made by content',
  { concurrency: false },
  () => {
    let emulator: Emulator;
    let model: FakeModel;
    let alpine: string;
    let debian: string;
    let workspace: string;
    const commands: CommandLog = commandLog();
    before(async () => {
      if (await requireDocker()) return;
      model = await startFakeModel();
      emulator = await startEmulator({ ingestionLagMs: 300, run: { network: 'host' } });
      [alpine, debian] = [
        await ensureAlpineBase(emulator.registry),
        await ensureDebianBase(emulator.registry),
      ];
      workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'cra-scaffold-'));
      await fs.cp(fixture, workspace, { recursive: true });
      await fs.appendFile(path.join(workspace, 'config.toml'), `baseUrl = "${model.url}"\n`);
    });
    after(async () => {
      await emulator?.stop();
      await model?.close();
    });

    /** Runs agent `triage`, whose model answers with the probe, then the probe's `open:N` as the result. */
    async function runTriage(key: string, inputs: Record<string, string> = {}, dir = workspace) {
      model.script(key, [
        { toolCall: { name: 'bash', arguments: { command: probe } } },
        { toolCall: { name: 'return_value', arguments: { value: 'triaged' } } },
        { text: 'Done.' },
      ]);
      commands.clear();
      return runAction({
        actionDir: actionDir(),
        workspace: dir,
        inputs: {
          agent: 'triage',
          project_id: project,
          region,
          repository,
          registry: emulator.registry,
          base_image: alpine,
          ...inputs,
        },
        env: {
          CLOUD_RUN_AGENT_EMULATOR_HOST: emulator.endpoint,
          AL_SECRET_openai_key__default__token: key,
          AL_SECRET_github_token__default__token: 'ghp_scaffoldToken0123456789abcdef',
          AL_SECRET_git_ssh__botty__id_rsa: sshKey,
          AL_SECRET_git_ssh__botty__username: 'Botty McBotface',
          AL_SECRET_git_ssh__botty__email: 'botty@example.com',
          ...npmEnvironment,
          ...commands.env,
        },
        masks: [key],
        timeoutMs: 20 * 60_000,
      });
    }

    const logOf = (result: ActionResult) => result.main.log.join('\n');
    /** When, in ms from the step's spawn, a line matching `pattern` was printed. */
    const printedAt = (result: ActionResult, pattern: RegExp) =>
      result.main.timeline.find((l) => pattern.test(l.line))?.t ?? NaN;
    /** When, in ms from the step's spawn, the emulator received the run's first credential secret. */
    const firstSecretAt = (result: ActionResult) => {
      const call = emulator.callLog.find(
        (c) =>
          c.method === 'CreateSecret' &&
          !c.resource?.includes('/cra-scale-') &&
          c.at >= result.main.startedAt,
      );
      return call ? call.at - result.main.startedAt : NaN;
    };
    const tools = (key: string) => model.toolResults(key).join('\n');
    /** A file of an image, as `docker run` reads it from the pulled image. */
    async function fileIn(image: string, file: string): Promise<string> {
      const result = await docker(['run', '--rm', '--network', 'none', '--entrypoint', 'cat', image, file]);
      assert.equal(result.code, 0, result.stderr);
      return result.stdout;
    }

    let first: ActionResult;
    test('Alpine: the root and agent Dockerfiles (apk) build on the base with upstream’s tools; the SKILL’s rg, git, gh run as uid 1000', async (t) => {
      if (await requireDocker(t)) return;
      const key = 'sk-scaffold-alpine-0123456789';
      first = await runTriage(key);
      const log = logOf(first);
      assert.equal(first.main.conclusion, 'success', log);
      assert.equal(first.outputs.result, 'triaged');
      assert.match(log, /The base is Alpine Linux .* \(musl\)/);
      assert.match(log, /Installing git bash curl jq ca-certificates openssh-client with apk/);
      assert.match(log, /Building Dockerfile\n[\s\S]*Building agents\/triage\/Dockerfile\n/);
      const output = tools(key);
      assert.match(output, /^author=Botty McBotface <botty@example\.com>$/m); // git_ssh's identity
      assert.match(output, /^open:2$/m); // the helper the agent's Dockerfile copied, with rg
      assert.match(output, /^ripgrep /m);
      assert.match(output, /^jq-/m);
      assert.match(output, /^gh version /m); // the agent Dockerfile's apk add github-cli
      assert.match(output, /^uid=1000$/m);
      // node_modules for the image's libc: musl's native package, not the runner's glibc one.
      assert.match(output, /clipboard-linux-x64-musl/);
      assert.doesNotMatch(output, /clipboard-linux-x64-gnu/);
      assert.ok(commands.count('npm') >= 1 && commands.count('docker') >= 1, commands.commands().join('\n'));
      // A build comes before the secrets, whose expiry counts from their creation.
      assert.ok(
        firstSecretAt(first) > printedAt(first, /Runtime image ready/),
        'the secrets were created after the runtime was made',
      );
      assert.deepEqual(leftovers(emulator), { jobs: 0, running: 0, containers: 0, secrets: 0 });
    });

    test('an edited SKILL.md or config.toml runs no docker and no npm command; the new text is in the image; digests are stable', async (t) => {
      if (await requireDocker(t)) return;
      assert.ok(first, 'the first run must have run');
      const skill = path.join(workspace, 'agents/triage/SKILL.md');
      const original = await fs.readFile(skill, 'utf8');
      await fs.appendFile(skill, '\nAlso say how many are left.\n');
      const key = 'sk-scaffold-edit-0123456789';
      const edited = await runTriage(key);
      assert.equal(edited.main.conclusion, 'success', logOf(edited));
      assert.deepEqual(commands.commands(), [], 'no docker, no npm');
      assert.doesNotMatch(logOf(edited), /Make the runtime image/);
      // An append takes seconds: the secrets are created meanwhile, not after it.
      assert.ok(
        firstSecretAt(edited) < printedAt(edited, /appended to the runtime/),
        'the secrets were created while the agent layer was appended',
      );
      assert.notEqual(edited.outputs.image, first.outputs.image);
      assert.match(JSON.stringify(model.requestsFor(key)[0]!.body), /Also say how many are left/);
      assert.match(
        await fileIn(edited.outputs.image!, '/app/project/agents/triage/SKILL.md'),
        /how many are left/,
      );

      // The agent's config.toml too: its layer changes, nothing else runs.
      const config = path.join(workspace, 'agents/triage/config.toml');
      const configText = await fs.readFile(config, 'utf8');
      await fs.writeFile(config, configText.replace('timeout = 600', 'timeout = 700'));
      const reconfigured = await runTriage('sk-scaffold-config-0123456789');
      assert.equal(reconfigured.main.conclusion, 'success', logOf(reconfigured));
      assert.deepEqual(commands.commands(), []);
      assert.notEqual(reconfigured.outputs.image, edited.outputs.image);

      // Back to the first files: the first image, by digest (nothing in it depends on time).
      await fs.writeFile(skill, original);
      await fs.writeFile(config, configText);
      const back = await runTriage('sk-scaffold-back-0123456789');
      assert.equal(back.outputs.image, first.outputs.image);
      assert.match(logOf(back), /The image of triage is unchanged/);
      assert.deepEqual(commands.commands(), []);
    });

    test('an edit to a file the agent’s Dockerfile copies rebuilds the system with docker, and node_modules is found (no npm)', async (t) => {
      if (await requireDocker(t)) return;
      const helper = path.join(workspace, 'agents/triage/bin/count-open');
      const original = await fs.readFile(helper, 'utf8');
      await fs.writeFile(helper, original.replace('"open:"', '"still open:"'));
      try {
        const key = 'sk-scaffold-helper-0123456789';
        const rebuilt = await runTriage(key);
        const log = logOf(rebuilt);
        assert.equal(rebuilt.main.conclusion, 'success', log);
        assert.match(log, /changed since the newest runtime: dockerfiles /);
        assert.ok(commands.count('docker') >= 1, 'the Dockerfile was built');
        assert.equal(commands.count('npm'), 0, 'node_modules came from the registry');
        assert.match(tools(key), /^still open:2$/m);
      } finally {
        await fs.writeFile(helper, original);
      }
    });

    test('Debian: the same project with apt-get Dockerfiles on the Debian base; glibc node_modules', async (t) => {
      if (await requireDocker(t)) return;
      const twin = await debianTwin(workspace);
      const key = 'sk-scaffold-debian-0123456789';
      const result = await runTriage(key, { base_image: debian }, twin);
      const log = logOf(result);
      assert.equal(result.main.conclusion, 'success', log);
      assert.match(log, /The base is Debian GNU\/Linux .* \(glibc\)/);
      assert.match(log, /Installing git bash curl jq ca-certificates openssh-client with apt-get/);
      const output = tools(key);
      assert.match(output, /^author=Botty McBotface <botty@example\.com>$/m);
      assert.match(output, /^open:2$/m);
      assert.match(output, /^uid=1000$/m);
      assert.match(output, /clipboard-linux-x64-gnu/);
      assert.doesNotMatch(output, /clipboard-linux-x64-musl/);
    });

    test('an apk Dockerfile on a Debian base fails with the base’s family and the base_image that fixes it, nothing created', async (t) => {
      if (await requireDocker(t)) return;
      const creates = credentialSecretsCreated(emulator);
      const result = await runTriage('sk-scaffold-family-0123456789', { base_image: debian });
      const log = logOf(result);
      assert.equal(result.main.conclusion, 'failure', log);
      assert.match(
        log,
        /Dockerfile runs apk, the package manager of Alpine images, but the base image .* is Debian GNU\/Linux 12 .*, which has apt-get\. Set "base_image" to an Alpine image/,
      );
      // No credential secret: the only secret asked for is the agent's scale slot (given back by post).
      assert.equal(credentialSecretsCreated(emulator), creates);
      assert.deepEqual(leftovers(emulator), { jobs: 0, running: 0, containers: 0, secrets: 0 });
    });

    test('a base image registry that cannot be reached: the image, the host, the network error, the input', async (t) => {
      if (await requireDocker(t)) return;
      const port = await closedPort();
      const result = await runTriage('sk-scaffold-unreachable-0123456789', {
        base_image: `127.0.0.1:${port}/library/node:24-alpine`,
      });
      assert.equal(result.main.conclusion, 'failure');
      const expected = `Input "base_image": 127.0.0.1:${port} could not be reached for library/node:24-alpine (ECONNREFUSED). Set "base_image" to an image in a registry the runner can reach`;
      assert.ok(logOf(result).includes(expected), logOf(result));
    });
  },
);

/** A loopback port nothing listens on: a server's, closed again. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A copy of the project for a Debian base: each `apk add --no-cache` written as apt-get. */
async function debianTwin(workspace: string): Promise<string> {
  const twin = await fs.mkdtemp(path.join(os.tmpdir(), 'cra-scaffold-debian-'));
  await fs.cp(workspace, twin, { recursive: true });
  for (const file of ['Dockerfile', 'agents/triage/Dockerfile']) {
    const full = path.join(twin, file);
    const text = await fs.readFile(full, 'utf8');
    await fs.writeFile(
      full,
      text
        .replace(
          /apk add --no-cache (\S+)/,
          'apt-get update && apt-get install -y --no-install-recommends $1',
        )
        .replace('github-cli', 'gh'),
    );
  }
  return twin;
}
