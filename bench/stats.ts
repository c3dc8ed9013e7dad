// Summaries of benchmark samples: min, median and 95th percentile (nearest rank), and machine load.
import { readdirSync, readFileSync } from 'node:fs';

export interface Summary {
  n: number;
  min: number;
  median: number;
  p95: number;
}

/** Nearest-rank percentile of sorted values: the smallest value with at least p of them at or below it. */
function percentile(sorted: number[], p: number): number {
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[rank - 1]!;
}

export function summarize(values: number[]): Summary | undefined {
  const finite = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (finite.length === 0) return undefined;
  return {
    n: finite.length,
    min: finite[0]!,
    median: percentile(finite, 0.5),
    p95: percentile(finite, 0.95),
  };
}

export const median = (values: number[]): number => summarize(values)?.median ?? NaN;

/** CPU use of the whole machine, sampled from /proc/stat while a scenario runs. */
export class CpuSampler {
  private timer: NodeJS.Timeout | undefined;
  private last = readCpu();
  private readonly samples: number[] = [];
  private readonly intervalMs: number;

  constructor(intervalMs = 500) {
    this.intervalMs = intervalMs;
  }

  start(): void {
    this.last = readCpu();
    this.timer = setInterval(() => {
      const now = readCpu();
      const total = now.total - this.last.total;
      if (total > 0) this.samples.push(1 - (now.idle - this.last.idle) / total);
      this.last = now;
    }, this.intervalMs);
    this.timer.unref();
  }

  /** Mean utilisation and the share of intervals at or above 95 % (all cores busy). */
  stop(): { meanBusy: number; saturatedShare: number; intervals: number } {
    clearInterval(this.timer);
    const n = this.samples.length;
    return {
      meanBusy: n ? this.samples.reduce((a, b) => a + b, 0) / n : NaN,
      saturatedShare: n ? this.samples.filter((s) => s >= 0.95).length / n : NaN,
      intervals: n,
    };
  }
}

/** The machine's CPU counters (idle + iowait, and all), from /proc/stat; zeros where there is none. */
export function readCpu(): { idle: number; total: number } {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const fields = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0); // idle + iowait
    return { idle, total: fields.reduce((a, b) => a + b, 0) };
  } catch {
    return { idle: 0, total: 0 };
  }
}

/**
 * CPU time used by processes whose command line contains `marker` (the action's main or post
 * entry), sampled from /proc every 100 ms: user + system seconds per process, as last seen.
 * A process's last 100 ms may be missed; that is the error bound.
 */
export class ProcessCpuSampler {
  private timer: NodeJS.Timeout | undefined;
  private readonly seconds = new Map<number, number>();
  private readonly ignored = new Set<number>();
  private readonly marker: string;

  constructor(marker: string) {
    this.marker = marker;
  }

  start(): void {
    this.timer = setInterval(() => this.sample(), 100);
    this.timer.unref();
  }

  private sample(): void {
    let pids: string[];
    try {
      pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
    } catch {
      return;
    }
    for (const name of pids) {
      const pid = Number(name);
      if (this.ignored.has(pid)) continue;
      try {
        if (!this.seconds.has(pid)) {
          const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
          if (!cmdline.includes(this.marker)) {
            this.ignored.add(pid);
            continue;
          }
        }
        // Fields after the command name (which may hold spaces): utime and stime are 14 and 15.
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        this.seconds.set(pid, (Number(fields[11]) + Number(fields[12])) / 100);
      } catch {
        // gone
      }
    }
  }

  stop(): number[] {
    clearInterval(this.timer);
    return [...this.seconds.values()];
  }
}
