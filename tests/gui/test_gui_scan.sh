#!/usr/bin/env bash
# The whole GUI path with the real ContainerKitty.exe under Wine and Xvfb:
# the history and the vulnerability database are prepared by ckitty.exe (one
# scan of a Debian 12 root folder), the root is then upgraded; the GUI starts
# and explains what is missing, loads an image list, scans every image (the
# root folder succeeds, the image of the list fails without an engine, with
# its reason), opens the root's findings, compares its two scans, exports a
# CSV, and closes, remembering its window. What the lists show is read from
# the automation file (--automation, automation.h); the expected values come
# from the history database itself. A screenshot of each step is kept in
# <build>/screenshots/gui-scan-*.png.
#   test_gui_scan.sh <ContainerKitty.exe> <ckitty.exe> <build dir>
set -u
exe=$1 ckitty=$2 build=$3
here=$(cd "$(dirname "$0")" && pwd)
. "$here/gui_env.sh"
gui_env_start "$build"
trap gui_env_stop EXIT

work=$build/gui_scan
fail() { echo "FAIL: $*"; [ -f "$auto" ] && sed -n '1,80p' "$auto"; gui_shot gui-scan-failure; exit 1; }
winpath() { winepath -w "$1" 2>/dev/null; }

# ---- a clean prefix state and the data ------------------------------------------
wineserver -k >/dev/null 2>&1
wine reg delete 'HKCU\Software\ContainerKitty' /f >/dev/null 2>&1
localapp=$(winepath -u "$(wine cmd /c 'echo %LOCALAPPDATA%' 2>/dev/null | tr -d '\r')" 2>/dev/null)
[ -n "$localapp" ] || fail "cannot find LOCALAPPDATA of the prefix"
rm -rf "$localapp/ContainerKitty" "$work"
mkdir -p "$work"
python3 "$here/make_gui_fixture.py" "$work" || fail "fixture"
root_w=$(winpath "$work/root")
wine "$ckitty" db import "$(winpath "$work/osv")" >"$work/db-import.log" 2>&1 || fail "ckitty db import: $(cat "$work/db-import.log")"
wine "$ckitty" scan --rootfs "$root_w" >"$work/scan1.log" 2>&1 || fail "ckitty scan: $(cat "$work/scan1.log")"
python3 "$here/make_gui_fixture.py" "$work" upgrade || fail "fixture upgrade"
history="$localapp/ContainerKitty/history.db"
[ -f "$history" ] || fail "ckitty wrote no history at $history"
# A second root, added in the window with Ctrl+N.
python3 "$here/make_gui_fixture.py" "$work/second" || fail "second fixture"
# An image list whose image cannot be pulled here (no engine runs).
printf '# images of the GUI test\nregistry.example.com/dev/gui-test:1.0\n' >"$work/list.txt"

# ---- start ----------------------------------------------------------------------
auto=$WINEPREFIX/drive_c/ck-gui-scan.txt
rm -f "$auto"
wine explorer /desktop=ContainerKitty,1280x800 "$exe" --automation 'C:\ck-gui-scan.txt' &
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
section() { # the rows of a list section of the automation file, without its header
    awk -v s="[$1]" 'index($0, s) == 1 { on = 1; getline; next } /^\[/ { on = 0 } on' "$auto"
}
sql() { python3 -c 'import sqlite3, sys; print("\n".join("\t".join(str(c) for c in r) for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2])))' "$history" "$1"; }

wait_auto '^\[images\] rows=1$' 30 || fail "the history's image is not listed"
wait_auto '^\[engine\] .*not reachable' 30 || fail "the engine check did not say the engine is not reachable"
wait_auto '^\[data\] Data: 5 records' 30 || fail "the data check did not count the 5 records"
sleep 1
gui_shot gui-scan-01-start
grep -q '^\[info0\] .*does not exist.*\[&Retry\]' "$auto" || fail "the information bar does not say plainly that the engine is missing"
grep -q '^\[info1\] $' "$auto" || fail "the information bar speaks of data that is present"
section images | grep -q "^$(printf '%s' "$root_w" | sed 's/[\\.]/\\&/g')	" || fail "the root folder's row is not shown"

# ---- load a list (Ctrl+O, the common file dialog) --------------------------------
focus
xdotool key ctrl+o
gui_wait_window 'Open an image list' 20 >/dev/null || fail "Ctrl+O opened no file dialog"
sleep 1
xdotool type --delay 20 "$(winpath "$work/list.txt")"
xdotool key Return
wait_auto '^\[images\] rows=2$' 30 || fail "the list's image was not added"
section images | grep -q '^registry.example.com/dev/gui-test	1.0	.*Never scanned$' || fail "the new image is not 'Never scanned'"
sleep 1
gui_shot gui-scan-02-list

# ---- add a root folder (Ctrl+N) ----------------------------------------------------
focus
xdotool key ctrl+n
gui_wait_window 'Add an image, archive or folder' 20 >/dev/null || fail "Ctrl+N opened no dialog"
sleep 0.5
xdotool type --delay 20 "  $(winpath "$work/second/root")  "
xdotool key Return
wait_auto '^\[images\] rows=3$' 30 || fail "the added folder is not listed"
section images | grep -qF "$(winpath "$work/second/root")	" || fail "the added folder's row is not its path"

# ---- scan all (Ctrl+F5) ------------------------------------------------------------
focus
xdotool key ctrl+F5
wait_auto '^\[app\] .*scanning=1' 20 || true
wait_auto '^\[status\] Scan finished: 2 scanned, 1 failed' 120 || fail "the scan did not finish with 2 scanned and 1 failed"
wait_auto '^\[app\] tasks=0 scanning=0' 30 || fail "tasks still run after the scan"
# openssl's two packages were upgraded past the fix; the second root was first scanned
wait_auto '^\[info3\] Since the scan job at [0-9:]+: no new findings, 2 fixed\. \[&What changed\.\.\.\]$' 30 ||
    fail "after the scan job, the information bar does not say what it changed: $(grep '^\[info3\]' "$auto")"
sleep 1
gui_shot gui-scan-03-scanned
focus
xdotool key alt+w
gui_wait_window 'What changed' 20 >/dev/null || fail "the information bar's button did not open What changed"
sleep 1
gui_shot gui-scan-03b-what-changed
xdotool key Escape
for _ in $(seq 50); do xdotool search --onlyvisible --name '^What changed$' >/dev/null 2>&1 || break; sleep 0.1; done
root_scans="SELECT s.* FROM scans s JOIN images i ON i.id = s.image_id WHERE i.repository = '$root_w' AND s.ok = 1"
high_now=$(sql "SELECT n_high FROM ($root_scans) ORDER BY id DESC LIMIT 1")
high_before=$(sql "SELECT n_high FROM ($root_scans) ORDER BY id LIMIT 1")
row=$(section images | grep -F "$root_w	")
expect_high="$high_now (-$((high_before - high_now)))"
[ "$(printf '%s' "$row" | cut -f6)" = "$expect_high" ] || fail "the root's High cell is '$(printf '%s' "$row" | cut -f6)', not '$expect_high'"
printf '%s' "$row" | grep -q '	Done$' || fail "the root's state is not Done: $row"
section images | grep -q '^registry.example.com/dev/gui-test	1.0	.*	Failed: .*not running' ||
    fail "the failed image does not say why: $(section images | grep gui-test)"

# ---- open the root's findings (filter, Enter) ---------------------------------------
focus
xdotool key ctrl+f
sleep 0.5
xdotool type --delay 20 "scan\\root"
sleep 1
xdotool key Down Return
total=$(sql "SELECT finding_count FROM ($root_scans) ORDER BY id DESC LIMIT 1")
wait_auto "^\[findings\] rows=$total\$" 30 || fail "the findings list does not show the $total findings of the latest scan"
grep -q '^\[findings-heading\] Findings of .*root, scanned ' "$auto" || fail "the findings heading does not name the image"
section findings | grep -q '^CKGUI-2026-0003	CVE-2026-0003	High	9\.8				zlib1g	1:1\.2\.13\.dfsg-1	1:1\.2\.13\.dfsg-2	zlib: heap overflow' ||
    fail "the zlib finding is not shown with its score and fixed version"
sleep 1
gui_shot gui-scan-04-findings

# ---- history and comparison (Ctrl+2, Ctrl+M) --------------------------------------------
xdotool key ctrl+2
wait_auto '^\[scans\] rows=2$' 20 || fail "the history does not list the two scans"
wait_auto '^\[app\] .*tab=history' 10 || fail "Ctrl+2 did not show the history"
sleep 1
gui_shot gui-scan-05-history
xdotool key ctrl+m
fixed=$(sql "SELECT COUNT(*) FROM findings WHERE scan_id = (SELECT MIN(id) FROM ($root_scans)) AND record_id = 'CKGUI-2026-0001'")
wait_auto "^\[findings-heading\] .*compared with .*: 0 new, $fixed fixed, $((total)) unchanged" 30 ||
    fail "the comparison does not say 0 new, $fixed fixed, $total unchanged"
section findings | cut -f1,2 | grep -c '^Fixed	CKGUI-2026-0001$' | grep -qx "$fixed" || fail "the fixed openssl findings are not marked Fixed"
sleep 1
gui_shot gui-scan-06-compare

# ---- export CSV (Ctrl+E) ------------------------------------------------------------------
csv=$work/export.csv
rm -f "$csv"
focus
xdotool key ctrl+e
gui_wait_window "Export the selected images' findings" 20 >/dev/null || fail "Ctrl+E opened no save dialog for the selected image"
sleep 1
xdotool key ctrl+a
xdotool type --delay 20 "$(winpath "$csv")"
xdotool key Return
wait_auto '^\[status\] Exported ' 30 || fail "the export did not finish"
python3 - "$csv" "$total" <<'EOF' || fail "the CSV is not what the history holds"
import csv, sys
with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
    rows = list(csv.reader(f))
header, body = rows[0], rows[1:]
assert header[:4] == ["Id", "IdSnyk", "Image", "ImageVersion"], header
assert len(body) == int(sys.argv[2]), (len(body), sys.argv[2])
assert any(r[1] == "CKGUI-2026-0003" and r[4] == "zlib1g" for r in body), body
print(f"csv: {len(body)} rows")
EOF
sleep 1
gui_shot gui-scan-07-exported

# ---- the log (Ctrl+5) -----------------------------------------------------------------------
focus
xdotool key ctrl+5
wait_auto '^\[app\] .*tab=log' 10 || fail "Ctrl+5 did not show the log"
grep -q '^.*\[!\] Docker Desktop is not running' "$auto" || fail "the log does not hold the failed pull"
grep -q '^.*\[\$\] Exported ' "$auto" || fail "the log does not hold the export"
sleep 1
gui_shot gui-scan-08-log

# ---- close: the window's place is remembered ------------------------------------------------
focus
xdotool key alt+F4
for _ in $(seq 100); do kill -0 $app 2>/dev/null || break; sleep 0.1; done
kill -0 $app 2>/dev/null && fail "ContainerKitty did not exit on Alt+F4"
wine reg query 'HKCU\Software\ContainerKitty' /v WindowWidth 2>/dev/null | grep -q REG_DWORD ||
    fail "the window's size was not remembered"
echo "PASS: start, list, scan, findings, comparison, CSV export, close"
