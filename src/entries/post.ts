import { post } from '../post.ts';

// Not awaited: the entry point has nothing to wait in, and the step reports its own failures. Open
// gRPC channels must not hold the step open once the work is done.
void post().finally(() => setTimeout(() => process.exit(), 1000).unref());
