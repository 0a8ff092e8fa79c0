#!/bin/sh
# The compose file's collector-setup step, run once as root before the collector and the app:
# the log folder (a host folder, LOG_DIR) must be writable for the app's non-root user, and the
# collector's mode overlay is chosen the way `npm run collector` chooses it.
set -eu
logs=/var/log/restaurant
uid="${APP_UID:-1000}"
if [ -n "$(find "$logs" ! -user "$uid" -print -quit)" ]; then
  echo "collector-setup: $logs and its files now belong to uid $uid (the app's user)" >&2
  chown -R "$uid:$uid" "$logs"
fi
exec sh /etc/otelcol/select-mode.sh /var/lib/otelcol/storage/mode.yaml
