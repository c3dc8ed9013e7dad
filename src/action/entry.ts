// The one bundle both steps run: dist/main/index.js and dist/post/index.js only require it and
// call one of these, so dist/ ships each chunk once. Post's code is in the entry (post after a
// clean main loads one file, as fast as its own bundle did: its start is measured); main's is a
// chunk it loads first thing, and the Google clients are chunks loaded on first use.
import * as core from '@actions/core';
import { capYoungGeneration } from './heap.ts';
import { post as runPost } from './post.ts';

// Open gRPC channels must not hold the step open once the work is done.
const exitWhenDone = (work: Promise<void>) =>
  void work.finally(() => setTimeout(() => process.exit(), 1000).unref());

// A rejection nothing awaited must not end the step with Node's stack trace. The action awaits
// all its own work (no-floating-promises), so these are the client libraries' internals: a client
// starts stubs when it is made, and without credentials they reject while the call that needs
// them reports the same failure itself. Kept for the debug log only.
function ignoreStrayRejections(): void {
  process.on('unhandledRejection', (reason) =>
    core.debug(`Unawaited rejection inside a client library: ${(reason as Error)?.stack ?? String(reason)}`),
  );
}

export function main(): void {
  capYoungGeneration();
  ignoreStrayRejections();
  exitWhenDone(import('./main.ts').then((step) => step.main()));
}

export function post(): void {
  ignoreStrayRejections();
  exitWhenDone(runPost());
}
