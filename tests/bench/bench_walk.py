#!/usr/bin/env python3
"""Whole-filesystem walk benchmarks against the real e2e engine (prints
figures, asserts nothing).

1. An application image built here on the e2e Debian image: FILES files
   (SIZE_MB in all, a few large ones among them) and NPM npm packages in a
   node_modules tree. `ckitty sbom IMAGE` (create, export, walk, remove)
   against the engine's own `docker export` of a created container to
   /dev/null, side by side in one run: medians and the ratio (goal: at most
   1.2), and ckitty's peak resident memory (goal: under 64 MB).
2. `ckitty scan` of it twice with one history: the first reads the image,
   the second reuses the inventory kept for its image ID (goal: a quarter
   of the first or less).
3. A job of 20 images sharing the e2e base (one small layer each): images
   per second read cold (--refresh) and with the inventories kept.

Run: tests/tools/e2e-env.sh exec -- python3 tests/bench/bench_walk.py --ckitty build/native-release/ckitty
(a build without sanitizers gives meaningful figures; --size-mb 1024 --files 50000 --npm 2000 for the
issue's 1 GB image: it takes a few minutes to build)."""
import argparse
import json
import os
import pathlib
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent


def timed(cmd, **kw):
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)
    return time.perf_counter() - t


def peak_rss_of(cmd):
    """Runs cmd in a child: (seconds, peak RSS in MB of that child)."""
    code = ("import resource,subprocess,sys,time;t=time.perf_counter();"
            "subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL,check=True);"
            "print(time.perf_counter()-t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code] + cmd, capture_output=True, text=True, check=True).stdout
    secs, kb = out.split()
    return float(secs), int(kb) / 1024


def make_context(folder, files, size_mb, npm):
    """A build context: npm packages, many small files and a few large ones."""
    rnd = random.Random(7)
    app = folder / "app"
    for i in range(npm):
        pkg = app / "node_modules" / f"pkg{i:05d}"
        pkg.mkdir(parents=True)
        (pkg / "package.json").write_text(json.dumps({"name": f"pkg{i:05d}", "version": f"1.{i % 50}.0"}))
        (pkg / "index.js").write_text("module.exports = %d;\n" % i)
    small = max(files - 2 * npm - 8, 0)
    budget = size_mb << 20
    big = budget // 2 // 8  # half the bytes in eight large files
    (folder / "data").mkdir()
    chunk = rnd.randbytes(1 << 20)
    for i in range(8):
        with open(folder / "data" / f"blob{i}.bin", "wb") as f:
            left = big
            while left > 0:
                f.write(chunk[:min(left, len(chunk))])
                left -= len(chunk)
    each = (budget - 8 * big) // max(small, 1)
    for i in range(small):
        d = folder / "srv" / f"d{i // 500:04d}"
        d.mkdir(parents=True, exist_ok=True)
        (d / f"f{i:06d}.dat").write_bytes(rnd.randbytes(min(each, 1 << 16)) * max(1, each // (1 << 16)))
    (folder / "Dockerfile").write_text(f"FROM {os.environ['CK_E2E_IMAGE']}\nCOPY app /app\nCOPY data /data\nCOPY srv /srv\n")


def build(docker, context, tag):
    env = dict(os.environ, DOCKER_BUILDKIT="0")
    subprocess.run(docker + ["build", "-q", "-t", tag, str(context)], check=True, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def export_once(docker, image):
    cid = subprocess.run(docker + ["create", image, "/x"], capture_output=True, text=True, check=True).stdout.strip()
    try:
        with open(os.devnull, "wb") as null:
            t = time.perf_counter()
            subprocess.run(docker + ["export", cid], check=True, stdout=null)
            return time.perf_counter() - t
    finally:
        subprocess.run(docker + ["rm", cid], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckitty", required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--size-mb", type=int, default=256)
    ap.add_argument("--files", type=int, default=20000)
    ap.add_argument("--npm", type=int, default=2000)
    a = ap.parse_args()
    docker = ["docker", "-H", os.environ["DOCKER_HOST"]]
    work = pathlib.Path(tempfile.mkdtemp(prefix="ckwalk."))
    try:
        run(a, docker, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(a, docker, work):
    image = "ck/walkbench:1"
    t = time.perf_counter()
    make_context(work / "ctx", a.files, a.size_mb, a.npm)
    build(docker, work / "ctx", image)
    print(f"image {image}: {a.files} files, {a.size_mb} MB, {a.npm} npm packages on the e2e Debian image "
          f"(built in {time.perf_counter() - t:.0f} s)")
    shutil.rmtree(work / "ctx")

    sbom = [a.ckitty, "sbom", image, "-o", str(work / "sbom.json")]
    timed(sbom)  # warm the page cache and the engine
    ours, theirs, rss = [], [], []
    for _ in range(a.runs):  # interleaved, so both see the same machine
        secs, peak = peak_rss_of(sbom)
        ours.append(secs)
        rss.append(peak)
        theirs.append(export_once(docker, image))
    doc = json.loads((work / "sbom.json").read_text())
    apps = sum(1 for p in doc["packages"] if p["type"] == "lang")
    m_ours, m_theirs = statistics.median(ours), statistics.median(theirs)
    print(f"ckitty sbom (create, export, walk, remove): median {m_ours:6.2f} s over {a.runs} runs; "
          f"{apps} application packages, {doc['files_seen']} files")
    print(f"docker export to /dev/null:                median {m_theirs:6.2f} s over {a.runs} runs")
    print(f"ratio walk / export: {m_ours / m_theirs:.2f} (goal <= 1.2); peak RSS {max(rss):.1f} MB (goal < 64 MB)")

    db, hist = str(work / "vulns.db"), str(work / "history.db")
    subprocess.run([a.ckitty, "db", "import", str(HERE.parent / "fixtures/osv"), "--db", db],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    scan = [a.ckitty, "scan", "--no-pull", "--db", db, "--history", hist, image]
    first = timed(scan)
    cached = statistics.median(timed(scan) for _ in range(a.runs))
    print(f"scan, first (reads the image): {first:6.2f} s; again (inventory reused): median {cached:6.2f} s; "
          f"ratio {cached / first:.2f} (goal <= 0.25)")

    tags = []
    for i in range(20):
        ctx = work / f"small{i}"
        ctx.mkdir()
        (ctx / "note.txt").write_text(f"image {i}\n")
        (ctx / "Dockerfile").write_text(f"FROM {os.environ['CK_E2E_IMAGE']}\nCOPY note.txt /etc/ck-note.txt\n")
        build(docker, ctx, f"ck/walkbench:s{i}")
        tags.append(f"ck/walkbench:s{i}")
    h = str(work / "history-20.db")
    job = [a.ckitty, "scan", "--no-pull", "--db", db, "--history", h, "--parallel", "2"]
    cold = timed(job + ["--refresh"] + tags)
    warm = timed(job + tags)
    print(f"20 images on one base, --parallel 2: cold {20 / cold:5.1f} images/s ({cold:.1f} s), "
          f"inventories kept {20 / warm:5.1f} images/s ({warm:.1f} s)")
    subprocess.run(docker + ["rmi", image] + tags, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


if __name__ == "__main__":
    main()
