#!/usr/bin/env bash
# The tests run against a real Redis: install Debian's redis-server when it is missing.
# Nothing to do when REDIS_URL is set or redis-server is already on the machine.
set -euo pipefail
[ -n "${REDIS_URL:-}" ] && exit 0
command -v redis-server >/dev/null 2>&1 && exit 0
[ -x /usr/bin/redis-server ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "redis-server is missing: install it (apt-get install redis-server) or set REDIS_URL" >&2
  exit 1
fi
echo "installing redis-server (Debian package)…" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends redis-server >/dev/null
# The package may start a system service on 6379; the tests start their own on a free port.
