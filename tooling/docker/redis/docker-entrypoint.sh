#!/bin/sh
# Entrypoint of the local Redis stand-in (tooling/docker/base-images.sh), like the official image's:
# runs as the redis user in /data, and turns protected mode off when no configuration file is given
# (the container's network is the boundary; without it Redis refuses every non-loopback client).
set -e
if [ "${1#-}" != "$1" ]; then set -- redis-server "$@"; fi
if [ "$1" = 'redis-server' ] && [ "$(id -u)" = '0' ]; then
  chown -R redis:redis /data 2>/dev/null || true
  exec setpriv --reuid=redis --regid=redis --init-groups "$0" "$@"
fi
if [ "$1" = 'redis-server' ]; then
  case "${2:-}" in
    ''|-*) set -- "$@" --protected-mode no ;;
  esac
fi
exec "$@"
