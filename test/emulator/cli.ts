// `npm run emulator -- [flags]`: runs the emulator in the foreground until SIGINT or SIGTERM.
// Point the action (or any official client) at it with the line it prints.
import { parseArgs } from 'node:util';
import { allGoogleBehaviours, type GoogleBehaviours } from './behaviours.ts';
import type { FaultConfig } from './faults.ts';
import { startEmulator, type EmulatorOptions } from './server.ts';

const usage = `Usage: npm run emulator -- [options]
  --port N               gRPC port on 127.0.0.1 (default: a free one)
  --registry HOST:PORT   use this registry instead of starting one
  --ingestion-lag-ms N   delay before a log line is readable (default 3000)
  --no-quotas            do not enforce Google's quotas
  --faults JSON          inject latency and errors, e.g. '{"all":{"errorRate":0.1}}'
  --behaviours JSON|all  Google's documented behaviours to switch on, e.g. '{"earlyWaitMs":0}'; all: every one
  --allowed-locations L  the resource-location policy for secrets, e.g. us-central1,europe-west1 (global: automatic replication)
  --repository-location P/R=L  an Artifact Registry repository's location (repeatable), e.g. my-project/agents=us
  --repository NAME      an Artifact Registry repository that exists, projects/P/locations/L/repositories/R
                         (repeatable; with any, every other is NOT_FOUND; default: every repository exists)
  --verbose              print what the emulator does
  --help`;

function fail(message: string): never {
  console.error(`emulator: ${message}\n${usage}`);
  process.exit(2);
}

function integer(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) fail(`${flag} must be a non-negative integer, not "${value}"`);
  return n;
}

export function optionsFromArgs(args: string[]): EmulatorOptions {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      registry: { type: 'string' },
      'ingestion-lag-ms': { type: 'string' },
      'no-quotas': { type: 'boolean' },
      faults: { type: 'string' },
      behaviours: { type: 'string' },
      'allowed-locations': { type: 'string' },
      'repository-location': { type: 'string', multiple: true },
      repository: { type: 'string', multiple: true },
      verbose: { type: 'boolean' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  let faults: FaultConfig | undefined;
  if (values.faults !== undefined) {
    try {
      faults = JSON.parse(values.faults) as FaultConfig;
    } catch (error) {
      fail(`--faults is not JSON: ${(error as Error).message}`);
    }
  }
  let behaviours: GoogleBehaviours | undefined;
  if (values.behaviours === 'all') behaviours = allGoogleBehaviours;
  else if (values.behaviours !== undefined) {
    try {
      behaviours = JSON.parse(values.behaviours) as GoogleBehaviours;
    } catch (error) {
      fail(`--behaviours is neither "all" nor JSON: ${(error as Error).message}`);
    }
  }
  const repositoryLocations: Record<string, string> = {};
  for (const entry of values['repository-location'] ?? []) {
    const match = /^([^/=]+\/[^/=]+)=([a-z0-9-]+)$/.exec(entry);
    if (!match) fail(`--repository-location must be PROJECT/REPOSITORY=LOCATION, not "${entry}"`);
    repositoryLocations[match[1]!] = match[2]!;
  }
  for (const name of values.repository ?? [])
    if (!/^projects\/[^/]+\/locations\/[a-z0-9-]+\/repositories\/[^/]+$/.test(name))
      fail(`--repository must be projects/PROJECT/locations/LOCATION/repositories/REPOSITORY, not "${name}"`);
  return {
    port: integer(values.port, '--port'),
    allowedLocations: values['allowed-locations']?.split(/[\s,]+/).filter(Boolean),
    repositoryLocations,
    repositories: values.repository,
    registry: values.registry,
    ingestionLagMs: integer(values['ingestion-lag-ms'], '--ingestion-lag-ms'),
    quotas: values['no-quotas'] ? { enabled: false } : undefined,
    faults,
    behaviours,
    log: values.verbose
      ? (message: string) => console.error(`[${new Date().toISOString()}] ${message}`)
      : undefined,
  };
}

async function main(): Promise<void> {
  let options: EmulatorOptions;
  try {
    options = optionsFromArgs(process.argv.slice(2));
  } catch (error) {
    fail((error as Error).message);
  }
  const emulator = await startEmulator(options);
  console.log(`CLOUD_RUN_AGENT_EMULATOR_HOST=${emulator.endpoint}`);
  console.log(`registry: ${emulator.registry}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`emulator: ${signal}, stopping`);
    emulator.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`emulator: stop failed: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

if (import.meta.main) {
  main().catch((error: unknown) => {
    console.error(`emulator: ${(error as Error).stack ?? String(error)}`);
    process.exit(1);
  });
}
