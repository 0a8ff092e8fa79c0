#!/usr/bin/env bash
# The whole demo without Docker: builds the app and the collector, starts the collector with the
# mode MEZMO_MODE selects, then the app with telemetry on. Ctrl-C stops the app first and the
# collector only once the app has exited, so the app's last spans and metrics still reach it.
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

# Its own session: Ctrl-C reaches the terminal's foreground group (this script and the app), not
# the collector. Its log is $LOG_DIR/otel-collector.log (run.sh writes it).
setsid bash collector/run.sh >/dev/null 2>&1 &
collector=$!
app=""
stop() {
  trap - INT TERM EXIT
  if [ -n "$app" ]; then
    kill -TERM "$app" 2>/dev/null || true
    wait "$app" 2>/dev/null || true
  fi
  kill -TERM "$collector" 2>/dev/null || true
  wait "$collector" 2>/dev/null || true
  echo "demo stopped"
}
trap stop INT TERM EXIT

for _ in $(seq 1 60); do
  curl -fs http://localhost:13133/ >/dev/null 2>&1 && break
  if ! kill -0 "$collector" 2>/dev/null; then
    echo "the collector did not start; its log ($LOG_DIR/otel-collector.log) ends with:" >&2
    tail -n 20 "$LOG_DIR/otel-collector.log" >&2 || true
    exit 1
  fi
  sleep 0.5
done
echo "collector: log in $LOG_DIR/otel-collector.log, health on http://localhost:13133"
node --max-semi-space-size=4 --require ./dist/otel/register.js dist/src/server.js &
app=$!
wait "$app" || true
