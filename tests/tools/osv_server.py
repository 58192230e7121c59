#!/usr/bin/env python3
"""A fixture server with the layout of OSV's bucket
(https://osv-vulnerabilities.storage.googleapis.com), for tests of
`ckitty db update`:

    GET /<ecosystem>/all.zip          every record, with ETag and Last-Modified;
                                      304 for a matching If-None-Match
                                      (or If-Modified-Since without one)
    GET /<ecosystem>/modified_id.csv  "<modified>,<id>" lines, newest first
    GET /<ecosystem>/<id>.json        one record

As on the real service since October 2024, only main ecosystems have
folders: Debian, Alpine, Ubuntu, Red Hat, ... (whose records name the
release in affected[].package.ecosystem: "Debian:12") and the language
ecosystems npm, PyPI, Go, Maven, RubyGems, crates.io, NuGet, Packagist. A
release-scoped path such as /Debian:12/all.zip is a 404. The ecosystem is
one percent-encoded path segment ("Red%20Hat").
Listens on 127.0.0.1 on a free port and prints "PORT <n>" on stdout.

Tests steer it with POST /_control and a JSON body:
    {"action": "load", "ecosystem": E, "dir": D}   records = the .json files of D;
                                                   all.zip rebuilt from them (E a main
                                                   ecosystem: one with ':' is refused)
    {"action": "put", "ecosystem": E, "path": F}   add or replace one record, in the
                                                   .csv and .json only (all.zip as it was)
    {"action": "rebuild", "ecosystem": E}          all.zip rebuilt from the records
    {"action": "drop", "after": N}                 all.zip answers send N bytes of the
                                                   body and close the connection (N < 0: off)
    {"action": "stats"}                            counts of what was served; "asked" counts
                                                   the GETs per ecosystem folder (404s too)
Python standard library only.
"""
import email.utils
import hashlib
import io
import json
import os
import sys
import threading
import time
import urllib.parse
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Feed:
    def __init__(self):
        self.raw = {}        # file name -> bytes (including records that do not parse)
        self.meta = {}       # id -> (modified, file name)
        self.zip = b""
        self.etag = ""
        self.last_modified = 0.0

    def add(self, name, data):
        self.raw[name] = data
        try:
            rec = json.loads(data)
            self.meta[rec["id"]] = (rec["modified"], name)
        except (ValueError, KeyError, TypeError):
            pass  # served inside all.zip all the same, as a real bucket might

    def rebuild(self):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for name in sorted(self.raw):
                zf.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), self.raw[name])
        self.zip = buf.getvalue()
        self.etag = '"%s"' % hashlib.sha1(self.zip).hexdigest()[:20]
        # Whole seconds, later than any earlier build: HTTP dates have no fractions.
        self.last_modified = max(float(int(time.time())), self.last_modified + 1)

    def csv(self):
        rows = sorted(((m, i) for i, (m, _) in self.meta.items()), reverse=True)
        return "".join("%s,%s\n" % r for r in rows).encode()

    def record(self, rid):
        entry = self.meta.get(rid)
        return self.raw[entry[1]] if entry else None


STATE = {"feeds": {}, "drop_after": -1, "stats": {}, "lock": threading.Lock()}


def count(key):
    with STATE["lock"]:
        STATE["stats"][key] = STATE["stats"].get(key, 0) + 1


def count_asked(eco):
    with STATE["lock"]:
        asked = STATE["stats"].setdefault("asked", {})
        asked[eco] = asked.get(eco, 0) + 1


def feed(name):
    return STATE["feeds"].setdefault(name, Feed())


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        sys.stderr.write("osv_server: " + (fmt % args) + "\n")

    def send_body(self, status, body, ctype, extra=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        parts = self.path.split("?")[0].split("/")
        if len(parts) != 3 or not parts[1]:
            count("404")
            return self.send_body(404, b"not found\n", "text/plain")
        eco, name = urllib.parse.unquote(parts[1]), urllib.parse.unquote(parts[2])
        count_asked(eco)
        f = STATE["feeds"].get(eco)
        if f is None:
            count("404")
            return self.send_body(404, b"no such ecosystem\n", "text/plain")
        if name == "all.zip":
            return self.serve_zip(f)
        if name == "modified_id.csv":
            count("csv")
            return self.send_body(200, f.csv(), "text/csv")
        if name.endswith(".json") and f.record(name[:-5]) is not None:
            count("json")
            return self.send_body(200, f.record(name[:-5]), "application/json")
        count("404")
        return self.send_body(404, b"no such record\n", "text/plain")

    def serve_zip(self, f):
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        if inm or ims:
            count("conditional")
        fresh = False
        if inm is not None:
            fresh = f.etag in [t.strip() for t in inm.split(",")]
        elif ims is not None:
            when = email.utils.parsedate_to_datetime(ims).timestamp()
            fresh = f.last_modified <= when
        headers = [("ETag", f.etag), ("Last-Modified", email.utils.formatdate(f.last_modified, usegmt=True))]
        if fresh:
            count("304")
            self.send_response(304)
            for k, v in headers:
                self.send_header(k, v)
            self.end_headers()
            return
        drop = STATE["drop_after"]
        if drop >= 0:
            count("dropped")
            self.send_response(200)
            self.send_header("Content-Type", "application/zip")
            self.send_header("Content-Length", str(len(f.zip)))
            for k, v in headers:
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(f.zip[:drop])
            self.wfile.flush()
            self.close_connection = True
            return
        count("zip")
        self.send_body(200, f.zip, "application/zip", headers)

    def do_POST(self):
        if self.path != "/_control":
            return self.send_body(404, b"", "text/plain")
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))) or b"{}")
        action = body.get("action")
        with STATE["lock"]:
            if action in ("load", "put", "rebuild") and ":" in body.get("ecosystem", ""):
                return self.send_body(400, b"OSV exports main ecosystems only (Debian, not Debian:12)\n",
                                      "text/plain")
            if action == "load":
                f = STATE["feeds"][body["ecosystem"]] = Feed()
                for name in sorted(os.listdir(body["dir"])):
                    if name.endswith(".json"):
                        with open(os.path.join(body["dir"], name), "rb") as fh:
                            f.add(name, fh.read())
                f.rebuild()
            elif action == "put":
                with open(body["path"], "rb") as fh:
                    feed(body["ecosystem"]).add(os.path.basename(body["path"]), fh.read())
            elif action == "rebuild":
                feed(body["ecosystem"]).rebuild()
            elif action == "drop":
                STATE["drop_after"] = int(body["after"])
            elif action != "stats":
                return self.send_body(400, b"unknown action\n", "text/plain")
            answer = json.dumps(STATE["stats"]).encode()
        self.send_body(200, answer, "application/json")


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print("PORT %d" % server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
