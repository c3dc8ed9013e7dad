import { post } from '../post.ts';

// Open gRPC channels must not hold the step open once the work is done.
void post().finally(() => setTimeout(() => process.exit(), 1000).unref());
