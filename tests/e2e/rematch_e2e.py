#!/usr/bin/env python3
"""Re-match against the real engine's images, then without any engine.

Three real images: the e2e release image, the same root upgraded from
Debian's security archive (make_security_image.sh) and the application image
(make_app_image.sh: npm's lodash 4.17.15 in /app). They are scanned against
the older data: one made record per source package the upgrade changed.
Then newer records arrive (`db import`): one for glibc without a fix (every
image has it) and one for npm's lodash (only the application image has it).
With the engine out of reach (DOCKER_HOST at a socket nobody listens on),
`ckitty rematch --all` must store, for each image, a scan of kind rematch
with exactly the findings of a full scan of the image against the newer
data (the oracle: that scan, made afterwards through the engine), the new
findings counted; `ckitty changes --since` groups them by vulnerability
(glibc's affects 3 images, lodash's 1), each caused by the data. The same
newer data downloaded instead (`db update --rematch` from the OSV fixture
server, into a copy of the history as it was before) re-matches to the same
findings.

Run inside `tests/tools/e2e-env.sh exec -- python3 rematch_e2e.py --ckitty CKITTY --work DIR`;
exit 77 when the application image cannot be made here (npm, go)."""
import argparse
import json
import os
import pathlib
import shutil
import sqlite3
import subprocess
import sys
import time

import scan_e2e

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tools"))
from fixture_client import FixtureServer  # noqa: E402
FAILURES = []
NEW_RECORDS = ("CKTEST-2026-0001", "CKTEST-NPM-0001")


def check(cond, what):
    print(("ok    " if cond else "FAIL  ") + what, flush=True)
    if not cond:
        FAILURES.append(what)


def lodash_record():
    return {
        "schema_version": "1.6.0", "id": "CKTEST-NPM-0001", "modified": "2026-11-02T00:00:00Z",
        "published": "2026-11-02T00:00:00Z", "aliases": ["CVE-2026-91001"],
        "summary": "test vulnerability in lodash", "details": "Made for the re-match test.",
        "affected": [{"package": {"ecosystem": "npm", "name": "lodash"},
                      "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "4.17.21"}]}]}],
        "database_specific": {"severity": "HIGH"},
    }


def latest(db, kind=None):
    """image -> (kind, sorted findings) of each image's latest successful scan."""
    c = sqlite3.connect(db)
    out = {}
    for iid, name in c.execute("SELECT id, repository || ':' || tag FROM images"):
        row = c.execute("SELECT id, kind FROM scans WHERE image_id = ? AND ok = 1 ORDER BY id DESC LIMIT 1",
                        (iid,)).fetchone()
        if row:
            found = c.execute("SELECT record_id, package, installed FROM findings WHERE scan_id = ?",
                              (row[0],)).fetchall()
            out[name] = (row[1], sorted(found))
    c.close()
    return out


def stored_name(image):
    """The history's repository:tag of a reference: Docker Hub's named in full."""
    first = image.split("/", 1)[0]
    return image if "/" in image and ("." in first or ":" in first) else "docker.io/" + image


def check_update_rematch(ckitty, work, older, newer, env, rematched):
    """db update --rematch: the newer records downloaded re-match each image as rematch --all did."""
    debian, npm = work / "bucket-debian", work / "bucket-npm"
    debian.mkdir()
    npm.mkdir()
    for f in list(older.glob("*.json")) + list(newer.glob("CKTEST-2026-*.json")):
        shutil.copy(f, debian)
    shutil.copy(newer / "CKTEST-NPM-0001.json", npm)
    server = FixtureServer(str(HERE.parent / "tools/osv_server.py"))
    try:
        server.control(action="load", ecosystem="Debian", dir=str(debian))
        server.control(action="load", ecosystem="npm", dir=str(npm))
        rc, out, err = scan_e2e.run(ckitty + ["db", "update", "--base-url", server.base, "--ecosystem", "Debian:12",
                                              "--ecosystem", "npm", "--no-exploit-data", "--rematch",
                                              "--db", "update-vulns.db", "--history", "update-history.db"], env=env)
    finally:
        server.stop()
    check(rc == 0, "ckitty db update --rematch without an engine (rc %d) %s" % (rc, err[-600:]))
    got = latest("update-history.db")
    for name, want in rematched.items():
        have = got.get(name)
        check(have is not None and have[0] == "rematch" and have[1] == want[1],
              "db update --rematch: %s re-matched to rematch --all's %d findings (%s, %d)" %
              (name, len(want[1]), have and have[0], len(have[1]) if have else 0))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckitty", required=True)
    ap.add_argument("--work", required=True)
    a = ap.parse_args()
    ckitty = [str(pathlib.Path(a.ckitty).resolve())]
    work = pathlib.Path(a.work).resolve()
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    os.chdir(work)

    made = subprocess.run(["bash", str(HERE / "make_app_image.sh")], capture_output=True, text=True)
    if made.returncode:
        print(made.stderr[-1500:])
        return 77 if made.returncode == 77 else 1
    app = made.stdout.split()[1]
    rc, out, err = scan_e2e.run([str(HERE / "make_security_image.sh")])
    if rc:
        sys.exit("make_security_image.sh failed: " + err)
    release, security = os.environ["CK_E2E_IMAGE"], out.strip().splitlines()[-1]
    images = [release, security, app]

    old = scan_e2e.dpkg_status(release, "release_status")
    new = scan_e2e.dpkg_status(security, "security_status")
    older, newer = work / "older", work / "newer"
    scan_e2e.make_records(old, new, older)
    newer.mkdir()
    for rid in ("CKTEST-2026-0001", "CKTEST-2026-0002"):  # these two arrive later
        (older / (rid + ".json")).replace(newer / (rid + ".json"))
    (newer / "CKTEST-NPM-0001.json").write_text(json.dumps(lodash_record()))

    db, hist = "vulns.db", "history.db"
    rc, _, err = scan_e2e.run(ckitty + ["db", "import", str(older), "--db", db])
    check(rc == 0, "the older data imported (rc %d) %s" % (rc, err[-300:]))
    rc, _, err = scan_e2e.run(ckitty + ["scan", "--pull", "missing", "--db", db, "--history", hist,
                                        "--report-dir", "reports"] + images)
    check(rc in (0, 1), "the three images scanned through the engine (rc %d) %s" % (rc, err[-400:]))
    before = latest(hist)
    check(len(before) == 3, "three images in the history (%d)" % len(before))
    check(not any(r in (f[0] for f in v[1]) for v in before.values() for r in NEW_RECORDS),
          "no finding of the newer records yet")

    shutil.copy(hist, "update-history.db")  # for db update --rematch, below
    shutil.copy(db, "update-vulns.db")
    time.sleep(1.1)  # the re-match's scans come after this moment, to the second
    moment = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    time.sleep(1.1)
    rc, _, err = scan_e2e.run(ckitty + ["db", "import", str(newer), "--db", db])
    check(rc == 0, "the newer records imported (rc %d) %s" % (rc, err[-300:]))

    gone = dict(os.environ, DOCKER_HOST="unix://%s/nobody.sock" % work)
    rc, _, err = scan_e2e.run(ckitty + ["engine"], env=gone)
    check(rc != 0, "no engine answers at %s (ckitty engine: rc %d)" % (gone["DOCKER_HOST"], rc))
    rc, out, err = scan_e2e.run(ckitty + ["rematch", "--all", "--db", db, "--history", hist], env=gone)
    print(out + err[-1500:], flush=True)
    check(rc == 0, "ckitty rematch --all without an engine (rc %d)" % rc)
    after = latest(hist)

    # The oracle: the same images scanned in full against the newer data.
    rc, _, err = scan_e2e.run(ckitty + ["scan", "--pull", "never", "--db", db, "--history", "oracle.db"] + images)
    check(rc in (0, 1), "the oracle's full scan (rc %d) %s" % (rc, err[-400:]))
    oracle = latest("oracle.db")
    for image in images:
        name = stored_name(image)
        got, want = after.get(name), oracle.get(name)
        check(got is not None and got[0] == "rematch", "%s: its latest scan is a re-match (%s)" % (image, got and got[0]))
        check(got is not None and want is not None and got[1] == want[1],
              "%s: the re-match's %d findings are the full scan's %d" %
              (image, len(got[1]) if got else 0, len(want[1]) if want else 0))
        new_ids = sorted({f[0] for f in got[1]} - {f[0] for f in before.get(name, (None, []))[1]}) if got else []
        expect = ["CKTEST-2026-0001"] + (["CKTEST-NPM-0001"] if image == app else [])
        check(new_ids == expect, "%s: new by the data: %s" % (image, " ".join(new_ids)))

    rc, out, err = scan_e2e.run(ckitty + ["changes", "--since", moment, "--format", "json", "--history", hist,
                                          "--db", db])
    check(rc == 0, "ckitty changes --since %s (rc %d) %s" % (moment, rc, err[-300:]))
    doc = json.loads(out) if rc == 0 else {}
    groups = {g["vulnerability"]: g for g in doc.get("new", [])}
    glibc, lodash = groups.get("CVE-2026-0001"), groups.get("CVE-2026-91001")
    check(glibc is not None and glibc["image_count"] == 3, "changes: CVE-2026-0001 (glibc) now affects 3 images")
    check(lodash is not None and lodash["image_count"] == 1, "changes: CVE-2026-91001 (lodash) now affects 1 image")
    check(set(groups) == {"CVE-2026-0001", "CVE-2026-91001"}, "changes: nothing else is new (%s)" % sorted(groups))
    check(all(i["cause"] == "data" for g in groups.values() for i in g["images"]), "changes: every one by the data")
    check(not doc.get("fixed") and doc.get("images_compared") == 3, "changes: nothing fixed, 3 images compared")
    rc, text, _ = scan_e2e.run(ckitty + ["changes", "--since", moment, "--history", hist, "--db", db])
    check("CVE-2026-0001" in text and "3 images" in text, "changes as text: " + text.strip().splitlines()[0]
          if text.strip() else "changes as text: empty")

    check_update_rematch(ckitty, work, older, newer, gone, after)
    if FAILURES:
        print("%d checks failed" % len(FAILURES))
        return 1
    print("rematch e2e: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
