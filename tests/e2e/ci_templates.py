#!/usr/bin/env python3
"""The CI templates of docs/ci run as written, against the real e2e engine:
the scan job of docs/ci/gitlab-ci.yml once for each of its `parallel` node
indexes, then its gather job over their results (as GitLab downloads the
artifacts of the jobs a job needs); the container command of
docs/ci/kubernetes-job.yaml once for each completion index. The fleet is 12
tags of the e2e Debian image under a registry that does not answer (built
here and never pushed: each scan says it scanned the engine's copy). Every
image is scanned by exactly one share, and the gathered history equals the
same list scanned in one go: the same images with the same findings.

Run inside `tests/tools/e2e-env.sh exec -- python3 ci_templates.py --ckitty CKITTY --work DIR`.
Needs PyYAML (Debian's python3-yaml): skipped (77) without it."""
import argparse
import os
import pathlib
import shutil
import sqlite3
import subprocess
import sys
import threading

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
FAILURES = []
IMAGES = ["127.0.0.1:9/ck/fleet-%02d:1" % i for i in range(12)]


def check(cond, what):
    print(("ok    " if cond else "FAIL  ") + what, flush=True)
    if not cond:
        FAILURES.append(what)


def docker(*args):
    return subprocess.run([str(ROOT / "tests/tools/e2e-env.sh"), "docker"] + list(args), capture_output=True, text=True)


def osv_server(records):
    """The OSV fixture server with the Debian records; returns its base URL."""
    p = subprocess.Popen([sys.executable, str(ROOT / "tests/tools/osv_server.py")], stdout=subprocess.PIPE, text=True)
    word, port = p.stdout.readline().split()
    import json
    import urllib.request
    req = urllib.request.Request("http://127.0.0.1:%s/_control" % port, method="POST",
                                 data=json.dumps({"action": "load", "ecosystem": "Debian", "dir": str(records)}).encode())
    urllib.request.urlopen(req).read()
    return p, "http://127.0.0.1:%s" % port


def run_script(lines, cwd, env):
    """Runs a job's script as a runner does: each line in sh, stopping at the first that fails."""
    for line in lines:
        p = subprocess.run(["sh", "-c", line], cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
        print("$ " + line + "\n" + (p.stdout + p.stderr)[-1500:], flush=True)
        if p.returncode not in (0, 1):  # 1: findings at --fail-on; anything else failed the job
            return p.returncode
    return 0


def runner_env(bindir, home, extra):
    env = dict(os.environ)
    env["PATH"] = str(bindir) + os.pathsep + env["PATH"]
    env["XDG_DATA_HOME"] = str(home)  # a runner's own history and data
    env.update(extra)
    return env


def fleet(db):
    """The history's images with their latest scan's findings, ignoring times and ids."""
    c = sqlite3.connect(db)
    rows = c.execute("SELECT i.repository || ':' || i.tag, f.record_id, f.package FROM images i"
                     " JOIN scans s ON s.id = (SELECT MAX(id) FROM scans WHERE image_id = i.id AND ok = 1)"
                     " LEFT JOIN findings f ON f.scan_id = s.id").fetchall()
    c.close()
    return sorted(rows, key=lambda r: tuple("" if x is None else x for x in r))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckitty", required=True)
    ap.add_argument("--work", required=True)
    a = ap.parse_args()
    try:
        import yaml
    except ImportError:
        print("skipped: PyYAML (python3-yaml) is not installed")
        return 77
    work = pathlib.Path(a.work).resolve()
    shutil.rmtree(work, ignore_errors=True)
    bindir = work / "bin"
    bindir.mkdir(parents=True)
    (bindir / "ckitty").symlink_to(pathlib.Path(a.ckitty).resolve())
    for image in IMAGES:
        if docker("tag", os.environ["CK_E2E_IMAGE_LOCAL"], image).returncode != 0:
            sys.exit("cannot tag " + image)
    (work / "images.txt").write_text("\n".join(IMAGES) + "\n")
    records = work / "records"  # the fixture's well-formed records (it also holds broken ones)
    records.mkdir()
    for f in (ROOT / "tests/fixtures/osv/debian").glob("*.json"):
        if "broken" not in f.name and "truncated" not in f.name:
            shutil.copy(f, records)
    server, base = osv_server(records)
    db_args = "--base-url %s --ecosystem Debian:12 --no-exploit-data" % base
    try:
        # ---- GitLab CI: the scan job N times, then the gather job
        ci = yaml.safe_load((ROOT / "docs/ci/gitlab-ci.yml").read_text())
        scan, gather = ci["scan"], ci["gather"]
        total = int(scan["parallel"])
        gathered = work / "gitlab-gather"
        (gathered / "results").mkdir(parents=True)
        for k in range(1, total + 1):
            job = work / ("gitlab-scan-%d" % k)
            job.mkdir()
            shutil.copy(work / "images.txt", job)
            env = runner_env(bindir, job / "home", {"CI_NODE_INDEX": str(k), "CI_NODE_TOTAL": str(total),
                                                    "CK_DB_UPDATE_ARGS": db_args, "CK_SCAN_ARGS": ""})
            rc = run_script(scan["script"], job, env)
            check(rc == 0, "gitlab scan job %d/%d ran (rc %d)" % (k, total, rc))
            for f in (job / "results").glob("*/*.json"):  # the artifacts the gather job receives
                (gathered / "results" / f.parent.name).mkdir(exist_ok=True)
                shutil.copy(f, gathered / "results" / f.parent.name / f.name)
        shares = sorted(p.name for p in (gathered / "results").glob("*/*.json"))
        check(len(shares) == len(IMAGES), "every image has one result across the shares (%d)" % len(shares))
        rc = run_script(gather["script"], gathered, runner_env(bindir, gathered / "home", {}))
        check(rc == 0, "gitlab gather job ran (rc %d)" % rc)
        check((gathered / "fleet.csv").exists(), "the gather job wrote its CSV artifact")

        # ---- the same list in one go
        single = work / "single"
        single.mkdir()
        env = runner_env(bindir, single / "home", {})
        rc = run_script(["ckitty db update " + db_args,
                         "ckitty scan --list %s --history single.db" % (work / "images.txt")], single, env)
        check(rc == 0, "the unsharded scan ran")
        sharded, whole = fleet(str(gathered / "fleet.db")), fleet(str(single / "single.db"))
        check(len({r[0] for r in sharded}) == len(IMAGES), "the gathered history holds the 12 images")
        check(sharded == whole, "the gathered history equals the list scanned in one go (%d rows)" % len(whole))

        # ---- Kubernetes: the container's command once per completion index
        spec = yaml.safe_load((ROOT / "docs/ci/kubernetes-job.yaml").read_text())["spec"]
        container = spec["template"]["spec"]["containers"][0]
        k8s = work / "k8s"
        (k8s / "config").mkdir(parents=True)
        shutil.copy(work / "images.txt", k8s / "config")
        for index in range(int(spec["completions"])):
            env = {e["name"]: e["value"] for e in container["env"]}
            env.update({"IMAGE_LIST": str(k8s / "config/images.txt"), "RESULTS": str(k8s / "results"),
                        "DOCKER_HOST": os.environ["DOCKER_HOST"], "JOB_COMPLETION_INDEX": str(index),
                        "CK_DB_UPDATE_ARGS": db_args})
            p = subprocess.run(container["command"], env=runner_env(bindir, k8s / ("home-%d" % index), env),
                               capture_output=True, text=True, timeout=900)
            print((p.stdout + p.stderr)[-800:], flush=True)
            check(p.returncode in (0, 1), "kubernetes completion %d ran (rc %d)" % (index, p.returncode))
        results = list((k8s / "results").glob("*/*.json"))
        check(len(results) == len(IMAGES), "the completions wrote one result an image (%d)" % len(results))
        rc = run_script(["ckitty import %s --history k8s.db" % (k8s / "results")], k8s, runner_env(bindir, k8s / "h", {}))
        check(rc == 0 and fleet(str(k8s / "k8s.db")) == whole, "the completions' results equal the list scanned in one go")
    finally:
        server.kill()
        for image in IMAGES:
            docker("rmi", image)
    if FAILURES:
        print("%d checks failed" % len(FAILURES))
        return 1
    print("ci templates: ok")
    return 0


sys.exit(main())
