# Sourced by the GUI tests: a display (Xvfb, started when DISPLAY is unset)
# and a Wine prefix of their own, created with that display set so that Wine's
# desktop comes up (a prefix first booted without a display shows no windows).
#   gui_env_start <build dir>     exports DISPLAY, WINEPREFIX, CK_SHOTS
#   gui_env_stop                  stops what gui_env_start started
#   gui_shot <name>               saves <CK_SHOTS>/<name>.png of the screen
#   gui_wait_window <title> <s>   waits for a window; prints its X id

gui_env_start() {
    local build=$1
    export WINEDEBUG=-all
    export WINEDLLOVERRIDES="mscoree,mshtml="
    export CK_SHOTS="$build/screenshots"
    mkdir -p "$CK_SHOTS"
    if [ -z "${DISPLAY:-}" ]; then
        local n
        for n in $(seq 90 140); do
            [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] || break
        done
        Xvfb ":$n" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
        GUI_XVFB_PID=$!
        export DISPLAY=":$n"
        for _ in $(seq 50); do
            xdpyinfo >/dev/null 2>&1 && break
            sleep 0.1
        done
    fi
    export WINEPREFIX="$build/wineprefix-gui"
    (
        flock 9
        if [ ! -f "$WINEPREFIX/.ck-ready" ]; then
            wineboot -i >/dev/null 2>&1 && wineserver -w && touch "$WINEPREFIX/.ck-ready"
        fi
        bash "$(dirname "${BASH_SOURCE[0]}")/../tools/wine-fonts.sh" "$WINEPREFIX"
    ) 9>"$WINEPREFIX.lock"
}

gui_env_stop() {
    # Kill the prefix's programs and wait until they are gone, so that the
    # next test finds no program of this one half alive.
    wineserver -k >/dev/null 2>&1 || true
    wineserver -w >/dev/null 2>&1 || true
    local i
    for i in $(seq 50); do
        [ -z "$(grep -lsxzF "WINEPREFIX=$WINEPREFIX" /proc/[0-9]*/environ 2>/dev/null)" ] && break
        sleep 0.1
    done
    if [ -n "${GUI_XVFB_PID:-}" ]; then
        kill "$GUI_XVFB_PID" 2>/dev/null || true
        wait "$GUI_XVFB_PID" 2>/dev/null || true
    fi
}

gui_shot() {
    import -window root "$CK_SHOTS/$1.png"
    echo "screenshot: $CK_SHOTS/$1.png"
}

gui_wait_window() {
    local title=$1 secs=$2 id=""
    for _ in $(seq $((secs * 10))); do
        id=$(xdotool search --onlyvisible --name "^$title\$" 2>/dev/null | head -1)
        [ -n "$id" ] && break
        sleep 0.1
    done
    [ -n "$id" ] && echo "$id"
}
