#!/usr/bin/env bash
# Start (or reuse) a private Docker engine for the tests, as root.
# Usage: eval "$(scripts/docker-up.sh)"   — prints only the export line on stdout.
# CRA_DOCKER_DIR picks the engine's directory (default /tmp/cra-docker), so a CI run
# and a developer's engine can live side by side without sharing /var/run/docker.
# Storage driver: overlay2 where the kernel mounts overlayfs in that directory (a container starts
# on the image's layers), else vfs (a full copy per layer and per container: slow, works anywhere);
# a data root keeps the driver it was made with. CRA_DOCKER_STORAGE_DRIVER chooses one.
set -euo pipefail

dir="${CRA_DOCKER_DIR:-/tmp/cra-docker}"
sock="unix://$dir/docker.sock"
pidfile="$dir/dockerd.pid"
log="$dir/dockerd.log"

answers() { timeout 10 docker -H "$sock" info >/dev/null 2>&1; }
# The pid in the pidfile only counts while it is still a dockerd (pids get reused).
running_pid() { [ -f "$pidfile" ] && p="$(cat "$pidfile")" && [ "$(cat "/proc/$p/comm" 2>/dev/null)" = dockerd ] && echo "$p"; }
fail() {
  echo "docker-up: $1" >&2
  [ -f "$log" ] && { echo "--- last lines of $log ---" >&2; tail -n 30 "$log" >&2; }
  exit 1
}

command -v dockerd >/dev/null || fail "dockerd not found (apt-get install -y docker.io)"
command -v docker >/dev/null || fail "docker CLI not found (apt-get install -y docker.io)"
[ "$(id -u)" = 0 ] || fail "must run as root to start dockerd"

# Whether an overlay mount works in $dir (as dockerd's overlay2 will need), tried on a scratch folder.
overlay_works() {
  local scratch ok=1
  scratch=$(mktemp -d "$dir/overlay-probe.XXXXXX")
  mkdir "$scratch/lower" "$scratch/upper" "$scratch/work" "$scratch/merged"
  if mount -t overlay overlay -o "lowerdir=$scratch/lower,upperdir=$scratch/upper,workdir=$scratch/work" \
    "$scratch/merged" 2>/dev/null; then
    umount "$scratch/merged" && ok=0
  fi
  rm -rf "$scratch"
  return $ok
}
storage_driver() {
  if [ -n "${CRA_DOCKER_STORAGE_DRIVER:-}" ]; then echo "$CRA_DOCKER_STORAGE_DRIVER"
  elif [ -d "$dir/data/vfs" ] && [ ! -d "$dir/data/overlay2" ]; then echo vfs
  elif overlay_works; then echo overlay2
  else echo vfs; fi
}

start_engine() {
  driver="$1"
  rm -f "$pidfile" "$dir/docker.sock" # leftovers of a killed engine stop dockerd from starting
  echo "docker-up: starting dockerd in $dir (storage driver $driver)" >&2
  # setsid: the engine must outlive the shell (and its signals) that started it.
  setsid dockerd --data-root "$dir/data" --exec-root "$dir/exec" --pidfile "$pidfile" \
    -H "$sock" --storage-driver="$driver" --iptables=false --ip6tables=false --bridge=none \
    >"$log" 2>&1 </dev/null &
  pid=$!
}

driver=""
pid="$(running_pid || true)"
if [ -n "$pid" ]; then
  # Running already (maybe still starting): reuse it rather than race it for the data root.
  echo "docker-up: reusing dockerd pid $pid at $sock" >&2
else
  mkdir -p "$dir/data" "$dir/exec"
  start_engine "$(storage_driver)"
fi

for _ in $(seq 1 120); do
  if answers; then
    echo "docker-up: dockerd pid $pid ready at $sock" >&2
    echo "export DOCKER_HOST=$sock"
    exit 0
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    # overlay2 chosen here but refused by dockerd (its own checks of the filesystem): vfs then.
    if [ "$driver" = overlay2 ] && [ -z "${CRA_DOCKER_STORAGE_DRIVER:-}" ]; then
      echo "docker-up: dockerd refused overlay2 ($(tail -n 1 "$log")); trying vfs" >&2
      start_engine vfs
      continue
    fi
    fail "dockerd (pid $pid) exited during startup"
  fi
  sleep 0.5
done
kill "$pid" 2>/dev/null || true
fail "dockerd did not answer within 60 s"
