// Waiting for a slot: a run takes a slot of each family in order (the agent's, then the project's),
// waiting while all are held, up to `queue_timeout` from when it first asked; then it gives back
// what it took and is skipped. A run first asks for one slot outright; then, while it waits, it
// polls the family's slots (ListSecrets, one read), takes a free one if any, else asks Cloud Run
// whether a holder's execution has ended and reclaims that slot (src/scale/slots.ts: staleness).
// Before CreateJob the held slots are bound to the job.
import { randomInt } from 'node:crypto';
import type { Cloud } from '../google/connect.ts';
import { pause } from '../shared/backoff.ts';
import { formatDuration } from '../shared/durations.ts';
import { bind, jobState, listSlots, reclaim, release, tryTake, type Claim, type Held } from './lease.ts';
import {
  asksCloudRun,
  freeSlots,
  holderText,
  skipMessage,
  slotId,
  staleness,
  waitingLine,
  type Family,
  type JobState,
  type Slot,
} from './slots.ts';

/**
 * A slot taken before the job is named lasts the wait still allowed plus this: long enough to
 * build the image and make the secrets. A run that dies meanwhile blocks its slot no longer; one
 * that takes longer finds its slot gone when it binds it, and asks again.
 */
export const prepareSeconds = 30 * 60;

/** A bound slot outlives the job's timeout by this much: the execution may wait to start. */
export const boundMarginSeconds = 30 * 60;

/** The waiting line is printed again, unchanged, this often. */
const remindMs = 120_000;
/** A holder's job is asked about again after this long (Cloud Run's reads are quota-limited). */
const recheckMs = 10_000;

export interface Queue {
  cloud: Cloud;
  claim: Claim;
  /** When the run first asked for a slot (ms since the epoch): `queue_timeout` counts from here. */
  since: number;
  timeoutSeconds: number;
  /** Cancellation: the wait ends (the SIGINT handler ends the process). */
  signal: AbortSignal;
  /** Saves a slot's name before it is asked for, so that post gives it back whatever happens. */
  remember(name: string): void;
  /** Drops a slot found taken by another run. */
  forget(name: string): void;
  /** A create already sent is let land before the process exits on SIGINT. */
  track<T>(work: Promise<T>): Promise<T>;
  say(line: string): void;
}

export type Taken = { held: Held[] } | { skipped: string };

/** A slot of each family, in their order; or why the run is skipped (having given back what it took). */
export async function takeSlots(queue: Queue, families: Family[]): Promise<Taken> {
  const held: Held[] = [];
  for (const family of families) {
    const result = await takeOne(queue, family);
    if ('skipped' in result) {
      await giveBack(queue, held);
      return result;
    }
    held.push(result.held);
  }
  return { held };
}

/** What one family's wait keeps between rounds. */
interface Wait {
  family: Family;
  /** Where this run starts trying free slots (see freeSlots). */
  start: number;
  /** Cloud Run's last word on each slot's job, by slot name, with the etag and time it was asked at. */
  jobs: Map<string, { etag: string; at: number; state: JobState }>;
  shown: string;
  shownAt: number;
}

async function takeOne(queue: Queue, family: Family): Promise<{ held: Held } | { skipped: string }> {
  const wait: Wait = {
    family,
    start: randomInt(1, family.limit + 1),
    jobs: new Map(),
    shown: '',
    shownAt: 0,
  };
  // Asked for outright first: while the family has a free slot, taking it costs one call, not a
  // list and a create (most runs never wait). A taken slot answers ALREADY_EXISTS: then as below.
  const first = await takeSlot(queue, family, wait.start);
  if (first) return { held: first };
  for (;;) {
    let slots = await listSlots(queue.cloud, family);
    let held = await takeFree(queue, wait, slots);
    // Free when listed, taken when asked for: listed again, so the wait names who took them.
    if (!held && slots.length < family.limit) slots = await listSlots(queue.cloud, family);
    held ??= await takeStale(queue, wait, slots);
    if (held) {
      if (wait.shown) queue.say(`Took slot ${held.k} after waiting ${formatDuration(waited(queue))}.`);
      return { held };
    }
    const states = new Map([...wait.jobs].map(([name, { state }]) => [name, state]));
    if (waited(queue) >= queue.timeoutSeconds)
      return { skipped: skipMessage(family, slots, states, queue.timeoutSeconds) };
    announce(queue, wait, slots, states);
    await pause(Math.min(pollMs(waited(queue)), leftMs(queue)), queue.signal);
    if (queue.signal.aborted) await new Promise(() => {}); // the SIGINT handler ends the process
  }
}

const waited = (queue: Queue): number => Math.floor((Date.now() - queue.since) / 1000);
const leftMs = (queue: Queue): number => Math.max(0, queue.since + queue.timeoutSeconds * 1000 - Date.now());

/** Often while the wait is young (runs are often short), then every 20 s at most (one read each). */
export const pollMs = (waitedSeconds: number): number =>
  Math.min(20_000, Math.max(2_000, waitedSeconds * 100)) * (0.75 + Math.random() / 2);

/** The waiting line, when the holders changed or a while has passed. */
function announce(queue: Queue, wait: Wait, slots: Slot[], states: ReadonlyMap<string, JobState>): void {
  const holders = slots
    .map((slot) => `${slot.name} ${slot.holder} ${slot.job} ${states.get(slot.name)}`)
    .sort()
    .join('\n');
  if (holders === wait.shown && Date.now() - wait.shownAt < remindMs) return;
  const first = !wait.shown;
  wait.shown = holders || 'none';
  wait.shownAt = Date.now();
  queue.say(waitingLine(wait.family, slots, states, { seconds: waited(queue), first }, queue.timeoutSeconds));
}

/** The first free slot this run manages to create. */
async function takeFree(queue: Queue, wait: Wait, slots: Slot[]): Promise<Held | undefined> {
  const taken = new Set(slots.map((slot) => slot.k));
  for (const k of freeSlots(wait.family.limit, taken, wait.start)) {
    const held = await takeSlot(queue, wait.family, k);
    if (held) return held;
  }
  return undefined;
}

/** Creates slot k for this run; its ttl covers the wait still allowed and the preparation. */
async function takeSlot(queue: Queue, family: Family, k: number): Promise<Held | undefined> {
  // Cancelled: nothing more is asked for (the SIGINT handler ends the process).
  if (queue.signal.aborted) await new Promise(() => {});
  queue.remember(slotId(family, k));
  const ttl = Math.ceil(leftMs(queue) / 1000) + prepareSeconds;
  const held = await queue.track(tryTake(queue.cloud, family, k, queue.claim, ttl));
  if (!held) queue.forget(slotId(family, k));
  return held;
}

/** A slot whose holder is done (Cloud Run says so, or it expired), reclaimed and taken. */
async function takeStale(queue: Queue, wait: Wait, slots: Slot[]): Promise<Held | undefined> {
  for (const slot of slots) {
    const state = asksCloudRun(slot, Date.now()) ? await askedCloudRun(queue, wait, slot) : undefined;
    const why = staleness(slot, state, Date.now());
    if (!why || !(await reclaim(queue.cloud, slot))) continue;
    queue.say(`Slot ${slot.k} was held by ${holderText(slot, state)}; ${why}: reclaimed.`);
    const held = await takeSlot(queue, wait.family, slot.k);
    if (held) return held;
  }
  return undefined;
}

/** Cloud Run's word on the slot's job, asked again only after `recheckMs` or a change of holder. */
async function askedCloudRun(queue: Queue, wait: Wait, slot: Slot): Promise<JobState> {
  const known = wait.jobs.get(slot.name);
  if (known && known.etag === slot.etag && Date.now() - known.at < recheckMs) return known.state;
  const state = await jobState(queue.cloud, slot.job!);
  wait.jobs.set(slot.name, { etag: slot.etag, at: Date.now(), state });
  return state;
}

/**
 * Binds the held slots to `job` just before it is created, each for the job's timeout plus a
 * margin. A slot lost meanwhile (its preparation outlived it) means asking again for all, in order,
 * within what is left of `queue_timeout` (one round at least).
 */
export async function bindSlots(
  queue: Queue,
  held: Held[],
  job: string,
  timeoutSeconds: number,
): Promise<Taken> {
  const ttl = timeoutSeconds + boundMarginSeconds;
  let current = held;
  for (let attempt = 1; ; attempt++) {
    const bound: Held[] = [];
    for (const slot of current) {
      const done = await bind(queue.cloud, slot, queue.claim, job, ttl);
      if (done) bound.push(done);
      else break;
    }
    if (bound.length === current.length) return { held: bound };
    if (attempt > 1)
      throw new Error('The scale slots this run took were lost again before its job was created.');
    queue.say(
      `A scale slot of this run expired while it prepared its job (more than ${prepareSeconds / 60} min): asking again.`,
    );
    await giveBack(queue, current);
    const again = await takeSlots(
      queue,
      current.map((slot) => slot.family),
    );
    if ('skipped' in again) return again;
    current = again.held;
  }
}

async function giveBack(queue: Queue, held: Held[]): Promise<void> {
  for (const slot of held.slice().reverse()) {
    await release(queue.cloud, slot.name, queue.claim.holder);
    queue.forget(slotId(slot.family, slot.k));
  }
}

/**
 * Gives back the slots a run recorded (post, or main once the execution has ended); returns what
 * could not be given back. A slot another run holds now is left alone.
 */
export async function releaseSlots(
  cloud: Cloud,
  project: string,
  slots: { holder: string; ids: string[] },
  say: (line: string) => void,
): Promise<string[]> {
  const failures: string[] = [];
  for (const id of slots.ids.slice().reverse()) {
    const name = `projects/${project}/secrets/${id}`;
    try {
      if ((await release(cloud, name, slots.holder)) === 'released') say(`Released scale slot ${id}`);
    } catch (error) {
      failures.push(`scale slot ${name}: ${(error as Error).message}`);
    }
  }
  return failures;
}
