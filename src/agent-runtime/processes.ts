// Stopping what the agent's tools started. Upstream's bash tool starts each command in a process
// group of its own, and its timeout only disposes the model session, so a command that ignores
// it runs on; the entry finds such processes by their parent links in /proc.
import fs from 'node:fs';

/** Every live descendant of `root`, children before grandchildren. */
export function descendantsOf(root: number, proc = '/proc'): number[] {
  const children = new Map<number, number[]>();
  for (const name of safeReaddir(proc)) {
    if (!/^\d+$/.test(name)) continue;
    const ppid = parentOf(`${proc}/${name}/stat`);
    if (ppid === undefined) continue;
    children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length) {
    for (const child of children.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** Sends SIGKILL to every descendant of `root`; returns how many there were. */
export function killDescendants(root: number): number {
  const pids = descendantsOf(root);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  return pids.length;
}

// /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses.
function parentOf(statFile: string): number | undefined {
  try {
    const stat = fs.readFileSync(statFile, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[1]);
  } catch {
    return undefined;
  }
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}
