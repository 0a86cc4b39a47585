#!/usr/bin/env bash
# Probes datadog only (checklist §2). Same options and exit codes as verify-all.sh.
exec "$(dirname "$0")/verify-all.sh" --only datadog "$@"
