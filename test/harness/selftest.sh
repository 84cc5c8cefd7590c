#!/usr/bin/env bash
# selftest.sh — scripts/test.sh must not miscount.  Runs the real
# scripts/test.sh (and the real unit-test rule of the Makefile) on a small
# fake repository, with stand-ins for setup.sh, pg_virtualenv, psql and
# pg_regress, once per way a suite can go wrong, and checks the summary
# line, the exit status and the suite's line.  Prints TAP.  Takes seconds.
set -uo pipefail
cd "$(dirname "$0")/../.."
REAL=$(pwd)

n=0; failed=0
ok()     { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }

W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
mkdir -p "$W/bin"

# stand-ins on PATH
cat > "$W/bin/pg_virtualenv" <<'EOF'
#!/usr/bin/env bash
[ "${FAKE_PGV_FAIL:-0}" = 1 ] && { echo "pg_virtualenv: could not create a cluster" >&2; exit 1; }
while [ $# -gt 0 ]; do   # pg_virtualenv's options: -t, and -i/-o/-c/-v with a value
  case $1 in -t|-a|-s) shift ;; -i|-o|-c|-v) shift 2 ;; *) break ;; esac
done
exec "$@"
EOF
cat > "$W/bin/psql" <<'EOF'
#!/usr/bin/env bash
# a pgTAP file's output is its "-- out: " lines, its exit status "-- rc: N"
f=""
while [ $# -gt 0 ]; do [ "$1" = -f ] && f=$2; shift; done
[ -n "$f" ] || exit 0
[ -f "$f" ] || { echo "psql: error: $f: No such file or directory" >&2; exit 1; }
sed -n 's/^-- out: //p' "$f"
exit "$(sed -n 's/^-- rc: //p' "$f" | head -1 | grep . || echo 0)"
EOF
chmod +x "$W/bin/"*
export PATH="$W/bin:$PATH"

# the fake repository, every suite passing: 10 results
fresh() {
  rm -rf "$W/repo"; mkdir -p "$W/repo"/{scripts,sql,test/unit,test/pgtap,test/extended}
  cd "$W/repo"
  cp "$REAL/scripts/test.sh" scripts/test.sh
  printf '#!/usr/bin/env bash\nexit "${FAKE_SETUP_RC:-0}"\n' > scripts/setup.sh
  printf 'echo "ok 1 - lint"\necho "1..1"\n' > scripts/lint.sh
  # the real unit-test rule of the Makefile, with the core left out
  {
    echo 'CORE_CC = gcc'; echo 'CORE_CFLAGS = -std=c11 -Wall -Werror'; echo 'CORE_SRCS ='
    echo 'UNIT_SRCS = $(sort $(wildcard test/unit/test_*.c))'
    echo 'UNIT_BINS = $(UNIT_SRCS:.c=.bin)'
    sed -n '/^\.DELETE_ON_ERROR:/,/^\t\$(CORE_CC)/p' "$REAL/Makefile" | sed 's/ -ljansson//'
    echo 'unit-build: $(UNIT_BINS)'
    printf 'installcheck:\n\t@cat regress.out; exit $$(cat regress.rc)\n'
  } > Makefile
  printf '#include <stdio.h>\nint main(void) { puts("ok 1 - a"); puts("ok 2 - b"); puts("1..2"); return 0; }\n' > test/unit/test_a.c
  echo "SELECT 1;" > sql/10_x.sql
  printf 'test 10_x                         ... ok           5 ms\n' > regress.out; echo 0 > regress.rc
  printf 'SELECT plan(3);\n-- out: 1..3\n-- out: ok 1 - p\n-- out: ok 2 - q\n-- out: ok 3 - r\n' > test/pgtap/10_p.sql
  printf 'echo "ok 1 - e"\necho "ok 2 - f"\necho "1..2"\n' > test/extended/e.sh
  cat > test/suites.list <<'EOF'
# kind path
host     scripts/lint.sh
unit     test/unit/test_a.c
regress  sql/10_x.sql
pgtap    test/pgtap/10_p.sql
ext      test/extended/e.sh
EOF
}
# run [ENV=VALUE ...]: scripts/test.sh in the fake repository
run() { env "$@" bash scripts/test.sh > "$W/out" 2>&1; rc=$?; last=$(tail -1 "$W/out"); }
# expect DESCRIPTION PASSED FAILED [REGEX]: the last line, the exit status,
# and a line of the output matching REGEX
expect() {
  local d=$1 p=$2 f=$3 re=${4:-} why=""
  [ "$last" = "$p passed, $f failed" ] || why="last line \"$last\", want \"$p passed, $f failed\""
  if [ "$f" -eq 0 ]; then [ "$rc" -eq 0 ] || why="$why; exit status $rc, want 0"
  else [ "$rc" -ne 0 ] || why="$why; exit status 0 with failures"; fi
  [ -z "$re" ] || grep -qE -- "$re" "$W/out" || why="$why; no line matching /$re/"
  if [ -z "$why" ]; then ok "$d"; else not_ok "$d (${why#; })"; sed 's/^/#   /' "$W/out" | head -40; fi
}

fresh; run
expect "all suites pass: 10 results, exit 0" 10 0 '^ext e\.sh .* 2 passed, 0 failed \(planned 2\)$'

fresh; : > test/extended/e.sh; run
expect "a suite that runs nothing and exits 0 fails (no plan)" 8 1 '^ext e\.sh .* 0 passed, 1 failed \(planned none\) — no plan line'

fresh; echo 'echo "1..0"' > test/extended/e.sh; run
expect "a suite that plans no tests fails" 8 1 'plans no tests'

fresh; printf 'echo "1..5"\necho "ok 1 - e"\necho "ok 2 - f"\n' > test/extended/e.sh; run
expect "a suite that stops short of its plan: the unrun tests fail" 10 3 'ran 2 of 5 planned'

fresh; printf 'echo "ok 1 - e"\necho "ok 2 - f"\necho "1..1"\n' > test/extended/e.sh; run
expect "a suite that runs more tests than it plans fails" 10 1 'ran 2, planned 1'

fresh; printf 'echo "ok 1 - e"\necho "ok 2 - f"\necho "1..2"\nexit 3\n' > test/extended/e.sh; run
expect "a suite whose results all pass but exits non-zero fails once" 10 1 'exit status 3'

fresh; printf 'echo "1..2"\necho "ok 1 - e"\necho "1..2"\necho "ok 2 - f"\n' > test/extended/e.sh; run
expect "a suite with two plan lines fails" 10 1 '2 plan lines'

fresh; cp test/extended/e.sh test/extended/new.sh; run
expect "a test/extended/*.sh not in the manifest fails" 9 1 'test/extended/new\.sh is not listed'

fresh; echo "ext      test/extended/gone.sh" >> test/suites.list; run
expect "a listed suite that is missing fails (and counts as not run)" 9 2 'test/extended/gone\.sh is listed .* but missing'

fresh; echo "pgtap    test/pgtap/10_p.sql" >> test/suites.list; run
expect "a suite listed twice fails" 12 1 'listed twice'

fresh; echo "unitx    test/unit/test_a.c" >> test/suites.list; run
expect "an unknown kind in the manifest fails" 9 1 "unknown kind 'unitx'"

fresh; make -s unit-build >/dev/null 2>&1
printf '#include <stdio.h>\nint main(void) { return undeclared; }\n' > test/unit/test_a.c; run
expect "a unit test that does not compile fails, its old binary is not run" 8 1 '^unit test_a \(build failed\) +0 passed, 1 failed'
fresh; make -s unit-build >/dev/null 2>&1; touch -d '2000-01-01' test/unit/test_a.bin
printf '#include <stdio.h>\nint main(void) { return undeclared; }\n' > test/unit/test_a.c
make -s unit-build >/dev/null 2>&1
if [ ! -e test/unit/test_a.bin ]; then ok "make unit-build removes the old binary of a test that does not compile"
else not_ok "make unit-build removes the old binary of a test that does not compile"; fi

fresh; printf 'SELECT plan(169);\n-- out: 1..169\n' > test/pgtap/10_p.sql
for i in $(seq 1 107); do echo "-- out: ok $i - t$i"; done >> test/pgtap/10_p.sql
echo "-- rc: 3" >> test/pgtap/10_p.sql; run
expect "an aborted pgTAP file: planned 169, ran 107, 62 failures" 114 62 '^pgtap 10_p .* 107 passed, 62 failed \(planned 169\) — ran 107 of 169 planned'

fresh; printf 'SELECT plan(50);\n-- rc: 3\n' > test/pgtap/10_p.sql; run
expect "a pgTAP file aborted before its plan: its SELECT plan(50) counts" 7 50 '^pgtap 10_p .* 0 passed, 50 failed \(planned 50\)'

fresh; printf 'test 10_x                         ... FAILED       5 ms\n' > regress.out; echo 1 > regress.rc; run
expect "a failing pg_regress test fails" 9 1 '^pg_regress .* 0 passed, 1 failed'

fresh; echo "SELECT 2;" > sql/20_y.sql; echo "regress  sql/20_y.sql" >> test/suites.list; run
expect "a pg_regress test that did not run fails" 10 1 'not ok 2 - 20_y did not run'

fresh; run FAKE_PGV_FAIL=1
expect "pg_virtualenv fails: every cluster suite counts as failed (1 + 3 + 1)" 4 5 'pg_virtualenv failed'

fresh; run FAKE_SETUP_RC=1
expect "setup fails: the cluster suites do not run and count as failed" 4 5 'setup failed'

fresh; printf 'echo "ok 1 - e"\necho "not ok 2 - f"\necho "#   got 1, want 2"\necho "1..2"\nexit 1\n' > test/extended/e.sh; run
expect "a failing test is shown with its diagnostics" 9 1 '^    #   got 1, want 2$'

echo "1..$n"
[ "$failed" -eq 0 ]
