#!/usr/bin/env bash
# ContainerKitty.exe against an engine in Windows-containers mode (served by
# tests/tools/fake_engine.py, which runs this script with its address): the
# status bar says so and the information bar says how to switch; nothing is
# pulled or created (the fake engine checks that no container or pull was
# asked for).
# Screenshot: <build>/screenshots/gui-winengine-01-infobar.png.
#   test_gui_winengine.sh <host> <ContainerKitty.exe> <build dir>
set -u
host=$1 exe=$2 build=$3
here=$(cd "$(dirname "$0")" && pwd)
. "$here/gui_env.sh"
gui_env_start "$build"
auto=$WINEPREFIX/drive_c/ck-gui-winengine.txt
trap gui_env_stop EXIT
fail() { echo "FAIL: $*"; [ -f "$auto" ] && sed -n '1,16p' "$auto"; gui_shot gui-winengine-failure; exit 1; }
wait_auto() { # extended regex, seconds
    local i
    for i in $(seq $(($2 * 10))); do
        [ -f "$auto" ] && grep -Eq "$1" "$auto" && return 0
        sleep 0.1
    done
    return 1
}

wineserver -k >/dev/null 2>&1
wine reg add 'HKCU\Software\ContainerKitty' /v DockerHost /t REG_SZ /d "$host" /f >/dev/null 2>&1
rm -f "$auto"
wine explorer /desktop=ContainerKitty,1280x800 "$exe" --automation 'C:\ck-gui-winengine.txt' &
app=$!
win=$(gui_wait_window ContainerKitty 60) || fail "no window titled ContainerKitty"
wait_auto '^\[engine\] .*Windows containers' 60 || fail "the status bar does not say the engine runs Windows containers"
wait_auto '^\[info0\] .*runs Windows containers.*Switch it to Linux containers.*\[&Retry\]' 10 ||
    fail "the information bar does not say how to switch to Linux containers"
sleep 0.5
gui_shot gui-winengine-01-infobar
xdotool windowactivate --sync "$win" 2>/dev/null || xdotool windowfocus "$win"
xdotool key alt+F4
for _ in $(seq 100); do kill -0 $app 2>/dev/null || break; sleep 0.1; done
wine reg delete 'HKCU\Software\ContainerKitty' /v DockerHost /f >/dev/null 2>&1
kill -0 $app 2>/dev/null && fail "ContainerKitty did not exit on Alt+F4"
echo "gui windows engine: ok"
