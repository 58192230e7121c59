#!/usr/bin/env bash
# e2e-env.sh: the end-to-end test environment of ContainerKitty.
#
# A real Docker engine (Debian's dockerd), two real registries (Debian's
# docker-registry, one anonymous and one with a password) on 127.0.0.1, and
# real images made with debootstrap, all with their data under one folder.
# Needs root (dockerd), dockerd, docker, docker-registry, debootstrap, curl.
#
# Usage (as root, from anywhere):
#   tests/tools/e2e-env.sh start          start everything (idempotent); first run
#                                         builds the Debian image (~1-2 min)
#   eval "$(tests/tools/e2e-env.sh env)"  export the variables below in your shell
#   tests/tools/e2e-env.sh exec -- CMD    run CMD with the variables exported
#                                         (exit 77 = skipped when not running)
#   tests/tools/e2e-env.sh exec --relay PIPE_RELAY_EXE -- wine-run.sh TEST.exe ...
#                                         same, for a Windows test under Wine: serves
#                                         \\.\pipe\docker_engine in the build's Wine
#                                         prefix (forwarding to dockerd's TCP port)
#                                         and unsets DOCKER_HOST so the default
#                                         named-pipe endpoint is used
#   tests/tools/e2e-env.sh docker ARGS    the docker CLI against the e2e engine
#   tests/tools/e2e-env.sh extract IMAGE PATH DEST
#                                         `docker create` + `docker cp` + `docker rm`:
#                                         copies PATH out of IMAGE (or "local":
#                                         CK_E2E_IMAGE_LOCAL) to the file DEST
#   tests/tools/e2e-env.sh check          exit 0 when root and the programs are
#                                         present, 77 (skipped) otherwise
#   tests/tools/e2e-env.sh auth-config DIR
#                                         writes DIR/config.json with the
#                                         authenticated registry's credentials
#                                         ("auths"): DOCKER_CONFIG=DIR uses them
#   tests/tools/e2e-env.sh status         what runs (exit 0 when all is up)
#   tests/tools/e2e-env.sh stop           stop the daemons and relays (data is kept)
#   tests/tools/e2e-env.sh purge          stop and delete the e2e folder
#
# In CTest (see tests/e2e/engine.cmake): give a test
#   FIXTURES_REQUIRED ck_e2e   and   SKIP_RETURN_CODE 77
# and run it as  ${CK_E2E_ENV} exec -- <program> ...  (native) or
#   ${CK_E2E_ENV} exec --relay $<TARGET_FILE:pipe_relay> -- ${CK_WINE_RUN} <program> ...
# (mingw build); exec --pipe NAME serves \\.\pipe\NAME instead of docker_engine.
#
# CTest fixtures call `start --lease` / `stop --lease`: the lease is held by the
# calling process (ctest), and `stop --lease` stops the daemons only when no
# other live lease (another ctest run, a manual `start`) remains, so parallel
# test runs of several build folders share one engine safely. A plain `start`
# takes a lease that only a plain `stop` ends.
#
# Variables printed by `env` (and exported by `exec`):
#   DOCKER_HOST            unix://<dir>/docker.sock (the engine's unix socket)
#   CK_E2E_DIR             the e2e folder
#   CK_E2E_SOCK            <dir>/docker.sock
#   CK_E2E_TCP             127.0.0.1:PORT, the engine over plain TCP
#   CK_E2E_API_VERSION     the engine's API version (e.g. 1.41)
#   CK_E2E_REGISTRY        127.0.0.1:PORT, anonymous registry
#   CK_E2E_IMAGE           <registry>/ck/debian:<suite>  (also tags :12 and :latest)
#   CK_E2E_IMAGE_LOCAL     ck/debian:<suite>, the same image, present in the engine
#                          under this name (no registry), no Entrypoint/Cmd
#   CK_E2E_PULL_IMAGE      <registry>/ck/pulltest:1, an 8 MiB single-layer image of
#                          random bytes, ABSENT from the engine after a start that
#                          made it, so a pull downloads (progress events); no package
#                          database, no Cmd. A test that needs a real download
#                          removes it first.
#   CK_E2E_AUTH_REGISTRY   127.0.0.1:PORT, registry with basic authentication
#   CK_E2E_AUTH_USER, CK_E2E_AUTH_PASSWORD   its credentials
#   CK_E2E_AUTH_IMAGE      <auth registry>/ck/private:1 (like the pull image, with
#                          other bytes: the two share no layer)
#   CK_E2E_SUITE           the Debian suite of the image (bookworm)
#
# Settings (environment): CK_E2E_DIR (default <repo>/build/e2e), CK_E2E_SUITE
# (bookworm), CK_E2E_MIRROR (default: the Debian URI of
# /etc/apt/sources.list.d/debian.sources), CK_E2E_CACHE (default
# ~/.cache/containerkitty/images: debootstrap root tarballs, kept across runs),
# CK_E2E_TCP_PORT / CK_E2E_REGISTRY_PORT / CK_E2E_AUTH_REGISTRY_PORT (preferred
# ports, 23750 / 25000 / 25001; others are chosen when busy).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DIR=${CK_E2E_DIR:-$ROOT/build/e2e}
SUITE=${CK_E2E_SUITE:-bookworm}
CACHE=${CK_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/containerkitty/images}
STATE=$DIR/state.env
# Bumped whenever make_images publishes something new: a running environment
# made by an older script then makes the missing images at its next start.
IMAGE_SET=2
SOCK=$DIR/docker.sock

say() { echo "e2e-env: $*" >&2; }
die() { say "$*"; exit 1; }

docker_e2e() { docker -H "unix://$SOCK" "$@"; }

# A process that exited but was not reaped yet (a zombie) is not alive.
pid_alive() {
    [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null || return 1
    [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A free TCP port: the preferred one when free, else a random one.
pick_port() {
    local p=$1 tries=0
    while port_busy "$p"; do
        p=$((20000 + RANDOM % 20000))
        tries=$((tries + 1))
        [ $tries -lt 200 ] || die "no free TCP port found on 127.0.0.1"
    done
    echo "$p"
}

# The first URI of the deb822 stanza whose Suites list holds exactly $SUITE.
debian_mirror() {
    local f=/etc/apt/sources.list.d/debian.sources
    if [ -n "${CK_E2E_MIRROR:-}" ]; then echo "$CK_E2E_MIRROR"; return; fi
    if [ -r "$f" ]; then
        awk -v suite="$SUITE" '
            /^[ \t]*$/ { if (ok && uri) { print uri; exit } ok = 0; uri = ""; next }
            /^URIs:/   { uri = $2 }
            /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == suite) ok = 1 }
            END        { if (ok && uri) print uri }' "$f" | head -1
    else
        echo http://deb.debian.org/debian
    fi
}

wait_for() { # seconds, description, command...
    local secs=$1 what=$2 i
    shift 2
    for ((i = 0; i < secs * 10; i++)); do
        if "$@" >/dev/null 2>&1; then return 0; fi
        sleep 0.1
    done
    die "$what did not become ready within $secs s"
}

load_state() { [ -f "$STATE" ] && . "$STATE"; }

write_state() {
    local tmp=$STATE.tmp.$$
    {
        echo "TCP_PORT=$TCP_PORT"
        echo "REG_PORT=$REG_PORT"
        echo "AUTH_PORT=$AUTH_PORT"
        echo "AUTH_PASSWORD=$AUTH_PASSWORD"
        echo "API_VERSION=${API_VERSION:-}"
        echo "IMAGES_READY=${IMAGES_READY:-0}"
    } >"$tmp"
    mv -f "$tmp" "$STATE"
}

registry_up() { curl -fsS -o /dev/null "http://127.0.0.1:$1/v2/" 2>/dev/null || [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/v2/")" = 401 ]; }

dockerd_up() { pid_alive "$(cat "$DIR/dockerd.pid" 2>/dev/null)" && docker_e2e version >/dev/null 2>&1; }

# ---- prerequisites ---------------------------------------------------------

check_prereqs() {
    local missing="" b
    [ "$(id -u)" = 0 ] || { say "skipped: the e2e environment needs root (dockerd)"; exit 77; }
    for b in dockerd docker docker-registry debootstrap curl flock setsid; do
        command -v "$b" >/dev/null 2>&1 || missing="$missing $b"
    done
    [ -z "$missing" ] || { say "skipped: missing programs:$missing"; exit 77; }
}

# ---- daemons ---------------------------------------------------------------

# Daemons get no inherited descriptors (CTest waits for its pipes to close;
# fd 9 is our lock) and their own session (a test's timeout kill must not
# take them down).
spawn() { # log, command...
    local log=$1
    shift
    setsid "$@" </dev/null >>"$log" 2>&1 7>&- 8>&- 9>&- &
    echo $!
}

start_dockerd() {
    if dockerd_up; then return; fi
    local pid
    pid=$(cat "$DIR/dockerd.pid" 2>/dev/null || true)
    if pid_alive "$pid"; then
        say "dockerd (pid $pid) is not answering; restarting it"
        kill "$pid" 2>/dev/null || true
        wait_for 20 "dockerd's exit" bash -c "! kill -0 $pid"
    fi
    rm -f "$DIR/dockerd.pid" "$SOCK"
    mkdir -p "$DIR/data" "$DIR/exec"
    echo '{}' >"$DIR/daemon.json"
    say "starting dockerd on unix://$SOCK and tcp://127.0.0.1:$TCP_PORT"
    spawn "$DIR/dockerd.log" dockerd --config-file "$DIR/daemon.json" \
        --data-root "$DIR/data" --exec-root "$DIR/exec" --pidfile "$DIR/dockerd.pid" \
        -H "unix://$SOCK" -H "tcp://127.0.0.1:$TCP_PORT" \
        --iptables=false --ip-masq=false --bridge=none >/dev/null
    wait_for 60 "dockerd (log: $DIR/dockerd.log)" docker_e2e version
    API_VERSION=$(docker_e2e version --format '{{.Server.APIVersion}}')
}

# Password hashes for the authenticated registry: bcrypt through the C
# library's crypt(3) (Debian's libcrypt knows $2b$).
bcrypt_hash() {
    /usr/bin/python3 -W ignore -c 'import crypt,sys; print(crypt.crypt(sys.argv[1], crypt.mksalt(crypt.METHOD_BLOWFISH)))' "$1"
}

write_registry_config() { # name, port, auth(0/1)
    local name=$1 port=$2 auth=$3 conf=$DIR/$1.yml
    mkdir -p "$DIR/$name"
    {
        echo "version: 0.1"
        echo "log:"
        echo "  level: warn"
        echo "storage:"
        echo "  filesystem:"
        echo "    rootdirectory: $DIR/$name"
        echo "  delete:"
        echo "    enabled: true"
        echo "http:"
        echo "  addr: 127.0.0.1:$port"
        if [ "$auth" = 1 ]; then
            echo "auth:"
            echo "  htpasswd:"
            echo "    realm: ck-e2e"
            echo "    path: $DIR/$name.htpasswd"
        fi
    } >"$conf"
}

start_registry() { # name, port, auth(0/1)
    local name=$1 port=$2 auth=$3 pid
    pid=$(cat "$DIR/$name.pid" 2>/dev/null || true)
    if pid_alive "$pid" && registry_up "$port"; then return; fi
    if pid_alive "$pid"; then kill "$pid" 2>/dev/null || true; sleep 0.5; fi
    if [ "$auth" = 1 ]; then
        echo "ck:$(bcrypt_hash "$AUTH_PASSWORD")" >"$DIR/$name.htpasswd"
    fi
    write_registry_config "$name" "$port" "$auth"
    say "starting $name on 127.0.0.1:$port"
    spawn "$DIR/$name.log" docker-registry serve "$DIR/$name.yml" >"$DIR/$name.pid"
    wait_for 30 "$name (log: $DIR/$name.log)" registry_up "$port"
}

# ---- images ----------------------------------------------------------------

unmount_under() { # umount everything mounted below a folder, deepest first
    local d
    d=$(readlink -f "$1")
    awk -v d="$d/" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r | while read -r m; do
        umount -l "$m" 2>/dev/null || true
    done
}

# The debootstrap root of $SUITE as a tarball in the cache, made once.
rootfs_tarball() {
    local arch key tar work
    arch=$(dpkg --print-architecture)
    key=debian-$SUITE-minbase-$arch
    tar=$CACHE/$key.tar
    mkdir -p "$CACHE"
    (
        flock 8
        if [ ! -s "$tar" ]; then
            work=$(mktemp -d "$CACHE/.$key.XXXXXX")
            say "debootstrap --variant=minbase $SUITE from $(debian_mirror) (once; cached in $tar)"
            if ! debootstrap --variant=minbase --arch="$arch" "$SUITE" "$work/root" "$(debian_mirror)" \
                >"$work/debootstrap.log" 2>&1; then
                unmount_under "$work"
                tail -20 "$work/debootstrap.log" >&2
                rm -rf "$work"
                die "debootstrap of $SUITE failed"
            fi
            unmount_under "$work"
            rm -rf "$work/root/var/cache/apt/archives/"*.deb "$work/root/var/lib/apt/lists/"* 2>/dev/null || true
            tar --numeric-owner --sort=name -C "$work/root" -cf "$tar.part" .
            mv -f "$tar.part" "$tar"
            rm -rf "$work"
        fi
    ) 8>"$CACHE/$key.lock" 9>&-
    echo "$tar"
}

# A single-layer image of random bytes (kept in the cache so its digest is
# stable across runs): pulling it downloads and reports progress. Each name
# gets its own bytes, so images never share their layer.
noise_tarball() { # name
    local tar=$CACHE/$1.tar work
    mkdir -p "$CACHE"
    (
        flock 8
        if [ ! -s "$tar" ]; then
            work=$(mktemp -d "$CACHE/.$1.XXXXXX")
            mkdir -p "$work/data" "$work/etc"
            head -c 8388608 /dev/urandom >"$work/data/blob"
            echo "ContainerKitty test image $1" >"$work/etc/ck-$1"
            tar --numeric-owner --sort=name --owner=0 --group=0 -C "$work" -cf "$tar.part" data etc
            mv -f "$tar.part" "$tar"
            rm -rf "$work"
        fi
    ) 8>"$CACHE/$1.lock" 9>&-
    echo "$tar"
}

registry_has() { # host:port repo tag [user:pass]
    local auth=()
    [ -z "${4:-}" ] || auth=(-u "$4")
    curl -fsS -o /dev/null "${auth[@]}" \
        -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
        "http://$1/v2/$2/manifests/$3" 2>/dev/null
}

push_as() { # local-image target-ref
    docker_e2e tag "$1" "$2"
    docker_e2e push "$2" >/dev/null
}

make_images() {
    local reg=127.0.0.1:$REG_PORT auth=127.0.0.1:$AUTH_PORT tar t
    local cli_config=$DIR/cli-config

    if ! docker_e2e image inspect "ck/debian:$SUITE" >/dev/null 2>&1; then
        tar=$(rootfs_tarball)
        say "docker import $tar as ck/debian:$SUITE"
        docker_e2e import "$tar" "ck/debian:$SUITE" >/dev/null
    fi
    for t in "$SUITE" 12 latest; do
        registry_has "$reg" ck/debian "$t" || push_as "ck/debian:$SUITE" "$reg/ck/debian:$t"
        docker_e2e rmi "$reg/ck/debian:$t" >/dev/null 2>&1 || true
    done

    if ! registry_has "$reg" ck/pulltest 1; then
        docker_e2e import "$(noise_tarball pulltest-1)" ck/pulltest:1 >/dev/null
        push_as ck/pulltest:1 "$reg/ck/pulltest:1"
    fi
    if ! registry_has "$auth" ck/private 1 "ck:$AUTH_PASSWORD"; then
        docker_e2e import "$(noise_tarball private-1)" ck/private:1 >/dev/null
        mkdir -p "$cli_config"
        echo "$AUTH_PASSWORD" | docker --config "$cli_config" -H "unix://$SOCK" \
            login -u ck --password-stdin "$auth" >/dev/null 2>&1 || die "docker login to $auth failed"
        docker_e2e tag ck/private:1 "$auth/ck/private:1"
        docker --config "$cli_config" -H "unix://$SOCK" push "$auth/ck/private:1" >/dev/null
        docker --config "$cli_config" -H "unix://$SOCK" logout "$auth" >/dev/null 2>&1 || true
    fi
    # Nothing of these images stays in the engine.
    docker_e2e rmi ck/pulltest:1 "$reg/ck/pulltest:1" ck/private:1 "$auth/ck/private:1" >/dev/null 2>&1 || true
    IMAGES_READY=$IMAGE_SET
}

# ---- leases ----------------------------------------------------------------

add_lease() { # pid or "manual"
    mkdir -p "$DIR/leases"
    touch "$DIR/leases/$1"
}

live_leases() {
    local f n=0
    for f in "$DIR"/leases/*; do
        [ -e "$f" ] || continue
        f=${f##*/}
        if [ "$f" = manual ] || pid_alive "$f"; then n=$((n + 1)); else rm -f "$DIR/leases/$f"; fi
    done
    echo $n
}

# ---- relays (Windows tests under Wine) -------------------------------------

wine_prefix() {
    if [ -n "${WINEPREFIX:-}" ]; then echo "$WINEPREFIX"; return; fi
    local d=$PWD
    while [ "$d" != / ] && [ ! -f "$d/CMakeCache.txt" ]; do d=$(dirname "$d"); done
    [ "$d" = / ] && d=$PWD
    echo "$d/wineprefix"
}

# Serves \\.\pipe\<name> in the Wine prefix, forwarding to dockerd's TCP port;
# one relay per prefix and pipe name, started once.
ensure_relay() { # relay.exe, pipe name
    local exe=$1 name=$2 prefix key pidf logf pid i
    prefix=$(wine_prefix)
    key=$(echo "$prefix/$name" | md5sum | cut -c1-12)
    pidf=$DIR/relays/$key.pid
    logf=$DIR/relays/$key.log
    mkdir -p "$DIR/relays"
    (
        flock 7
        pid=$(cat "$pidf" 2>/dev/null || true)
        if pid_alive "$pid" && grep -q '^pipe_relay: listening' "$logf" 2>/dev/null; then exit 0; fi
        [ -z "$pid" ] || kill "$pid" 2>/dev/null || true
        : >"$logf"
        echo "$prefix" >"$DIR/relays/$key.prefix"
        WINEPREFIX=$prefix spawn "$logf" "$ROOT/tests/tools/wine-run.sh" "$exe" \
            --pipe "$name" "127.0.0.1:$TCP_PORT" >"$pidf"
        for ((i = 0; i < 600; i++)); do
            if grep -q '^pipe_relay: listening' "$logf" 2>/dev/null; then exit 0; fi
            if grep -q '^pipe_relay: already served' "$logf" 2>/dev/null; then exit 0; fi
            pid_alive "$(cat "$pidf")" || break
            sleep 0.1
        done
        cat "$logf" >&2
        die "the pipe relay did not start (log: $logf)"
    ) 7>"$DIR/relays/$key.lock" 9>&-
}

stop_relays() {
    local f
    for f in "$DIR"/relays/*.pid; do
        [ -e "$f" ] || continue
        kill "$(cat "$f")" 2>/dev/null || true
        rm -f "$f"
    done
}

# ---- subcommands -----------------------------------------------------------

cmd_start() {
    local lease=manual
    [ "${1:-}" != --lease ] || lease=$PPID
    check_prereqs
    mkdir -p "$DIR"
    exec 9>"$DIR/lock"
    flock 9
    TCP_PORT="" REG_PORT="" AUTH_PORT="" AUTH_PASSWORD="" IMAGES_READY=0
    load_state || true
    dockerd_up || TCP_PORT=$(pick_port "${TCP_PORT:-${CK_E2E_TCP_PORT:-23750}}")
    registry_up "${REG_PORT:-0}" 2>/dev/null || REG_PORT=$(pick_port "${REG_PORT:-${CK_E2E_REGISTRY_PORT:-25000}}")
    registry_up "${AUTH_PORT:-0}" 2>/dev/null || AUTH_PORT=$(pick_port "${AUTH_PORT:-${CK_E2E_AUTH_REGISTRY_PORT:-25001}}")
    [ "$AUTH_PORT" != "$REG_PORT" ] || AUTH_PORT=$(pick_port $((REG_PORT + 1)))
    [ -n "$AUTH_PASSWORD" ] || AUTH_PASSWORD=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
    start_dockerd
    API_VERSION=$(docker_e2e version --format '{{.Server.APIVersion}}')
    start_registry registry "$REG_PORT" 0
    start_registry registry-auth "$AUTH_PORT" 1
    write_state
    if [ "$IMAGES_READY" != "$IMAGE_SET" ] || ! docker_e2e image inspect "ck/debian:$SUITE" >/dev/null 2>&1; then
        make_images
        write_state
    fi
    add_lease "$lease"
    say "ready (eval \"\$($0 env)\")"
}

cmd_stop() {
    local lease=""
    [ "${1:-}" != --lease ] || lease=$PPID
    [ -d "$DIR" ] || return 0
    exec 9>"$DIR/lock"
    flock 9
    if [ -n "$lease" ]; then
        rm -f "$DIR/leases/$lease"
        if [ "$(live_leases)" != 0 ]; then
            say "still in use by another test run; leaving it running"
            return 0
        fi
    fi
    rm -rf "$DIR/leases"
    stop_relays
    local name pid
    for name in registry registry-auth dockerd; do
        pid=$(cat "$DIR/$name.pid" 2>/dev/null || true)
        if pid_alive "$pid"; then
            say "stopping $name (pid $pid)"
            kill "$pid" 2>/dev/null || true
            for ((i = 0; i < 300; i++)); do pid_alive "$pid" || break; sleep 0.1; done
            pid_alive "$pid" && kill -9 "$pid" 2>/dev/null || true
        fi
        rm -f "$DIR/$name.pid"
    done
    rm -f "$STATE"
    # Keep IMAGES_READY knowledge out of a stopped state: the next start checks.
}

cmd_purge() {
    cmd_stop
    [ -d "$DIR" ] || return 0
    unmount_under "$DIR"
    rm -rf "$DIR"
    say "removed $DIR"
}

print_env() {
    load_state || { say "not running (start it with: $0 start)"; return 1; }
    local reg=127.0.0.1:$REG_PORT auth=127.0.0.1:$AUTH_PORT
    cat <<EOF
export DOCKER_HOST='unix://$SOCK'
export CK_E2E_DIR='$DIR'
export CK_E2E_SOCK='$SOCK'
export CK_E2E_TCP='127.0.0.1:$TCP_PORT'
export CK_E2E_API_VERSION='$API_VERSION'
export CK_E2E_REGISTRY='$reg'
export CK_E2E_IMAGE='$reg/ck/debian:$SUITE'
export CK_E2E_IMAGE_LOCAL='ck/debian:$SUITE'
export CK_E2E_PULL_IMAGE='$reg/ck/pulltest:1'
export CK_E2E_AUTH_REGISTRY='$auth'
export CK_E2E_AUTH_USER='ck'
export CK_E2E_AUTH_PASSWORD='$AUTH_PASSWORD'
export CK_E2E_AUTH_IMAGE='$auth/ck/private:1'
export CK_E2E_SUITE='$SUITE'
EOF
}

cmd_exec() {
    local relay="" pipe=docker_engine
    while [ $# -gt 0 ]; do
        case $1 in
            --relay) relay=$2; shift 2 ;;
            --pipe) pipe=$2; shift 2 ;;
            --) shift; break ;;
            *) break ;;
        esac
    done
    [ $# -gt 0 ] || die "exec: no command given"
    local envs
    if ! envs=$(print_env 2>/dev/null) || ! dockerd_up; then
        say "skipped: the e2e environment is not running ($0 start)"
        exit 77
    fi
    eval "$envs"
    if [ -n "$relay" ]; then
        load_state
        WINEPREFIX=$(wine_prefix)
        export WINEPREFIX
        ensure_relay "$relay" "$pipe"
        unset DOCKER_HOST
    fi
    exec 9>&-
    exec "$@"
}

cmd_extract() { # image path dest
    [ $# = 3 ] || die "usage: $0 extract IMAGE PATH DEST"
    local id image=$1
    dockerd_up || die "the e2e engine is not running"
    [ "$image" != local ] || image=ck/debian:$SUITE
    set -- "$image" "$2" "$3"
    docker_e2e image inspect "$1" >/dev/null 2>&1 || docker_e2e pull -q "$1" >/dev/null
    id=$(docker_e2e create --network none "$1" /ck-no-command)
    mkdir -p "$(dirname "$3")"
    if ! docker_e2e cp "$id:$2" "$3.part"; then
        docker_e2e rm -f "$id" >/dev/null 2>&1 || true
        rm -f "$3.part"
        die "cannot copy $2 out of $1"
    fi
    docker_e2e rm -f "$id" >/dev/null
    mv -f "$3.part" "$3"
}

# A docker config folder whose config.json holds the authenticated
# registry's credentials ("auths"), for DOCKER_CONFIG.
cmd_auth_config() { # dir
    [ $# = 1 ] || die "usage: $0 auth-config DIR"
    load_state || die "the e2e environment is not running"
    mkdir -p "$1"
    printf '{\n\t"auths": {\n\t\t"127.0.0.1:%s": {\n\t\t\t"auth": "%s"\n\t\t}\n\t}\n}\n' \
        "$AUTH_PORT" "$(printf 'ck:%s' "$AUTH_PASSWORD" | base64 -w0)" >"$1/config.json"
}

cmd_status() {
    local ok=0
    load_state || { echo "not running"; return 1; }
    if dockerd_up; then echo "dockerd: up (pid $(cat "$DIR/dockerd.pid"), tcp 127.0.0.1:$TCP_PORT, API $API_VERSION)"; else echo "dockerd: down"; ok=1; fi
    if registry_up "$REG_PORT"; then echo "registry: up (127.0.0.1:$REG_PORT)"; else echo "registry: down"; ok=1; fi
    if registry_up "$AUTH_PORT"; then echo "registry-auth: up (127.0.0.1:$AUTH_PORT)"; else echo "registry-auth: down"; ok=1; fi
    echo "leases: $(live_leases)"
    return $ok
}

case ${1:-} in
    start) shift; cmd_start "$@" ;;
    stop) shift; cmd_stop "$@" ;;
    purge) shift; cmd_purge ;;
    env) print_env ;;
    exec) shift; cmd_exec "$@" ;;
    docker) shift; dockerd_up || die "the e2e engine is not running"; docker_e2e "$@" ;;
    extract) shift; cmd_extract "$@" ;;
    check) check_prereqs; echo "e2e-env: prerequisites present" >&2 ;;
    auth-config) shift; cmd_auth_config "$@" ;;
    status) cmd_status ;;
    *) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2 ;;
esac
