#!/usr/bin/env python3
"""Checks that app/'s includes point only down the layer order written in
docs/DESIGN.md (the block fenced as ```layers```, bottom first, one layer a
line, modules of one layer side by side), and that every project include is
written module-relative ("util/buf.h"), never "buf.h" or "../x.h".

    check_layers.py REPO_ROOT        exit 0 when clean, 1 with one line a problem"""
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def read_layers(root):
    text = open(os.path.join(root, "docs", "DESIGN.md"), encoding="utf-8").read()
    m = re.search(r"```layers\n(.*?)```", text, re.S)
    if not m:
        raise SystemExit("docs/DESIGN.md has no ```layers block")
    rank = {}
    for i, line in enumerate(l for l in m.group(1).splitlines() if l.strip()):
        for module in line.split():
            rank[module] = i
    return rank


def module_of(rel):
    """app/core/util/buf.c -> util; app/cli/x.c -> cli; app/platform/y.h -> platform."""
    parts = rel.split("/")
    if parts[1] == "core":
        return parts[2] if len(parts) > 3 else None
    return parts[1]


def main():
    root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".")
    rank = read_layers(root)
    problems = []
    files = 0
    for dirpath, _, names in os.walk(os.path.join(root, "app")):
        for name in sorted(names):
            if not name.endswith((".c", ".h")):
                continue
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root).replace(os.sep, "/")
            src = module_of(rel)
            if src is None:
                continue
            files += 1
            if src not in rank:
                problems.append(f"{rel}: module '{src}' is not in docs/DESIGN.md's layer order")
                continue
            for no, line in enumerate(open(path, encoding="utf-8", errors="replace"), 1):
                m = INCLUDE.match(line)
                if not m:
                    continue
                inc = m.group(1)
                first = inc.split("/")[0]
                if "/" not in inc or first == "..":
                    if inc in ("version.h", "resource.h") or inc.endswith("_version.h"):
                        continue  # resources/, on the include path of every target
                    problems.append(f"{rel}:{no}: #include \"{inc}\" is not module-relative (\"module/file.h\")")
                    continue
                if first not in rank:
                    continue
                if rank[first] > rank[src]:
                    problems.append(f"{rel}:{no}: {src} includes {inc}, a layer above it")
    for p in problems:
        print(p)
    print(f"check_layers: {files} files, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
