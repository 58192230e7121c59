#!/usr/bin/env python3
"""The risk review through ckitty's command line, end to end: a Debian 13
root with zlib and bash scanned into two histories; in the first, decisions
set with `triage set`, exported with `vex export` (checked against the
OpenVEX specification's rules) and imported into the second with `triage
import`, where `report --csv` then shows them; the same file imported again
records nothing; a review CSV edited with Python's csv module records the
changed row only; ignore files (.trivyignore, .grype.yaml) become accepted
risks with their own expiry or --expires, and without either are refused;
a file that is not of any format records nothing and fails.

usage: triage_cli.py --ckitty EXE --work DIR [--emulator CMD]
"""
import argparse
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys

FAILURES = []


def check(cond, what):
    print(("ok    " if cond else "FAIL  ") + what, flush=True)
    if not cond:
        FAILURES.append(what)


def ckitty(args, *argv):
    cmd = (args.emulator.split() if args.emulator else []) + [args.ckitty] + list(argv)
    p = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", errors="replace")
    return p.returncode, p.stdout + p.stderr


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


def scan_root(args):
    """A Debian 13 root with zlib1g and bash, records of both, two histories with one scan each."""
    root = os.path.join(args.work, "root")
    write(os.path.join(root, "etc/os-release"), 'ID=debian\nVERSION_ID="13"\nVERSION_CODENAME=trixie\n')
    write(os.path.join(root, "var/lib/dpkg/status"),
          "Package: zlib1g\nStatus: install ok installed\nArchitecture: amd64\nSource: zlib\n"
          "Version: 1:1.2.13.dfsg-1\n\n"
          "Package: bash\nStatus: install ok installed\nArchitecture: amd64\nVersion: 5.2.15-2\n\n")
    for rid, source in (("DEBIAN-CVE-2025-10001", "zlib"), ("DEBIAN-CVE-2025-10002", "bash")):
        rec = {"schema_version": "1.6.0", "id": rid, "modified": "2025-01-01T00:00:00Z",
               "upstream": [rid.replace("DEBIAN-", "")],
               "affected": [{"package": {"ecosystem": "Debian:13", "name": source},
                             "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}]}]}]}
        write(os.path.join(args.work, "records", rid + ".json"), json.dumps(rec))
    db = os.path.join(args.work, "vulns.db")
    rc, out = ckitty(args, "db", "import", os.path.join(args.work, "records"), "--db", db)
    check(rc == 0, "the OSV records are imported: " + out.strip()[-200:])
    for name in ("a.db", "b.db"):
        rc, out = ckitty(args, "scan", "--rootfs", root, "--db", db, "--history", os.path.join(args.work, name))
        check(rc in (0, 1), "the root is scanned into " + name + ": " + out.strip()[-200:])
    return root


def triage_of(args, history):
    """The Triage cell of each finding's package in `report --csv`."""
    path = os.path.join(args.work, "review-%s.csv" % os.path.basename(history))
    rc, out = ckitty(args, "report", "--csv", path, "--history", history)
    if rc != 0:
        check(False, "report --csv: " + out)
        return {}, []
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    return {r["PackageName"]: r.get("Triage", "") for r in rows}, rows


def openvex_rules(doc):
    """The OpenVEX specification's rules a consumer relies on."""
    ok = doc.get("@context", "").startswith("https://openvex.dev/ns/v0.2.0") and doc.get("@id") and \
        doc.get("author") and doc.get("timestamp") and isinstance(doc.get("version"), int)
    for st in doc.get("statements", []):
        status = st.get("status")
        ok = ok and st.get("vulnerability", {}).get("name") and st.get("products")
        ok = ok and status in ("not_affected", "affected", "fixed", "under_investigation")
        if status == "not_affected":
            ok = ok and (st.get("justification") or st.get("impact_statement"))
        if status == "affected":
            ok = ok and st.get("action_statement")
        if st.get("justification"):
            ok = ok and status == "not_affected"
    return bool(ok)


def vex_round_trip(args, root):
    a, b = os.path.join(args.work, "a.db"), os.path.join(args.work, "b.db")
    rc, out = ckitty(args, "triage", "set", root, "CVE-2025-10001", "--state", "not_affected", "--justification",
                     "vulnerable_code_not_in_execute_path", "--note", "inflate is never called", "--history", a)
    check(rc == 0, "triage set records a decision: " + out.strip())
    vex = os.path.join(args.work, "decisions.openvex.json")
    rc, out = ckitty(args, "vex", "export", "-o", vex, "--history", a)
    check(rc == 0 and os.path.exists(vex), "vex export writes the document: " + out.strip())
    with open(vex, encoding="utf-8") as f:
        doc = json.load(f)
    check(openvex_rules(doc), "the document keeps the OpenVEX rules")
    st = doc.get("statements", [{}])[0] if doc.get("statements") else {}
    check(len(doc.get("statements", [])) == 1 and st.get("vulnerability", {}).get("name") == "CVE-2025-10001"
          and st.get("justification") == "vulnerable_code_not_in_execute_path"
          and st.get("impact_statement") == "inflate is never called",
          "one statement, with the decision's justification and note")
    subs = [s["@id"] for p in st.get("products", []) for s in p.get("subcomponents", [])]
    check(any(s.startswith("pkg:deb/debian/zlib1g@") for s in subs), "the package is a subcomponent: %s" % subs)

    rc, out = ckitty(args, "triage", "import", vex, "--history", b)
    check(rc == 0 and "Recorded 1 decision." in out, "triage import records the statement: " + out.strip())
    cells, _ = triage_of(args, b)
    check(cells.get("zlib1g") == "not_affected" and cells.get("bash") == "",
          "the second history's report carries it: %s" % cells)
    rc, out = ckitty(args, "triage", "import", vex, "--history", b)
    check(rc == 0 and "Recorded 0 decisions." in out and "1 unchanged" in out,
          "the same file again records nothing: " + out.strip())
    rc, out = ckitty(args, "triage", "history", "CVE-2025-10001", "--history", b)
    check(out.count("not_affected") == 1, "one row in the audit trail")
    none = os.path.join(args.work, "none.openvex.json")
    rc, out = ckitty(args, "vex", "export", "--image", "docker.io/library/nothing:1", "-o", none, "--history", a)
    with open(none, encoding="utf-8") as f:
        empty = json.load(f)
    check(rc == 0 and empty.get("statements") == [] and openvex_rules(empty),
          "an image without decisions gives a document without statements")


def edited_csv(args):
    b = os.path.join(args.work, "b.db")
    _, rows = triage_of(args, b)
    if not rows:
        return
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=list(rows[0].keys()), lineterminator="\r\n")
    w.writeheader()
    for r in rows:
        if r["PackageName"] == "bash":
            r["Triage"], r["Expires"], r["Owner"], r["Note"] = "Accepted risk", "2099-12-31", "app-team", "no shells"
        w.writerow(r)
    path = os.path.join(args.work, "edited.csv")
    write(path, "\ufeff" + out.getvalue())
    rc, text = ckitty(args, "triage", "import", path, "--history", b)
    check(rc == 0 and "Recorded 1 decision." in text and "1 unchanged" in text,
          "the edited CSV records the changed row only: " + text.strip())
    cells, _ = triage_of(args, b)
    check(cells.get("bash") == "accepted_risk", "the report shows it: %s" % cells)


def ignore_files(args):
    c = os.path.join(args.work, "c.db")
    shutil.copyfile(os.path.join(args.work, "a.db"), c)
    ignore = os.path.join(args.work, "ignores", ".trivyignore")
    write(ignore, "# the test's rules\nCVE-2025-10002 exp:2099-06-30\nCVE-2025-10003\n")
    rc, out = ckitty(args, "triage", "import", ignore, "--history", c)
    check(rc == 0 and "Recorded 1 decision." in out and re.search(r"line 3:.*expir", out),
          "a .trivyignore rule without expiry is refused with its line: " + out.strip())
    rc, out = ckitty(args, "triage", "import", ignore, "--expires", "2099-01-31", "--history", c)
    check(rc == 0 and "Recorded 1 decision." in out and "1 unchanged" in out,
          "with --expires the other rule is recorded: " + out.strip())
    grype = os.path.join(args.work, "ignores", ".grype.yaml")
    write(grype, "ignore:\n  - vulnerability: CVE-2025-10001\n    reason: the code is not built\n"
                 "    vex-status: not_affected\n    vex-justification: vulnerable_code_not_present\n"
                 "    package:\n      name: zlib1g\n")
    rc, out = ckitty(args, "triage", "import", grype, "--history", c)
    check(rc == 0 and "Recorded 1 decision." in out, "a .grype.yaml rule is recorded: " + out.strip())
    rc, out = ckitty(args, "triage", "list", "--history", c)
    check("vulnerable_code_not_present" in out or "zlib1g" in out, "triage list shows it")
    bad = os.path.join(args.work, "ignores", "notes.json")
    write(bad, '{"hello": "world"}')
    before = ckitty(args, "triage", "list", "--history", c)[1]
    rc, out = ckitty(args, "triage", "import", ignore, bad, "--expires", "2099-01-31", "--history", c)
    after = ckitty(args, "triage", "list", "--history", c)[1]
    check(rc == 2 and "notes.json" in out and before == after,
          "a file of no known format fails the import and records nothing: " + out.strip()[-300:])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckitty", required=True)
    ap.add_argument("--emulator", default="")
    ap.add_argument("--work", required=True)
    args = ap.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    root = scan_root(args)
    vex_round_trip(args, root)
    edited_csv(args)
    ignore_files(args)
    print("%d failed" % len(FAILURES))
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
