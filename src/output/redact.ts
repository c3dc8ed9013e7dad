// Credential text, hidden by the action itself. The runner masks exact occurrences only, so a value
// cut by truncation, or shown with its control characters escaped, would slip past it: hiding
// happens first, on the line as the agent printed it (see lines.ts).
let hidden: string[] = [];

/** Hides these values (each line of each credential) in every line rendered from now on. */
export function hideInOutput(values: Iterable<string>): void {
  // Longest first: a value that contains another is hidden whole.
  hidden = [...new Set([...hidden, ...values].filter(Boolean))].sort((a, b) => b.length - a.length);
}

export function redact(text: string): string {
  for (const value of hidden) if (text.includes(value)) text = text.replaceAll(value, '***');
  return text;
}
