#!/usr/bin/env python3
"""A misbehaving Docker engine on 127.0.0.1, for the cases a real dockerd
cannot show: an engine too old for us, one that refuses HEAD /_ping, one
that is not HTTP at all. It runs a command against it and checks the exit
code and the output.

  fake_engine.py MODE [--rc N] [--expect TEXT]... [--pipe-relay RUNNER EXE] -- COMMAND...

In COMMAND, {host} becomes tcp://127.0.0.1:<port>; with --pipe-relay it
becomes npipe:////./pipe/ck_fake_<port>, served by the pipe relay EXE
(tests/tools/pipe_relay.c) started with RUNNER (tests/tools/wine-run.sh),
so the named-pipe code path meets the fake engine. MODE:
  old         /_ping answers Api-Version 1.12
  head-404    HEAD /_ping answers 404, GET /_ping 200 with Api-Version 1.40;
              GET /v1.40/version answers a version document
  not-http    every connection gets an SSH banner
  hang        connections are accepted and never answered
  windows     Docker Desktop in Windows-containers mode: OSType windows,
              a version document of Os windows
  windows-image  a Linux engine holding an image whose Os is windows
Exit 0 when the command's exit code is N (default 0) and every TEXT occurs
in its output (standard output and error together), and no request's path
(without its /vX.Y) starts with a --never PREFIX."""
import re
import socket
import subprocess
import sys
import threading

VERSION_DOC = (b'{"Version":"19.03.99-fake","ApiVersion":"1.40","MinAPIVersion":"1.12",'
               b'"Os":"linux","Arch":"amd64","KernelVersion":"5.0.0-fake"}')


def response(status, headers, body=b""):
    head = "HTTP/1.1 %s\r\n" % status
    for k, v in headers:
        head += "%s: %s\r\n" % (k, v)
    head += "Content-Length: %d\r\n\r\n" % len(body)
    return head.encode() + body


WINDOWS_VERSION_DOC = (b'{"Version":"27.3.1","ApiVersion":"1.47","MinAPIVersion":"1.24",'
                       b'"Os":"windows","Arch":"amd64","KernelVersion":"10.0 26100 (26100.1.amd64fre.ge_release.240331-1435)"}')
WINDOWS_IMAGE_DOC = (b'{"Id":"sha256:' + b"7" * 64 + b'","RepoTags":["mcr.microsoft.com/windows/nanoserver:ltsc2022"],'
                     b'"RepoDigests":["mcr.microsoft.com/windows/nanoserver@sha256:' + b"8" * 64 + b'"],'
                     b'"Os":"windows","OsVersion":"10.0.20348.2762","Architecture":"amd64"}')
REQUESTS = []


def answer_windows(mode, method, target):
    if target == "/_ping":
        os_type = "windows" if mode == "windows" else "linux"
        return response("200 OK", [("Api-Version", "1.47"), ("OSType", os_type)], b"" if method == "HEAD" else b"OK")
    path = re.sub(r"^/v[0-9.]+", "", target)
    if path == "/version":
        return response("200 OK", [("Content-Type", "application/json")],
                        WINDOWS_VERSION_DOC if mode == "windows" else VERSION_DOC)
    if mode == "windows-image" and path.startswith("/images/") and path.endswith("/json") and method == "GET":
        return response("200 OK", [("Content-Type", "application/json")], WINDOWS_IMAGE_DOC)
    return response("500 Internal Server Error", [("Content-Type", "application/json")],
                    b'{"message":"the fake engine does not do this"}')


def answer(mode, method, target):
    REQUESTS.append((method, target))
    if mode.startswith("windows"):
        return answer_windows(mode, method, target)
    if mode == "old" and target == "/_ping":
        return response("200 OK", [("Api-Version", "1.12"), ("OSType", "linux")], b"" if method == "HEAD" else b"OK")
    if mode == "head-404":
        if target == "/_ping" and method == "HEAD":
            return response("404 Not Found", [("Content-Type", "text/plain")])
        if target == "/_ping":
            return response("200 OK", [("Api-Version", "1.40"), ("OSType", "linux")], b"OK")
        if target == "/v1.40/version":
            return response("200 OK", [("Content-Type", "application/json")], VERSION_DOC)
    return response("404 Not Found", [("Content-Type", "application/json")], b'{"message":"page not found"}')


def serve_connection(conn, mode):
    with conn:
        if mode == "hang":
            while conn.recv(65536):
                pass
            return
        if mode == "not-http":
            conn.sendall(b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n")
            # read what the client sent before closing, as an SSH server does:
            # closing with unread bytes resets the connection, and Winsock
            # then drops the banner before the client reads it
            conn.settimeout(5)
            try:
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(65536)
                    if not chunk:
                        break
                    data += chunk
                conn.shutdown(socket.SHUT_WR)
                while conn.recv(65536):
                    pass
            except OSError:
                pass
            return
        data = b""
        while True:
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                data += chunk
            head, _, data = data.partition(b"\r\n\r\n")
            method, target = head.split(b"\r\n")[0].decode().split(" ")[:2]
            conn.sendall(answer(mode, method, target))


def main():
    args = sys.argv[1:]
    if "--" not in args or not args:
        print(__doc__, file=sys.stderr)
        return 2
    sep = args.index("--")
    opts, command = args[:sep], args[sep + 1:]
    mode, want_rc, expects, relay, never = opts[0], 0, [], None, []
    i = 1
    while i < len(opts):
        if opts[i] == "--rc":
            want_rc = int(opts[i + 1])
        elif opts[i] == "--expect":
            expects.append(opts[i + 1])
        elif opts[i] == "--never":
            never.append(opts[i + 1])
        elif opts[i] == "--pipe-relay":
            relay = opts[i + 1:i + 3]
            i += 1
        i += 2
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(16)
    port = srv.getsockname()[1]

    def accept_loop():
        while True:
            conn, _ = srv.accept()
            threading.Thread(target=serve_connection, args=(conn, mode), daemon=True).start()

    threading.Thread(target=accept_loop, daemon=True).start()
    host = "tcp://127.0.0.1:%d" % port
    relay_proc = None
    if relay:
        pipe = "ck_fake_%d" % port
        relay_proc = subprocess.Popen(relay + ["--pipe", pipe, "127.0.0.1:%d" % port],
                                      stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        line = relay_proc.stdout.readline().decode("utf-8", "replace")
        if not line.startswith("pipe_relay: listening"):
            print("fake_engine: the pipe relay did not start: %s" % line)
            relay_proc.kill()
            return 1
        host = "npipe:////./pipe/" + pipe
    command = [c.replace("{host}", host) for c in command]
    try:
        proc = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120)
    finally:
        if relay_proc:
            relay_proc.kill()
            relay_proc.wait()
    out = proc.stdout.decode("utf-8", "replace")
    print(out, end="")
    ok = proc.returncode == want_rc
    if not ok:
        print("fake_engine: exit code %d, expected %d" % (proc.returncode, want_rc))
    for text in expects:
        if text not in out:
            print("fake_engine: the output lacks %r" % text)
            ok = False
    for method, target in REQUESTS:
        path = re.sub(r"^/v[0-9.]+", "", target)
        if any(path.startswith(prefix) for prefix in never):
            print("fake_engine: the command sent %s %s" % (method, target))
            ok = False
    return 0 if ok else 1


sys.exit(main())
