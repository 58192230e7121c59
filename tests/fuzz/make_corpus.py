#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets, tests/fuzz/corpus/<target>/,
from real inputs: the project's own fixtures (tests/fixtures), files of this
Debian 12 machine (its dpkg status, os-release), archives made with Python's
tarfile / zipfile and Info-ZIP, rpm headers that rpm wrote (the rpmdb fixture),
and version strings, CVSS vectors and image references taken from those.
The GitLab and registry corpora are recordings of real servers
(record_proxy.py) and are not written here. Deterministic: run it again and
nothing changes (on the same machine: the dpkg
stanzas and versions come from its package database).

    python3 tests/fuzz/make_corpus.py            (from anywhere)

Each corpus file is named after what it holds. A target's corpus is
replaced as a whole, except files named regress-*, which are inputs that
once made the target fail and stay."""
import gzip
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import struct
import subprocess
import sys
import tarfile
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FIX = os.path.join(ROOT, "tests", "fixtures")
CORPUS = os.path.join(HERE, "corpus")
SEP = b"\n--next--\n"

written = {}


def out(target, name, data):
    if isinstance(data, str):
        data = data.encode()
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9._+-]", "_", name)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)
    written.setdefault(target, set()).add(name)


def fixture(*parts):
    with open(os.path.join(FIX, *parts), "rb") as f:
        return f.read()


def dpkg_stanzas(path="/var/lib/dpkg/status"):
    with open(path, "rb") as f:
        return [s for s in f.read().split(b"\n\n") if s.strip()]


# ---- os-release ------------------------------------------------------------

# /etc/os-release of the distributions' container images, as they ship them.
OS_RELEASE = {
    "debian-12": None,  # this machine's own file
    "ubuntu-22.04": """PRETTY_NAME="Ubuntu 22.04.4 LTS"
NAME="Ubuntu"
VERSION_ID="22.04"
VERSION="22.04.4 LTS (Jammy Jellyfish)"
VERSION_CODENAME=jammy
ID=ubuntu
ID_LIKE=debian
HOME_URL="https://www.ubuntu.com/"
SUPPORT_URL="https://help.ubuntu.com/"
BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"
PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"
UBUNTU_CODENAME=jammy
""",
    "ubuntu-24.04": """PRETTY_NAME="Ubuntu 24.04.1 LTS"
NAME="Ubuntu"
VERSION_ID="24.04"
VERSION="24.04.1 LTS (Noble Numbat)"
VERSION_CODENAME=noble
ID=ubuntu
ID_LIKE=debian
HOME_URL="https://www.ubuntu.com/"
SUPPORT_URL="https://help.ubuntu.com/"
BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"
PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"
UBUNTU_CODENAME=noble
LOGO=ubuntu-logo
""",
    "alpine-3.20": """NAME="Alpine Linux"
ID=alpine
VERSION_ID=3.20.3
PRETTY_NAME="Alpine Linux v3.20"
HOME_URL="https://alpinelinux.org/"
BUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"
""",
    "rocky-9": """NAME="Rocky Linux"
VERSION="9.4 (Blue Onyx)"
ID="rocky"
ID_LIKE="rhel centos fedora"
VERSION_ID="9.4"
PLATFORM_ID="platform:el9"
PRETTY_NAME="Rocky Linux 9.4 (Blue Onyx)"
ANSI_COLOR="0;32"
LOGO="fedora-logo-icon"
CPE_NAME="cpe:/o:rocky:rocky:9::baseos"
HOME_URL="https://rockylinux.org/"
BUG_REPORT_URL="https://bugs.rockylinux.org/"
SUPPORT_END="2032-05-31"
ROCKY_SUPPORT_PRODUCT="Rocky-Linux-9"
ROCKY_SUPPORT_PRODUCT_VERSION="9.4"
REDHAT_SUPPORT_PRODUCT="Rocky Linux"
REDHAT_SUPPORT_PRODUCT_VERSION="9.4"
""",
    "ubi-9": """NAME="Red Hat Enterprise Linux"
VERSION="9.4 (Plow)"
ID="rhel"
ID_LIKE="fedora"
VERSION_ID="9.4"
PLATFORM_ID="platform:el9"
PRETTY_NAME="Red Hat Enterprise Linux 9.4 (Plow)"
ANSI_COLOR="0;31"
LOGO="fedora-logo-icon"
CPE_NAME="cpe:/o:redhat:enterprise_linux:9::baseos"
HOME_URL="https://www.redhat.com/"
DOCUMENTATION_URL="https://access.redhat.com/documentation/en-us/red_hat_enterprise_linux/9"
BUG_REPORT_URL="https://bugzilla.redhat.com/"
REDHAT_BUGZILLA_PRODUCT="Red Hat Enterprise Linux 9"
REDHAT_BUGZILLA_PRODUCT_VERSION=9.4
REDHAT_SUPPORT_PRODUCT="Red Hat Enterprise Linux"
REDHAT_SUPPORT_PRODUCT_VERSION="9.4"
""",
    "almalinux-9": """NAME="AlmaLinux"
VERSION="9.4 (Seafoam Ocelot)"
ID="almalinux"
ID_LIKE="rhel centos fedora"
VERSION_ID="9.4"
PLATFORM_ID="platform:el9"
PRETTY_NAME="AlmaLinux 9.4 (Seafoam Ocelot)"
ANSI_COLOR="0;34"
LOGO="fedora-logo-icon"
CPE_NAME="cpe:/o:almalinux:almalinux:9::baseos"
HOME_URL="https://almalinux.org/"
DOCUMENTATION_URL="https://wiki.almalinux.org/"
BUG_REPORT_URL="https://bugs.almalinux.org/"
ALMALINUX_MANTISBT_PROJECT="AlmaLinux-9"
ALMALINUX_MANTISBT_PROJECT_VERSION="9.4"
REDHAT_SUPPORT_PRODUCT="AlmaLinux"
REDHAT_SUPPORT_PRODUCT_VERSION="9.4"
SUPPORT_END=2032-06-01
""",
    "azurelinux-3": """NAME="Microsoft Azure Linux"
VERSION="3.0.20240727"
ID=azurelinux
VERSION_ID="3.0"
PRETTY_NAME="Microsoft Azure Linux 3.0"
ANSI_COLOR="1;34"
HOME_URL="https://aka.ms/azurelinux"
BUG_REPORT_URL="https://aka.ms/azurelinux"
SUPPORT_URL="https://aka.ms/azurelinux"
""",
    "wolfi": """ID=wolfi
NAME="Wolfi"
PRETTY_NAME="Wolfi"
VERSION_ID="20230201"
HOME_URL="https://wolfi.dev"
""",
    "amzn-2023": """NAME="Amazon Linux"
VERSION="2023"
ID="amzn"
ID_LIKE="fedora"
VERSION_ID="2023"
PLATFORM_ID="platform:al2023"
PRETTY_NAME="Amazon Linux 2023.5.20240805"
ANSI_COLOR="0;33"
CPE_NAME="cpe:2.3:o:amazon:amazon_linux:2023"
HOME_URL="https://aws.amazon.com/linux/amazon-linux-2023/"
DOCUMENTATION_URL="https://docs.aws.amazon.com/linux/"
SUPPORT_URL="https://aws.amazon.com/premiumsupport/"
BUG_REPORT_URL="https://github.com/amazonlinux/amazon-linux-2023"
VENDOR_NAME="AWS"
VENDOR_URL="https://aws.amazon.com/"
SUPPORT_END="2028-03-15"
""",
    "photon-5": """NAME="VMware Photon OS"
VERSION="5.0"
ID=photon
VERSION_ID=5.0
PRETTY_NAME="VMware Photon OS/Linux"
ANSI_COLOR="1;34"
HOME_URL="https://vmware.github.io/photon/"
BUG_REPORT_URL="https://github.com/vmware/photon/issues"
""",
    "distroless-debian-12": """PRETTY_NAME="Distroless"
NAME="Debian GNU/Linux"
ID="debian"
VERSION_ID="12"
VERSION="Debian GNU/Linux 12 (bookworm)"
HOME_URL="https://github.com/GoogleContainerTools/distroless"
SUPPORT_URL="https://github.com/GoogleContainerTools/distroless/blob/master/README.md"
BUG_REPORT_URL="https://github.com/GoogleContainerTools/distroless/issues/new"
""",
}


def os_release(name):
    if OS_RELEASE[name] is None:
        with open("/etc/os-release", "rb") as f:
            return f.read()
    return OS_RELEASE[name].encode()


def osrelease():
    for name in OS_RELEASE:
        out("osrelease", name, os_release(name))
    out("osrelease", "ubuntu-22.04-crlf", os_release("ubuntu-22.04").replace(b"\n", b"\r\n"))


# ---- package databases -------------------------------------------------------

def dpkg():
    for name in ["status", "status.d-libc6", "status.d-tzdata"]:
        out("dpkg", "fixture-" + name, fixture("pkgdb", "dpkg", name))
    stanzas = dpkg_stanzas()
    # a handful of this machine's stanzas, some with Source: (version), Conffiles, long descriptions
    picks = [s for s in stanzas if b"\nSource: " in s][:3] + [s for s in stanzas if b"\nConffiles:" in s][:2]
    picks += [s for s in stanzas if s.startswith(b"Package: base-files") or s.startswith(b"Package: tzdata")]
    for s in picks:
        name = s.split(b"\n", 1)[0].split(b": ", 1)[1].decode()
        out("dpkg", "debian12-" + name, s + b"\n")
    out("dpkg", "debian12-several", b"\n\n".join(picks[:4]) + b"\n")


def apk():
    out("apk", "fixture-installed", fixture("pkgdb", "apk", "installed"))
    data = fixture("pkgdb", "apk", "installed")
    for i, rec in enumerate(data.split(b"\n\n")):
        if rec.strip():
            out("apk", "fixture-record-%d" % i, rec + b"\n\n")


def rpm_headers():
    db = sqlite3.connect(os.path.join(FIX, "pkgdb", "rpm", "rpmdb.sqlite"))
    return [bytes(b) for (b,) in db.execute("SELECT blob FROM Packages ORDER BY hnum")]


def small_rpmdb(headers):
    """rpm's own Packages table with the fixture's headers, in a small database."""
    path = tempfile.mktemp(suffix=".sqlite")
    db = sqlite3.connect(path)
    db.execute("PRAGMA page_size=512")
    db.execute("CREATE TABLE 'Packages' (hnum INTEGER PRIMARY KEY AUTOINCREMENT,blob BLOB NOT NULL)")
    for h in headers:
        db.execute("INSERT INTO Packages (blob) VALUES (?)", (h,))
    db.commit()
    db.execute("VACUUM")
    db.close()
    with open(path, "rb") as f:
        data = f.read()
    os.remove(path)
    return data


def rpmdb():
    headers = rpm_headers()
    names = []
    for h in headers:
        # NAME is the first string of the store in rpm's headers; find it through the index
        il, dl = struct.unpack(">II", h[:8])
        store = h[8 + 16 * il:]
        name = "?"
        for i in range(il):
            tag, typ, off, cnt = struct.unpack(">IIII", h[8 + 16 * i:24 + 16 * i])
            if tag == 1000:
                name = store[off:store.index(b"\0", off)].decode()
        names.append(name)
        out("rpmdb", "header-" + name, b"\x00" + h)
    db = small_rpmdb(headers)
    out("rpmdb", "sqlite-three-packages", b"\x01" + db)
    out("rpmdb", "sqlite-one-package", b"\x01" + small_rpmdb(headers[:1]))
    for line in open(os.path.join(FIX, "pkgdb", "rpm", "rpmdb.expected")):
        srpm = line.split()[-1]
        out("rpmdb", "srpm-" + srpm, b"\x02" + srpm.encode())
    out("rpmdb", "srpm-bash-5.1.8-9.el9.src.rpm", b"\x02bash-5.1.8-9.el9.src.rpm")
    out("rpmdb", "archive-sqlite-limit-64k", b"\x03\x40" + db)
    out("rpmdb", "archive-sqlite-limit-1k", b"\x03\x01" + db)


# ---- archives ----------------------------------------------------------------

def tar_bytes(entries, fmt=tarfile.GNU_FORMAT, gz=False):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=fmt) as t:
        for path, data, kind in entries:
            info = tarfile.TarInfo(path)
            info.mtime = 1700000000
            info.uname = info.gname = "root"
            if kind == "dir":
                info.type = tarfile.DIRTYPE
                info.mode = 0o755
                t.addfile(info)
            elif kind == "symlink":
                info.type = tarfile.SYMTYPE
                info.linkname = data
                t.addfile(info)
            else:
                info.size = len(data)
                info.mode = 0o644
                t.addfile(info, io.BytesIO(data))
    data = buf.getvalue()
    return gzip.compress(data, mtime=0) if gz else data


def rootfs_debian():
    status = b"\n\n".join(dpkg_stanzas()[:2]) + b"\n"
    return [("etc", b"", "dir"), ("etc/os-release", os_release("debian-12"), "file"),
            ("var/lib/dpkg/status", status, "file"), ("usr/local/bin/tool", b"\x7fELF manual install", "file"),
            ("usr/bin/sh", "dash", "symlink")]


def rootfs_alpine():
    return [("etc/os-release", os_release("alpine-3.20"), "file"),
            ("lib/apk/db/installed", fixture("pkgdb", "apk", "installed"), "file")]


def docker_save(layers):
    """A legacy `docker save` archive: manifest.json, the config, <id>/layer.tar."""
    entries, names, diff_ids = [], [], []
    for layer in layers:
        digest = hashlib.sha256(layer).hexdigest()
        names.append(digest[:16] + "/layer.tar")
        diff_ids.append("sha256:" + digest)
        entries.append((names[-1], layer, "file"))
    config = json.dumps({"architecture": "amd64", "os": "linux",
                         "rootfs": {"type": "layers", "diff_ids": diff_ids}}).encode()
    cname = hashlib.sha256(config).hexdigest() + ".json"
    manifest = json.dumps([{"Config": cname, "RepoTags": ["example/app:1.0"], "Layers": names}]).encode()
    return tar_bytes([("manifest.json", manifest, "file"), (cname, config, "file")] + entries)


def oci_layout(layer):
    digest = hashlib.sha256(layer).hexdigest()
    config = json.dumps({"architecture": "amd64", "os": "linux",
                         "rootfs": {"type": "layers", "diff_ids": ["sha256:" + digest]}}).encode()
    cdig = hashlib.sha256(config).hexdigest()
    manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                           "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                                      "digest": "sha256:" + cdig, "size": len(config)},
                           "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                                       "digest": "sha256:" + digest, "size": len(layer)}]}).encode()
    mdig = hashlib.sha256(manifest).hexdigest()
    index = json.dumps({"schemaVersion": 2, "manifests": [
        {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:" + mdig,
         "size": len(manifest), "annotations": {"io.containerd.image.name": "docker.io/library/alpine:3.20"}}]}).encode()
    return tar_bytes([("oci-layout", b'{"imageLayoutVersion":"1.0.0"}', "file"), ("index.json", index, "file"),
                      ("blobs/sha256/" + cdig, config, "file"), ("blobs/sha256/" + mdig, manifest, "file"),
                      ("blobs/sha256/" + digest, layer, "file")])


def tar():
    # the first byte sets the chunk size the reader is fed in
    for name in ["gnu.tar", "pax.tar", "ustar.tar"]:
        out("tar", "fixture-" + name, b"\x00" + fixture("tar", name))
    deb = tar_bytes(rootfs_debian())
    out("tar", "layer-debian", b"\x03" + deb)
    out("tar", "layer-alpine-pax", b"\x11" + tar_bytes(rootfs_alpine(), tarfile.PAX_FORMAT))
    out("tar", "layer-whiteout", b"\x05" + tar_bytes([("etc/.wh.os-release", b"", "file"),
                                                       ("var/lib/dpkg/.wh..wh..opq", b"", "file")]))
    out("tar", "image-docker-save", b"\x07" + docker_save([deb, tar_bytes([("etc/.wh.motd", b"", "file")])]))
    out("tar", "image-oci-gzip", b"\x01" + oci_layout(tar_bytes(rootfs_alpine(), gz=True)))


def zip_fixtures():
    for name in ["empty.zip", "encrypted.zip", "method99.zip", "stored.zip", "zip64.zip", "osv-debian.zip"]:
        out("zip", "fixture-" + name, fixture("zip", name))
    recs = [(f, fixture("osv", "alpine", f)) for f in sorted(os.listdir(os.path.join(FIX, "osv", "alpine")))[:3]]
    for method, tag in [(zipfile.ZIP_DEFLATED, "deflate"), (zipfile.ZIP_STORED, "stored")]:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", method) as z:
            for f, data in recs:
                z.writestr(zipfile.ZipInfo(f, (2024, 1, 1, 0, 0, 0)), data, method)
        out("zip", "python-osv-alpine-" + tag, buf.getvalue())
    # Info-ZIP, as osv.dev's all.zip files are written by other zip writers
    if shutil.which("zip"):
        with tempfile.TemporaryDirectory() as d:
            for f, data in recs[:2]:
                with open(os.path.join(d, f), "wb") as fh:
                    fh.write(data)
                os.utime(os.path.join(d, f), (1700000000, 1700000000))
            subprocess.run(["zip", "-q", "-X", "-D", "infozip.zip"] + [f for f, _ in recs[:2]], cwd=d, check=True)
            with open(os.path.join(d, "infozip.zip"), "rb") as fh:
                out("zip", "infozip-osv-alpine", fh.read())


# ---- advisories, vectors, versions -------------------------------------------

def osv_records():
    for eco in ["debian", "alpine", "ubuntu"]:
        for f in sorted(os.listdir(os.path.join(FIX, "osv", eco))):
            out("osv", f, fixture("osv", eco, f))


def cvss():
    seen = set()
    for dirpath, _, files in os.walk(FIX):
        for f in files:
            if not f.endswith(".json"):
                continue
            text = open(os.path.join(dirpath, f), "rb").read().decode("utf-8", "replace")
            for v in re.findall(r'"(CVSS:[0-9.]+/[^"]+|\(?AV:[NALP]/AC:[LMH]/[^"]+)"', text):
                seen.add(v)
    for i, v in enumerate(sorted(seen)):
        out("cvss", "vector-%02d" % i, v)


def versions():
    """Pairs of real versions of one scheme; the target compares the input's halves."""
    deb = []
    for s in dpkg_stanzas()[:200]:
        m = re.search(rb"\nVersion: (\S+)", s)
        if m:
            deb.append(m.group(1).decode())
    apk = re.findall(r"\nV:(\S+)", fixture("pkgdb", "apk", "installed").decode())
    for f in sorted(os.listdir(os.path.join(FIX, "osv", "alpine"))):
        apk += re.findall(r'"(?:introduced|fixed|last_affected)": "([^"]+)"', fixture("osv", "alpine", f).decode())
    rpm = []
    for line in open(os.path.join(FIX, "pkgdb", "rpm", "rpmdb.expected")):
        name, epoch, ver, rel = line.split()[:4]
        rpm.append((epoch + ":" if epoch != "(none)" else "") + ver + "-" + rel)
    rpm += ["1.0~rc1-1.el9", "1.0^git1-1.el9", "2:0.9-1.el9", "5.1.8-6.el9_1", "1.2.3-4"]
    n = 0
    for scheme, vs in [("deb", deb), ("apk", apk), ("rpm", rpm)]:
        vs = sorted(set(v for v in vs if v != "0"))
        by_len = {}
        for v in vs:
            by_len.setdefault(len(v), []).append(v)
        pairs = []
        for group in by_len.values():
            pairs += list(zip(group, group[1:]))
        for v in vs[:4]:
            pairs.append((v, v))
        for a, b in pairs[:14]:
            out("version", "%s-%s_%s" % (scheme, a, b), a + b)
            n += 1


def imports():
    d = os.path.join(FIX, "imports")
    for f in sorted(os.listdir(d)):
        p = os.path.join(d, f)
        if os.path.isfile(p) and f.endswith(".json"):
            data = fixture("imports", f)
            out("import", "auto-" + f, b"\x00\x00" + data)
            out("import", "auto-image-" + f, b"\x00\x01" + data)
    for f in sorted(os.listdir(os.path.join(d, "original-report"))):
        if f.endswith(".json"):
            out("import", "auto-original-" + f, b"\x00\x00" + fixture("imports", "original-report", f))
    # forced formats meet the other formats' reports
    for i, f in enumerate(["trivy-alpine.json", "grype-debian.json", "scout-debian12.sarif.json", "snyk-array.json"]):
        out("import", "forced-%d-%s" % (i + 1, f), bytes([i + 1, 0]) + fixture("imports", f))


def http():
    """Responses in the shapes dockerd sends them (Go's net/http), and Python's http.server."""
    date = "Date: Mon, 02 Dec 2024 10:00:00 GMT\r\n"
    docker = ("Api-Version: 1.43\r\nDocker-Experimental: false\r\nOstype: linux\r\n"
              "Server: Docker/24.0.7 (linux)\r\n")
    ping = ("HTTP/1.1 200 OK\r\n" + docker + "Cache-Control: no-cache, no-store, must-revalidate\r\n"
            "Content-Length: 2\r\nContent-Type: text/plain; charset=utf-8\r\n" + date +
            "Pragma: no-cache\r\n\r\nOK")
    version = json.dumps({"Platform": {"Name": "Docker Engine - Community"}, "Version": "24.0.7",
                          "ApiVersion": "1.43", "MinAPIVersion": "1.12", "GitCommit": "311b9ff",
                          "GoVersion": "go1.20.10", "Os": "linux", "Arch": "amd64",
                          "KernelVersion": "6.1.0-13-amd64", "BuildTime": "2023-10-26T09:08:02.000000000+00:00"})
    version_resp = ("HTTP/1.1 200 OK\r\n" + docker + "Content-Length: %d\r\nContent-Type: application/json\r\n" %
                    (len(version) + 1) + date + "\r\n" + version + "\n")
    progress = [
        {"status": "Pulling from library/alpine", "id": "3.20"},
        {"status": "Pulling fs layer", "progressDetail": {}, "id": "43c4264eed91"},
        {"status": "Downloading", "progressDetail": {"current": 35738, "total": 3623844},
         "progress": "[>                                                  ]  35.74kB/3.624MB", "id": "43c4264eed91"},
        {"status": "Pull complete", "progressDetail": {}, "id": "43c4264eed91"},
        {"status": "Digest: sha256:beefdbd8a1da6d2915566fde36db9db0b524eb737fc57cd1367effd16dc0d06d"},
        {"status": "Status: Downloaded newer image for alpine:3.20"},
    ]
    chunks = "".join("%x\r\n%s\r\n" % (len(json.dumps(p)) + 2, json.dumps(p) + "\r\n") for p in progress)
    pull = ("HTTP/1.1 200 OK\r\n" + docker + "Content-Type: application/json\r\n" + date +
            "Transfer-Encoding: chunked\r\n\r\n" + chunks + "0\r\n\r\n")
    missing = '{"message":"No such image: example/none:latest"}\n'
    notfound = ("HTTP/1.1 404 Not Found\r\n" + docker + "Content-Length: %d\r\nContent-Type: application/json\r\n" %
                len(missing) + date + "\r\n" + missing)
    created = '{"Id":"e90e34656806b3b4c1d0a3e2e3f1c1f4d6e8f0a2c4e6f8a0b2c4d6e8f0a2c4e6","Warnings":[]}\n'
    create = ("HTTP/1.1 201 Created\r\n" + docker + "Content-Length: %d\r\nContent-Type: application/json\r\n" %
              len(created) + date + "\r\n" + created)
    nocontent = "HTTP/1.1 204 No Content\r\n" + docker + date + "\r\n"
    export_body = tar_bytes([("etc/os-release", os_release("alpine-3.20"), "file")])[:1024]
    export_chunks = b"%x\r\n" % len(export_body) + export_body + b"\r\n0\r\n\r\n"
    export = ("HTTP/1.1 200 OK\r\n" + docker + "Content-Type: application/x-tar\r\n" + date +
              "Transfer-Encoding: chunked\r\n\r\n").encode() + export_chunks
    head_ping = ping[:-2].replace("Content-Length: 2", "Content-Length: 2")
    py = ("HTTP/1.0 404 File not found\r\nServer: SimpleHTTP/0.6 Python/3.11.2\r\n" + date +
          "Connection: close\r\nContent-Type: text/html;charset=utf-8\r\nContent-Length: 335\r\n\r\n" +
          '<!DOCTYPE HTML>\n<html lang="en">\n    <head>\n        <meta charset="utf-8">\n'
          '        <title>Error response</title>\n    </head>\n    <body>\n        <h1>Error response</h1>\n'
          '        <p>Error code: 404</p>\n        <p>Message: File not found.</p>\n'
          '        <p>Error code explanation: 404 - Nothing matches the given URI.</p>\n    </body>\n</html>\n')
    # first byte: bit 0 = HEAD request, the rest the piece size the parser is fed
    for name, first, resp in [("ping", 0x10, ping), ("head-ping", 0x01, head_ping), ("version", 0x3e, version_resp),
                              ("pull-chunked", 0x06, pull), ("image-404", 0x20, notfound),
                              ("container-create-201", 0x08, create), ("remove-204", 0x02, nocontent),
                              ("python-http-server-404", 0x40, py)]:
        out("http", name, bytes([first]) + resp.encode())
    out("http", "export-chunked-tar", bytes([0x0c]) + export)


# ---- image references and lists -------------------------------------------------

REFS = [
    "ubuntu", "ubuntu:22.04", "alpine:3.20", "library/debian:bookworm-slim", "docker.io/library/nginx:1.27.2",
    "index.docker.io/library/redis:7", "registry.example.com:5000/dev/example-image:4.2.0",
    "registry.gitlab.com/gitlab-org/gitlab-runner/gitlab-runner-helper:x86_64-v17.5.0",
    "ghcr.io/aquasecurity/trivy:0.56.2", "mcr.microsoft.com/dotnet/runtime:8.0-jammy",
    "gcr.io/distroless/static-debian12:nonroot", "quay.io/prometheus/node-exporter:v1.8.2",
    "localhost:5000/team/app/worker:2.0.1", "[::1]:5000/app:dev", "192.168.1.10:8443/ns/img",
    "alpine@sha256:beefdbd8a1da6d2915566fde36db9db0b524eb737fc57cd1367effd16dc0d06d",
    "nginx:1.27@sha256:28402db69fec7c17e179ea87882667f1e054391138f77ffaf0c3eb388efc3ffb",
    "public.ecr.aws/docker/library/busybox:1.36.1-musl", "Registry.Example.com/a/b:c",
    "docker.io/foo.bar/x:latest", "a" * 70 + "/b:t",
]


def imageref():
    for i, r in enumerate(REFS):
        out("imageref", "ref-%02d" % i, r)
    out("imageref", "invalid-upper", "Ubuntu:22.04")
    out("imageref", "invalid-image-id", "e90e34656806b3b4c1d0a3e2e3f1c1f4d6e8f0a2c4e6f8a0b2c4d6e8f0a2c4e6")


def imagelist():
    # the shape of Invoke-ContainerKitty's -BuildList output, and what people write by hand
    out("imagelist", "buildlist", "\n".join(REFS[:8]) + "\n")
    out("imagelist", "hand-written-crlf-bom",
        "\ufeff# images of the platform team\r\n\r\nalpine:3.20   # base\r\n  ubuntu:22.04\r\n"
        "not a reference\r\nalpine:3.20\r\nghcr.io/aquasecurity/trivy:0.56.2")
    out("imagelist", "digests", "\n".join(REFS[15:18]) + "\n#end\n")


# ---- web headers, docker configuration ---------------------------------------------

def weblink():
    gl = "https://gitlab.example.com/api/v4/groups/10/projects?include_subgroups=true&per_page=2"
    out("weblink", "gitlab-offset",
        gl + "&page=2\nLink: <" + gl + "&page=1>; rel=\"prev\", <" + gl + "&page=3>; rel=\"next\", <" + gl +
        "&page=1>; rel=\"first\", <" + gl + "&page=5>; rel=\"last\"\nX-Next-Page: 3\nX-Page: 2\nX-Total-Pages: 5\n")
    out("weblink", "gitlab-keyset",
        "https://gitlab.example.com/api/v4/projects/102/registry/repositories/1002/tags?per_page=2\n"
        "Link: <https://gitlab.example.com/api/v4/projects/102/registry/repositories/1002/tags?"
        "pagination=keyset&per_page=2&id_after=2>; rel=\"next\"\n")
    out("weblink", "registry-relative",
        "http://127.0.0.1:5000/v2/_catalog?n=2\nDocker-Distribution-Api-Version: registry/2.0\n"
        "Link: </v2/_catalog?last=team%2Fapp&n=2>; rel=\"next\"\n")
    out("weblink", "no-url", "-\nlink: <https://example.com/page2>; title=\"a, b\"; rel=\"prev next\"\n")
    out("weblink", "retry-after-seconds", "https://gitlab.example.com/api/v4/projects\nRetry-After: 120\n")
    out("weblink", "retry-after-date", "-\nRetry-After: Wed, 21 Oct 2015 07:28:00 GMT\n")
    out("weblink", "userinfo", "https://user:secret@registry.example.com/v2/\nLink: <../other?x=1>; rel=next\n")
    # where credentials may go: same origin, another port, plain http, another host
    out("weblink", "origins",
        "https://registry.example.com/v2/_catalog?n=2\nhttps://REGISTRY.example.com:443/v2/_catalog?last=a&n=2\n"
        "https://registry.example.com:5001/token?scope=registry%3Acatalog%3A%2A\n"
        "http://registry.example.com/v2/_catalog\nhttps://registry.example.com.attacker.example/v2/\n")
    out("weblink", "origins-http", "http://127.0.0.1:5000/v2/\nhttp://127.0.0.1:5001/token\nhttps://127.0.0.1:5000/v2/\n"
        "http://[::1]:5000/v2/\n")


def dockercfg():
    d = os.path.join(FIX, "dockercfg")
    cfg = fixture("dockercfg", "contexts", "config.json")
    meta_dir = os.path.join(d, "contexts", "contexts", "meta")
    for h in sorted(os.listdir(meta_dir)):
        meta = open(os.path.join(meta_dir, h, "meta.json"), "rb").read()
        name = json.loads(meta)["Name"]
        c = json.loads(cfg)
        c["currentContext"] = name
        tls = os.path.isdir(os.path.join(d, "contexts", "contexts", "tls", h))
        host = json.loads(meta).get("Endpoints", {}).get("docker", {}).get("Host", "tcp://127.0.0.1:2375")
        parts = [json.dumps(c, indent="\t").encode(), meta, host.encode()] + ([b"tls"] if tls else [])
        out("dockercfg", "context-" + name, SEP.join(parts))
    for sub in ["missing-context", "broken", "auths", "wincred"]:
        out("dockercfg", "config-" + sub, fixture("dockercfg", sub, "config.json") + SEP + b"{}" + SEP +
            b"npipe:////./pipe/docker_engine")
    for host in ["unix:///var/run/docker.sock", "tcp://[::1]:2375", "http://build-host.example:2375/",
                 "ssh://user@host", "npipe://./pipe/dockerDesktopLinuxEngine", "/run/user/1000/docker.sock",
                 "build-host.example:2376"]:
        out("dockercfg", "host-" + host, b"{}" + SEP + b"{}" + SEP + host.encode())


def main():
    targets = {"osrelease": osrelease, "dpkg": dpkg, "apk": apk, "rpmdb": rpmdb, "tar": tar, "zip": zip_fixtures,
               "osv": osv_records, "cvss": cvss, "version": versions, "import": imports, "http": http,
               "imageref": imageref, "imagelist": imagelist, "weblink": weblink, "dockercfg": dockercfg}
    for target, fn in targets.items():
        d = os.path.join(CORPUS, target)
        if os.path.isdir(d):
            for f in os.listdir(d):
                if not f.startswith("regress-"):
                    os.remove(os.path.join(d, f))
        fn()
    for target in sorted(written):
        total = sum(os.path.getsize(os.path.join(CORPUS, target, f)) for f in written[target])
        print("%-10s %3d files %7d bytes" % (target, len(written[target]), total))


if __name__ == "__main__":
    sys.exit(main())
