#!/usr/bin/env bash
# pgtap_recipe.sh — docs/pgtap.md's recipe works as written.  The SQL block
# after "<!-- pgtap_recipe.sh: recipe -->" is written to
# t/redshift_preflight.sql in a scratch directory and run, unchanged, by
# pg_prove -v (psql -f when pg_prove is missing) from that directory, with
# etl/nightly.sql a script that may run, then one that may not; the failure
# output must be the one the document shows (after the "failure" marker, the
# database user's name aside), and no secret of the script may appear in it.
# A script over 128 KiB (too long for psql -v script="$(cat f)") goes through
# the recipe's \set too.
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/extended/lib/common.bash

DOC=docs/pgtap.md
# block NAME: the fenced block after "<!-- pgtap_recipe.sh: NAME -->"
block() {
  python3 - "$1" "$DOC" <<'PY'
import re, sys
text = open(sys.argv[2], encoding="utf-8").read()
m = re.search(r"<!-- pgtap_recipe\.sh: %s -->\s*```[a-z]*\n(.*?)```" % re.escape(sys.argv[1]), text, re.S)
sys.stdout.write(m.group(1) if m else "")
PY
}

fresh_db rsi_pgtap_recipe
sql "$DB" -c "ALTER DATABASE $DB SET redshift_iam.account_id = '123456789012'" \
          -c "ALTER DATABASE $DB SET redshift_iam.region = 'us-east-1'" \
          -c "ALTER DATABASE $DB SET redshift_iam.apply_delay = 0" >/dev/null
sql "$DB" >/dev/null <<'SQL' || { not_ok "set up the catalog"; finish; }
CREATE EXTENSION pgtap;
CREATE EXTENSION redshift_iam;
SELECT redshift_iam.create_cluster('my-redshift-cluster', 'ra3.xlplus', 2,
         ARRAY['arn:aws:iam::123456789012:role/RedshiftCopyUnload']);
SQL
ok "a catalog with my-redshift-cluster and pgTAP"

T=$(mktemp -d); on_exit "rm -rf '$T'"
mkdir -p "$T/t" "$T/etl"
recipe=$(block recipe)
want_fail=$(block failure)
check "docs/pgtap.md has the recipe block" [ -n "$recipe" ]
check "docs/pgtap.md has the failure block" [ -n "$want_fail" ]
printf '%s' "$recipe" > "$T/t/redshift_preflight.sql"
check "the recipe reads the script with \\set and a backtick" grep -q '^\\set script `cat etl/nightly.sql`$' "$T/t/redshift_preflight.sql"

# run_recipe: run the recipe from $T as the document says; output in $T/out, status in $rc
run_recipe() {
  if command -v pg_prove >/dev/null; then
    (cd "$T" && pg_prove -v -d "$DB" t/redshift_preflight.sql) > "$T/out" 2>&1; rc=$?
  else
    (cd "$T" && psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$DB" -f t/redshift_preflight.sql) > "$T/out" 2>&1; rc=$?
    grep -q '^not ok' "$T/out" && rc=1
  fi
}

# ---- a script that may run: a comment, another statement, an allowed COPY and UNLOAD ----
cat > "$T/etl/nightly.sql" <<'SQL'
-- nightly load
TRUNCATE staging.sales;
COPY staging.sales FROM 's3://acme-dw/sales/' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload' FORMAT AS PARQUET;
UNLOAD ('select * from sales') TO 's3://acme-dw/out/'
  IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload';
SQL
run_recipe
if [ "$rc" -eq 0 ] && grep -q '^ok 1 - etl/nightly.sql may run on my-redshift-cluster' "$T/out" \
   && grep -q '^ok 2 - etl/nightly.sql: no statement would be refused' "$T/out"; then
  ok "a script that may run: the recipe passes, both tests ok"
else
  not_ok "a script that may run: the recipe passes, both tests ok (exit $rc)"; diag < "$T/out"
fi

# ---- a script that may not: 5 statements, 2 refused, the first at its IAM_ROLE on line 4 ----
cat > "$T/etl/nightly.sql" <<'SQL'
TRUNCATE staging.sales;
COPY staging.sales
  FROM 's3://acme-dw/sales/'
  IAM_ROLE 'arn:aws:iam::123456789012:role/Unknown';
COPY staging.sales FROM 's3://acme-dw/sales/' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload';
COPY staging.keys FROM 's3://acme-dw/k/' ACCESS_KEY_ID 'ASIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEKEYSECRET' SESSION_TOKEN 'FwoGZXIvYXdzTOKENSECRET' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopyUnload';
ANALYZE staging.sales
SQL
run_recipe
if [ "$rc" -ne 0 ] && grep -q '^not ok 1 - etl/nightly.sql may run on my-redshift-cluster' "$T/out" \
   && grep -q '^not ok 2 - etl/nightly.sql: no statement would be refused' "$T/out"; then
  ok "a script that may not run: the recipe fails, both tests not ok"
else
  not_ok "a script that may not run: the recipe fails, both tests not ok (exit $rc)"; diag < "$T/out"
fi
user=$(sql "$DB" -c "SELECT current_user")
got_fail=$(sed -n '/^not ok 2 /,/HINT:/p' "$T/out" | sed "s|dbuser:my-redshift-cluster/$user |dbuser:my-redshift-cluster/postgres |")
is "the failure output is the one docs/pgtap.md shows" "$got_fail" "${want_fail%$'\n'}"
if grep -qE 'KEYSECRET|TOKENSECRET' "$T/out"; then
  not_ok "no secret of the script in the recipe's output"; grep -E 'KEYSECRET|TOKENSECRET' "$T/out" | cut -c1-200 | diag
else
  ok "no secret of the script in the recipe's output"
fi

# ---- the document's other two assertions, on the same refused script ----
list=$(block list); refused=$(block refused)
check "docs/pgtap.md has the list and refused blocks" [ -n "$list" -a -n "$refused" ]
{ printf '\\set script `cat etl/nightly.sql`\nBEGIN;\nSELECT plan(2);\n'
  printf '%s' "$list"; printf '%s' "$refused"
  printf 'SELECT * FROM finish();\nROLLBACK;\n'; } > "$T/t/redshift_preflight.sql"
run_recipe
if grep -q '^not ok 1 - etl/nightly.sql: no statement would be refused' "$T/out" \
   && grep -q '^ok 2 ' "$T/out" && grep -q '^# *(2,4,3,"IAM role ' "$T/out"; then
  ok "the is_empty block lists the refusals (statement 2 at line 4, column 3); the throws_like block passes"
else
  not_ok "the is_empty block lists the refusals; the throws_like block passes"; diag < "$T/out"
fi
printf '%s' "$recipe" > "$T/t/redshift_preflight.sql"

# ---- a script over 128 KiB: \set reads it; psql -v would not get it through the shell ----
{ cat "$T/etl/nightly.sql"; echo ';'; for i in $(seq 1 3000); do
    printf 'INSERT INTO staging.log VALUES (%d, %s);\n' "$i" "'padding padding padding padding'"; done; } > "$T/big.sql"
mv "$T/big.sql" "$T/etl/nightly.sql"
check "the long script is over 128 KiB" [ "$(stat -c %s "$T/etl/nightly.sql")" -gt 131072 ]
run_recipe
if [ "$rc" -ne 0 ] && grep -q '2 of 3005 statements would be refused; first at line 4, column 3' "$T/out"; then
  ok "a script over 128 KiB: the recipe reads it whole (2 of 3005 statements refused)"
else
  not_ok "a script over 128 KiB: the recipe reads it whole (exit $rc)"; tail -8 "$T/out" | cut -c1-300 | diag
fi

finish
