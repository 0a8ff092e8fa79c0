#!/usr/bin/env bash
# Runs `npm test` RUNS times in a row (default 5) while one busy loop per core keeps the machine
# loaded, as a shared CI runner or a laptop in a call might be: the suite must not depend on the
# machine's speed. Stops at the first failure; the busy loops end with the script.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
hogs=()
for _ in $(seq "$(nproc)"); do
  node -e 'for (;;) {}' &
  hogs+=($!)
done
trap 'kill "${hogs[@]}" 2>/dev/null || true' EXIT
npm run --silent build
for run in $(seq "$runs"); do
  started=$(date +%s)
  npx jest --silent >/tmp/under-load-$run.log 2>&1 || { tail -n 40 /tmp/under-load-$run.log; echo "run $run failed"; exit 1; }
  echo "run $run of $runs passed under load in $(( $(date +%s) - started )) s ($(grep -E '^Tests:' /tmp/under-load-$run.log))"
done
