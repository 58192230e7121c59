#!/usr/bin/env bash
# The Packages and Unmanaged tabs with the real ContainerKitty.exe under Wine
# and Xvfb: ckitty.exe scans a Debian 12 root folder that holds application
# packages (npm in two folders, a Python package a Debian package installed,
# a Go program's modules) and files no package manager owns; the GUI opens
# that image, shows its packages (Ctrl+3) and unmanaged files (Ctrl+4),
# filters both from the keyboard (Ctrl+Shift+F, Down, Escape), and the
# images list counts the unmanaged executables and libraries. The lists are
# read from the automation file and compared with the history database.
# Screenshots: <build>/screenshots/gui-inventory-*.png.
#   test_gui_inventory.sh <ContainerKitty.exe> <ckitty.exe> <build dir>
set -u
exe=$1 ckitty=$2 build=$3
here=$(cd "$(dirname "$0")" && pwd)
. "$here/gui_env.sh"
gui_env_start "$build"
trap gui_env_stop EXIT

work=$build/gui_inventory
auto=$WINEPREFIX/drive_c/ck-gui-inventory.txt
fail() { echo "FAIL: $*"; [ -f "$auto" ] && sed -n '1,120p' "$auto"; gui_shot gui-inventory-failure; exit 1; }
winpath() { winepath -w "$1" 2>/dev/null; }

# ---- a clean prefix state, the data and one scan ----------------------------------
wineserver -k >/dev/null 2>&1
wine reg delete 'HKCU\Software\ContainerKitty' /f >/dev/null 2>&1
localapp=$(winepath -u "$(wine cmd /c 'echo %LOCALAPPDATA%' 2>/dev/null | tr -d '\r')" 2>/dev/null)
[ -n "$localapp" ] || fail "cannot find LOCALAPPDATA of the prefix"
rm -rf "$localapp/ContainerKitty" "$work"
mkdir -p "$work"
python3 "$here/make_gui_fixture.py" "$work" apps || fail "fixture"
root_w=$(winpath "$work/root")
wine "$ckitty" db import "$(winpath "$work/osv")" >"$work/db-import.log" 2>&1 || fail "ckitty db import: $(cat "$work/db-import.log")"
wine "$ckitty" scan --rootfs "$root_w" >"$work/scan.log" 2>&1 || fail "ckitty scan: $(cat "$work/scan.log")"
history="$localapp/ContainerKitty/history.db"
sql() { python3 -c 'import sqlite3, sys; print("\n".join("\t".join(str(c) for c in r) for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2])))' "$history" "$1"; }
scan=$(sql "SELECT id FROM scans WHERE ok = 1 ORDER BY id DESC LIMIT 1")
[ -n "$scan" ] || fail "ckitty stored no scan"
[ "$(sql "SELECT walked FROM scans WHERE id = $scan")" = 1 ] || fail "the scan did not read the whole filesystem"
packages=$(sql "SELECT COUNT(*) FROM packages WHERE scan_id = $scan")
apps=$(sql "SELECT COUNT(*) FROM packages WHERE scan_id = $scan AND type = 3")
in_node_modules=$(sql "SELECT COUNT(*) FROM packages WHERE scan_id = $scan AND locations LIKE '%node_modules%'")
files=$(sql "SELECT COUNT(*) FROM unmanaged WHERE scan_id = $scan")
binaries=$(sql "SELECT unmanaged_binaries FROM scans WHERE id = $scan")
acme=$(sql "SELECT COUNT(*) FROM unmanaged WHERE scan_id = $scan AND path LIKE '%acme%'")
ckdemo_sha=$(sql "SELECT sha256 FROM unmanaged WHERE scan_id = $scan AND path = '/usr/local/bin/ckdemo'")
[ "$apps" -gt 20 ] && [ "$files" -ge 4 ] && [ "$binaries" -ge 3 ] && [ ${#ckdemo_sha} = 64 ] ||
    fail "the fixture's inventory is not what this test expects: $apps application packages, $files files, $binaries binaries"

# ---- start, open the image ------------------------------------------------------------
rm -f "$auto"
wine explorer /desktop=ContainerKitty,1280x800 "$exe" --automation 'C:\ck-gui-inventory.txt' &
app=$!
win=$(gui_wait_window ContainerKitty 60) || fail "no window titled ContainerKitty"

wait_auto() { # extended regex, seconds
    local i
    for i in $(seq $(($2 * 10))); do
        [ -f "$auto" ] && grep -Eq "$1" "$auto" && return 0
        sleep 0.1
    done
    return 1
}
focus() { xdotool windowactivate --sync "$win" 2>/dev/null || xdotool windowfocus "$win"; }
click_column() { # list name, column number (1 = first): a click on its title
    local xy
    xy=$(awk -v s="[$1-header]" -v c="$2" 'index($0, s) == 1 { print $(c + 1), $NF }' "$auto")
    [ -n "$xy" ] || fail "the automation file does not say where the $1 list's header is"
    sleep 0.8 # two clicks in a row would be a double click
    xdotool mousemove $xy click 1
}
section() { # the rows of a list section of the automation file, without its header
    awk -v s="[$1]" 'index($0, s) == 1 { on = 1; getline; next } /^\[/ { on = 0 } on' "$auto"
}

wait_auto '^\[images\] rows=1$' 30 || fail "the history's image is not listed"
row=$(section images | grep -F "$root_w	")
[ "$(printf '%s' "$row" | cut -f11)" = "$binaries" ] ||
    fail "the images list's Unmanaged cell is '$(printf '%s' "$row" | cut -f11)', not $binaries: $row"
# The data holds Debian's records only: the npm and Go packages were not assessed, and that
# is said in the State column (never "Done") and by the information bar, which offers the data.
[ "$(sql "SELECT not_assessed FROM scans WHERE id = $scan")" = "no vulnerability data for Go, npm" ] ||
    fail "the history does not say what was not assessed: $(sql "SELECT not_assessed FROM scans WHERE id = $scan")"
[ "$(printf '%s' "$row" | cut -f12)" = "Not assessed: no vulnerability data for Go, npm" ] ||
    fail "the State cell is '$(printf '%s' "$row" | cut -f12)'"
grep -q '^\[info2\] 1 image could not be fully assessed: .*\[Do&wnload now\] \[&Import a file\.\.\.\]$' "$auto" ||
    fail "the information bar does not offer the data for the image not assessed"
focus
xdotool key ctrl+f
sleep 0.5
xdotool type --delay 20 "gui_inventory"
sleep 1
xdotool key Down
wait_auto '^\[findings-heading\] Findings of .*root, scanned ' 30 || fail "the image's findings are not shown"
grep -q '^\[findings-heading\] Findings of .*; not assessed: no vulnerability data for Go, npm$' "$auto" ||
    fail "the findings heading does not say what the scan could not assess"
sleep 1
gui_shot gui-inventory-00-findings-not-assessed

# ---- packages (Ctrl+3) ------------------------------------------------------------------
xdotool key ctrl+3
wait_auto '^\[app\] .*tab=packages' 10 || fail "Ctrl+3 did not show the packages"
wait_auto "^\[packages\] rows=$packages\$" 30 || fail "the packages tab does not list the scan's $packages packages"
grep -q "^\[packages-count\] $packages packages, $apps of applications$" "$auto" || fail "the packages count is wrong"
grep -q '^\[packages-heading\] Packages of .*root, scanned ' "$auto" || fail "the packages heading does not name the image"
section packages | grep -qx 'npm	lodash	4\.17\.21	/app/node_modules/lodash/package\.json (+1 more)	' ||
    fail "lodash does not show its first location and one more"
section packages | grep -qx 'PyPI	requests	2\.28\.1	/usr/lib/python3/dist-packages/requests-2\.28\.1\.egg-info/PKG-INFO	python3-requests' ||
    fail "requests does not show the Debian package that installed it"
section packages | grep -qx 'Debian:12	zlib1g	1:1\.2\.13\.dfsg-1		' || fail "an OS package does not show its ecosystem"
section packages | grep -q '^Go	stdlib	v[0-9.]*	/usr/local/bin/ckdemo	$' || fail "the Go program's modules are not listed"
sleep 1
gui_shot gui-inventory-01-packages

# A click on a column title sorts by it; a second click turns the order round.
click_column packages 3
wait_auto '^\[packages-sort\] Version ascending$' 10 || fail "a click on Version did not sort by it"
section packages | head -1 | grep -q '	path-to-regexp	0\.1\.7	' || fail "the lowest version is not first: $(section packages | head -1)"
click_column packages 3
wait_auto '^\[packages-sort\] Version descending$' 10 || fail "a second click on Version did not turn the order round"
section packages | head -1 | grep -q '^Go	stdlib	v1\.' || fail "the highest version is not first: $(section packages | head -1)"
sleep 1
gui_shot gui-inventory-01b-packages-by-version

# The filter from the keyboard: Ctrl+Shift+F, type, the list follows.
xdotool key ctrl+shift+f
sleep 0.3
xdotool type --delay 20 "node_modules"
wait_auto "^\[packages\] rows=$in_node_modules\$" 10 || fail "filtering by node_modules does not leave $in_node_modules packages"
section packages | cut -f1 | sort -u | grep -qx npm || fail "the filtered list holds other than npm packages"
sleep 0.5
gui_shot gui-inventory-02-packages-filtered
xdotool key Escape
wait_auto "^\[packages\] rows=$packages\$" 10 || fail "Escape did not empty the filter"

# ---- unmanaged files (Ctrl+4) ------------------------------------------------------------
xdotool key ctrl+4
wait_auto '^\[app\] .*tab=unmanaged' 10 || fail "Ctrl+4 did not show the unmanaged files"
wait_auto "^\[unmanaged\] rows=$files\$" 20 || fail "the unmanaged tab does not list the scan's $files files"
grep -q "^\[unmanaged-count\] $files files, $binaries executables and libraries$" "$auto" || fail "the unmanaged count is wrong"
section unmanaged | grep -qx "/usr/local/bin/ckdemo	Executable (ELF x86-64)	868 KB	example\.com/ckdemo (devel)	${ckdemo_sha:0:12}" ||
    fail "the Go program's row is not path, kind, size, product and hash"
section unmanaged | grep -qx '/opt/acme/run\.sh	Script (#!/bin/sh)	[0-9]* bytes		' || fail "the script's row is wrong"
section unmanaged | grep -q '^/usr/local/lib/libacme\.so\.1	Library (ELF x86-64)	80\.0 KB		[0-9a-f]\{12\}$' ||
    fail "the library's row is wrong"
# Size: the largest first at the first click, by bytes (5.0 MB before 868 KB).
click_column unmanaged 3
wait_auto '^\[unmanaged-sort\] Size descending$' 10 || fail "a click on Size did not sort by it, largest first"
[ "$(section unmanaged | cut -f1 | head -2 | tr '\n' ' ')" = "/opt/acme/bin/acmed /usr/local/bin/ckdemo " ] ||
    fail "the files are not by size: $(section unmanaged | cut -f1,3 | tr '\n' ' ')"
sleep 1
gui_shot gui-inventory-03-unmanaged

# The list shows 12 digits of a hash; the filter matches all 64.
xdotool key ctrl+shift+f
sleep 0.3
xdotool type --delay 10 "$ckdemo_sha"
wait_auto '^\[unmanaged\] rows=1$' 10 || fail "filtering by the whole hash does not find the Go program"
section unmanaged | grep -q '^/usr/local/bin/ckdemo	' || fail "filtering by the whole hash finds another file"
xdotool key Escape
wait_auto "^\[unmanaged\] rows=$files\$" 10 || fail "Escape did not empty the unmanaged filter"

# Filter, then Down to the list: the first row is current, with the focus.
xdotool key ctrl+shift+f
sleep 0.3
xdotool type --delay 20 "acme"
wait_auto "^\[unmanaged\] rows=$acme\$" 10 || fail "filtering by acme does not leave $acme files"
xdotool key Down
sleep 1
gui_shot gui-inventory-04-unmanaged-filtered-focus

# ---- close ---------------------------------------------------------------------------------
focus
xdotool key alt+F4
for _ in $(seq 100); do kill -0 $app 2>/dev/null || break; sleep 0.1; done
kill -0 $app 2>/dev/null && fail "ContainerKitty did not exit on Alt+F4"
wine reg query 'HKCU\Software\ContainerKitty' /v PackageColumns 2>/dev/null | grep -q REG_BINARY ||
    fail "the packages list's column widths were not remembered"

# ---- the same under a high-contrast colour scheme ----------------------------------------
# Wine reads the system colours at a program's start; the prefix's own are
# put back however the test ends.
colors_saved=$work/colors.reg
wine reg export 'HKCU\Control Panel\Colors' "$(winpath "$colors_saved")" /y >/dev/null 2>&1 || fail "cannot save the colours"
restore_colors() { wine reg import "$(winpath "$colors_saved")" >/dev/null 2>&1; }
trap 'restore_colors; gui_env_stop' EXIT
for kv in "Window=0 0 0" "WindowText=255 255 255" "ButtonFace=0 0 0" "ButtonText=255 255 255" \
    "Hilight=26 235 255" "HilightText=0 0 0" "GrayText=63 242 63" "Menu=0 0 0" "MenuText=255 255 255" \
    "Background=0 0 0" "WindowFrame=255 255 255" "ButtonShadow=255 255 255" "ButtonHilight=255 255 255" \
    "HotTrackingColor=255 255 0" "MenuBar=0 0 0" "MenuHilight=26 235 255" "ButtonLight=255 255 255" \
    "ButtonDkShadow=255 255 255" "ButtonAlternateFace=0 0 0" "InfoText=255 255 255" "InfoWindow=0 0 0" \
    "ActiveTitle=0 0 128" "TitleText=255 255 255" "InactiveTitle=0 128 0" "InactiveTitleText=255 255 255" \
    "Scrollbar=0 0 0" "AppWorkSpace=0 0 0" "ActiveBorder=0 0 0" "InactiveBorder=0 0 0"; do
    wine reg add 'HKCU\Control Panel\Colors' /v "${kv%%=*}" /t REG_SZ /d "${kv#*=}" /f >/dev/null 2>&1
done
rm -f "$auto"
wine explorer /desktop=ContainerKitty,1280x800 "$exe" --automation 'C:\ck-gui-inventory.txt' &
app=$!
win=$(gui_wait_window ContainerKitty 60) || fail "no window in high contrast"
wait_auto '^\[images\] rows=1$' 30 || fail "the image is not listed in high contrast"
focus
xdotool key ctrl+f
sleep 0.5
xdotool type --delay 20 "gui_inventory"
sleep 1
xdotool key Down
wait_auto '^\[findings-heading\] Findings of ' 30 || fail "the findings are not shown in high contrast"
xdotool key ctrl+3
wait_auto "^\[packages\] rows=$packages\$" 30 || fail "the packages are not shown in high contrast"
sleep 1
gui_shot gui-inventory-05-packages-high-contrast
xdotool key ctrl+4
wait_auto "^\[unmanaged\] rows=$files\$" 20 || fail "the unmanaged files are not shown in high contrast"
sleep 1
gui_shot gui-inventory-06-unmanaged-high-contrast
focus
xdotool key alt+F4
for _ in $(seq 100); do kill -0 $app 2>/dev/null || break; sleep 0.1; done
kill -0 $app 2>/dev/null && fail "ContainerKitty did not exit on Alt+F4 in high contrast"
echo "PASS: packages and unmanaged files of a scan, their filters, the images list's Unmanaged column"
