// Shared set-up for the end-to-end tests: one emulator (real Docker engine, real registry), the
// test agent image pushed to it, and `runAgent`, which runs the bundled action (dist/) through
// the runner harness, main then post, pointed at the emulator.
import fs from 'node:fs/promises';
import path from 'node:path';
import { jobResource, type JobSpec } from '../../src/job/spec.ts';
import { buildTestAgentImage } from '../infra/images.ts';
import { plainJobSpec } from '../infra/job-spec.ts';
import { runAction, type ActionResult, type RunActionOptions } from '../harness/runner.ts';
import { startEmulator, type Emulator, type EmulatorOptions } from '../emulator/server.ts';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
/**
 * The action the runs use: the repository, or a snapshot of its action.yml and dist/ named by
 * CRA_ACTION_DIR (npm run resilience takes one, so a rebuild during a long measurement cannot
 * swap the bundle under it).
 */
export const actionDir = (): string => process.env.CRA_ACTION_DIR || repoRoot;
export const project = 'test-project';
export const region = 'us-central1';
export const repository = 'agents';

export interface Fixture {
  emulator: Emulator;
  /** The test agent image, pushed, by tag. */
  image: string;
}

export async function startFixture(options: EmulatorOptions = {}): Promise<Fixture> {
  const emulator = await startEmulator({ ingestionLagMs: 300, ...options });
  const { ref } = await buildTestAgentImage(`${emulator.registry}/${project}/${repository}/test-agent:e2e`);
  return { emulator, image: ref };
}

export interface AgentRun extends Partial<RunActionOptions> {
  inputs?: Record<string, string>;
  env?: Record<string, string>;
}

/** Runs the bundled action against the emulator; `inputs` override the defaults below. */
export function runAgent(fixture: Fixture, run: AgentRun = {}): Promise<ActionResult> {
  return runAction({
    ...run,
    actionDir: actionDir(),
    inputs: { agent: 'e2e-agent', project_id: project, region, image: fixture.image, ...run.inputs },
    env: { CLOUD_RUN_AGENT_EMULATOR_HOST: fixture.emulator.endpoint, ...run.env },
  });
}

interface Live {
  secretmanager?: { secrets?: unknown[] };
  run?: { jobs?: unknown[]; executions?: { state?: string }[]; runningContainers?: unknown[] };
}

/** What the emulator still holds: jobs, running executions and containers, secrets. */
export function leftovers(emulator: Emulator): {
  jobs: number;
  running: number;
  containers: number;
  secrets: number;
} {
  const live = emulator.resources() as Live;
  return {
    jobs: live.run?.jobs?.length ?? 0,
    running: (live.run?.executions ?? []).filter((e) => e.state === 'running').length,
    containers: live.run?.runningContainers?.length ?? 0,
    secrets: live.secretmanager?.secrets?.length ?? 0,
  };
}

/** CreateSecret calls for the run's credentials so far: the agent's scale slots (cra-scale-…) not counted. */
export const credentialSecretsCreated = (emulator: Emulator): number =>
  emulator.callLog.filter((c) => c.method === 'CreateSecret' && !c.resource?.includes('/cra-scale-')).length;

/**
 * Everything a user or a later step could read: the log (as the runner shows it, masked), outputs,
 * state, summary, annotations. (Raw stdout is not among them: it carries the ::add-mask:: commands.)
 */
export function everythingVisible(result: ActionResult): string {
  const steps = [result.main, result.post].filter((s) => s !== undefined);
  return steps
    .map((s) =>
      [
        s.log.join('\n'),
        JSON.stringify(s.outputs),
        JSON.stringify(s.state),
        s.summary,
        JSON.stringify(s.annotations),
      ].join('\n'),
    )
    .join('\n');
}

export async function writeWorkspaceFile(
  result: { dirs: { workspace: string } },
  name: string,
  content: string,
): Promise<void> {
  await fs.writeFile(path.join(result.dirs.workspace, name), content);
}

/** A job as the action makes one, of the test agent's image: 1 CPU, 512Mi, 60 s unless `spec` says otherwise. */
export const testJob = (fixture: Fixture, spec: Partial<JobSpec> = {}): ReturnType<typeof jobResource> =>
  jobResource(plainJobSpec(fixture.image, spec));
