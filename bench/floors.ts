// What the machine and Google's client library cost before the action does anything, measured on
// the machine of the run so that its figures can be read against them, and a wait for the machine
// to go quiet before a measured run. Shared by npm run bench and npm run bench:image.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Emulator } from '../test/emulator/server.ts';
import { readCpu } from './stats.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');

/** The machine's own floors: Node starting and exiting with nothing to do, and its peak memory then. */
export function nodeFloor(): { startMs: number; rssMb: number } {
  const times: number[] = [];
  const rss: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const out = spawnSync(
      process.execPath,
      ['-e', 'process.stdout.write(String(process.resourceUsage().maxRSS))'],
      {
        encoding: 'utf8',
      },
    );
    times.push(performance.now() - t);
    rss.push(Number(out.stdout) / 1024);
  }
  // The best of five: a floor, not a typical start on a busy machine.
  return { startMs: Math.min(...times), rssMb: Math.min(...rss) };
}

/**
 * bench/first-call.cjs bundled as the action is (ncc, then Latin-1 sources): Google's Secret
 * Manager client making the action's first call and nothing else, the floor of cold start.
 */
export async function bundleFirstCall(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cra-bench-first-call-'));
  execFileSync('npx', ['ncc', 'build', 'bench/first-call.cjs', '-o', dir, '--quiet'], { cwd: repoRoot });
  execFileSync(process.execPath, ['scripts/latin1-bundles.ts', dir], { cwd: repoRoot });
  return path.join(dir, 'index.cjs');
}

/** Spawns the first-call bundle once: spawn → its CreateSecret's arrival at the emulator (ms). */
export async function clientFloorOnce(
  emulator: Emulator,
  entry: string,
  project: string,
  id: string,
): Promise<number> {
  const startedAt = Date.now();
  const child = spawn(process.execPath, [entry], {
    env: {
      PATH: process.env.PATH,
      CLOUD_RUN_AGENT_EMULATOR_HOST: emulator.endpoint,
      PROJECT: project,
      SECRET_ID: id,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await new Promise((resolve) => child.on('exit', resolve));
  const call = emulator.callLog.find((c) => c.method === 'CreateSecret' && c.resource?.endsWith(`/${id}`));
  return call ? call.at - startedAt : NaN;
}

/**
 * Waits until the machine has been quiet (all cores together under `busyShare` busy) for one
 * `windowMs`, or `maxMs` have passed; returns how long it waited. A measured run that starts while
 * the previous case's work (a container's exit, the engine's clean-up after a build) still holds a
 * core would measure that work too. Linux only (/proc/stat); elsewhere it returns at once.
 */
export async function waitForQuiet({
  busyShare = 0.1,
  windowMs = 500,
  maxMs = 30_000,
} = {}): Promise<number> {
  const started = performance.now();
  let last = readCpu();
  if (!last.total) return 0;
  while (performance.now() - started < maxMs) {
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const now = readCpu();
    const total = now.total - last.total;
    if (total > 0 && 1 - (now.idle - last.idle) / total < busyShare) break;
    last = now;
  }
  return performance.now() - started;
}
