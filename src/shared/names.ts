// Names Google accepts: job ids, secret ids, label keys and values. Pure functions, unit-tested.
import { createHash, randomInt } from 'node:crypto';

const shortHash = (text: string, length = 6): string =>
  createHash('sha256').update(text).digest('hex').slice(0, length);

/**
 * Lowercase letters, digits and single hyphens, no hyphen at either end: the alphabet Cloud Run job
 * ids and Secret Manager ids share. Returns '' when nothing usable is left.
 */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * The length of the start token: CreateJob starts the execution `<job id>-<token>` itself
 * (Job.start_execution_token), and "the sum of job name and token length must be fewer than 63
 * characters" (job.proto). Five characters, as the suffix RunJob gives its executions.
 */
export const startTokenLength = 5;
/** Job ids leave room for the token and its hyphen: the execution id stays within 63 characters. */
export const maxJobIdLength = 63 - 1 - startTokenLength;

/**
 * `al-<agent>-<run key>`, a valid Cloud Run job id: lowercase letters, digits and hyphens, starting
 * with a letter, not ending with a hyphen, at most `maxJobIdLength` (57) characters, so that job id
 * and start token stay under Google's 63. The run key makes it unique, so the agent part may be
 * shortened freely; the original name is kept in an annotation.
 * https://cloud.google.com/run/docs/reference/rest/v2/projects.locations.jobs/create
 */
export function jobId(agent: string, runKey: string): string {
  const room = maxJobIdLength - 'al--'.length - runKey.length;
  const agentPart = slug(agent).slice(0, room).replace(/-+$/, '');
  return `al-${agentPart}-${runKey}`;
}

/**
 * A start token: `startTokenLength` lowercase letters and digits, random. The job id already makes
 * the run unique; a random token also keeps it unique where Google might compare tokens more widely.
 */
export function startToken(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from({ length: startTokenLength }, () => alphabet[randomInt(alphabet.length)]).join('');
}

/** The execution a start token names (job.proto's "suffix"; seen as `<job>-<token>` in Google's errors). */
export const executionId = (jobId: string, token: string): string => `${jobId}-${token}`;

/** A label value: lowercase letters, digits, `_` and `-`, at most 63 characters. */
export function labelValue(text: string): string {
  const cleaned = text.toLowerCase().replace(/[^a-z0-9_-]+/g, '-');
  return cleaned.length <= 63 ? cleaned : `${cleaned.slice(0, 56)}-${shortHash(text)}`;
}

const labelKeyPattern = /^[a-z][a-z0-9_-]{0,62}$/;
const labelValuePattern = /^[a-z0-9_-]{0,63}$/;

/** Why a user-supplied label is not valid, or undefined when it is. https://cloud.google.com/run/docs/configuring/labels */
export function labelProblem(key: string, value: string): string | undefined {
  if (!labelKeyPattern.test(key)) {
    return `label key "${key}" must start with a lowercase letter and hold at most 63 lowercase letters, digits, "_" or "-"`;
  }
  if (!labelValuePattern.test(value)) {
    return `label value for "${key}" must hold at most 63 lowercase letters, digits, "_" or "-"`;
  }
  return undefined;
}
