// Keeps the action's memory bounded while it mirrors a burst of log lines, on a quiet machine and
// on a busy one.
//
// Young generation. Decoding a burst of log entries keeps many short-lived objects alive across
// scavenges, and V8 answers by doubling its young generation again and again (to 2 × 64 MB on a
// large machine); the pages it touches stay resident. An action cannot pass --max-semi-space-size
// (the runner starts `node dist/main/index.js` itself) and V8 reads that flag only at start-up (set
// later, it does nothing: measured), but it reads the growth factor each time it grows: once the
// young generation has reached 16 MB (where start-up leaves it), a factor of 1 keeps it there. Not
// smaller: with V8's initial 2 MB, the gRPC buffers of a burst outlive the young generation and
// pile up until a full collection. Measured by npm run bench (100,000 lines at once): peak RSS
// 193 MB without the cap, 141 MB with.
//
// Old generation. On a busy CPU that cap held and the peak still reached 200–240 MB: what survives
// to the old generation, and the gRPC buffers outside the heap, are freed late (V8 marks on
// background threads, which the busy CPU starves), and the pages freed stay resident a while. So,
// once mirroring starts: V8 is told to favour memory (--optimize-for-size: its heap grows in small
// steps; V8 reads it at run time; set at start-up instead, it costs 30 ms of cold start), and a
// check after each batch of entries collects in full when the heap and its buffers pass a budget,
// on the main thread, however late V8's own collection is. Measured beside two busy loops (npm run
// bench -- --memory N --hog 2): peak RSS 218 MB p95 before, 128 MB with both, 154 MB with the
// budget alone.
import { PerformanceObserver } from 'node:perf_hooks';
import { runInNewContext } from 'node:vm';
import { getHeapSpaceStatistics, getHeapStatistics, setFlagsFromString } from 'node:v8';

const youngCapBytes = 16 * 2 ** 20;
let capped = false;

/**
 * The heap and its buffers, at most, while log lines are mirrored: start-up leaves about 25 MB in
 * use and a burst's decoding about 45 MB live (measured), so this leaves room for what a burst
 * allocates between batches.
 */
export const mirrorHeapBudgetBytes = 64 * 2 ** 20;

/**
 * Stops the young generation growing once it is `capBytes` or more; true once it has (the flag is
 * set once). Synchronous: called where entries are decoded, it does not wait for a GC report.
 */
export function capYoungGenerationNow(capBytes = youngCapBytes): boolean {
  if (capped) return true;
  const newSpace = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
  if (!newSpace || newSpace.space_size < capBytes) return false;
  setFlagsFromString('--semi-space-growth-factor=1');
  capped = true;
  return true;
}

/** Caps the young generation after the first collection that finds it at the cap (see above). */
export function capYoungGeneration(capBytes = youngCapBytes): void {
  // V8 grows it during a collection: look after each one (reported shortly after, in a batch).
  const observer = new PerformanceObserver(() => {
    if (capYoungGenerationNow(capBytes)) observer.disconnect();
  });
  observer.observe({ entryTypes: ['gc'] });
}

/** The heap's use that the budget counts: live and dead objects, and buffers held outside it. */
export interface HeapUse {
  usedBytes: number;
  externalBytes: number;
}

export interface HeapBudgetOptions {
  budgetBytes: number;
  /** Reads the heap's use (V8's statistics by default). */
  read?: () => HeapUse;
  /** A full, synchronous collection (V8's, by default). */
  collect?: () => void;
  debug?: (message: string) => void;
}

/**
 * A check to call after each batch of work. The first call tells V8 to favour memory over speed;
 * each call caps the young generation once it is at 16 MB, and when the heap and its buffers are
 * over the budget, collects in full. What is still in use after that is live, not garbage: the
 * next collection waits until the use has grown by half again, so a large live set is not
 * collected over and over.
 */
export function keepHeapWithin(options: HeapBudgetOptions): () => void {
  const read = options.read ?? readHeapUse;
  const collect = options.collect ?? fullCollection();
  let threshold = options.budgetBytes;
  let started = false;
  return () => {
    if (!started) {
      // Not at start-up: there it would cost cold start (more collections while the bundle loads).
      setFlagsFromString('--optimize-for-size');
      started = true;
    }
    capYoungGenerationNow();
    if (total(read()) <= threshold) return;
    collect();
    const after = total(read());
    threshold = Math.max(options.budgetBytes, after * 1.5);
    options.debug?.(`heap over budget: collected, ${mb(after)} MB in use, next at ${mb(threshold)} MB`);
  };
}

const total = (use: HeapUse) => use.usedBytes + use.externalBytes;
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

function readHeapUse(): HeapUse {
  const stats = getHeapStatistics();
  return { usedBytes: stats.used_heap_size, externalBytes: stats.external_memory };
}

/**
 * V8's full collection. Node hides it unless started with --expose-gc; set later, that flag gives
 * contexts made afterwards a `gc` function (the main context keeps none).
 */
function fullCollection(): () => void {
  let gc: (() => void) | undefined;
  return () => {
    if (!gc) {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as () => void;
    }
    gc();
  };
}
