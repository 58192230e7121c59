#!/usr/bin/env python3
"""Checks that ContainerKitty.sln's Visual Studio projects list the same
sources as CMake (app/core/sources.cmake). Exit 1 and name the difference."""
import pathlib
import re
import sys
import xml.etree.ElementTree as ET

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()


def cmake_lists():
    text = (root / "app/core/sources.cmake").read_text()
    lists = {}
    for name, body in re.findall(r"set\((\w+)\s+(.*?)\)", text, re.S):
        lists[name] = {line.split("#")[0].strip() for line in body.splitlines()} - {""}
    return lists


def vcxproj_sources(path):
    ns = {"m": "http://schemas.microsoft.com/developer/msbuild/2003"}
    tree = ET.parse(path)
    files = set()
    for tag in ("ClCompile", "ResourceCompile"):
        for el in tree.getroot().iterfind(f".//m:ItemGroup/m:{tag}", ns):
            rel = el.get("Include").replace("\\", "/")
            files.add(str((path.parent / rel).resolve().relative_to(root)).replace("\\", "/"))
    return files


def sln_projects():
    text = (root / "ContainerKitty.sln").read_text(encoding="utf-8-sig")
    return {name: root / rel.replace("\\", "/")
            for name, rel in re.findall(r'Project\("\{[^}]+\}"\) = "([^"]+)", "([^"]+\.vcxproj)"', text)}


def main():
    lists = cmake_lists()
    want = {
        "ck_core": lists["CK_CORE_SOURCES"] | lists["CK_PLATFORM_SOURCES"],
        "ckitty": lists["CK_CLI_SOURCES"] | {"resources/ckitty.rc"},
        "ContainerKitty": lists["CK_GUI_SOURCES"],
    }
    projects = sln_projects()
    bad = 0
    for name, files in want.items():
        if name not in projects:
            print(f"ContainerKitty.sln has no project {name}")
            bad = 1
            continue
        have = vcxproj_sources(projects[name])
        for f in sorted(files - have):
            print(f"{name}: {f} is in CMake but not in {projects[name].relative_to(root)}")
            bad = 1
        for f in sorted(have - files):
            print(f"{name}: {f} is in {projects[name].relative_to(root)} but not in CMake")
            bad = 1
    if not bad:
        print(f"ContainerKitty.sln and CMake list the same sources ({sum(map(len, want.values()))} files)")
    return bad


sys.exit(main())
