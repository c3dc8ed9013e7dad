// Runs task attempts as real containers on the Docker engine: resolves and pulls the image from the
// registry behind Artifact Registry, materialises secret volumes, streams output into the log store,
// enforces the task timeout and stops containers the way Cloud Run does (SIGTERM, then SIGKILL after
// a grace period).
//
// Cloud Run's stop sequence: SIGTERM, then SIGKILL 10 seconds later
// ([doc] https://cloud.google.com/run/docs/container-contract#instance-shutdown; for jobs the same
// contract applies to timeouts and cancellation: [guess], no job-specific text was found).
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Context } from './context.ts';
import { DockerEngine, DockerError, StreamDemuxer } from './docker-engine.ts';
import { ContainerLogWriter, type LogTarget } from './run-logs.ts';
import { preciseNowMs, type Volume, type VolumeMount } from './run-model.ts';
import { secretName } from './run-validation.ts';

export interface ExecutorOptions {
  /** `none` (default; the engine runs with --bridge=none) or `host`. */
  network?: 'none' | 'host';
  /** Seconds between SIGTERM and SIGKILL; Cloud Run uses 10. Tests may shorten it. */
  stopGraceSeconds?: number;
}

/** An image as the engine pulls it, resolved to the digest the registry serves now. */
export interface ResolvedImage {
  /** What the job asked for, e.g. `us-docker.pkg.dev/p/r/agent:v1`. */
  requested: string;
  /** The requested repository pinned to the digest, as Cloud Run records it on executions. */
  pinned: string;
  /** `127.0.0.1:PORT/p/r/agent`: where the engine pulls from. */
  repository: string;
  digest: string;
}

export interface AttemptSpec {
  image: ResolvedImage;
  env: Record<string, string>;
  command?: string[];
  args?: string[];
  workingDir?: string;
  /** `host:container:ro` binds of the secret volumes. */
  binds: string[];
  memoryBytes?: number;
  timeoutSeconds: number;
  labels: Record<string, string>;
  log: Omit<LogTarget, 'instanceId'>;
  /** Called once the container runs. */
  onStarted?: () => void;
}

/** `termSignal`: the system killed the container by this signal (with `behaviours.termSignal`). */
export type AttemptOutcome =
  | { kind: 'exited'; exitCode: number; termSignal?: number }
  | { kind: 'timeout'; exitCode: number; termSignal?: number }
  | { kind: 'stopped'; exitCode?: number; termSignal?: number }
  | { kind: 'failed'; code: number; message: string };

export interface Attempt {
  readonly outcome: Promise<AttemptOutcome>;
  /** Stops the attempt (cancellation): SIGTERM, then SIGKILL after the grace period. */
  stop(): void;
}

const LABEL = 'io.cloud-run-agent.emulator';

/** The host part of a reference, when its first segment names a registry (as docker decides). */
function splitReference(image: string): { host?: string; path: string; reference: string } {
  const [withoutDigest = image, digest] = image.split('@');
  const slash = withoutDigest.indexOf('/');
  const first = slash > 0 ? withoutDigest.slice(0, slash) : '';
  const namesHost = slash > 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  const rest = namesHost ? withoutDigest.slice(slash + 1) : withoutDigest;
  const colon = rest.lastIndexOf(':');
  const hasTag = colon > rest.lastIndexOf('/');
  return {
    host: namesHost ? first : undefined,
    path: hasTag ? rest.slice(0, colon) : rest,
    reference: digest ?? (hasTag ? rest.slice(colon + 1) : 'latest'),
  };
}

/** Artifact Registry hosts (`LOCATION-docker.pkg.dev`) are served by the emulator's registry. */
const artifactRegistryHost = /^[a-z0-9-]+-docker\.pkg\.dev$/;

/** `localhost:PORT` and `127.0.0.1:PORT` name the same loopback registry. */
const sameHost = (a: string, b: string): boolean =>
  a.replace(/^localhost:/, '127.0.0.1:') === b.replace(/^localhost:/, '127.0.0.1:');

export class Executor {
  private readonly ctx: Context;
  private readonly engine: DockerEngine;
  private readonly options: Required<ExecutorOptions>;
  /** Names this emulator's containers (several emulators may share one engine). */
  private readonly emulatorId = randomBytes(4).toString('hex');
  private readonly live = new Map<string, { name: string; kill: () => Promise<void> }>();
  private readonly pulls = new Map<string, Promise<void>>();
  private closed = false;

  constructor(ctx: Context, options: ExecutorOptions = {}) {
    this.ctx = ctx;
    this.engine = new DockerEngine(ctx.dockerHost);
    this.options = { network: options.network ?? 'none', stopGraceSeconds: options.stopGraceSeconds ?? 10 };
  }

  /**
   * Asks the registry for the image's current digest. Undefined when the image does not exist (or
   * lives on a registry the emulator cannot reach: there is no internet).
   */
  async resolveImage(image: string): Promise<ResolvedImage | undefined> {
    const { host, path: repoPath, reference } = splitReference(image);
    if (!host || !(artifactRegistryHost.test(host) || sameHost(host, this.ctx.registry))) return undefined;
    const url = `http://${this.ctx.registry}/v2/${repoPath}/manifests/${reference}`;
    const accept = [
      'application/vnd.oci.image.index.v1+json',
      'application/vnd.docker.distribution.manifest.list.v2+json',
      'application/vnd.oci.image.manifest.v1+json',
      'application/vnd.docker.distribution.manifest.v2+json',
    ].join(', ');
    const res = await fetch(url, { method: 'HEAD', headers: { Accept: accept } }).catch(() => undefined);
    const digest = res?.ok ? res.headers.get('docker-content-digest') : null;
    if (!digest) return undefined;
    const requestedRepo = `${host}/${repoPath}`;
    return {
      requested: image,
      pinned: `${requestedRepo}@${digest}`,
      repository: `${this.ctx.registry}/${repoPath}`,
      digest,
    };
  }

  /** Pulls once per digest; concurrent executions of one image share the pull. */
  pull(image: ResolvedImage): Promise<void> {
    const key = `${image.repository}@${image.digest}`;
    let pull = this.pulls.get(key);
    if (!pull) {
      pull = this.engine.pull(image.repository, image.digest);
      this.pulls.set(key, pull);
      pull.catch(() => this.pulls.delete(key));
    }
    return pull;
  }

  /**
   * Writes the secret volumes a container mounts into `dir` and returns the read-only binds.
   * Items map a version to a file (mode: item mode, else defaultMode, else 0444, with the 0222 umask
   * Google applies); a volume without items exposes one file named after the secret, holding its
   * latest version ([doc] proto SecretVolumeSource / VersionToPath). A version that cannot be read
   * leaves its file absent, so reading it fails, as on Google for volumes ([doc]
   * https://cloud.google.com/run/docs/configuring/jobs/secrets: volumes are not checked at startup).
   */
  async materialiseVolumes(
    dir: string,
    volumes: Volume[],
    mounts: VolumeMount[],
    project: string,
  ): Promise<string[]> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await chmod(dir, 0o700);
    const binds: string[] = [];
    for (const [i, volume] of volumes.entries()) {
      const source = volume.secret;
      const targets = mounts.filter((m) => m.name === volume.name);
      if (!source?.secret || targets.length === 0) continue;
      const volumeDir = path.join(dir, `volume-${i}`);
      await mkdir(volumeDir, { recursive: true, mode: 0o755 });
      const secret = secretName(source.secret, project);
      const items = source.items?.length
        ? source.items
        : [{ path: idOf(secret), version: 'latest', mode: 0 }];
      for (const item of items) {
        const mode = (item.mode || source.defaultMode || 0o444) & ~0o222;
        await this.writeSecretFile(
          volumeDir,
          item.path ?? '',
          `${secret}/versions/${item.version || 'latest'}`,
          mode,
        );
      }
      await lockDirectories(volumeDir);
      for (const mount of targets) binds.push(`${volumeDir}:${mount.mountPath}:ro`);
    }
    return binds;
  }

  private async writeSecretFile(
    volumeDir: string,
    relative: string,
    version: string,
    mode: number,
  ): Promise<void> {
    const result = this.ctx.secrets?.payload(version) ?? { error: 'Secret Manager is not available' };
    if ('error' in result) {
      this.ctx.log(`run: ${version} not materialised: ${result.error}`);
      return;
    }
    const file = path.join(volumeDir, relative);
    await mkdir(path.dirname(file), { recursive: true, mode: 0o755 });
    await writeFile(file, result.data, { mode });
    await chmod(file, mode);
  }

  /** Removes an execution's secret files (directories are read-only: open them first). */
  async removeDirectory(dir: string): Promise<void> {
    await unlockDirectories(dir).catch(() => {});
    await rm(dir, { recursive: true, force: true });
  }

  run(spec: AttemptSpec): Attempt {
    if (this.closed) return { outcome: Promise.resolve({ kind: 'stopped' }), stop: () => {} };
    let stopRequested = false;
    let stopNow: (() => void) | undefined;
    const outcome = this.runContainer(
      spec,
      () => stopRequested,
      (stop) => (stopNow = stop),
    );
    return {
      outcome,
      stop: () => {
        stopRequested = true;
        stopNow?.();
      },
    };
  }

  private async runContainer(
    spec: AttemptSpec,
    isStopRequested: () => boolean,
    onStoppable: (stop: () => void) => void,
  ): Promise<AttemptOutcome> {
    const instanceId = `00${randomBytes(67).toString('hex')}`;
    const log = new ContainerLogWriter(this.ctx.logs, { ...spec.log, instanceId });
    const name = `cra-run-${this.emulatorId}-${spec.log.executionId}-t${spec.log.taskIndex}-a${spec.log.attempt}`;
    if (isStopRequested()) return { kind: 'stopped' };
    let id: string;
    try {
      id = (
        await this.engine.json<{ Id: string }>(
          'POST',
          `/containers/create?name=${name}`,
          this.createBody(spec),
        )
      ).Id;
    } catch (error) {
      return {
        kind: 'failed',
        code: 13,
        message: `The container could not be created: ${(error as Error).message}`,
      };
    }
    const remove = () =>
      this.engine.call('DELETE', `/containers/${id}?force=true&v=true`).then(
        () => {},
        () => {},
      );
    this.live.set(id, { name, kill: remove });
    try {
      return await this.watch(id, spec, log, isStopRequested, onStoppable);
    } catch (error) {
      return {
        kind: 'failed',
        code: 13,
        message: `The container could not be run: ${(error as Error).message}`,
      };
    } finally {
      this.live.delete(id);
      await remove();
    }
  }

  /** Starts the container and follows it to its exit; the exit entry is written after all output. */
  private async watch(
    id: string,
    spec: AttemptSpec,
    log: ContainerLogWriter,
    isStopRequested: () => boolean,
    onStoppable: (stop: () => void) => void,
  ): Promise<AttemptOutcome> {
    const grace = this.options.stopGraceSeconds;
    const stop = () => void this.engine.call('POST', `/containers/${id}/stop?t=${grace}`).catch(() => {});
    // Attach before start so no output is missed; the stream ends when the container exits.
    const socket = await this.engine.attach(id);
    const output = pipeOutput(socket, log);
    if (isStopRequested()) {
      socket.destroy();
      return { kind: 'stopped' };
    }
    try {
      await this.engine.call('POST', `/containers/${id}/start`);
    } catch (error) {
      socket.destroy();
      return {
        kind: 'failed',
        code: 13,
        message: `The container could not be started: ${(error as DockerError).message}`,
      };
    }
    spec.onStarted?.();
    onStoppable(stop);
    if (isStopRequested()) stop();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      // Observed wording in varlog/system; the severity is our guess.
      log.system(
        `Terminating task because it has reached the maximum timeout of ${spec.timeoutSeconds} seconds.`,
        'WARNING',
        nowMicros(),
      );
      stop();
    }, spec.timeoutSeconds * 1000);
    await output;
    // The container has exited (its output ended): its exit code is available at once.
    const exitCode = await this.exitCode(id).finally(() => clearTimeout(timer));
    log.flush(nowMicros());
    const behaviours = this.ctx.behaviours.config;
    if (behaviours.lateLinesMs)
      this.ctx.behaviours.counts.lateLines += log.delayUnread(behaviours.lateLinesMs);
    const oomKilled = exitCode === 137 && (await this.oomKilled(id));
    if (oomKilled) log.system(memoryExceeded(spec.memoryBytes), 'ERROR', nowMicros());
    const killed = oomKilled || ((timedOut || isStopRequested()) && exitCode === 137);
    log.system(exitMessage(exitCode, killed), 'INFO', nowMicros());
    const signal = killed && behaviours.termSignal ? { termSignal: 9 } : {};
    if (signal.termSignal) this.ctx.behaviours.counts.termSignals++;
    if (timedOut) return { kind: 'timeout', exitCode, ...signal };
    if (isStopRequested()) return { kind: 'stopped', exitCode, ...signal };
    return { kind: 'exited', exitCode, ...signal };
  }

  /** Whether the kernel killed the container for exceeding its memory limit. */
  private async oomKilled(id: string): Promise<boolean> {
    const inspected = await this.engine
      .json<{ State?: { OOMKilled?: boolean } }>('GET', `/containers/${id}/json`)
      .catch(() => undefined);
    return inspected?.State?.OOMKilled === true;
  }

  private async exitCode(id: string): Promise<number> {
    const result = await this.engine.json<{ StatusCode: number }>(
      'POST',
      `/containers/${id}/wait?condition=not-running`,
    );
    return result.StatusCode;
  }

  private createBody(spec: AttemptSpec): object {
    const body: Record<string, unknown> = {
      Image: `${spec.image.repository}@${spec.image.digest}`,
      Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
      Labels: { ...spec.labels, [LABEL]: this.emulatorId },
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
      HostConfig: {
        NetworkMode: this.options.network,
        Binds: spec.binds,
        // Output goes to Cloud Logging through the attach stream; nothing is kept on disk.
        LogConfig: { Type: 'none', Config: {} },
        ...(spec.memoryBytes && { Memory: spec.memoryBytes, MemorySwap: spec.memoryBytes }),
      },
    };
    // Kubernetes semantics: command replaces the entrypoint (and drops the image CMD), args the CMD.
    if (spec.command?.length) body.Entrypoint = spec.command;
    if (spec.args?.length) body.Cmd = spec.args;
    if (spec.workingDir) body.WorkingDir = spec.workingDir;
    return body;
  }

  /** Names of the containers running now, for the inspector. */
  runningContainers(): string[] {
    return [...this.live.values()].map((c) => c.name);
  }

  /** Emulator shutdown: no new containers; every container this emulator started is removed. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.live.values()].map((c) => c.kill()));
    const filters = encodeURIComponent(JSON.stringify({ label: [`${LABEL}=${this.emulatorId}`] }));
    const leftovers = await this.engine
      .json<{ Id: string }[]>('GET', `/containers/json?all=true&filters=${filters}`)
      .catch(() => []);
    await Promise.all(
      leftovers.map((c) =>
        this.engine.call('DELETE', `/containers/${c.Id}?force=true&v=true`).catch(() => {}),
      ),
    );
  }
}

const nowMicros = (): number => Math.floor(preciseNowMs() * 1000);

const idOf = (name: string): string => name.slice(name.lastIndexOf('/') + 1);

/**
 * Cloud Run's system message at exit ([observed] "Container called exit(0)."). A container the platform
 * had to SIGKILL is reported by signal ([observed] on Cloud Run: "Container terminated on signal 9.").
 * Docker reports both a SIGKILL and exit(137) as 137, so 137 after our stop, or with Docker's
 * OOMKilled, counts as the kill; other codes (143 included: most programs handle SIGTERM by
 * exiting) count as exits.
 */
function exitMessage(exitCode: number, killed: boolean): string {
  if (killed) return 'Container terminated on signal 9.';
  return `Container called exit(${exitCode}).`;
}

/**
 * [observed] in public reports of Cloud Run: "Memory limit of 512 MiB exceeded with 516 MiB used.
 * Consider increasing the memory limit, see https://cloud.google.com/run/docs/configuring/memory-limits".
 * Docker does not say how much was used; the limit stands in.
 */
function memoryExceeded(memoryBytes: number | undefined): string {
  const mib = Math.round((memoryBytes ?? 512 * 1024 * 1024) / 1024 / 1024);
  return `Memory limit of ${mib} MiB exceeded with ${mib} MiB used. Consider increasing the memory limit, see https://cloud.google.com/run/docs/configuring/memory-limits`;
}

/** Feeds the attach stream into the log writer; resolves when the container's output has ended. */
function pipeOutput(
  socket: NodeJS.ReadableStream & { destroy(): void },
  log: ContainerLogWriter,
): Promise<void> {
  const demuxer = new StreamDemuxer((stream, data) => log.write(stream, data));
  return new Promise((resolve) => {
    socket.on('data', (chunk: Buffer) => {
      log.beginChunk(nowMicros());
      demuxer.push(chunk);
    });
    socket.once('end', () => resolve());
    socket.once('close', () => resolve());
    socket.once('error', () => resolve());
  });
}

/** Secret volumes are read-only trees: directories r-x for everyone, like Cloud Run's mounts. */
async function lockDirectories(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) await lockDirectories(path.join(dir, entry.name));
  }
  await chmod(dir, 0o555);
}

async function unlockDirectories(dir: string): Promise<void> {
  await chmod(dir, 0o700);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) await unlockDirectories(path.join(dir, entry.name));
  }
}
