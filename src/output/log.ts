// The action's own messages. Some are workflow commands (warnings, errors, groups) and must not be
// printed inside the stop-commands block around untrusted output, so each closes it first.
import * as core from '@actions/core';
import { untrusted } from './fence.ts';

export const log = {
  info(message: string): void {
    untrusted.close();
    core.info(message);
  },
  warning(message: string): void {
    untrusted.close();
    core.warning(message);
  },
  notice(message: string): void {
    untrusted.close();
    core.notice(message);
  },
  debug(message: string): void {
    untrusted.close();
    core.debug(message);
  },
  fail(message: string): void {
    untrusted.close();
    core.setFailed(message);
  },
  async group<T>(name: string, work: () => Promise<T>): Promise<T> {
    untrusted.close();
    core.startGroup(name);
    try {
      return await work();
    } finally {
      untrusted.close();
      core.endGroup();
    }
  },
};
