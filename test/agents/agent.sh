#!/bin/sh
# Scripted test agent (busybox sh). Each behaviour is opt-in through an AGENT_* variable,
# documented in README.md; steps run in this fixed order:
# script, lines, json, creds, env, file, result, sleep, end marker, exit.

# The end marker (src/shared/container-lines.ts), as the project-mode entry prints it: the last line on
# stdout and on stderr, with the nonce the action passes in AL_END_NONCE. AGENT_NO_END_MARKER=1
# leaves it out (a contract image that prints none, a crashed entry).
end_marker() {
  [ -n "${AL_END_NONCE:-}" ] && [ "${AGENT_NO_END_MARKER:-}" != 1 ] || return 0
  line="{\"_log\":true,\"level\":\"debug\",\"msg\":\"end of output\",\"nonce\":$(json_string "$AL_END_NONCE")}"
  echo "$line"
  echo "$line" >&2
}

# As PID 1 the shell would ignore signals it has no handler for, so handle them explicitly.
on_term() {
  if [ "${AGENT_IGNORE_TERM:-}" = 1 ]; then
    echo "agent: ignoring SIGTERM"
  else
    echo "agent: got SIGTERM, exiting"
    end_marker
    exit 143
  fi
}
trap on_term TERM
trap 'echo "agent: got SIGINT, exiting"; end_marker; exit 130' INT

# Prints $1 as a JSON string literal (quotes, backslashes and control characters escaped).
json_string() {
  JSON_IN="$1" awk 'BEGIN {
    for (i = 1; i < 32; i++) esc[sprintf("%c", i)] = sprintf("\\u%04x", i)
    esc["\n"] = "\\n"; esc["\r"] = "\\r"; esc["\t"] = "\\t"; esc["\""] = "\\\""; esc["\\"] = "\\\\"
    s = ENVIRON["JSON_IN"]; out = ""
    for (i = 1; i <= length(s); i++) { c = substr(s, i, 1); out = out ((c in esc) ? esc[c] : c) }
    printf "\"%s\"", out
  }'
}

# Sets $value to the variable named $1 and succeeds when it is set; rejects non-identifiers.
read_var() {
  case "$1" in '' | [0-9]* | *[!A-Za-z0-9_]*) return 1 ;; esac
  eval "[ -n \"\${$1+set}\" ] && value=\"\${$1}\""
}

sha256() { h="$(sha256sum "$@" 2>/dev/null)" && echo "${h%% *}"; }

[ -n "${AGENT_SCRIPT:-}" ] && eval "$AGENT_SCRIPT"

# sed writes in blocks, so lines leave in bursts that share a timestamp.
[ -n "${AGENT_LINES:-}" ] && seq 1 "$AGENT_LINES" | sed 's/^/line /'

if [ "${AGENT_JSON:-}" = 1 ]; then
  echo '{"_log":true,"level":"info","msg":"agent starting"}'
  echo '{"_log":true,"level":"debug","msg":"thinking","step":1}'
  echo '{"_log":true,"level":"error","msg":"tool failed","tool":"bash"}'
  echo '{"severity":"WARNING","message":"disk almost full"}'
fi

if [ "${AGENT_CAT_CREDENTIALS:-}" = 1 ]; then
  root="${AL_CREDENTIALS_PATH:-/credentials}"
  [ -d "$root" ] || echo "cred none"
  [ -d "$root" ] && find "$root" -type f | sort | while IFS= read -r f; do
    if h="$(sha256 "$f")"; then echo "cred $f sha256=$h"; else echo "cred $f unreadable"; fi
  done
  for name in $(echo "${AGENT_HASH_ENV:-}" | tr , ' '); do
    if read_var "$name"; then
      echo "envhash $name sha256=$(printf '%s' "$value" | sha256)"
    else
      echo "envhash $name unset"
    fi
  done
fi

for name in $(echo "${AGENT_ECHO_ENV:-}" | tr , ' '); do
  if read_var "$name"; then echo "env $name=$value"; else echo "env $name unset"; fi
done

[ -n "${AGENT_PRINT_FILE:-}" ] && cat "$AGENT_PRINT_FILE"

if [ -n "${AGENT_RESULT+set}" ]; then
  printf '{"_log":true,"level":"info","msg":"signal-result","type":"return","value":%s,"ts":%s000}\n' \
    "$(json_string "$AGENT_RESULT")" "$(date +%s)"
fi

if [ -n "${AGENT_SLEEP:-}" ]; then
  # In the background so the traps run at once; wait again while the sleep outlives an ignored TERM.
  sleep "$AGENT_SLEEP" &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do wait "$pid"; done
fi

end_marker
exit "${AGENT_EXIT:-0}"
