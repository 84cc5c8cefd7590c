#!/usr/bin/env bash
# stress.sh — a few seconds of concurrent writers on a handful of clusters:
# no deadlock, and a consistent catalog afterwards. TAP.
#
# pgbench runs STRESS_CLIENTS clients (default 6) for STRESS_SECONDS
# (default 8) with weighted scripts that mix every writer: add and remove
# roles, apply_pending_changes() for the whole account and for one
# cluster, create, delete and import (two clusters, in either order).  The
# API's own refusals (ClusterNotFound, ClusterAlreadyExists,
# InvalidClusterState, the quota, ...) are expected and swallowed; a
# deadlock (40P01) is re-raised, so pgbench reports it and the test fails
# (against the code before the lock-order fix: 7 deadlocks in 8 s).
# Every writer takes cluster rows before role rows, clusters in identifier
# order (docs/safety.md), so there is none.
#
# Runs inside pg_virtualenv or with devpg (PG* variables name a superuser
# connection), from the repository root, with the extension installed.
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/extended/lib/common.bash

CLIENTS=${STRESS_CLIENTS:-6}
SECONDS_=${STRESS_SECONDS:-8}
PGBENCH=$(command -v pgbench || echo "$(pg_config --bindir)/pgbench")
if [ ! -x "$PGBENCH" ]; then
  not_ok "pgbench present"; finish
fi

fresh_db rsi_stress
sql "$DB" <<'SQL' >/dev/null || { not_ok "set up the database"; finish; }
CREATE EXTENSION redshift_iam;
-- one wrapper per operation: the API's refusals are part of the mix and
-- become a SQLSTATE; a deadlock is re-raised
CREATE UNLOGGED TABLE public.st_outcome (op text, sqlstate text);
CREATE FUNCTION public.st(call text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE v_state text := 'ok';
BEGIN
  BEGIN
    EXECUTE call;
  EXCEPTION
    WHEN deadlock_detected THEN RAISE;
    WHEN OTHERS THEN v_state := SQLSTATE;
  END;
  INSERT INTO public.st_outcome VALUES (substring(call from 'redshift_iam\.([a-z_]+)'), v_state);
  RETURN v_state;
END $$;
CREATE FUNCTION public.st_doc(c integer, r integer) RETURNS jsonb LANGUAGE sql AS $$
  SELECT jsonb_build_object('ClusterIdentifier', 's' || c, 'NodeType', 'dc2.large',
           'NumberOfNodes', 1 + r % 2, 'ClusterStatus', 'available',
           'IamRoles', jsonb_build_array(
              jsonb_build_object('IamRoleArn', 'arn:aws:iam::123456789012:role/R' || r,
                                 'ApplyStatus', 'in-sync'),
              jsonb_build_object('IamRoleArn', 'arn:aws:iam::123456789012:role/R' || (r % 4 + 1),
                                 'ApplyStatus', 'adding')))
$$;
SELECT redshift_iam.create_cluster('s4', 'dc2.large'), redshift_iam.create_cluster('s5', 'dc2.large');
SQL
ok "database $DB"

W=$(mktemp -d)
on_exit "rm -rf '$W'"
role="'arn:aws:iam::123456789012:role/R' || :r"
cat > "$W/add.sql" <<EOF2
\set c random(1, 5)
\set r random(1, 5)
SELECT public.st(format('SELECT redshift_iam.modify_cluster_iam_roles(%L, ARRAY[%L])', 's' || :c, $role));
EOF2
cat > "$W/remove.sql" <<EOF2
\set c random(1, 5)
\set r random(1, 5)
SELECT public.st(format('SELECT redshift_iam.modify_cluster_iam_roles(%L, remove_iam_roles => ARRAY[%L])', 's' || :c, $role));
EOF2
cat > "$W/apply_all.sql" <<'EOF2'
SELECT public.st('SELECT redshift_iam.apply_pending_changes()');
EOF2
cat > "$W/apply_one.sql" <<'EOF2'
\set c random(1, 5)
SELECT public.st(format('SELECT redshift_iam.apply_pending_changes(%L)', 's' || :c));
EOF2
# two clusters in one transaction, in identifier order (the order every
# writer uses), holding the first for a moment
cat > "$W/apply_two.sql" <<'EOF2'
\set c random(1, 3)
\set d 4
BEGIN;
SELECT public.st(format('SELECT redshift_iam.apply_pending_changes(%L)', 's' || :c));
SELECT pg_sleep(0.05);
SELECT public.st(format('SELECT redshift_iam.apply_pending_changes(%L)', 's' || :d));
COMMIT;
EOF2
# one of the last clusters held for a while, so that apply_pending_changes()
# for the account waits part-way through its locks while others go on
cat > "$W/hold.sql" <<'EOF2'
\set c 5
BEGIN;
SELECT public.st(format('SELECT redshift_iam.apply_pending_changes(%L)', 's' || :c));
SELECT pg_sleep(0.2);
COMMIT;
EOF2
cat > "$W/create.sql" <<EOF2
\set c random(1, 3)
\set r random(1, 5)
SELECT public.st(format('SELECT redshift_iam.create_cluster(%L, %L, 1, ARRAY[%L])', 's' || :c, 'dc2.large', $role));
EOF2
cat > "$W/delete.sql" <<'EOF2'
\set c random(1, 3)
SELECT public.st(format('SELECT redshift_iam.delete_cluster(%L)', 's' || :c));
EOF2
cat > "$W/import.sql" <<'EOF2'
\set c random(1, 5)
\set d random(1, 5)
\set r random(1, 4)
SELECT public.st(format('SELECT redshift_iam.import_clusters(%L)',
  jsonb_build_object('Clusters', jsonb_build_array(public.st_doc(:c, :r), public.st_doc(:d, :r)))));
EOF2

PGOPTIONS="-c redshift_iam.apply_delay=200ms" "$PGBENCH" -n --failures-detailed --verbose-errors -d "$DB" -c "$CLIENTS" -j 1 -T "$SECONDS_" \
  -f "$W/add.sql@3" -f "$W/remove.sql@2" -f "$W/apply_all.sql@3" -f "$W/apply_one.sql@1" -f "$W/apply_two.sql@3" -f "$W/hold.sql@1" \
  -f "$W/create.sql@3" -f "$W/delete.sql@3" -f "$W/import.sql@2" > "$W/out" 2>&1
rc=$?
txns=$(sed -nE 's/^number of transactions actually processed: ([0-9]+).*/\1/p' "$W/out")
# pgbench 15 counts a deadlock as a failed transaction and goes on: read
# its tally, and the errors it prints (--verbose-errors)
failed=$(sed -nE 's/^number of failed transactions: ([0-9]+).*/\1/p' "$W/out")
deadlocks=$(grep -c -E '40P01|deadlock detected' "$W/out")
if [ "$rc" -eq 0 ]; then ok "pgbench ran $CLIENTS clients for ${SECONDS_}s without an aborted client"
else not_ok "pgbench ran $CLIENTS clients for ${SECONDS_}s without an aborted client (exit $rc)"; grep -E 'ERROR|aborted' "$W/out" | head -20 | diag; fi
is "no deadlock (40P01)" "$deadlocks" "0"
is "no failed transaction" "${failed:-0}" "0"
[ "$deadlocks" -eq 0 ] || grep -E 'deadlock' "$W/out" | head -5 | diag
check "the clients did work (${txns:-0} transactions)" test "${txns:-0}" -ge 100

sql "$DB" -c "SELECT op || ' ' || sqlstate || ': ' || count(*) FROM public.st_outcome
               GROUP BY op, sqlstate ORDER BY 1" | diag
is "every operation succeeded at least once" "$(sql "$DB" -c "
  SELECT string_agg(op, ' ' ORDER BY op) FROM (SELECT DISTINCT op FROM public.st_outcome WHERE sqlstate = 'ok') s")" \
  "apply_pending_changes create_cluster delete_cluster import_clusters modify_cluster_iam_roles"

# ---- the catalog is consistent afterwards ----
is "every default role is one of its cluster's roles" "$(sql "$DB" -c "
  SELECT count(*) FROM redshift_iam.catalog_clusters c
   WHERE c.default_iam_role_arn IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM redshift_iam.catalog_cluster_iam_roles r
                      WHERE (r.account_id, r.region, r.cluster_identifier, r.iam_role_arn)
                          = (c.account_id, c.region, c.cluster_identifier, c.default_iam_role_arn))")" "0"
is "no cluster above the role quota" "$(sql "$DB" -c "
  SELECT count(*) FROM (SELECT 1 FROM redshift_iam.catalog_cluster_iam_roles r
                         GROUP BY r.account_id, r.region, r.cluster_identifier
                        HAVING count(*) > redshift_iam_internal._max_roles_per_cluster()) s")" "0"
is "ordinals are unique within a cluster" "$(sql "$DB" -c "
  SELECT count(*) FROM (SELECT 1 FROM redshift_iam.catalog_cluster_iam_roles r
                         GROUP BY r.account_id, r.region, r.cluster_identifier, r.ordinal
                        HAVING count(*) > 1) s")" "0"
sql "$DB" -c "SELECT redshift_iam.apply_pending_changes()" >/dev/null
is "after apply_pending_changes() nothing is pending" "$(sql "$DB" -c "
  SELECT (SELECT count(*) FROM redshift_iam.catalog_clusters WHERE status = 'creating')
       + (SELECT count(*) FROM redshift_iam.catalog_cluster_iam_roles WHERE state <> 'in-sync')")" "0"
is "describe_clusters() lists every stored cluster" "$(sql "$DB" -c "
  SELECT jsonb_array_length(redshift_iam.describe_clusters() -> 'Clusters')
       = (SELECT count(*) FROM redshift_iam.catalog_clusters)")" "t"
finish
