// The benchmark works end to end (not its timings): `bench/run.ts --quick` runs the bundled action
// through the harness against the emulator and Docker, prints the table and writes a results file
// in which every figure is present, finite and positive.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { scaledFigures, type Results } from '../../bench/report.ts';
import type { Summary } from '../../bench/stats.ts';
import { requireDocker } from '../infra/docker.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');

function assertSummary(name: string, summary: Summary | undefined, { zeroAllowed = false } = {}): void {
  assert.ok(summary, `${name} is missing`);
  for (const key of ['min', 'median', 'p95'] as const) {
    const value = summary[key];
    assert.ok(Number.isFinite(value), `${name}.${key} is not finite: ${value}`);
    assert.ok(zeroAllowed ? value >= 0 : value > 0, `${name}.${key} is not positive: ${value}`);
  }
  assert.ok(summary.min <= summary.median && summary.median <= summary.p95, `${name}: min ≤ median ≤ p95`);
  assert.ok(summary.n >= 1, `${name} has no samples`);
}

test('bench --quick measures every figure', { timeout: 180_000 }, async (t) => {
  if (await requireDocker(t)) return;
  const dir = await mkdtemp(path.join(tmpdir(), 'cra-bench-test-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['bench/run.ts', '--quick', '--results', dir],
    { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 },
  );
  assert.match(stdout, /log latency: print → workflow log/);
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json'));
  assert.equal(files.length, 1, `one results file, got ${files.join(', ')}`);
  assert.ok(!files.includes('latest.json'), 'a quick run must not replace latest.json');
  const r = JSON.parse(await readFile(path.join(dir, files[0]!), 'utf8')) as Results;

  assert.equal(r.quick, true);
  assert.deepEqual(r.problems, [], 'every run succeeded with every line delivered');
  const f = r.single.figures;
  assertSummary('log latency', f.logLatencyMs);
  assertSummary('completion detection', f.completionMs);
  assertSummary('drain', f.drainMs);
  assertSummary('overhead', f.overheadMs);
  assertSummary('post step', f.postMs);
  assertSummary('cold start', f.coldStartMs);
  assertSummary('main peak RSS', f.peakRssMb);
  assertSummary('log latency floor', r.single.floors.logLatencyMs);
  assertSummary('completion floor', r.single.floors.completionMs);
  assertSummary('drain floor', r.single.floors.drainMs);
  assertSummary('container start', r.single.containerStartMs);
  assert.ok(r.single.floors.nodeStartMs > 0);
  // The cold-start floor: Google's client alone (bench/first-call.cjs) made its first call.
  assertSummary('client first call', r.single.floors.clientFirstCallMs);
  // The floors hold: nothing beats what the emulator imposes.
  assert.ok(f.logLatencyMs!.min >= r.config.ingestionLagMs, 'a line arrived before it was readable');

  assert.ok(r.criticalPath.roundTrips > 0 && r.criticalPath.before.length > 0, 'critical path counted');
  // After the exit it ends at the outcome: main's cleanup (alongside the drain) is not on it.
  assert.equal(r.criticalPath.after.at(-1), 'ListTasks', r.criticalPath.after.join(' → '));
  assertSummary('RPCs per run', r.apiCost.total);
  assertSummary('Secret Manager writes', r.apiCost.secretWrites);
  assertSummary('Logging reads', r.apiCost.loggingReads, { zeroAllowed: true });
  for (const method of [
    'CreateSecret',
    'AddSecretVersion',
    'CreateJob',
    'WaitOperation',
    'GetExecution',
    'DeleteJob',
  ])
    assert.ok((r.apiCost.byMethod[method] ?? 0) > 0, `no ${method} counted`);
  assert.equal(r.apiCost.byMethod.RunJob ?? 0, 0, 'CreateJob starts the execution: no RunJob');
  assert.ok(r.bundle.totalBytes > r.bundle.entryBytes && r.bundle.entryBytes > 0);

  assert.ok(r.config.scale.length > 0);
  for (const n of r.config.scale) {
    const level = r.scale[n];
    assert.ok(level, `scale ${n} missing`);
    assert.equal(level.failures, 0, `scale ${n}: failed runs`);
    for (const key of scaledFigures) assertSummary(`scale ${n} ${key}`, level.figures[key]);
    assertSummary(`scale ${n} client first call`, level.clientFirstCallMs);
    assert.ok(Number.isFinite(level.cpu.meanBusy));
  }
  assert.equal(r.memory.failures, 0);
  assertSummary('memory peak RSS', r.memory.peakRssMb);
});
