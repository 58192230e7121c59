#!/usr/bin/env python3
"""Writes the data of the GUI scan test: a root folder of a small Debian 12
system (os-release and a dpkg status database) and OSV records for its
packages, and upgrades that root later so that a second scan differs.

  make_gui_fixture.py DIR          root/ (first state) and osv/*.json
  make_gui_fixture.py DIR upgrade  root/ in its second state: openssl fixed
  make_gui_fixture.py DIR apps     root/ (first state) with application packages
                                   and files no package manager owns, and osv/

Records: openssl (high, fixed in the upgrade), glibc (low, no fix), zlib
(critical by CVSS 3.1 9.8, fixed), bash (medium, fixed), and one for a
package the root does not have. The package versions are Debian 12's.

The "apps" root adds what the whole-filesystem walk finds: npm packages under
two node_modules folders (lodash in both), a Python package a Debian package
installed (its owner), a Go program (copied from tests/fixtures/gobuildinfo:
its modules and its main module as the product), and unmanaged files of every
kind: a program and a library (ELF headers), a script, a configuration file,
an archive."""
import json
import pathlib
import shutil
import sys

PACKAGES = [
    # package, version, source, source version
    ("base-files", "12.4+deb12u5", "base-files", "12.4+deb12u5"),
    ("bash", "5.2.15-2+b2", "bash", "5.2.15-2"),
    ("libc6", "2.36-9+deb12u4", "glibc", "2.36-9+deb12u4"),
    ("libc-bin", "2.36-9+deb12u4", "glibc", "2.36-9+deb12u4"),
    ("libssl3", "3.0.11-1~deb12u2", "openssl", "3.0.11-1~deb12u2"),
    ("openssl", "3.0.11-1~deb12u2", "openssl", "3.0.11-1~deb12u2"),
    ("zlib1g", "1:1.2.13.dfsg-1", "zlib", "1:1.2.13.dfsg-1"),
    ("tar", "1.34+dfsg-1.2+deb12u1", "tar", "1.34+dfsg-1.2+deb12u1"),
]
UPGRADE = {"libssl3": "3.0.13-1~deb12u1", "openssl": "3.0.13-1~deb12u1"}


def record(rid, source, fixed, urgency, cvss=None, title=None):
    events = [{"introduced": "0"}] + ([{"fixed": fixed}] if fixed else [])
    rec = {
        "schema_version": "1.6.0", "id": rid, "modified": "2026-11-01T00:00:00Z",
        "published": "2026-10-01T00:00:00Z", "upstream": [rid.replace("CKGUI", "CVE")],
        "summary": title or f"test vulnerability in {source}",
        "details": f"A vulnerability made for the GUI test of {source}.\nIts second line.",
        "affected": [{"package": {"ecosystem": "Debian:12", "name": source},
                      "ranges": [{"type": "ECOSYSTEM", "events": events}],
                      "ecosystem_specific": {"urgency": urgency}}],
        "references": [{"type": "ADVISORY", "url": f"https://security-tracker.debian.org/tracker/{rid}"},
                       {"type": "WEB", "url": f"https://example.com/advisories/{rid}"}],
    }
    if cvss:
        rec["severity"] = [{"type": "CVSS_V3", "score": cvss}]
    return rec


RECORDS = [
    record("CKGUI-2026-0001", "openssl", "3.0.13-1~deb12u1", "high", title="openssl: buffer overread in X.509"),
    record("CKGUI-2026-0002", "glibc", None, "low", title="glibc: stack exhaustion in regcomp"),
    record("CKGUI-2026-0003", "zlib", "1:1.2.13.dfsg-2", "high",
           "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", title="zlib: heap overflow in inflateGetHeader"),
    record("CKGUI-2026-0004", "bash", "5.2.15-3", "medium", title="bash: command injection via crafted prompt"),
    record("CKGUI-2026-0005", "not-installed-here", "1.0", "high"),
]


APP_PACKAGES = [
    # npm packages of /app (name, version); lodash is in /srv/api too
    ("accepts", "1.3.8"), ("body-parser", "1.20.1"), ("content-type", "1.0.5"), ("cookie", "0.5.0"),
    ("debug", "2.6.9"), ("depd", "2.0.0"), ("etag", "1.8.1"), ("express", "4.18.2"),
    ("finalhandler", "1.2.0"), ("fresh", "0.5.2"), ("lodash", "4.17.21"), ("merge-descriptors", "1.0.1"),
    ("mime", "1.6.0"), ("ms", "2.0.0"), ("on-finished", "2.4.1"), ("parseurl", "1.3.3"),
    ("path-to-regexp", "0.1.7"), ("qs", "6.11.0"), ("send", "0.18.0"), ("serve-static", "1.15.0"),
    ("@types/node", "20.10.5"),
]
OWNED_PYTHON = ("python3-requests", "2.28.1+dfsg-1", "requests", "2.28.1")


def elf(kind, size):
    """A 64-bit x86-64 ELF header (kind 2 program, 3 shared object), padded."""
    head = bytearray(64)
    head[0:7] = b"\x7fELF\x02\x01\x01"
    head[16] = kind
    head[18] = 62
    return bytes(head) + bytes(max(0, size - 64))


def add_apps(root):
    for name, version in APP_PACKAGES:
        d = root / "app/node_modules" / name
        d.mkdir(parents=True, exist_ok=True)
        (d / "package.json").write_text(json.dumps({"name": name, "version": version, "main": "index.js"}))
        (d / "index.js").write_text("module.exports = {};\n")
    d = root / "srv/api/node_modules/lodash"
    d.mkdir(parents=True, exist_ok=True)
    (d / "package.json").write_text(json.dumps({"name": "lodash", "version": "4.17.21"}))
    pkg, _, pyname, pyver = OWNED_PYTHON
    info = f"usr/lib/python3/dist-packages/{pyname}-{pyver}.egg-info"
    (root / info).mkdir(parents=True, exist_ok=True)
    (root / info / "PKG-INFO").write_text(f"Metadata-Version: 1.1\nName: {pyname}\nVersion: {pyver}\n")
    (root / "var/lib/dpkg/info").mkdir(parents=True, exist_ok=True)
    (root / f"var/lib/dpkg/info/{pkg}.list").write_text(f"/usr\n/{info}\n/{info}/PKG-INFO\n")
    go = pathlib.Path(__file__).resolve().parent.parent / "fixtures/gobuildinfo/ckdemo-linux-amd64"
    (root / "usr/local/bin").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(go, root / "usr/local/bin/ckdemo")
    (root / "usr/local/bin/ckdemo").chmod(0o755)
    (root / "usr/local/lib").mkdir(parents=True, exist_ok=True)
    (root / "usr/local/lib/libacme.so.1").write_bytes(elf(3, 81920))
    (root / "opt/acme/bin").mkdir(parents=True, exist_ok=True)
    (root / "opt/acme/bin/acmed").write_bytes(elf(2, 5 << 20))
    (root / "opt/acme/bin/acmed").chmod(0o755)
    (root / "opt/acme/run.sh").write_text("#!/bin/sh\nexec /opt/acme/bin/acmed \"$@\"\n")
    (root / "opt/acme/plugins.zip").write_bytes(b"PK\x05\x06" + bytes(18))
    (root / "etc/acme").mkdir(parents=True, exist_ok=True)
    (root / "etc/acme/acme.conf").write_text("listen = 0.0.0.0:8080\n")


def status(upgraded, apps=False):
    out = []
    packages = PACKAGES + ([(OWNED_PYTHON[0], OWNED_PYTHON[1], OWNED_PYTHON[2], OWNED_PYTHON[1])]
                           if apps else [])
    for pkg, ver, src, srcver in packages:
        if upgraded and pkg in UPGRADE:
            ver = srcver = UPGRADE[pkg]
        lines = [f"Package: {pkg}", "Status: install ok installed", "Architecture: amd64", f"Version: {ver}"]
        if src != pkg or srcver != ver:
            lines.append(f"Source: {src}" + (f" ({srcver})" if srcver != ver else ""))
        out.append("\n".join(lines) + "\n")
    return "\n".join(out)


def main():
    base = pathlib.Path(sys.argv[1])
    upgraded = len(sys.argv) > 2 and sys.argv[2] == "upgrade"
    apps = len(sys.argv) > 2 and sys.argv[2] == "apps"
    root = base / "root"
    (root / "etc").mkdir(parents=True, exist_ok=True)
    (root / "var/lib/dpkg").mkdir(parents=True, exist_ok=True)
    (root / "etc/os-release").write_text(
        'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\n'
        'VERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\n')
    (root / "var/lib/dpkg/status").write_text(status(upgraded, apps))
    if apps:
        add_apps(root)
    if not upgraded:
        osv = base / "osv"
        osv.mkdir(parents=True, exist_ok=True)
        for rec in RECORDS:
            (osv / f"{rec['id']}.json").write_text(json.dumps(rec, indent=1))


if __name__ == "__main__":
    main()
