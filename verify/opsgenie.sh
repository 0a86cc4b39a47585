#!/usr/bin/env bash
# Probes opsgenie only (checklist §2). Same options and exit codes as verify-all.sh.
exec "$(dirname "$0")/verify-all.sh" --only opsgenie "$@"
