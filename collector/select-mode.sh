#!/bin/sh
# Decides what the collector runs from MEZMO_MODE and the Mezmo settings, checks them, and writes
# the last config overlay to $1: in pipeline mode, a signal whose MEZMO_<SIGNAL>_PIPELINE_ID or
# MEZMO_<SIGNAL>_INGESTION_KEY is unset goes to the debug output only. POSIX sh, so that the
# compose file's collector-setup service (a shell-less collector image cannot choose for itself)
# and run.sh (`npm run collector`) decide the same way. Exits non-zero, saying why, on settings
# the collector cannot run with.
set -eu
out="${1:?usage: select-mode.sh OVERLAY_FILE}"
say() { echo "collector: $*" >&2; }

mode="${MEZMO_MODE:-local}"
overlay="{}"
case "$mode" in
  local)
    say "local mode: telemetry goes to JSON files in the output folder"
    ;;
  pipeline)
    enabled=""
    overlay="service:
  pipelines:"
    for signal in logs metrics traces; do
      upper=$(echo "$signal" | tr '[:lower:]' '[:upper:]')
      eval "id=\${MEZMO_${upper}_PIPELINE_ID:-}"
      eval "key=\${MEZMO_${upper}_INGESTION_KEY:-}"
      if [ -n "$id" ] && [ -n "$key" ]; then
        enabled="$enabled $signal"
      else
        overlay="$overlay
    $signal:
      exporters: [debug]"
        say "$signal go to the debug output only: set MEZMO_${upper}_PIPELINE_ID and MEZMO_${upper}_INGESTION_KEY to send them to Mezmo"
      fi
    done
    if [ -z "$enabled" ]; then
      say "MEZMO_MODE=pipeline needs at least one pipeline id and ingestion key"
      exit 1
    fi
    [ "$enabled" = " logs metrics traces" ] && overlay="{}"
    say "pipeline mode: sending$enabled to Mezmo pipelines"
    ;;
  legacy)
    if [ -z "${MEZMO_LEGACY_INGESTION_KEY:-}" ]; then
      say "MEZMO_MODE=legacy needs MEZMO_LEGACY_INGESTION_KEY"
      exit 1
    fi
    say "legacy mode: logs go to Mezmo Log Analysis; traces and metrics to the debug output"
    ;;
  *)
    say "MEZMO_MODE must be local, pipeline or legacy, not '$mode'"
    exit 1
    ;;
esac

mkdir -p "$(dirname "$out")"
printf '# Written by collector/select-mode.sh for MEZMO_MODE=%s; do not edit.\n%s\n' "$mode" "$overlay" >"$out.tmp"
mv "$out.tmp" "$out"
