#!/usr/bin/env bash
# run_fuzzer.sh FUZZER SEED_DIR SECONDS [SOURCE...]: a short libFuzzer run for
# CI. Each SOURCE adds seeds read in place (the shared NIST data is never
# copied into the tree):
#   DIR           every file in DIR
#   wsq-from:DIR  each WSQ image (FFA0 ... FFA1) cut out of the files in DIR
# A SOURCE that does not exist is named and skipped, so a checkout without
# ../shared/data still fuzzes its own seeds. New inputs land in a temporary
# folder; a crash leaves its reproducer in the working folder and fails.
set -euo pipefail
fuzzer=$1 seeds=$2 seconds=$3
shift 3
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
here=$(dirname "$0")
extra=()
for source in "$@"; do
  case $source in
    wsq-from:*)
      dir=${source#wsq-from:}
      if [[ -d $dir ]]; then
        mkdir -p "$scratch/wsq"
        "$here/cut_wsq.sh" "$dir" "$scratch/wsq"
        extra+=("$scratch/wsq")
      else
        echo "run_fuzzer: no folder $dir; its WSQ seeds are skipped" >&2
      fi ;;
    *)
      if [[ -d $source ]]; then extra+=("$source"); else echo "run_fuzzer: no folder $source; skipped" >&2; fi ;;
  esac
done
mkdir -p "$scratch/new"
"$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  "$scratch/new" "$seeds" "${extra[@]}"
