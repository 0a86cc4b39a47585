#!/usr/bin/env bash
# The single entry of the verify program (V1): every integration, a summary table, a verdict.
# Mode from OPERATOR_WIRING_MODE (mock | real_<name> | real_all); inputs from .env.local.
# Exit codes: 0 PASS; 1 a probe failed or not all passed (HOLD); 2 usage/config error, nothing sent.
# Options: --stack S --only a,b --json --log --timeout SECONDS --preserve --inputs-file FILE
set -euo pipefail
cd "$(dirname "$0")/.."
# From its bundle (dist/verify.mjs, rebuilt first when a source changed): starting in a fraction
# of the time TypeScript through tsx takes (build/bundles.mjs).
exec node build/run.mjs verify "$@"
