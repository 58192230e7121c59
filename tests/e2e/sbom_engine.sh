#!/usr/bin/env bash
# `ckitty sbom IMAGE` through the engine lists exactly what dpkg-query,
# run inside a container of that same image, says is installed.
# Run inside `e2e-env.sh exec`; "$@" is the ckitty command (and its runner).
set -euo pipefail
image=$CK_E2E_IMAGE_LOCAL
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
docker -H "unix://$CK_E2E_SOCK" run --rm --network none "$image" \
    dpkg-query -W -f '${Package} ${Version} ${source:Package} ${source:Version}\n' | sort >"$work/want"
"$@" sbom "$image" -o "$work/sbom.json"
python3 - "$work/sbom.json" <<'PY' | sort >"$work/got"
import json, sys
for p in json.load(open(sys.argv[1]))["packages"]:
    if p["type"] != "lang":  # dpkg-query knows the OS packages only
        print(p["name"], p["version"], p["source_name"], p["source_version"])
PY
if ! diff -u "$work/want" "$work/got"; then
    echo "FAIL: ckitty sbom $image differs from dpkg-query inside the image"
    exit 1
fi
echo "PASS: $(wc -l <"$work/got") packages, equal to dpkg-query inside $image"
