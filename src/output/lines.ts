// Untrusted text made harmless to display, line by line: split on `\r` as well as `\n` (the runner
// splits on both), credentials hidden (redact.ts), control characters shown, not emitted, and long
// lines cut. The lines are untrusted all the same: they are printed inside the fence (fence.ts).
import { redact } from './redact.ts';

/** Longest line mirrored; Cloud Logging entries can reach 256 KB and the runner chokes on huge lines. */
export const maxLineLength = 16 * 1024;

/** Splits like the runner (on \r and \n), and makes each line harmless to display. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => cleanLine(redact(line)));
}

function cleanLine(line: string): string {
  // Keep colour (SGR) escapes, show every other control character instead of emitting it.
  const cleaned = line.replace(
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    /\x1b(?!\[[0-9;]*m)|[\x00-\x08\x0b-\x1a\x1c-\x1f\x7f]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
  if (cleaned.length <= maxLineLength) return cleaned;
  return `${cleaned.slice(0, maxLineLength)} … [line truncated: ${cleaned.length - maxLineLength} more characters]`;
}
