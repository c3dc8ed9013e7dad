import { post } from '../post.ts';

void post();
