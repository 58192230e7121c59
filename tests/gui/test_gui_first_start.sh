#!/usr/bin/env bash
# A first start without vulnerability data: the window says so plainly and
# offers the download; its button (Alt+W) downloads the data from an OSV
# fixture server (tests/tools/osv_server.py, set as the data source; OSV's
# layout: the Debian folder, whose records name their releases, asked for
# the extra ecosystem Debian:12), with progress, and the information bar
# then clears. The settings then list what the images in the history need:
# nothing, then Debian:13 for one image after ckitty.exe scanned a Debian 13
# root folder. Screenshots: <build>/screenshots/gui-first-start-*.png.
#   test_gui_first_start.sh <ContainerKitty.exe> <build dir>
set -u
exe=$1 build=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/gui_env.sh"
gui_env_start "$build"
work=$build/gui_first_start
auto=$WINEPREFIX/drive_c/ck-gui-first.txt
fail() { echo "FAIL: $*"; [ -f "$auto" ] && sed -n '1,12p' "$auto"; gui_shot gui-first-start-failure; exit 1; }
rm -rf "$work"
mkdir -p "$work"
python3 "$here/make_gui_fixture.py" "$work" || fail "fixture"

coproc OSV { exec python3 "$here/../tools/osv_server.py"; }
trap 'kill $OSV_PID 2>/dev/null; gui_env_stop' EXIT
read -r word port <&"${OSV[0]}" && [ "$word" = PORT ] || fail "the OSV fixture server did not start"
curl -sf -X POST "http://127.0.0.1:$port/_control" \
    -d "{\"action\": \"load\", \"ecosystem\": \"Debian\", \"dir\": \"$work/osv\"}" >/dev/null ||
    fail "the OSV fixture server did not load the records"

wine reg delete 'HKCU\Software\ContainerKitty' /f >/dev/null 2>&1
wine reg add 'HKCU\Software\ContainerKitty' /v DataSourceUrl /t REG_SZ /d "http://127.0.0.1:$port" /f >/dev/null 2>&1
wine reg add 'HKCU\Software\ContainerKitty' /v Ecosystems /t REG_SZ /d "Debian:12" /f >/dev/null 2>&1
localapp=$(winepath -u "$(wine cmd /c 'echo %LOCALAPPDATA%' 2>/dev/null | tr -d '\r')" 2>/dev/null)
[ -n "$localapp" ] || fail "cannot find LOCALAPPDATA of the prefix"
rm -rf "$localapp/ContainerKitty"

wait_auto() {
    local i
    for i in $(seq $(($2 * 10))); do
        [ -f "$auto" ] && grep -Eq "$1" "$auto" && return 0
        sleep 0.1
    done
    return 1
}
rm -f "$auto"
wine explorer /desktop=ContainerKitty,1280x800 "$exe" --automation 'C:\ck-gui-first.txt' &
app=$!
win=$(gui_wait_window ContainerKitty 60) || fail "no window titled ContainerKitty"
wait_auto '^\[info1\] No vulnerability data yet.*\[Do&wnload now\] \[&Import a file\.\.\.\]$' 30 ||
    fail "the first start does not say that there is no data, with its two ways out"
wait_auto '^\[images\] rows=0$' 10 || fail "the images list is not empty"
sleep 1
gui_shot gui-first-start-01-no-data
xdotool windowactivate --sync "$win" 2>/dev/null || xdotool windowfocus "$win"
xdotool key alt+w
wait_auto '^\[data\] Data: 5 records, updated just now' 120 || fail "the download did not bring the 5 records"
wait_auto '^\[info1\] $' 10 || fail "the information bar still says the data is missing"
grep -q '^\[status\] Vulnerability data: 1 of 1 ecosystems updated' "$auto" || fail "the status does not say what was updated"
curl -sf -X POST "http://127.0.0.1:$port/_control" -d '{"action": "stats"}' | grep -q '"asked": {"Debian": 1}' ||
    fail "the update asked for another folder than Debian"
sleep 1
gui_shot gui-first-start-02-downloaded

# settings <shot> <pattern>: the settings' list of what the images need matches pattern.
settings() {
    xdotool windowactivate --sync "$win" 2>/dev/null || xdotool windowfocus "$win"
    xdotool key ctrl+comma
    gui_wait_window Settings 20 >/dev/null || fail "ctrl+comma did not open the settings"
    wait_auto "^316	$2" 10 || fail "the settings do not list what the images need as '$2'"
    sleep 1
    gui_shot "$1"
    xdotool key Escape
    for _ in $(seq 50); do xdotool search --onlyvisible --name '^Settings$' >/dev/null 2>&1 || return 0; sleep 0.1; done
    fail "Escape did not close the settings"
}
settings gui-first-start-03-settings-nothing-needed 'No (image scanned|scan history) yet'
root=$work/debian13
mkdir -p "$root/etc" "$root/var/lib/dpkg"
printf 'PRETTY_NAME="Debian GNU/Linux 13 (trixie)"\nNAME="Debian GNU/Linux"\nVERSION_ID="13"\nID=debian\n' >"$root/etc/os-release"
printf 'Package: zlib1g\nStatus: install ok installed\nArchitecture: amd64\nSource: zlib\nVersion: 1:1.2.13.dfsg-1\n\n' \
    >"$root/var/lib/dpkg/status"
wine "$build/ckitty.exe" scan --rootfs "$(winepath -w "$root")" >"$work/scan.log" 2>&1 || fail "ckitty.exe could not scan the root folder"
settings gui-first-start-04-settings-needed 'Debian:13: 1 image$'
rm -f "$localapp/ContainerKitty/history.db"* # the next tests start without this scan

xdotool key alt+F4
for _ in $(seq 100); do kill -0 $app 2>/dev/null || break; sleep 0.1; done
kill -0 $app 2>/dev/null && fail "ContainerKitty did not exit on Alt+F4"
echo "PASS: first start without data, download from the information bar"
