// The message for a Dockerfile that runs the other family's package manager: found in Docker's
// output however Docker coloured and split it, naming the base's family and the fix.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DockerError } from '../../../src/image/docker.ts';
import { explainBuildFailure } from '../../../src/image/system.ts';

const debian = {
  platform: {
    id: 'debian',
    name: 'Debian GNU/Linux 12 (bookworm)',
    packageManager: 'apt-get' as const,
    libc: 'glibc' as const,
  },
  baseImage: 'node:24-slim',
};

/** Docker's output as the legacy builder streamed it in CI: each stderr write wrapped in red. */
const split =
  'Step 3/4 : RUN apk add --no-cache ripgrep\n ---> Running in 3d5cf8e820b3\n' +
  '\x1B[91m/bin/sh: 1: \x1B[0m\x1B[91mapk: not found\x1B[0m\x1B[91m\n\x1B[0m\n' +
  "The command '/bin/sh -c apk add --no-cache ripgrep' returned a non-zero code: 127\n";

for (const [name, output] of [
  [
    'in one write',
    "/bin/sh: 1: apk: not found\nThe command '/bin/sh -c apk add' returned a non-zero code: 127\n",
  ],
  ['coloured and split in two writes', split],
  ['without a line number (ash)', '/bin/sh: apk: not found\n'],
]) {
  test(`a missing apk on a Debian base, ${name}: the family and the base_image that fixes it`, () => {
    const explained = explainBuildFailure(
      new DockerError('Building Dockerfile', 127, output!),
      'Dockerfile',
      debian,
    );
    assert.ok(explained instanceof Error);
    assert.match(
      explained.message,
      /^Dockerfile runs apk, the package manager of Alpine images, but the base image node:24-slim is Debian GNU\/Linux 12 \(bookworm\), which has apt-get\. Set "base_image" to an Alpine image/,
    );
  });
}

test('another failure is left as it is', () => {
  const error = new DockerError('Building Dockerfile', 1, 'COPY failed: file not found in build context\n');
  assert.equal(explainBuildFailure(error, 'Dockerfile', debian), error);
  const other = new Error('boom');
  assert.equal(explainBuildFailure(other, 'Dockerfile', debian), other);
});
