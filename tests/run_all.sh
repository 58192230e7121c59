#!/usr/bin/env bash
# The test command: installs what it needs, builds, and runs every test:
#   1. native Linux build with AddressSanitizer + UndefinedBehaviorSanitizer, all tests;
#   2. the Windows build (mingw-w64, static), the same tests as .exe under Wine,
#      plus the GUI tests under Xvfb and the end-to-end tests against a real
#      dockerd and registry (started by the tests themselves).
# Build folders: build/native and build/win. Exit code non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
jobs=$(nproc)

prefix=$(bash cmake/bootstrap.sh | tail -1) || { echo "[!] bootstrap failed" >&2; exit 2; }

configure_and_build() { # dir, cmake args...
    local dir=$1
    shift
    cmake -S "$root" -B "$dir" -G Ninja "$@" >/dev/null || return 1
    cmake --build "$dir" -j "$jobs" || return 1
}

configure_and_build build/native -DCK_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug || exit 2
configure_and_build build/win -DCMAKE_TOOLCHAIN_FILE="$root/cmake/mingw-w64.cmake" \
    -DCK_DEPS_PREFIX="$prefix" -DCMAKE_BUILD_TYPE=Release || exit 2

status=0
echo "[*] native tests (ASan/UBSan)"
(cd build/native && ctest -j "$jobs" --output-on-failure --timeout 900) || status=1
echo "[*] Windows tests under Wine"
(cd build/win && ctest -j "$jobs" --output-on-failure --timeout 900) || status=1
exit $status
