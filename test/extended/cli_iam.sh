#!/usr/bin/env bash
# cli_iam.sh — redshift-iam-check --iam: role trust, role chains and role
# permissions from an `aws iam get-account-authorization-details` export
# (test/cli/fixtures/iam-account.json), as TAP.  The same core code as
# check_command; the verdicts of test/cli/sql/iam.sql are in
# test/cli/expected/iam.txt.
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
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
if [ ! -x "$BIN" ]; then not_ok "redshift-iam-check builds"; finish; fi
ok "redshift-iam-check builds"

run() { "$BIN" "$@" > "$T/out" 2> "$T/err"; rc=$?; }
run1() { run --db-user etl --clusters "$FX/clusters.json" --cluster my-redshift-cluster "$@"; }
rc_is() { [ "$rc" -eq "$1" ] || { echo "#   exit status $rc, want $1"; sed 's/^/#   /' "$T/err" | head -5; return 1; }; }
out_has() { grep -qF -- "$1" "$T/out" || { echo "#   output lacks: $1"; return 1; }; }
err_has() { grep -qF -- "$1" "$T/err" || { echo "#   stderr lacks: $1"; sed 's/^/#   /' "$T/err" | head -5; return 1; }; }
same_as() { diff -u "$1" "$T/out" > "$T/diff" || { sed 's/^/#   /' "$T/diff" | head -30; return 1; }; }

run1 --help
check "--help documents --iam and --unknown-roles" eval 'out_has "--iam FILE" && out_has "--unknown-roles"'

run1 --iam "$FX/iam-account.json" test/cli/sql/iam.sql
check "iam.sql: trust, chain and permission refusals as expected" eval 'rc_is 1 && same_as test/cli/expected/iam.txt'

run1 test/cli/sql/iam.sql
check "without --iam the same script passes (association only)" eval 'rc_is 0 && [ ! -s "$T/out" ]'

run1 --iam "$FX/iam-account.json" test/cli/sql/pass.sql
check "pass.sql with --iam: the Lambda function its role may not invoke is refused" \
  eval 'rc_is 1 && out_has "lambda:InvokeFunction on resource: arn:aws:lambda:us-east-1:123456789012:function:lambda_sum" && out_has "[permission-denied]"'

run1 --iam "$FX/iam-account.json" --format json test/cli/sql/iam.sql
check "json: each finding carries the evaluated steps" eval 'rc_is 1 && python3 -c "
import sys, json
rows = [json.loads(l) for l in open(\"$T/out\")]
assert len(rows) == 7, len(rows)
deny = [r for r in rows if \"restricted\" in r[\"message\"]][0]
steps = deny[\"iam\"][\"steps\"]
assert steps[0][\"step\"] == \"trust\" and steps[0][\"decision\"] == \"allowed\", steps[0]
g = [s for s in steps if s[\"action\"] == \"s3:GetObject\"][0]
assert g[\"decision\"] == \"explicitDeny\" and \"DenyRestricted\" in g[\"matched\"][0], g
assert g[\"source\"].startswith(\"https://docs.aws.amazon.com/\"), g
lst = [s for s in steps if s[\"action\"] == \"s3:ListBucket\"][0]
assert lst[\"decision\"] == \"allowed\", lst
chain = [r for r in rows if r[\"rule\"] == \"chain-link-not-trusted\"][0]
assert chain[\"sqlstate\"] == \"28000\", chain
assert any(s[\"step\"] == \"chain-trust\" and s[\"decision\"] == \"implicitDeny\" for s in chain[\"iam\"][\"steps\"])
"'

run1 --iam "$FX/iam-account.json" --unknown-roles refuse test/cli/sql/iam.sql
check "--unknown-roles refuse: a chain through a role missing from the export is refused" \
  eval 'rc_is 1 && out_has "iam.sql:37:1: error:" && out_has "[iam-unknown-role]"'

run1 --iam "$T/none.json" test/cli/sql/iam.sql
check "an unreadable --iam file is a usage error (exit 2)" eval 'rc_is 2 && err_has "--iam"'
printf '{"RoleDetailList": 1}' > "$T/bad.json"
run1 --iam "$T/bad.json" test/cli/sql/iam.sql
check "a malformed export is a usage error (exit 2) naming RoleDetailList" eval 'rc_is 2 && err_has "RoleDetailList"'
run1 --unknown-roles maybe test/cli/sql/iam.sql
check "--unknown-roles takes allow or refuse" eval 'rc_is 2 && err_has "--unknown-roles"'

# URL-encoded documents throughout: the same verdicts
python3 - "$FX/iam-account.json" "$T/enc.json" <<'PY'
import json, sys, urllib.parse
d = json.load(open(sys.argv[1]))
enc = lambda v: v if isinstance(v, str) else urllib.parse.quote(json.dumps(v), safe='')
for r in d["RoleDetailList"]:
    r["AssumeRolePolicyDocument"] = enc(r["AssumeRolePolicyDocument"])
    for p in r["RolePolicyList"]:
        p["PolicyDocument"] = enc(p["PolicyDocument"])
for p in d["Policies"]:
    for v in p["PolicyVersionList"]:
        v["Document"] = enc(v["Document"])
for p in d["ResourcePolicies"]:
    p["Policy"] = enc(p["Policy"])
json.dump(d, open(sys.argv[2], "w"))
PY
run1 --iam "$T/enc.json" test/cli/sql/iam.sql
check "every document URL-encoded (as the IAM API returns them): the same output" eval 'rc_is 1 && same_as test/cli/expected/iam.txt'

finish
