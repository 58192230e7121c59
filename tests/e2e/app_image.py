#!/usr/bin/env python3
"""The whole-filesystem inventory of a real application image against the
ecosystems' own tools.

The image (tests/e2e/make_app_image.sh) is Debian's debootstrap root with
npm packages in /app, Debian's python3-requests, two jars copied to
/opt/app/lib, a Go program built with -mod=vendor, Debian's fzf program
copied to /usr/local/bin, a shell script and a copied shared library.
`ckitty sbom` of it through the engine, as a `docker save` archive and as a
root folder (not under Wine) must each say what these say:
  npm       `npm ls --all --json` (names, versions) and `npm query '*'`
            (where each one is installed)
  PyPI      Python's importlib.metadata over every site-/dist-packages folder
  Go        `go version -m` over the whole root (main module, dependencies,
            the toolchain as stdlib)
  Maven     the jars' own META-INF/maven/**/pom.properties (Python's zipfile)
  owners    `dpkg -S` for every location
  OS        `dpkg-query -W`
and `ckitty unmanaged` must list exactly the programs, libraries, scripts and
archives placed by hand, with their SHA-256 (hashlib).

  app_image.py --ckitty CMD... --work DIR
Run inside `e2e-env.sh exec` as root; exit 77 when npm, go or the e2e image
cache are missing."""
import argparse
import hashlib
import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
import zipfile

SKIP = 77
HERE = os.path.dirname(os.path.abspath(__file__))
# What make_app_image.sh placed where no package manager or cataloger accounts for it.
PLACED = {
    "/usr/local/bin/ckapp": "executable",
    "/usr/local/bin/fzf": "executable",
    "/usr/local/bin/app-start.sh": "script",
    "/opt/app/lib/libz.so.1": "library",
    "/opt/app/lib/jsr305.jar": "archive",
}
failures = []


def check(ok, what):
    print(("PASS: " if ok else "FAIL: ") + what)
    if not ok:
        failures.append(what)


def out(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, check=True, **kw).stdout


# ---- the oracles -----------------------------------------------------------------

def npm_packages(root):
    app = os.path.join(root, "app")
    tree = json.loads(out(["npm", "ls", "--all", "--json", "--prefix", app]))
    names = set()

    def walk(deps):
        for name, d in (deps or {}).items():
            names.add((name, d["version"]))
            walk(d.get("dependencies"))
    walk(tree.get("dependencies"))
    where = {}
    for p in json.loads(out(["npm", "query", "*", "--prefix", app])):
        if p.get("location"):
            where.setdefault((p["name"], p["version"]), []).append(f"/app/{p['location']}/package.json")
    if set(where) != names:
        raise SystemExit(f"npm ls and npm query disagree: {sorted(set(where) ^ names)}")
    return {("npm", n, v): sorted(locs) for (n, v), locs in where.items()}


def python_packages(root):
    found = {}
    for top, dirs, _ in os.walk(root):
        dirs[:] = [d for d in dirs if not (top == root and d in ("proc", "sys", "dev"))]
        for d in dirs:
            if d not in ("site-packages", "dist-packages"):
                continue
            folder = os.path.join(top, d)
            for dist in importlib.metadata.distributions(path=[folder]):
                meta = str(dist._path)  # the .dist-info / .egg-info folder, or the single-file egg-info
                if os.path.isdir(meta):
                    meta = os.path.join(meta, "METADATA" if meta.endswith(".dist-info") else "PKG-INFO")
                key = ("PyPI", dist.metadata["Name"], dist.version)
                found.setdefault(key, []).append("/" + os.path.relpath(meta, root))
    return {k: sorted(v) for k, v in found.items()}


def go_packages(root):
    found = {}
    binary = None
    for line in out(["go", "version", "-m", root]).splitlines():
        if not line.startswith("\t"):
            path, _, toolchain = line.rpartition(": ")
            binary = "/" + os.path.relpath(path, root)
            found.setdefault(("Go", "stdlib", "v" + toolchain[2:]), []).append(binary)
            continue
        f = line.strip("\t").split("\t")
        if f[0] not in ("mod", "dep"):
            continue
        name, version = f[1], f[2] if len(f) > 2 else ""
        if len(f) > 3 and f[3] == "=>":  # a replacement: the module actually built in
            name, version = f[4], f[5] if len(f) > 5 else ""
        if version and version != "(devel)":
            found.setdefault(("Go", name, version), []).append(binary)
    return {k: sorted(v) for k, v in found.items()}


def maven_packages(root):
    found = {}
    lib = os.path.join(root, "opt/app/lib")
    for jar in sorted(os.listdir(lib)):
        if not jar.endswith(".jar"):
            continue
        with zipfile.ZipFile(os.path.join(lib, jar)) as z:
            for entry in z.namelist():
                if entry.startswith("META-INF/maven/") and entry.endswith("/pom.properties"):
                    props = dict(l.split("=", 1) for l in z.read(entry).decode().splitlines()
                                 if "=" in l and not l.startswith("#"))
                    key = ("Maven", f"{props['groupId']}:{props['artifactId']}", props["version"])
                    found.setdefault(key, []).append(f"/opt/app/lib/{jar}")
    return found


def owners(root, paths):
    admin = ["--admindir", os.path.join(root, "var/lib/dpkg")]
    r = subprocess.run(["dpkg", *admin, "-S", *paths], capture_output=True, text=True)
    owner = {}
    for line in r.stdout.splitlines():
        pkg, _, path = line.partition(": ")
        if path in paths and "," not in pkg:
            owner[path] = pkg.split(":")[0]
    return owner


def os_packages(root):
    fmt = "${db:Status-Status} ${Package} ${Version}\n"
    lines = out(["dpkg-query", "--admindir", os.path.join(root, "var/lib/dpkg"), "-W", "-f", fmt])
    return {tuple(l.split()[1:]) for l in lines.splitlines() if l.startswith("installed ")}


def expected(root):
    want = {}
    for part in (npm_packages, python_packages, go_packages, maven_packages):
        want.update(part(root))
    located = sorted({loc for locs in want.values() for loc in locs})
    owner = owners(root, located)
    return {k: (owner.get(locs[0]), locs) for k, locs in want.items()}


# ---- what ckitty says ----------------------------------------------------------------

def sbom(ckitty, *args):
    doc = json.loads(out(ckitty + ["sbom", *args]))
    lang = {(p["ecosystem"], p["name"], p["version"]): (p["owner"], sorted(p["locations"]))
            for p in doc["packages"] if p["type"] == "lang"}
    osp = {(p["name"], p["version"]) for p in doc["packages"] if p["type"] != "lang"}
    return doc, lang, osp


def compare(label, mine, want):
    missing = sorted(set(want) - set(mine))
    extra = sorted(set(mine) - set(want))
    wrong = sorted(k for k in set(mine) & set(want) if mine[k] != want[k])
    for k in missing[:10]:
        print(f"  {label}: missing {k} {want[k]}")
    for k in extra[:10]:
        print(f"  {label}: unexpected {k} {mine[k]}")
    for k in wrong[:10]:
        print(f"  {label}: {k}: ckitty {mine[k]}, oracle {want[k]}")
    check(not missing and not extra and not wrong,
          f"{label}: {len(mine)} application packages, the tools' {len(want)}")


def check_sbom(label, ckitty, args, want, want_os, root):
    doc, lang, osp = sbom(ckitty, *args)
    compare(label, lang, want)
    check(osp == want_os, f"{label}: {len(osp)} OS packages, dpkg-query's {len(want_os)}")
    software = {u["path"]: u for u in doc.get("unmanaged", [])}
    check({p: u["kind"] for p, u in software.items()} == PLACED,
          f"{label}: unmanaged software {sorted(software)} is what was placed")
    for path, u in software.items():
        if u["kind"] in ("executable", "library"):
            with open(os.path.join(root, path.lstrip("/")), "rb") as f:
                sha = hashlib.sha256(f.read()).hexdigest()
            check(u["sha256"] == sha, f"{label}: SHA-256 of {path}")
    check(doc["files_seen"] > 5000 and doc.get("unmanaged_other", {}).get("files", 0) > 0,
          f"{label}: {doc['files_seen']} files seen")


def check_unmanaged(ckitty, image):
    doc = json.loads(out(ckitty + ["unmanaged", image, "--format", "json"]))
    listed = {u["path"]: u["kind"] for u in doc["unmanaged"] if u["kind"] not in ("other", "config")}
    check(listed == PLACED, f"ckitty unmanaged {image}: the software listed is exactly what was placed")
    groups = {g["folder"]: g for g in doc["groups"]}
    check(groups.get("/usr/local/bin", {}).get("binaries") == 2 and groups.get("/opt/app/lib", {}).get("binaries") == 1,
          "ckitty unmanaged groups by folder with the count of executables and libraries")
    check(not any(u["path"].startswith("/app/node_modules/") for u in doc["unmanaged"]),
          "nothing of the npm tree is unmanaged")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckitty", nargs="+", required=True)
    ap.add_argument("--work", required=True)
    a = ap.parse_args()
    for tool in ("npm", "go", "dpkg", "docker"):
        if not shutil.which(tool):
            print(f"{tool} is missing: skipped")
            return SKIP
    made = subprocess.run(["bash", os.path.join(HERE, "make_app_image.sh")], capture_output=True, text=True)
    if made.returncode == SKIP:
        print(made.stderr)
        return SKIP
    if made.returncode != 0:
        print(made.stderr)
        return 1
    tarball, image = made.stdout.split()
    shutil.rmtree(a.work, ignore_errors=True)
    root = os.path.join(a.work, "root")
    os.makedirs(root)
    subprocess.run(["tar", "-C", root, "-xf", tarball], check=True)
    want = expected(root)
    want_os = os_packages(root)
    print(f"oracles: {len(want)} application packages, {len(want_os)} OS packages")
    check(sum(1 for k in want if k[0] == "npm") >= 50 and any(k[0] == "Go" and k[1] == "golang.org/x/text" for k in want)
          and any(k[0] == "Maven" for k in want) and any(v[0] == "python3-requests" for v in want.values()),
          "the image holds npm, Go, Maven and dpkg-owned Python packages")

    docker = ["docker", "-H", "unix://" + os.environ["CK_E2E_SOCK"]]
    archive = os.path.join(a.work, "app.tar")
    subprocess.run(docker + ["save", "-o", archive, image], check=True)
    check_sbom(f"engine {image}", a.ckitty, [image], want, want_os, root)
    check_sbom("docker save archive", a.ckitty, ["--input", archive], want, want_os, root)
    if "wine" not in " ".join(a.ckitty):  # a Linux root folder's links mean nothing to a Windows program
        check_sbom("root folder", a.ckitty, ["--rootfs", root], want, want_os, root)
    check_unmanaged(a.ckitty, image)
    shutil.rmtree(a.work, ignore_errors=True)
    print(f"{len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
