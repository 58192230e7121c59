#!/usr/bin/env bash
# Builds what is missing, then starts ContainerKitty.exe under Wine (with the
# display in DISPLAY; Xvfb is started when there is none).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
prefix=$(bash cmake/bootstrap.sh | tail -1)
cmake -S "$root" -B build/win -G Ninja -DCMAKE_TOOLCHAIN_FILE="$root/cmake/mingw-w64.cmake" \
    -DCK_DEPS_PREFIX="$prefix" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/win -j "$(nproc)" --target ContainerKitty ckitty
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
exec wine explorer /desktop=ContainerKitty,1280x800 "$root/build/win/ContainerKitty.exe" "$@"
