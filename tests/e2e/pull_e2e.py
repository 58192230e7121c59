#!/usr/bin/env python3
"""End-to-end test of the pull policy and --remove-pulled against the real e2e
engine and registry.

An image built locally and never pushed (the e2e Debian image tagged for a
registry that does not answer) scans under every policy: with `always` (the
default) the pull fails, the engine's copy is scanned, and the warning is in
the log, the per-image JSON and the history; with `missing` and `never`
nothing is pulled. An image neither in the engine nor reachable fails. With
--remove-pulled, an image the scan pulled (absent before) is gone afterwards,
one that was there before stays.

Run inside `tests/tools/e2e-env.sh exec -- python3 pull_e2e.py --ckitty CMD --work DIR`.
"""
import argparse
import glob
import json
import os
import pathlib
import shlex
import sqlite3
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
FAILURES = []
# A registry that never answers: port 9 (discard) on the loopback refuses at once.
LOCAL_ONLY = "127.0.0.1:9/ck/built-here:1"


def check(cond, what):
    print(("ok    " if cond else "FAIL  ") + what, flush=True)
    if not cond:
        FAILURES.append(what)


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    return p.returncode, p.stdout, p.stderr


def docker(*args):
    return run([str(ROOT / "tests/tools/e2e-env.sh"), "docker"] + list(args))


def present(image):
    return docker("image", "inspect", image)[0] == 0


def scan(ckitty, name, *args):
    report = pathlib.Path("reports_" + name)
    report.mkdir(exist_ok=True)
    for f in report.glob("*"):
        f.unlink()
    rc, out, err = run(ckitty + ["scan", "--history", "pull_history.db", "--db", "pull_vulns.db",
                                 "--report-dir", str(report)] + list(args))
    results = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(report.glob("*.json"))]
    return rc, out + err, results


def latest_note(repository):
    db = sqlite3.connect("pull_history.db")
    row = db.execute("SELECT s.note FROM scans s JOIN images i ON i.id = s.image_id WHERE i.repository = ?"
                     " ORDER BY s.id DESC LIMIT 1", (repository,)).fetchone()
    db.close()
    return row[0] if row else "(no scan)"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckitty", required=True, help="the ckitty command (may be 'wine-run.sh ckitty.exe')")
    ap.add_argument("--work", required=True)
    a = ap.parse_args()
    ckitty = shlex.split(a.ckitty)
    work = pathlib.Path(a.work).resolve()
    work.mkdir(parents=True, exist_ok=True)
    os.chdir(work)
    for f in glob.glob("pull_history.db*"):
        os.remove(f)

    local = os.environ["CK_E2E_IMAGE_LOCAL"]
    rc, _, err = docker("tag", local, LOCAL_ONLY)
    if rc != 0:
        sys.exit(f"cannot tag {local}: {err}")

    # always (the default): the pull fails, the engine's copy is scanned and said so
    for name, args in (("default", []), ("always", ["--pull", "always"])):
        rc, log, results = scan(ckitty, name, *args, LOCAL_ONLY)
        check(rc == 0, f"{name}: a locally built image scans when its registry is out of reach (rc {rc})")
        check("local copy was scanned" in log, f"{name}: the log says the engine's copy was scanned")
        note = results[0].get("note") if results else None
        check(bool(note) and "may not be the registry's newest" in note, f"{name}: the JSON result carries the note")
        check(results and results[0].get("digest"), f"{name}: the JSON result names the digest scanned")
    check("local copy" in (latest_note("127.0.0.1:9/ck/built-here") or ""), "the history keeps the note")

    for policy in ("missing", "never"):
        rc, log, results = scan(ckitty, policy, "--pull", policy, LOCAL_ONLY)
        check(rc == 0 and results and results[0].get("note") is None,
              f"--pull {policy}: scanned without a pull or a note (rc {rc})")
        check("Pulling" not in log, f"--pull {policy}: nothing pulled")
    rc, log, _ = scan(ckitty, "nopull", "--no-pull", LOCAL_ONLY)
    check(rc == 0, "--no-pull is --pull never")

    rc, log, _ = scan(ckitty, "absent", "127.0.0.1:9/ck/never-made:1")
    check(rc != 0, "an image neither in the engine nor reachable fails")

    rc, log, _ = scan(ckitty, "badpolicy", "--pull", "sometimes", LOCAL_ONLY)
    check(rc == 2 and "not a pull policy" in log, "an unknown policy is refused with a sentence")

    # --remove-pulled: what the scan brought in goes; what was there stays
    pulled = os.environ["CK_E2E_PULL_IMAGE"]
    kept = os.environ["CK_E2E_IMAGE"]
    docker("image", "rm", "-f", pulled)
    docker("pull", kept)
    check(not present(pulled), f"{pulled} is absent before the scan")
    check(present(kept), f"{kept} is present before the scan")
    rc, log, _ = scan(ckitty, "remove", "--remove-pulled", pulled, kept)
    check("Pulling " + pulled in log, "the absent image was pulled")
    check(not present(pulled), "--remove-pulled removed the image the scan pulled")
    check(present(kept), "--remove-pulled kept the image that was there before")
    check("removed from the engine" in log, "the log says what was removed")
    rc, log, _ = scan(ckitty, "missing-pull", "--pull", "missing", pulled)
    check("pulled (the engine had no copy)" in log, "--pull missing pulls an image the engine lacks")
    docker("image", "rm", "-f", pulled)

    docker("rmi", LOCAL_ONLY)
    if FAILURES:
        print(f"{len(FAILURES)} checks failed")
        return 1
    print("pull e2e: ok")
    return 0


sys.exit(main())
