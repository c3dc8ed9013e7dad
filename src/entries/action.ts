// The one bundle both steps run: dist/main/index.js and dist/post/index.js only require it and
// call one of these, so dist/ ships each chunk once. Post's code is in the entry (post after a
// clean main loads one file, as fast as its own bundle did: its start is measured); main's is a
// chunk it loads first thing, and the Google clients are chunks loaded on first use.
import { capYoungGeneration } from '../heap.ts';
import { post as runPost } from '../post.ts';

// Open gRPC channels must not hold the step open once the work is done.
const exitWhenDone = (work: Promise<void>) =>
  void work.finally(() => setTimeout(() => process.exit(), 1000).unref());

export function main(): void {
  capYoungGeneration();
  exitWhenDone(import('../main.ts').then((step) => step.main()));
}

export function post(): void {
  exitWhenDone(runPost());
}
