#!/usr/bin/env bash
# The test command: installs what it needs, builds, and runs every test:
#   1. native Linux build with AddressSanitizer + UndefinedBehaviorSanitizer, all tests;
#   2. the Windows build (mingw-w64, static), the same tests as .exe under Wine,
#      plus the GUI tests under Xvfb and the end-to-end tests against a real
#      dockerd and registry (started by the tests themselves);
#   3. the fuzz build (clang, libFuzzer, ASan/UBSan): every fuzz target runs its
#      seed corpus and a fixed number of mutations (CTest label fuzz).
# Build folders: build/native, build/win and build/fuzz. Exit code non-zero on
# any failure.
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
# The fuzz build needs only its own targets (the core built once more, instrumented).
cmake -S "$root" -B build/fuzz -G Ninja -DCK_FUZZ=ON -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug >/dev/null &&
    cmake --build build/fuzz --target fuzz_all -j "$jobs" || exit 2

status=0
echo "[*] native tests (ASan/UBSan)"
(cd build/native && ctest -j "$jobs" --output-on-failure --timeout 900) || status=1
echo "[*] Windows tests under Wine"
(cd build/win && ctest -j "$jobs" --output-on-failure --timeout 900) || status=1
echo "[*] fuzz targets: seed corpora and a fixed number of mutations"
(cd build/fuzz && ctest -j "$jobs" -L fuzz --no-tests=error --output-on-failure --timeout 900) || status=1
exit $status
