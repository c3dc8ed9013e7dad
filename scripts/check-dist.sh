#!/usr/bin/env bash
# Fails when dist/ is not what a fresh build of the sources gives: users run dist/, not src/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
if [ -n "$(git status --porcelain -- dist)" ]; then
  git status --short -- dist | head -20
  echo "dist/ differs from a fresh build: run 'npm run build' and commit dist/." >&2
  exit 1
fi
echo "dist/ matches a fresh build."
