// `npm run demo`: one whole run of the bundled action, shown as the step's log on GitHub shows it,
// against the local emulator: the `triage` agent of the example Action Llama project
// (examples/project) gets its image made from the project (a stand-in for node:24-alpine made
// here, the real @action-llama/action-llama from the npm registry), runs once in a Cloud Run job
// with upstream's own runtime against a local fake model, its logs mirrored, and the job and
// secrets are cleaned up. A short verdict ends it.
//
// The registry keeps its storage in .tmp/demo-registry, on a fixed port (5055, or
// CRA_DEMO_REGISTRY_PORT), so a second demo finds what the first made, as a second run on GitHub
// finds it in Artifact Registry; --fresh starts from an empty one.
//
// The step's lines go through the harness's runner model (test/harness/commands.ts) as they come:
// groups become headings, masked values ***, annotations Error:/Warning:/Notice: lines, and the
// workflow commands themselves (the stop-commands fence around the container's logs) are not
// shown, while what the fence holds is shown as plain text.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { dockerAvailable, START_DOCKER_HINT } from '../test/infra/docker.ts';
import { startRegistry, type Registry } from '../test/infra/registry.ts';
import { startFakeModel } from '../test/infra/fake-model.ts';
import { ensureAlpineBase } from '../test/infra/alpine-base.ts';
import { runAction, type ActionResult, type LogEntry } from '../test/harness/runner.ts';
import { startEmulator, type Emulator } from '../test/emulator/server.ts';

const usage = `Usage: npm run demo [-- options]

Runs the example project's triage agent once, as a workflow step would, against a local emulator
of Google Cloud, a Docker engine, a registry and a fake model. Needs a Docker engine
(scripts/demo.sh provisions and starts everything).

  --fresh       an empty registry: the action makes the runtime image as on a first run
                (by default the registry in .tmp/demo-registry keeps it from run to run)
  --timestamps  prefix each line with the seconds since the step started
  --resources   end with the emulator's resources (what the run left behind), as JSON
  --verbose     also every output of the step and what the fake model was told
  --help        this text`;

const { values: flags } = parseArgs({
  options: {
    fresh: { type: 'boolean' },
    timestamps: { type: 'boolean' },
    resources: { type: 'boolean' },
    verbose: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (flags.help) {
  console.log(usage);
  process.exit(0);
}

const root = path.resolve(import.meta.dirname, '..');
const color = process.stdout.isTTY && !process.env.NO_COLOR;
const style = (code: string) => (text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
const bold = style('1');
const dim = style('2');
const red = style('31');
const yellow = style('33');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Runs `what`, saying so first and how long it took after. */
async function phase<T>(what: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  process.stdout.write(`${what}… `);
  const value = await run();
  console.log(dim(`done in ${seconds(performance.now() - started)}`));
  return value;
}

/** Prints a step's log as GitHub shows it, line by line as the runner takes it. */
class StepPrinter {
  private inGroup = false;
  private started = performance.now();

  private readonly timestamps: boolean;

  constructor(timestamps: boolean) {
    this.timestamps = timestamps;
  }

  /** The step's heading, as GitHub names the steps of a `uses:`. */
  start(title: string): void {
    this.inGroup = false;
    this.started = performance.now();
    console.log(`\n${bold(title)}`);
  }

  print(entry: LogEntry): void {
    switch (entry.kind) {
      case 'command':
        return; // the runner acts on it; GitHub shows nothing of it
      case 'group':
        this.line(bold(`▾ ${entry.title}`));
        this.inGroup = true;
        return;
      case 'endgroup':
        this.inGroup = false;
        return;
      case 'annotation': {
        const label = { error: red('Error:'), warning: yellow('Warning:'), notice: bold('Notice:') }[
          entry.type
        ];
        this.line(`${label} ${entry.message}`);
        return;
      }
      case 'output':
        this.line(`${this.inGroup ? '  ' : ''}${entry.text}`);
    }
  }

  private line(text: string): void {
    const stamp = this.timestamps
      ? dim(`${((performance.now() - this.started) / 1000).toFixed(1).padStart(6)}s `)
      : '';
    console.log(`${stamp}  ${text}`);
  }
}

/** What the emulator still holds: none of the run's jobs, executions, secrets or containers, we hope. */
function leftBehind(emulator: Emulator): string {
  const state = emulator.resources() as {
    secretmanager: { secrets: unknown[] };
    run: { jobs: unknown[]; executions: unknown[]; runningContainers: unknown[] };
    artifactregistry: { images: unknown[] };
  };
  const counts: [number, string][] = [
    [state.run.jobs.length, 'job'],
    [state.run.executions.length, 'execution'],
    [state.run.runningContainers.length, 'running container'],
    [state.secretmanager.secrets.length, 'secret'],
  ];
  const kept = state.artifactregistry.images.length;
  const images = `the registry keeps ${kept} image${kept === 1 ? '' : 's'} (the runtime's parts, the agent's) for later runs`;
  const left = counts.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}${n === 1 ? '' : 's'}`);
  return left.length
    ? `${red(left.join(', '))}; ${images}`
    : `no job, execution, container or secret; ${images}`;
}

/** What the run will find in the registry: nothing (a first run), or an earlier run's runtime. */
async function firstRunNotice(registry: string): Promise<string> {
  const response = await fetch(`http://${registry}/v2/demo-project/agents/cloud-run-agent-runtime/tags/list`);
  const { tags = [] } = response.ok ? ((await response.json()) as { tags?: string[] | null }) : {};
  if (tags?.length)
    return (
      `${bold('Not a first run:')} the demo's registry (.tmp/demo-registry) holds what an earlier demo made\n` +
      '(the runtime image, or at least its node_modules layer), and the action reuses it, as later runs do\n' +
      'on GitHub. npm run demo -- --fresh starts from an empty registry.'
    );
  return (
    `${bold('First run in a repository:')} the action makes the agents' runtime image once, and says\n` +
    "what each part takes: the base with the tools agents expect (apk add), then upstream's\n" +
    'node_modules (npm ci on the runner, the longest part), as a layer pushed to the registry. Later\n' +
    "runs of any agent reuse it and only add the agent's own files (try npm run demo again)."
  );
}

/** The demo's registry: kept in .tmp/demo-registry on a fixed port, or a fresh one. */
function demoRegistry(fresh: boolean): Promise<Registry> {
  if (fresh) return startRegistry();
  const port = Number(process.env.CRA_DEMO_REGISTRY_PORT || 5055);
  return startRegistry({ dir: path.join(root, '.tmp', 'demo-registry'), port });
}

function verdict(result: ActionResult, emulator: Emulator, demoStarted: number): void {
  const out = result.outputs;
  const ok = result.main.conclusion === 'success' && result.post?.conclusion === 'success';
  const rows: [string, string | undefined][] = [
    [
      'conclusion',
      `${ok ? bold(out.conclusion ?? result.main.conclusion) : red(out.conclusion ?? result.main.conclusion)} (main step ${result.main.conclusion}, post step ${result.post?.conclusion ?? 'not run'})`,
    ],
    ['result', out.result],
    ['exit code', out.exit_code && `${out.exit_code} (the agent's container; execution ${out.status})`],
    [
      'duration',
      out.duration &&
        `${out.duration} s in the action (${seconds(performance.now() - demoStarted)} for the whole demo)`,
    ],
    ['cost', out.cost && `$${out.cost} estimated at Cloud Run's prices`],
    ['image', out.image],
    ['execution', out.console_url],
    ['logs', out.logs_url],
    ['left behind', leftBehind(emulator)],
  ];
  console.log(`\n${bold('Verdict')}`);
  for (const [name, value] of rows) if (value) console.log(`  ${name.padEnd(12)}${value}`);
  const errors = [...result.main.annotations, ...(result.post?.annotations ?? [])].filter(
    (a) => a.type === 'error',
  );
  for (const error of errors) console.log(`  ${red('Error:')} ${error.message}`);
}

if (!(await dockerAvailable())) {
  console.error(
    `The demo runs the agent in a real container and needs a Docker engine; ${START_DOCKER_HINT}`,
  );
  console.error('Or run scripts/demo.sh, which installs what is missing (as root) and starts one.');
  process.exit(1);
}

const demoStarted = performance.now();
console.log(bold('cloud-run-agent demo'));
console.log(
  dim(
    'One run of the example project\'s "triage" agent, as a workflow step would run it: the action\'s\n' +
      'own bundle, a local stand-in for Cloud Run, Secret Manager, Logging and Artifact Registry, a real\n' +
      'Docker engine and registry, and a fake model. Nothing leaves this machine but npm installs.\n',
  ),
);
const model = await startFakeModel();
const registry = await phase(`Starting ${flags.fresh ? 'an empty' : "the demo's"} registry`, () =>
  demoRegistry(flags.fresh ?? false),
);
const emulator = await phase('Starting the emulator and the fake model', () =>
  startEmulator({ ingestionLagMs: 1000, registry: registry.address, run: { network: 'host' } }),
);
const workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'cloud-run-agent-demo-'));
try {
  await fs.cp(path.join(root, 'examples', 'project'), workspace, { recursive: true });
  // The one change to the project: its model answers on loopback.
  await fs.appendFile(path.join(workspace, 'config.toml'), `baseUrl = "${model.url}"\n`);
  // action.yml's default base is node:24-alpine, which is on Docker Hub; this stand-in is made here.
  const baseImage = await phase('Making the stand-in for node:24-alpine (once per Docker engine)', () =>
    ensureAlpineBase(emulator.registry),
  );
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
  console.log(`\n${await firstRunNotice(emulator.registry)}`);

  const printer = new StepPrinter(flags.timestamps ?? false);
  let step = '';
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
      // npm runs on the runner: this machine's npm cache and CA settings, as a runner's step has its own.
      npm_config_cache: process.env.npm_config_cache || path.join(os.homedir(), '.npm'),
      ...Object.fromEntries(
        ['NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE', 'SSL_CERT_DIR']
          .filter((name) => process.env[name])
          .map((name) => [name, process.env[name]!]),
      ),
    },
    masks: ['ghp_demoTokenNeverShown123', key],
    event: { name: 'schedule', payload: { schedule: '0 * * * *' } },
    onLog: (which, entry) => {
      if (which !== step) {
        step = which;
        printer.start(`${which === 'post' ? 'Post ' : ''}Run action-llama/cloud-run-agent@v1`);
      }
      printer.print(entry);
    },
  });

  verdict(result, emulator, demoStarted);
  if (flags.verbose) {
    console.log(`\n${bold('Outputs')}`);
    for (const [name, value] of Object.entries(result.outputs)) console.log(`  ${name} = ${value}`);
    console.log(
      `\n${bold('What the fake model was told')} (${model.requestsFor(key).length} requests; the tools' results)`,
    );
    for (const line of model.toolResults(key).join('\n').split('\n')) console.log(`  ${line}`);
  }
  if (flags.resources || flags.verbose) {
    console.log(`\n${bold("The emulator's resources")}`);
    console.log(JSON.stringify(emulator.resources(), null, 2).replace(/^/gm, '  '));
  } else
    console.log(
      dim("\n(npm run demo -- --resources shows the emulator's resources; --verbose, every output too.)"),
    );
  process.exitCode = result.main.conclusion === 'success' && result.post?.conclusion === 'success' ? 0 : 1;
} finally {
  await emulator.stop();
  await registry.stop();
  await model.close();
  await fs.rm(workspace, { recursive: true, force: true });
}
