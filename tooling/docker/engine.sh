#!/usr/bin/env bash
# Makes a Docker engine answer on this machine, for the smoke test (README.md beside this file):
#   - one answers already (`docker info`): nothing to do;
#   - otherwise, as root with apt-get: installs Debian's docker.io, docker-compose (v1: the only
#     Compose Debian bookworm packages) and debootstrap when missing, starts dockerd in the
#     background (no systemd needed; its log goes to ${TMPDIR:-/tmp}/proj-dockerd.log) and waits up
#     to 60 s for it to answer. The engine is left running for the next run (images stay cached).
# Exit status 0 when an engine answers; 3, with one line on stderr saying why, when none can start.
set -uo pipefail

answers() { docker info >/dev/null 2>&1; }
cannot() { echo "no Docker engine: $*" >&2; exit 3; }

answers && exit 0
[ "$(id -u)" = 0 ] || cannot "none answers and starting one needs root"
missing=()
command -v dockerd >/dev/null || missing+=(docker.io)
command -v docker-compose >/dev/null || docker compose version >/dev/null 2>&1 || missing+=(docker-compose)
command -v debootstrap >/dev/null || missing+=(debootstrap)
if [ "${#missing[@]}" -gt 0 ]; then
  command -v apt-get >/dev/null || cannot "${missing[*]} missing and no apt-get to install them"
  echo "engine: installing ${missing[*]} from Debian's packages" >&2
  { DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" ||
    { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"; }; } >/dev/null 2>&1 ||
    cannot "apt-get install ${missing[*]} failed"
fi
command -v dockerd >/dev/null || cannot "dockerd not found after installing docker.io"
log="${TMPDIR:-/tmp}/proj-dockerd.log"
echo "engine: starting dockerd (log: $log)" >&2
nohup dockerd >"$log" 2>&1 &
pid=$!
for _ in $(seq 60); do
  answers && exit 0
  kill -0 "$pid" 2>/dev/null || cannot "dockerd exited: $(tail -n 1 "$log")"
  sleep 1
done
kill "$pid" 2>/dev/null
cannot "dockerd did not answer within 60 s: $(tail -n 1 "$log")"
