import { capYoungGeneration } from '../heap.ts';
import { main } from '../main.ts';

capYoungGeneration();
// Not awaited: the entry point has nothing to wait in, and the step reports its own failures. Open
// gRPC channels must not hold the step open once the work is done.
void main().finally(() => setTimeout(() => process.exit(), 1000).unref());
