#!/usr/bin/env bash
# Builds the stand-ins of the replicas profile's images (PostgreSQL, HAProxy) when the engine
# does not have them: on a machine that reaches Docker Hub, docker-compose pulls the real ones.
set -euo pipefail
cd "$(dirname "$0")"
build() { # tag, dockerfile
  if docker image inspect "$1" >/dev/null 2>&1; then return; fi
  echo "stand-ins: building $1 from Debian bookworm's packages" >&2
  DOCKER_BUILDKIT=0 docker build -q -t "$1" -f "$2" . >/dev/null
}
build postgres:15-bookworm postgres.Dockerfile
build haproxy:2.6-bookworm haproxy.Dockerfile
