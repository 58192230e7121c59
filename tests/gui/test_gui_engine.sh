#!/usr/bin/env bash
# ContainerKitty.exe against the real e2e engine (tests/tools/e2e-env.sh)
# through \\.\pipe\docker_engine, served in the GUI's Wine prefix by the
# pipe relay: the engine is found at start (no information bar), a list of
# real Debian images is loaded and scanned, the counts shown are those of the
# history; then a scan of several images is running when the window is
# closed: the window asks, the answer Yes cancels the scan, the program exits
# and the history holds only whole scans. Exit 77 when the e2e environment
# does not run. Screenshots: <build>/screenshots/gui-engine-*.png.
#   test_gui_engine.sh <ContainerKitty.exe> <ckitty.exe> <pipe_relay.exe> <build dir>
set -u
exe=$1 ckitty=$2 relay=$3 build=$4
here=$(cd "$(dirname "$0")" && pwd)
e2e=$here/../tools/e2e-env.sh
envs=$("$e2e" env 2>/dev/null) || { echo "skipped: the e2e environment is not running"; exit 77; }
eval "$envs"
. "$here/gui_env.sh"
gui_env_start "$build"
trap gui_env_stop EXIT
work=$build/gui_engine
auto=$WINEPREFIX/drive_c/ck-gui-engine.txt
fail() { echo "FAIL: $*"; [ -f "$auto" ] && sed -n '1,60p' "$auto"; gui_shot gui-engine-failure; exit 1; }
winpath() { winepath -w "$1" 2>/dev/null; }

# The relay serves the engine's pipe in this prefix; Windows programs use
# the default endpoint (no DOCKER_HOST).
# A relay of an earlier run may still be on its way out (a process not yet
# reaped looks alive): ask again until ckitty.exe reaches the engine.
unset DOCKER_HOST
for i in $(seq 20); do
    "$e2e" exec --relay "$relay" -- true || { echo "skipped: no pipe relay"; exit 77; }
    wine "$ckitty" engine >"$work.engine.log" 2>&1 && break
    [ "$i" = 20 ] && fail "ckitty.exe does not reach the engine through the pipe: $(cat "$work.engine.log")"
    sleep 1
done

wine reg delete 'HKCU\Software\ContainerKitty' /f >/dev/null 2>&1
localapp=$(winepath -u "$(wine cmd /c 'echo %LOCALAPPDATA%' 2>/dev/null | tr -d '\r')" 2>/dev/null)
[ -n "$localapp" ] || fail "cannot find LOCALAPPDATA of the prefix"
rm -rf "$localapp/ContainerKitty" "$work"
mkdir -p "$work"
python3 "$here/make_gui_fixture.py" "$work" || fail "fixture"
wine "$ckitty" db import "$(winpath "$work/osv")" >"$work/db-import.log" 2>&1 || fail "ckitty db import"
history="$localapp/ContainerKitty/history.db"
printf '%s\n' "$CK_E2E_IMAGE" >"$work/list.txt"
base=${CK_E2E_IMAGE%:*}
printf '%s:12\n%s:latest\n%s:%s\n' "$base" "$base" "$base" "$CK_E2E_SUITE" >"$work/three.txt"

wait_auto() {
    local i
    for i in $(seq $(($2 * 10))); do
        [ -f "$auto" ] && grep -Eq "$1" "$auto" && return 0
        sleep 0.1
    done
    return 1
}
focus() { xdotool windowactivate --sync "$win" 2>/dev/null || xdotool windowfocus "$win"; }
section() { awk -v s="[$1]" 'index($0, s) == 1 { on = 1; getline; next } /^\[/ { on = 0 } on' "$auto"; }
sql() { python3 -c 'import sqlite3, sys; print("\n".join("\t".join(str(c) for c in r) for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2])))' "$history" "$1"; }
open_list() {
    focus
    xdotool key ctrl+o
    gui_wait_window 'Open an image list' 20 >/dev/null || fail "Ctrl+O opened no file dialog"
    sleep 1
    xdotool type --delay 20 "$(winpath "$1")"
    xdotool key Return
}

rm -f "$auto"
wine explorer /desktop=ContainerKitty,1280x800 "$exe" --automation 'C:\ck-gui-engine.txt' &
app=$!
win=$(gui_wait_window ContainerKitty 60) || fail "no window titled ContainerKitty"
wait_auto '^\[engine\] Docker .*\(API 1\.[0-9]+\)' 30 || fail "the engine was not found through the pipe"
grep -q '^\[info0\] $' "$auto" || fail "the information bar still speaks of the engine"

open_list "$work/list.txt"
wait_auto '^\[images\] rows=1$' 30 || fail "the list's image was not added"
focus
xdotool key ctrl+F5
wait_auto '^\[status\] Scan finished: 1 scanned, 0 failed' 300 || fail "the scan of the real image did not finish well"
wait_auto '^\[app\] tasks=0' 30 || fail "tasks still run"
sleep 1
gui_shot gui-engine-01-scanned
row=$(section images | head -1)
want=$(sql "SELECT n_critical, n_high, n_medium, n_low FROM scans WHERE ok = 1 ORDER BY id DESC LIMIT 1" | tr '\t' ' ')
got=$(printf '%s' "$row" | cut -f5-8 | tr '\t' ' ')
[ "$got" = "$want" ] || fail "the image's counts are '$got', the history says '$want'"
printf '%s' "$row" | cut -f4 | grep -Eq '^[0-9a-f]{12}$' || fail "no short digest shown: $row"

# The same image again: its inventory is reused (the headings say from when);
# Ctrl+Shift+F5 reads the image anew.
wait_scans() { # count of whole scans, what
    local i
    for i in $(seq 600); do
        [ "$(sql "SELECT COUNT(*) FROM scans WHERE ok = 1")" = "$1" ] && return 0
        sleep 0.5
    done
    fail "$2"
}
latest_from() { sql "SELECT COALESCE(inventory_from, 0) FROM scans WHERE ok = 1 ORDER BY id DESC LIMIT 1"; }
focus
xdotool key ctrl+F5
wait_scans 2 "the second scan of the image did not finish"
wait_auto '^\[app\] tasks=0' 30 || fail "tasks still run after the second scan"
[ "$(latest_from)" -gt 0 ] || fail "the second scan read the image again instead of reusing its inventory"
focus
xdotool key ctrl+f
sleep 0.5
xdotool type --delay 20 "debian"
sleep 1
xdotool key Down
xdotool key ctrl+3
wait_auto '^\[packages-heading\] Packages of .*; inventory reused from .* \(Ctrl\+Shift\+F5 reads the image again\)$' 30 ||
    fail "the packages heading does not say the inventory was reused"
sleep 1
gui_shot gui-engine-01b-inventory-reused
xdotool key ctrl+shift+F5
wait_scans 3 "Ctrl+Shift+F5 did not scan the selected image"
[ "$(latest_from)" = 0 ] || fail "Ctrl+Shift+F5 reused the inventory instead of reading the image"
wait_auto '^\[packages-heading\] Packages of .*, scanned [^;]*$' 30 || fail "the heading still speaks of a reused inventory"

# Close while a scan runs: asked, cancelled, exited, nothing half stored.
# The engine is reached through a slow relay here (every answer waits), so
# that the scan is surely running when the window closes.
cat >"$work/slow_relay.py" <<'PY'
import socket, sys, threading, time
target = sys.argv[1].split(":")
srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 0)); srv.listen(16)
print(srv.getsockname()[1], flush=True)
def pump(a, b, slow):
    try:
        while True:
            d = a.recv(65536)
            if not d:
                break
            if slow:
                time.sleep(0.4)
            b.sendall(d)
    except OSError:
        pass
    for s in (a, b):
        try: s.shutdown(socket.SHUT_RDWR)
        except OSError: pass
while True:
    c, _ = srv.accept()
    u = socket.create_connection((target[0], int(target[1])))
    threading.Thread(target=pump, args=(c, u, False), daemon=True).start()
    threading.Thread(target=pump, args=(u, c, True), daemon=True).start()
PY
coproc SLOW { exec python3 "$work/slow_relay.py" "$CK_E2E_TCP"; }
read -r slow_port <&"${SLOW[0]}" || fail "the slow relay did not start"
trap 'kill $SLOW_PID 2>/dev/null; gui_env_stop' EXIT
focus
xdotool key alt+F4
for _ in $(seq 100); do kill -0 $app 2>/dev/null || break; sleep 0.1; done
wine reg add 'HKCU\Software\ContainerKitty' /v DockerHost /t REG_SZ /d "tcp://127.0.0.1:$slow_port" /f >/dev/null 2>&1
wine reg add 'HKCU\Software\ContainerKitty' /v ParallelScans /t REG_DWORD /d 1 /f >/dev/null 2>&1
rm -f "$auto"
wine explorer /desktop=ContainerKitty,1280x800 "$exe" --automation 'C:\ck-gui-engine.txt' &
app=$!
win=$(gui_wait_window ContainerKitty 60) || fail "no window after the restart"
wait_auto '^\[engine\] Docker ' 60 || fail "the engine was not found through the slow relay"
open_list "$work/three.txt"
wait_auto '^\[images\] rows=[34]$' 30 || fail "the three tags were not added"
wait_auto '^\[app\] tasks=0' 30 || fail "tasks still run before the scan"
before=$(sql "SELECT COUNT(*) FROM scans")
focus
xdotool key ctrl+F5
wait_auto '^\[app\] .*scanning=1' 30 || fail "the scan did not start"
focus
xdotool key alt+F4
wait_auto '^\[dialog\] ContainerKitty$' 20 || fail "closing during a scan did not ask"
grep -q 'A scan is running' "$auto" || fail "the question does not say a scan is running"
sleep 0.5
gui_shot gui-engine-02-close-asks
xdotool key y
for _ in $(seq 600); do kill -0 $app 2>/dev/null || break; sleep 0.1; done
kill -0 $app 2>/dev/null && fail "ContainerKitty did not exit after the scan was cancelled"
[ "$(sql 'PRAGMA integrity_check')" = ok ] || fail "the history is damaged"
after=$(sql "SELECT COUNT(*) FROM scans")
[ "$after" -lt $((before + 3)) ] || fail "all three images were scanned: the scan was not cancelled"
stored=$(sql "SELECT COUNT(*) FROM scans WHERE id > $before AND ok = 0")
[ "$stored" = 0 ] || fail "a cancelled image left a failed scan in the history"
echo "PASS: engine found, real image scanned ($got), close during a scan asked and cancelled ($((after - before)) of 3 stored)"
