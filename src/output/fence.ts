// The fence around untrusted output. The container's output (and Docker's build output) is
// untrusted: a line such as `::set-output name=status::ok` or `##[add-mask]…` would be obeyed by
// the runner if printed as is. Every such line is printed inside a `::stop-commands::<token>` block
// with a fresh random token, so the runner processes none of it (lines.ts splits lines on `\r` as
// well as `\n` first, as the runner does).
import { randomBytes } from 'node:crypto';

/**
 * Prints untrusted lines inside a stop-commands block. The block opens with a fresh random token on
 * the first line and stays open for the lines that follow, so a burst costs two marker lines, not
 * two per line; it must be closed before the action prints a workflow command of its own (see log.ts).
 */
export function createFence(write: (text: string) => void) {
  let token: string | undefined;
  return {
    print(lines: string[]): void {
      if (!lines.length) return;
      if (!token) {
        token = randomBytes(16).toString('hex');
        write(`::stop-commands::${token}\n`);
      }
      const current = token;
      // The runner resumes on the token as a command name, in any case and either syntax; a line
      // that carries it (only a lucky guess could) loses it.
      const safe = lines.map((line) => line.replace(new RegExp(current, 'gi'), '[token]'));
      write(`${safe.join('\n')}\n`);
    },
    close(): void {
      if (!token) return;
      write(`::${token}::\n`);
      token = undefined;
    },
  };
}

export type Fence = ReturnType<typeof createFence>;

/** The fence around everything untrusted this process prints. */
export const untrusted: Fence = createFence((text) => process.stdout.write(text));
