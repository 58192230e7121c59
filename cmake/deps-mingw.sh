#!/usr/bin/env bash
# Builds the static Windows dependencies of ContainerKitty (libcurl with
# Schannel, SQLite, cJSON, zstd) from Debian's source packages with
# mingw-w64, once, into a cache outside the build folder keyed by their
# versions. zlib comes from Debian's libz-mingw-w64-dev. Prints the prefix
# on its last line.
#
#   cmake/deps-mingw.sh            build if missing, print the prefix
#
# CK_DEPS_CACHE overrides the cache folder (default ~/.cache/containerkitty).
set -euo pipefail

cache_root=${CK_DEPS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/containerkitty}
host=x86_64-w64-mingw32
here=$(cd "$(dirname "$0")" && pwd)

log() { printf '[*] deps: %s\n' "$*" >&2; }

ensure_deb_src() {
    local f=/etc/apt/sources.list.d/debian.sources
    if apt-get indextargets --format '$(CREATED_BY)' 2>/dev/null | grep -q '^Sources$'; then
        return
    fi
    if [ -f "$f" ] && ! grep -q '^Types:.*deb-src' "$f"; then
        log "adding deb-src entries to $f"
        sed -i 's/^Types: deb$/Types: deb deb-src/' "$f"
    elif [ -f /etc/apt/sources.list ] && ! grep -q '^deb-src' /etc/apt/sources.list; then
        grep '^deb ' /etc/apt/sources.list | sed 's/^deb /deb-src /' >>/etc/apt/sources.list
    fi
    apt-get update -qq
}

# Debian source version (upstream part) of a source package, e.g. 7.88.1
source_version() {
    apt-cache showsrc "$1" 2>/dev/null | awk '/^Version:/ {print $2; exit}'
}

fetch_source() { # name dir version -> prints the unpacked folder
    local name=$1 dir=$2 version=$3
    mkdir -p "$dir"
    # the version the cache key names (the newest candidate's source may be
    # missing from a mirror that has an older one)
    (cd "$dir" && apt-get source --download-only -qq "$name=$version" >&2 &&
        dpkg-source -q -x ./*.dsc src >&2)
    echo "$dir/src"
}

ensure_deb_src
curl_v=$(source_version curl)
sqlite_v=$(source_version sqlite3)
cjson_v=$(source_version cjson)
zstd_v=$(source_version libzstd)
[ -n "$curl_v" ] && [ -n "$sqlite_v" ] && [ -n "$cjson_v" ] && [ -n "$zstd_v" ] || {
    echo "[!] deps: cannot find Debian source packages curl, sqlite3, cjson, libzstd (apt-get update?)" >&2
    exit 1
}
key="mingw64-curl${curl_v}-sqlite${sqlite_v}-cjson${cjson_v}-zstd${zstd_v}"
key=${key//[:~+]/_}
prefix="$cache_root/$key"

if [ -f "$prefix/.complete" ]; then
    log "reusing $prefix"
    echo "$prefix"
    exit 0
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/ckdeps.XXXXXX")
trap 'rm -rf "$work"' EXIT
rm -rf "$prefix"
mkdir -p "$prefix/include" "$prefix/lib"
jobs=$(nproc)

log "curl $curl_v"
src=$(fetch_source curl "$work/curl" "$curl_v")
cmake -S "$src" -B "$work/curl/build" -G Ninja \
    -DCMAKE_TOOLCHAIN_FILE="$here/mingw-w64.cmake" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_INSTALL_PREFIX="$prefix" -DBUILD_SHARED_LIBS=OFF -DBUILD_CURL_EXE=OFF \
    -DBUILD_TESTING=OFF -DCURL_USE_SCHANNEL=ON -DCURL_USE_OPENSSL=OFF \
    -DCURL_USE_LIBSSH2=OFF -DUSE_LIBIDN2=OFF -DCURL_USE_LIBPSL=OFF -DHTTP_ONLY=ON \
    -DCURL_ZLIB=ON -DCURL_BROTLI=OFF -DCURL_ZSTD=OFF -DUSE_NGHTTP2=OFF -DENABLE_UNICODE=ON >&2
cmake --build "$work/curl/build" -j "$jobs" >&2
cmake --install "$work/curl/build" >&2

log "sqlite $sqlite_v"
src=$(fetch_source sqlite3 "$work/sqlite" "$sqlite_v")
mkdir -p "$work/sqlite/native"
(cd "$work/sqlite/native" && "$src/configure" --disable-tcl >/dev/null && make -j "$jobs" sqlite3.c >/dev/null)
$host-gcc -O2 -c -DSQLITE_THREADSAFE=1 -DSQLITE_DQS=0 -DSQLITE_DEFAULT_WAL_SYNCHRONOUS=1 \
    -DSQLITE_ENABLE_FTS5 -DSQLITE_OMIT_LOAD_EXTENSION \
    -o "$work/sqlite/sqlite3.o" "$work/sqlite/native/sqlite3.c"
$host-ar rcs "$prefix/lib/libsqlite3.a" "$work/sqlite/sqlite3.o"
cp "$work/sqlite/native/sqlite3.h" "$prefix/include/"

log "cjson $cjson_v"
src=$(fetch_source cjson "$work/cjson" "$cjson_v")
mkdir -p "$prefix/include/cjson"
$host-gcc -O2 -c -o "$work/cjson/cJSON.o" "$src/cJSON.c"
$host-ar rcs "$prefix/lib/libcjson.a" "$work/cjson/cJSON.o"
cp "$src/cJSON.h" "$prefix/include/cjson/"

# zstd: the library's C sources, without the build system. The decompressor
# is what the application uses; the compressor comes along for the tests,
# which write zstd layers (a static archive: the programs take only what
# they call). The x86-64 Huffman decoder in assembly
# (huf_decompress_amd64.S) is meant for Linux and macOS and is not built:
# ZSTD_DISABLE_ASM says so to the C sources, whose own decoder stands in.
# XXH_NAMESPACE as zstd's own Makefile sets it: its xxhash keeps to itself.
log "zstd $zstd_v"
src=$(fetch_source libzstd "$work/zstd" "$zstd_v")
mkdir -p "$work/zstd/obj"
for part in common compress decompress; do
    for c in "$src"/lib/$part/*.c; do
        $host-gcc -O2 -DZSTD_DISABLE_ASM -DXXH_NAMESPACE=ZSTD_ -c -I"$src/lib" -I"$src/lib/common" \
            -o "$work/zstd/obj/$part-$(basename "${c%.c}").o" "$c"
    done
done
$host-ar rcs "$prefix/lib/libzstd.a" "$work/zstd/obj"/*.o
cp "$src/lib/zstd.h" "$src/lib/zstd_errors.h" "$src/lib/zdict.h" "$prefix/include/"

touch "$prefix/.complete"
log "built into $prefix"
echo "$prefix"
