#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL server: initdb in a temporary folder, pg_ctl on a
# free loopback port, TEST_DATABASE_URL exported to the command, everything removed afterwards.
# Usage: bash test/postgres/with-postgres.sh <command> [args…]
# Needs Debian's `postgresql` package (initdb and pg_ctl under /usr/lib/postgresql/<version>/bin);
# .ci/run installs it. As root the server runs as the `postgres` user, as initdb requires.
set -euo pipefail

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$bin" ]; then
  echo "with-postgres: PostgreSQL is not installed (apt-get install postgresql)" >&2
  exit 1
fi
port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
dir=$(mktemp -d /tmp/restaurant-postgres-XXXXXX)
as_owner=()
if [ "$(id -u)" = 0 ]; then
  chown postgres:postgres "$dir"
  as_owner=(runuser -u postgres --)
fi

stop() {
  "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT

"${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 >/dev/null
# A server for tests: durability off (the folder is thrown away), enough connections for
# several replicas and test workers, its socket in its own folder. POSTGRES_DURABLE=1 keeps the
# defaults (fsync, synchronous commit): what a benchmark of transactions must pay.
options="-p $port -h 127.0.0.1 -k $dir -c max_connections=300"
if [ "${POSTGRES_DURABLE:-0}" != 1 ]; then
  options="$options -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
fi
"${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o "$options" start >/dev/null
export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
echo "with-postgres: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" >&2
"$@"
