#!/usr/bin/env bash
# Runs a Windows program under Wine in the build's own prefix; CTest uses it
# as CMAKE_CROSSCOMPILING_EMULATOR. The prefix (WINEPREFIX, default
# <cwd's build folder>/wineprefix) is created once, under a lock, so parallel
# tests share it. The exit code is the program's.
set -u
if [ -z "${WINEPREFIX:-}" ]; then
    dir=$PWD
    while [ "$dir" != / ] && [ ! -f "$dir/CMakeCache.txt" ]; do dir=$(dirname "$dir"); done
    [ "$dir" = / ] && dir=$PWD
    export WINEPREFIX="$dir/wineprefix"
fi
export WINEDEBUG=${WINEDEBUG:--all}
export WINEDLLOVERRIDES=${WINEDLLOVERRIDES:-"mscoree,mshtml="}
if [ ! -f "$WINEPREFIX/.ck-ready" ]; then
    mkdir -p "$(dirname "$WINEPREFIX")"
    (
        flock 9
        if [ ! -f "$WINEPREFIX/.ck-ready" ]; then
            wineboot -i >/dev/null 2>&1 && wineserver -w && touch "$WINEPREFIX/.ck-ready"
        fi
    ) 9>"$WINEPREFIX.lock"
fi
exec wine "$@"
