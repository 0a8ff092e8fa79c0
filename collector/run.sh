#!/usr/bin/env bash
# Runs the built collector (collector/bin/otelcol-restaurant) with config.yaml and the overlays
# MEZMO_MODE selects, against the app's LOG_DIR. `run.sh validate` checks the same configs
# without running them.
#   MEZMO_MODE=local (default)  JSON files in OTELCOL_OUTPUT_DIR and debug output
#   MEZMO_MODE=pipeline         each signal whose MEZMO_<SIGNAL>_PIPELINE_ID and
#                               MEZMO_<SIGNAL>_INGESTION_KEY are set goes to its Mezmo pipeline
#   MEZMO_MODE=legacy           logs to Mezmo's legacy ingestion API (MEZMO_LEGACY_INGESTION_KEY)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
binary="$here/bin/otelcol-restaurant"
[ -x "$binary" ] || { echo "collector: $binary is missing; run: npm run collector:build" >&2; exit 1; }

export LOG_DIR="${LOG_DIR:-/tmp/codeuser}"
export OTELCOL_STORAGE_DIR="${OTELCOL_STORAGE_DIR:-$here/../data/otelcol/storage}"
export OTELCOL_OUTPUT_DIR="${OTELCOL_OUTPUT_DIR:-$here/../data/otelcol/output}"
mkdir -p "$LOG_DIR" "$OTELCOL_STORAGE_DIR" "$OTELCOL_OUTPUT_DIR"

args=(--config "$here/config.yaml")
mode="${MEZMO_MODE:-local}"
case "$mode" in
  local)
    args+=(--config "$here/local.yaml")
    ;;
  pipeline)
    args+=(--config "$here/pipeline.yaml")
    enabled=()
    for signal in logs metrics traces; do
      upper=$(echo "$signal" | tr '[:lower:]' '[:upper:]')
      id_var="MEZMO_${upper}_PIPELINE_ID"
      key_var="MEZMO_${upper}_INGESTION_KEY"
      if [ -n "${!id_var:-}" ] && [ -n "${!key_var:-}" ]; then
        enabled+=("$signal")
      else
        args+=(--config "yaml:service::pipelines::$signal::exporters: [debug]")
        echo "collector: $signal go to debug output only: set $id_var and $key_var to send them to Mezmo" >&2
      fi
    done
    [ ${#enabled[@]} -gt 0 ] || { echo "collector: MEZMO_MODE=pipeline needs at least one pipeline id and ingestion key" >&2; exit 1; }
    echo "collector: sending ${enabled[*]} to Mezmo pipelines" >&2
    ;;
  legacy)
    [ -n "${MEZMO_LEGACY_INGESTION_KEY:-}" ] || { echo "collector: MEZMO_MODE=legacy needs MEZMO_LEGACY_INGESTION_KEY" >&2; exit 1; }
    args+=(--config "$here/legacy.yaml")
    ;;
  *)
    echo "collector: MEZMO_MODE must be local, pipeline or legacy, not '$mode'" >&2
    exit 1
    ;;
esac

if [ "${1:-}" = "validate" ]; then
  exec "$binary" validate "${args[@]}"
fi
exec "$binary" "${args[@]}"
