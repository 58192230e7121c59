#!/usr/bin/env python3
"""The YAML subset reader against PyYAML: each seed in a folder, read by
test_yaml --dump and by yaml.safe_load, must give the same JSON value.
Exits 77 (skipped) when PyYAML is not installed.

usage: yaml_oracle.py --test TEST_YAML --seeds DIR [--emulator CMD]"""
import argparse
import datetime
import json
import os
import subprocess
import sys

try:
    import yaml
except ImportError:
    print("PyYAML is not installed: skipped")
    sys.exit(77)


def plain(value):
    """YAML 1.1 dates as the strings YAML 1.2's core schema keeps."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--test", required=True)
    ap.add_argument("--seeds", required=True)
    ap.add_argument("--emulator", default="")
    args = ap.parse_args()
    failures = 0
    names = sorted(n for n in os.listdir(args.seeds) if n.endswith((".yml", ".yaml")))
    for name in names:
        path = os.path.join(args.seeds, name)
        with open(path, encoding="utf-8") as f:
            want = plain(yaml.safe_load(f))
        cmd = (args.emulator.split() if args.emulator else []) + [args.test, args.seeds, "--dump", path]
        out = subprocess.run(cmd, capture_output=True, text=True).stdout.strip()
        try:
            got = json.loads(out)
        except ValueError:
            got = out
        ok = got == want
        failures += not ok
        print(("ok    " if ok else "FAIL  ") + name + ("" if ok else "\n  ours:   %s\n  PyYAML: %s" % (got, want)))
    print("%d seeds, %d failed" % (len(names), failures))
    return 1 if failures or not names else 0


if __name__ == "__main__":
    sys.exit(main())
