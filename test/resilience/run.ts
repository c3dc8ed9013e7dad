// npm run resilience: suites 2–6 of the reliability issue at full size against the bundled action
// (dist/), the Google APIs emulator and a real Docker engine; prints one table and the method notes,
// and exits 1 when any figure misses its goal (100 % correct, 0 lost, 0 duplicated, 0 left,
// 0 surfaced, 0 executed, 0 seen, memory under the bound).
//
//   node test/resilience/run.ts [--ci] [--only faults,quotas,crash,bad-input,hostile] [--json FILE]
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '../e2e/fixtures.ts';
import { dockerAvailable, START_DOCKER_HINT } from '../infra/docker.ts';
import { missedGoals, renderTable, type SuiteResult } from './common.ts';
import { memoryBoundKb, suites, type Size } from './suites.ts';

const { values: args } = parseArgs({
  options: {
    ci: { type: 'boolean', default: false },
    only: { type: 'string' },
    json: { type: 'string' },
  },
});

if (!(await dockerAvailable())) {
  console.error(`No Docker engine: ${START_DOCKER_HINT}`);
  process.exit(2);
}
// A snapshot of the bundle: a rebuild in the working tree during the measurement (build.sh deletes
// dist/ first) must not make runs fail that have nothing to do with the action.
const snapshot = await mkdtemp(path.join(os.tmpdir(), 'cra-resilience-action-'));
await cp(path.join(repoRoot, 'action.yml'), path.join(snapshot, 'action.yml'));
await cp(path.join(repoRoot, 'dist'), path.join(snapshot, 'dist'), { recursive: true });
process.env.CRA_ACTION_DIR = snapshot;
process.once('exit', () => rmSync(snapshot, { recursive: true, force: true }));
const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
  cwd: repoRoot,
  encoding: 'utf8',
}).trim();

const size: Size = args.ci ? 'ci' : 'full';
const names = args.only ? args.only.split(',') : Object.keys(suites);
const results: SuiteResult[] = [];
const started = Date.now();
for (const name of names) {
  const suite = suites[name];
  if (!suite) throw new Error(`no suite ${name}; there are ${Object.keys(suites).join(', ')}`);
  process.stderr.write(`${name}…\n`);
  const result = await suite(size);
  results.push(result);
  process.stderr.write(`${name}: ${Math.round(result.durationMs / 1000)} s\n`);
}

const verdicts = results.map((r) => {
  const missed = missedGoals(r);
  if (r.peakRssKb > memoryBoundKb) missed.push(`peak memory ${Math.round(r.peakRssKb / 1024)} MiB`);
  return { suite: r.suite, missed, problems: r.problems };
});
console.log(renderTable(results));
console.log();
console.log(
  `${size} size, dist/ of ${commit}${execFileSync('git', ['status', '--porcelain', '--', 'dist', 'src'], { cwd: repoRoot, encoding: 'utf8' }).trim() ? ' (with local changes)' : ''}, ${os.cpus().length} cores, Node ${process.version}, ${Math.round((Date.now() - started) / 1000)} s in all. Goals: 100 % correct, 0 lost, 0 duplicated, 0 left, 0 surfaced, 0 executed, 0 seen, peak memory under ${memoryBoundKb / 1024} MiB.`,
);
for (const note of results.flatMap((r) => r.notes)) console.log(`- ${note}`);
let failed = false;
for (const v of verdicts) {
  if (!v.missed.length && !v.problems.length) continue;
  failed = true;
  console.log(`\n${v.suite}: ${[...v.missed, `${v.problems.length} problems`].join('; ')}`);
  for (const p of v.problems.slice(0, 20)) console.log(`  - ${p.split('\n').join('\n    ')}`);
}
if (args.json) await writeFile(args.json, JSON.stringify({ size, results }, null, 2));
console.log(failed ? '\nSome figures miss their goal.' : '\nEvery figure is at its goal.');
process.exit(failed ? 1 : 0);
