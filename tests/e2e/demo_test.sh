#!/usr/bin/env bash
# Runs toolchain/demo on an existing build and checks what a user would see.
set -uo pipefail
demo=$1
build_dir=$2
out=$(mktemp)
trap 'rm -f "$out"' EXIT

# Other tests may run their own pcscd or registry-sim at the same time, so
# leftovers are recognised by a tag in the environment the demo passes on.
tag="station-demo-$$-$RANDOM"
STATION_DEMO_TAG=$tag "$demo" --build-dir "$build_dir" >"$out" 2>&1
rc=$?
cat "$out"
failures=0
fail() { echo "e2e_demo: $*" >&2; failures=$((failures + 1)); }

[[ $rc -eq 0 ]] || fail "demo exited $rc"
grep -q '^Reader: ' "$out" || fail "no reader line"
grep -Eq '^ATR: +3B[0-9A-F]+' "$out" || fail "no ATR line"
grep -q 'SELECT eMRTD application' "$out" || fail "no SELECT exchange"
grep -Eq '< [0-9A-F]{16} 9000 success' "$out" || fail "no 8-byte GET CHALLENGE answer with 9000"
grep -q 'Officer TECH-01 (Trần Thị Bình, technician) can log in' "$out" || fail "no technician account"
grep -q 'Logged in: Trần Thị Bình (TECH-01, technician)' "$out" || fail "the technician did not log in to add the officer"
grep -q 'Logged in: Nguyễn Văn Cường (CA-0412, officer)' "$out" || fail "the officer did not log in to enroll"
[[ $(grep -Ec '^    finger ([1-9]|10) \([a-z ]+\) captured, quality [0-9]+$' "$out") -eq 10 ]] ||
  fail "not ten rolled fingers with their quality"
grep -q 'read back through PACE as a citizen.s reader: every file matches' "$out" || fail "the card was not read back"
grep -Eq '^Dossier [0-9a-f-]+ is personalized and queued for sync\.$' "$out" || fail "no dossier enrolled with its card"
grep -Eq '^Peak resident memory of this enrollment: [0-9]+ MiB$' "$out" || fail "no peak memory figure"
grep -q 'Card verified: Passive, Chip and Active Authentication pass' "$out" || fail "the card did not verify"
grep -q 'Receipt for batch field-01-000001' "$out" || fail "no receipt from the registry shown"
grep -q '1 dossier accepted, 0 rejected' "$out" || fail "the receipt does not accept the enrolled dossier"
grep -q '^Time by phase:' "$out" || fail "no time by phase"
grep -q 'Demo finished' "$out" || fail "demo did not finish"
sleep 0.2
for environ in /proc/[0-9]*/environ; do
  pid=${environ#/proc/}; pid=${pid%/environ}
  [[ $pid == "$$" ]] && continue
  if { tr '\0' '\n' <"$environ"; } 2>/dev/null | grep -qx "STATION_DEMO_TAG=$tag"; then
    fail "a process the demo started is still running: $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)"
  fi
done
[[ $failures -eq 0 ]] && echo "e2e_demo: ok"
exit $((failures == 0 ? 0 : 1))
