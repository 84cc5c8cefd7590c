#!/usr/bin/env bash
# durability.sh — the catalog survives dump/restore and crashes.
#   * pg_dump of a database using the extension (custom and plain formats)
#     restores into a fresh database with identical describe_clusters()
#     output, statuses and request times included, and identical rows;
#   * a backend killed with SIGKILL inside modify_cluster_iam_roles (blocked
#     on a row lock after part of its writes) or after it, before COMMIT,
#     leaves the catalog as it was; the server recovers and the cluster can
#     be modified again.
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/extended/lib/common.bash

fresh_db rsi_durable; SRC=$DB
sql "$SRC" -c "CREATE EXTENSION redshift_iam" || { not_ok "CREATE EXTENSION"; finish; }
# every status, a default role, an imported create time, another region; and
# the 0.2.0 catalog tables (ASSUMEROLE grants, principals) when present
sql "$SRC" >/dev/null <<'SQL' && ok "fill the catalog" || not_ok "fill the catalog"
SET redshift_iam.apply_delay = '1h';
SELECT redshift_iam.create_cluster('my-redshift-cluster', 'dc1.large', 16,
         ARRAY['arn:aws:iam::123456789012:role/RedshiftCopyUnload',
               'arn:aws:iam::123456789012:role/SecondRedshiftRole'],
         'arn:aws:iam::123456789012:role/SecondRedshiftRole');
SELECT redshift_iam.apply_pending_changes();
SELECT redshift_iam.modify_cluster_iam_roles('my-redshift-cluster',
         ARRAY['arn:aws:iam::123456789012:role/MyRedshiftRole'],
         ARRAY['arn:aws:iam::123456789012:role/RedshiftCopyUnload']);
SELECT redshift_iam.create_cluster('my-second-redshift-cluster', 'dc1.large', 10,
         ARRAY['arn:aws:iam::123456789012:role/ThirdRedshiftRole']);
SELECT redshift_iam.import_clusters('{"Clusters": [{"ClusterIdentifier": "imported", "NodeType": "ra3.4xlarge",
  "NumberOfNodes": 2, "ClusterCreateTime": "2023-05-06T07:08:09.123Z",
  "IamRoles": [{"IamRoleArn": "arn:aws:iam::123456789012:role/A", "ApplyStatus": "in-sync"},
               {"IamRoleArn": "arn:aws:iam::123456789012:role/B", "ApplyStatus": "adding"}]}]}');
SET redshift_iam.region = 'eu-west-1';
SELECT redshift_iam.create_cluster('elsewhere', 'dc2.large', 1, ARRAY['arn:aws:iam::123456789012:role/A']);
SQL
if has_fn "$SRC" grant_assumerole; then
  sql "$SRC" -o /dev/null -c "SELECT redshift_iam.revoke_assumerole('ALL', 'PUBLIC')" \
    -c "SELECT redshift_iam.grant_assumerole('arn:aws:iam::123456789012:role/A', 'PUBLIC', ARRAY['COPY'])" \
    || not_ok "ASSUMEROLE grants"
fi
if has_fn "$SRC" put_principal_policy; then
  sql "$SRC" -o /dev/null -c "SET client_min_messages = warning" -c "SELECT redshift_iam.map_principal(current_user, 'arn:aws:iam::123456789012:user/ops')" \
    -c "SELECT redshift_iam.put_principal_policy('arn:aws:iam::123456789012:user/ops', 'p', '{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"redshift:*\", \"Resource\": \"*\"}}')" \
    || not_ok "principals and policies"
fi
if has_fn "$SRC" import_iam; then
  # the IAM snapshot: tables linked by foreign keys, restored in their order
  sql "$SRC" -o /dev/null -v doc="$(cat test/fixtures/iam/account-authorization-details.json)" <<'SQL' || not_ok "the IAM snapshot"
SELECT redshift_iam.import_iam(:'doc'::jsonb);
SELECT redshift_iam.put_resource_policy('arn:aws:s3:::analytics-staging', '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny",
  "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::analytics-staging/*",
  "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}');
SQL
fi

describe_all() {
  sql "$1" -c "SELECT redshift_iam.describe_clusters()" \
           -c "SET redshift_iam.region = 'eu-west-1'" -c "SELECT redshift_iam.describe_clusters()" \
           -c "SELECT string_agg(format('%s', r), E'\n' ORDER BY r::text) FROM redshift_iam.cluster_iam_roles r"
}
before=$(describe_all "$SRC")
rows=$(catalog_snapshot "$SRC")
grep -q '"adding"' <<< "$before" && grep -q '"removing"' <<< "$before" \
  && grep -q '"in-sync"' <<< "$before" && grep -q '"creating"' <<< "$before" \
  && ok "the catalog holds every status" || not_ok "the catalog holds every status"

# ---- dump and restore ----
TMP=$(mktemp -d); on_exit "rm -rf $TMP"
for fmt in custom plain; do
  fresh_db "rsi_restored_$fmt"; DST=$DB
  if [ $fmt = custom ]; then
    pg_dump -Fc -f "$TMP/dump.$fmt" "$SRC" && pg_restore --exit-on-error -d "$DST" "$TMP/dump.$fmt"
  else
    pg_dump -Fp -f "$TMP/dump.$fmt" "$SRC" && psql -X -q -v ON_ERROR_STOP=1 -d "$DST" -f "$TMP/dump.$fmt" >/dev/null
  fi
  check "pg_dump ($fmt) restores into a fresh database without errors" [ $? -eq 0 ]
  is "$fmt restore: describe_clusters() and statuses as before the dump" "$(describe_all "$DST")" "$before"
  is "$fmt restore: every stored row identical (request and ready times included)" "$(catalog_snapshot "$DST")" "$rows"
  is "$fmt restore: at the same moment both databases describe the same" "$(describe_all "$DST")" "$(describe_all "$SRC")"
done

# statuses move on in the restored database by the clock alone: a role due
# in 5 s becomes in-sync there without any write
sql "$SRC" -o /dev/null -c "SET redshift_iam.apply_delay = 5000" -c "SELECT redshift_iam.apply_pending_changes('imported')" \
  -c "SELECT redshift_iam.modify_cluster_iam_roles('imported', ARRAY['arn:aws:iam::123456789012:role/Soon'])"
fresh_db rsi_restored_clock; DST=$DB
pg_dump -Fc "$SRC" | pg_restore -d "$DST"
st() { sql "$1" -c "SELECT apply_status FROM redshift_iam.cluster_iam_roles WHERE cluster_identifier = 'imported' AND iam_role_arn ~ 'Soon'"; }
s1=$(st "$DST")
for i in $(seq 1 40); do s2=$(st "$DST"); [ "$s2" = in-sync ] && break; sleep 0.25; done
is "restored: an association requested before the dump is adding, then in-sync by the clock alone" "$s1 $s2" "adding in-sync"

# a restore into a cluster where the role has another OID (simulated here by
# dropping and creating it between dump and restore) re-links the mapping
# and the ASSUMEROLE grant by the role's name: pg_dump writes a regrole as a
# name
if has_fn "$SRC" map_principal && sql "$SRC" -c "SELECT 1 FROM pg_attribute WHERE attrelid = 'redshift_iam.catalog_principals'::regclass AND attname = 'role_oid'" | grep -q 1; then
  fresh_db rsi_durable_roles; RSRC=$DB
  sql "$RSRC" -o /dev/null <<'SQL' || not_ok "map a role and grant it ASSUMEROLE"
SET client_min_messages = warning;
DROP ROLE IF EXISTS rsi_dur_etl;
CREATE ROLE rsi_dur_etl;
CREATE EXTENSION redshift_iam;
SELECT redshift_iam.map_principal('rsi_dur_etl', 'arn:aws:iam::111111111111:user/etl');
SELECT redshift_iam.revoke_assumerole('ALL', 'PUBLIC');
SELECT redshift_iam.grant_assumerole('arn:aws:iam::111111111111:role/A', 'rsi_dur_etl', '{COPY}');
SQL
  on_exit "psql -X -q -d postgres -c 'DROP ROLE IF EXISTS rsi_dur_etl'"
  old_oid=$(sql "$RSRC" -c "SELECT 'rsi_dur_etl'::regrole::oid")
  pg_dump -Fp -f "$TMP/roles.sql" "$RSRC" || not_ok "dump"
  sql postgres -o /dev/null -c "DROP ROLE rsi_dur_etl" -c "CREATE ROLE rsi_dur_etl"
  fresh_db rsi_restored_roles; RDST=$DB
  psql -X -q -v ON_ERROR_STOP=1 -d "$RDST" -f "$TMP/roles.sql" >/dev/null \
    && ok "restore after the role was made again" || not_ok "restore after the role was made again"
  is "restored: the mapping follows the role of that name (new OID), not stale" \
    "$(sql "$RDST" -c "SELECT format('%s %s %s', c.role_oid::oid <> $old_oid, c.role_oid::oid = 'rsi_dur_etl'::regrole::oid, p.stale) FROM redshift_iam.principals p JOIN redshift_iam.catalog_principals c USING (db_role)")" \
    "t t f"
  is "restored: the role acts in its principal's account" \
    "$(sql "$RDST" -c "SET ROLE rsi_dur_etl" -c "SELECT redshift_iam_internal._caller_account()")" "111111111111"
  is "restored: the ASSUMEROLE grant follows the role too" \
    "$(sql "$RDST" -c "SELECT redshift_iam.has_assumerole_privilege('rsi_dur_etl', 'arn:aws:iam::111111111111:role/A', 'COPY')")" "t"
  sql postgres -o /dev/null -c "DROP ROLE rsi_dur_etl" -c "CREATE ROLE rsi_dur_etl"
  is "in the dumped database, a re-created role of that name holds no ASSUMEROLE" \
    "$(sql "$RSRC" -c "SELECT redshift_iam.has_assumerole_privilege('rsi_dur_etl', 'arn:aws:iam::111111111111:role/A', 'COPY')")" "f"
  is "in the dumped database, a re-created role of that name acts in the default account" \
    "$(sql "$RSRC" -c "SET ROLE rsi_dur_etl" -c "SELECT redshift_iam_internal._caller_account()")" \
    "$(sql "$RSRC" -c "SELECT redshift_iam_internal._caller_account()")"
  dropdb "$RDST"; dropdb "$RSRC"
fi

# ---- SIGKILL during modify_cluster_iam_roles ----
wait_ready() {
  local i
  for i in $(seq 1 60); do
    psql -X -q -A -t -d "$SRC" -c "SELECT 1" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  return 1
}
backend_pid() {   # backend_pid APPNAME CONDITION: pid of that session once CONDITION holds
  local i p
  for i in $(seq 1 100); do
    p=$(sql "$SRC" -c "SELECT pid FROM pg_stat_activity WHERE application_name = '$1' AND $2")
    [ -n "$p" ] && { echo "$p"; return 0; }
    sleep 0.1
  done
  return 1
}
sql "$SRC" -o /dev/null -c "SELECT redshift_iam.apply_pending_changes()"
before=$(catalog_snapshot "$SRC")
MOD="SELECT redshift_iam.modify_cluster_iam_roles('my-second-redshift-cluster',
       ARRAY['arn:aws:iam::123456789012:role/K1', 'arn:aws:iam::123456789012:role/K2'],
       ARRAY['arn:aws:iam::123456789012:role/ThirdRedshiftRole'], 'arn:aws:iam::123456789012:role/K1')"

# (a) killed inside the function: a second session holds the row of the role
# being removed, so the call stops after inserting K1 and K2
PGAPPNAME=rsi_holder psql -X -q -d "$SRC" >/dev/null 2>&1 <<'SQL' &
BEGIN;
SELECT 1 FROM redshift_iam.catalog_cluster_iam_roles
 WHERE cluster_identifier = 'my-second-redshift-cluster' AND iam_role_arn ~ 'ThirdRedshiftRole' FOR UPDATE;
SELECT pg_sleep(60);
SQL
holder=$!
backend_pid rsi_holder "query ~ 'pg_sleep'" >/dev/null
PGAPPNAME=rsi_victim_a psql -X -q -d "$SRC" -c "SET redshift_iam.apply_delay = '1h'" -c "$MOD" >/dev/null 2>&1 &
victim=$!
pid=$(backend_pid rsi_victim_a "wait_event_type = 'Lock'")
if [ -n "$pid" ]; then
  kill -9 "$pid"
  wait "$victim" "$holder" 2>/dev/null
  check "(a) the server recovers after SIGKILL of a backend inside modify_cluster_iam_roles" wait_ready
  is "(a) the catalog is as it was" "$(catalog_snapshot "$SRC")" "$before"
else
  not_ok "(a) modify_cluster_iam_roles did not block on the held row"
  kill "$victim" "$holder" 2>/dev/null; wait 2>/dev/null
fi

# (b) killed after the call, before COMMIT
PGAPPNAME=rsi_victim_b psql -X -q -d "$SRC" >/dev/null 2>&1 <<SQL &
SET redshift_iam.apply_delay = '1h';
BEGIN;
$MOD;
SELECT pg_sleep(60);
COMMIT;
SQL
victim=$!
pid=$(backend_pid rsi_victim_b "query ~ 'pg_sleep'")
if [ -n "$pid" ]; then
  kill -9 "$pid"
  wait "$victim" 2>/dev/null
  check "(b) the server recovers after SIGKILL of a backend between the call and COMMIT" wait_ready
  is "(b) the catalog is as it was" "$(catalog_snapshot "$SRC")" "$before"
else
  not_ok "(b) the transaction did not reach pg_sleep"
  kill "$victim" 2>/dev/null; wait 2>/dev/null
fi

# no lock or half-written state is left: the same call now succeeds
got=$(sql "$SRC" -c "SET redshift_iam.apply_delay = '1h'" -c "SELECT jsonb_path_query_array(($MOD), '\$.Cluster.IamRoles[*].ApplyStatus')")
is "after recovery the same modify succeeds" "$got" '["removing", "adding", "adding"]'

finish
