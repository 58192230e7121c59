#!/usr/bin/env bash
# What changed after a data update: ckitty.exe scans a Debian 12 root folder
# against part of the data (one record); the window then updates the data
# from an OSV fixture server (tests/tools/osv_server.py) holding all of it;
# the update re-matches the stored inventory (the folder itself is gone, as
# no engine or pull is needed), the information bar says how many findings
# are new in how many images, and its button opens View > What changed, one
# row per vulnerability. Screenshots: <build>/screenshots/gui-changes-*.png.
#   test_gui_changes.sh <ContainerKitty.exe> <ckitty.exe> <build dir>
set -u
exe=$1 ckitty=$2 build=$3
here=$(cd "$(dirname "$0")" && pwd)
. "$here/gui_env.sh"
gui_env_start "$build"
work=$build/gui_changes
auto=$WINEPREFIX/drive_c/ck-gui-changes.txt
fail() { echo "FAIL: $*"; [ -f "$auto" ] && sed -n '1,16p' "$auto"; gui_shot gui-changes-failure; exit 1; }
wait_auto() {
    local i
    for i in $(seq $(($2 * 10))); do
        [ -f "$auto" ] && grep -Eq "$1" "$auto" && return 0
        sleep 0.1
    done
    return 1
}
rm -rf "$work"
mkdir -p "$work/part"
python3 "$here/make_gui_fixture.py" "$work" || fail "fixture"
first=$(ls "$work/osv" | head -1)
cp "$work/osv/$first" "$work/part/"

coproc OSV { exec python3 "$here/../tools/osv_server.py"; }
trap 'kill $OSV_PID 2>/dev/null; gui_env_stop' EXIT
read -r word port <&"${OSV[0]}" && [ "$word" = PORT ] || fail "the OSV fixture server did not start"
curl -sf -X POST "http://127.0.0.1:$port/_control" \
    -d "{\"action\": \"load\", \"ecosystem\": \"Debian\", \"dir\": \"$work/osv\"}" >/dev/null ||
    fail "the OSV fixture server did not load the records"

wineserver -k >/dev/null 2>&1
wine reg delete 'HKCU\Software\ContainerKitty' /f >/dev/null 2>&1
wine reg add 'HKCU\Software\ContainerKitty' /v DataSourceUrl /t REG_SZ /d "http://127.0.0.1:$port" /f >/dev/null 2>&1
wine reg add 'HKCU\Software\ContainerKitty' /v Ecosystems /t REG_SZ /d "Debian:12" /f >/dev/null 2>&1
localapp=$(winepath -u "$(wine cmd /c 'echo %LOCALAPPDATA%' 2>/dev/null | tr -d '\r')" 2>/dev/null)
[ -n "$localapp" ] || fail "cannot find LOCALAPPDATA of the prefix"
rm -rf "$localapp/ContainerKitty"
wine "$ckitty" db import "$(winepath -w "$work/part")" >"$work/import.log" 2>&1 || fail "ckitty.exe db import: $(cat "$work/import.log")"
wine "$ckitty" scan --rootfs "$(winepath -w "$work/root")" >"$work/scan.log" 2>&1 || fail "ckitty.exe scan: $(cat "$work/scan.log")"
rm -rf "$work/root" # a re-match needs only the stored inventory

rm -f "$auto"
wine explorer /desktop=ContainerKitty,1280x800 "$exe" --automation 'C:\ck-gui-changes.txt' &
app=$!
win=$(gui_wait_window ContainerKitty 60) || fail "no window titled ContainerKitty"
wait_auto '^\[images\] rows=1$' 30 || fail "the scanned folder is not in the images list"
focus() { xdotool windowactivate --sync "$win" 2>/dev/null || xdotool windowfocus "$win"; }
focus
xdotool key ctrl+u
wait_auto '^\[info3\] Since the data update at [0-9:]+: [1-9][0-9]* new findings? in 1 image, 0 fixed\. \[&What changed\.\.\.\]$' 120 ||
    fail "after the update, the information bar does not say what the re-match found"
sleep 1
gui_shot gui-changes-01-infobar
focus
xdotool key alt+w
gui_wait_window 'What changed' 20 >/dev/null || fail "the information bar's button did not open What changed"
wait_auto '^\[dialog\] What changed$' 10 || fail "'What changed' is not in the automation file"
sleep 1
gui_shot gui-changes-02-view
xdotool key Escape
for _ in $(seq 50); do xdotool search --onlyvisible --name '^What changed$' >/dev/null 2>&1 || break; sleep 0.1; done
focus
xdotool key alt+F4
for _ in $(seq 100); do kill -0 $app 2>/dev/null || break; sleep 0.1; done
kill -0 $app 2>/dev/null && fail "ContainerKitty did not exit on Alt+F4"
rm -rf "$localapp/ContainerKitty" # the next tests start without this history
wine reg delete 'HKCU\Software\ContainerKitty' /f >/dev/null 2>&1
echo "gui changes: ok"
