#!/usr/bin/env python3
"""Bridges a TCP port on 127.0.0.1 to a Docker engine's unix socket, for
Windows programs under Wine (which cannot dial unix sockets): the named-pipe
relay forwards \\\\.\\pipe\\docker_engine to this port.

    engine_bridge.py SOCKET_PATH [--port N] [--ready-file F]

An engine socket is root-equivalent, and a loopback port is open to every
local user: each connection is accepted only when the peer process belongs
to the user running the bridge (its owner in /proc/net/tcp), every other one
is closed at once. Prints "engine_bridge: listening on 127.0.0.1:PORT"."""
import argparse
import os
import select
import socket
import sys
import threading


def peer_uid(conn):
    """The uid owning the client end of an accepted loopback connection."""
    host, port = conn.getpeername()[:2]
    want = f"{port:04X}"
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                next(f)
                for line in f:
                    fields = line.split()
                    local = fields[1]
                    if local.rsplit(":", 1)[1] == want and fields[3] == "01":  # ESTABLISHED
                        return int(fields[7])
        except OSError:
            continue
    return None


def pump(a, b):
    try:
        while True:
            ready, _, _ = select.select([a, b], [], [])
            for src in ready:
                data = src.recv(65536)
                if not data:
                    return
                (b if src is a else a).sendall(data)
    except OSError:
        pass
    finally:
        a.close()
        b.close()


def serve(listener, socket_path):
    me = os.getuid()
    while True:
        conn, _ = listener.accept()
        if peer_uid(conn) != me:
            print("engine_bridge: refused a connection from another user", file=sys.stderr, flush=True)
            conn.close()
            continue
        engine = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            engine.connect(socket_path)
        except OSError as e:
            print(f"engine_bridge: cannot reach {socket_path}: {e}", file=sys.stderr, flush=True)
            conn.close()
            engine.close()
            continue
        threading.Thread(target=pump, args=(conn, engine), daemon=True).start()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("socket")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--ready-file")
    args = ap.parse_args()
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", args.port))
    listener.listen(16)
    port = listener.getsockname()[1]
    print(f"engine_bridge: listening on 127.0.0.1:{port}", flush=True)
    if args.ready_file:
        with open(args.ready_file, "w") as f:
            f.write(f"{port}\n")
    serve(listener, args.socket)


if __name__ == "__main__":
    main()
