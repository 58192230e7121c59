#!/usr/bin/env bash
# One fuzz target's smoke pass (CTest label fuzz):
#   smoke.sh <fuzz executable> <seed corpus dir> <scratch dir> <runs>
# Every seed input is run, then <runs> mutations with a fixed seed. The seed
# corpus is only read: libFuzzer writes the inputs it finds into the first
# corpus folder it is given, which here is the emptied scratch folder (crash
# inputs go there too). Exit status: libFuzzer's (non-zero on a crash, a leak,
# a timeout or a failed check of the target).
set -uo pipefail
if [ $# -ne 4 ]; then
    echo "usage: smoke.sh FUZZER CORPUS SCRATCH RUNS" >&2
    exit 2
fi
fuzzer=$1 corpus=$2 scratch=$3 runs=$4
if [ ! -d "$corpus" ] || [ -z "$(ls -A "$corpus")" ]; then
    echo "[!] no seed corpus in $corpus" >&2
    exit 1
fi
rm -rf "$scratch"
mkdir -p "$scratch/new" "$scratch/artifacts"
# -max_len: room beyond the largest seed for mutations that grow an input.
max=$(find "$corpus" -type f -printf '%s\n' | sort -n | tail -1)
"$fuzzer" -runs="$runs" -seed=1 -timeout=20 -rss_limit_mb=2048 -max_len=$((max + 4096)) \
    -print_final_stats=1 -artifact_prefix="$scratch/artifacts/" "$scratch/new" "$corpus" 2>"$scratch/log"
status=$?
# The summary lines only, unless it failed.
if [ $status -ne 0 ]; then
    cat "$scratch/log"
    echo "[!] $(basename "$fuzzer") failed (exit $status); inputs in $scratch/artifacts" >&2
else
    grep -E '^(INFO: seed corpus|#[0-9]+ +(INITED|DONE)|stat::number_of_executed_units|stat::peak_rss_mb)' "$scratch/log"
fi
exit $status
