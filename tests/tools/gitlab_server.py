#!/usr/bin/env python3
"""A GitLab REST API v4 fixture for the image-list tests: the endpoints that
build image lists, with GitLab's offset pagination headers (x-next-page,
x-page, x-per-page, x-prev-page, x-total, x-total-pages, link) and bodies in
the shapes of GitLab's API documentation.

    gitlab_server.py [--token T] [--max-per-page 2] [--port-file F]

Listens on 127.0.0.1 on a free port and prints "PORT <n>" (and writes it to
--port-file). Behaviour the tests rely on:
  * per_page is capped (2 by default), so every listing has several pages;
  * group 10 (acme) has subgroups 11 (acme/platform) and 12 (acme/platform/tools);
    include_subgroups=true reaches their projects;
  * user 7 (alice) has personal projects;
  * the PRIVATE-TOKEN header must carry the token: otherwise 401;
  * unknown users, groups, projects, repositories and tags: 404;
  * the first registry-repositories request answers 429 with Retry-After: 1;
  * project 102 (acme/api) pages its tags like keyset pagination: Link
    rel="next" only, no x-* headers;
  * project 105 has its registry disabled, project 106 answers 403 for it;
  * repository 1003 is being deleted (status delete_scheduled).
Every request is appended to --log when given (method, path, status)."""
import argparse
import hashlib
import json
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

REGISTRY = "registry.example.com:5050"
HOST = "gitlab.example.com"

GROUPS = {
    10: {"path": "acme", "parent": None},
    11: {"path": "acme/platform", "parent": 10},
    12: {"path": "acme/platform/tools", "parent": 11},
}
USERS = {7: "alice", 8: "bob"}

# project id -> (namespace kind, namespace id, path, registry access level)
PROJECTS = {
    101: ("group", 10, "acme/web", "enabled"),
    102: ("group", 10, "acme/api", "private"),
    103: ("group", 11, "acme/platform/base", "enabled"),
    104: ("group", 12, "acme/platform/tools/cli", "enabled"),
    105: ("group", 10, "acme/docs", "disabled"),
    106: ("group", 11, "acme/platform/secret", "enabled"),
    201: ("user", 7, "alice/tooling", "enabled"),
    202: ("user", 7, "alice/sandbox", "enabled"),
    203: ("user", 7, "alice/empty", "enabled"),
}

# repository id -> (project id, name inside the project, status)
REPOSITORIES = {
    1001: (101, "", None),
    1002: (101, "worker", None),
    1003: (101, "old", "delete_scheduled"),
    1004: (101, "cache", None),
    1005: (102, "", None),
    1006: (103, "", None),
    1007: (104, "", None),
    1008: (201, "", None),
    1009: (202, "", None),
}

# repository id -> [(tag, created_at)]
TAGS = {
    1001: [("latest", "2024-05-01T10:00:00.000+00:00"), ("1.0.0", "2024-01-10T09:00:00.000+00:00"),
           ("1.1.0", "2024-03-02T09:00:00.000+00:00"), ("1.2.0-rc.1", "2024-04-20T12:30:00.000+00:00"),
           ("v1.1.1", "2024-03-20T08:00:00.000+00:00")],
    1002: [("latest", "2024-02-01T10:00:00.000Z"), ("2.0.0", "2023-11-01T10:00:00.000Z"),
           ("2.0.1", "2023-12-01T10:00:00.000Z"), ("2.1.0", "2024-02-01T09:59:00.000Z"),
           ("dev", "2024-06-01T00:00:00.000Z")],
    1003: [("latest", "2020-01-01T00:00:00.000Z")],
    1004: [("7.2", "2024-01-01T00:00:00.000+02:00"), ("7.2.4", "2024-01-01T00:30:00.000+01:00"),
           ("latest", "2023-12-31T21:00:00.000-01:00")],
    1005: [("latest", "2024-01-01T00:00:00Z"), ("3.0.0", "2024-01-02T00:00:00Z"),
           ("3.1.0", "2024-01-03T00:00:00Z"), ("3.1.0-beta", "2024-01-04T00:00:00Z"),
           ("nightly", "2024-01-05T00:00:00Z")],
    1006: [("bookworm", "2024-01-01T00:00:00Z"), ("bullseye", "2023-01-01T00:00:00Z"),
           ("latest", "2024-01-01T00:00:00Z")],
    1007: [("0.9.0", "2023-06-01T00:00:00Z"), ("0.10.0", "2023-07-01T00:00:00Z"),
           ("latest", "2023-07-01T00:00:01Z")],
    1008: [("latest", "2024-01-01T00:00:00Z"), ("1.0", "2024-01-01T00:00:00Z"),
           ("1.0.0", "2024-01-01T00:00:00Z")],
    1009: [("test", "2024-01-01T00:00:00Z"), ("latest", "2024-01-01T00:00:00Z"),
           ("v0.1.0", "2024-01-01T00:00:00Z")],
}

LINK_ONLY_PROJECTS = {102}
FORBIDDEN_REGISTRY = {106}


def project_body(pid):
    kind, nsid, path, level = PROJECTS[pid]
    name = path.rsplit("/", 1)[1]
    ns_path = path.rsplit("/", 1)[0]
    namespace = ({"id": nsid, "name": GROUPS[nsid]["path"].rsplit("/", 1)[-1], "path": ns_path.rsplit("/", 1)[-1],
                  "kind": "group", "full_path": GROUPS[nsid]["path"]} if kind == "group"
                 else {"id": nsid, "name": USERS[nsid].title(), "path": USERS[nsid], "kind": "user",
                       "full_path": USERS[nsid]})
    return {
        "id": pid, "description": f"The {name} project", "default_branch": "main",
        "visibility": "private", "ssh_url_to_repo": f"git@{HOST}:{path}.git",
        "http_url_to_repo": f"https://{HOST}/{path}.git", "web_url": f"https://{HOST}/{path}",
        "readme_url": f"https://{HOST}/{path}/-/blob/main/README.md", "tag_list": [], "topics": [],
        "name": name.title(), "name_with_namespace": " / ".join(p.title() for p in path.split("/")),
        "path": name, "path_with_namespace": path, "issues_enabled": True, "open_issues_count": 0,
        "merge_requests_enabled": True, "jobs_enabled": True, "wiki_enabled": True, "snippets_enabled": False,
        "container_registry_enabled": level != "disabled", "container_registry_access_level": level,
        "container_registry_image_prefix": f"{REGISTRY}/{path}",
        "created_at": "2023-01-05T10:00:00.000Z", "last_activity_at": "2024-06-01T10:00:00.000Z",
        "creator_id": 1, "namespace": namespace, "import_status": "none", "archived": False,
        "avatar_url": None, "shared_runners_enabled": True, "forks_count": 0, "star_count": 0,
        "public_jobs": True, "shared_with_groups": [], "request_access_enabled": False,
    }


def repository_body(rid):
    pid, name, status = REPOSITORIES[rid]
    path = PROJECTS[pid][2] + ("/" + name if name else "")
    return {"id": rid, "name": name, "path": path, "project_id": pid, "location": f"{REGISTRY}/{path}",
            "created_at": "2023-02-01T10:00:00.000Z", "cleanup_policy_started_at": None, "status": status}


def tag_body(rid, tag):
    path = repository_body(rid)["path"]
    return {"name": tag, "path": f"{path}:{tag}", "location": f"{REGISTRY}/{path}:{tag}"}


def tag_detail(rid, tag, created):
    body = tag_body(rid, tag)
    digest = hashlib.sha256(f"{rid}:{tag}".encode()).hexdigest()
    body.update({"revision": digest, "short_revision": digest[:9], "digest": "sha256:" + digest,
                 "created_at": created, "total_size": 1024 * (rid % 97 + 1)})
    return body


def group_with_descendants(gid):
    out = [gid]
    for g, info in GROUPS.items():
        if info["parent"] == gid:
            out += group_with_descendants(g)
    return out


def find_group(key):
    if key.isdigit():
        return int(key) if int(key) in GROUPS else None
    for g, info in GROUPS.items():
        if info["path"] == key:
            return g
    return None


def find_project(key):
    if key.isdigit():
        return int(key) if int(key) in PROJECTS else None
    for p, info in PROJECTS.items():
        if info[2] == key:
            return p
    return None


def find_user(key):
    if key.isdigit():
        return int(key) if int(key) in USERS else None
    for u, name in USERS.items():
        if name == key:
            return u
    return None


class State:
    def __init__(self, token, max_per_page, log):
        self.token = token
        self.max_per_page = max_per_page
        self.log = log
        self.lock = threading.Lock()
        self.sent_429 = False


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "nginx"

    def log_message(self, fmt, *args):
        pass

    def send_json(self, status, body, headers=None):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "max-age=0, private, must-revalidate")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)
        st = self.server.state
        if st.log:
            with st.lock, open(st.log, "a") as f:
                f.write(f"GET {self.path} {status}\n")

    def paginate(self, items, query, link_only=False):
        st = self.server.state
        try:
            per_page = int(query.get("per_page", ["20"])[0])
            page = int(query.get("page", ["1"])[0])
        except ValueError:
            return self.send_json(400, {"error": "per_page is invalid"})
        per_page = max(1, min(per_page, 100, st.max_per_page))
        page = max(1, page)
        total = len(items)
        pages = max(1, (total + per_page - 1) // per_page)
        chunk = items[(page - 1) * per_page: page * per_page]
        base = f"http://{self.headers.get('Host')}{urllib.parse.urlsplit(self.path).path}"

        def url(p):
            q = {k: v[0] for k, v in query.items() if k != "page"}
            q["page"] = str(p)
            q["per_page"] = str(per_page)
            return base + "?" + urllib.parse.urlencode(q)

        links = []
        if page > 1:
            links.append(f'<{url(page - 1)}>; rel="prev"')
        if page < pages:
            links.append(f'<{url(page + 1)}>; rel="next"')
        if link_only:  # keyset style: only the next link, nothing else
            headers = {"Link": links[-1]} if page < pages else {}
            return self.send_json(200, chunk, headers)
        links.append(f'<{url(1)}>; rel="first"')
        links.append(f'<{url(pages)}>; rel="last"')
        headers = {
            "Link": ", ".join(links),
            "X-Next-Page": str(page + 1) if page < pages else "",
            "X-Page": str(page),
            "X-Per-Page": str(per_page),
            "X-Prev-Page": str(page - 1) if page > 1 else "",
            "X-Total": str(total),
            "X-Total-Pages": str(pages),
        }
        return self.send_json(200, chunk, headers)

    def do_GET(self):
        st = self.server.state
        split = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(split.query, keep_blank_values=True)
        raw = split.path.split("/")
        parts = [urllib.parse.unquote(p) for p in raw]
        if parts[:3] != ["", "api", "v4"]:
            return self.send_json(404, {"error": "404 Not Found"})
        if self.headers.get("PRIVATE-TOKEN") != st.token:
            return self.send_json(401, {"message": "401 Unauthorized"})
        p = parts[3:]
        if len(p) == 3 and p[0] == "users" and p[2] == "projects":
            uid = find_user(p[1])
            if uid is None:
                return self.send_json(404, {"message": "404 User Not Found"})
            items = [project_body(i) for i, v in sorted(PROJECTS.items()) if v[0] == "user" and v[1] == uid]
            return self.paginate(items, query)
        if len(p) == 3 and p[0] == "groups" and p[2] == "projects":
            gid = find_group(p[1])
            if gid is None:
                return self.send_json(404, {"message": "404 Group Not Found"})
            sub = query.get("include_subgroups", ["false"])[0] == "true"
            groups = group_with_descendants(gid) if sub else [gid]
            items = [project_body(i) for i, v in sorted(PROJECTS.items()) if v[0] == "group" and v[1] in groups]
            return self.paginate(items, query)
        if len(p) >= 2 and p[0] == "projects":
            pid = find_project(p[1])
            if pid is None:
                return self.send_json(404, {"message": "404 Project Not Found"})
            if len(p) == 2:
                return self.send_json(200, project_body(pid))
            if p[2:4] != ["registry", "repositories"]:
                return self.send_json(404, {"error": "404 Not Found"})
            if PROJECTS[pid][3] == "disabled":
                return self.send_json(404, {"message": "404 Not Found"})
            if pid in FORBIDDEN_REGISTRY:
                return self.send_json(403, {"message": "403 Forbidden"})
            if len(p) == 4:
                with st.lock:
                    first = not st.sent_429
                    st.sent_429 = True
                if first:
                    return self.send_json(429, {"message": "Retry later"}, {"Retry-After": "1"})
                items = [repository_body(r) for r, v in sorted(REPOSITORIES.items()) if v[0] == pid]
                return self.paginate(items, query)
            rid = int(p[4]) if p[4].isdigit() else -1
            if rid not in REPOSITORIES or REPOSITORIES[rid][0] != pid:
                return self.send_json(404, {"message": "404 Repository Not Found"})
            if len(p) == 6 and p[5] == "tags":
                items = [tag_body(rid, t) for t, _ in TAGS.get(rid, [])]
                return self.paginate(items, query, link_only=pid in LINK_ONLY_PROJECTS)
            if len(p) == 7 and p[5] == "tags":
                for t, created in TAGS.get(rid, []):
                    if t == p[6]:
                        return self.send_json(200, tag_detail(rid, t, created))
                return self.send_json(404, {"message": "404 Tag Not Found"})
        return self.send_json(404, {"error": "404 Not Found"})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--token", default="glpat-fixture-token")
    ap.add_argument("--max-per-page", type=int, default=2)
    ap.add_argument("--port-file")
    ap.add_argument("--log")
    args = ap.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.state = State(args.token, args.max_per_page, args.log)
    port = server.server_address[1]
    if args.port_file:
        with open(args.port_file + ".tmp", "w") as f:
            f.write(str(port))
        import os
        os.replace(args.port_file + ".tmp", args.port_file)
    print(f"PORT {port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
