// The hand-written event payloads of test/fixtures/events/, in GitHub's documented webhook shapes.
// A file is named <Actions event name>.<case>.json.
import fs from 'node:fs';
import path from 'node:path';
import type { GitHubPayload } from '../../src/github/context.ts';

export const fixtures = path.resolve(import.meta.dirname, '../fixtures/events');

export const events = fs
  .readdirSync(fixtures)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => {
    const at = path.join(fixtures, file);
    return {
      file,
      /** GITHUB_EVENT_NAME of a workflow run on it. */
      name: file.split('.')[0]!,
      path: at,
      payload: JSON.parse(fs.readFileSync(at, 'utf8')) as GitHubPayload,
    };
  });
