#!/usr/bin/env bash
# Debian's PostgreSQL and Redis for n8n's queue mode: `npm start -- --queue`, the queue-mode e2e test,
# bench:concurrency --queue, bench:capacity, and the Redis write-lock unit tests (which skip without
# redis-server, so CI installs it first). Installed with apt-get when missing (root, or sudo -n).
set -euo pipefail
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v redis-server >/dev/null || missing+=(redis-server)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = "0" ]; then apt=(apt-get); elif command -v sudo >/dev/null; then apt=(sudo -n apt-get); else
    echo "ensure-queue-services: ${missing[*]} missing and apt-get needs root; install Debian's ${missing[*]} package(s)" >&2; exit 1
  fi
  echo "ensure-queue-services: installing Debian's ${missing[*]} (about a minute)" >&2
  DEBIAN_FRONTEND=noninteractive "${apt[@]}" update -qq >&2
  DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
# Our servers run in folders of their own on free loopback ports, whatever the packages start themselves.
redis-server --version >&2
ls -d /usr/lib/postgresql/*/bin | tail -1 >&2
