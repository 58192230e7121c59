#!/usr/bin/env python3
"""engine_bridge.py forwards bytes both ways between its loopback port and a
unix socket, and closes connections from another user at once (checked when
the test runs as root, with the client run as nobody)."""
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def echo_server(path):
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(path)
    srv.listen(4)

    def run():
        while True:
            c, _ = srv.accept()
            data = c.recv(65536)
            c.sendall(b"echo:" + data)
            c.close()
    threading.Thread(target=run, daemon=True).start()


def wait_port(ready):
    for _ in range(100):
        if os.path.exists(ready) and open(ready).read().strip():
            return int(open(ready).read())
        time.sleep(0.05)
    raise SystemExit("the bridge did not start")


CLIENT = ("import socket,sys\n"
          "s=socket.create_connection(('127.0.0.1',int(sys.argv[1])),timeout=10)\n"
          "s.sendall(b'ping');d=s.recv(100);print(repr(d))\n")


def main():
    failures = checks = 0
    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o755)
        sock, ready = os.path.join(tmp, "engine.sock"), os.path.join(tmp, "ready")
        echo_server(sock)
        bridge = subprocess.Popen([sys.executable, os.path.join(HERE, "engine_bridge.py"), sock, "--ready-file", ready],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            port = wait_port(ready)
            out = subprocess.run([sys.executable, "-c", CLIENT, str(port)], capture_output=True, text=True, timeout=20)
            checks += 1
            if out.stdout.strip() != "b'echo:ping'":
                print(f"same user: expected the echo, got {out.stdout!r} {out.stderr!r}")
                failures += 1
            if os.getuid() == 0:
                other = subprocess.run(["runuser", "-u", "nobody", "--", "/usr/bin/python3", "-c", CLIENT, str(port)],
                                       capture_output=True, text=True, timeout=20)
                checks += 1
                closed = other.stdout.strip() == "b''" or "ConnectionResetError" in other.stderr
                if not closed:
                    print(f"another user was not shut out: {other.stdout!r} {other.stderr!r}")
                    failures += 1
        finally:
            bridge.kill()
            bridge.wait()
    print(f"engine_bridge: {checks - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
