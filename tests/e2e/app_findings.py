#!/usr/bin/env python3
"""The application image's vulnerabilities against a reference computation.

The image of tests/e2e/make_app_image.sh (npm packages in /app, Debian's
python3-requests, a jar, a Go program built against golang.org/x/text, a
copied Debian Go program) is scanned through the engine with real OSV
records: ../shared/fixtures/vulns/osv-lang (npm, Go, PyPI, Maven) and the
project's Debian records. What `ckitty scan` finds must equal what this
script computes on its own from the same records, with its own reading of
OSV's evaluation rules and the npm `semver` package (run with node) as the
order of npm's and Go's versions:
  - every (record, package, version) the reference finds, with the package's
    locations as the finding's paths, and nothing else;
  - the Python packages Debian installed give no PyPI finding, although the
    reference finds PyPI records for their versions (they are Debian's to
    judge);
  - every part of the image is assessed; without the npm records the scan
    says npm was not assessed and --fail-on exits 2.

  app_findings.py --ckitty CMD... --work DIR --shared DIR --fixtures DIR
Run inside `e2e-env.sh exec` as root; exit 77 when ../shared, node's
semver, npm, go or the e2e environment are missing."""
import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
import zipfile

import app_image

SKIP = 77
SEMVER_JS = "/usr/share/nodejs/semver"
ECOSYSTEMS = ("npm", "Go", "PyPI", "Maven")
failures = []


def check(ok, what):
    print(("PASS: " if ok else "FAIL: ") + what)
    if not ok:
        failures.append(what)


def records(shared, ecosystem):
    with zipfile.ZipFile(os.path.join(shared, "vulns/osv-lang", ecosystem, "all.zip")) as z:
        for name in z.namelist():
            if name.endswith(".json"):
                yield json.loads(z.read(name))


def semver_ranks(versions):
    """Each version's place in the npm semver order (node decides); None for
    what semver cannot parse."""
    script = ("const s=require(process.argv[1]);const v=JSON.parse(require('fs').readFileSync(0));"
              "const ok=v.filter(x=>s.valid(x));ok.sort(s.compare);"
              "const r={};let k=0;ok.forEach((x,i)=>{if(i&&s.compare(ok[i-1],x))k++;r[x]=k;});"
              "process.stdout.write(JSON.stringify(r));")
    env = dict(os.environ, NODE_PATH="/usr/share/nodejs")  # Debian's node modules (semver's lru-cache)
    out = subprocess.run(["node", "-e", script, SEMVER_JS], input=json.dumps(sorted(versions)),
                         capture_output=True, text=True, check=True, env=env).stdout
    return json.loads(out)


def affected(entry, version, rank):
    """OSV's rule: listed in versions[], or inside a range whose events, in
    version order, leave the version vulnerable. npm's and Go's versions are
    SemVer, in SEMVER and ECOSYSTEM ranges alike; GIT ranges say nothing."""
    if version in entry.get("versions", []):
        return True
    for r in entry.get("ranges", []):
        if r["type"] not in ("SEMVER", "ECOSYSTEM") or rank.get(version) is None:
            continue
        events = []
        for e in r["events"]:
            (kind, v), = e.items()
            at = -1 if (kind == "introduced" and v == "0") else rank.get(v)
            if at is None:
                raise SystemExit(f"reference: semver cannot order {v!r}")
            events.append((at, 0 if kind == "introduced" else 1, kind))
        vulnerable = False
        for at, _, kind in sorted(events):
            here = rank[version]
            if kind == "introduced" and here >= at:
                vulnerable = True
            elif kind in ("fixed", "limit") and here >= at:
                vulnerable = False
            elif kind == "last_affected" and here > at:
                vulnerable = False
        if vulnerable:
            return True
    return False


def reference(shared, packages):
    """(record id, ecosystem, name, version) -> locations, for the packages
    [(ecosystem, name, version, owner, locations)]."""
    found, owned_hits = {}, set()
    for eco in ECOSYSTEMS:
        mine = [p for p in packages if p[0] == eco]
        recs = list(records(shared, eco))
        versions = set()
        for p in mine:
            versions.add(p[2][1:] if eco == "Go" and p[2].startswith("v") else p[2])
        for r in recs:
            for a in r.get("affected", []):
                for rg in a.get("ranges", []):
                    versions.update(v for e in rg.get("events", []) for v in e.values())
        rank = semver_ranks(versions) if eco in ("npm", "Go") else {}
        for r in recs:
            if r.get("withdrawn"):
                continue
            for a in r.get("affected", []):
                pkg = a.get("package", {})
                if pkg.get("ecosystem") != eco:
                    continue
                for p in mine:
                    name = p[1].lower().replace("_", "-").replace(".", "-") if eco == "PyPI" else p[1]
                    want = pkg.get("name", "")
                    if eco == "PyPI":
                        want = want.lower().replace("_", "-").replace(".", "-")
                    if name != want:
                        continue
                    if eco == "Maven" and any(rg["type"] != "SEMVER" for rg in a.get("ranges", [])) \
                            and p[2] not in a.get("versions", []):
                        raise SystemExit(f"reference: no Maven order here for {r['id']} on {p[1]}")
                    v = p[2][1:] if eco == "Go" and p[2].startswith("v") else p[2]
                    if affected(a, v, rank):
                        key = (r["id"], eco, p[1], p[2])
                        if p[3]:
                            owned_hits.add(key)
                        else:
                            found[key] = sorted(p[4])
    return found, owned_hits


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckitty", nargs="+", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--shared", required=True)
    ap.add_argument("--fixtures", required=True)
    a = ap.parse_args()
    if not os.path.isdir(os.path.join(a.shared, "vulns/osv-lang")):
        print("../shared is absent: skipped")
        return SKIP
    for tool in ("node", "npm", "go", "docker"):
        if not shutil.which(tool):
            print(f"{tool} is missing: skipped")
            return SKIP
    if not os.path.isdir(SEMVER_JS):
        print("node's semver package is missing: skipped")
        return SKIP
    made = subprocess.run(["bash", os.path.join(app_image.HERE, "make_app_image.sh")], capture_output=True, text=True)
    if made.returncode:
        print(made.stderr)
        return SKIP if made.returncode == SKIP else 1
    tarball, image = made.stdout.split()
    shutil.rmtree(a.work, ignore_errors=True)
    root = os.path.join(a.work, "root")
    os.makedirs(root)
    subprocess.run(["tar", "-C", root, "-xf", tarball], check=True)
    want_packages = app_image.expected(root)
    packages = [(k[0], k[1], k[2], v[0], v[1]) for k, v in want_packages.items()]
    want, owned_hits = reference(a.shared, packages)
    print(f"reference: {len(want)} findings; {len(owned_hits)} PyPI records for Debian's own Python packages")
    check(len(want) >= 10 and any(k[1] == "npm" for k in want) and any(k[2] == "stdlib" for k in want),
          "the image has npm and Go standard-library findings to find")
    check(len(owned_hits) > 0, "PyPI records exist for the versions Debian installed")

    db = os.path.join(a.work, "vulns.db")
    hist = os.path.join(a.work, "history.db")
    for source in [os.path.join(a.fixtures, "osv/debian")] + \
            [os.path.join(a.shared, "vulns/osv-lang", e, "all.zip") for e in ECOSYSTEMS]:
        subprocess.run(a.ckitty + ["db", "import", source, "--db", db], check=True, capture_output=True)
    reports = os.path.join(a.work, "reports")
    r = subprocess.run(a.ckitty + ["scan", "--no-pull", "--db", db, "--history", hist, "--report-dir", reports,
                                   "--fail-on", "critical", "--allow-unassessed", image],
                       capture_output=True, text=True)
    got_files = glob.glob(os.path.join(reports, "*.json"))
    check(r.returncode in (0, 1) and got_files, f"ckitty scan {image}: exit {r.returncode} {r.stderr[-400:]}")
    if not got_files:
        return 1
    doc = json.load(open(got_files[0]))
    lang = {(f["id"], f["ecosystem"], f["package"], f["installed"]): sorted(f["locations"])
            for f in doc["findings"] if f.get("ecosystem") in ECOSYSTEMS}
    missing = sorted(set(want) - set(lang))
    extra = sorted(set(lang) - set(want))
    wrong = sorted(k for k in set(want) & set(lang) if want[k] != lang[k])
    for k in missing[:15]:
        print("  missing", k)
    for k in extra[:15]:
        print("  unexpected", k)
    for k in wrong[:15]:
        print("  locations of", k, lang[k], "reference", want[k])
    check(not missing and not extra and not wrong,
          f"ckitty's {len(lang)} application findings are the reference's {len(want)}")
    check(not any(f.get("ecosystem") == "PyPI" for f in doc["findings"]),
          "Debian's python3 packages give no PyPI finding")
    check(doc.get("assessed") is True and all(p["assessed"] for p in doc["assessment"]),
          f"every part is assessed: {doc.get('assessment')}")
    paths = sum(len(l) for l in lang.values())
    check(doc["vulnerable_paths"] >= paths, f"{doc['vulnerable_paths']} vulnerable paths count every location")

    # The same without npm's records: npm is not assessed, and --fail-on exits 2 for it.
    db2 = os.path.join(a.work, "vulns-no-npm.db")
    for source in [os.path.join(a.fixtures, "osv/debian")] + \
            [os.path.join(a.shared, "vulns/osv-lang", e, "all.zip") for e in ECOSYSTEMS if e != "npm"]:
        subprocess.run(a.ckitty + ["db", "import", source, "--db", db2], check=True, capture_output=True)
    r = subprocess.run(a.ckitty + ["scan", "--no-pull", "--db", db2, "--history", hist, "--fail-on", "critical",
                                   image], capture_output=True, text=True)
    check(r.returncode == 2 and "no vulnerability data for npm" in r.stdout + r.stderr,
          f"without npm's records: exit {r.returncode}, 'no vulnerability data for npm' said")
    shutil.rmtree(a.work, ignore_errors=True)
    print(f"{len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
