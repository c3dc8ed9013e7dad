// Caps V8's young generation, which otherwise sets the action's peak memory.
//
// Decoding a burst of log entries keeps many short-lived objects alive across scavenges, and V8
// answers by doubling its young generation again and again (to 2 × 64 MB on a large machine);
// the pages it touches stay resident. An action cannot pass --max-semi-space-size (the runner
// starts `node dist/main/index.js` itself) and V8 reads that flag only at start-up, but it reads
// the growth factor each time it grows: once the young generation has reached 16 MB (where
// start-up leaves it), a factor of 1 keeps it there. Not smaller: with V8's initial 2 MB, the
// gRPC buffers of a burst outlive the young generation and pile up until a full collection.
// Measured by npm run bench (100,000 lines at once): peak RSS 193 MB without the cap, 141 MB with.
import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

export function capYoungGeneration(capBytes = 16 * 2 ** 20): void {
  // V8 grows it during a collection: look after each one (reported shortly after, in a batch).
  const observer = new PerformanceObserver(() => {
    const newSpace = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
    if (!newSpace || newSpace.space_size < capBytes) return;
    setFlagsFromString('--semi-space-growth-factor=1');
    observer.disconnect();
  });
  observer.observe({ entryTypes: ['gc'] });
}
