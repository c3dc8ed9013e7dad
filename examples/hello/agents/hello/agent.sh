#!/bin/sh
# Prints what an Action Llama agent prints: JSON log lines on stdout, then its return value.
log() { printf '{"_log":true,"level":"%s","msg":"%s"%s,"ts":%s000}\n' "$1" "$2" "${3:+,$3}" "$(date +%s)"; }

log info "container starting" '"agentName":"hello"'
token_file=/credentials/github_token/default/token
if [ -r "$token_file" ]; then
  log info "credentials loaded from volume" "\"bytes\":$(wc -c < "$token_file")"
else
  log error "no github_token credential"; exit 1
fi
log info "assistant" "\"text\":\"Hello from Cloud Run execution $CLOUD_RUN_EXECUTION.\""
echo "plain output: the prompt starts with: $(echo "$PROMPT" | head -c 60)"
log debug "tool done" '"tool":"bash","resultLength":42'
log info "signal-result" '"type":"return","value":"Said hello and read 1 credential."'
log info "run completed"
