// Google's default quotas, enforced with sliding windows so a burst over the limit answers
// RESOURCE_EXHAUSTED exactly where Google would.
import { resourceExhausted } from './rpc.ts';

export interface QuotaConfig {
  enabled: boolean;
  /** Secret Manager write requests (create, add version, delete...) per minute per project. */
  secretWritesPerMinute: number;
  /** AddSecretVersion per second per secret. */
  addVersionPerSecondPerSecret: number;
  /** AddSecretVersion per minute per secret. */
  addVersionPerMinutePerSecret: number;
  /** Secret Manager read requests (get, list; not access) per minute per project. */
  secretReadsPerMinute: number;
  /** Secret Manager access requests (AccessSecretVersion) per minute per project. */
  secretAccessesPerMinute: number;
  /**
   * The nearest secret expiration (ttl or expireTime) accepted, in seconds; Google's is 60
   * (https://cloud.google.com/secret-manager/docs/creating-and-managing-expiring-secrets).
   * Tests lower it to watch a secret expire.
   */
  secretMinExpirySeconds: number;
  /** Logging read requests (ListLogEntries) per minute per project. */
  loggingReadsPerMinute: number;
  /** Open TailLogEntries sessions per project. */
  tailSessions: number;
  /** Cloud Run jobs per region per project. */
  jobsPerRegion: number;
}

// https://cloud.google.com/secret-manager/quotas
// https://cloud.google.com/logging/quotas
// https://cloud.google.com/run/quotas
export const defaultQuotas: QuotaConfig = {
  enabled: true,
  secretWritesPerMinute: 600,
  addVersionPerSecondPerSecret: 2,
  addVersionPerMinutePerSecret: 120,
  secretReadsPerMinute: 600,
  secretAccessesPerMinute: 90_000,
  secretMinExpirySeconds: 60,
  loggingReadsPerMinute: 60,
  tailSessions: 10,
  jobsPerRegion: 1000,
};

export class Quotas {
  config: QuotaConfig = { ...defaultQuotas };
  private windows = new Map<string, number[]>();
  /** How many calls were refused, by quota name, for tests and benchmarks. */
  readonly exceeded = new Map<string, number>();

  configure(config: Partial<QuotaConfig>): void {
    this.config = { ...this.config, ...config };
  }

  /**
   * Counts one use of `key` against `limit` per `windowMs`; throws RESOURCE_EXHAUSTED (without
   * counting) when the window is full.
   */
  take(quota: string, key: string, limit: number, windowMs: number, now = Date.now()): void {
    if (!this.config.enabled) return;
    const id = `${quota}:${key}`;
    const window = (this.windows.get(id) ?? []).filter((t) => t > now - windowMs);
    if (window.length >= limit) {
      this.windows.set(id, window);
      this.exceeded.set(quota, (this.exceeded.get(quota) ?? 0) + 1);
      throw resourceExhausted(
        `Quota exceeded for quota metric '${quota}' and limit '${limit} per ${windowMs / 1000}s' of service for consumer '${key}'.`,
      );
    }
    window.push(now);
    this.windows.set(id, window);
  }

  /** Records a refusal for a quota that is checked elsewhere (e.g. concurrent tail sessions). */
  refuse(quota: string, message: string): never {
    this.exceeded.set(quota, (this.exceeded.get(quota) ?? 0) + 1);
    throw resourceExhausted(message);
  }
}
