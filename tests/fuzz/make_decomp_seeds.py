#!/usr/bin/env python3
"""Writes the seed corpus of fuzz_decomp (corpus/decomp/): small image
layers made with Python's tarfile, compressed by the real zstd and gzip
command-line tools as image builders compress layers:

  zstd: level 3 and level 19 (content size in the frame header); from a
    pipe (no content size: the decoder streams through its window); two
    frames one after the other; --long=28 (a window over the decoder's
    limit, refused); a stream cut short.
  gzip: -9 -n; two members one after the other; a member followed by junk.

Each file starts with the byte that chooses the size of the pieces the
target feeds (fuzz_decomp.c). Deterministic: fixed times and owners, gzip
-n, zstd without file names.

Run by hand (needs the zstd and gzip tools):  python3 tests/fuzz/make_decomp_seeds.py
"""
import io
import os
import subprocess
import sys
import tarfile

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus", "decomp")

DEBIAN = [
    ("etc/", None, "dir"),
    ("etc/os-release", "../usr/lib/os-release", "link"),
    ("usr/lib/os-release", b'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\n'
                           b'VERSION_ID="12"\nVERSION_CODENAME=bookworm\nID=debian\n', "file"),
    ("var/lib/dpkg/status", b"Package: base-files\nStatus: install ok installed\nArchitecture: amd64\n"
                            b"Version: 12.4+deb12u5\n\nPackage: libzstd1\nStatus: install ok installed\n"
                            b"Architecture: amd64\nSource: libzstd\nVersion: 1.5.4+dfsg2-5\n", "file"),
    ("var/lib/dpkg/status.d/tzdata", b"Package: tzdata\nVersion: 2024a-0+deb12u1\nArchitecture: all\n", "file"),
    ("usr/bin/hello", b"#!/bin/sh\necho hello\n", "file"),
]

ALPINE = [
    ("etc/os-release", b'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.20.3\n', "file"),
    ("lib/apk/db/installed", b"C:Q1abc=\nP:musl\nV:1.2.5-r0\nA:x86_64\no:musl\n\n"
                             b"C:Q1def=\nP:zstd-libs\nV:1.5.6-r0\nA:x86_64\no:zstd\n\n", "file"),
    ("etc/.wh.motd", b"", "file"),
    ("var/lib/dpkg/.wh..wh..opq", b"", "file"),
]


def tar_bytes(entries):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as t:
        for name, data, kind in entries:
            info = tarfile.TarInfo(name)
            info.mtime = 1700000000
            info.uid = info.gid = 0
            info.uname = info.gname = "root"
            if kind == "dir":
                info.type, info.mode = tarfile.DIRTYPE, 0o755
                t.addfile(info)
            elif kind == "link":
                info.type, info.linkname = tarfile.SYMTYPE, data
                t.addfile(info)
            else:
                info.size, info.mode = len(data), 0o644
                t.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def tool(args, data):
    return subprocess.run(args, input=data, capture_output=True, check=True).stdout


def zstd(data, *opts, size=True):
    # from a pipe zstd does not know the size unless told (--stream-size)
    extra = ["--stream-size=%d" % len(data)] if size else []
    return tool(["zstd", "-q", "-c", *opts, *extra, "-"], data)


def gzip(data, *opts):
    return tool(["gzip", "-n", "-c", *opts], data)


def out(name, first, data):
    with open(os.path.join(CORPUS, name), "wb") as f:
        f.write(bytes([first]) + data)


def main():
    os.makedirs(CORPUS, exist_ok=True)
    for f in os.listdir(CORPUS):
        if not f.startswith("regress-"):
            os.remove(os.path.join(CORPUS, f))
    deb, alp = tar_bytes(DEBIAN), tar_bytes(ALPINE)
    half = len(deb) // 2
    out("zstd-3-debian", 0x00, zstd(deb, "-3"))
    out("zstd-19-alpine", 0x05, zstd(alp, "-19"))
    out("zstd-pipe-debian", 0x01, zstd(deb, "-3", size=False))
    out("zstd-two-frames", 0x07, zstd(deb[:half], "-1") + zstd(deb[half:], "-9"))
    out("zstd-long28-refused", 0x00, zstd(deb, "--long=28", size=False))
    cut = zstd(alp, "-3")
    out("zstd-cut-short", 0x02, cut[:len(cut) * 2 // 3])
    out("gzip-9-debian", 0x00, gzip(deb, "-9"))
    out("gzip-two-members", 0x03, gzip(alp[:1024], "-1") + gzip(alp[1024:], "-9"))
    out("gzip-junk-after", 0x11, gzip(alp[:1536], "-6") + b"JUNK" * 4)
    for f in sorted(os.listdir(CORPUS)):
        print("%-22s %5d bytes" % (f, os.path.getsize(os.path.join(CORPUS, f))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
