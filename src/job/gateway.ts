// The Action Llama gateway, when the run uses one.
import { log } from '../output/log.ts';

/** A pre-flight check: agents cannot work when the gateway is unreachable, so say so early. */
export async function checkGateway(url: string): Promise<void> {
  try {
    const response = await fetch(new URL('/health', url), { signal: AbortSignal.timeout(5_000) });
    if (!response.ok)
      log.warning(
        `The gateway at ${url} answered ${response.status} to /health; agents may fail to reach it.`,
      );
  } catch (error) {
    log.warning(
      `The gateway at ${url} did not answer /health (${(error as Error).message}); agents may fail to reach it.`,
    );
  }
}
