#!/usr/bin/env bash
# Makes the application image of the inventory tests from the e2e
# environment's debootstrap root, with the ecosystems' own tools:
#   /app                      `npm install` of old lodash, minimist and express
#   /usr/lib/python3/dist-packages   Debian's python3-requests and its
#                             dependencies, installed by apt in a chroot (egg-info)
#   /opt/app/lib/commons-cli-1.5.0.jar, jsr305.jar
#                             jars of Debian's libcommons-cli-java and
#                             libjsr305-java, copied where no package owns them
#   /usr/local/bin/ckapp      a Go program built here with `go build -mod=vendor`
#                             against Debian's golang-golang-x-text-dev source
#   /usr/local/bin/fzf        the Go program of Debian's fzf package, copied
#   /usr/local/bin/app-start.sh   a shell script
#   /opt/app/lib/libz.so.1    the image's own zlib, copied
# The root tarball is made once and cached beside the base one, then imported
# into the e2e engine as ck/app:<suite> (one layer). Prints the tarball's path
# and the image name. Run inside `e2e-env.sh exec` as root (chroot, apt).
set -euo pipefail
suite=${CK_E2E_SUITE:-bookworm}
cache=${CK_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/containerkitty/images}
arch=$(dpkg --print-architecture)
base=$cache/debian-$suite-minbase-$arch.tar
out=$cache/debian-$suite-app-1-$arch.tar
image=ck/app:$suite
docker() { command docker -H "unix://$CK_E2E_SOCK" "$@"; }
say() { echo "make_app_image: $*" >&2; }

# Debian packages fetched by the host's apt, unpacked into $1/<package>.
unpack_debs() {
    local dir=$1 p
    shift
    (cd "$dir" && apt-get download -qq "$@" >&2)
    for p in "$@"; do
        dpkg-deb -x "$dir"/"${p}"_*.deb "$dir/$p"
    done
}

# A Go module with one dependency, vendored from Debian's source of it.
build_go_program() {
    local work=$1 dest=$2 src=$1/ckapp textsrc textver
    textsrc=$work/golang-golang-x-text-dev/usr/share/gocode/src/golang.org/x/text
    textver=$(dpkg-deb -f "$work"/golang-golang-x-text-dev_*.deb Version)
    textver=v${textver%%-*}
    mkdir -p "$src/vendor/golang.org/x"
    cp -r "$textsrc" "$src/vendor/golang.org/x/text"
    printf 'module example.com/ckapp\n\ngo 1.19\n\nrequire golang.org/x/text %s\n' "$textver" >"$src/go.mod"
    {
        printf '# golang.org/x/text %s\n## explicit; go 1.17\n' "$textver"
        (cd "$src/vendor" && find golang.org/x/text -name '*.go' ! -name '*_test.go' -printf '%h\n' | sort -u)
    } >"$src/vendor/modules.txt"
    cat >"$src/main.go" <<'GO'
package main

import (
	"fmt"

	"golang.org/x/text/language"
)

func main() { fmt.Println(language.MustParse("de-CH").String()) }
GO
    (cd "$src" && GOFLAGS=-mod=vendor GOPROXY=off GO111MODULE=on GOPATH="$work/gopath" GOCACHE="$work/gocache" \
        CGO_ENABLED=0 go build -trimpath -o "$dest" .)
}

make_root() {
    local work root lib
    work=$(mktemp -d)
    trap 'rm -rf "$work"' RETURN
    root=$work/root
    mkdir "$root"
    tar -C "$root" -xf "$base"
    say "installing python3-requests in the $suite root, npm packages, jars and Go programs (once; cached in $out)"
    cp /etc/resolv.conf "$root/etc/resolv.conf"
    chroot "$root" apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive chroot "$root" apt-get install -y -qq --no-install-recommends python3-requests >&2
    chroot "$root" apt-get clean
    rm -rf "$root/var/lib/apt/lists/"*
    : >"$root/etc/resolv.conf"

    mkdir -p "$root/app" "$root/opt/app/lib" "$root/usr/local/bin"
    npm install --prefix "$root/app" --ignore-scripts --no-audit --no-fund --save-exact \
        lodash@4.17.15 minimist@1.2.0 express@4.17.1 >&2
    rm -rf "$root/root/.npm"

    unpack_debs "$work" libcommons-cli-java libjsr305-java fzf golang-golang-x-text-dev
    cp "$work/libcommons-cli-java/usr/share/java/commons-cli.jar" "$root/opt/app/lib/commons-cli-1.5.0.jar"
    cp "$work/libjsr305-java/usr/share/java/jsr305.jar" "$root/opt/app/lib/jsr305.jar"
    cp "$work/fzf/usr/bin/fzf" "$root/usr/local/bin/fzf"
    build_go_program "$work" "$root/usr/local/bin/ckapp"
    printf '#!/bin/sh\nexec /usr/local/bin/ckapp "$@"\n' >"$root/usr/local/bin/app-start.sh"
    chmod 755 "$root/usr/local/bin/app-start.sh"
    lib=$(chroot "$root" readlink -f /usr/lib/"$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)"/libz.so.1)
    cp "$root$lib" "$root/opt/app/lib/libz.so.1"

    tar --numeric-owner --sort=name -C "$root" -cf "$out.part" .
    mv -f "$out.part" "$out"
}

[ -f "$base" ] || { say "$base is missing (run e2e-env.sh start)"; exit 1; }
for tool in npm go apt-get dpkg-deb; do
    command -v "$tool" >/dev/null || { say "$tool is missing"; exit 77; }
done
(
    flock 9
    [ -f "$out" ] || make_root
    if ! docker image inspect "$image" >/dev/null 2>&1; then
        docker import - "$image" <"$out" >/dev/null
    fi
) 9>"$out.lock"
echo "$out"
echo "$image"
