#!/usr/bin/env python3
"""What ckitty prints on a terminal carries nothing a terminal would obey.

Imports a Trivy and a Grype report whose package names, titles and image
names hold escape sequences (CSI, OSC, C1 controls, a bidirectional
override), then runs the commands that print them (history, summary,
report --format text, coverage) with their output on a pseudo-terminal and
checks every byte read there: no ESC, BEL, CR-in-data, C1 control or bidi
override, valid UTF-8, and the names still shown (with U+FFFD in place of
what was removed)."""
import json
import os
import pty
import select
import subprocess
import sys
import tempfile

ESC_TEXT = "evil\u001b[2J\u001b]0;pwned\u0007pkg\u009b31m\u202egnp.exe"
FORBIDDEN = [b"\x1b", b"\x07", b"\xc2\x9b", b"\xc2\x9d", b"\xe2\x80\xae"]


def trivy_report():
    return {
        "SchemaVersion": 2,
        "CreatedAt": "2024-05-01T10:20:30Z",
        "ArtifactName": "example/escape:1",
        "ArtifactType": "container_image",
        "Metadata": {"OS": {"Family": "debian", "Name": "12"}, "RepoTags": ["example/escape:1"]},
        "Results": [{
            "Target": "example/escape:1 (debian 12)", "Class": "os-pkgs", "Type": "debian",
            "Vulnerabilities": [{
                "VulnerabilityID": "CVE-2024-0001", "PkgName": ESC_TEXT, "InstalledVersion": "1.0",
                "FixedVersion": "1.1", "Title": "title " + ESC_TEXT, "Description": ESC_TEXT,
                "Severity": "HIGH"}]}]}


def grype_report():
    return {
        "matches": [{
            "vulnerability": {"id": "CVE-2024-0002", "severity": "Medium", "description": ESC_TEXT,
                              "fix": {"versions": [], "state": "not-fixed"}},
            "artifact": {"name": ESC_TEXT, "version": "1.0", "type": "deb"}}],
        "source": {"type": "image", "target": {"userInput": "example/escape:1", "tags": ["example/escape:1"]}},
        "distro": {"name": "debian", "version": "12"},
        "descriptor": {"name": "grype", "timestamp": "2024-05-01T11:20:30Z"}}


def run_on_pty(cmd):
    """Runs cmd with stdout and stderr on a pseudo-terminal; returns (code, bytes)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=slave, stderr=slave)
    os.close(slave)
    out = b""
    while True:
        ready, _, _ = select.select([master], [], [], 30)
        if not ready:
            proc.kill()
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    return proc.wait(timeout=30), out


def main():
    ckitty = sys.argv[1]
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        history = os.path.join(tmp, "history.db")
        for name, doc in (("trivy.json", trivy_report()), ("grype.json", grype_report())):
            path = os.path.join(tmp, name)
            with open(path, "w", encoding="utf-8") as f:
                json.dump(doc, f)
            code = subprocess.run([ckitty, "import", path, "--history", history]).returncode
            if code != 0:
                print(f"import of {name} exited {code}")
                return 1
        commands = [
            ["history", "--history", history],
            ["summary", "--history", history],
            ["report", "--latest", "--format", "text", "--history", history],
            ["coverage", "docker.io/example/escape:1", "--engines", "trivy,grype", "--history", history],
        ]
        for args in commands:
            code, out = run_on_pty([ckitty] + args)
            what = " ".join(args[:1])
            if code != 0:
                print(f"ckitty {what} exited {code}: {out!r}")
                failures += 1
                continue
            # the terminal turns LF into CRLF: that CR is the terminal's own
            text = out.replace(b"\r\n", b"\n")
            for bad in FORBIDDEN + [b"\r"]:
                if bad in text:
                    print(f"ckitty {what} printed {bad!r} on the terminal: {out!r}")
                    failures += 1
            try:
                text.decode("utf-8", errors="strict")
            except UnicodeDecodeError as e:
                print(f"ckitty {what} printed invalid UTF-8: {e}")
                failures += 1
            if what == "coverage" and "evil\ufffd[2J".encode() not in text:
                print(f"ckitty coverage does not show the cleaned package name: {out!r}")
                failures += 1
            print(f"ckitty {what}: {len(out)} bytes checked")
    print(f"console: {len(commands)} commands checked, {failures} problems")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
