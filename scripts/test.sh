#!/usr/bin/env bash
# test.sh — install what is missing, build, and run every test suite that
# test/suites.list names: lint and the other host suites, the core unit
# tests, then pg_regress, pgTAP and test/extended/*.sh in one throwaway
# cluster (pg_virtualenv).  The last line is "N passed, N failed"; the exit
# status is 0 only if nothing failed.
#
# A result is a TAP line "ok N" or "not ok N".  Besides its "not ok" lines a
# suite counts as failed:
#   * a file of test/unit/test_*.c, sql/*.sql, test/pgtap/*.sql or
#     test/extended/*.sh missing from test/suites.list, or a listed file
#     that is missing (suite "suites.list");
#   * a suite that did not run (its build failed, the setup failed, or
#     pg_virtualenv failed): all of its planned tests when the plan is known
#     beforehand (pgTAP's SELECT plan(N), pg_regress), else one;
#   * a suite that printed no plan line "1..N", more than one, or "1..0";
#   * the tests a suite planned and did not run (planned - ran), and the
#     tests it ran beyond its plan;
#   * a non-zero exit status without any other failure: one.
# Each suite prints "name  P passed, F failed (planned N)"; a failing one
# is followed by its "not ok" lines and the end of its output.
#
# Inside pg_virtualenv this script runs itself as
#   scripts/test.sh --server OUT
# which only runs the cluster suites, writing OUT/<suite>.tap and .rc.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
export CORPUS=${CORPUS:-$ROOT/../shared/corpus}
MANIFEST=test/suites.list

# manifest: "KIND PATH" per suite, comments and blank lines dropped
manifest() { sed -e 's/#.*//' -e 's/[[:space:]]\+/ /g' -e 's/^ //' -e 's/ $//' "$MANIFEST" | grep -v '^$'; }
# suite_id KIND PATH: a file name for its output
suite_id() { printf '%s_%s' "$1" "$2" | tr -c 'A-Za-z0-9_.-' '_'; }
# suite_name KIND PATH: what the summary shows
suite_name() {
  case $1 in
    host|ext) printf '%s %s' "$1" "$(basename "$2")" ;;
    *)        printf '%s %s' "$1" "$(basename "$2" | sed 's/\.[a-z]*$//')" ;;
  esac
}

# ---- inside the throwaway cluster ----
if [ "${1:-}" = --server ]; then
  OUT=$2
  : > "$OUT/server.started"
  if grep -q '^regress ' <<<"$(manifest)"; then
    make -s installcheck > "$OUT/regress.log" 2>&1; echo $? > "$OUT/regress.rc"
    [ -f regression.diffs ] && cp regression.diffs "$OUT/regression.diffs"
  fi
  psql -X -q -c "CREATE EXTENSION IF NOT EXISTS pgtap" postgres > "$OUT/pgtap-ext.log" 2>&1
  manifest | while read -r kind path; do
    id=$(suite_id "$kind" "$path")
    start=$(date +%s)
    case $kind in
      pgtap)
        # what pg_prove runs, without pg_prove: every TAP line stays visible
        psql -X -q -A -t --pset pager=off -v ON_ERROR_STOP=1 -d postgres -f "$path" \
          > "$OUT/$id.tap" 2>&1 < /dev/null ;;
      ext)
        bash "$path" > "$OUT/$id.tap" 2>&1 < /dev/null ;;
      *) continue ;;
    esac
    echo $? > "$OUT/$id.rc"
    echo $(( $(date +%s) - start )) > "$OUT/$id.time"
  done
  exit 0
fi

OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
passed=0; failed=0

# tally FILE RC NAME [STATIC_PLAN]: count one suite's TAP output.  RC is
# "none" when the suite did not run; STATIC_PLAN is its plan when known
# without running it.
tally() {
  local f=$1 rc=$2 name=$3 static=${4:-} p=0 n=0 ran plans planned extra=0 notes=""
  [ -f "$f" ] || : > "$f"
  if [ "$rc" = none ]; then
    extra=${static:-1}; [ "$extra" -gt 0 ] || extra=1
    notes="did not run"
    planned=${static:-?}
  else
    # top-level results only (subtests are indented)
    p=$(grep -cE '^ok [0-9]+' "$f"); n=$(grep -cE '^not ok [0-9]+' "$f")
    ran=$((p + n))
    plans=$(grep -cE '^1\.\.[0-9]+' "$f")
    planned=$(grep -m1 -oE '^1\.\.[0-9]+' "$f" | sed 's/^1\.\.//')
    if [ "$plans" -gt 1 ]; then extra=$((extra + 1)); notes="$notes; $plans plan lines"; fi
    if [ -z "$planned" ]; then
      notes="$notes; no plan line 1..N"
      if [ -n "$static" ] && [ "$ran" -lt "$static" ]; then planned=$static   # counted below
      else extra=$((extra + 1)); planned=${static:-none}; fi
    fi
    if [ "$planned" != none ]; then
      if [ "$planned" -eq 0 ]; then extra=$((extra + 1)); notes="$notes; plans no tests"
      elif [ "$ran" -lt "$planned" ]; then
        extra=$((extra + planned - ran)); notes="$notes; ran $ran of $planned planned"
      elif [ "$ran" -gt "$planned" ]; then
        extra=$((extra + ran - planned)); notes="$notes; ran $ran, planned $planned"
      fi
    fi
    if [ "$rc" -ne 0 ] && [ "$n" -eq 0 ] && [ "$extra" -eq 0 ]; then
      extra=1; notes="$notes; exit status $rc"
    elif [ "$rc" -ne 0 ]; then notes="$notes; exit status $rc"
    fi
  fi
  n=$((n + extra))
  passed=$((passed + p)); failed=$((failed + n))
  printf '%-36s %5d passed, %d failed (planned %s)%s\n' "$name" "$p" "$n" "$planned" \
    "${notes:+ — ${notes#; }}"
  if [ "$n" -ne 0 ]; then
    if [ "$(wc -l < "$f")" -le 15 ]; then sed 's/^/    /' "$f"
    else
      grep -E -A3 '^not ok [0-9]+' "$f" | head -40 | sed 's/^/    /'
      echo "    ---- end of output:"; tail -8 "$f" | sed 's/^/    /'
    fi
  fi
}

if [ ! -f "$MANIFEST" ]; then
  echo "$MANIFEST is missing"; echo "0 passed, 1 failed"; exit 1
fi

setup_ok=1
bash scripts/setup.sh > "$OUT/setup.log" 2>&1 || { setup_ok=0; echo "setup failed (the cluster suites do not run):"; tail -20 "$OUT/setup.log"; }

# ---- the manifest against the files present ----
{
  bad=0
  while read -r kind path; do
    case $kind in
      host|unit|regress|pgtap|ext) ;;
      *) echo "not ok - $MANIFEST: unknown kind '$kind' for $path"; bad=$((bad + 1)); continue ;;
    esac
    [ -f "$path" ] || { echo "not ok - $path is listed in $MANIFEST but missing"; bad=$((bad + 1)); }
  done < <(manifest)
  # read once: "manifest | grep -q" under pipefail failed whenever grep
  # stopped reading before sed had written its last block (SIGPIPE), which
  # a manifest longer than one pipe write made happen to listed files
  listed=$(manifest)
  for pair in "unit:test/unit/test_*.c" "regress:sql/*.sql" "pgtap:test/pgtap/*.sql" "ext:test/extended/*.sh"; do
    kind=${pair%%:*}
    for path in ${pair#*:}; do
      [ -f "$path" ] || continue
      grep -qxF "$kind $path" <<<"$listed" \
        || { echo "not ok - $path is not listed in $MANIFEST (add the line: $kind $path)"; bad=$((bad + 1)); }
    done
  done
  dups=$(sort <<<"$listed" | uniq -d)
  [ -z "$dups" ] || { echo "not ok - listed twice in $MANIFEST: $dups"; bad=$((bad + 1)); }
  [ "$bad" -eq 0 ] && echo "ok - every suite file is listed and every listed file exists"
  echo "1..$(( bad > 0 ? bad : 1 ))"
} | awk '/^(not )?ok - / { sub(/ok - /, "ok " ++i " - ") } { print }' > "$OUT/manifest.tap"
tally "$OUT/manifest.tap" 0 "suites.list"

# ---- host suites, in manifest order ----
while read -r kind path; do
  [ "$kind" = host ] || continue
  id=$(suite_id "$kind" "$path")
  start=$(date +%s)
  bash "$path" > "$OUT/$id.tap" 2>&1 < /dev/null; rc=$?
  tally "$OUT/$id.tap" "$rc" "$(suite_name "$kind" "$path") ($(( $(date +%s) - start )) s)"
done < <(manifest)

# ---- unit tests: fresh binaries only; a test that does not build fails ----
if grep -q '^unit ' <<<"$(manifest)"; then
  rm -f test/unit/*.bin
  make -s -k -j2 unit-build > "$OUT/unit-build.log" 2>&1
  while read -r kind path; do
    [ "$kind" = unit ] || continue
    id=$(suite_id "$kind" "$path"); bin=${path%.c}.bin
    if [ -x "$bin" ]; then
      "./$bin" "$CORPUS" > "$OUT/$id.tap" 2>&1 < /dev/null; rc=$?
      tally "$OUT/$id.tap" "$rc" "$(suite_name "$kind" "$path")"
    else
      { echo "not ok 1 - $path builds"; grep -F -A5 "$(basename "$path")" "$OUT/unit-build.log" | head -20 | sed 's/^/# /'; } > "$OUT/$id.tap"
      tally "$OUT/$id.tap" none "$(suite_name "$kind" "$path") (build failed)"
    fi
  done < <(manifest)
fi

# ---- the cluster suites, in one throwaway cluster (-t: private temp dir) ----
if [ "$setup_ok" -eq 1 ]; then
  pg_virtualenv -t -i --encoding=UTF8 bash "$ROOT/scripts/test.sh" --server "$OUT" > "$OUT/pgv.log" 2>&1; pgv_rc=$?
  if [ "$pgv_rc" -ne 0 ] || [ ! -f "$OUT/server.started" ]; then
    echo "pg_virtualenv failed (exit $pgv_rc); suites without a result count as failed:"
    tail -20 "$OUT/pgv.log" | sed 's/^/    /'
  fi
fi

# pg_regress (PG15 prints "test NAME ... ok 12 ms" or "... FAILED"): one
# result per listed test, in one suite
regress=$(manifest | awk '$1 == "regress" { print $2 }')
if [ -n "$regress" ]; then
  nreg=$(printf '%s\n' "$regress" | wc -l)
  if [ -f "$OUT/regress.rc" ]; then
    i=0
    for path in $regress; do
      t=$(basename "$path" .sql); i=$((i + 1))
      if grep -qE "^(test| ) *$t +\.\.\. ok" "$OUT/regress.log"; then echo "ok $i - $t"
      elif grep -qE "^(test| ) *$t +\.\.\. " "$OUT/regress.log"; then echo "not ok $i - $t"
      else echo "not ok $i - $t did not run"; fi
    done > "$OUT/regress.tap"
    echo "1..$nreg" >> "$OUT/regress.tap"
    tally "$OUT/regress.tap" "$(cat "$OUT/regress.rc")" "pg_regress" "$nreg"
    if [ "$(cat "$OUT/regress.rc")" -ne 0 ]; then
      tail -20 "$OUT/regress.log" | sed 's/^/    /'
      [ -f "$OUT/regression.diffs" ] && head -100 "$OUT/regression.diffs" | sed 's/^/    /'
    fi
  else
    tally "$OUT/regress.tap" none "pg_regress" "$nreg"
  fi
fi

while read -r kind path; do
  case $kind in pgtap|ext) ;; *) continue ;; esac
  id=$(suite_id "$kind" "$path"); static=""
  [ "$kind" = pgtap ] && static=$(grep -m1 -oE 'plan\( *[0-9]+ *\)' "$path" 2>/dev/null | tr -dc 0-9)
  name=$(suite_name "$kind" "$path")
  [ -f "$OUT/$id.time" ] && name="$name ($(cat "$OUT/$id.time") s)"
  if [ -f "$OUT/$id.rc" ]; then
    tally "$OUT/$id.tap" "$(cat "$OUT/$id.rc")" "$name" "$static"
  else
    tally "$OUT/$id.tap" none "$name" "$static"
  fi
done < <(manifest)

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
