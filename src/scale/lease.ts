// A scale slot is a lease: a Secret Manager secret with a fixed id, made only if absent, that
// expires on its own and carries no version (so it holds nothing and costs nothing). Why it is safe:
//   - CreateSecret of an id that exists is ALREADY_EXISTS ("secret_id ... must be unique within
//     the project", service.proto), so one run at a time holds a slot: at most `limit` hold a family;
//   - a slot is removed only by Google at its expiry, or by a delete that names the etag its remover
//     read (a mismatch is FAILED_PRECONDITION: https://cloud.google.com/secret-manager/docs/etags),
//     so a run never deletes a slot that changed hands or was renewed since it looked;
//   - just before CreateJob the holder binds its slot to the job with an etag-checked UpdateSecret,
//     which also resets its expiry to the job's timeout plus a margin: past that the execution it
//     guards has ended whatever happened to the runner. A run whose slot was taken from it (expired
//     during a long preparation) finds out there, before it creates the job.
// A slot expires in every case: a run that dies while holding one leaks nothing.
import type { Cloud } from '../google/connect.ts';
import { Code, errorCode } from '../google/errors.ts';
import { explainLocationPolicy } from '../google/locations.ts';
import { finished } from '../job/outcome.ts';
import { annotationKeys, labelKeys } from '../shared/ownership.ts';
import { slotId, slotOf, type Family, type JobState, type Slot } from './slots.ts';

/** What a run writes on every slot it takes. */
export interface Claim {
  /** A random id of this run, on the slot: how it knows its own. */
  holder: string;
  /** The run's labels (managed-by, agent, repository, run): reap finds slots with them. */
  labels: Record<string, string>;
  /** The run's annotations (repository, run id, attempt): who holds the slot, for waiting runs. */
  annotations: Record<string, string>;
  /** Replica locations, as the run's secrets (none: automatic replication). */
  locations: readonly string[];
}

/** A slot this run holds, with the etag of its last write. */
export interface Held {
  family: Family;
  k: number;
  name: string;
  etag: string;
}

/** Every slot of the family that exists now. */
export async function listSlots(cloud: Cloud, family: Family): Promise<Slot[]> {
  const secrets = await cloud.secrets.list(`labels.${labelKeys.scale}=${family.label}`);
  return secrets.flatMap((secret) => slotOf(secret, family) ?? []);
}

const annotationsOf = (claim: Claim, ttlSeconds: number, job?: string): Record<string, string> => ({
  ...claim.annotations,
  [annotationKeys.holder]: claim.holder,
  [annotationKeys.ttl]: String(ttlSeconds),
  ...(job && { [annotationKeys.job]: job }),
});

/** Takes slot k if nobody holds it: the slot held, or undefined when it is taken. */
export async function tryTake(
  cloud: Cloud,
  family: Family,
  k: number,
  claim: Claim,
  ttlSeconds: number,
): Promise<Held | undefined> {
  const labels = { ...claim.labels, [labelKeys.scale]: family.label };
  const secret = await cloud.secrets
    .createIfAbsent(slotId(family, k), labels, annotationsOf(claim, ttlSeconds), ttlSeconds, claim.locations)
    .catch((error: unknown) => {
      throw explainLocationPolicy(error, claim.locations);
    });
  return secret && { family, k, name: secret.name!, etag: secret.etag ?? '' };
}

/**
 * Binds a held slot to the job about to be created and gives it `ttlSeconds` from now: the slot as
 * bound, or undefined when it is no longer this run's (expired, or reclaimed and taken since).
 */
export async function bind(
  cloud: Cloud,
  held: Held,
  claim: Claim,
  job: string,
  ttlSeconds: number,
): Promise<Held | undefined> {
  const secret = await cloud.secrets.updateIf(held, annotationsOf(claim, ttlSeconds, job), ttlSeconds);
  return secret && { ...held, etag: secret.etag ?? '' };
}

/** Cloud Run's word on a slot's job: its executions, or that it is gone. */
export async function jobState(cloud: Cloud, job: string): Promise<JobState> {
  try {
    const executions = await cloud.run.listExecutions(job);
    if (!executions.length) return 'starting';
    return executions.every((execution) => finished(execution)) ? 'ended' : 'running';
  } catch (error) {
    if (errorCode(error) === Code.NOT_FOUND) return 'gone';
    throw error;
  }
}

/**
 * Deletes a stale slot, as it was read (its etag): false when it changed meanwhile (its holder
 * renewed it, or another run reclaimed it first). Gone already counts as done.
 */
export async function reclaim(cloud: Cloud, slot: Slot): Promise<boolean> {
  try {
    await cloud.secrets.delete(slot.name, { attempts: 3 }, slot.etag);
    return true;
  } catch (error) {
    if (errorCode(error) === Code.NOT_FOUND) return true;
    if (errorCode(error) === Code.FAILED_PRECONDITION) return false;
    throw error;
  }
}

/**
 * Gives back a slot this run may hold: read, and deleted (at the etag read) only when its holder is
 * this run. Resolves to what happened, for the log; NOT_FOUND means it expired or was reclaimed.
 */
export async function release(cloud: Cloud, name: string, holder: string): Promise<'released' | 'not ours'> {
  for (let tries = 0; tries < 3; tries++) {
    const secret = await cloud.secrets.get(name).catch((error: unknown) => {
      if (errorCode(error) === Code.NOT_FOUND) return undefined;
      throw error;
    });
    if (secret?.annotations?.[annotationKeys.holder] !== holder) return 'not ours';
    try {
      await cloud.secrets.delete(name, undefined, secret.etag ?? undefined);
      return 'released';
    } catch (error) {
      if (errorCode(error) === Code.NOT_FOUND) return 'released'; // an earlier attempt, or its expiry
      // Changed since it was read (only its holder, this run, changes a slot): read it again.
      if (errorCode(error) !== Code.FAILED_PRECONDITION) throw error;
    }
  }
  return 'not ours';
}
