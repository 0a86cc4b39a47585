#!/usr/bin/env bash
# Probes pagerduty only (checklist §2). Same options and exit codes as verify-all.sh.
exec "$(dirname "$0")/verify-all.sh" --only pagerduty "$@"
