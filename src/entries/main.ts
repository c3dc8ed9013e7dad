import { capYoungGeneration } from '../heap.ts';
import { main } from '../main.ts';

capYoungGeneration();
// Open gRPC channels must not hold the step open once the work is done.
void main().finally(() => setTimeout(() => process.exit(), 1000).unref());
