// Suite 2, faults: every RPC of the emulator fails at `errorRate` (seeded) with UNAVAILABLE,
// INTERNAL, DEADLINE_EXCEEDED (after the call took effect: its answer is lost) or
// RESOURCE_EXHAUSTED, tail streams are cut after responses, and every call gets added latency.
// Runs of the bundled action with various exit codes must each end with the right outcome, mirror
// every line exactly once, and leave nothing behind.
import { randomBytes } from 'node:crypto';
import { grpc } from 'google-gax';
import { runAgent, startFixture } from '../e2e/fixtures.ts';
import type { GoogleBehaviours } from '../emulator/behaviours.ts';
import {
  afterExit,
  behaviourNote,
  countLines,
  leftCount,
  newResult,
  pool,
  quotaLines,
  recordMemory,
  secretBytesIn,
  visible,
  type AfterExit,
  type SuiteResult,
} from './common.ts';

export interface FaultOptions {
  runs: number;
  concurrency: number;
  seed?: number;
  errorRate?: number;
  cutRate?: number;
  latencyMs?: number;
  ingestionLagMs?: number;
  /** Google's documented behaviours to switch on in the emulator. */
  behaviours?: GoogleBehaviours;
}

const exitCodes = [0, 1, 3, 0, 42, 12, 0, 5, 124, 2];

export async function faultSuite(options: FaultOptions): Promise<SuiteResult> {
  const r = newResult('faults');
  const started = Date.now();
  const seed = options.seed ?? 2026;
  const errorRate = options.errorRate ?? 0.1;
  const cutRate = options.cutRate ?? 0.05;
  const latencyMs = options.latencyMs ?? 25;
  const { UNAVAILABLE, INTERNAL, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED } = grpc.status;
  const fixture = await startFixture({
    ingestionLagMs: options.ingestionLagMs ?? 2000,
    behaviours: options.behaviours,
    faults: {
      seed,
      all: {
        errorRate,
        codes: [UNAVAILABLE, INTERNAL, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED],
        late: [DEADLINE_EXCEEDED],
        latencyMs,
        cutRate,
      },
    },
  });
  const { emulator } = fixture;
  const afterExits: AfterExit[] = [];
  try {
    const runs = Array.from({ length: options.runs }, (_, i) => i);
    await pool(runs, options.concurrency, async (i) => {
      // Every twelfth run is killed by the kernel at its memory limit (SIGKILL: exit code 137)
      // after its ticks, before its lines and result.
      const oom = i % 12 === 11;
      const exitCode = oom ? 137 : exitCodes[i % exitCodes.length]!;
      const lines = oom ? 0 : 30 + (i % 4) * 40;
      const ticks = 20;
      const ticking = `i=0; while [ $i -lt ${ticks} ]; do i=$((i+1)); echo "tick $i"; sleep 0.1; done`;
      const token = `tok-${randomBytes(16).toString('hex')}`;
      const org = `org-${randomBytes(10).toString('hex')}`;
      const result = await runAgent(fixture, {
        inputs: {
          agent: `faults-${i}`,
          credentials: 'api:default',
          env: [
            // Lines over time (each tail response, cut and gap in a different place), then a burst.
            `AGENT_SCRIPT=${ticking}${oom ? '; x=$(head -c 600000000 /dev/zero | tr "\\0" a)' : ''}`,
            `AGENT_LINES=${lines}`,
            `AGENT_RESULT=result ${i}`,
            'AGENT_SLEEP=1',
            `AGENT_EXIT=${exitCode}`,
          ].join('\n'),
        },
        env: { AL_SECRET_api__default__token: token, AL_SECRET_api__default__org: org },
      });
      r.runs++;
      recordMemory(r, result);
      const exited = afterExit(result.main);
      if (exited) afterExits.push(exited);
      const label = `run ${i} (${oom ? 'out of memory' : `exit ${exitCode}`})`;
      const want = {
        conclusion: exitCode === 0 ? 'success' : 'failure',
        status: exitCode === 0 ? 'succeeded' : 'failed',
        exit_code: String(exitCode),
        result: oom ? '' : `result ${i}`,
        post: 'success',
      };
      const got = {
        conclusion: result.main.conclusion,
        status: result.outputs.status,
        exit_code: result.outputs.exit_code,
        result: result.outputs.result,
        post: result.post?.conclusion,
      };
      if (JSON.stringify(want) === JSON.stringify(got)) r.correct++;
      else
        r.problems.push(
          `${label}: wanted ${JSON.stringify(want)}, got ${JSON.stringify(got)}\n${result.main.timeline
            .map((l) => `${(l.t / 1000).toFixed(1)} ${l.line}`)
            .filter((l) => !/ (tick|line) \d+$/.test(l))
            .slice(-40)
            .join('\n')}\n${(result.post?.log ?? []).join('\n')}`,
        );
      const expected = [
        ...Array.from({ length: ticks }, (_, k) => `tick ${k + 1}`),
        ...Array.from({ length: lines }, (_, k) => `line ${k + 1}`),
      ];
      countLines(r, result.main.log, expected, label);
      if (oom && !result.main.annotations.some((a) => /Killed by signal 9 \(SIGKILL\)/.test(a.message)))
        r.problems.push(`${label}: the signal is not reported`);
      const seen = secretBytesIn(visible(result), [token, org]);
      if (seen) r.problems.push(`${label}: ${seen} secret bytes visible`);
      r.secretBytesSeen += seen;
      const quota = quotaLines(result);
      if (quota.length) r.problems.push(`${label}: quota error surfaced: ${quota[0]}`);
      r.quotaSurfaced += quota.length;
    });
    const left = leftCount(emulator);
    r.left = left.total;
    if (left.total) r.problems.push(`left behind: ${left.detail}`);
    const calls = [...emulator.calls.values()].reduce((a, b) => a + b, 0);
    r.notes.push(
      `faults: seed ${seed}; each of ${calls} RPCs failed with probability ${Math.round(errorRate * 100)} % (UNAVAILABLE, INTERNAL, DEADLINE_EXCEEDED after taking effect, RESOURCE_EXHAUSTED), ${Math.round(cutRate * 100)} % of tail responses followed by a cut, +${latencyMs} ms per RPC; ${options.concurrency} runs at a time`,
    );
    if (options.behaviours) r.notes.push(`faults: ${behaviourNote(emulator, afterExits)}`);
  } finally {
    await emulator.stop();
  }
  r.durationMs = Date.now() - started;
  return r;
}
