#!/usr/bin/env python3
"""ckitty.exe under Wine behind the proxies Internet Options configure, as a
corporate network does: a PAC script ("Use setup script"), a static proxy,
and a script that cannot be had with a static proxy to fall back on. One
server on 127.0.0.1 is all of it: it serves the scripts, answers requests for
an absolute URL as a proxy (and serves a registry for the made-up host
registry.pac.test, which resolves nowhere, so only a proxy can reach it), and
serves the same registry directly. Each case writes the setting into the
prefix's registry (Connections\\DefaultConnectionSettings, the form WinHTTP
reads), runs `ckitty list --registry`, and checks which way each request went.

  proxy_test.py RUNNER CKITTY.EXE

RUNNER runs a Windows program (tests/tools/wine-run.sh). The setting is
removed afterwards. Exit 0 when every case went the expected way."""
import http.server
import struct
import subprocess
import sys
import threading

SETTINGS_KEY = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Internet Settings\Connections"
FLAG_DIRECT, FLAG_PROXY, FLAG_SCRIPT = 0x1, 0x2, 0x4
SEEN = []


class Handler(http.server.BaseHTTPRequestHandler):
    def reply(self, status, body, ctype="application/json"):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        proxied = self.path.startswith("http://")
        path = self.path.split("/", 3)[3] if proxied else self.path[1:]
        SEEN.append(("proxy" if proxied else "direct", self.headers.get("Host", ""), "/" + path))
        if path == "proxy.pac":
            port = self.server.server_port
            script = ('function FindProxyForURL(url, host) {\n'
                      '  if (dnsDomainIs(host, ".pac.test")) return "PROXY 127.0.0.1:%d; DIRECT";\n'
                      '  return "DIRECT";\n}\n' % port)
            return self.reply(200, script.encode(), "application/x-ns-proxy-autoconfig")
        if path.startswith("v2/_catalog"):
            return self.reply(200, b'{"repositories":["team/app"]}')
        if path.startswith("v2/team/app/tags/list"):
            return self.reply(200, b'{"name":"team/app","tags":["1.0"]}')
        return self.reply(404, b'{"errors":[{"code":"NOT_FOUND"}]}')

    def log_message(self, *args):
        pass


def settings_blob(flags, proxy="", bypass="", script=""):
    def field(text):
        data = text.encode()
        return struct.pack("<I", len(data)) + data
    return (struct.pack("<III", 0x46, 1, flags) + field(proxy) + field(bypass) + field(script)
            + b"\0" * 32).hex()


def run(runner, *args):
    return subprocess.run(runner + list(args), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          timeout=120).stdout.decode("utf-8", "replace")


def case(runner, ckitty, name, blob, registry, want_line, want_way):
    run(runner, "reg", "add", SETTINGS_KEY, "/v", "DefaultConnectionSettings", "/t", "REG_BINARY",
        "/d", blob, "/f")
    del SEEN[:]
    out = run(runner, ckitty, "list", "--registry", registry, "-o", "-", "-v")
    catalog = [way for way, host, path in SEEN if path.startswith("/v2/_catalog")]
    ok = want_line in out.splitlines() and catalog == [want_way]
    print("%s: %s (the catalog was read %s)" % (name, "ok" if ok else "FAILED", catalog or "never"))
    if not ok:
        print(out)
    return ok


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    runner, ckitty = sys.argv[1].split(), sys.argv[2]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_port
    here = "127.0.0.1:%d" % port
    script = "http://%s/proxy.pac" % here
    ok = True
    try:
        ok &= case(runner, ckitty, "setup script: a proxy for *.pac.test",
                   settings_blob(FLAG_DIRECT | FLAG_SCRIPT, script=script),
                   "http://registry.pac.test/", "registry.pac.test/team/app:1.0", "proxy")
        ok &= case(runner, ckitty, "setup script: DIRECT for another host",
                   settings_blob(FLAG_DIRECT | FLAG_SCRIPT, script=script),
                   "http://%s/" % here, "%s/team/app:1.0" % here, "direct")
        ok &= case(runner, ckitty, "a static proxy",
                   settings_blob(FLAG_DIRECT | FLAG_PROXY, proxy=here),
                   "http://registry.pac.test/", "registry.pac.test/team/app:1.0", "proxy")
        ok &= case(runner, ckitty, "a script that cannot be had: the static proxy",
                   settings_blob(FLAG_DIRECT | FLAG_PROXY | FLAG_SCRIPT, proxy=here,
                                 script="http://%s/missing.pac" % here),
                   "http://registry.pac.test/", "registry.pac.test/team/app:1.0", "proxy")
        ok &= case(runner, ckitty, "the static proxy's exceptions",
                   settings_blob(FLAG_DIRECT | FLAG_PROXY, proxy="127.0.0.1:9", bypass="127.0.0.1;<local>"),
                   "http://%s/" % here, "%s/team/app:1.0" % here, "direct")
    finally:
        run(runner, "reg", "delete", SETTINGS_KEY, "/v", "DefaultConnectionSettings", "/f")
        server.shutdown()
    return 0 if ok else 1


sys.exit(main())
