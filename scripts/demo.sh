#!/usr/bin/env bash
# The demo on a Debian or Ubuntu machine that has git and any Node: scripts/setup.sh installs what
# is missing (Node 24, Docker, the registry, the Debian packages the stand-in images use), starts a
# private Docker engine and runs npm ci when node_modules is missing or stale; then `npm run demo`,
# with this script's arguments (--fresh, --timestamps, --resources, --verbose, --help).
# Run it as root (the engine starts as root). Safe to run again: a second demo reuses what the
# first one made. The engine keeps running; scripts/docker-down.sh stops it.
set -euo pipefail
cd "$(dirname "$0")/.."

setup_env=$(scripts/setup.sh)
eval "$setup_env"
echo "==> npm run demo" >&2
exec npm run --silent demo -- "$@"
