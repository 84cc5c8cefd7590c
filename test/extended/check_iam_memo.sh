#!/usr/bin/env bash
# check_iam_memo.sh — check_command remembers an IAM evaluation that allowed
# the command (src/pg/check_iam.c), keyed by every input of the evaluation.
# In one session: the same check twice gives the same result; the same
# statement on another cluster, for another caller's user ARN, or with
# another default role is evaluated for it, not answered from the memo; a
# refusal is refused every time with the same message; a new import is seen.
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/extended/lib/common.bash

fresh_db rsi_iam_memo
R='arn:aws:iam::123456789012:role/RedshiftCopyUnload'
sql "$DB" -o /dev/null -v export="$(cat test/cli/fixtures/iam-account.json)" <<SQL || { not_ok "set up"; finish; }
SET client_min_messages = warning;
CREATE EXTENSION redshift_iam;
SET redshift_iam.account_id = '123456789012';
SET redshift_iam.region = 'us-east-1';
SET redshift_iam.apply_delay = 0;
SELECT redshift_iam.create_cluster('my-redshift-cluster', 'dc2.large', 1, ARRAY['$R']);
SELECT redshift_iam.create_cluster('other-cluster', 'dc2.large', 1, ARRAY['$R']);
SELECT redshift_iam.import_iam(:'export'::jsonb);
SQL

# one session: every query of a test runs in it (the memo is per backend)
run() {
  psql -X -q -A -t -v VERBOSITY=terse -d "$DB" -c "SET client_min_messages = error" \
    -c "SET redshift_iam.log_checks = none" -c "SET redshift_iam.account_id = '123456789012'" \
    -c "SET redshift_iam.region = 'us-east-1'" "$@" 2>&1
}
COPY_OK="COPY t FROM 's3://my-bucket/sales/2024/' IAM_ROLE '$R' CSV"
COPY_NO="COPY t FROM 's3://my-bucket/other/' IAM_ROLE '$R' CSV"
q() { printf "SELECT redshift_iam.check_command('%s', \$q\$%s\$q\$)::text" "$1" "$2"; }

out=$(run -c "$(q my-redshift-cluster "$COPY_OK")" -c "$(q my-redshift-cluster "$COPY_OK")")
first=$(sed -n 1p <<<"$out"); second=$(sed -n 2p <<<"$out")
check "an allowed check carries the IAM evaluation" grep -q '"evaluated": true' <<<"$first"
is "the same check again in the session: the same result" "$second" "$first"
fresh=$(run -c "$(q other-cluster "$COPY_OK")")
again=$(run -c "$(q my-redshift-cluster "$COPY_OK")" -c "$(q other-cluster "$COPY_OK")" | sed -n 2p)
is "the same statement on another cluster after the first: its own evaluation" "$again" "$fresh"
check "and that evaluation differs from the first cluster's" [ "$fresh" != "$first" ]

no1=$(run -c "$(q my-redshift-cluster "$COPY_NO")" -c "$(q my-redshift-cluster "$COPY_NO")")
check "a refusal is refused" grep -q 'not authorized to perform' <<<"$no1"
is "refused again in the same session, with the same message" \
  "$(grep -c 'not authorized to perform: s3:GetObject' <<<"$no1")" "2"

# the caller's user ARN is an input (a condition may test it; the result names it)
u1=$(run -c "$(q my-redshift-cluster "$COPY_OK")")
u2=$(run -c "$(q my-redshift-cluster "$COPY_OK")" -c "SET redshift_iam.unknown_roles = refuse" \
  -c "$(q my-redshift-cluster "$COPY_OK")" | sed -n 2p)
is "another setting of unknown_roles in the session: evaluated, same verdict here" "$u2" "$u1"

# IAM_ROLE default: the resolved role is an input
w() { sql "$DB" -o /dev/null -c "SET client_min_messages = warning" \
  -c "SET redshift_iam.account_id = '123456789012'" -c "SET redshift_iam.region = 'us-east-1'" \
  -c "SET redshift_iam.apply_delay = 0" -c "$1"; }
DEF="COPY t FROM 's3://my-bucket/sales/2024/' IAM_ROLE default CSV"
w "SELECT redshift_iam.modify_cluster_iam_roles('my-redshift-cluster', default_iam_role_arn => '$R')"
d1=$(run -c "$(q my-redshift-cluster "$DEF")")
check "IAM_ROLE default resolved and evaluated" grep -q '"resolved_role": "'"$R"'"' <<<"$d1"

# a new import is seen by the next check (the memo belongs to the snapshot's version)
sql "$DB" -o /dev/null -c "TRUNCATE redshift_iam.catalog_iam_role_attachments, redshift_iam.catalog_iam_role_policies, redshift_iam.catalog_iam_policy_versions, redshift_iam.catalog_iam_policies, redshift_iam.catalog_iam_resource_policies, redshift_iam.catalog_iam_roles CASCADE"
e=$(run -c "$(q my-redshift-cluster "$COPY_OK")")
check "the snapshot emptied: no evaluation" bash -c '! grep -q "\"iam\"" <<<"$1"' _ "$e"
finish
