#!/usr/bin/env python3
"""Records what real servers answer a client, as a seed for fuzz_gitlab and
fuzz_registry: an HTTP proxy that forwards each request to the server a
host name is mapped to, hands the answer back, and writes the answers in
order, after a query line, separated by "\\n--next--\\n" (the format of
tests/fuzz/fuzz_server.h).

    record_proxy.py --out FILE --query LINE --map HOST=ADDR [--map ...]
                    [--rewrite OLD=NEW] [--page-size PARAM=N] -- COMMAND...

COMMAND runs with http_proxy pointing here (no_proxy cleared). --map
gitlab.example.com=127.0.0.1:8080 sends requests for that host there.
--rewrite replaces text in the answers' headers (a token service's address,
say, by a host name that is mapped too). --page-size per_page=2 sets that
query parameter on every request, so that a client asking for 100 a page
meets the small pages the fuzz targets ask for. 429 answers are passed on
but not recorded: the client asks again, the fuzz server would not make it
wait. Exits with COMMAND's exit code."""
import argparse
import http.client
import os
import subprocess
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SEP = b"\n--next--\n"


class Proxy(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def do_GET(self):
        cfg = self.server.cfg
        url = urllib.parse.urlsplit(self.path)
        host = url.netloc
        if host not in cfg["map"]:
            self.send_error(502, "not mapped: " + host)
            return
        query = urllib.parse.parse_qsl(url.query, keep_blank_values=True)
        for name, value in cfg["page_size"]:
            query = [(k, value if k == name else v) for k, v in query]
        path = url.path + ("?" + urllib.parse.urlencode(query, safe="/:") if query else "")
        addr_host, addr_port = cfg["map"][host].rsplit(":", 1)
        conn = http.client.HTTPConnection(addr_host, int(addr_port), timeout=30)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("proxy-connection", "connection")}
        conn.request("GET", path, headers=headers)
        r = conn.getresponse()
        body = r.read()
        conn.close()
        lines = ["HTTP/1.1 %d %s" % (r.status, r.reason)]
        for k, v in r.getheaders():
            if k.lower() in ("transfer-encoding", "connection", "content-length", "keep-alive"):
                continue
            for old, new in cfg["rewrite"]:
                v = v.replace(old, new)
            lines.append("%s: %s" % (k, v))
        lines.append("Content-Length: %d" % len(body))
        raw = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
        if r.status != 429:
            with cfg["lock"]:
                cfg["answers"].append(raw)
        self.wfile.write(raw)
        self.wfile.flush()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--query", required=True)
    ap.add_argument("--map", action="append", default=[])
    ap.add_argument("--rewrite", action="append", default=[])
    ap.add_argument("--page-size", action="append", default=[])
    ap.add_argument("command", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    cmd = args.command[1:] if args.command[:1] == ["--"] else args.command
    server = ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    server.daemon_threads = True
    server.cfg = {"map": dict(m.split("=", 1) for m in args.map),
                  "rewrite": [tuple(r.split("=", 1)) for r in args.rewrite],
                  "page_size": [tuple(p.split("=", 1)) for p in args.page_size],
                  "answers": [], "lock": threading.Lock()}
    threading.Thread(target=server.serve_forever, daemon=True).start()
    proxy = "http://127.0.0.1:%d" % server.server_address[1]
    env = dict(os.environ, http_proxy=proxy, HTTPS_PROXY=proxy, https_proxy=proxy, no_proxy="", NO_PROXY="")
    rc = subprocess.run(cmd, env=env).returncode
    server.shutdown()
    with open(args.out, "wb") as f:
        f.write(SEP.join([args.query.encode()] + server.cfg["answers"]))
    print("%s: %d answers, exit %d" % (args.out, len(server.cfg["answers"]), rc), file=sys.stderr)
    return rc


if __name__ == "__main__":
    sys.exit(main())
