#!/usr/bin/env bash
# Start-up of ContainerKitty.exe under Wine and Xvfb: milliseconds from the
# process's start to its first paint with the images listed (first_paint_ms
# of the automation file), with an empty history and with the history that
# bench_guistart writes (1,000 scans, 300,000 findings). Prints the median of
# a few starts; a benchmark, nothing is asserted.
#   bench_gui_start.sh <ContainerKitty.exe> <bench_guistart executable (native)> <build dir> [runs]
set -u
exe=$1 gen=$2 build=$(cd "$3" && pwd) runs=${4:-3}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/gui_env.sh"
gui_env_start "$build"
trap gui_env_stop EXIT
auto=$WINEPREFIX/drive_c/ck-bench-start.txt
localapp=$(winepath -u "$(wine cmd /c 'echo %LOCALAPPDATA%' 2>/dev/null | tr -d '\r')" 2>/dev/null)
data=$localapp/ContainerKitty
mkdir -p "$build/bench"
"$gen" "$build/bench/guistart.db" | sed 's/^/native: /'

one_start() {
    local ms="" app
    rm -f "$auto"
    wine explorer /desktop=ContainerKitty,1280x800 "$exe" --automation 'C:\ck-bench-start.txt' &
    app=$!
    for _ in $(seq 600); do
        ms=$(sed -n 's/^\[app\] .*first_paint_ms=\([0-9][0-9]*\).*/\1/p' "$auto" 2>/dev/null)
        [ -n "$ms" ] && break
        sleep 0.1
    done
    wineserver -k >/dev/null 2>&1
    wineserver -w >/dev/null 2>&1
    wait $app 2>/dev/null
    echo "${ms:-none}"
}

measure() { # label
    local i all=()
    for i in $(seq "$runs"); do all+=("$(one_start)"); done
    printf '%s: first paint with the images after %s ms (median of %s: %s)\n' "$1" \
        "$(printf '%s\n' "${all[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")" "$runs" "${all[*]}"
}

wine reg delete 'HKCU\Software\ContainerKitty' /f >/dev/null 2>&1
rm -rf "$data"
measure "empty history"
rm -rf "$data"
mkdir -p "$data"
cp "$build/bench/guistart.db" "$data/history.db"
measure "1,000 scans, 300,000 findings"
rm -rf "$data"
