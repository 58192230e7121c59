#!/usr/bin/env bash
# A fuzzing campaign: every fuzz target for SECONDS each, one after the
# other, from its seed corpus, then a table of what each reached:
#
#   tests/fuzz/campaign.sh SECONDS [TARGET...]
#
# Builds the fuzz targets first (build/fuzz, as the test command does). The
# seed corpus is only read; what a target finds goes to
# build/fuzz/campaign/<target>/new (kept between campaigns and read again by
# the next one), a crash input to build/fuzz/campaign/<target>/artifacts/.
# Columns: cov (coverage edges) and ft (features) from libFuzzer's last status
# line, execs (stat::number_of_executed_units), execs/s, result. Exit status
# non-zero when a target crashed.
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
if [ $# -lt 1 ] || ! [ "$1" -gt 0 ] 2>/dev/null; then
    echo "usage: campaign.sh SECONDS [TARGET...]" >&2
    exit 2
fi
seconds=$1
shift
build=$root/build/fuzz
cmake -S "$root" -B "$build" -G Ninja -DCK_FUZZ=ON -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug >/dev/null || exit 2
cmake --build "$build" --target fuzz_all -j "${CK_JOBS:-2}" >/dev/null || exit 2

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then # every target built
    for exe in "$build"/tests/fuzz/fuzz_*; do
        [ -x "$exe" ] && targets+=("${exe##*/fuzz_}")
    done
fi

status=0
rows=()
for t in "${targets[@]}"; do
    exe=$build/tests/fuzz/fuzz_$t
    dir=$build/campaign/$t
    if [ ! -x "$exe" ] || [ ! -d "$root/tests/fuzz/corpus/$t" ]; then
        echo "[!] no target fuzz_$t with a corpus tests/fuzz/corpus/$t" >&2
        status=1
        continue
    fi
    mkdir -p "$dir/new" "$dir/artifacts"
    echo "[*] fuzz_$t: ${seconds} s" >&2
    max=$(find "$root/tests/fuzz/corpus/$t" -type f -printf '%s\n' | sort -n | tail -1)
    "$exe" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -max_len=$((max + 4096)) \
        -print_final_stats=1 -artifact_prefix="$dir/artifacts/" \
        "$dir/new" "$root/tests/fuzz/corpus/$t" >"$dir/log" 2>&1
    rc=$?
    # the last status line: "#123456 REDUCE cov: 812 ft: 3011 corp: ..."
    last=$(grep -E '^#[0-9]+[[:space:]]' "$dir/log" | tail -1)
    cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$last")
    ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$last")
    execs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+)/\1/p' "$dir/log")
    rate=$(sed -nE 's/^stat::average_exec_per_sec: *([0-9]+)/\1/p' "$dir/log")
    result=ok
    if [ $rc -ne 0 ]; then
        result="CRASH (exit $rc, see $dir/log)"
        status=1
    fi
    rows+=("$(printf '%-10s %7s %8s %12s %9s  %s' "$t" "${cov:-?}" "${ft:-?}" "${execs:-?}" "${rate:-?}" "$result")")
done

printf '%-10s %7s %8s %12s %9s  %s\n' target cov ft execs execs/s result
printf '%s\n' "${rows[@]}"
exit $status
