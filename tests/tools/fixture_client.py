"""The test side of the fixture servers (osv_server.py, exploit_server.py):
start one on a free port, steer it through its /_control endpoint, stop it.
Also what the end-to-end scripts share to report their checks."""
import json
import re
import subprocess
import sys
import urllib.request


class FixtureServer:
    def __init__(self, script):
        self.proc = subprocess.Popen([sys.executable, script], stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        m = re.match(r"PORT (\d+)", line)
        if not m:
            self.proc.kill()
            raise SystemExit("%s did not start: %r" % (script, line))
        self.base = "http://127.0.0.1:%s" % m.group(1)

    def control(self, **body):
        req = urllib.request.Request(self.base + "/_control", data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=30) as r:
            return json.loads(r.read())

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)
