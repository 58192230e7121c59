#!/usr/bin/env bash
# Makes the second real Debian image of the scan tests: the debootstrap root of
# the e2e environment upgraded from Debian's security archive, so that real
# packages differ from the release image. The root tarball is made once and
# cached beside the base one; then it is imported into the e2e engine and
# pushed to its registry as <registry>/ck/debian:<suite>-security.
# Run inside `e2e-env.sh exec` (needs CK_E2E_SOCK, CK_E2E_REGISTRY, CK_E2E_SUITE).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
suite=${CK_E2E_SUITE:-bookworm}
cache=${CK_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/containerkitty/images}
arch=$(dpkg --print-architecture)
base=$cache/debian-$suite-minbase-$arch.tar
out=$cache/debian-$suite-security-$arch.tar
image=$CK_E2E_REGISTRY/ck/debian:$suite-security
# The e2e engine's own socket: DOCKER_HOST is unset when Windows programs run.
docker() { command docker -H "unix://$CK_E2E_SOCK" "$@"; }

mirror_of() { # the URI of the deb822 stanza whose Suites list holds $1
    awk -v suite="$1" '
        /^[ \t]*$/ { if (ok && uri) { print uri; exit } ok = 0; uri = ""; next }
        /^URIs:/   { uri = $2 }
        /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == suite) ok = 1 }
        END        { if (ok && uri) print uri }' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1
}

make_root() {
    local work security
    work=$(mktemp -d)
    trap 'umount "$work/root/proc" 2>/dev/null || true; rm -rf "$work"' RETURN
    mkdir "$work/root"
    tar -C "$work/root" -xf "$base"
    security=$(mirror_of "$suite-security")
    security=${security:-http://deb.debian.org/debian-security}
    echo "deb $security $suite-security main" >>"$work/root/etc/apt/sources.list"
    cp /etc/resolv.conf "$work/root/etc/resolv.conf"
    echo "make_security_image: upgrading the $suite root from $security (once; cached in $out)" >&2
    chroot "$work/root" apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive chroot "$work/root" apt-get -y -qq upgrade >&2
    chroot "$work/root" apt-get clean
    rm -rf "$work/root/var/lib/apt/lists/"*
    : >"$work/root/etc/resolv.conf"
    tar --numeric-owner --sort=name -C "$work/root" -cf "$out.part" .
    mv -f "$out.part" "$out"
}

[ -f "$base" ] || { echo "make_security_image: $base is missing (run e2e-env.sh start)" >&2; exit 1; }
(
    flock 9
    [ -f "$out" ] || make_root
    if ! docker image inspect "$image" >/dev/null 2>&1; then
        docker import - "$image" <"$out" >/dev/null
        docker push "$image" >/dev/null
    fi
) 9>"$out.lock"
echo "$image"
