// capYoungGeneration: V8's young generation stops growing at the cap, where it otherwise doubles
// under a burst of short-lived objects that survive a scavenge (what decoding log entries does).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';

const heapModule = path.resolve(import.meta.dirname, '../../src/heap.ts');

/** Runs a burst in a fresh Node process and returns the young generation's largest size (MB). */
function youngGenerationPeakMb(cap: boolean): number {
  const script = `
    import { getHeapSpaceStatistics } from 'node:v8';
    import { setImmediate as tick } from 'node:timers/promises';
    ${cap ? `(await import(${JSON.stringify(heapModule)})).capYoungGeneration();` : ''}
    const recent = [];
    let peak = 0;
    for (let round = 0; round < 300; round++) {
      const batch = [];
      for (let i = 0; i < 5000; i++) batch.push({ text: 'line ' + round + ' ' + i, labels: { n: String(i) } });
      recent.push(batch);
      if (recent.length > 3) recent.shift();
      const space = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
      peak = Math.max(peak, space.space_size);
      await tick();
    }
    process.stdout.write(String(peak / 2 ** 20));
  `;
  return Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }));
}

// Measured on this machine class: without the cap 64 or 128 MB, with it 16 MB (16.75 when V8 reports
// the space mid-resize), in 12 runs of each.
test('the young generation grows to 64 MB or more under a burst without the cap, and stays at about 16 MB with it', () => {
  const without = youngGenerationPeakMb(false);
  const withCap = youngGenerationPeakMb(true);
  assert.ok(without >= 32, `without the cap: ${without} MB`);
  assert.ok(withCap <= 20, `with the cap: ${withCap} MB`);
});
