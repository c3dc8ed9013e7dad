#!/usr/bin/env bash
# Stop the engine started by docker-up.sh (same CRA_DOCKER_DIR), by its pid, and wait for it.
set -euo pipefail

dir="${CRA_DOCKER_DIR:-/tmp/cra-docker}"
pidfile="$dir/dockerd.pid"

[ -f "$pidfile" ] || { echo "docker-down: no engine in $dir" >&2; exit 0; }
pid="$(cat "$pidfile")"
# Only signal the pid while it is still a dockerd (pids get reused).
if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" != dockerd ]; then
  echo "docker-down: dockerd $pid already gone" >&2
  rm -f "$pidfile"
  exit 0
fi

kill -TERM "$pid"
# dockerd stops its containers first (up to 15 s by default); give it 30 s, then force.
for _ in $(seq 1 60); do
  kill -0 "$pid" 2>/dev/null || { echo "docker-down: dockerd $pid stopped" >&2; exit 0; }
  sleep 0.5
done
echo "docker-down: dockerd $pid ignored SIGTERM for 30 s, killing it" >&2
kill -KILL "$pid" 2>/dev/null || true
sleep 0.5
rm -f "$pidfile"
