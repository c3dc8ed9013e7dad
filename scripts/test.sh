#!/usr/bin/env bash
# The tests on a Debian or Ubuntu machine that has git and any Node: scripts/setup.sh installs what
# is missing (Node 24, Docker, the registry, the Debian packages the tests use), starts a private
# Docker engine and runs npm ci when needed; then `npm test` (lint, format, types, dist, every
# test). With arguments, only those test files: scripts/test.sh test/e2e/project.test.ts
# Run it as root (the engine starts as root). Safe to run again; .ci/run calls it.
set -euo pipefail
cd "$(dirname "$0")/.."

setup_env=$(scripts/setup.sh)
eval "$setup_env"

started=$(date +%s%3N)
if [ $# -gt 0 ]; then
  echo "==> node --test $*"
  status=0
  node --test --test-reporter=./test/infra/reporter.ts "$@" || status=$?
else
  echo "==> npm test"
  status=0
  npm test || status=$?
fi
printf '<== tests: %d ms (exit %d)\n' $(($(date +%s%3N) - started)) "$status"
exit "$status"
