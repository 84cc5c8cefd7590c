#!/usr/bin/env bash
# check_probe.sh — check_command reads the catalog by primary key without
# the executor (src/pg/catalog_probe.c), and a backend keeps the tables'
# and indexes' OIDs for those reads.  One psql session stays open (a
# coprocess, as a pooled connection would), as a role that is not a
# superuser, while other sessions change each table a check reads: the
# long-lived session must see every committed change at once in READ
# COMMITTED, only its snapshot in REPEATABLE READ, the real clock's
# progress of an apply delay in both, an imported IAM snapshot, and a
# reinstall of the extension (new tables, new OIDs).
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/extended/lib/common.bash

fresh_db rsi_probe
R='arn:aws:iam::123456789012:role/Probe'
LATER='arn:aws:iam::123456789012:role/RedshiftCopyUnload'

sql "$DB" -o /dev/null <<SQL || { not_ok "set up"; finish; }
SET client_min_messages = warning;
DROP ROLE IF EXISTS rsi_probe_etl;
CREATE ROLE rsi_probe_etl;
SQL
on_exit "psql -X -q -d postgres -c 'DROP ROLE IF EXISTS rsi_probe_etl'"

install() {
  sql "$DB" -o /dev/null -c "SET client_min_messages = warning" \
    -c "DROP EXTENSION IF EXISTS redshift_iam CASCADE" -c "CREATE EXTENSION redshift_iam" \
    -c "GRANT USAGE ON SCHEMA redshift_iam TO rsi_probe_etl" \
    -c "SET redshift_iam.account_id = '123456789012'" -c "SET redshift_iam.region = 'us-east-1'" \
    -c "SET redshift_iam.apply_delay = 0" \
    -c "SELECT redshift_iam.create_cluster('my-redshift-cluster', 'dc2.large', 1, ARRAY['$R'])"
}
w() {   # a write as the superuser, committed
  sql "$DB" -o /dev/null -c "SET client_min_messages = warning" \
    -c "SET redshift_iam.account_id = '123456789012'" -c "SET redshift_iam.region = 'us-east-1'" \
    -c "SET redshift_iam.apply_delay = '${DELAY:-0}'" -c "$1"
}

# the long-lived session: one query in, its output up to a marker out
coproc POOLED { psql -X -q -A -t -v VERBOSITY=verbose -d "$DB" 2>&1; }
on_exit "kill $POOLED_PID"
ask() {
  local line out=""
  printf '%s\n\\echo __end__\n' "$1" >&"${POOLED[1]}"
  while IFS= read -r -t 30 line <&"${POOLED[0]}"; do
    [ "$line" = "__end__" ] && break
    out+="${out:+$'\n'}$line"
  done
  printf '%s' "$out"
}
# allowed, or the SQLSTATE of the refusal; caught, so that a refusal does
# not end the session's transaction
chk() { ask "SELECT pg_temp.chk('${1:-$R}');"; }

install || { not_ok "install"; finish; }
ask "SET client_min_messages = error; SET redshift_iam.log_checks = none;
SET redshift_iam.account_id = '123456789012'; SET redshift_iam.region = 'us-east-1';
CREATE FUNCTION pg_temp.chk(role text) RETURNS text LANGUAGE plpgsql AS \$f\$
BEGIN
  PERFORM redshift_iam.check_command('my-redshift-cluster',
    format('COPY t FROM %L IAM_ROLE %L CSV', 's3://my-bucket/sales/2024/', role));
  RETURN 'allowed';
EXCEPTION WHEN OTHERS THEN
  RETURN SQLSTATE;
END \$f\$;
SET ROLE rsi_probe_etl;" >/dev/null
is "the pooled session's check is allowed" "$(chk)" "allowed"

# the association, READ COMMITTED
w "SELECT redshift_iam.modify_cluster_iam_roles('my-redshift-cluster', remove_iam_roles => ARRAY['$R'])"
is "a removed association is refused at once" "$(chk)" "28000"
w "SELECT redshift_iam.modify_cluster_iam_roles('my-redshift-cluster', ARRAY['$R'])"
is "an association added back is allowed at once" "$(chk)" "allowed"

# REPEATABLE READ: the snapshot, then the next transaction
ask "BEGIN ISOLATION LEVEL REPEATABLE READ;" >/dev/null
is "REPEATABLE READ: allowed" "$(chk)" "allowed"
w "SELECT redshift_iam.modify_cluster_iam_roles('my-redshift-cluster', remove_iam_roles => ARRAY['$R'])"
is "REPEATABLE READ: a removal committed after the snapshot is not seen" "$(chk)" "allowed"
ask "COMMIT;" >/dev/null
is "the next transaction sees the removal" "$(chk)" "28000"
w "SELECT redshift_iam.modify_cluster_iam_roles('my-redshift-cluster', ARRAY['$R'])"

# a cursor keeps the snapshot it was opened with: a later statement of the
# same session that reads (and caches) the newer catalog must not change
# what the cursor's checks see
# (check_command itself: a VOLATILE PL/pgSQL wrapper would take a new snapshot)
fetch() {
  local out
  out=$(ask "FETCH 1 FROM c;")
  printf '%s\n' "$out" | sed -nE 's/^ERROR: +([0-9A-Z]{5}):.*/\1/p; s/^allowed$/allowed/p' | head -1
}
# (each row's check depends on the row, so that it runs at each FETCH)
ask "BEGIN; DECLARE c NO SCROLL CURSOR FOR SELECT 'allowed' FROM generate_series(1, 2) g,
  LATERAL (SELECT redshift_iam.check_command('my-redshift-cluster', 'COPY t FROM ''s3://my-bucket/sales/2024/'' IAM_ROLE ''$R'' CSV' || repeat(' ', g))) x;" >/dev/null
is "a cursor's first check: allowed" "$(fetch)" "allowed"
w "SELECT redshift_iam.modify_cluster_iam_roles('my-redshift-cluster', remove_iam_roles => ARRAY['$R'])"
is "a new statement of the session sees the removal" "$(chk)" "28000"
is "the cursor's next check still sees its snapshot" "$(fetch)" "allowed"
ask "COMMIT;" >/dev/null
w "SELECT redshift_iam.modify_cluster_iam_roles('my-redshift-cluster', ARRAY['$R'])"
is "added back" "$(chk)" "allowed"

# a writer whose first write was in a subtransaction it rolled back (that
# write's invalidation is dropped with it), then writes again and commits:
# the change is seen
is "allowed before the writer" "$(chk)" "allowed"
w "BEGIN; SAVEPOINT a;
SELECT redshift_iam.modify_cluster_iam_roles('my-redshift-cluster', remove_iam_roles => ARRAY['$R']);
ROLLBACK TO a;
SELECT redshift_iam.modify_cluster_iam_roles('my-redshift-cluster', remove_iam_roles => ARRAY['$R']);
COMMIT;"
is "a removal after a rolled-back subtransaction of the same writer is seen" "$(chk)" "28000"
w "SELECT redshift_iam.modify_cluster_iam_roles('my-redshift-cluster', ARRAY['$R'])"
is "added back" "$(chk)" "allowed"

# ASSUMEROLE's default grant to PUBLIC
w "SELECT redshift_iam.revoke_assumerole('ALL', 'PUBLIC')"
is "ASSUMEROLE revoked from PUBLIC is refused at once" "$(chk)" "42501"
ask "BEGIN ISOLATION LEVEL REPEATABLE READ;" >/dev/null
is "REPEATABLE READ: refused" "$(chk)" "42501"
w "SELECT redshift_iam.grant_assumerole('ALL', 'PUBLIC')"
is "REPEATABLE READ: a grant committed after the snapshot is not seen" "$(chk)" "42501"
ask "COMMIT;" >/dev/null
is "the next transaction sees the grant" "$(chk)" "allowed"

# the principal mapping (another account: the cluster is not there)
w "SELECT redshift_iam.map_principal('rsi_probe_etl', 'arn:aws:iam::210987654321:user/etl')"
is "mapped to another account, the cluster is not found" "$(chk)" "42704"
w "SELECT redshift_iam.unmap_principal('rsi_probe_etl')"
is "unmapped, it is found again" "$(chk)" "allowed"

# the cluster row
w "SELECT redshift_iam.delete_cluster('my-redshift-cluster')"
is "a deleted cluster is not found at once" "$(chk)" "42704"
w "SELECT redshift_iam.create_cluster('my-redshift-cluster', 'dc2.large', 1, ARRAY['$R'])"
is "created again, it is allowed" "$(chk)" "allowed"

# an apply delay: adding, then in-sync by the real clock, also within one
# REPEATABLE READ transaction (the snapshot does not stop the clock)
DELAY=2s w "SELECT redshift_iam.modify_cluster_iam_roles('my-redshift-cluster', ARRAY['$LATER'])"
ask "BEGIN ISOLATION LEVEL REPEATABLE READ;" >/dev/null
is "a role being added is refused" "$(chk "$LATER")" "28000"
sleep 2.5
is "after the delay the same transaction sees it in-sync" "$(chk "$LATER")" "allowed"
ask "COMMIT;" >/dev/null

# the IAM snapshot: imported, the result carries the evaluation; emptied, not
iam() { ask "SELECT redshift_iam.check_command('my-redshift-cluster', 'COPY t FROM ''s3://my-bucket/sales/2024/'' IAM_ROLE ''$LATER'' CSV') ? 'iam';"; }
is "no IAM snapshot: no evaluation" "$(iam)" "f"
sql "$DB" -o /dev/null -v export="$(cat test/cli/fixtures/iam-account.json)" <<'SQL'
SELECT redshift_iam.import_iam(:'export'::jsonb);
SQL
is "an IAM snapshot imported by another session is evaluated at once" "$(iam)" "t"
w "TRUNCATE redshift_iam.catalog_iam_role_attachments, redshift_iam.catalog_iam_role_policies, redshift_iam.catalog_iam_policy_versions, redshift_iam.catalog_iam_policies, redshift_iam.catalog_iam_resource_policies, redshift_iam.catalog_iam_roles CASCADE"
is "the snapshot emptied by another session: no evaluation at once" "$(iam)" "f"

# a reinstall: every table and index has a new OID
install || not_ok "reinstall"
is "after a reinstall the pooled session reads the new tables" "$(chk)" "allowed"
w "SELECT redshift_iam.delete_cluster('my-redshift-cluster')"
is "and sees a change to them" "$(chk)" "42704"
sql "$DB" -o /dev/null -c "SET client_min_messages = warning" -c "DROP EXTENSION redshift_iam CASCADE"
out=$(ask "SELECT 1;")
is "the pooled session survives the extension's removal" "$out" "1"

trap '' PIPE
{ printf '\\q\n' >&"${POOLED[1]}"; } 2>/dev/null || true
finish
