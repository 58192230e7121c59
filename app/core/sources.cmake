# The sources of ck_core, one per line, relative to the repository root.
# ContainerKitty.sln's projects list the same files (tests/tools/check_sln.py
# checks; cmake/gen_vcxproj.py rewrites the project files from these lists).
set(CK_CORE_SOURCES
    app/core/util/status.c
    app/core/util/buf.c
    app/core/util/log.c
    app/core/util/sha256.c
    app/core/util/base64.c
    app/core/docker/http.c
    app/core/docker/dockercfg.c
    app/core/docker/endpoint.c
    app/core/docker/engine.c
    app/core/docker/regauth.c
    app/core/vuln/text.c
    app/core/vuln/osv.c
    app/core/vuln/zip.c
    app/core/vuln/vulndb.c
    app/core/vuln/match.c
    app/core/vuln/dbupdate.c
    app/core/sources/imageref.c
    app/core/sources/imagelist.c
    app/core/sources/semver.c
    app/core/sources/tagpolicy.c
    app/core/sources/web.c
    app/core/sources/gitlab.c
    app/core/sources/registry.c
    app/core/sources/local.c
    app/core/util/regex.c
    app/core/vuln/version.c
    app/core/vuln/severity.c
    app/core/vuln/cvss.c
    app/core/inventory/inventory.c
    app/core/inventory/tar.c
    app/core/inventory/lines.c
    app/core/inventory/osrelease.c
    app/core/inventory/dpkg.c
    app/core/inventory/apk.c
    app/core/inventory/rpmdb.c
    app/core/inventory/layer.c
    app/core/inventory/rootfs.c
    app/core/inventory/image.c
    app/core/inventory/collector.c
)

# Platform layer: compiled into ck_core; each file builds only on its OS.
set(CK_PLATFORM_SOURCES
    app/platform/posix.c
    app/platform/win32.c
    app/platform/prompt_posix.c
    app/platform/prompt_win32.c
    app/platform/stream_posix.c
    app/platform/stream_win32.c
    app/platform/process_posix.c
    app/platform/process_win32.c
    app/platform/dir_posix.c
    app/platform/dir_win32.c
    app/platform/proxy.c
    app/platform/proxy_posix.c
    app/platform/proxy_win32.c
)

set(CK_CLI_SOURCES
    app/cli/main.c
    app/cli/cmd_engine.c
    app/cli/cmd_vercmp.c
    app/cli/cmd_db.c
    app/cli/cmd_list.c
)

set(CK_GUI_SOURCES
    app/win/main.c
    app/win/mainwnd.c
    app/win/about.c
    app/win/dpi.c
    resources/app.rc
)
