#!/usr/bin/env bash
# Makes sure the base images that the Dockerfile and docker-compose.yml name exist in the local
# Docker engine, and makes local stand-ins when they cannot be pulled (a machine with no image
# registry). See README.md beside this file.
#
#   tooling/docker/base-images.sh            present → kept; pulled when possible; made otherwise
#   tooling/docker/base-images.sh --names    prints the names only (nothing pulled or built)
#   tooling/docker/base-images.sh --rebuild  drops the local stand-ins first and makes them again
#
# Prints on stdout the images to use, one `VARIABLE=image` a line (NODE_IMAGE, PROJ_POSTGRES_IMAGE,
# PROJ_REDIS_IMAGE); progress goes to stderr.
#
# Stand-ins (needs root, debootstrap and a Debian mirror, taken from apt's configuration):
#   proj-local/debian:bookworm      debootstrap --variant=minbase bookworm, imported with docker import
#   node:<version>-bookworm-slim    that root filesystem + this machine's Node.js and npm (its version
#                                   must be the Dockerfile's NODE_VERSION) + its CA bundle and npm
#                                   proxy/cafile settings (the registry may sit behind an
#                                   intercepting proxy); labelled proj.local-stand-in=true
#   proj-local/postgres:15-bookworm Debian's PostgreSQL 15 with an entrypoint like the official one
#   proj-local/redis:7-bookworm     Debian's Redis 7
# PostgreSQL and Redis are not tagged with the official names (postgres:17-alpine, redis:7-alpine):
# they are other versions on another distribution. Compose takes them through PROJ_POSTGRES_IMAGE
# and PROJ_REDIS_IMAGE. The Debian root filesystem is cached as a tarball in $PROJ_DOCKER_CACHE
# (default /var/cache/proj-docker), the images stay in the engine: a second run takes a second.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
log() { printf '%s\n' "base-images: $*" >&2; }
die() { log "$*"; exit 1; }

node_version=$(sed -n 's/^ARG NODE_VERSION=//p' "$root/Dockerfile")
[ -n "$node_version" ] || die "no ARG NODE_VERSION= line in $root/Dockerfile"
node_image="node:${node_version}-bookworm-slim"
compose_default() { sed -n "s/.*\${$1:-\([^}]*\)}.*/\1/p" "$root/docker-compose.yml" | head -n 1; }
postgres_image=$(compose_default PROJ_POSTGRES_IMAGE)
redis_image=$(compose_default PROJ_REDIS_IMAGE)
[ -n "$postgres_image" ] && [ -n "$redis_image" ] || die "docker-compose.yml has no \${PROJ_POSTGRES_IMAGE:-…} / \${PROJ_REDIS_IMAGE:-…}"
debian_image=proj-local/debian:bookworm
local_postgres=proj-local/postgres:15-bookworm
local_redis=proj-local/redis:7-bookworm

case "${1:-}" in
  --names)
    printf 'NODE_IMAGE=%s\nPROJ_POSTGRES_IMAGE=%s\nPROJ_REDIS_IMAGE=%s\n' "$node_image" "$postgres_image" "$redis_image"
    printf 'LOCAL_DEBIAN_IMAGE=%s\nLOCAL_POSTGRES_IMAGE=%s\nLOCAL_REDIS_IMAGE=%s\n' "$debian_image" "$local_postgres" "$local_redis"
    exit 0 ;;
  --rebuild)
    for image in "$local_postgres" "$local_redis" "$debian_image"; do docker image rm -f "$image" >/dev/null 2>&1 || true; done
    if [ "$(docker image inspect -f '{{index .Config.Labels "proj.local-stand-in"}}' "$node_image" 2>/dev/null)" = true ]; then
      docker image rm -f "$node_image" >/dev/null
    fi ;;
  '') ;;
  *) die "unknown option $1 (see the comment at the top of $0)" ;;
esac

cache=${PROJ_DOCKER_CACHE:-/var/cache/proj-docker}
have() { docker image inspect "$1" >/dev/null 2>&1; }
pull() { log "pulling $1"; docker pull -q "$1" >/dev/null 2>&1; }

# The Debian mirror apt uses on this machine (deb822 or one-line sources), else Debian's CDN.
debian_mirror() {
  local m
  m=$(grep -hsE '^(URIs:|deb )' /etc/apt/sources.list /etc/apt/sources.list.d/* |
    grep -oE 'https?://[^ ]*/debian/?( |$)' | grep -v security | head -n 1 | tr -d ' ')
  printf '%s\n' "${m:-http://deb.debian.org/debian}"
}

make_debian() {
  have "$debian_image" && return
  local tarball="$cache/debian-bookworm-minbase.tar.gz"
  if [ ! -s "$tarball" ]; then
    command -v debootstrap >/dev/null || die "debootstrap is missing (apt-get install debootstrap)"
    [ "$(id -u)" = 0 ] || die "debootstrap needs root"
    local mirror rootfs
    mirror=$(debian_mirror)
    rootfs=$(mktemp -d)
    log "debootstrap bookworm from $mirror (a few minutes, once: cached in $tarball)"
    debootstrap --variant=minbase --include=ca-certificates bookworm "$rootfs" "$mirror" >"$rootfs.log" 2>&1 ||
      die "debootstrap failed; see $rootfs.log"
    # apt's proxy settings, if this machine has any, so that apt-get works inside the images.
    apt-config dump 2>/dev/null | grep -iE '^Acquire::(http|https)::Proxy ' >"$rootfs/etc/apt/apt.conf.d/01proxy" || rm -f "$rootfs/etc/apt/apt.conf.d/01proxy"
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    mkdir -p "$cache"
    tar -C "$rootfs" -czf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
    rm -rf "$rootfs" "$rootfs.log"
  fi
  log "importing $tarball as $debian_image"
  docker import --change 'CMD ["bash"]' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    "$tarball" "$debian_image" >/dev/null
}

make_node() {
  local node npm_dir version ctx key value
  node=$(readlink -f "$(command -v node)")
  version=$("$node" --version)
  [ "$version" = "v$node_version" ] ||
    die "this machine's Node.js is $version, the Dockerfile wants v$node_version: a stand-in tagged $node_image would lie"
  npm_dir="$(npm root -g)/npm"
  [ -f "$npm_dir/bin/npm-cli.js" ] || die "npm not found at $npm_dir"
  ctx=$(mktemp -d)
  cp "$here/node/Dockerfile" "$node" "$ctx/"
  [ "$(basename "$node")" = node ] || mv "$ctx/$(basename "$node")" "$ctx/node"
  cp -r "$npm_dir" "$ctx/npm"
  cp /etc/ssl/certs/ca-certificates.crt "$ctx/ca-certificates.crt"
  # npm's settings that matter for reaching the registry from inside the image.
  : >"$ctx/npmrc"
  for key in registry proxy https-proxy noproxy strict-ssl; do
    value=$(npm config get "$key" 2>/dev/null || true)
    case "$value" in '' | null | undefined) ;; *) printf '%s=%s\n' "$key" "$value" >>"$ctx/npmrc" ;; esac
  done
  printf 'cafile=/etc/ssl/certs/ca-certificates.crt\n' >>"$ctx/npmrc"
  for key in HTTPS_PROXY https_proxy HTTP_PROXY http_proxy; do
    if [ -n "${!key:-}" ] && ! grep -q '^https-proxy=' "$ctx/npmrc"; then printf 'https-proxy=%s\nproxy=%s\n' "${!key}" "${!key}" >>"$ctx/npmrc"; fi
  done
  log "building $node_image from this machine's Node.js $version"
  docker build -q --label proj.local-stand-in=true -t "$node_image" "$ctx" >/dev/null || die "building $node_image failed"
  rm -rf "$ctx"
}

# A stand-in built from one of the Dockerfiles beside this script.
make_from() { # name image
  log "building $2 from Debian's packages"
  docker build -q -t "$2" "$here/$1" >/dev/null || die "building $2 failed"
}

if ! have "$node_image" && ! pull "$node_image"; then
  make_debian
  make_node
fi
printf 'NODE_IMAGE=%s\n' "$node_image"

pick() { # variable official local-name folder
  if have "$2"; then printf '%s=%s\n' "$1" "$2"; return; fi
  if ! have "$3"; then
    if pull "$2"; then printf '%s=%s\n' "$1" "$2"; return; fi
    make_debian
    make_from "$4" "$3"
  fi
  printf '%s=%s\n' "$1" "$3"
}
pick PROJ_POSTGRES_IMAGE "$postgres_image" "$local_postgres" postgres
pick PROJ_REDIS_IMAGE "$redis_image" "$local_redis" redis
