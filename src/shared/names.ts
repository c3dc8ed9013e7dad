// Names Google accepts: job ids, secret ids, label keys and values. Pure functions, unit-tested.
import { createHash } from 'node:crypto';

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
 * `al-<agent>-<run key>`, a valid Cloud Run job id: lowercase letters, digits and hyphens, starting
 * with a letter, not ending with a hyphen, at most 63 characters. The run key makes it unique, so
 * the agent part may be shortened freely; the original name is kept in an annotation.
 * https://cloud.google.com/run/docs/reference/rest/v2/projects.locations.jobs/create
 */
export function jobId(agent: string, runKey: string): string {
  const room = 63 - 'al--'.length - runKey.length;
  const agentPart = slug(agent).slice(0, room).replace(/-+$/, '');
  return `al-${agentPart}-${runKey}`;
}

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
