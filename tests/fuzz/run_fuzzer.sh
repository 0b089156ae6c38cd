#!/usr/bin/env bash
# run_fuzzer.sh FUZZER SEED_DIR SECONDS: a short libFuzzer run for CI. New
# inputs land in a temporary folder; a crash leaves its reproducer in the
# test's working folder and fails the test.
set -euo pipefail
fuzzer=$1 seeds=$2 seconds=$3
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
"$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "$scratch" "$seeds"
