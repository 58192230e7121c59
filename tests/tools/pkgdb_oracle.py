#!/usr/bin/env python3
"""Extended check of the package database parsers: counts the installed
packages of every database under <shared fixtures>/pkgdb independently
(python3-apt's deb822 parser for dpkg files, a plain reading of apk's
format, python3-rpm's header parser over sqlite3 for rpmdb.sqlite) and
compares with what ContainerKitty reports (test_pkgdb_shared --dump).

    pkgdb_oracle.py TEST_EXE FIXTURES SHARED_FIXTURES [EMULATOR...]

Exit 0 when every count agrees, 1 otherwise, 77 when the shared fixtures or
the Python modules are absent."""
import os
import sqlite3
import subprocess
import sys

SKIP = 77


def dpkg_count(path, status_d):
    import apt_pkg
    n = 0
    with open(path, encoding="utf-8", errors="replace") as f:
        for sec in apt_pkg.TagFile(f):
            pkg, ver, status = sec.get("Package", ""), sec.get("Version", ""), sec.get("Status")
            words = status.split() if status is not None else None
            installed = (len(words) >= 3 and words[2] == "installed") if words is not None else status_d
            if pkg and ver and installed:
                n += 1
    return n


def apk_count(path):
    n = 0
    with open(path, encoding="utf-8", errors="replace") as f:
        for record in f.read().replace("\r\n", "\n").split("\n\n"):
            keys = {line[0] for line in record.split("\n") if len(line) >= 2 and line[1] == ":" and line[2:]}
            if "P" in keys and "V" in keys:
                n += 1
    return n


def rpm_count(path):
    import rpm
    db = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
    names = [rpm.hdr(blob)[rpm.RPMTAG_NAME] for (blob,) in db.execute("SELECT blob FROM Packages")]
    return sum(1 for n in names if n != "gpg-pubkey")


def main():
    exe, fixtures, shared = sys.argv[1:4]
    emulator = sys.argv[4:]
    if not os.path.isdir(os.path.join(shared, "pkgdb")):
        print(f"{shared}/pkgdb is absent: skipped")
        return SKIP
    try:
        import apt_pkg
        apt_pkg.init()
    except ImportError:
        print("python3-apt is not installed: skipped")
        return SKIP
    out = subprocess.run(emulator + [exe, fixtures, shared, "--dump"], capture_output=True, check=True).stdout
    out = out.decode("utf-8").replace("\r\n", "\n")
    bad = checked = 0
    for line in out.splitlines():
        rel, kind, count, _warnings = line.split("\t")
        path = os.path.join(shared, "pkgdb", rel)
        try:
            if kind.startswith("dpkg"):
                want = dpkg_count(path, kind == "dpkg-status.d")
            elif kind == "apk":
                want = apk_count(path)
            elif kind == "rpm":
                want = rpm_count(path)
            else:
                continue
        except Exception as e:  # the oracle itself refuses the file
            print(f"{rel}: the oracle cannot read it ({e}); ContainerKitty found {count}")
            continue
        checked += 1
        if int(count) != want:
            bad += 1
            print(f"{rel}: ContainerKitty found {count} installed packages, the oracle {want}")
    print(f"{checked} databases compared, {bad} disagreements")
    return 1 if bad or not checked else 0


if __name__ == "__main__":
    sys.exit(main())
