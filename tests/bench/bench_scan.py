#!/usr/bin/env python3
"""Scan benchmarks against the real e2e engine (prints figures, asserts nothing).

1. A whole `ckitty scan --os-only` process of a local Debian image (already pulled,
   database warm) against `docker create` + `docker cp /var/lib/dpkg/status`
   + `docker rm` with the docker CLI, same engine, same run: medians and the
   ratio (goal: at most 1.0).
2. A job of 50 images (tags of the e2e image) with --parallel 1 and 4:
   images per second and the peak resident memory of ckitty (goal < 64 MB).

Run: tests/tools/e2e-env.sh exec -- python3 tests/bench/bench_scan.py --ckitty build/native-release/ckitty
(a build without sanitizers gives meaningful figures)."""
import argparse
import os
import pathlib
import resource
import statistics
import subprocess
import sys
import tempfile
import time


def timed(cmd):
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def peak_rss_of(cmd):
    """Runs cmd in a child and returns (seconds, peak RSS in MB of that child)."""
    code = ("import resource,subprocess,sys,time;t=time.perf_counter();"
            "subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL);"
            "print(time.perf_counter()-t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code] + cmd, capture_output=True, text=True, check=True).stdout
    secs, kb = out.split()
    return float(secs), int(kb) / 1024


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckitty", required=True)
    ap.add_argument("--runs", type=int, default=7)
    a = ap.parse_args()
    image = os.environ["CK_E2E_IMAGE"]
    docker = ["docker", "-H", os.environ["DOCKER_HOST"]]
    work = pathlib.Path(tempfile.mkdtemp(prefix="ckbench."))
    db, hist = str(work / "vulns.db"), str(work / "history.db")
    fixtures = pathlib.Path(__file__).resolve().parent.parent / "fixtures/osv"
    subprocess.run([a.ckitty, "db", "import", str(fixtures), "--db", db], stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    # the package databases only, as the CLI copy below reads them
    scan = [a.ckitty, "scan", "--no-pull", "--os-only", "--db", db, "--history", hist, image]
    timed(scan)  # warm: database, history, page cache

    def cli_copy():
        t = time.perf_counter()
        cid = subprocess.run(docker + ["create", image, "/x"], capture_output=True, text=True, check=True).stdout.strip()
        subprocess.run(docker + ["cp", f"{cid}:/var/lib/dpkg/status", str(work / "status")], check=True,
                       stdout=subprocess.DEVNULL)
        subprocess.run(docker + ["rm", cid], check=True, stdout=subprocess.DEVNULL)
        return time.perf_counter() - t

    ours = [timed(scan) for _ in range(a.runs)]
    theirs = [cli_copy() for _ in range(a.runs)]
    m_ours, m_cli = statistics.median(ours), statistics.median(theirs)
    print(f"whole scan (ckitty scan, one image):        median {m_ours * 1000:7.1f} ms over {a.runs} runs")
    print(f"docker create + docker cp + docker rm:     median {m_cli * 1000:7.1f} ms over {a.runs} runs")
    print(f"ratio scan / CLI copy: {m_ours / m_cli:.2f} (goal <= 1.0)")

    tags = []
    for i in range(50):
        tag = f"ck/bench:{i}"
        subprocess.run(docker + ["tag", image, tag], check=True)
        tags.append(tag)
    for par in (1, 4):
        h = str(work / f"history-{par}.db")
        secs, rss = peak_rss_of([a.ckitty, "scan", "--no-pull", "--os-only", "--db", db, "--history", h,
                                 "--parallel", str(par)] + tags)
        print(f"50 images, --parallel {par}: {secs:6.2f} s, {50 / secs:5.1f} images/s, peak RSS {rss:5.1f} MB (goal < 64 MB)")
    subprocess.run(docker + ["rmi"] + tags, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


if __name__ == "__main__":
    main()
