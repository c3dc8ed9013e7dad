// What an execution cost: its vCPU-seconds and GiB-seconds, from the Execution's own start and
// completion times (not the step's wall time, which includes building and draining), at Cloud Run
// jobs' per-second prices. An estimate: the monthly free tier, committed-use discounts and other
// regions' prices are not counted.
import { cpuValue, memoryMiB } from './inputs.ts';

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
