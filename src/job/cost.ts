// What an execution cost: its vCPU-seconds and GiB-seconds, from the Execution's own start and
// completion times (not the step's wall time, which includes building and draining), at Cloud Run
// jobs' per-second prices. An estimate: the monthly free tier, committed-use discounts and other
// regions' prices are not counted.

// https://cloud.google.com/run/docs/configuring/jobs/memory-limits
export const memoryPattern = /^(\d+)(Mi|Gi|M|G)$/;

// https://cloud.google.com/run/pricing, "Pricing for regions in Tier 1", Jobs (read 2026-12):
// $0.00001800 per vCPU-second and $0.00000200 per GiB-second. Tier 1 is assumed whatever the
// region (us-central1, europe-west1, …); Tier 2 regions cost more.
export const pricePerVcpuSecond = 0.000018;
export const pricePerGibSecond = 0.000002;

type Time =
  { seconds?: string | number | { toString(): string } | null; nanos?: number | null } | null | undefined;

const ms = (t: Time): number | undefined =>
  t && t.seconds != null ? Number(t.seconds) * 1000 + (t.nanos ?? 0) / 1e6 : undefined;

/** Seconds the execution ran: from its startTime to its completionTime (0 when either is missing). */
export function billedSeconds(execution: { startTime?: Time; completionTime?: Time }): number {
  const start = ms(execution.startTime);
  const end = ms(execution.completionTime);
  return start === undefined || end === undefined ? 0 : Math.max(0, (end - start) / 1000);
}

export interface Cost {
  vcpuSeconds: number;
  gibSeconds: number;
  /** US dollars. */
  usd: number;
}

export function executionCost(cpu: string, memory: string, seconds: number): Cost {
  const vcpuSeconds = cpuValue(cpu) * seconds;
  const gibSeconds = (memoryMiB(memory) / 1024) * seconds;
  return { vcpuSeconds, gibSeconds, usd: vcpuSeconds * pricePerVcpuSecond + gibSeconds * pricePerGibSecond };
}

/** Dollars as the `cost` output gives them: six decimals, e.g. 0.000123. */
export const formatUsd = (usd: number): string => usd.toFixed(6);

/** Cloud Run's CPU limit as a number of vCPUs: "1" → 1, "500m" → 0.5. */
export const cpuValue = (cpu: string): number =>
  cpu.endsWith('m') ? Number(cpu.slice(0, -1)) / 1000 : Number(cpu);

export function memoryMiB(memory: string): number {
  const match = memoryPattern.exec(memory);
  if (!match) return NaN;
  const amount = Number(match[1]);
  switch (match[2]) {
    case 'Gi':
      return amount * 1024;
    case 'G':
      return (amount * 1e9) / 2 ** 20;
    case 'M':
      return (amount * 1e6) / 2 ** 20;
    default:
      return amount;
  }
}
