#!/usr/bin/env bash
# The baseline verify is compared with (issue 12): one curl per step, one after another, the way
# an operator's checklist script is written. It sends each integration's test event and the
# PagerDuty resolve and Opsgenie close, and checks only each status (curl -f): it confirms no
# arrival and waits for no vendor, which verify does. Nine requests; the mocks' URLs and
# credentials come from the environment (bench/verify.bench.ts sets them: OPERATOR_WIRING_MOCK_*_URL,
# CURL_*).
set -euo pipefail
run="curl-$(date +%s)-$$"
send() { curl -fsS -o /dev/null -X POST -H 'content-type: application/json' "$@"; }

send "$OPERATOR_WIRING_MOCK_SLACK_URL$CURL_SLACK_WEBHOOK_PATH" -d "{\"text\":\"$run: test message\"}"
send "$OPERATOR_WIRING_MOCK_SENTRY_URL/api/$CURL_SENTRY_PROJECT/store/?sentry_key=$CURL_SENTRY_KEY&sentry_version=7" \
  -d "{\"event_id\":\"$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')\",\"message\":\"$run: test error\",\"level\":\"error\",\"platform\":\"other\"}"
send "$OPERATOR_WIRING_MOCK_PAGERDUTY_URL/v2/enqueue" \
  -d "{\"routing_key\":\"$CURL_PAGERDUTY_ROUTING_KEY\",\"event_action\":\"trigger\",\"dedup_key\":\"$run\",\"payload\":{\"summary\":\"$run: test incident\",\"source\":\"curl\",\"severity\":\"info\"}}"
send "$OPERATOR_WIRING_MOCK_PAGERDUTY_URL/v2/enqueue" -d "{\"routing_key\":\"$CURL_PAGERDUTY_ROUTING_KEY\",\"event_action\":\"resolve\",\"dedup_key\":\"$run\"}"
send "$OPERATOR_WIRING_MOCK_OPSGENIE_URL/v2/alerts" -H "Authorization: GenieKey $CURL_OPSGENIE_KEY" -d "{\"message\":\"$run: test alert\",\"alias\":\"$run\",\"priority\":\"P5\"}"
send "$OPERATOR_WIRING_MOCK_OPSGENIE_URL/v2/alerts/$run/close?identifierType=alias" -H "Authorization: GenieKey $CURL_OPSGENIE_KEY" -d '{"source":"curl"}'
send "$OPERATOR_WIRING_MOCK_DATADOG_URL/api/v2/series" -H "DD-API-KEY: $CURL_DATADOG_API_KEY" \
  -d "{\"series\":[{\"metric\":\"operator_wiring.verify\",\"type\":3,\"points\":[{\"timestamp\":$(date +%s),\"value\":1}],\"tags\":[\"run_id:$run\"]}]}"
send "$OPERATOR_WIRING_MOCK_DATADOG_URL/api/v1/events" -H "DD-API-KEY: $CURL_DATADOG_API_KEY" -d "{\"title\":\"$run: test event\",\"text\":\"curl\",\"tags\":[\"run_id:$run\"]}"
send "$OPERATOR_WIRING_MOCK_SPLUNK_URL/services/collector/event" -H "Authorization: Splunk $CURL_SPLUNK_TOKEN" -d "{\"event\":{\"message\":\"$run: test event\"}}"
