#!/usr/bin/env bash
# How ContainerKitty.exe behaves as a Windows program, under Wine and Xvfb:
# the focus comes back to the control that had it after another window was
# active; Escape is no shortcut of Cancel (the menu no longer names it) and
# still empties a filter box; two starts at once open one window; the window
# comes back where it was, twice without moving, and one larger than the
# screen is fitted; the folder picker is the shell's and its choice reaches
# the settings. (A change of system colours while running cannot be shown:
# Wine reads a program's colours when it starts; nor a work area that does
# not start at 0,0: Wine keeps it per program; nor a folder deeper than
# MAX_PATH: Wine's picker refuses it. docs/WINDOWS.md lists them for a
# Windows machine.)
# Screenshots: <build>/screenshots/gui-windows-*.png.
#   test_gui_windows.sh <ContainerKitty.exe> <build dir>
set -u
exe=$1 build=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/gui_env.sh"
gui_env_start "$build"
auto=$WINEPREFIX/drive_c/ck-gui-windows.txt
trap gui_env_stop EXIT
fail() { echo "FAIL: $*"; [ -f "$auto" ] && sed -n '1,12p' "$auto"; gui_shot gui-windows-failure; exit 1; }
wait_auto() { # extended regex, seconds
    local i
    for i in $(seq $(($2 * 10))); do
        [ -f "$auto" ] && grep -Eq "$1" "$auto" && return 0
        sleep 0.1
    done
    return 1
}
windows_named() { xdotool search --onlyvisible --name "^$1\$" 2>/dev/null | wc -l; }

wineserver -k >/dev/null 2>&1
# the first part needs the window where a first start puts it
for v in WindowX WindowY WindowWidth WindowHeight WindowDpi WindowMaximized; do
    wine reg delete 'HKCU\Software\ContainerKitty' /v $v /f >/dev/null 2>&1
done

# ---- two starts at once: one window -------------------------------------------------------
rm -f "$auto"
wine explorer /desktop=ContainerKitty,1280x800 "$exe" --automation 'C:\ck-gui-windows.txt' &
first=$!
wine explorer /desktop=ContainerKitty,1280x800 "$exe" --automation 'C:\ck-gui-windows.txt' &
second=$!
win=$(gui_wait_window ContainerKitty 60) || fail "no window titled ContainerKitty"
sleep 8
[ "$(windows_named ContainerKitty)" = 1 ] || fail "two starts at once opened $(windows_named ContainerKitty) windows"
wait_auto '^\[focus\] ' 20 || fail "the automation file does not say where the focus is"
gui_shot gui-windows-01-one-window

# ---- the focus comes back ------------------------------------------------------------------------
focus() { xdotool windowactivate --sync "$win" 2>/dev/null || xdotool windowfocus "$win"; }
focus
xdotool key ctrl+shift+f
wait_auto '^\[focus\] Edit#2 in CKFindingsPanel: $' 10 || fail "Ctrl+Shift+F did not focus the findings filter"
wine explorer /desktop=ContainerKitty,1280x800 notepad &
note=$!
other=$(gui_wait_window 'Untitled - Notepad' 30) || fail "notepad did not open"
xdotool windowactivate --sync "$other" 2>/dev/null
sleep 1
# back by a click on the caption, as a user comes back
eval "$(xdotool getwindowgeometry --shell "$win")"
xdotool mousemove $((X + WIDTH - 70)) $((Y + 8)) click 1 # beside notepad, which covers the rest
sleep 1
wait_auto '^\[focus\] Edit#2 in CKFindingsPanel: $' 10 || fail "the focus did not come back to the findings filter: $(grep '^\[focus\]' "$auto")"
xdotool windowkill "$other" 2>/dev/null
kill $note 2>/dev/null

# ---- Escape: a filter box empties; no accelerator --------------------------------------------------
focus
xdotool type --delay 20 "zzz-no-such-finding"
wait_auto '^\[focus\] Edit#2 in CKFindingsPanel: zzz-no-such-finding$' 10 || fail "typing did not reach the filter"
xdotool key Escape
wait_auto '^\[focus\] Edit#2 in CKFindingsPanel: $' 10 || fail "Escape did not empty the filter"
focus
xdotool key alt+s
sleep 0.5
gui_shot gui-windows-02-scan-menu
xdotool key Escape Escape
sleep 0.5
xdotool search --onlyvisible --name '^ContainerKitty$' >/dev/null 2>&1 || fail "ContainerKitty closed on Escape"

# ---- the folder picker: the shell's, in the COM apartment of the window's thread -----------------
# (Wine's picker takes paths up to MAX_PATH only: a deeper one is a check on Windows)
deep=$build/gui_windows_deep
rm -rf "$deep"
d=$deep
for i in 1 2 3; do d=$d/folder-$i-of-a-deep-tree-for-the-picker; done
mkdir -p "$d"
wdeep=$(winepath -w "$d" 2>/dev/null)
focus
xdotool key ctrl+comma
gui_wait_window Settings 20 >/dev/null || fail "Ctrl+, did not open the settings"
sleep 1
xdotool key alt+b
gui_wait_window 'Folder for the per-image JSON results' 20 >/dev/null || fail "Browse... opened no folder picker"
sleep 1
xdotool type --delay 5 "$wdeep"
gui_shot gui-windows-05-folder-picker
xdotool key Return
wait_auto "^306	$(printf '%s' "$wdeep" | sed 's/[\\.]/\\&/g')\$" 10 ||
    fail "the chosen folder did not reach the report folder box: $(grep '^306	' "$auto")"
xdotool key Escape
for _ in $(seq 50); do xdotool search --onlyvisible --name '^Settings$' >/dev/null 2>&1 || break; sleep 0.1; done

# ---- close ------------------------------------------------------------------------------------------
focus
xdotool key alt+F4
for _ in $(seq 100); do kill -0 $first 2>/dev/null || kill -0 $second 2>/dev/null || break; sleep 0.1; done
kill -0 $first 2>/dev/null && kill -0 $second 2>/dev/null && fail "ContainerKitty did not exit on Alt+F4"

# ---- the window comes back where it was --------------------------------------------------------
key='HKCU\Software\ContainerKitty'
reg_int() { # a REG_DWORD in decimal, or nothing
    local v
    v=$(wine reg query "$key" /v "$1" 2>/dev/null | tr -d '\r' | awk -v n="$1" '$1 == n { print $3 }')
    [ -n "$v" ] && echo $((v))
}
set_int() { wine reg add "$key" /v "$1" /t REG_DWORD /d "$2" /f >/dev/null 2>&1; }
start_and_close() { # screenshot name
    rm -f "$auto"
    wine explorer /desktop=ContainerKitty,1280x800 "$exe" --automation 'C:\ck-gui-windows.txt' &
    local app=$!
    win=$(gui_wait_window ContainerKitty 60) || fail "no window after a restart"
    wait_auto '^\[focus\] ' 20 || fail "the window did not come up"
    sleep 0.5
    eval "$(xdotool getwindowgeometry --shell "$win")"
    gui_shot "$1"
    focus
    xdotool key alt+F4
    for _ in $(seq 100); do kill -0 $app 2>/dev/null || break; sleep 0.1; done
    kill -0 $app 2>/dev/null && fail "ContainerKitty did not exit on Alt+F4"
}
set_int WindowX 150; set_int WindowY 120; set_int WindowWidth 900; set_int WindowHeight 560
set_int WindowDpi 96; set_int WindowMaximized 0
for round in 1 2; do
    start_and_close gui-windows-03-placed-$round
    [ "$X,$Y" != "0,0" ] || fail "the window was not placed"
    placed="$(reg_int WindowX),$(reg_int WindowY),$(reg_int WindowWidth),$(reg_int WindowHeight)"
    [ "$placed" = "150,120,900,560" ] || fail "round $round: the window came back at $placed, not 150,120,900,560"
done
# an older version's setting: a size saved at 96 DPI without WindowDpi, larger than the screen
wine reg delete "$key" /v WindowDpi /f >/dev/null 2>&1
set_int WindowWidth 1600; set_int WindowHeight 1200
start_and_close gui-windows-04-fitted
[ "$WIDTH" -le 1280 ] && [ "$HEIGHT" -le 800 ] || fail "a window larger than the screen was not fitted: ${WIDTH}x$HEIGHT"
[ "$(reg_int WindowDpi)" = 96 ] || fail "the window's DPI was not saved"
for v in WindowX WindowY WindowWidth WindowHeight WindowDpi WindowMaximized; do
    wine reg delete "$key" /v $v /f >/dev/null 2>&1 # the other tests' screenshots start as a first start
done
echo "gui windows: ok"
