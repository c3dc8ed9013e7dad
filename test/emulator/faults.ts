// Injected latency and transient errors, per method and seedable, so tests can prove the action
// survives what Google's APIs do on a bad day, and reproduce a failing run from its seed.
import { grpc } from 'google-gax';
import type { GoogleAnswer } from './google-errors.ts';

export interface MethodFaults {
  /** Added before the handler runs, in milliseconds. */
  latencyMs?: number;
  /** Probability (0–1) that a call fails with one of `codes` before reaching the handler. */
  errorRate?: number;
  /** Status codes drawn from when a call fails; default UNAVAILABLE. */
  codes?: grpc.status[];
  /**
   * Those of `codes` injected after a unary call's handler ran: the call took effect, its answer
   * was lost (a deadline that passes in flight). Default none: every fault comes before the handler.
   */
  late?: grpc.status[];
  /** For streams (TailLogEntries): probability that a stream is cut after each response. */
  cutRate?: number;
  /** Every call fails before the handler with this answer, as Google sends it (google-errors.ts). */
  answer?: GoogleAnswer;
}

export interface FaultConfig {
  seed?: number;
  /** Applies to every method unless a method has its own entry. */
  all?: MethodFaults;
  /** Keyed by short method name (`CreateSecret`) or full path (`/google.cloud.run.v2.Jobs/RunJob`). */
  methods?: Record<string, MethodFaults>;
}

/** mulberry32: a tiny, fast, seedable PRNG; good enough to draw faults reproducibly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Faults {
  private config: FaultConfig = {};
  private random: () => number = seededRandom(1);

  configure(config: FaultConfig): void {
    this.config = config;
    this.random = seededRandom(config.seed ?? 1);
  }

  private forMethod(path: string): MethodFaults {
    const short = path.slice(path.lastIndexOf('/') + 1);
    return this.config.methods?.[path] ?? this.config.methods?.[short] ?? this.config.all ?? {};
  }

  latencyMs(path: string): number {
    return this.forMethod(path).latencyMs ?? 0;
  }

  /** The status code to fail this call with, or undefined to let it through. */
  drawError(path: string): grpc.status | undefined {
    const { errorRate = 0, codes = [grpc.status.UNAVAILABLE] } = this.forMethod(path);
    if (errorRate <= 0 || this.random() >= errorRate) return undefined;
    return codes[Math.floor(this.random() * codes.length)] ?? grpc.status.UNAVAILABLE;
  }

  /** The answer every call of this method gets, if one is set. */
  answer(path: string): GoogleAnswer | undefined {
    return this.forMethod(path).answer;
  }

  /** Whether a fault drawn with `code` comes after the handler ran (see `late`). */
  isLate(path: string, code: grpc.status): boolean {
    return this.forMethod(path).late?.includes(code) ?? false;
  }

  /** Whether to cut a stream after a response. */
  drawCut(path: string): boolean {
    const { cutRate = 0 } = this.forMethod(path);
    return cutRate > 0 && this.random() < cutRate;
  }
}
