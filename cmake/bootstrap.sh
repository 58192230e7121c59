#!/usr/bin/env bash
# Installs what building and testing ContainerKitty on Debian 12 needs, then
# the static Windows dependencies (cached; see deps-mingw.sh). Idempotent:
# nothing is downloaded when everything is present. Needs root for apt-get.
set -euo pipefail

packages=(
    build-essential cmake ninja-build pkg-config clang libclang-rt-dev python3 python3-apt python3-rpm
    libcurl4-openssl-dev libcjson-dev libsqlite3-dev zlib1g-dev libzstd-dev zstd
    gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64 mingw-w64-x86-64-dev libz-mingw-w64-dev
    wine wine64 fonts-wine xvfb xauth x11-utils imagemagick xdotool
    nsis wixl msitools
    docker.io docker-registry debootstrap rpm dpkg-dev tcl apache2-utils
    golang-go
    python3-packaging python3-yaml node-semver ruby php-cli php-composer-semver libmaven3-core-java default-jre-headless
)
# Node.js may come from elsewhere than Debian (its own package then holds npm,
# and Debian's npm conflicts with it): Debian's only when there is no npm.
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "[*] installing: ${missing[*]}" >&2
    SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

bash "$(dirname "$0")/deps-mingw.sh"
