#!/usr/bin/env python3
"""Drives `ckitty db update` against tests/tools/osv_server.py:
a first full download (one malformed record among many: counted, named,
the rest imported), then 304 (nothing new), then an incremental update
(records newer than the newest held, fetched one by one), then a download
cut off half way and an all.zip whose records do not parse, both of which
must leave the data as it was and fail, then a full download of a new
all.zip. A --base-url with user:password is never printed. Record counts
come from `ckitty db status`.

    dbupdate_e2e.py --ckitty PATH [--emulator RUNNER] --fixtures DIR --work DIR
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import urllib.request

ECO = "Debian:12"
failures = 0


def check(cond, what):
    global failures
    print(("ok    " if cond else "FAIL  ") + what, flush=True)
    if not cond:
        failures += 1


class Server:
    def __init__(self, script):
        self.proc = subprocess.Popen([sys.executable, script], stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        m = re.match(r"PORT (\d+)", line)
        if not m:
            self.proc.kill()
            raise SystemExit("osv_server did not start: %r" % line)
        self.base = "http://127.0.0.1:%s" % m.group(1)

    def control(self, **body):
        req = urllib.request.Request(self.base + "/_control", data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=30) as r:
            return json.loads(r.read())

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


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
    m = re.search(r"^\s+%s\s+(\d+)\s" % re.escape(ECO), section, re.M)
    return int(m.group(1)) if m else -1


def total_records(args, runner, db):
    _, out = ckitty(args, runner, "db", "status", "--db", db)
    m = re.search(r"^Records: (\d+)", out, re.M)
    return int(m.group(1)) if m else -1


def write_record(path, rid, modified, fixed):
    rec = {
        "schema_version": "1.6.0", "id": rid, "modified": modified, "published": "2024-01-01T00:00:00Z",
        "upstream": ["CVE-2099-" + rid[-4:]], "details": "A record added by the update test.",
        "affected": [{"package": {"ecosystem": ECO, "name": "e2e-pkg"},
                      "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": fixed}]}]}],
    }
    with open(path, "w") as f:
        json.dump(rec, f)


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
    server = Server(os.path.join(here, "osv_server.py"))
    try:
        # Served: the Debian fixtures' 8 good records, 50 more, and one
        # malformed record (fewer than 2 in 100 fail: the update goes on).
        src = os.path.join(args.fixtures, "osv", "debian")
        feed_dir = os.path.join(args.work, "feed")
        os.makedirs(feed_dir)
        for name in os.listdir(src):
            if name.endswith(".json") and "truncated" not in name:
                shutil.copy(os.path.join(src, name), feed_dir)
        for i in range(50):
            rid = "DEBIAN-CVE-2098-%04d" % i
            write_record(os.path.join(feed_dir, rid + ".json"), rid, "2024-02-01T00:00:00Z", "1.0-1")
        server.control(action="load", ecosystem=ECO, dir=feed_dir)
        base = ["--ecosystem", ECO, "--base-url", server.base, "--db", db]

        rc, out = ckitty(args, runner, "db", "update", *base)
        check(rc == 0, "first update succeeds")
        check("all.zip" in out and "58 new" in out, "first update downloads all.zip: 58 new records")
        check("1 failed" in out and "DEBIAN-CVE-2024-0001" in out, "a malformed record is counted and named")
        check(feed_records(args, runner, db) == 58, "status lists the feed with 58 records")
        stats = server.control(action="stats")
        check(stats.get("zip") == 1, "one all.zip served")

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
        server.control(action="put", ecosystem=ECO, path=new)
        server.control(action="put", ecosystem=ECO, path=upd)
        rc, out = ckitty(args, runner, "db", "update", *base)
        stats = server.control(action="stats")
        check(rc == 0 and "2 changed records fetched" in out, "third update fetches the 2 changed records")
        check("1 new, 1 updated" in out, "one record added, one replaced")
        check(stats.get("304") == 2 and stats.get("json") == 2, "all.zip 304 again, 2 records fetched")
        check(feed_records(args, runner, db) == 59, "the feed holds 59 records")

        # A new all.zip whose download is cut off half way.
        server.control(action="rebuild", ecosystem=ECO)
        server.control(action="drop", after=300)
        before = total_records(args, runner, db)
        rc, out = ckitty(args, runner, "db", "update", *base)
        check(rc != 0, "a dropped download fails")
        check("unchanged" in out, "the failure says the data is unchanged")
        check(total_records(args, runner, db) == before == 59, "record count unchanged after the dropped download")
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
        server.control(action="load", ecosystem="Debian:13", dir=bad_dir)
        rc, out = ckitty(args, runner, "db", "update", "--ecosystem", "Debian:13", "--base-url", server.base,
                         "--db", db)
        check(rc != 0, "an all.zip of malformed records fails the update")
        check("3 of the 3 records" in out and "DEBIAN-CVE-2097-0000.json" in out,
              "the failure says how many records failed and names the first")
        check(total_records(args, runner, db) == 59, "nothing imported, nothing removed")
        # the same for a feed held before: its good records stay
        server.control(action="load", ecosystem=ECO, dir=bad_dir)
        rc, out = ckitty(args, runner, "db", "update", *base)
        check(rc != 0 and "could not be read" in out, "a held feed's malformed all.zip fails the update")
        check(feed_records(args, runner, db) == 59, "the held feed keeps its 59 records")

        # The new all.zip, delivered whole.
        server.control(action="load", ecosystem=ECO, dir=feed_dir)
        for path in (new, upd):
            server.control(action="put", ecosystem=ECO, path=path)
        server.control(action="rebuild", ecosystem=ECO)
        rc, out = ckitty(args, runner, "db", "update", *base)
        check(rc == 0 and "all.zip" in out and "0 new" in out, "a changed all.zip is downloaded and imported")
        check(feed_records(args, runner, db) == 59, "still 59 records after the full import")

        # A mirror's user:password in --base-url is used, never printed.
        secret_base = server.base.replace("http://", "http://mirror-user:Mirror-Pw-2468@")
        rc, out = ckitty(args, runner, "db", "update", "--verbose", "--ecosystem", ECO, "--base-url", secret_base,
                         "--db", db)
        check(rc == 0, "an update through a --base-url with credentials succeeds")
        check("Mirror-Pw-2468" not in out and "mirror-user" not in out, "the credentials are never printed")

        rc, out = ckitty(args, runner, "db", "update", "--ecosystem", "NoSuch:1", "--base-url", server.base,
                         "--db", db)
        check(rc != 0 and "404" in out, "an unknown ecosystem reports HTTP 404")
    finally:
        server.stop()
    print("%d failed" % failures)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
