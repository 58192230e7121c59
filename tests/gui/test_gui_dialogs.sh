#!/usr/bin/env bash
# The dialogs of ContainerKitty.exe under Wine and Xvfb, each opened by its
# shortcut, shown (screenshot), checked through the automation file, and
# closed with Escape: settings (with "Test connection" against an engine that
# is not there), GitLab source (the token box hides what is typed), registry
# source, "Add an image, archive or folder". Then the window at 144 DPI.
# Screenshots: <build>/screenshots/gui-dialog-*.png, gui-dpi144.png.
#   test_gui_dialogs.sh <ContainerKitty.exe> <build dir>
set -u
exe=$1 build=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/gui_env.sh"
gui_env_start "$build"
auto=$WINEPREFIX/drive_c/ck-gui-dialogs.txt
restore_dpi() {
    wine reg add 'HKCU\Control Panel\Desktop' /v LogPixels /t REG_DWORD /d 96 /f >/dev/null 2>&1
    gui_env_stop
}
trap restore_dpi EXIT
fail() { echo "FAIL: $*"; [ -f "$auto" ] && sed -n '/^\[dialog\]/,$p' "$auto"; gui_shot gui-dialog-failure; exit 1; }

start_app() {
    rm -f "$auto"
    wine explorer /desktop=ContainerKitty,1280x800 "$exe" --automation 'C:\ck-gui-dialogs.txt' &
    app=$!
    win=$(gui_wait_window ContainerKitty 60) || fail "no window titled ContainerKitty"
    for _ in $(seq 100); do [ -f "$auto" ] && break; sleep 0.1; done
    sleep 2
}
stop_app() {
    xdotool windowactivate --sync "$win" 2>/dev/null; xdotool key alt+F4
    for _ in $(seq 100); do kill -0 $app 2>/dev/null || break; sleep 0.1; done
    kill -0 $app 2>/dev/null && fail "ContainerKitty did not exit on Alt+F4"
    wineserver -w
}
wait_auto() { # extended regex, seconds
    local i
    for i in $(seq $(($2 * 10))); do
        [ -f "$auto" ] && grep -Eq "$1" "$auto" && return 0
        sleep 0.1
    done
    return 1
}
# dialog <keys> <title> <shot>: opens a dialog by its shortcut and waits for it.
dialog() {
    xdotool windowactivate --sync "$win" 2>/dev/null || xdotool windowfocus "$win"
    xdotool key "$1"
    gui_wait_window "$2" 20 >/dev/null || fail "$1 did not open '$2'"
    wait_auto "^\[dialog\] $2\$" 10 || fail "'$2' is not in the automation file"
    sleep 1
    gui_shot "$3"
}
close_dialog() {
    xdotool key Escape
    for _ in $(seq 50); do xdotool search --onlyvisible --name "^$1\$" >/dev/null 2>&1 || return 0; sleep 0.1; done
    fail "Escape did not close '$1'"
}

# The settings as on a first start.
wine reg delete 'HKCU\Software\ContainerKitty' /f >/dev/null 2>&1
start_app

dialog ctrl+comma Settings gui-dialog-settings
grep -q '^[0-9]*	&Test connection$' "$auto" || fail "the settings have no Test connection button"
xdotool key alt+t
wait_auto '^303	.*(not running|does not exist|cannot)' 30 || fail "Test connection did not say why the engine cannot be reached"
sleep 0.5
gui_shot gui-dialog-settings-tested
close_dialog Settings

dialog ctrl+g 'Image list from GitLab' gui-dialog-gitlab
xdotool key alt+t
xdotool type --delay 10 'glpat-secret-value'
sleep 1.2
grep -q 'glpat-secret-value' "$auto" && fail "the token appears in the automation file"
gui_shot gui-dialog-gitlab-token
close_dialog 'Image list from GitLab'

# A real listing from a GitLab fixture server (tests/tools/gitlab_server.py),
# the token remembered in the Credential Manager: the dialog recalls it.
coproc GITLAB { exec python3 "$here/../tools/gitlab_server.py" --token glpat-gui-test; }
read -r word port <&"${GITLAB[0]}" && [ "$word" = PORT ] || fail "the GitLab fixture server did not start"
dialog ctrl+g 'Image list from GitLab' gui-dialog-gitlab-filled
xdotool type --delay 10 "http://127.0.0.1:$port"
xdotool key Tab Tab
xdotool type --delay 10 '10'
xdotool key Tab
xdotool type --delay 10 'glpat-gui-test'
xdotool key Tab space
sleep 1.2
grep -q '^407	.* \[x\]$' "$auto" || fail "Remember was not ticked"
gui_shot gui-dialog-gitlab-filled
xdotool key Return
wait_auto '^\[status\] [0-9]+ images from [0-9]+ repositories of [0-9]+ GitLab projects' 60 ||
    fail "the GitLab listing did not finish"
wait_auto '^registry\.example\.com:5050/acme/' 30 || fail "the GitLab images are not listed"
sleep 1
gui_shot gui-dialog-gitlab-listed
kill $GITLAB_PID 2>/dev/null
dialog ctrl+g 'Image list from GitLab' gui-dialog-gitlab-again
grep -q '^407	.* \[x\]$' "$auto" || fail "the remembered token was not recalled (Remember is not ticked)"
grep -q 'glpat-gui-test' "$auto" && fail "the token appears in the automation file"
close_dialog 'Image list from GitLab'
wine reg query 'HKCU\Software\ContainerKitty' 2>/dev/null | grep -q 'glpat-gui-test' && fail "the token is in the registry settings"

dialog ctrl+r 'Image list from a registry' gui-dialog-registry
close_dialog 'Image list from a registry'

dialog ctrl+n 'Add an image, archive or folder' gui-dialog-add
close_dialog 'Add an image, archive or folder'

dialog F1 'About ContainerKitty' gui-dialog-about
close_dialog 'About ContainerKitty'
stop_app

# The same window at 144 DPI: fonts, columns and bars scale.
wine reg add 'HKCU\Control Panel\Desktop' /v LogPixels /t REG_DWORD /d 144 /f >/dev/null 2>&1
wineserver -w
start_app
gui_shot gui-dpi144
stop_app
echo "PASS: settings, GitLab (a listing, the token remembered), registry, add and About dialogs; 144 DPI"
