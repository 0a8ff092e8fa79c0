#!/usr/bin/env bash
# The whole demo without Docker: builds the app and the collector, starts the collector with the
# mode MEZMO_MODE selects, then the app with telemetry on; Ctrl-C stops both.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

# Variables from .env, when there is one (the same file docker compose reads).
if [ -f .env ]; then
  set -a
  # shellcheck disable=SC1091
  . ./.env
  set +a
fi
export LOG_DIR="${LOG_DIR:-/tmp/codeuser}"
mkdir -p "$LOG_DIR"

npm run --silent build
bash collector/build.sh

bash collector/run.sh > "$LOG_DIR/otel-collector.log" 2>&1 &
collector=$!
app=""
stop() {
  trap - INT TERM EXIT
  [ -n "$app" ] && kill -TERM "$app" 2>/dev/null && wait "$app" 2>/dev/null
  kill -TERM "$collector" 2>/dev/null && wait "$collector" 2>/dev/null
  echo "demo stopped"
}
trap stop INT TERM EXIT

echo "collector: logs in $LOG_DIR/otel-collector.log, health on http://localhost:13133"
node --require ./dist/otel/register.js dist/src/server.js &
app=$!
wait "$app"
