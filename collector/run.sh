#!/usr/bin/env bash
# Runs the built collector (collector/bin/otelcol-restaurant) with config.yaml, the overlay of
# MEZMO_MODE and the one select-mode.sh writes, against the app's LOG_DIR. `run.sh validate`
# checks the same configs without running them.
#   MEZMO_MODE=local (default)  JSON files in OTELCOL_OUTPUT_DIR and debug output
#   MEZMO_MODE=pipeline         each signal whose MEZMO_<SIGNAL>_PIPELINE_ID and
#                               MEZMO_<SIGNAL>_INGESTION_KEY are set goes to its Mezmo pipeline
#   MEZMO_MODE=legacy           logs to Mezmo Log Analysis (MEZMO_LEGACY_INGESTION_KEY)
# The collector's own log goes to the terminal and to $LOG_DIR/otel-collector.log; its pid is in
# $LOG_DIR/otel-collector.pid.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
binary="$here/bin/otelcol-restaurant"
[ -x "$binary" ] || { echo "collector: $binary is missing; run: npm run collector:build" >&2; exit 1; }

export LOG_DIR="${LOG_DIR:-/tmp/codeuser}"
export OTELCOL_STORAGE_DIR="${OTELCOL_STORAGE_DIR:-$here/../data/otelcol/storage}"
export OTELCOL_OUTPUT_DIR="${OTELCOL_OUTPUT_DIR:-$here/../data/otelcol/output}"
# A laptop-sized heap: the Go runtime collects harder as the heap nears this (compose sets the same).
export GOMEMLIMIT="${GOMEMLIMIT:-410MiB}"
mkdir -p "$LOG_DIR"
own_log="$LOG_DIR/otel-collector.log"

mode_overlay="$OTELCOL_STORAGE_DIR/mode.yaml"
# Its messages go to the terminal and the collector's own log before run.sh goes on or stops.
status=0
said="$(bash "$here/select-mode.sh" "$mode_overlay" 2>&1)" || status=$?
[ -z "$said" ] || printf '%s\n' "$said" | tee -a "$own_log" >&2
[ "$status" -eq 0 ] || exit "$status"

args=(
  --config "$here/config.yaml"
  --config "$here/${MEZMO_MODE:-local}.yaml"
  --config "$mode_overlay"
  --config "yaml:service::telemetry::logs::output_paths: [stderr, $own_log]"
  # Read offsets move only once the pipeline has taken the lines (the default emitter hands them
  # on from a goroutine, so a crash could lose what it held).
  --feature-gates=stanza.synchronousLogEmitter
)

if [ "${1:-}" = "validate" ]; then
  exec "$binary" validate "${args[@]}"
fi
echo $$ >"$LOG_DIR/otel-collector.pid"
exec "$binary" "${args[@]}"
