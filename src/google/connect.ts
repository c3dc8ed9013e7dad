// The thin layer between the action and Google's client libraries. Everything Google-specific
// (client construction, call options, resource names, long-running operations) lives under
// google/, one file per service, so the rest of the action reads without API noise. The action
// sees only `Cloud`; a test fake implements the part it needs (`Pick<Cloud, 'logs'>`).
import { artifactsService, type ArtifactsService } from './artifact-registry.ts';
import { connected, lazyClients, tokenSource, type TokenSource } from './clients.ts';
import { logsService, type LogsService } from './logging.ts';
import { runService, type RunService } from './cloud-run.ts';
import { secretsService, type SecretsService } from './secret-manager.ts';

// The resources the rest of the action reads, so that it imports from here alone.
export type { DockerImage } from './artifact-registry.ts';
export type { LogEntry, TailStream } from './logging.ts';
export type { Execution, Job, Task } from './cloud-run.ts';
export type { Secret } from './secret-manager.ts';

/** The Google Cloud surface the action uses, for one project and region. */
export interface Cloud extends TokenSource {
  /** Starts loading the clients a run needs, in the background; see connect(). */
  warmUp(): void;
  secrets: SecretsService;
  run: RunService;
  logs: LogsService;
  artifacts: ArtifactsService;
}

export function connect(project: string, region: string): Cloud {
  const location = `projects/${project}/locations/${region}`;
  const clients = lazyClients(project);
  return {
    /**
     * Loads the clients a run needs before its CreateJob, in the order it needs them, each
     * connected before the next loads: loading one takes tens of ms of the only thread, and a call
     * waiting for its connection would wait for that too. So the first RPC leaves once Secret
     * Manager's client is loaded, and the others load while it is in flight. Executions and tasks
     * load on first use, once CreateJob is sent: before it, each one's ~50 ms would delay it.
     */
    warmUp(): void {
      void (async () => {
        const { secrets, jobs, logging } = clients;
        for (const client of [secrets, jobs, logging]) {
          await client()
            .then(connected)
            .catch(() => {});
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
    },
    ...tokenSource(clients),
    secrets: secretsService(project, clients),
    run: runService(location, clients),
    logs: logsService(project, clients),
    artifacts: artifactsService(project, clients),
  };
}
