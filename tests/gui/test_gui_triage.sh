#!/usr/bin/env bash
# The risk review in ContainerKitty.exe under Wine and Xvfb: ckitty.exe scans
# a Debian 12 root folder and records two decisions (zlib not affected for
# this image, bash an accepted risk for every image that expires in a week);
# a third, on openssl, expired on 2026-11-30 (written into the history as an
# older one would be). The findings list shows open, decided (dimmed) and
# expired findings in its Triage column; the glibc findings are triaged from
# the keyboard (filter, select both, Ctrl+T, state, justification, note,
# Record) and the history then holds one decision per package, shown in the
# list; View > Decisions expiring soon lists the accepted risk; the Triage
# filter shows the open ones only.
# Screenshots: <build>/screenshots/gui-triage-*.png.
#   test_gui_triage.sh <ContainerKitty.exe> <ckitty.exe> <build dir>
set -u
exe=$1 ckitty=$2 build=$3
here=$(cd "$(dirname "$0")" && pwd)
. "$here/gui_env.sh"
gui_env_start "$build"
trap gui_env_stop EXIT

work=$build/gui_triage
auto=$WINEPREFIX/drive_c/ck-gui-triage.txt
fail() { echo "FAIL: $*"; [ -f "$auto" ] && sed -n '1,80p' "$auto"; gui_shot gui-triage-failure; exit 1; }
winpath() { winepath -w "$1" 2>/dev/null; }

# ---- the data, one scan, three decisions ---------------------------------------------
wineserver -k >/dev/null 2>&1
wine reg delete 'HKCU\Software\ContainerKitty' /f >/dev/null 2>&1
localapp=$(winepath -u "$(wine cmd /c 'echo %LOCALAPPDATA%' 2>/dev/null | tr -d '\r')" 2>/dev/null)
[ -n "$localapp" ] || fail "cannot find LOCALAPPDATA of the prefix"
rm -rf "$localapp/ContainerKitty" "$work"
mkdir -p "$work"
python3 "$here/make_gui_fixture.py" "$work" || fail "fixture"
root_w=$(winpath "$work/root")
wine "$ckitty" db import "$(winpath "$work/osv")" >"$work/db-import.log" 2>&1 || fail "ckitty db import: $(cat "$work/db-import.log")"
wine "$ckitty" scan --rootfs "$root_w" >"$work/scan.log" 2>&1 || fail "ckitty scan: $(cat "$work/scan.log")"
week=$(date -u -d '+7 days' +%F)
wine "$ckitty" triage set "$root_w" CVE-2026-0003 --state not_affected \
    --justification vulnerable_code_not_in_execute_path --owner platform-team \
    --note "inflateGetHeader is never called" >"$work/triage.log" 2>&1 || fail "triage set: $(cat "$work/triage.log")"
wine "$ckitty" triage set --all CVE-2026-0004 --state accepted_risk --expires "$week" --owner app-team \
    --note "no interactive shells" >>"$work/triage.log" 2>&1 || fail "triage set --all: $(cat "$work/triage.log")"
history="$localapp/ContainerKitty/history.db"
sql() { python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); r = c.execute(sys.argv[2]).fetchall(); c.commit(); print("\n".join("\t".join(str(x) for x in row) for row in r))' "$history" "$1"; }
repo=$(sql "SELECT repository FROM images LIMIT 1")
[ -n "$repo" ] || fail "the scan stored no image"
sql "INSERT INTO decisions(vuln_id, package, scope, repository, tag, state, note, owner, expires, decided_by, decided_at)
     VALUES('CVE-2026-0001', 'openssl', 'image', '$repo', '', 'accepted_risk', 'until the upgrade', 'platform-team',
            '2026-11-30', 'reviewer', 1764000000)" >/dev/null
[ "$(sql "SELECT COUNT(*) FROM decisions")" = 3 ] || fail "the history does not hold the three decisions"
findings=$(sql "SELECT COUNT(*) FROM findings")

# ---- the list: open, decided and expired ---------------------------------------------
rm -f "$auto"
wine explorer /desktop=ContainerKitty,1280x800 "$exe" --automation 'C:\ck-gui-triage.txt' &
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
section() { awk -v s="[$1]" 'index($0, s) == 1 { on = 1; getline; next } /^\[/ { on = 0 } on' "$auto"; }
column_of() { # the number of the findings list's column titled $1
    awk -v s="[findings]" -v t="$1" 'index($0, s) == 1 { getline; n = split($0, c, "\t"); for (i = 1; i <= n; i++) if (c[i] == t) print i; exit }' "$auto"
}
triage_of() { # the Triage cell of the findings of package $1
    local col
    col=$(column_of Triage)
    section findings | awk -F'\t' -v p="$1" -v c="$col" -v k="$(column_of Package)" '$k == p { print $c }'
}

wait_auto '^\[images\] rows=1$' 30 || fail "the history's image is not listed"
# The images list counts open findings: of three High (openssl, libssl3, zlib1g) zlib1g is
# decided; the one Medium (bash) is an accepted risk; openssl's decision ran out.
row=$(section images | grep -F "$root_w	")
[ "$(printf '%s' "$row" | cut -f6)" = 2 ] && [ "$(printf '%s' "$row" | cut -f7)" = 0 ] ||
    fail "the images list does not count the open findings: $row"
focus
xdotool key ctrl+f
sleep 0.5
xdotool type --delay 20 "gui_triage"
sleep 1
xdotool key Down
wait_auto "^\[findings\] rows=$findings\$" 30 || fail "the image's $findings findings are not shown"
[ -n "$(column_of Triage)" ] && [ -n "$(column_of Priority)" ] || fail "the findings list has no Triage or Priority column"
[ "$(triage_of zlib1g)" = "√ Not affected" ] || fail "zlib1g's Triage cell is '$(triage_of zlib1g)'"
[ "$(triage_of bash)" = "√ Accepted risk until $week" ] || fail "bash's Triage cell is '$(triage_of bash)'"
[ "$(triage_of openssl)" = "! Expired on 2026-11-30: Accepted risk" ] || fail "openssl's Triage cell is '$(triage_of openssl)'"
[ -z "$(triage_of libssl3)" ] || fail "libssl3 has a decision: '$(triage_of libssl3)'"
[ -z "$(triage_of libc6)" ] || fail "libc6 has a decision: '$(triage_of libc6)'"
sleep 1
gui_shot gui-triage-01-list

# The Triage filter, from the keyboard: Tab from the filter box to it.
xdotool key ctrl+shift+f
sleep 0.3
xdotool key Tab Tab
sleep 0.3
xdotool key o # "Open"
wait_auto '^\[findings\] rows=[0-9]+$' 10 || fail "no findings section"
sleep 1
open_rows=$(section findings | wc -l)
[ "$open_rows" -eq $((findings - 2)) ] || fail "the Open filter shows $open_rows findings, not $((findings - 2))"
section findings | grep -q 'Not affected' && fail "the Open filter shows a decided finding"
gui_shot gui-triage-02-open-only
xdotool key Home # back to every finding
wait_auto "^\[findings\] rows=$findings\$" 10 || fail "the filter did not come back to every finding"

# ---- the Triage dialog for both glibc findings ------------------------------------------
xdotool key ctrl+shift+f
sleep 0.3
xdotool type --delay 20 "glibc"
wait_auto '^\[findings\] rows=2$' 10 || fail "filtering by glibc does not leave its two findings"
xdotool key Down shift+End
sleep 0.5
xdotool key ctrl+t
gui_wait_window Triage 20 >/dev/null || fail "Ctrl+T did not open the Triage dialog"
wait_auto '^\[dialog\] Triage$' 10 || fail "the Triage dialog is not in the automation file"
grep -q '^701	2 findings of .*root, from CVE-2026-0002 in libc' "$auto" || fail "the dialog does not name the two findings"
grep -q '^711	No decision on CVE-2026-0002 yet\.' "$auto" || fail "the dialog's history is not empty for CVE-2026-0002"
xdotool key n # the state: Not affected
sleep 0.3
xdotool key Tab t # the justification: The component is not present... or The vulnerable code...
sleep 0.3
xdotool key alt+n
xdotool type --delay 10 "regcomp is not reachable from the service"
sleep 1.2
gui_shot gui-triage-03-dialog
xdotool key alt+r
for _ in $(seq 50); do xdotool search --onlyvisible --name '^Triage$' >/dev/null 2>&1 || break; sleep 0.1; done
xdotool search --onlyvisible --name '^Triage$' >/dev/null 2>&1 && fail "Record did not close the dialog"
rows=$(sql "SELECT package, scope, state, note FROM decisions WHERE vuln_id = 'CVE-2026-0002' ORDER BY package")
[ "$rows" = "libc-bin	image	not_affected	regcomp is not reachable from the service
libc6	image	not_affected	regcomp is not reachable from the service" ] || fail "the history holds: $rows"
[ "$(sql "SELECT COUNT(DISTINCT justification) FROM decisions WHERE vuln_id = 'CVE-2026-0002' AND justification LIKE 'component_not_present'")" = 1 ] ||
    fail "the justification is not component_not_present: $(sql "SELECT justification FROM decisions WHERE vuln_id = 'CVE-2026-0002'")"
wait_auto '^\[status\] Recorded 2 triage decisions' 10 || fail "the status bar does not say what was recorded"
xdotool key ctrl+shift+f
sleep 0.3
xdotool key BackSpace
wait_auto "^\[findings\] rows=$findings\$" 20 || fail "the findings are not listed again"
sleep 1
[ "$(triage_of libc6)" = "√ Not affected" ] || fail "libc6's Triage cell is '$(triage_of libc6)' after the dialog"
gui_shot gui-triage-04-recorded

# ---- View > Decisions expiring soon --------------------------------------------------------
focus
xdotool key alt+v
sleep 0.3
xdotool key e
gui_wait_window 'Decisions expiring soon' 20 >/dev/null || fail "View > Decisions expiring soon did not open"
wait_auto '^801	1 decision expires within the next 14 days' 10 || fail "the expiring decisions are not counted"
sleep 1
gui_shot gui-triage-05-expiring
xdotool key Escape
for _ in $(seq 50); do xdotool search --onlyvisible --name '^Decisions expiring soon$' >/dev/null 2>&1 || break; sleep 0.1; done

# ---- close -----------------------------------------------------------------------------------
focus
xdotool key alt+F4
for _ in $(seq 100); do kill -0 $app 2>/dev/null || break; sleep 0.1; done
kill -0 $app 2>/dev/null && fail "ContainerKitty did not exit on Alt+F4"
wine reg query 'HKCU\Software\ContainerKitty' /v TriageOwner >/dev/null 2>&1 || true
echo "gui triage: ok"
