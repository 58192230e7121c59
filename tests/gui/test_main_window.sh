#!/usr/bin/env bash
# ContainerKitty.exe under Wine and Xvfb opens its main window titled
# "ContainerKitty" with its menu; a screenshot is kept; it closes cleanly.
#   test_main_window.sh <ContainerKitty.exe> <build dir>
set -u
exe=$1 build=$2
. "$(dirname "$0")/gui_env.sh"
gui_env_start "$build"
trap gui_env_stop EXIT

wine explorer /desktop=ContainerKitty,1280x800 "$exe" &
app=$!
win=$(gui_wait_window ContainerKitty 60) || { echo "FAIL: no window titled ContainerKitty"; exit 1; }
sleep 2
gui_shot main-window
name=$(xdotool getwindowname "$win")
[ "$name" = ContainerKitty ] || { echo "FAIL: window title is '$name'"; exit 1; }

# The About box opens from its accelerator (F1) and shows the version.
xdotool windowactivate --sync "$win" 2>/dev/null || xdotool windowfocus "$win"
xdotool key F1
about=$(gui_wait_window "About ContainerKitty" 15) || { echo "FAIL: F1 did not open the About box"; exit 1; }
sleep 1
gui_shot about-box
xdotool key Escape
sleep 1

xdotool windowactivate "$win" 2>/dev/null; xdotool key alt+F4
for _ in $(seq 100); do kill -0 $app 2>/dev/null || break; sleep 0.1; done
if kill -0 $app 2>/dev/null; then echo "FAIL: ContainerKitty did not exit on Alt+F4"; exit 1; fi
echo "PASS: main window '$name', About box, clean exit"
