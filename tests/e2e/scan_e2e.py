#!/usr/bin/env python3
"""End-to-end test of `ckitty scan` against the real e2e engine and registry.

Two real Debian images: the release image of the e2e environment and the same
root upgraded from Debian's security archive (make_security_image.sh). A
vulnerability database is made for them: one OSV record per source package
whose version differs (fixed in the upgraded version), one record without a
fix for glibc, and one for a package neither image has. Then: the scan, its
JSON results, history, summary, diff and exit codes; an engine connection cut
in the middle of a job (a failed image is recorded, the history passes
PRAGMA integrity_check, and the next job works).

Run inside `tests/tools/e2e-env.sh exec -- python3 scan_e2e.py --ckitty CMD...`.
"""
import argparse
import glob
import json
import os
import pathlib
import shlex
import socket
import sqlite3
import subprocess
import sys
import threading

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
FAILURES = []


def check(cond, what):
    print(("ok    " if cond else "FAIL  ") + what, flush=True)
    if not cond:
        FAILURES.append(what)


def run(cmd, **kw):
    p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    return p.returncode, p.stdout, p.stderr


def dpkg_status(image, dest):
    rc, out, err = run([str(ROOT / "tests/tools/e2e-env.sh"), "extract", image, "/var/lib/dpkg/status", dest])
    if rc != 0:
        sys.exit(f"cannot extract the dpkg status of {image}: {err}")
    packages = []
    for stanza in pathlib.Path(dest).read_text().split("\n\n"):
        fields = {}
        for line in stanza.splitlines():
            if line and not line[0].isspace() and ":" in line:
                k, v = line.split(":", 1)
                fields[k] = v.strip()
        if "Package" not in fields or "install ok installed" not in fields.get("Status", ""):
            continue
        src, srcver = fields["Package"], fields["Version"]
        if "Source" in fields:
            parts = fields["Source"].split()
            src = parts[0]
            if len(parts) > 1:
                srcver = parts[1].strip("()")
        packages.append((fields["Package"], fields["Version"], src, srcver))
    return packages


def osv_record(rid, source, fixed, urgency):
    events = [{"introduced": "0"}] + ([{"fixed": fixed}] if fixed else [])
    return {
        "schema_version": "1.6.0", "id": rid, "modified": "2026-11-01T00:00:00Z",
        "published": "2026-10-01T00:00:00Z", "upstream": [rid.replace("CKTEST", "CVE")],
        "summary": f"test vulnerability in {source}", "details": f"Made for the scan tests of {source}.",
        "affected": [{"package": {"ecosystem": "Debian:12", "name": source},
                      "ranges": [{"type": "ECOSYSTEM", "events": events}],
                      "ecosystem_specific": {"urgency": urgency}}],
        "references": [{"type": "ADVISORY", "url": f"https://security-tracker.debian.org/tracker/{rid}"}],
    }


def make_records(old, new, folder):
    """Records for the two inventories; returns the expected findings per image."""
    folder.mkdir(parents=True, exist_ok=True)
    new_src = {s: v for _, _, s, v in new}
    old_src = {s: v for _, _, s, v in old}
    changed = sorted(s for s, v in old_src.items() if s in new_src and new_src[s] != v)
    urgencies = ["high", "medium", "low"]
    for i, src in enumerate(changed):
        rec = osv_record(f"CKTEST-2026-{1000 + i}", src, new_src[src], urgencies[i % 3])
        (folder / f"{rec['id']}.json").write_text(json.dumps(rec))
    (folder / "CKTEST-2026-0001.json").write_text(json.dumps(osv_record("CKTEST-2026-0001", "glibc", None, "low")))
    (folder / "CKTEST-2026-0002.json").write_text(
        json.dumps(osv_record("CKTEST-2026-0002", "not-in-these-images", "1.0", "high")))
    hit = set(changed) | {"glibc"}
    expect_old = sum(1 for _, _, s, _ in old if s in hit)
    expect_new = sum(1 for _, _, s, _ in new if s == "glibc")
    fixed = expect_old - expect_new
    return changed, expect_old, expect_new, fixed


class CuttingRelay(threading.Thread):
    """A TCP relay to the engine that closes every connection, and stops
    accepting, once it has passed `budget` bytes of answers: an engine that
    goes away in the middle of a job."""

    def __init__(self, target, budget):
        super().__init__(daemon=True)
        host, port = target.split(":")
        self.target = (host, int(port))
        self.budget = budget
        self.sent = 0
        self.lock = threading.Lock()
        self.conns = []
        self.srv = socket.socket()
        self.srv.bind(("127.0.0.1", 0))
        self.srv.listen(16)
        self.port = self.srv.getsockname()[1]
        self.cut = False

    def run(self):
        while not self.cut:
            try:
                c, _ = self.srv.accept()
            except OSError:
                return
            u = socket.create_connection(self.target)
            self.conns += [c, u]
            threading.Thread(target=self.pump, args=(c, u, False), daemon=True).start()
            threading.Thread(target=self.pump, args=(u, c, True), daemon=True).start()

    def pump(self, src, dst, answers):
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                dst.sendall(data)
                if answers:
                    with self.lock:
                        self.sent += len(data)
                        if self.sent >= self.budget and not self.cut:
                            self.cut_all()
                            return
        except OSError:
            pass

    def cut_all(self):
        self.cut = True
        self.srv.close()
        for s in self.conns:
            try:
                s.shutdown(socket.SHUT_RDWR)
                s.close()
            except OSError:
                pass


def interrupt_job(ckitty, db, image):
    """SIGINT after the first image of a 12-image job: the job stops, exits 2,
    stores the images it finished and nothing of the one it was cancelled in."""
    import signal
    import time
    hist = "scan_interrupt.db"
    targets = [image] * 12
    p = subprocess.Popen(ckitty + ["scan", "--db", db, "--history", hist, "--no-pull", "--refresh", "--parallel", "1"]
                         + targets,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first = p.stdout.readline()
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=120)
    con = sqlite3.connect(hist)
    rows = con.execute("SELECT COUNT(*), SUM(ok = 0) FROM scans").fetchone()
    con.close()
    check(first.startswith("docker-image|") and p.returncode == 2, f"Ctrl+C stops the job with exit 2 (rc {p.returncode})")
    check(rows[0] < 12 and not rows[1], f"a cancelled job keeps its finished scans and stores no failed one: {rows}")
    check("cancelled" in err, "the job says it was cancelled")


def interrupt_stalled_engine(ckitty, db, image):
    """Ctrl+C while the engine does not answer at all: the waiting call is
    woken and the image ends cancelled, not failed after the call's timeout."""
    import signal
    import time
    hist = "scan_stalled.db"
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(4)
    held = []
    threading.Thread(target=lambda: [held.append(srv.accept()) for _ in range(4)], daemon=True).start()
    p = subprocess.Popen(ckitty + ["scan", "--db", db, "--history", hist, "--host",
                                   f"tcp://127.0.0.1:{srv.getsockname()[1]}", image],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(1.5)
    p.send_signal(signal.SIGINT)
    # Not a speed target: without the wake-up the call would wait for its
    # 60 s timeout, so half of that tells the two apart.
    try:
        out, err = p.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        p.kill()
        out, err = p.communicate()
        err += "\n(still waiting 30 s after Ctrl+C)"
    srv.close()
    con = sqlite3.connect(hist)
    failed = con.execute("SELECT COUNT(*) FROM scans WHERE ok = 0").fetchone()[0]
    con.close()
    check(p.returncode == 2 and "cancelled" in err and failed == 0,
          f"Ctrl+C wakes a call the engine never answers: rc {p.returncode}, failed rows {failed}, {err.strip()[-200:]}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckitty", required=True, help="the ckitty command (may be 'wine-run.sh ckitty.exe')")
    ap.add_argument("--work", required=True)
    a = ap.parse_args()
    ckitty = shlex.split(a.ckitty)
    work = pathlib.Path(a.work).resolve()
    work.mkdir(parents=True, exist_ok=True)
    os.chdir(work)
    for f in glob.glob("scan_*") + glob.glob("reports/*") + glob.glob("scan_original/*") + glob.glob("scan_archive/*") \
            + glob.glob("scan_reuse*/*"):
        if os.path.isfile(f):
            os.remove(f)

    old_image = os.environ["CK_E2E_IMAGE"]
    rc, out, err = run([str(HERE / "make_security_image.sh")])
    if rc != 0:
        sys.exit(f"make_security_image.sh failed: {err}")
    new_image = out.strip().splitlines()[-1]

    old = dpkg_status(old_image, "scan_old_status")
    new = dpkg_status(new_image, "scan_new_status")
    changed, expect_old, expect_new, fixed = make_records(old, new, work / "scan_records")
    print(f"images: {old_image} ({len(old)} packages), {new_image} ({len(new)} packages); "
          f"{len(changed)} source packages differ: {' '.join(changed)}", flush=True)
    check(len(changed) > 0, "the security upgrade changed real packages")

    db, hist = "scan_vulns.db", "scan_history.db"
    rc, out, err = run(ckitty + ["db", "import", "scan_records", "--db", db])
    check(rc == 0, f"db import of the made records (rc {rc}) {err.strip()[-300:]}")

    # The scan: pulls both from the registry, high findings -> exit 1 with --fail-on high.
    rc, out, err = run(ckitty + ["scan", "--db", db, "--history", hist, "--report-dir", "reports",
                                 "--fail-on", "high", "--parallel", "2", old_image, new_image])
    check(rc == 1, f"scan with --fail-on high exits 1 (got {rc}) {err.strip()[-400:]}")
    lines = [l for l in out.splitlines() if l.startswith("docker-image|")]
    check(len(lines) == 2, f"two summary lines on stdout: {out.strip()}")
    results = sorted(glob.glob("reports/*.json"))
    check(len(results) == 2, f"two JSON results written: {results}")
    by_tag = {}
    for r in results:
        d = json.loads(pathlib.Path(r).read_text())
        by_tag[d["tag"]] = d
    old_tag, new_tag = old_image.rsplit(":", 1)[1], new_image.rsplit(":", 1)[1]
    if old_tag in by_tag and new_tag in by_tag:
        check(len(by_tag[old_tag]["findings"]) == expect_old,
              f"release image: {len(by_tag[old_tag]['findings'])} findings, expected {expect_old}")
        check(len(by_tag[new_tag]["findings"]) == expect_new,
              f"upgraded image: {len(by_tag[new_tag]['findings'])} findings, expected {expect_new}")
        check(len(by_tag[old_tag]["packages"]) == len(old), "the JSON result lists every installed package")
        check(by_tag[old_tag]["digest"] and by_tag[old_tag]["digest"].startswith("sha256:"), "digest recorded")
        check(by_tag[old_tag]["ecosystem"] == "Debian:12", "ecosystem Debian:12")

    rc, out, err = run(ckitty + ["history", "--history", hist])
    check(rc == 0 and out.count("containerkitty") == 2, f"history lists two scans:\n{out}")
    rc, out, err = run(ckitty + ["summary", "--history", hist])
    check(rc == 0 and f"{expect_old} vulnerable dependency paths" in out, f"summary:\n{out}")
    rc, out, err = run(ckitty + ["diff", old_image, new_image, "--history", hist])
    check(rc == 0 and "New: 0" in out and f"Fixed: {fixed}" in out,
          f"diff of the two tags: new 0, fixed {fixed}:\n{out}{err}")

    rc, out, err = run(ckitty + ["scan", "--db", db, "--history", hist, "--no-pull", "--fail-on", "critical",
                                 new_image])
    check(rc == 0, f"--fail-on critical with no critical finding exits 0 (got {rc})")

    # An image whose ID was inventoried is not read again: its stored inventory is matched anew;
    # --refresh reads it again.
    first = by_tag.get(old_tag, {})
    for extra, reused in (([], True), (["--refresh"], False)):
        folder = "scan_reuse" + ("_refresh" if extra else "")
        rc, out, err = run(ckitty + ["scan", "--db", db, "--history", hist, "--no-pull", "--report-dir", folder]
                           + extra + [old_image])
        got = glob.glob(f"{folder}/*.json")
        d = json.loads(pathlib.Path(got[0]).read_text()) if got else {}
        check(rc == 0 and bool(d.get("inventory_reused_from")) == reused and d.get("whole_filesystem") is True,
              f"scan {' '.join(extra)}: rc {rc}, reused from {d.get('inventory_reused_from')}, expected reuse {reused}")
        check(d.get("image_id", "").startswith("sha256:") and ("reused" in err) == reused,
              f"the image ID is recorded and the log says whether the inventory was reused: {err.strip()[-300:]}")
        check(len(d.get("findings", [])) == expect_old and d.get("packages") == first.get("packages"),
              f"the reused inventory gives the same packages and findings ({len(d.get('findings', []))})")
        check(d.get("digest") and d.get("digest") == first.get("digest"),
              f"the image's digest is recorded whether or not its inventory is reused ({d.get('digest')})")
    rc, out, err = run(ckitty + ["scan", "--db", db, "--history", hist, "--no-pull",
                                 f"{os.environ['CK_E2E_REGISTRY']}/ck/absent:1"])
    check(rc == 2 and "absent" in err, f"an image the engine does not have exits 2 and names it: {err.strip()}")

    # The same image as a `docker save` archive and as a root folder: no engine, same findings.
    sock = os.environ["CK_E2E_SOCK"]
    rc, _, err = run(["docker", "-H", f"unix://{sock}", "save", "-o", "scan_old.tar", old_image])
    check(rc == 0, f"docker save {err.strip()}")
    rc, out, err = run(ckitty + ["scan", "--db", db, "--history", hist, "--report-dir", "scan_archive",
                                 "--input", "scan_old.tar"])
    saved = glob.glob("scan_archive/*.json")
    found = len(json.loads(pathlib.Path(saved[0]).read_text())["findings"]) if saved else -1
    check(rc == 0 and found == expect_old, f"--input ARCHIVE.tar: rc {rc}, {found} findings, expected {expect_old}")

    # Invoke-ContainerKitty's own switches, as a scheduled task would give them.
    pathlib.Path("scan_list.txt").write_text(f"# images to scan\n{old_image}\n\n{new_image}\n{old_image}\n")
    rc, out, err = run(ckitty + ["-Scan", "-ScanInputFile", "scan_list.txt", "-Report", "-ReportDirectory",
                                 "scan_original", "-Log", "--db", db, "--history", hist])
    logs = glob.glob("scan_original/containerkitty_log-*.log")
    check(rc == 0 and len(glob.glob("scan_original/*.json")) == 2,
          f"-Scan -ScanInputFile -Report -ReportDirectory: rc {rc}, results {glob.glob('scan_original/*')}")
    log_text = pathlib.Path(logs[0]).read_text() if logs else ""
    check("[*] Scanning" in log_text and "[$]" in log_text, f"-Log writes the original's log lines: {logs}")

    # Ctrl+C in the middle of a job (natively: Wine does not turn signals into console events).
    if "wine" not in a.ckitty:
        interrupt_job(ckitty, db, old_image)
        interrupt_stalled_engine(ckitty, db, old_image)

    # The engine goes away in the middle of a job.
    relay = CuttingRelay(os.environ["CK_E2E_TCP"], budget=120_000)
    relay.start()
    rc, out, err = run(ckitty + ["scan", "--db", db, "--history", hist, "--parallel", "1", "--no-pull", "--refresh",
                                 "--host", f"tcp://127.0.0.1:{relay.port}", old_image, new_image, old_image + "-x"],
                       timeout=300)
    check(rc == 2, f"a job whose engine went away exits 2 (got {rc})")
    con = sqlite3.connect(hist)
    failed = con.execute("SELECT COUNT(*), MAX(error) FROM scans WHERE ok = 0").fetchone()
    integrity = con.execute("PRAGMA integrity_check").fetchone()[0]
    orphans = con.execute("SELECT COUNT(*) FROM findings WHERE scan_id NOT IN (SELECT id FROM scans)").fetchone()[0]
    con.close()
    check(failed[0] >= 2, f"the failed images are recorded with their reason: {failed}")
    check(integrity == "ok", f"history PRAGMA integrity_check: {integrity}")
    check(orphans == 0, "no findings without their scan")
    rc, out, err = run(ckitty + ["scan", "--db", db, "--history", hist, "--no-pull", old_image])
    check(rc == 0, f"the next job works (rc {rc}) {err.strip()[-300:]}")

    print(f"{len(FAILURES)} failed")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
