// The runner's file commands (FileCommandManager.cs): GITHUB_OUTPUT, GITHUB_STATE and GITHUB_ENV
// hold `NAME=value` lines or `NAME<<DELIMITER` heredocs, read after the step's process exits.

export interface FileCommands {
  values: Record<string, string>;
  error?: string; // the runner stops at the first bad line (keeping earlier values) and fails the step
}

/** Parses one file command's text (EnvFileKeyValuePairs): lines end at \n only, on Linux. */
export function parseFileCommands(text: string): FileCommands {
  const values: Record<string, string> = {};
  let index = 0;
  const readLine = (): { line: string; newline: boolean } | undefined => {
    if (index >= text.length) return undefined;
    const start = index;
    const lf = text.indexOf('\n', index);
    index = lf < 0 ? text.length : lf + 1;
    return { line: text.slice(start, lf < 0 ? text.length : lf), newline: lf >= 0 };
  };

  try {
    for (let next = readLine(); next; next = readLine()) {
      const { line } = next;
      if (line === '') continue;
      const equals = line.indexOf('=');
      const heredoc = line.indexOf('<<');
      if (equals >= 0 && (heredoc < 0 || equals < heredoc)) {
        values[line.slice(0, equals)] = line.slice(equals + 1);
        continue;
      }
      if (heredoc < 0) throw new Error(`Invalid format '${line}'`);
      const name = line.slice(0, heredoc);
      const delimiter = line.slice(heredoc + 2);
      if (name === '' || delimiter === '') {
        throw new Error(`Invalid format '${line}'. Name must not be empty and delimiter must not be empty`);
      }
      const start = index;
      let end = index;
      for (let body = readLine(); body?.line !== delimiter; body = readLine()) {
        if (!body) throw new Error(`Invalid value. Matching delimiter not found '${delimiter}'`);
        if (!body.newline) throw new Error('Invalid value. EOF marker missing new line.');
        end = index - 1;
      }
      values[name] = text.slice(start, end);
    }
  } catch (err) {
    return { values, error: (err as Error).message };
  }
  return { values };
}
