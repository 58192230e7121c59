#!/usr/bin/env python3
"""End-to-end checks of `ckitty sbom` against independent oracles.

  sbom_oracle.py rootfs CKITTY [EMULATOR...]
      `ckitty sbom --rootfs /` on this machine against dpkg-query's list of
      installed packages (name, version, source, source version, arch).
  sbom_oracle.py image CKITTY ROOTFS_TAR|auto WORKDIR [EMULATOR...]
      a real debootstrap root (the e2e image cache's tarball) made into
      `docker save` archives in both layouts (legacy with the plain layer,
      OCI with a gzip-compressed layer under a second layer that changes the
      database, and the same with the layer compressed by the zstd tool when
      it is installed), against python3-apt's reading of the same status
      files.

Exit 77 when what the check needs is absent (dpkg-query, the tarball,
python3-apt)."""
import gzip
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile

SKIP = 77


def run_sbom(cmd, *args):
    out = subprocess.run(cmd + ["sbom", *args], capture_output=True, check=True).stdout
    return json.loads(out.decode("utf-8"))


def ours(doc):
    # dpkg knows the OS packages; application packages are checked by the application image's tests
    return {(p["name"], p["version"], p["source_name"], p["source_version"], p["arch"]) for p in doc["packages"]
            if p["type"] != "lang"}


def compare(label, mine, want):
    missing, extra = want - mine, mine - want
    for p in sorted(missing)[:20]:
        print(f"{label}: missing {p}")
    for p in sorted(extra)[:20]:
        print(f"{label}: unexpected {p}")
    print(f"{label}: {len(mine)} packages, oracle {len(want)}, {len(missing)} missing, {len(extra)} unexpected")
    return not missing and not extra


def rootfs(cmd):
    if not shutil.which("dpkg-query") or not os.path.exists("/var/lib/dpkg/status"):
        print("no dpkg here: skipped")
        return SKIP
    fmt = "${db:Status-Status}\t${Package}\t${Version}\t${source:Package}\t${source:Version}\t${Architecture}\n"
    lines = subprocess.run(["dpkg-query", "-W", "-f", fmt], capture_output=True, text=True, check=True).stdout
    want = {tuple(l.split("\t")[1:]) for l in lines.splitlines() if l.startswith("installed\t")}
    doc = run_sbom(cmd, "--rootfs", "/", "--os-only")  # this machine's root: its package databases only
    ok = compare("rootfs /", ours(doc), want)
    osrel = {}
    with open("/etc/os-release") as f:
        for line in f:
            if "=" in line:
                k, v = line.rstrip("\n").split("=", 1)
                osrel[k] = v.strip("\"'")
    if osrel.get("ID") == "debian" and doc["ecosystem"] != f"Debian:{osrel.get('VERSION_ID')}":
        print(f"ecosystem {doc['ecosystem']} for Debian {osrel.get('VERSION_ID')}")
        ok = False
    return 0 if ok else 1


def apt_packages(status_bytes, work):
    """(name, version, source, source version, arch) of the installed stanzas."""
    import apt_pkg
    apt_pkg.init()
    result = set()
    path = os.path.join(work, "status.oracle")
    with open(path, "wb") as f:
        f.write(status_bytes)
    with open(path, encoding="utf-8") as f:
        sections = [dict(sec) for sec in apt_pkg.TagFile(f)]
    os.remove(path)
    for sec in sections:
        status = (sec.get("Status") or "").split()
        if len(status) < 3 or status[2] != "installed":
            continue
        name, version = sec["Package"], sec["Version"]
        src, srcver = name, version
        if sec.get("Source"):
            parts = sec["Source"].split()
            src = parts[0]
            if len(parts) > 1:
                srcver = parts[1].strip("()")
        result.add((name, version, src, srcver, sec.get("Architecture")))
    return result


def add_bytes(tar, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = 1700000000
    tar.addfile(info, io.BytesIO(data))


def default_rootfs_tar():
    """Where tests/tools/e2e-env.sh caches the debootstrap root."""
    cache = os.environ.get("CK_E2E_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "containerkitty", "images")
    arch = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True).stdout.strip() \
        if shutil.which("dpkg") else "amd64"
    return os.path.join(cache, f"debian-bookworm-minbase-{arch}.tar")


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def oci_archive(work, base_blob, media_suffix, upper):
    """An OCI layout of the compressed base layer (media type
    application/vnd.oci.image.layer.v1.<media_suffix>) under the plain upper
    layer; returns its path (work/oci.tar)."""
    base_digest, upper_digest = sha256_file(base_blob), hashlib.sha256(upper).hexdigest()
    manifest = json.dumps({"schemaVersion": 2, "layers": [
        {"mediaType": "application/vnd.oci.image.layer.v1." + media_suffix, "digest": "sha256:" + base_digest},
        {"mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": "sha256:" + upper_digest}]}).encode()
    mdigest = hashlib.sha256(manifest).hexdigest()
    oci = os.path.join(work, "oci.tar")
    with tarfile.open(oci, "w") as t:
        add_bytes(t, "oci-layout", b'{"imageLayoutVersion":"1.0.0"}')
        add_bytes(t, "blobs/sha256/" + upper_digest, upper)
        t.add(base_blob, "blobs/sha256/" + base_digest)
        add_bytes(t, "blobs/sha256/" + mdigest, manifest)
        add_bytes(t, "index.json", json.dumps({"schemaVersion": 2, "manifests": [
            {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:" + mdigest}]}).encode())
    return oci


def image(cmd, rootfs_tar, work):
    if rootfs_tar == "auto":
        rootfs_tar = default_rootfs_tar()
    if not os.path.exists(rootfs_tar):
        print(f"{rootfs_tar} is absent (tests/tools/e2e-env.sh makes it): skipped")
        return SKIP
    try:
        import apt_pkg  # noqa: F401
    except ImportError:
        print("python3-apt is not installed: skipped")
        return SKIP
    os.makedirs(work, exist_ok=True)
    with tarfile.open(rootfs_tar) as t:
        base_status = t.extractfile("./var/lib/dpkg/status").read()
    want_base = apt_packages(base_status, work)
    # the upper layer: a changed status (one package more) and a whiteout
    extra = (b"\nPackage: ck-e2e-extra\nStatus: install ok installed\nArchitecture: all\n"
             b"Version: 1.0-1\nSource: ck-e2e (0.9)\n")
    upper_status = base_status.rstrip(b"\n") + b"\n" + extra
    want_upper = apt_packages(upper_status, work)
    upper = io.BytesIO()
    with tarfile.open(fileobj=upper, mode="w", format=tarfile.PAX_FORMAT) as t:
        add_bytes(t, "var/lib/dpkg/status", upper_status)
        add_bytes(t, "usr/share/doc/.wh.README", b"")
    upper = upper.getvalue()
    ok = True

    legacy = os.path.join(work, "legacy.tar")
    with tarfile.open(legacy, "w") as t:
        t.add(rootfs_tar, "base/layer.tar")
        add_bytes(t, "manifest.json", json.dumps([{"Config": "c.json", "RepoTags": ["ck/debian:e2e"],
                                                    "Layers": ["base/layer.tar"]}]).encode())
    doc = run_sbom(cmd, "--input", legacy)
    ok &= compare("legacy layout, one plain layer", ours(doc), want_base)
    ok &= doc["ecosystem"] == "Debian:12"

    gz = os.path.join(work, "base.tar.gz")
    with open(rootfs_tar, "rb") as src, gzip.open(gz, "wb", compresslevel=1) as dst:
        shutil.copyfileobj(src, dst, 1 << 20)
    doc = run_sbom(cmd, "--input", oci_archive(work, gz, "tar+gzip", upper))
    ok &= compare("OCI layout, gzip layer + upper layer", ours(doc), want_upper)
    os.remove(gz)
    if shutil.which("zstd"):
        zst = os.path.join(work, "base.tar.zst")
        subprocess.run(["zstd", "-q", "-f", "-3", rootfs_tar, "-o", zst], check=True)
        doc = run_sbom(cmd, "--input", oci_archive(work, zst, "tar+zstd", upper))
        ok &= compare("OCI layout, zstd layer + upper layer", ours(doc), want_upper)
        os.remove(zst)
    else:
        print("the zstd tool is not installed: the zstd layer was not checked")
    os.remove(legacy)
    os.remove(os.path.join(work, "oci.tar"))
    return 0 if ok else 1


def main():
    args = sys.argv[1:]
    if len(args) >= 2 and args[0] == "rootfs":
        return rootfs(args[2:] + [args[1]])
    if len(args) >= 4 and args[0] == "image":
        return image(args[4:] + [args[1]], args[2], args[3])
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main())
