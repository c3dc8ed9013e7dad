// The agent's scale across workflow runs, as pure decisions: the families of slots a run must hold
// (the agent's, then the project's), the order it tries free slots in, whether a slot's holder is
// done (stale), and the lines a waiting or skipped run prints. No I/O: src/scale/lease.ts and
// queue.ts do the calls. Unit-tested in test/unit/scale/slots.test.ts.
import { createHash } from 'node:crypto';
import type { Scale } from '../project/config.ts';
import { formatDuration } from '../shared/durations.ts';
import { slug } from '../shared/names.ts';
import { annotationKeys, labelKeys, managedBy, runOf, runText, type RunRef } from '../shared/ownership.ts';

/** The slots of one limit: slot k (1..limit) is the Secret Manager secret `<prefix>-<k>`. */
export interface Family {
  kind: 'agent' | 'project';
  agent: string;
  limit: number;
  /** Where the limit came from, for messages. */
  source: string;
  prefix: string;
  /** The value of the `al-scale` label every slot of the family carries (ListSecrets filters on it). */
  label: string;
}

/**
 * The families a run of `agent` holds, in the one order every run takes them (the agent's first,
 * then the project's), so no two runs each hold what the other waits for. A family is per Google
 * Cloud project (Secret Manager's ids are), region and repository: the same agent name in two
 * repositories is two agents. None when the agent has no config.toml (nothing sets a scale).
 */
export function families(
  scale: Scale | undefined,
  agent: string,
  where: { region: string; repository: string },
): Family[] {
  if (!scale) return [];
  const family = (kind: Family['kind'], limit: number, source: string): Family => {
    const key = [where.region, where.repository, kind, kind === 'agent' ? agent : ''].join('\n');
    const hash = createHash('sha256').update(key).digest('hex').slice(0, 12);
    const readable = slug(
      `${where.region}-${where.repository}-${kind === 'agent' ? `agent-${agent}` : 'project'}`,
    );
    // Secret ids: at most 255 letters, digits, "-" and "_"; the hash keeps a cut one unique.
    const prefix = `cra-scale-${readable.slice(0, 200)}-${hash}`;
    // A label value that starts with a letter reads as text in any ListSecrets filter.
    return { kind, agent, limit, source, prefix, label: `scale-${hash}` };
  };
  const agentFamily = family('agent', scale.agent, scale.agentSource);
  if (scale.project === undefined) return [agentFamily];
  return [agentFamily, family('project', scale.project, scale.projectSource ?? 'config.toml')];
}

export const slotId = (family: Family, k: number): string => `${family.prefix}-${k}`;

/** The slot number of a secret of the family, or undefined when it is none of its slots 1..limit. */
export function slotNumber(family: Family, secretName: string): number | undefined {
  const id = secretName.split('/').pop() ?? '';
  if (!id.startsWith(`${family.prefix}-`)) return undefined;
  const k = Number(id.slice(family.prefix.length + 1));
  return Number.isInteger(k) && k >= 1 && k <= family.limit ? k : undefined;
}

/**
 * The free slots, in the order to try them: from `start` (different for every run) round to 1, so
 * that runs waiting together try different slots first rather than all racing for slot 1.
 */
export function freeSlots(limit: number, taken: ReadonlySet<number>, start: number): number[] {
  const first = ((((start - 1) % limit) + limit) % limit) + 1;
  const order = Array.from({ length: limit }, (_, i) => ((first - 1 + i) % limit) + 1);
  return order.filter((k) => !taken.has(k));
}

/** A slot as a waiting run sees it (from ListSecrets or GetSecret). */
export interface Slot {
  name: string;
  k: number;
  etag: string;
  holder?: string;
  /** The workflow run holding it (its annotations). */
  run?: RunRef;
  /** The job whose execution it guards, once the holder has named it (just before CreateJob). */
  job?: string;
  expireMs?: number;
  /** When the holder last wrote it: its expiry less the ttl it gave (the server's clock). */
  sinceMs?: number;
}

// A job's full name, as a holder writes it: anything else (a hand-edited annotation) is ignored, and
// never printed.
const jobPattern = /^projects\/[a-z0-9-]+\/locations\/[a-z0-9-]+\/jobs\/[a-z][a-z0-9-]{0,62}$/;

type Time = { seconds?: unknown; nanos?: unknown } | null | undefined;
const ms = (time: Time): number | undefined =>
  time?.seconds === undefined || time.seconds === null
    ? undefined
    : Number(time.seconds) * 1000 + Number(time.nanos ?? 0) / 1e6;

interface SecretView {
  name?: string | null;
  etag?: string | null;
  labels?: Record<string, string> | null;
  annotations?: Record<string, string> | null;
  expireTime?: Time;
  createTime?: Time;
}

/**
 * Whether a secret is a scale slot, so that reap may judge it: the managed-by and al-scale labels,
 * and an id made by families() (never a run's credential secret, whose ids start with al-).
 */
export const isScaleSlot = (secret: SecretView): boolean =>
  secret.labels?.[managedBy.key] === managedBy.value &&
  Boolean(secret.labels?.[labelKeys.scale]) &&
  /^cra-scale-[a-z0-9-]+-\d+$/.test((secret.name ?? '').split('/').pop() ?? '');

/** A slot from the secret Google returned (of `family`, when given: its slots 1..limit only). */
export function slotOf(secret: SecretView, family?: Family): Slot | undefined {
  const k = family
    ? slotNumber(family, secret.name ?? '')
    : Number(/-(\d+)$/.exec(secret.name ?? '')?.[1] ?? NaN);
  if (k === undefined || !Number.isInteger(k)) return undefined;
  const annotations = secret.annotations ?? {};
  const expireMs = ms(secret.expireTime);
  const ttl = Number(annotations[annotationKeys.ttl]);
  const since = expireMs !== undefined && ttl > 0 ? expireMs - ttl * 1000 : ms(secret.createTime);
  return {
    name: secret.name!,
    k,
    etag: secret.etag ?? '',
    holder: annotations[annotationKeys.holder],
    run: runOf(annotations),
    job: jobPattern.test(annotations[annotationKeys.job] ?? '') ? annotations[annotationKeys.job] : undefined,
    expireMs,
    sinceMs: since,
  };
}

/**
 * What Cloud Run says of a slot's job: `gone` (NOT_FOUND), `starting` (no execution yet),
 * `running` (an execution not finished) or `ended` (every execution finished).
 */
export type JobState = 'gone' | 'starting' | 'running' | 'ended';

/**
 * How long after a holder named its job a job with no execution still counts as starting:
 * CreateJob and its retries are sent within 3 minutes of that (a 120 s retry deadline and a 60 s
 * attempt), and Cloud Run starts the execution a start token names once the job is ready.
 */
export const startGraceMs = 10 * 60_000;

/**
 * Why a slot is free for the taking although its secret exists, or undefined while its holder may
 * still be running. Counted from Cloud Run's own state: a slot guards its job's execution, so it is
 * stale once that execution has ended, or when the job has no execution well after it was named.
 * A slot whose holder has named no job (it is preparing its image and secrets) is stale only once
 * expired: its ttl bounds the preparation.
 */
export function staleness(slot: Slot, job: JobState | undefined, now: number): string | undefined {
  if (slot.expireMs !== undefined && slot.expireMs <= now) return 'its lease expired';
  if (!slot.job || !job) return undefined;
  if (job === 'ended') return 'its execution has ended';
  if (job === 'running') return undefined;
  const named = slot.sinceMs ?? now;
  if (now - named < startGraceMs) return undefined;
  return job === 'gone'
    ? `its job no longer exists (${formatDuration((now - named) / 1000)} after it was named)`
    : `its job started no execution in ${formatDuration((now - named) / 1000)}`;
}

/** Whether a slot's staleness depends on Cloud Run's answer (it names a job and has not expired). */
export const asksCloudRun = (slot: Slot, now: number): boolean =>
  Boolean(slot.job) && !(slot.expireMs !== undefined && slot.expireMs <= now);

// ---- What a waiting or skipped run prints. Only what the annotations say: the holder's
// repository, run and attempt, and its job; never a credential (a slot holds none).

const jobId = (job: string): string => job.split('/').pop() ?? job;

/** "octo-org/octo-repo run 123 (attempt 2), job al-x-…, running" for one slot. */
export function holderText(slot: Slot, job?: JobState): string {
  const who = slot.run ? runText(slot.run) : 'a run outside GitHub Actions';
  if (!slot.job) return `${who}, preparing its job`;
  const what = job === 'running' ? ', running' : job === 'starting' ? ', starting' : '';
  return `${who}, job ${jobId(slot.job)}${what}`;
}

const limitText = (family: Family): string =>
  family.kind === 'agent'
    ? `Agent ${family.agent} already runs at its scale of ${family.limit} (${family.source})`
    : `The project's agents already run at its scale of ${family.limit} (${family.source})`;

const holdersText = (slots: Slot[], jobs: ReadonlyMap<string, JobState>): string =>
  slots
    .slice()
    .sort((a, b) => a.k - b.k)
    .map((slot) => `slot ${slot.k}: ${holderText(slot, jobs.get(slot.name))}`)
    .join('; ');

/**
 * The line a run prints when it starts waiting (`first`), when the holders change, and now and then.
 * A slot taken a moment ago may not be listed yet: its holder is named in a later line.
 */
export function waitingLine(
  family: Family,
  slots: Slot[],
  jobs: ReadonlyMap<string, JobState>,
  waited: { seconds: number; first: boolean },
  queueTimeoutSeconds: number,
): string {
  const left = Math.max(0, queueTimeoutSeconds - waited.seconds);
  const when = waited.first
    ? `waiting up to ${formatDuration(queueTimeoutSeconds)} (queue_timeout) for a slot`
    : `still waiting, ${formatDuration(waited.seconds)} so far, ${formatDuration(left)} left`;
  return `${limitText(family)}: ${when}. Held by ${holdersText(slots, jobs) || 'runs that took the slots a moment ago'}.`;
}

/** Why a run that found no slot within `queue_timeout` is skipped, and what to change (the caller says what it leaves). */
export function skipMessage(
  family: Family,
  slots: Slot[],
  jobs: ReadonlyMap<string, JobState>,
  queueTimeoutSeconds: number,
): string {
  const holders = holdersText(slots, jobs);
  const raise =
    family.kind === 'agent'
      ? `raise "scale" in agents/${family.agent}/config.toml (or "defaultAgentScale" in config.toml)`
      : 'raise "scale" in config.toml';
  return (
    `Skipped: ${limitText(family)} and no slot freed within queue_timeout (${formatDuration(queueTimeoutSeconds)}). ` +
    `${holders ? `Held by ${holders}. ` : ''}To run more at once, ${raise}; to wait longer, raise "queue_timeout".`
  );
}

/** An agent with `scale = 0`, which upstream's scheduler does not run (dispatch refuses it). */
export const disabledMessage = (agent: string, source: string): string =>
  `Skipped: agent ${agent} is disabled (scale = 0, ${source}); Action Llama runs no agent with scale 0, and neither does this action. Set a scale of 1 or more to run it.`;
