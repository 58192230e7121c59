#!/usr/bin/env python3
"""A real registry (Debian's docker-registry, distribution 2.8) on 127.0.0.1
for the image-list tests, filled through the registry HTTP API itself (blob
uploads and image manifests; no Docker daemon needed).

    registry_fixture.py --mode open|basic|token [--user U --password P] -- CMD...

Starts the registry with a temporary configuration on a free port, pushes
REPOSITORIES, runs CMD with "{port}" (and "{token_port}") replaced and the
environment variables CK_REGISTRY_PORT / CK_TOKEN_PORT set, stops everything
and exits with CMD's exit code (77 when docker-registry is not installed).
Modes:
  open   no authentication
  basic  htpasswd (bcrypt, from `htpasswd -B`, apache2-utils)
  token  bearer tokens from a token service in this process: RS256 JWTs
         signed with a throw-away self-signed certificate (openssl) that the
         registry trusts (auth.token.rootcertbundle); Basic credentials to
         the token service are checked; anonymous callers get a token with no
         access, which the registry refuses.
"""
import argparse
import base64
import hashlib
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import tarfile
import gzip
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# repository -> tags; pages of 2 make every listing span several pages
REPOSITORIES = {
    "alpine": ["3.19", "3.20", "latest"],
    "team/app": ["1.0.0", "1.1.0", "v1.2.0-rc.1", "latest", "dev"],
    "team/app/worker": ["2.0.0", "2.0.1"],
    "tools/cli": ["0.9.0", "0.10.0", "latest"],
    "zeta": ["edge"],
}

SERVICE = "ckitty-registry"
ISSUER = "ckitty-token-issuer"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class Signer:
    """RS256 JWTs with a self-signed certificate made by openssl."""

    def __init__(self, folder):
        self.key = os.path.join(folder, "token.key")
        self.cert = os.path.join(folder, "token.crt")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", self.key,
                        "-out", self.cert, "-days", "2", "-subj", "/CN=ckitty-token-issuer"],
                       check=True, capture_output=True)
        der = subprocess.run(["openssl", "x509", "-in", self.cert, "-outform", "DER"], check=True,
                             capture_output=True).stdout
        self.x5c = base64.b64encode(der).decode()

    def token(self, subject, access):
        now = int(time.time())
        header = {"typ": "JWT", "alg": "RS256", "x5c": [self.x5c]}
        claims = {"iss": ISSUER, "sub": subject, "aud": SERVICE, "exp": now + 600, "nbf": now - 10,
                  "iat": now, "jti": hashlib.sha256(os.urandom(16)).hexdigest(), "access": access}
        signing_input = b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(claims).encode())
        sig = subprocess.run(["openssl", "dgst", "-sha256", "-sign", self.key], input=signing_input.encode(),
                             check=True, capture_output=True).stdout
        return signing_input + "." + b64url(sig)


def parse_scope(scope):
    """'repository:team/app:pull,push' -> {type, name, actions}"""
    kind, rest = scope.split(":", 1)
    name, actions = rest.rsplit(":", 1)
    return {"type": kind, "name": name, "actions": actions.split(",")}


class TokenHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        cfg = self.server.cfg
        split = urllib.parse.urlsplit(self.path)
        q = urllib.parse.parse_qs(split.query)
        if split.path != "/token" or q.get("service", [""])[0] != SERVICE:
            return self.reply(400, {"details": "unknown service"})
        auth = self.headers.get("Authorization", "")
        subject = ""
        if auth.startswith("Basic "):
            try:
                user, _, password = base64.b64decode(auth[6:]).decode().partition(":")
            except ValueError:
                return self.reply(400, {"details": "bad Authorization"})
            if (user, password) != (cfg["user"], cfg["password"]):
                return self.reply(401, {"details": "incorrect username or password"})
            subject = user
        access = [parse_scope(s) for s in q.get("scope", [])] if subject else []
        token = cfg["signer"].token(subject, access)
        cfg["issued"] += 1
        # both names, as the token specification allows
        self.reply(200, {"token": token, "access_token": token, "expires_in": 300,
                         "issued_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())})


def write_config(folder, port, mode, token_port, htpasswd):
    lines = [
        "version: 0.1",
        "log:",
        "  level: error",
        "  accesslog:",
        "    disabled: true",
        "storage:",
        "  filesystem:",
        f"    rootdirectory: {folder}/data",
        "  delete:",
        "    enabled: true",
        "http:",
        f"  addr: 127.0.0.1:{port}",
        "  secret: ckitty-fixture-secret",
    ]
    if mode == "basic":
        lines += ["auth:", "  htpasswd:", "    realm: ckitty-fixture", f"    path: {htpasswd}"]
    elif mode == "token":
        lines += ["auth:", "  token:", f"    realm: http://127.0.0.1:{token_port}/token",
                  f"    service: {SERVICE}", f"    issuer: {ISSUER}",
                  f"    rootcertbundle: {folder}/token.crt"]
    path = os.path.join(folder, "config.yml")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path


class Pusher:
    """Pushes minimal images through the registry API."""

    def __init__(self, base, auth):
        self.base = base
        self.auth = auth  # callable(scope) -> Authorization header value or None

    def call(self, method, url, scope, data=None, headers=None):
        req = urllib.request.Request(url if url.startswith("http") else self.base + url, data=data,
                                     method=method)
        for k, v in (headers or {}).items():
            req.add_header(k, v)
        a = self.auth(scope)
        if a:
            req.add_header("Authorization", a)
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.headers, r.read()

    def blob(self, name, data):
        scope = f"repository:{name}:pull,push"
        digest = "sha256:" + hashlib.sha256(data).hexdigest()
        _, headers, _ = self.call("POST", f"/v2/{name}/blobs/uploads/", scope, data=b"")
        loc = headers["Location"]
        if not loc.startswith("http"):
            loc = self.base + loc
        sep = "&" if "?" in loc else "?"
        self.call("PUT", f"{loc}{sep}digest={urllib.parse.quote(digest)}", scope, data=data,
                  headers={"Content-Type": "application/octet-stream"})
        return digest

    def image(self, name, tag):
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w") as t:
            info = tarfile.TarInfo(f"etc/{name.replace('/', '_')}-{tag}")
            payload = f"{name}:{tag}\n".encode()
            info.size = len(payload)
            t.addfile(info, io.BytesIO(payload))
        raw = buf.getvalue()
        layer = gzip.compress(raw, mtime=0)
        config = json.dumps({
            "architecture": "amd64", "os": "linux", "created": "2024-01-01T00:00:00Z",
            "config": {"Env": ["PATH=/usr/bin:/bin"]},
            "rootfs": {"type": "layers", "diff_ids": ["sha256:" + hashlib.sha256(raw).hexdigest()]},
        }).encode()
        layer_digest = self.blob(name, layer)
        config_digest = self.blob(name, config)
        manifest = json.dumps({
            "schemaVersion": 2,
            "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
            "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": len(config),
                       "digest": config_digest},
            "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": len(layer),
                        "digest": layer_digest}],
        }).encode()
        self.call("PUT", f"/v2/{name}/manifests/{tag}", f"repository:{name}:pull,push", data=manifest,
                  headers={"Content-Type": "application/vnd.docker.distribution.manifest.v2+json"})


def wait_ready(base, proc, seconds=20):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("docker-registry exited with %d" % proc.returncode)
        try:
            urllib.request.urlopen(base + "/v2/", timeout=2)
            return
        except urllib.error.HTTPError as e:
            if e.code == 401:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError("docker-registry did not answer on " + base)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", choices=["open", "basic", "token"], default="open")
    ap.add_argument("--user", default="ckuser")
    ap.add_argument("--password", default="ck-secret-pw")
    ap.add_argument("command", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    cmd = args.command[1:] if args.command[:1] == ["--"] else args.command
    registry = shutil.which("docker-registry")
    if not registry:
        print("docker-registry is not installed; skipped", file=sys.stderr)
        return 77
    if args.mode == "basic" and not shutil.which("htpasswd"):
        print("htpasswd (apache2-utils) is not installed; skipped", file=sys.stderr)
        return 77
    folder = tempfile.mkdtemp(prefix="ck-registry-")
    proc = token_server = None
    try:
        port = free_port()
        token_port = 0
        htpasswd = os.path.join(folder, "htpasswd")
        auth = lambda scope: None
        if args.mode == "basic":
            out = subprocess.run(["htpasswd", "-Bbn", args.user, args.password], check=True,
                                 capture_output=True, text=True).stdout
            with open(htpasswd, "w") as f:
                f.write(out)
            basic = "Basic " + base64.b64encode(f"{args.user}:{args.password}".encode()).decode()
            auth = lambda scope: basic
        elif args.mode == "token":
            signer = Signer(folder)
            token_server = ThreadingHTTPServer(("127.0.0.1", 0), TokenHandler)
            token_server.daemon_threads = True
            token_server.cfg = {"signer": signer, "user": args.user, "password": args.password, "issued": 0}
            token_port = token_server.server_address[1]
            threading.Thread(target=token_server.serve_forever, daemon=True).start()
            auth = lambda scope: "Bearer " + signer.token(args.user, [parse_scope(scope)])
        config = write_config(folder, port, args.mode, token_port, htpasswd)
        proc = subprocess.Popen([registry, "serve", config], stdout=subprocess.DEVNULL,
                                stderr=open(os.path.join(folder, "registry.log"), "w"))
        base = f"http://127.0.0.1:{port}"
        wait_ready(base, proc)
        pusher = Pusher(base, auth)
        for name, tags in REPOSITORIES.items():
            for tag in tags:
                pusher.image(name, tag)
        print(f"PORT {port} TOKEN_PORT {token_port}", flush=True)
        if not cmd:
            print("registry ready; Ctrl-C stops it", file=sys.stderr)
            while proc.poll() is None:
                time.sleep(1)
            return 0
        env = dict(os.environ, CK_REGISTRY_PORT=str(port), CK_TOKEN_PORT=str(token_port))
        run = [c.replace("{port}", str(port)).replace("{token_port}", str(token_port)) for c in cmd]
        return subprocess.run(run, env=env).returncode
    except KeyboardInterrupt:
        return 130
    finally:
        if proc and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
        if token_server:
            token_server.shutdown()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
