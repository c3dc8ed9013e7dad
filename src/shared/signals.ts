// The structured lines a project-mode agent container prints for the action to read, in Action
// Llama's log shape ({"_log":true,"level":…,"msg":…,"ts":…}): agent-runtime/ prints them, the log
// mirror (log-mirror/printer.ts) reads them.
export const signals = {
  /** Upstream's return value line: `type: "return"`, `value` (≤1000 characters). */
  result: 'signal-result',
  /** This action's own: why the run failed (`reason`: the model's error, the timeout…), for `agent`. */
  failure: 'run-failed',
} as const;
