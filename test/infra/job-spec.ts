// The plainest job spec the action makes: one image, no env, no mounts, 1 CPU, 512Mi, 60 s.
import type { JobSpec } from '../../src/job/spec.ts';

export const plainJobSpec = (image: string, spec: Partial<JobSpec> = {}): JobSpec => ({
  image,
  env: {},
  mounts: [],
  timeoutSeconds: 60,
  cpu: '1',
  memory: '512Mi',
  labels: {},
  annotations: {},
  ...spec,
});
