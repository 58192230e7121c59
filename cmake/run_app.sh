#!/usr/bin/env bash
# Builds what is missing, then starts ContainerKitty.exe under Wine (with the
# display in DISPLAY; Xvfb is started when there is none).
#
# When a Docker engine runs on this machine (DOCKER_HOST, or
# /var/run/docker.sock), the application reaches it through
# \\.\pipe\docker_engine as it reaches Docker Desktop on Windows: the
# project's named-pipe relay serves the pipe in the Wine prefix and forwards
# to the engine (a unix socket through tests/tools/engine_bridge.py, which
# lets only this user's processes through).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
prefix=$(bash cmake/bootstrap.sh | tail -1)
cmake -S "$root" -B build/win -G Ninja -DCMAKE_TOOLCHAIN_FILE="$root/cmake/mingw-w64.cmake" \
    -DCK_DEPS_PREFIX="$prefix" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/win -j "$(nproc)" --target ContainerKitty ckitty pipe_relay
if [ -z "${DISPLAY:-}" ]; then
    echo "[?] no DISPLAY: starting Xvfb on :77 (take screenshots with: import -display :77 -window root shot.png)" >&2
    Xvfb :77 -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
    export DISPLAY=:77
    sleep 1
fi
export WINEPREFIX=${WINEPREFIX:-$root/build/win/wineprefix-app} WINEDEBUG=${WINEDEBUG:--all}
if [ ! -d "$WINEPREFIX/drive_c" ]; then
    wineboot -i >/dev/null 2>&1
    wineserver -w
fi
bash "$root/tests/tools/wine-fonts.sh" "$WINEPREFIX"

children=()
cleanup() { [ ${#children[@]} -eq 0 ] || kill "${children[@]}" 2>/dev/null || true; }
trap cleanup EXIT
trap "exit 130" INT TERM HUP

# Sets address to the engine's host:port for the relay (empty: no engine).
address=""
find_engine() {
    local host=${DOCKER_HOST:-} sock="" ready
    case $host in
    tcp://*) host=${host#tcp://}; address=${host%%/*}; return ;;
    unix://*) sock=${host#unix://} ;;
    "") [ -S /var/run/docker.sock ] && sock=/var/run/docker.sock ;;
    esac
    [ -n "$sock" ] && [ -S "$sock" ] || return 0
    ready=$(mktemp)
    python3 "$root/tests/tools/engine_bridge.py" "$sock" --ready-file "$ready" >/dev/null &
    children+=($!)
    for _ in $(seq 50); do [ -s "$ready" ] && break; sleep 0.1; done
    [ -s "$ready" ] && address="127.0.0.1:$(cat "$ready")"
    rm -f "$ready"
}

find_engine
if [ -n "$address" ]; then
    # Windows programs under Wine see this environment: the pipe is their engine
    unset DOCKER_HOST DOCKER_CONTEXT
    log=$(mktemp)
    wine "$root/build/win/tests/pipe_relay.exe" --pipe docker_engine "$address" >"$log" 2>&1 &
    children+=($!)
    for _ in $(seq 100); do grep -q '^pipe_relay: \(listening\|already served\)' "$log" && break; sleep 0.1; done
    echo "[*] the Docker engine at $address is served on \\\\.\\pipe\\docker_engine" >&2
else
    echo "[*] no Docker engine on this machine: ContainerKitty will say so and offer its settings" >&2
fi
wine explorer /desktop=ContainerKitty,1280x800 "$root/build/win/ContainerKitty.exe" "$@"
