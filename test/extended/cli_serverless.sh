#!/usr/bin/env bash
# cli_serverless.sh — redshift-iam-check on Redshift Serverless input, as TAP.
#
# Fixtures are list-namespaces and list-workgroups output as the AWS CLI
# prints it (iamRoles as IamRole(...) strings in both key orders, and a
# plain ARN of older output); --cluster names a namespace or a workgroup, by
# name or ARN.  Expected text output is in test/cli/expected/serverless.txt.
# When a server is at hand (PG* set), the same documents imported with
# import_namespaces() give the same verdicts from validate_script().
set -uo pipefail
cd "$(dirname "$0")/../.."

n=0; failed=0
ok()     { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }
check()  { local name=$1; shift; if "$@"; then ok "$name"; else not_ok "$name"; fi; }
finish() { echo "1..$n"; [ "$failed" -eq 0 ]; exit $?; }

make -s redshift-iam-check >/dev/null 2>&1
BIN=$(pwd)/redshift-iam-check
FX=test/cli/fixtures
SQL=test/cli/sql
EXP=test/cli/expected
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
if [ ! -x "$BIN" ]; then not_ok "redshift-iam-check builds"; finish; fi
ok "redshift-iam-check builds"

run() { "$BIN" "$@" > "$T/out" 2> "$T/err"; rc=$?; }
ns() { run --db-user etl --clusters "$FX/list-namespaces.json" --clusters "$FX/list-workgroups.json" "$@"; }
rc_is() { [ "$rc" -eq "$1" ] || { echo "#   exit status $rc, want $1"; sed 's/^/#   /' "$T/err" | head -5; return 1; }; }
out_has() { grep -qF -- "$1" "$T/out" || { echo "#   output lacks: $1"; return 1; }; }
err_has() { grep -qF -- "$1" "$T/err" || { echo "#   stderr lacks: $1"; sed 's/^/#   /' "$T/err" | head -5; return 1; }; }
same_as() { diff -u "$1" "$T/out" > "$T/diff" || { sed 's/^/#   /' "$T/diff" | head -30; return 1; }; }

NSARN=arn:aws:redshift-serverless:eu-west-1:111122223333:namespace/aa58f5ad-32a2-4178-b70a-3a474de0d7d2
WGARN=arn:aws:redshift-serverless:eu-west-1:111122223333:workgroup/0a4e8e2f-1c2b-4a64-9a40-1b0f6b2b1f2f

# ---- a workgroup, its namespace, by name and ARN: the same findings ----
ns --cluster etl-wg "$SQL/serverless.sql"
check "--cluster a workgroup: its namespace's roles, findings as expected" eval 'rc_is 1 && same_as "$EXP/serverless.txt"'
ns --cluster analytics "$SQL/serverless.sql"
check "--cluster the namespace: the same findings" eval 'rc_is 1 && same_as "$EXP/serverless.txt"'
ns --cluster "$NSARN" "$SQL/serverless.sql"
check "--cluster the namespace's ARN" eval 'rc_is 1 && same_as "$EXP/serverless.txt"'
ns --cluster "$WGARN" "$SQL/serverless.sql"
check "--cluster the workgroup's ARN" eval 'rc_is 1 && same_as "$EXP/serverless.txt"'
run --db-user etl --clusters - --clusters "$FX/list-workgroups.json" --cluster etl-wg "$SQL/serverless.sql" < "$FX/list-namespaces.json"
check "list-namespaces output from stdin" eval 'rc_is 1 && same_as "$EXP/serverless.txt"'

# ---- a plain ARN of older output; no default role ----
ns --cluster legacy-ns --format json "$SQL/serverless.sql"
check "a plain ARN in iamRoles is in-sync; no default role is no-default-role" \
  eval 'rc_is 1 && [ "$(python3 -c "import json,sys; print(\" \".join(json.loads(l)[\"rule\"] for l in open(sys.argv[1])))" "$T/out")" = "no-default-role role-not-associated role-not-associated role-not-associated" ]'
printf "UNLOAD ('select 1') TO 's3://b/k' IAM_ROLE 'arn:aws:iam::111122223333:role/Legacy';\n" > "$T/legacy.sql"
ns --cluster legacy-ns "$T/legacy.sql"
check "the plain ARN's role may run" eval 'rc_is 0 && [ ! -s "$T/out" ]'

# ---- get-namespace, the only namespace ----
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); json.dump({"namespace": d["namespaces"][0]}, open(sys.argv[2], "w"), indent=4)' \
  "$FX/list-namespaces.json" "$T/get-namespace.json"
run --db-user etl --clusters "$T/get-namespace.json" "$SQL/serverless.sql"
check "get-namespace output, the only namespace chosen without --cluster" eval 'rc_is 1 && same_as "$EXP/serverless.txt"'

# ---- statuses: imported as printed ----
sed 's/"status": "AVAILABLE"/"status": "DELETING"/' "$FX/list-workgroups.json" > "$T/wg-deleting.json"
run --clusters "$FX/list-namespaces.json" --clusters "$T/wg-deleting.json" --cluster etl-wg "$SQL/serverless.sql"
check "a workgroup being deleted refuses every checked command" \
  eval 'rc_is 1 && [ "$(grep -c "Workgroup etl-wg of namespace analytics is not available (status deleting). \[cluster-not-available\]" "$T/out")" -eq 5 ]'
sed '0,/"status": "AVAILABLE"/s//"status": "MODIFYING"/' "$FX/list-namespaces.json" > "$T/ns-modifying.json"
run --db-user etl --clusters "$T/ns-modifying.json" --cluster analytics "$SQL/serverless.sql"
check "a namespace being modified keeps serving: the same role findings" eval 'rc_is 1 && same_as "$EXP/serverless.txt"'
run --clusters "$FX/list-workgroups.json" --cluster etl-wg "$SQL/serverless.sql"
check "a workgroup whose namespace is not in the input: Namespace not found" \
  eval 'rc_is 1 && out_has "Namespace analytics not found. [cluster-not-found]"'

# ---- several targets: findings say which ----
run --db-user etl --clusters "$FX/clusters.json" --clusters "$FX/list-namespaces.json" \
  --cluster my-redshift-cluster --cluster analytics "$SQL/serverless.sql"
check "a cluster and a namespace together: findings labelled [cluster ...] and [namespace ...]" \
  eval 'rc_is 1 && out_has "error: [namespace analytics] Not authorized to get credentials of role arn:aws:iam::111122223333:role/Load [role-adding]" && out_has "error: [cluster my-redshift-cluster] "'
run --db-user etl --clusters "$FX/clusters.json" --clusters "$FX/list-namespaces.json" \
  --cluster my-redshift-cluster --cluster analytics --format json "$SQL/serverless.sql"
check "json: the namespace's findings carry a namespace member" \
  eval 'rc_is 1 && grep -q "\"namespace\":\"analytics\"" "$T/out" && grep -q "\"cluster\":\"my-redshift-cluster\"" "$T/out"'

# ---- usage errors ----
sed 's/"namespaceName": "analytics"/"namespaceName": "my-redshift-cluster"/' "$FX/list-namespaces.json" > "$T/clash.json"
run --clusters "$FX/clusters.json" --clusters "$T/clash.json" --cluster my-redshift-cluster "$SQL/serverless.sql"
check "exit 2: a name that is a cluster and a namespace names both and how to choose" \
  eval 'rc_is 2 && err_has "--cluster my-redshift-cluster names both cluster my-redshift-cluster and namespace my-redshift-cluster; pass the namespace'"'"'s ARN, $NSARN"'
run --clusters "$FX/clusters.json" --clusters "$T/clash.json" --cluster "$NSARN" "$SQL/serverless.sql"
check "the namespace's ARN chooses it" eval 'rc_is 1 && out_has "namespace my-redshift-cluster"'
run --clusters "$FX/list-namespaces.json" "$SQL/serverless.sql"
check "exit 2: two namespaces and no --cluster lists them" \
  eval 'rc_is 2 && err_has "choose one with --cluster: analytics legacy-ns"'
run --clusters "$FX/list-namespaces.json" --clusters "$FX/list-namespaces.json" --cluster analytics "$SQL/serverless.sql"
check "exit 2: a namespace described in two files" eval 'rc_is 2 && err_has "namespace analytics is also described in"'
sed 's/applyStatus=adding/applyStatus=pending/' "$FX/list-namespaces.json" > "$T/bad.json"
run --clusters "$T/bad.json" --cluster analytics "$SQL/serverless.sql"
check "exit 2: a bad iamRoles element is named by its path" \
  eval 'rc_is 2 && err_has "invalid Redshift Serverless output: namespaces[0].iamRoles[1]: " && err_has "applyStatus: expected one of in-sync, adding, removing"'

# ---- the same verdicts as validate_script after import_namespaces ----
if [ -z "${PGHOST:-}${PGPORT:-}${PGDATABASE:-}" ] || ! command -v psql >/dev/null; then
  not_ok "a PostgreSQL server for the comparison with validate_script (PG* not set)"
  finish
fi
DB=rsi_cli_serverless_$$
createdb "$DB" >/dev/null 2>&1 || { not_ok "createdb $DB"; finish; }
trap 'dropdb --if-exists "$DB" >/dev/null 2>&1; rm -rf "$T"' EXIT
ns --cluster etl-wg --format json "$SQL/serverless.sql"
psql -X -q -A -t -F ' ' -d "$DB" -v ON_ERROR_STOP=1 > "$T/sql.txt" 2> "$T/sql.err" <<SQL
\set QUIET on
CREATE EXTENSION redshift_iam;
\set ns \`cat $FX/list-namespaces.json\`
\set wg \`cat $FX/list-workgroups.json\`
SELECT redshift_iam.import_namespaces(:'ns') + redshift_iam.import_namespaces(:'wg') AS n \gset
\set script \`cat $SQL/serverless.sql\`
SELECT statement, sqlstate, message
  FROM redshift_iam.validate_script('etl-wg', :'script') WHERE NOT ok ORDER BY statement;
SQL
python3 -c 'import json,sys
for l in open(sys.argv[1]): o=json.loads(l); print(o["statement"], o["sqlstate"], o["message"])' "$T/out" > "$T/cli.txt"
check "validate_script after import_namespaces refuses the same statements with the same SQLSTATEs and messages as the CLI" \
  eval '[ "$(wc -l < "$T/cli.txt")" -eq 3 ] && diff -u "$T/cli.txt" "$T/sql.txt" > "$T/diff" || { sed "s/^/#   /" "$T/diff" "$T/sql.err" | head -20; false; }'
finish
