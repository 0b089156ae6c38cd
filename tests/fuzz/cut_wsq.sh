#!/usr/bin/env bash
# cut_wsq.sh IN_DIR OUT_DIR: writes each WSQ image found in IN_DIR's files
# (from an SOI marker FFA0 to the next EOI FFA1) to OUT_DIR as its own seed.
# Coded data stuffs every FF as FF 00, so FFA1 inside an image is its EOI.
set -euo pipefail
in=$1 out=$2
for file in "$in"/*; do
  [[ -f $file ]] || continue
  n=0
  while IFS=: read -r start _; do
    end=$(dd if="$file" iflag=skip_bytes skip="$start" status=none | LC_ALL=C grep -obUaP '\xff\xa1' |
      head -n1 | cut -d: -f1) || true
    [[ -n $end ]] || continue
    n=$((n + 1))
    dd if="$file" iflag=skip_bytes,count_bytes skip="$start" count="$((end + 2))" status=none \
      of="$out/$(basename "$file").$n.wsq"
  done < <(LC_ALL=C grep -obUaP '\xff\xa0' "$file" || true)
done
