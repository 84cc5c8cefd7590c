#!/usr/bin/env bash
# fuzz.sh — robustness checks of the core, as TAP:
#   * the core's unit tests under ASan+UBSan   (make unit-asan)      one line per test
#   * the same tests under valgrind            (make unit-valgrind)  one line per test
#   * every libFuzzer target replays its seeds (make fuzz-regress) and is
#     fuzzed for FUZZ_RUNS inputs (60,000)    (make fuzz)           one line per target
#   * gcov coverage of src/core, 95% of lines and 90% of branches (make coverage)  one line
# Run from the repository root (scripts/test.sh does).  Environment:
#   FUZZ_SECONDS, FUZZ_JOBS (parallel make jobs, default 2), CORPUS.
set -uo pipefail
cd "$(dirname "$0")/../.."

FUZZ_SECONDS=${FUZZ_SECONDS:-60}
# Each target fuzzes a fixed number of inputs (FUZZ_RUNS) from a fixed seed,
# so every machine walks the same sequence of inputs to the same end, and
# that whole sequence is checked before a change lands; FUZZ_SECONDS only
# caps a slow machine, which then stops earlier in the same sequence.
# FUZZ_SEED=0 gives a fresh random search; FUZZ_RUNS=-1 runs for
# FUZZ_SECONDS.
FUZZ_SEED=${FUZZ_SEED:-20261123}
FUZZ_RUNS=${FUZZ_RUNS:-60000}
JOBS=${FUZZ_JOBS:-2}
WORK=test/fuzz/artifacts
export FUZZ_SECONDS
n=0; failed=0
ok()     { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }
finish() { echo "1..$n"; [ "$failed" -eq 0 ]; exit $?; }

# the tools: clang-14 with the libFuzzer runtime, valgrind, jq or python3
missing=""
command -v clang-14 >/dev/null || missing="$missing clang-14"
command -v valgrind >/dev/null || missing="$missing valgrind"
command -v gcc      >/dev/null || missing="$missing gcc"
command -v jq >/dev/null || command -v python3 >/dev/null || missing="$missing jq"
if [ -z "$missing" ]; then
  t=$(mktemp -d)
  printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n);\nint LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void) d; (void) n; return 0; }\n' > "$t/f.c"
  clang-14 -fsanitize=fuzzer,address,undefined -o "$t/f" "$t/f.c" >/dev/null 2>&1 \
    || missing="$missing libclang-rt-14-dev(libFuzzer runtime)"
  rm -rf "$t"
fi
if [ -n "$missing" ]; then
  not_ok "tools present (missing:$missing; apt-get install clang-14 libclang-rt-14-dev valgrind jq)"
  finish
fi
ok "tools present (clang-14, libFuzzer runtime, valgrind)"

# The binaries each section must produce: one per test/unit/test_*.c and
# one per test/fuzz/fuzz_*.c.  A section that drops one (it does not
# build) fails for it by name.
unit_tests=$(ls test/unit/test_*.c 2>/dev/null | sed 's|.*/||; s|\.c$||')
targets=$(ls test/fuzz/fuzz_*.c 2>/dev/null | sed 's|.*/||; s|\.c$||')
[ -n "$unit_tests" ] || not_ok "unit tests found (test/unit/test_*.c)"
[ -n "$targets" ] || not_ok "fuzz targets found (test/fuzz/fuzz_*.c)"

# lines "unit-asan: ok <test>" / "unit-asan: FAILED <test> ..." -> TAP, one
# line per expected test; a test without a line did not build or did not run
tapify() {
  local tag=$1 log=$2 line t
  local -A seen=()
  while IFS= read -r line; do
    case "$line" in
      "$tag: ok "*)     t=${line#"$tag: ok "}; ok "$tag $t"; seen[${t%% *}]=1 ;;
      "$tag: FAILED "*) t=${line#"$tag: FAILED "}; not_ok "$tag $t"; seen[${t%% *}]=1 ;;
      *) echo "# $line" ;;
    esac
  done < "$log"
  for t in $unit_tests; do
    [ -n "${seen[$t]:-}" ] || { not_ok "$tag $t: no result (it did not build or did not run)"; grep -F -A5 "$t" "$log" | head -10 | sed 's/^/# /'; }
  done
}

mkdir -p "$WORK"
out=$(mktemp); trap 'rm -f "$out"' EXIT

# 1. ASan + UBSan
make -s -k -j"$JOBS" unit-asan > "$out" 2>&1
tapify unit-asan "$out"

# 2. valgrind (the normal unit test binaries)
make -s -k -j"$JOBS" unit-build > "$out" 2>&1 || sed 's/^/# /' "$out" | tail -20
make -s -k -j"$JOBS" unit-valgrind > "$out" 2>&1
tapify unit-valgrind "$out"

# 3. coverage of the core by the unit tests (gcov), with its thresholds
#    enforced: 95% of lines and 90% of branches in total; every
#    test program must build and pass under coverage too
if make -s coverage COV_FAIL_UNDER_LINES=95 COV_FAIL_UNDER_BRANCHES=90 > "$out" 2>&1; then cov_ok=1; else cov_ok=0; fi
sed 's/^/# /' "$out"
for t in $unit_tests; do
  grep -q "^coverage: FAILED $t " "$out" && not_ok "coverage: $(grep -m1 "^coverage: FAILED $t " "$out" | sed 's/^coverage: FAILED //')"
done
cov_total=$(awk '$1 == "TOTAL" { printf "%s%% of %s lines, %s%% of %s branches", $2, $3, $4, $5 }' "$out")
if [ "$cov_ok" -eq 1 ] && [ -n "$cov_total" ]; then
  ok "coverage of src/core: ${cov_total} (at least 95% and 90%)"
else
  not_ok "coverage of src/core: ${cov_total:-no report} (need at least 95% of lines and 90% of branches, every test program built and passing)"
fi

# 4. fuzz targets: build, replay the committed seeds, fuzz
if ! make -s -k -j"$JOBS" fuzz-build > "$out" 2>&1; then
  sed 's/^/# /' "$out" | tail -30
fi
for t in $targets; do
  rm -f "$WORK/$t.rc" "$WORK/$t".log "$WORK/$t"-crash-* "$WORK/$t"-leak-* "$WORK/$t"-timeout-* "$WORK/$t"-oom-*
  if [ ! -x "test/fuzz/$t.bin" ]; then not_ok "$t builds"; continue; fi
  if make -s "fuzz-regress-$t" > "$out" 2>&1; then
    ok "$t replays its seeds ($(sed -n 's/.*: \([0-9]*\) seeds ok/\1/p' "$out") inputs, regressions included)"
  else
    not_ok "$t replays its seeds"; sed 's/^/# /' "$out" | tail -20
  fi
done
make -s -k -j"$JOBS" fuzz FUZZ_SECONDS="$FUZZ_SECONDS" FUZZ_SEED="$FUZZ_SEED" FUZZ_RUNS="$FUZZ_RUNS" > "$out" 2>&1
for t in $targets; do
  [ -x "test/fuzz/$t.bin" ] || continue
  rc=$(cat "$WORK/$t.rc" 2>/dev/null || echo missing)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$WORK/$t.log" 2>/dev/null | tail -1)
  echo "# $t: ${execs:-0} execs in ${FUZZ_SECONDS} s"
  if [ "$rc" = 0 ] && ! ls "$WORK/$t"-crash-* "$WORK/$t"-leak-* "$WORK/$t"-timeout-* "$WORK/$t"-oom-* >/dev/null 2>&1; then
    ok "$t: no crash in ${execs:-0} runs (seed $FUZZ_SEED, at most $FUZZ_RUNS inputs or ${FUZZ_SECONDS} s)"
  else
    not_ok "$t: fuzzing failed (exit $rc; log $WORK/$t.log)"
    grep -a -E -A20 '^==[0-9]+==ERROR|runtime error|deadly signal|Test unit written' "$WORK/$t.log" 2>/dev/null \
      | head -40 | sed 's/^/# /'
  fi
done
finish
