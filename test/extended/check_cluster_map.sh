#!/usr/bin/env bash
# check_cluster_map.sh — once a backend has probed many different clusters,
# check_command reads every cluster row in one pass into a per-backend map
# (src/pg/check_cache.c, "the cluster map") and stops descending the
# cluster index.  One psql session stays open (a pooled connection), as a
# role that is not a superuser, loads the map by checking 300 clusters, and
# must still see at once every change other sessions commit (a cluster
# created, deleted, its status advancing with the clock) and, in REPEATABLE
# READ, only its snapshot.
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/extended/lib/common.bash

fresh_db rsi_cmap
R='arn:aws:iam::123456789012:role/Probe'

sql "$DB" -o /dev/null <<SQL || { not_ok "set up"; finish; }
SET client_min_messages = warning;
DROP ROLE IF EXISTS rsi_cmap_etl;
CREATE ROLE rsi_cmap_etl;
CREATE EXTENSION redshift_iam;
GRANT USAGE ON SCHEMA redshift_iam TO rsi_cmap_etl;
SET redshift_iam.account_id = '123456789012';
SET redshift_iam.region = 'us-east-1';
SET redshift_iam.apply_delay = 0;
SELECT count(redshift_iam.create_cluster('c' || g, 'dc2.large', 1, ARRAY['$R'])) FROM generate_series(1, 300) g;
SQL
# statistics now, so that no autoanalyze (a relcache invalidation, which
# empties the map) comes in the middle of the test
sql "$DB" -o /dev/null -c "VACUUM ANALYZE redshift_iam.catalog_clusters" -c "VACUUM ANALYZE redshift_iam.catalog_cluster_iam_roles"
on_exit "psql -X -q -d postgres -c 'DROP ROLE IF EXISTS rsi_cmap_etl'"
w() {   # a write as the superuser, committed
  sql "$DB" -o /dev/null -c "SET client_min_messages = warning" \
    -c "SET redshift_iam.account_id = '123456789012'" -c "SET redshift_iam.region = 'us-east-1'" \
    -c "SET redshift_iam.apply_delay = '${DELAY:-0}'" -c "$1"
}

coproc POOLED { psql -X -q -A -t -v VERBOSITY=verbose -d "$DB" 2>&1; }
on_exit "kill $POOLED_PID"
ask() {
  local line out=""
  printf '%s\n\\echo __end__\n' "$1" >&"${POOLED[1]}"
  while IFS= read -r -t 60 line <&"${POOLED[0]}"; do
    [ "$line" = "__end__" ] && break
    out+="${out:+$'\n'}$line"
  done
  printf '%s' "$out"
}
# allowed, or the SQLSTATE of the refusal
chk() { ask "SELECT pg_temp.chk('$1');"; }
# check all 300 clusters, one statement each (READ COMMITTED: a snapshot each)
warm() { ask "SELECT count(*) FILTER (WHERE pg_temp.chk('c' || g) = 'allowed') FROM generate_series(1, 300) g;"; }

ask "SET client_min_messages = error; SET redshift_iam.log_checks = none;
SET redshift_iam.account_id = '123456789012'; SET redshift_iam.region = 'us-east-1';
CREATE FUNCTION pg_temp.chk(cluster text) RETURNS text LANGUAGE plpgsql AS \$f\$
BEGIN
  PERFORM redshift_iam.check_command(cluster,
    format('COPY t FROM %L IAM_ROLE %L CSV', 's3://my-bucket/sales/2024/', '$R'));
  RETURN 'allowed';
EXCEPTION WHEN OTHERS THEN
  RETURN SQLSTATE;
END \$f\$;
CREATE FUNCTION pg_temp.creating(cluster text) RETURNS boolean LANGUAGE plpgsql AS \$f\$
DECLARE d text;
BEGIN
  PERFORM redshift_iam.check_command(cluster,
    format('COPY t FROM %L IAM_ROLE %L CSV', 's3://my-bucket/sales/2024/', '$R'));
  RETURN false;
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS d = PG_EXCEPTION_DETAIL;
  RETURN d LIKE '%ClusterStatus creating%';
END \$f\$;
SET ROLE rsi_cmap_etl;" >/dev/null

is "300 clusters checked (the map is loaded)" "$(warm)" "300"
is "a cluster not in the catalog is not found" "$(chk c301)" "42704"
w "SELECT redshift_iam.create_cluster('c301', 'dc2.large', 1, ARRAY['$R'])"
is "a cluster created by another session after the map was loaded is found at once" "$(chk c301)" "allowed"
is "300 clusters checked again" "$(warm)" "300"
w "SELECT redshift_iam.delete_cluster('c7')"
is "a cluster deleted by another session is gone at once" "$(chk c7)" "42704"
w "SELECT redshift_iam.create_cluster('c7', 'dc2.large', 1, ARRAY['$R'])"
is "299 + 1 clusters checked again" "$(warm)" "300"

# a status the clock changes: creating until ready_at, loaded with the map
# (no role, so that only the cluster's status changes with the clock)
DELAY=3s w "SELECT redshift_iam.create_cluster('c302', 'dc2.large', 1, ARRAY[]::text[])"
is "clusters checked with one still creating" "$(warm)" "300"
is "a cluster being created is creating after the map was loaded" "$(ask "SELECT pg_temp.creating('c302');")" "t"
sleep 3.5
is "once ready_at has passed it is no longer creating, with the map loaded" "$(ask "SELECT pg_temp.creating('c302');")" "f"

# REPEATABLE READ: a snapshot older than a change never loads or uses the map
is "map loaded" "$(warm)" "300"
ask "BEGIN ISOLATION LEVEL REPEATABLE READ;" >/dev/null
is "REPEATABLE READ: allowed" "$(chk c9)" "allowed"
w "SELECT redshift_iam.delete_cluster('c9')"
is "REPEATABLE READ: the 300 clusters of its snapshot" "$(warm)" "300"
is "REPEATABLE READ: a deletion committed after the snapshot is not seen" "$(chk c9)" "allowed"
ask "COMMIT;" >/dev/null
is "the next transaction sees the deletion" "$(chk c9)" "42704"

trap '' PIPE
{ printf '\\q\n' >&"${POOLED[1]}"; } 2>/dev/null || true
finish
