// Suite 3, concurrency under quotas: many runs started at once (as a matrix starts them) against
// Google's default quotas (10 live-tail sessions and 60 log reads a minute per project, 600 Secret
// Manager writes a minute). Every run must succeed with its whole log, no quota error may reach
// the user, and the project's Secret Manager writes and Logging reads must stay within their
// per-minute limits (measured from the emulator's call log, refused calls included).
import { randomBytes } from 'node:crypto';
import type { GoogleBehaviours } from '../emulator/behaviours.ts';
import { defaultQuotas } from '../emulator/quotas.ts';
import { runAgent, startFixture } from '../e2e/fixtures.ts';
import {
  afterExit,
  behaviourNote,
  countLines,
  leftCount,
  maxPerWindow,
  newResult,
  quotaLines,
  recordMemory,
  secretBytesIn,
  visible,
  type AfterExit,
  type SuiteResult,
} from './common.ts';

export interface QuotaOptions {
  runs: number;
  ingestionLagMs?: number;
  /** Google's documented behaviours to switch on in the emulator. */
  behaviours?: GoogleBehaviours;
}

const secretWrites = new Set([
  'CreateSecret',
  'AddSecretVersion',
  'DeleteSecret',
  'UpdateSecret',
  'DestroySecretVersion',
  'DisableSecretVersion',
  'EnableSecretVersion',
]);
const listReads = new Set(['ListLogEntries']);
/** With `tailCountsAsRead`, every TailLogEntries call is a read request too. */
const listAndTailReads = new Set(['ListLogEntries', 'TailLogEntries']);

export async function quotaSuite(options: QuotaOptions): Promise<SuiteResult> {
  const r = newResult('concurrency under quotas');
  const started = Date.now();
  const fixture = await startFixture({
    ingestionLagMs: options.ingestionLagMs ?? 2000,
    behaviours: options.behaviours,
  });
  const loggingReads = options.behaviours?.tailCountsAsRead ? listAndTailReads : listReads;
  const { emulator } = fixture;
  const afterExits: AfterExit[] = [];
  try {
    const ticks = 40;
    const lines = 100;
    await Promise.all(
      Array.from({ length: options.runs }, async (_, i) => {
        const secrets = {
          AL_SECRET_api__default__token: `tok-${randomBytes(16).toString('hex')}`,
          AL_SECRET_api__default__org: `org-${randomBytes(10).toString('hex')}`,
          AL_SECRET_git_ssh__botty__id_rsa: `-----BEGIN KEY-----\n${randomBytes(30).toString('base64')}\n${randomBytes(30).toString('base64')}\n-----END KEY-----\n`,
          AL_SECRET_git_ssh__botty__username: `bot-${randomBytes(8).toString('hex')}`,
        };
        const result = await runAgent(fixture, {
          inputs: {
            agent: `matrix-${i}`,
            credentials: 'api, git_ssh:botty',
            env: [
              `AGENT_SCRIPT=i=0; while [ $i -lt ${ticks} ]; do i=$((i+1)); echo "tick $i"; sleep 0.2; done`,
              `AGENT_LINES=${lines}`,
              `AGENT_RESULT=matrix ${i}`,
            ].join('\n'),
          },
          env: secrets,
        });
        r.runs++;
        recordMemory(r, result);
        const exited = afterExit(result.main);
        if (exited) afterExits.push(exited);
        const label = `run ${i}`;
        const got = {
          conclusion: result.main.conclusion,
          status: result.outputs.status,
          exit_code: result.outputs.exit_code,
          result: result.outputs.result,
          post: result.post?.conclusion,
        };
        const want = {
          conclusion: 'success',
          status: 'succeeded',
          exit_code: '0',
          result: `matrix ${i}`,
          post: 'success',
        };
        if (JSON.stringify(got) === JSON.stringify(want)) r.correct++;
        else
          r.problems.push(
            `${label}: got ${JSON.stringify(got)}\n${result.main.timeline
              .map((l) => `${(l.t / 1000).toFixed(1)} ${l.line}`)
              .filter((l) => !/ (tick|line) \d+$/.test(l))
              .slice(-30)
              .join('\n')}`,
          );
        countLines(
          r,
          result.main.log,
          [
            ...Array.from({ length: ticks }, (_, k) => `tick ${k + 1}`),
            ...Array.from({ length: lines }, (_, k) => `line ${k + 1}`),
          ],
          label,
        );
        const values = Object.values(secrets).flatMap((v) => [
          v,
          ...v.split('\n').filter((l) => l.length >= 12),
        ]);
        const seen = secretBytesIn(visible(result), values);
        if (seen) r.problems.push(`${label}: ${seen} secret bytes visible`);
        r.secretBytesSeen += seen;
        const quota = quotaLines(result);
        if (quota.length) r.problems.push(`${label}: quota error surfaced: ${quota[0]}`);
        r.quotaSurfaced += quota.length;
      }),
    );
    const left = leftCount(emulator);
    r.left = left.total;
    if (left.total) r.problems.push(`left behind: ${left.detail}`);

    const writes = maxPerWindow(emulator.callLog, secretWrites);
    const reads = maxPerWindow(emulator.callLog, loggingReads);
    const writeLimit = defaultQuotas.secretWritesPerMinute;
    const readLimit = defaultQuotas.loggingReadsPerMinute;
    if (writes > writeLimit)
      r.problems.push(`Secret Manager writes peaked at ${writes} a minute (limit ${writeLimit})`);
    if (reads > readLimit) r.problems.push(`Logging reads peaked at ${reads} a minute (limit ${readLimit})`);
    const refused = Object.fromEntries(emulator.quotas.exceeded);
    for (const quota of ['secretWritesPerMinute', 'addVersionPerSecondPerSecret', 'loggingReadsPerMinute']) {
      if (refused[quota]) r.problems.push(`${refused[quota]} calls refused by ${quota}`);
    }
    r.notes.push(
      `concurrency: ${options.runs} runs at once, default quotas; peak a minute: Secret Manager writes ${writes}/${writeLimit}, Logging reads${loggingReads.has('TailLogEntries') ? ' (tail calls included)' : ''} ${reads}/${readLimit}; live-tail sessions refused (and retried) ${refused.tailSessions ?? 0} times; refusals by other quotas ${Object.entries(
        refused,
      )
        .filter(([k]) => k !== 'tailSessions')
        .reduce((n, [, v]) => n + v, 0)}`,
    );
    if (options.behaviours) r.notes.push(`concurrency: ${behaviourNote(emulator, afterExits)}`);
  } finally {
    await emulator.stop();
  }
  r.durationMs = Date.now() - started;
  return r;
}
