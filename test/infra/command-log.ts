// Counts the docker and npm commands a run starts: a folder of shims put first on the step's
// PATH, each appending its name and arguments to a log file, then running the real command. It
// measures what the action does, not what it says it does.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface CommandLog {
  /** The step's PATH: the shims first, then the machine's. */
  env: { PATH: string };
  /** The commands started since the log was made (or last cleared), e.g. `docker build …`. */
  commands(): string[];
  count(name: 'docker' | 'npm'): number;
  clear(): void;
}

export function commandLog(names: readonly string[] = ['docker', 'npm']): CommandLog {
  const dir = mkdtempSync(join(tmpdir(), 'cra-shims-'));
  const log = join(dir, 'commands.log');
  writeFileSync(log, '');
  for (const name of names) {
    const real = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
    const shim = join(dir, name);
    writeFileSync(shim, `#!/bin/sh\necho "${name} $*" >> '${log}'\nexec '${real}' "$@"\n`);
    chmodSync(shim, 0o755);
  }
  const commands = () => readFileSync(log, 'utf8').split('\n').filter(Boolean);
  return {
    env: { PATH: [dir, process.env.PATH ?? ''].join(delimiter) },
    commands,
    count: (name) => commands().filter((line) => line.startsWith(`${name} `)).length,
    clear: () => writeFileSync(log, ''),
  };
}
