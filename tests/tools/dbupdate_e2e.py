#!/usr/bin/env python3
"""Drives `ckitty db update` against tests/tools/osv_server.py, which
serves OSV's layout: main ecosystems only (Debian/all.zip, no
Debian:12/all.zip), whose records name their releases.
`--ecosystem Debian:12` downloads feed Debian keeping the Debian:12 entries:
a first full download (one malformed record among many: counted, named, the
rest imported; a record of Debian:13 only left out), then 304 (nothing new),
then an incremental update (records newer than the newest held, fetched one
by one), then a download cut off half way and an all.zip whose records do
not parse, both of which must leave the data as it was and fail, then a
full download of a new all.zip, then Debian:13 added (all.zip read whole
again). A --base-url with user:password is never printed. Record counts
come from `ckitty db status`.

Then the data follows the images: root folders made here (Debian 13,
Alpine 3.22, one holding node_modules/x/package.json) are scanned, and
`ckitty db update` with no --ecosystem asks the server for exactly the
Debian, Alpine and npm folders (Ubuntu and PyPI are served but not needed);
a rescan of the Debian 13 root is then matched against Debian:13 records.

    dbupdate_e2e.py --ckitty PATH [--emulator RUNNER] --fixtures DIR --work DIR
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.request

from fixture_client import FixtureServer

ECO = "Debian:12"   # the release asked for
FEED = "Debian"     # the folder OSV serves it in
failures = 0


def check(cond, what):
    global failures
    print(("ok    " if cond else "FAIL  ") + what, flush=True)
    if not cond:
        failures += 1


def ckitty(args, runner, *cmd):
    full = ([runner] if runner else []) + [args.ckitty] + list(cmd)
    p = subprocess.run(full, capture_output=True, text=True, timeout=600)
    print("$ ckitty %s -> %d" % (" ".join(cmd), p.returncode))
    for line in (p.stdout + p.stderr).splitlines():
        print("    " + line)
    return p.returncode, p.stdout + p.stderr


def feed_records(args, runner, db):
    """Records of the feed as `ckitty db status` lists it, or -1."""
    _, out = ckitty(args, runner, "db", "status", "--db", db)
    section = out.split("Downloaded from OSV:")[-1] if "Downloaded from OSV:" in out else ""
    section = section.split("Ecosystems:")[0]
    m = re.search(r"^\s+%s\s+(\d+)\s" % re.escape(FEED), section, re.M)
    return int(m.group(1)) if m else -1


def eco_records(args, runner, db, eco):
    """Records of a release as the Ecosystems section of `db status` lists it, or -1."""
    _, out = ckitty(args, runner, "db", "status", "--db", db)
    section = out.split("Ecosystems:")[-1] if "Ecosystems:" in out else ""
    m = re.search(r"^\s+%s\s+(\d+)\s" % re.escape(eco), section, re.M)
    return int(m.group(1)) if m else -1


def total_records(args, runner, db):
    _, out = ckitty(args, runner, "db", "status", "--db", db)
    m = re.search(r"^Records: (\d+)", out, re.M)
    return int(m.group(1)) if m else -1


def write_record(path, rid, modified, fixed, eco=ECO, name="e2e-pkg"):
    rec = {
        "schema_version": "1.6.0", "id": rid, "modified": modified, "published": "2024-01-01T00:00:00Z",
        "upstream": ["CVE-2099-" + rid[-4:]], "details": "A record added by the update test.",
        "affected": [{"package": {"ecosystem": eco, "name": name},
                      "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": fixed}]}]}],
    }
    with open(path, "w") as f:
        json.dump(rec, f)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def make_roots(work):
    """Three root folders: Debian 13 with zlib 1.2.13 (affected by
    DEBIAN-CVE-2023-45853 of Debian:13), Alpine 3.22, and one with an npm
    package and no OS."""
    roots = {k: os.path.join(work, "roots", k) for k in ("debian13", "alpine", "node")}
    write(os.path.join(roots["debian13"], "etc/os-release"),
          'PRETTY_NAME="Debian GNU/Linux 13 (trixie)"\nNAME="Debian GNU/Linux"\nVERSION_ID="13"\n'
          'VERSION_CODENAME=trixie\nID=debian\n')
    write(os.path.join(roots["debian13"], "var/lib/dpkg/status"),
          "Package: zlib1g\nStatus: install ok installed\nArchitecture: amd64\nSource: zlib\n"
          "Version: 1:1.2.13.dfsg-1\n\n")
    write(os.path.join(roots["alpine"], "etc/os-release"),
          'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.22.1\nPRETTY_NAME="Alpine Linux v3.22"\n')
    write(os.path.join(roots["alpine"], "lib/apk/db/installed"), "P:musl\nV:1.2.5-r10\nA:x86_64\no:musl\n\n")
    write(os.path.join(roots["node"], "app/node_modules/x/package.json"), '{"name": "x", "version": "1.0.0"}\n')
    return roots


def follow_images(args, runner, server):
    """The data follows the images in the history."""
    work = os.path.join(args.work, "follow")
    os.makedirs(work)
    db, hist = os.path.join(work, "vulns.db"), os.path.join(work, "history.db")
    roots = make_roots(work)
    store = ["--db", db, "--history", hist]
    for name in ("debian13", "alpine", "node"):
        rc, out = ckitty(args, runner, "scan", "--rootfs", roots[name], *store)
        check(rc == 0, "scan of the %s root" % name)
        if name == "debian13":
            check("Not assessed" in out and "Debian:13" in out, "before any update the Debian 13 root is not assessed")

    # Served: Debian (the fixtures), Alpine, npm, and Ubuntu and PyPI that no image needs.
    fixtures = os.path.join(args.fixtures, "osv")
    for feed, sub in (("Alpine", "alpine"), ("Ubuntu", "ubuntu")):
        server.control(action="load", ecosystem=feed, dir=os.path.join(fixtures, sub))
    deb = os.path.join(work, "feed-debian")
    os.makedirs(deb)
    for name in os.listdir(os.path.join(fixtures, "debian")):
        if name.endswith(".json") and "truncated" not in name and "broken" not in name:
            shutil.copy(os.path.join(fixtures, "debian", name), deb)
    server.control(action="load", ecosystem="Debian", dir=deb)
    for feed, eco, rid in (("npm", "npm", "GHSA-e2e0-0000-0001"), ("PyPI", "PyPI", "PYSEC-2099-1")):
        d = os.path.join(work, "feed-" + feed)
        os.makedirs(d)
        write_record(os.path.join(d, rid + ".json"), rid, "2024-03-01T00:00:00Z", "2.0.0", eco=eco, name="x")
        server.control(action="load", ecosystem=feed, dir=d)
    before = server.control(action="stats").get("asked", {})

    # (the exploit likelihood feeds have their own test: exploit_e2e.py)
    rc, out = ckitty(args, runner, "db", "update", "--base-url", server.base, "--no-exploit-data", *store)
    asked = server.control(action="stats").get("asked", {})
    new = {k: asked[k] - before.get(k, 0) for k in asked if asked[k] != before.get(k, 0)}
    check(rc == 0, "db update with no --ecosystem succeeds")
    check(sorted(new) == ["Alpine", "Debian", "npm"], "it asks for exactly Debian, Alpine and npm (asked: %s)" % new)
    check("Debian:13: needed by 1 image" in out and "npm: needed by 1 image" in out
          and "Alpine:v3.22: needed by 1 image" in out, "it says which images need what")
    check(eco_records(args, runner, db, "Debian:13") == 4, "Debian:13 holds its 4 records")
    check(eco_records(args, runner, db, "Debian:12") == -1, "Debian:12, which no image needs, is not kept")
    check(eco_records(args, runner, db, "Alpine:v3.22") == 0, "Alpine:v3.22 is current (no record affects it)")
    check(eco_records(args, runner, db, "npm") == 1, "npm holds its record")

    rc, out = ckitty(args, runner, "scan", "--rootfs", roots["debian13"], *store)
    check(rc == 0 and "Not assessed" not in out, "the Debian 13 root is assessed after the update")
    check("1 vulnerable dependency paths" in out, "and matched against the Debian:13 record of zlib")
    rc, out = ckitty(args, runner, "scan", "--rootfs", roots["node"], *store)
    check(rc == 0 and "Not assessed" not in out, "the npm root is assessed after the update")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckitty", required=True)
    ap.add_argument("--emulator", default="")
    ap.add_argument("--fixtures", required=True)
    ap.add_argument("--work", required=True)
    args = ap.parse_args()
    runner = args.emulator or None

    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    db = os.path.join(args.work, "vulns.db")
    here = os.path.dirname(os.path.abspath(__file__))
    server = FixtureServer(os.path.join(here, "osv_server.py"))
    try:
        # Served: the Debian fixtures' 8 good records (7 of them affect
        # Debian:12, one only Debian:13), 50 more, and one malformed record
        # (fewer than 2 in 100 fail: the update goes on).
        src = os.path.join(args.fixtures, "osv", "debian")
        feed_dir = os.path.join(args.work, "feed")
        os.makedirs(feed_dir)
        for name in os.listdir(src):
            if name.endswith(".json") and "truncated" not in name:
                shutil.copy(os.path.join(src, name), feed_dir)
        for i in range(50):
            rid = "DEBIAN-CVE-2098-%04d" % i
            write_record(os.path.join(feed_dir, rid + ".json"), rid, "2024-02-01T00:00:00Z", "1.0-1")
        server.control(action="load", ecosystem=FEED, dir=feed_dir)
        try:
            urllib.request.urlopen(server.base + "/Debian%3A12/all.zip", timeout=30)
            scoped = 200
        except urllib.error.HTTPError as e:
            scoped = e.code
        check(scoped == 404, "the server has no release-scoped folder (Debian:12/all.zip: 404)")
        empty_history = os.path.join(args.work, "no-history.db")
        base = ["--ecosystem", ECO, "--base-url", server.base, "--db", db, "--history", empty_history]

        rc, out = ckitty(args, runner, "db", "update", *base)
        check(rc == 0, "first update succeeds")
        check("Debian/all.zip" in out and "57 new" in out, "first update downloads Debian/all.zip: 57 new records")
        check("1 records of other releases left out" in out, "the record of Debian:13 only is left out")
        check("1 failed" in out and "DEBIAN-CVE-2024-0001" in out, "a malformed record is counted and named")
        check(feed_records(args, runner, db) == 57, "status lists the feed Debian with 57 records")
        check(eco_records(args, runner, db, ECO) == 57, "status lists Debian:12 with 57 records")
        check(eco_records(args, runner, db, "Debian:11") == -1, "no Debian:11 entries are kept")
        stats = server.control(action="stats")
        check(stats.get("zip") == 1, "one all.zip served")
        check(stats.get("asked") == {"Debian:12": 1, "Debian": 1}, "only the Debian folder was asked for")

        rc, out = ckitty(args, runner, "db", "update", *base)
        stats = server.control(action="stats")
        check(rc == 0 and "up to date" in out, "second update: up to date")
        check(stats.get("304") == 1 and stats.get("conditional") == 1, "all.zip asked conditionally, answered 304")
        check(stats.get("csv") == 1 and stats.get("json", 0) == 0, "modified_id.csv read, no record fetched")

        # Two changes after the newest record: one new, one newer version.
        new = os.path.join(args.work, "DEBIAN-CVE-2099-0001.json")
        write_record(new, "DEBIAN-CVE-2099-0001", "2030-01-01T00:00:00Z", "1.0-1")
        upd = os.path.join(args.work, "DSA-5532-1.json")
        with open(os.path.join(args.fixtures, "osv", "debian", "DSA-5532-1.json")) as f:
            rec = json.load(f)
        rec["modified"] = "2030-01-02T00:00:00Z"
        rec["summary"] = "openssl - security update (revised)"
        with open(upd, "w") as f:
            json.dump(rec, f)
        server.control(action="put", ecosystem=FEED, path=new)
        server.control(action="put", ecosystem=FEED, path=upd)
        rc, out = ckitty(args, runner, "db", "update", *base)
        stats = server.control(action="stats")
        check(rc == 0 and "2 changed records fetched" in out, "third update fetches the 2 changed records")
        check("1 new, 1 updated" in out, "one record added, one replaced")
        check(stats.get("304") == 2 and stats.get("json") == 2, "all.zip 304 again, 2 records fetched")
        check(feed_records(args, runner, db) == 58, "the feed holds 58 records")

        # A new all.zip whose download is cut off half way.
        server.control(action="rebuild", ecosystem=FEED)
        server.control(action="drop", after=300)
        before = total_records(args, runner, db)
        rc, out = ckitty(args, runner, "db", "update", *base)
        check(rc != 0, "a dropped download fails")
        check("unchanged" in out, "the failure says the data is unchanged")
        check(total_records(args, runner, db) == before == 58, "record count unchanged after the dropped download")
        check(not [n for n in os.listdir(args.work) if n.endswith(".part")], "no partial download left behind")
        rc, out = ckitty(args, runner, "db", "status", "--db", db)
        check(rc == 0 and "Debian:12" in out, "the database still opens and lists Debian:12")

        # An all.zip whose records do not parse: refused, nothing pruned.
        server.control(action="drop", after=-1)
        bad_dir = os.path.join(args.work, "bad")
        os.makedirs(bad_dir)
        for i in range(3):
            with open(os.path.join(bad_dir, "DEBIAN-CVE-2097-%04d.json" % i), "w") as f:
                f.write('{"id": "DEBIAN-CVE-2097-%04d", "modified": ' % i)  # cut short
        server.control(action="load", ecosystem="Alpine", dir=bad_dir)
        rc, out = ckitty(args, runner, "db", "update", "--ecosystem", "Alpine:v3.22", "--base-url", server.base,
                         "--db", db, "--history", empty_history)
        check(rc != 0, "an all.zip of malformed records fails the update")
        check("3 of the 3 records" in out and "DEBIAN-CVE-2097-0000.json" in out,
              "the failure says how many records failed and names the first")
        check(total_records(args, runner, db) == 58, "nothing imported, nothing removed")
        # the same for a feed held before: its good records stay
        server.control(action="load", ecosystem=FEED, dir=bad_dir)
        rc, out = ckitty(args, runner, "db", "update", *base)
        check(rc != 0 and "could not be read" in out, "a held feed's malformed all.zip fails the update")
        check(feed_records(args, runner, db) == 58, "the held feed keeps its 58 records")

        # The new all.zip, delivered whole.
        server.control(action="load", ecosystem=FEED, dir=feed_dir)
        for path in (new, upd):
            server.control(action="put", ecosystem=FEED, path=path)
        server.control(action="rebuild", ecosystem=FEED)
        rc, out = ckitty(args, runner, "db", "update", *base)
        check(rc == 0 and "all.zip" in out and "0 new" in out, "a changed all.zip is downloaded and imported")
        check(feed_records(args, runner, db) == 58, "still 58 records after the full import")

        # Debian:13 as well: the unchanged all.zip is read whole again, Debian:12 stays kept.
        before = server.control(action="stats")
        rc, out = ckitty(args, runner, "db", "update", "--ecosystem", "Debian:13", "--base-url", server.base,
                         "--db", db, "--history", empty_history)
        stats = server.control(action="stats")
        check(rc == 0 and "1 new" in out, "adding Debian:13 imports its one record of Debian:13 only")
        check(stats.get("zip", 0) == before.get("zip", 0) + 1, "all.zip is downloaded whole for the new release")
        check(feed_records(args, runner, db) == 59, "the feed holds 59 records")
        check(eco_records(args, runner, db, "Debian:13") == 4, "Debian:13 has its 4 records")
        check(eco_records(args, runner, db, ECO) == 58, "Debian:12 keeps its 58 records")
        rc, out = ckitty(args, runner, "db", "status", "--db", db)
        check(re.search(r"^\s+Debian\s+59\s.*Debian:13,Debian:12\s*$", out, re.M) is not None,
              "status lists the releases kept of feed Debian")

        # A mirror's user:password in --base-url is used, never printed.
        secret_base = server.base.replace("http://", "http://mirror-user:Mirror-Pw-2468@")
        rc, out = ckitty(args, runner, "db", "update", "--verbose", "--ecosystem", ECO, "--base-url", secret_base,
                         "--db", db)
        check(rc == 0, "an update through a --base-url with credentials succeeds")
        check("Mirror-Pw-2468" not in out and "mirror-user" not in out, "the credentials are never printed")

        rc, out = ckitty(args, runner, "db", "update", "--ecosystem", "NoSuch:1", "--base-url", server.base,
                         "--db", db, "--history", empty_history)
        check(rc != 0 and "404" in out and "NoSuch/all.zip" in out, "an unknown ecosystem reports HTTP 404")

        follow_images(args, runner, server)
    finally:
        server.stop()
    print("%d failed" % failures)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
