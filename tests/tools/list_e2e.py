#!/usr/bin/env python3
"""End-to-end checks of `ckitty list` against the GitLab fixture
(gitlab_server.py, started here) and a real registry (run this script under
registry_fixture.py, which sets CK_REGISTRY_PORT).

    list_e2e.py --ckitty PATH [--emulator PROGRAM] CASE

Exit 0 when every check of CASE holds, 1 otherwise (each failure printed)."""
import argparse
import base64
import json
import os
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOKEN = "glpat-fixture-token"
R = "registry.example.com:5050"

# What the GitLab fixture holds (gitlab_server.py), as image lists per policy,
# in the order GitLab lists projects, repositories and tags.
GROUP10_ALL = [
    f"{R}/acme/web:latest", f"{R}/acme/web:1.0.0", f"{R}/acme/web:1.1.0", f"{R}/acme/web:1.2.0-rc.1",
    f"{R}/acme/web:v1.1.1",
    f"{R}/acme/web/worker:latest", f"{R}/acme/web/worker:2.0.0", f"{R}/acme/web/worker:2.0.1",
    f"{R}/acme/web/worker:2.1.0", f"{R}/acme/web/worker:dev",
    f"{R}/acme/web/cache:7.2", f"{R}/acme/web/cache:7.2.4", f"{R}/acme/web/cache:latest",
    f"{R}/acme/api:latest", f"{R}/acme/api:3.0.0", f"{R}/acme/api:3.1.0", f"{R}/acme/api:3.1.0-beta",
    f"{R}/acme/api:nightly",
    f"{R}/acme/platform/base:bookworm", f"{R}/acme/platform/base:bullseye", f"{R}/acme/platform/base:latest",
    f"{R}/acme/platform/tools/cli:0.9.0", f"{R}/acme/platform/tools/cli:0.10.0",
    f"{R}/acme/platform/tools/cli:latest",
]
GROUP10 = {
    "all": GROUP10_ALL,
    "latest": [i for i in GROUP10_ALL if i.endswith(":latest")],
    # a pre-release of a higher version beats lower releases; "7.2" is no semver
    "semver": [f"{R}/acme/web:1.2.0-rc.1", f"{R}/acme/web/worker:2.1.0", f"{R}/acme/web/cache:7.2.4",
               f"{R}/acme/api:3.1.0", f"{R}/acme/platform/tools/cli:0.10.0"],
    "regex:^v?\\d+\\.\\d+\\.\\d+$": [
        f"{R}/acme/web:1.0.0", f"{R}/acme/web:1.1.0", f"{R}/acme/web:v1.1.1", f"{R}/acme/web/worker:2.0.0",
        f"{R}/acme/web/worker:2.0.1", f"{R}/acme/web/worker:2.1.0", f"{R}/acme/web/cache:7.2.4",
        f"{R}/acme/api:3.0.0", f"{R}/acme/api:3.1.0", f"{R}/acme/platform/tools/cli:0.9.0",
        f"{R}/acme/platform/tools/cli:0.10.0"],
    # created_at with offsets: cache's 7.2 and latest are the same instant, the name decides
    "newest:2": [
        f"{R}/acme/web:latest", f"{R}/acme/web:1.2.0-rc.1", f"{R}/acme/web/worker:latest",
        f"{R}/acme/web/worker:dev", f"{R}/acme/web/cache:7.2", f"{R}/acme/web/cache:7.2.4",
        f"{R}/acme/api:3.1.0-beta", f"{R}/acme/api:nightly", f"{R}/acme/platform/base:bookworm",
        f"{R}/acme/platform/base:latest", f"{R}/acme/platform/tools/cli:0.10.0",
        f"{R}/acme/platform/tools/cli:latest"],
}
USER7 = [f"{R}/alice/tooling:latest", f"{R}/alice/tooling:1.0", f"{R}/alice/tooling:1.0.0",
         f"{R}/alice/sandbox:test", f"{R}/alice/sandbox:latest", f"{R}/alice/sandbox:v0.1.0"]
SUBGROUP11 = [i for i in GROUP10_ALL if "/acme/platform/" in i]
PROJECT101 = [i for i in GROUP10_ALL if "/acme/web" in i]

# What registry_fixture.py pushes, per policy (catalog and tags in lexical order).
REGISTRY_REPOS = {
    "alpine": ["3.19", "3.20", "latest"],
    "team/app": ["1.0.0", "1.1.0", "dev", "latest", "v1.2.0-rc.1"],
    "team/app/worker": ["2.0.0", "2.0.1"],
    "tools/cli": ["0.10.0", "0.9.0", "latest"],
    "zeta": ["edge"],
}

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL: " + what, file=sys.stderr)


class Ckitty:
    def __init__(self, path, emulator, workdir):
        self.cmd = ([emulator] if emulator else []) + [path]
        self.workdir = workdir

    def run(self, *args, env=None):
        e = dict(os.environ)
        e.pop("CKITTY_GITLAB_TOKEN", None)
        e.update(env or {})
        p = subprocess.run(self.cmd + ["list"] + list(args), cwd=self.workdir, env=e, capture_output=True,
                           text=True, stdin=subprocess.DEVNULL, timeout=300)
        sys.stderr.write(p.stderr)
        return p

    def lines(self, name):
        with open(os.path.join(self.workdir, name), "rb") as f:
            data = f.read().decode()
        check("\r" not in data, f"{name} has LF line ends")
        return [line for line in data.split("\n") if line]


def start_gitlab():
    p = subprocess.Popen([sys.executable, os.path.join(HERE, "gitlab_server.py"), "--token", TOKEN],
                         stdout=subprocess.PIPE, text=True)
    line = p.stdout.readline()
    m = re.match(r"PORT (\d+)", line)
    if not m:
        p.kill()
        raise RuntimeError("the GitLab fixture did not start: " + line)
    return p, f"http://127.0.0.1:{m.group(1)}"


def gitlab_cases(ck, case):
    server, url = start_gitlab()
    env = {"GL_TOKEN": TOKEN}
    try:
        if case == "gitlab-policies":
            t0 = time.time()
            for policy, want in GROUP10.items():
                out = "out-" + re.sub(r"[^a-z0-9]", "_", policy) + ".txt"
                p = ck.run("--gitlab", url, "--group", "10", "--token-env", "GL_TOKEN", "--policy", policy,
                           "-o", out, env=env)
                check(p.returncode == 0, f"policy {policy}: exit {p.returncode}")
                if p.returncode == 0:
                    got = ck.lines(out)
                    check(got == want, f"policy {policy}: got {got}, want {want}")
            # the first registry listing answered 429 with Retry-After: 1 and was waited out
            check(time.time() - t0 >= 1.0, "the 429 was waited out")
        elif case == "gitlab-scopes":
            for args, want in [(["--user", "7"], USER7), (["--user", "alice"], USER7),
                               (["--group", "acme/platform"], SUBGROUP11), (["--group", "11"], SUBGROUP11),
                               (["--project", "101"], PROJECT101), (["--project", "acme/web"], PROJECT101)]:
                p = ck.run("--gitlab", url + "/api/v4/", *args, "--token-env", "GL_TOKEN", "-o", "out.txt",
                           env=env)
                check(p.returncode == 0, f"{args}: exit {p.returncode}")
                if p.returncode == 0:
                    check(ck.lines("out.txt") == want, f"{args}: got {ck.lines('out.txt')}")
            p = ck.run("--gitlab", url, "--group", "10", "--token-env", "GL_TOKEN", "-o", "o.txt", env=env)
            check("acme/platform/secret" in p.stderr and "403" in p.stderr, "the 403 project is reported")
        elif case == "gitlab-original":
            # Invoke-ContainerKitty's switches, any case; token from the environment; default file name
            p = ck.run("-BuildList", "-BuildBaseUrl", url, "-buildid", "10", "-BuildIdType", "Group",
                       env={"CKITTY_GITLAB_TOKEN": TOKEN})
            check(p.returncode == 0, f"-BuildList: exit {p.returncode}")
            names = [n for n in os.listdir(ck.workdir)
                     if re.fullmatch(r"containerkitty_container_list-\d{8}-\d{4}\.txt", n)]
            check(len(names) == 1, f"one default-named list file, found {names}")
            if names:
                check(ck.lines(names[0]) == GROUP10_ALL, "-BuildList lists group 10 and its subgroups")
            p = ck.run("-BuildList", "-BuildBaseUrl", url, "-BuildId", "7", "-BuildIdType", "User",
                       "-AccessToken", TOKEN, "-o", "user.txt")
            check(p.returncode == 0 and ck.lines("user.txt") == USER7, "-AccessToken works")
            check("-AccessToken puts the token" in p.stderr, "-AccessToken warns")
            check(TOKEN not in p.stderr, "the token is never printed")
        elif case == "gitlab-errors":
            p = ck.run("--gitlab", url, "--group", "10", "--token-env", "BAD", "-o", "x.txt",
                       env={"BAD": "glpat-wrong"})
            check(p.returncode == 2, "a refused token exits 2")
            check(f"the token was refused by {url}" in p.stderr, "a refused token is named")
            check("glpat-wrong" not in p.stderr, "the refused token is not printed")
            p = ck.run("--gitlab", url, "--group", "42", "--token-env", "GL_TOKEN", "-o", "x.txt", env=env)
            check(p.returncode == 2 and f"group 42 was not found on {url}" in p.stderr, "unknown group")
            p = ck.run("--gitlab", url, "--project", "999", "--token-env", "GL_TOKEN", "-o", "x.txt", env=env)
            check(p.returncode == 2 and f"project 999 was not found on {url}" in p.stderr, "unknown project")
            p = ck.run("--gitlab", url, "--user", "nobody", "--token-env", "GL_TOKEN", "-o", "x.txt", env=env)
            check(p.returncode == 2 and f"user nobody was not found on {url}" in p.stderr, "unknown user")
            p = ck.run("--gitlab", url, "--group", "10", "-o", "x.txt")
            check(p.returncode == 2 and "needs a token" in p.stderr, "no token: 401 explained")
            p = ck.run("--gitlab", url, "--group", "10", "--token-env", "GL_TOKEN", "--policy", "newest:0",
                       env=env)
            check(p.returncode == 2 and "from 1 to" in p.stderr, "bad policy refused")
            p = ck.run("--gitlab", url, "--group", "10", "--project", "1", "--token-env", "GL_TOKEN", env=env)
            check(p.returncode == 2, "two scopes refused")
            check(not os.path.exists(os.path.join(ck.workdir, "x.txt")), "no list written on failure")
        else:
            raise SystemExit(f"unknown case {case}")
    finally:
        server.kill()
        server.wait()


def registry_case(ck, case):
    port = os.environ.get("CK_REGISTRY_PORT")
    if not port:
        raise SystemExit("run this case under registry_fixture.py")
    url = f"http://127.0.0.1:{port}"
    host = f"127.0.0.1:{port}"
    mode = case.split("-", 1)[1]
    creds = [] if mode == "open" else ["--username", "ckuser", "--password-env", "REG_PW"]
    env = {"REG_PW": "ck-secret-pw"}
    want_all = [f"{host}/{repo}:{tag}" for repo, tags in REGISTRY_REPOS.items() for tag in tags]
    p = ck.run("--registry", url, *creds, "--page-size", "2", "-o", "all.txt", env=env)
    check(p.returncode == 0, f"{mode}: all tags: exit {p.returncode}")
    if p.returncode == 0:
        got = ck.lines("all.txt")
        # the catalog comes in lexical order over several pages; distribution 2.8 lists a
        # repository's tags in storage order, on one page (it ignores n= for tags)
        repos = []
        for ref in got:
            repo = ref[len(host) + 1:].rsplit(":", 1)[0]
            if not repos or repos[-1] != repo:
                repos.append(repo)
        check(repos == list(REGISTRY_REPOS), f"{mode}: repositories in catalog order: got {repos}")
        check(sorted(got) == sorted(want_all), f"{mode}: all tags: got {got}")
    p = ck.run("--registry", url + "/v2/", *creds, "--policy", "semver", "-o", "semver.txt", env=env)
    check(p.returncode == 0, f"{mode}: semver: exit {p.returncode}")
    if p.returncode == 0:
        check(ck.lines("semver.txt") == [f"{host}/team/app:v1.2.0-rc.1", f"{host}/team/app/worker:2.0.1",
                                          f"{host}/tools/cli:0.10.0"], f"{mode}: semver")
    p = ck.run("--registry", url, *creds, "--policy", "regex:^(latest|edge)$", "-o", "re.txt", env=env)
    if p.returncode == 0:
        check(ck.lines("re.txt") == [f"{host}/alpine:latest", f"{host}/team/app:latest",
                                      f"{host}/tools/cli:latest", f"{host}/zeta:edge"], f"{mode}: regex")
    check(p.returncode == 0, f"{mode}: regex: exit {p.returncode}")
    p = ck.run("--registry", url, *creds, "--policy", "newest:1", env=env)
    check(p.returncode == 2 and "creation dates" in p.stderr, f"{mode}: newest:N refused")
    if mode != "open":
        p = ck.run("--registry", url, "-o", "anon.txt")
        check(p.returncode == 2, f"{mode}: anonymous refused")
        check("username and password" in p.stderr, f"{mode}: anonymous: the message says what is missing")
        p = ck.run("--registry", url, "--username", "ckuser", "--password-env", "REG_PW", "-o", "bad.txt",
                   env={"REG_PW": "wrong-password"})
        check(p.returncode == 2 and "refused the username and password" in p.stderr, f"{mode}: bad password")
        check("wrong-password" not in p.stderr, f"{mode}: the password is never printed")
        # no --username: the docker CLI's credentials for this registry, as pulls use them
        cfg = os.path.join(ck.workdir, "docker-config")
        os.makedirs(cfg, exist_ok=True)
        auth = base64.b64encode(b"ckuser:ck-secret-pw").decode()
        with open(os.path.join(cfg, "config.json"), "w") as f:
            json.dump({"auths": {host: {"auth": auth}}}, f)
        p = ck.run("--registry", url, "--policy", "latest", "-o", "cfg.txt", env={"DOCKER_CONFIG": cfg})
        check(p.returncode == 0, f"{mode}: docker credentials: exit {p.returncode}")
        if p.returncode == 0:
            check(ck.lines("cfg.txt") == [f"{host}/alpine:latest", f"{host}/team/app:latest",
                                           f"{host}/tools/cli:latest"], f"{mode}: docker credentials")
        check("ck-secret-pw" not in p.stderr and auth not in p.stderr, f"{mode}: credentials never printed")


def file_case(ck):
    text = ("\ufeff# images to scan\r\n"
            "ubuntu:22.04\r\n"
            "\r\n"
            "  registry.example.com:5000/dev/example-image:4.2.0  # the app\r\n"
            "Ubuntu:22.04\r\n"
            "docker.io/library/ubuntu:22.04\r\n"
            "alpine@sha256:" + "ab" * 32 + "\n"
            "bad tag here\n")
    with open(os.path.join(ck.workdir, "in.txt"), "w", encoding="utf-8", newline="") as f:
        f.write(text)
    p = ck.run("--file", "in.txt", "-o", "out.txt")
    check(p.returncode == 0, f"--file: exit {p.returncode}")
    if p.returncode == 0:
        check(ck.lines("out.txt") == ["docker.io/library/ubuntu:22.04",
                                      "registry.example.com:5000/dev/example-image:4.2.0",
                                      "docker.io/library/alpine@sha256:" + "ab" * 32], "--file output")
    check("in.txt:5: " in p.stderr and "lowercase" in p.stderr, "line 5 reported")
    check("in.txt:8: " in p.stderr, "line 8 reported")
    p = ck.run("--file", "missing.txt", "-o", "x.txt")
    check(p.returncode == 2 and "missing.txt" in p.stderr, "a missing file is named")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckitty", required=True)
    ap.add_argument("--emulator", default="")
    ap.add_argument("--workdir", default="")
    ap.add_argument("case")
    args = ap.parse_args()
    workdir = args.workdir or os.path.join(os.getcwd(), "lists-e2e", args.case)
    shutil.rmtree(workdir, ignore_errors=True)
    os.makedirs(workdir)
    ck = Ckitty(os.path.abspath(args.ckitty), args.emulator, workdir)
    if args.case.startswith("gitlab-"):
        gitlab_cases(ck, args.case)
    elif args.case.startswith("registry-"):
        registry_case(ck, args.case)
    elif args.case == "file":
        file_case(ck)
    else:
        raise SystemExit(f"unknown case {args.case}")
    print(f"{args.case}: {len(failures)} failure(s)", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
