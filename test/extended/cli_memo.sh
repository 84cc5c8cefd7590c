#!/usr/bin/env bash
# cli_memo.sh — the checker remembers a verdict per cluster and role ARN
# (or value problem) and reuses its words for later commands naming the
# same role; what it prints must not change.  A script where the same ARNs
# and problems come back in every context a verdict may depend on (IAM_ROLE,
# CREDENTIALS, chains, CATALOG_ROLE, placeholders, --var, role names,
# statuses adding and in-sync, two clusters, default roles) is checked in
# every format with the memo and without it (RSI_CHECK_NO_MEMO): the
# outputs and exit statuses must be byte for byte the same.  Needs no
# server.
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/extended/lib/common.bash

make -s redshift-iam-check >/dev/null 2>&1
BIN=$(pwd)/redshift-iam-check
FX=test/cli/fixtures
T=$(mktemp -d)
on_exit "rm -rf '$T'"
if [ ! -x "$BIN" ]; then not_ok "redshift-iam-check builds"; finish; fi
ok "redshift-iam-check builds"

python3 - "$T/mix.sql" <<'PY'
import random, sys
rng = random.Random(7)
acct = "123456789012"
arn = lambda r: "arn:aws:iam::%s:role/%s" % (acct, r)
roles = ["RedshiftCopyUnload", "SecondRedshiftRole", "MyRedshiftRole", "ThirdRedshiftRole", "Nowhere"]
def role():
    return arn(rng.choice(roles))
forms = [
    lambda: "IAM_ROLE '%s'" % role(),
    lambda: "iam_role '%s,%s'" % (role(), role()),
    lambda: "CREDENTIALS 'aws_iam_role=%s'" % role(),
    lambda: "IAM_ROLE '%s'" % rng.choice(roles),                 # a name, not an ARN
    lambda: "IAM_ROLE '%s' " % rng.choice(["RedshiftCopyUnload", "Nowhere"]),
    lambda: "IAM_ROLE default",
    lambda: "IAM_ROLE '{{ role }}'",
    lambda: "IAM_ROLE :'role'",
    lambda: "ACCESS_KEY_ID 'AKIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY 'wJalr'",
]
out = open(sys.argv[1], "w")
for i in range(1500):
    k = rng.random()
    a = rng.choice(forms)()
    if k < 0.4:
        loc = rng.choice(["'s3://b/%d'" % i, "'s3://{{ bucket }}/x'", "'s3://b/${DIR}/x'"])
        out.write("COPY t FROM %s %s;\n" % (loc, a))
    elif k < 0.6:
        out.write("UNLOAD ('select 1') TO 's3://b/%d/' %s;\n" % (i, a))
    elif k < 0.85:
        cat = rng.choice(["", " CATALOG_ROLE '%s'" % role(), " CATALOG_ROLE '%s'" % rng.choice(roles)])
        out.write("CREATE EXTERNAL SCHEMA s%d FROM DATA CATALOG DATABASE 'd' %s%s;\n" % (i, a, cat))
    else:
        out.write("select %d;\n" % i)
PY

j=0
for args in "--cluster my-redshift-cluster" "--cluster my-second-redshift-cluster" \
	"--cluster my-redshift-cluster --cluster my-second-redshift-cluster" \
	"--cluster my-redshift-cluster --var role=$(printf 'arn:aws:iam::123456789012:role/SecondRedshiftRole') --access-keys warn"; do
  for fmt in text json sarif junit github; do
    j=$((j+1))
    # shellcheck disable=SC2086
    "$BIN" --db-user etl --clusters "$FX/clusters.json" $args --format "$fmt" "$T/mix.sql" > "$T/memo.$j" 2>&1
    rc1=$?
    # shellcheck disable=SC2086
    RSI_CHECK_NO_MEMO=1 "$BIN" --db-user etl --clusters "$FX/clusters.json" $args --format "$fmt" "$T/mix.sql" > "$T/none.$j" 2>&1
    rc2=$?
    check "$fmt, $args: the same output and status with and without the verdict memo" \
      bash -c '[ "$0" = "$1" ] && cmp -s "$2" "$3" || { diff "$2" "$3" | head -5; exit 1; }' "$rc1" "$rc2" "$T/memo.$j" "$T/none.$j"
  done
done
# the script repeats roles, so the memo is used: findings of each kind come back
check "the script refuses with several rules (it exercises the memo)" \
  bash -c 'for r in role-not-associated role-name-not-arn role-adding templated-value catalog-role-not-associated; do cat "$0" "$1" | grep -q "\"rule\":\"$r\"" || { echo "no $r"; exit 1; }; done' "$T/memo.2" "$T/memo.7"
finish
