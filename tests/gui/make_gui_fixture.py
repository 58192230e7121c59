#!/usr/bin/env python3
"""Writes the data of the GUI scan test: a root folder of a small Debian 12
system (os-release and a dpkg status database) and OSV records for its
packages, and upgrades that root later so that a second scan differs.

  make_gui_fixture.py DIR          root/ (first state) and osv/*.json
  make_gui_fixture.py DIR upgrade  root/ in its second state: openssl fixed

Records: openssl (high, fixed in the upgrade), glibc (low, no fix), zlib
(critical by CVSS 3.1 9.8, fixed), bash (medium, fixed), and one for a
package the root does not have. The package versions are Debian 12's."""
import json
import pathlib
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


def status(upgraded):
    out = []
    for pkg, ver, src, srcver in PACKAGES:
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
    root = base / "root"
    (root / "etc").mkdir(parents=True, exist_ok=True)
    (root / "var/lib/dpkg").mkdir(parents=True, exist_ok=True)
    (root / "etc/os-release").write_text(
        'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\n'
        'VERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\n')
    (root / "var/lib/dpkg/status").write_text(status(upgraded))
    if not upgraded:
        osv = base / "osv"
        osv.mkdir(parents=True, exist_ok=True)
        for rec in RECORDS:
            (osv / f"{rec['id']}.json").write_text(json.dumps(rec, indent=1))


if __name__ == "__main__":
    main()
