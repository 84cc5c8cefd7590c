#!/usr/bin/env bash
# test.sh — install what is missing, build, and run every test suite:
# lint, core unit tests, pg_regress and pgTAP (in a throwaway cluster).
# The last line is "N passed, N failed"; the exit status is 0 only if
# nothing failed.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
CORPUS=${CORPUS:-$ROOT/../shared/corpus}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

bash scripts/setup.sh || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }

passed=0; failed=0
# count TAP lines in file $1; a suite that exits non-zero without a
# "not ok" line (a crash, a bad plan) counts as one more failure
tally() {
  local f=$1 rc=$2 p n
  p=$(grep -cE '^[[:space:]]*ok [0-9]+' "$f" || true)
  n=$(grep -cE '^[[:space:]]*not ok [0-9]+' "$f" || true)
  if [ "$rc" -ne 0 ] && [ "$n" -eq 0 ]; then n=1; fi
  passed=$((passed + p)); failed=$((failed + n))
  printf '%-28s %5d passed, %d failed\n' "$3" "$p" "$n"
  if [ "$n" -ne 0 ]; then grep -E -A3 '^[[:space:]]*not ok' "$f" | head -40; tail -5 "$f"; fi
}

bash scripts/lint.sh > "$OUT/lint.tap" 2>&1; tally "$OUT/lint.tap" $? "lint"

make -s unit-build >/dev/null 2>"$OUT/unit-build.log" || { cat "$OUT/unit-build.log"; }
for t in test/unit/test_*.bin; do
  [ -x "$t" ] || continue
  "./$t" "$CORPUS" > "$OUT/unit.tap" 2>&1; tally "$OUT/unit.tap" $? "unit $(basename "$t" .bin)"
done
for t in test/unit/test_*.c; do
  [ -x "${t%.c}.bin" ] || { echo "not ok 1 - $t did not build" > "$OUT/b.tap"; tally "$OUT/b.tap" 1 "build $(basename "$t")"; }
done

# server suites in one throwaway cluster (pg_virtualenv -t: private temp dir)
PGV_SCRIPT='
  make -s installcheck > "$OUT/regress.log" 2>&1; echo $? > "$OUT/regress.rc"
  psql -X -q -c "CREATE EXTENSION IF NOT EXISTS pgtap" postgres >/dev/null
  pg_prove -d postgres --ext .sql -v test/pgtap/ > "$OUT/pgtap.tap" 2>&1; echo $? > "$OUT/pgtap.rc"
  for s in test/extended/*.sh; do [ -f "$s" ] && bash "$s" > "$OUT/ext-$(basename "$s").tap" 2>&1; echo $? > "$OUT/ext-$(basename "$s").rc"; done
  true'
OUT="$OUT" pg_virtualenv -t sh -c "$PGV_SCRIPT" > "$OUT/pgv.log" 2>&1 || cat "$OUT/pgv.log"

# pg_regress (PG15) prints "test name ... ok" / "... FAILED"
if [ -f "$OUT/regress.log" ]; then
  sed -nE 's/^(test| ) *([^ ]+) +\.\.\. ok.*/ok 1 - \2/p; s/^(test| ) *([^ ]+) +\.\.\. FAILED.*/not ok 1 - \2/p' \
    "$OUT/regress.log" > "$OUT/regress.tap"
  tally "$OUT/regress.tap" "$(cat "$OUT/regress.rc")" "pg_regress"
  [ "$(cat "$OUT/regress.rc")" -eq 0 ] || { cat "$OUT/regress.log"; [ -f regression.diffs ] && head -100 regression.diffs; }
else
  echo "not ok 1 - pg_regress did not run" > "$OUT/x.tap"; tally "$OUT/x.tap" 1 "pg_regress"
fi
if [ -f "$OUT/pgtap.tap" ]; then
  tally "$OUT/pgtap.tap" "$(cat "$OUT/pgtap.rc")" "pgTAP"
else
  echo "not ok 1 - pgTAP did not run" > "$OUT/x.tap"; tally "$OUT/x.tap" 1 "pgTAP"
fi
for f in "$OUT"/ext-*.tap; do
  [ -f "$f" ] || continue
  tally "$f" "$(cat "${f%.tap}.rc")" "$(basename "$f" .tap)"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
