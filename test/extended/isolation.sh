#!/usr/bin/env bash
# isolation.sh — concurrency of the management functions, as TAP.
# Runs pg_isolation_regress on test/isolation/specs/*.spec against the server
# the PG* variables name (scripts/test.sh runs it inside pg_virtualenv), in a
# database of its own, and compares with test/isolation/expected/*.out.
#   one spec alone:  bash test/extended/isolation.sh quota
set -uo pipefail
cd "$(dirname "$0")/../.."

n=0; failed=0
ok()     { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }

# pg_isolation_regress ships with the PGXS files (postgresql-server-dev-15):
# under the pg_config in PATH (the system's, or a relocated copy such as
# /work/tools/devpg.sh makes), else in the system's /usr/lib/postgresql
REGRESS=
for r in "$(dirname "$(pg_config --pgxs)")/../test/isolation/pg_isolation_regress" \
         "$(pg_config --pkglibdir)/pgxs/src/test/isolation/pg_isolation_regress" \
         "$(pg_config --bindir)/pg_isolation_regress" \
         /usr/lib/postgresql/*/lib/pgxs/src/test/isolation/pg_isolation_regress; do
  if [ -x "$r" ]; then REGRESS=$r; break; fi
done
if [ -z "$REGRESS" ]; then
  not_ok "pg_isolation_regress present (apt-get install postgresql-server-dev-15)"
  echo "1..$n"; exit 1
fi

if [ $# -gt 0 ]; then
  specs=("$@")
else
  # every spec runs, each with its expected output; none is skipped
  specs=()
  for f in test/isolation/specs/*.spec; do
    s=$(basename "$f" .spec)
    [ -f "test/isolation/expected/$s.out" ] || not_ok "isolation $s has test/isolation/expected/$s.out"
    specs+=("$s")
  done
  [ "${#specs[@]}" -gt 0 ] || { not_ok "isolation specs found (test/isolation/specs/*.spec)"; echo "1..$n"; exit 1; }
fi

OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
DB=rsi_isolation_$$
# --use-existing neither creates the database nor loads extensions
createdb "$DB" && psql -X -q -d "$DB" -c 'CREATE EXTENSION redshift_iam' \
  || { not_ok "create database $DB with the extension"; echo "1..$n"; exit 1; }
"$REGRESS" --use-existing --bindir="$(pg_config --bindir)" \
  --inputdir=test/isolation --outputdir="$OUT" --dbname="$DB" \
  "${specs[@]}" > "$OUT/run.log" 2>&1
rc=$?

# PG15 prints "test quota ... ok 812 ms" or "... FAILED"
for s in "${specs[@]}"; do
  if grep -qE "^(test| ) *$s +\.\.\. ok" "$OUT/run.log"; then
    ok "isolation $s"
  else
    not_ok "isolation $s"
  fi
done
if [ "$failed" -ne 0 ] || [ "$rc" -ne 0 ]; then
  sed 's/^/# /' "$OUT/run.log"
  [ -f "$OUT/regression.diffs" ] && sed 's/^/# /' "$OUT/regression.diffs"
  [ "$failed" -ne 0 ] || not_ok "pg_isolation_regress exited with $rc"
fi
dropdb --if-exists "$DB" >/dev/null 2>&1
echo "1..$n"
[ "$failed" -eq 0 ]
