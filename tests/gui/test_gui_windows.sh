#!/usr/bin/env bash
# How ContainerKitty.exe behaves as a Windows program, under Wine and Xvfb:
# the focus comes back to the control that had it after another window was
# active; Escape is no shortcut of Cancel (the menu no longer names it) and
# still empties a filter box; two starts at once open one window. (A change
# of system colours while running cannot be shown: Wine reads a program's
# colours when it starts; docs/WINDOWS.md lists it for a Windows machine.)
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

# ---- close ------------------------------------------------------------------------------------------
focus
xdotool key alt+F4
for _ in $(seq 100); do kill -0 $first 2>/dev/null || kill -0 $second 2>/dev/null || break; sleep 0.1; done
kill -0 $first 2>/dev/null && kill -0 $second 2>/dev/null && fail "ContainerKitty did not exit on Alt+F4"
echo "gui windows: ok"
