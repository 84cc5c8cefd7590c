#!/usr/bin/env bash
# standby.sh — checks run on a hot standby and statuses advance there without
# writes.  A streaming standby of the test server is made with
# pg_basebackup -R on localhost (in a temp dir, on a free port, as the
# postgres OS user when run as root).  On the standby: describe_clusters,
# check_command and validate_script see the primary's changes; an association
# requested on the primary is adding there, then in-sync by the clock alone
# (the stored row still says adding, on both servers); a removal is removing,
# then gone; a cluster created on the primary is creating there, then
# available by the clock alone (the stored row still says creating); writes
# are refused.
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/extended/lib/common.bash

BINDIR=$(pg_config --bindir)
fresh_db rsi_standby
sql "$DB" -c "CREATE EXTENSION redshift_iam" || { not_ok "CREATE EXTENSION"; finish; }
ROLE_A=arn:aws:iam::123456789012:role/A
ROLE_B=arn:aws:iam::123456789012:role/B
sql "$DB" -o /dev/null -c "SET redshift_iam.apply_delay = 0" \
  -c "SELECT redshift_iam.create_cluster('sb', 'dc1.large', 2, ARRAY['$ROLE_A'])" \
  -c "SELECT redshift_iam.apply_pending_changes()" || not_ok "a cluster on the primary"

# ---- the standby ----
AS=()
[ "$(id -u)" -eq 0 ] && AS=(runuser -u postgres --)
SBDIR=$(mktemp -d /tmp/rsi_standby.XXXXXX)
[ ${#AS[@]} -gt 0 ] && chown postgres "$SBDIR"
chmod 700 "$SBDIR"
SBPORT=$(( (${PGPORT:-5432} + 1000 + $$ % 1000) ))
while "$BINDIR/pg_isready" -q -h localhost -p "$SBPORT" >/dev/null 2>&1 || [ -e "/tmp/.s.PGSQL.$SBPORT" ]; do
  SBPORT=$((SBPORT + 1))
done
on_exit "${AS[*]} $BINDIR/pg_ctl stop -D $SBDIR/data -m immediate; rm -rf $SBDIR"

"${AS[@]}" env PGPASSWORD="${PGPASSWORD:-}" "$BINDIR/pg_basebackup" -h "${PGHOST:-localhost}" -p "${PGPORT:-5432}" \
  -U "${PGUSER:-postgres}" -D "$SBDIR/data" -R -X stream -c fast --no-sync >"$SBDIR/basebackup.log" 2>&1
if [ $? -ne 0 ]; then
  not_ok "pg_basebackup -R from the primary (needs a replication entry in pg_hba.conf and wal_level >= replica)"
  diag < "$SBDIR/basebackup.log"; finish
fi
ok "pg_basebackup -R from the primary"
# Debian keeps postgresql.conf and pg_hba.conf outside the data directory
"${AS[@]}" sh -c "cat >> '$SBDIR/data/postgresql.conf' <<CONF
port = $SBPORT
listen_addresses = ''
unix_socket_directories = '$SBDIR'
hot_standby = on
shared_buffers = 16MB
fsync = off
logging_collector = off
CONF
printf 'local all all trust\n' > '$SBDIR/data/pg_hba.conf'
: >> '$SBDIR/data/pg_ident.conf'"
"${AS[@]}" "$BINDIR/pg_ctl" start -w -t 30 -D "$SBDIR/data" -l "$SBDIR/standby.log" >/dev/null 2>&1 \
  && ok "the standby starts" || { not_ok "the standby starts"; diag < "$SBDIR/standby.log"; finish; }

# sb SQL...: run on the standby
sb() { PGPASSWORD= psql -X -q -A -t -v ON_ERROR_STOP=1 -h "$SBDIR" -p "$SBPORT" -U "${PGUSER:-postgres}" -d "$DB" "$@"; }
# wait until the standby has replayed everything the primary has written
catch_up() {
  local lsn i
  lsn=$(sql "$DB" -c "SELECT pg_current_wal_lsn()")
  for i in $(seq 1 100); do
    [ "$(sb -c "SELECT pg_last_wal_replay_lsn() >= '$lsn'::pg_lsn" 2>/dev/null)" = t ] && return 0
    sleep 0.1
  done
  return 1
}
check "the standby is in recovery (hot standby)" [ "$(sb -c "SELECT pg_is_in_recovery()")" = t ]
check "the standby catches up" catch_up

COPY_A="COPY t FROM 's3://b/k' IAM_ROLE '$ROLE_A'"
COPY_B="COPY t FROM 's3://b/k' IAM_ROLE '$ROLE_B'"
# the SQLSTATE of check_command on the standby, or "ok"
sb_check() {
  local out
  out=$(sb -v VERBOSITY=verbose -c "SELECT redshift_iam.check_command('sb', \$c\$$1\$c\$)" 2>&1 >/dev/null)
  [ -z "$out" ] && { echo ok; return; }
  sed -nE 's/^(psql:[^ ]* )?ERROR: +([0-9A-Z]{5}):.*/\2/p' <<< "$out" | head -1
}
sb_validate() { sb -c "SELECT string_agg(ok::text, ',' ORDER BY statement) FROM redshift_iam.validate_script('sb', \$s\$$1\$s\$)"; }
sb_status() { sb -c "SELECT coalesce((SELECT apply_status FROM redshift_iam.cluster_iam_roles WHERE cluster_identifier = 'sb' AND iam_role_arn = '$1'), 'gone')"; }
stored() { "$@" -c "SELECT coalesce((SELECT state FROM redshift_iam.catalog_cluster_iam_roles WHERE cluster_identifier = 'sb' AND iam_role_arn = '$ROLE_B'), 'none')"; }

is "standby: describe_clusters() equals the primary's" \
  "$(sb -c "SELECT redshift_iam.describe_clusters()")" "$(sql "$DB" -c "SELECT redshift_iam.describe_clusters()")"
has_check=1
has_fn "$DB" check_command && has_fn "$DB" validate_script || has_check=0
if [ $has_check -eq 1 ]; then
  is "standby: check_command allows a COPY with the in-sync role" "$(sb_check "$COPY_A")" ok
  is "standby: check_command refuses a role that is not associated (28000)" "$(sb_check "$COPY_B")" 28000
  is "standby: validate_script runs" "$(sb_validate "$COPY_A; $COPY_B; SELECT 1")" "true,false,true"
  check "standby: checks can be logged (log_checks = all)" \
    sb -o /dev/null -c "SET redshift_iam.log_checks = 'all'" -c "SELECT redshift_iam.check_command('sb', \$c\$$COPY_A\$c\$)"
else
  not_ok "check_command and validate_script exist (extension/parts/40_check.sql)"
fi

# the primary associates B (3 s to apply) and starts removing A
sql "$DB" -o /dev/null -c "SET redshift_iam.apply_delay = 5000" \
  -c "SELECT redshift_iam.modify_cluster_iam_roles('sb', ARRAY['$ROLE_B'], ARRAY['$ROLE_A'])"
check "the standby catches up with the modify" catch_up
is "standby: the new association is adding, the removed one removing" "$(sb_status "$ROLE_B") $(sb_status "$ROLE_A")" "adding removing"
if [ $has_check -eq 1 ]; then
  is "standby: check_command refuses the adding role (28000)" "$(sb_check "$COPY_B")" 28000
  is "standby: check_command refuses the removing role (28000)" "$(sb_check "$COPY_A")" 28000
  is "standby: validate_script reports both" "$(sb_validate "$COPY_A; $COPY_B")" "false,false"
fi
lsn_before=$(sql "$DB" -c "SELECT pg_current_wal_lsn()")
for i in $(seq 1 40); do [ "$(sb_status "$ROLE_B")" = in-sync ] && break; sleep 0.25; done
is "standby: after apply_delay the association is in-sync and the removal gone, by the clock alone" \
  "$(sb_status "$ROLE_B") $(sb_status "$ROLE_A")" "in-sync gone"
if [ $has_check -eq 1 ]; then
  is "standby: check_command now allows the role" "$(sb_check "$COPY_B")" ok
  is "standby: and refuses the removed one" "$(sb_check "$COPY_A")" 28000
  is "standby: validate_script agrees" "$(sb_validate "$COPY_A; $COPY_B")" "false,true"
fi
is "no write: the stored state is still adding, on the standby and on the primary" \
  "$(stored sb) $(stored sql "$DB")" "adding adding"
is "standby: describe_clusters() shows it in-sync" \
  "$(sb -c "SELECT redshift_iam.describe_clusters('sb') #>> '{Clusters,0,IamRoles}'")" \
  "[{\"IamRoleArn\": \"$ROLE_B\", \"ApplyStatus\": \"in-sync\"}]"
# the primary creates a cluster (5 s to create): creating, then available on
# the standby by the clock alone
sql "$DB" -o /dev/null -c "SET redshift_iam.apply_delay = 5000" \
  -c "SELECT redshift_iam.create_cluster('sb-new', 'dc2.large', 1, ARRAY['$ROLE_A'])" \
  || not_ok "a second cluster on the primary"
check "the standby catches up with the create" catch_up
# "<cluster status> <ApplyStatus of role A>" of sb-new, from the views on the standby
sb_new() {
  sb -c "SELECT coalesce((SELECT cluster_status FROM redshift_iam.clusters WHERE cluster_identifier = 'sb-new'), 'none')
                || ' ' ||
                coalesce((SELECT apply_status FROM redshift_iam.cluster_iam_roles
                           WHERE cluster_identifier = 'sb-new' AND iam_role_arn = '$ROLE_A'), 'none')"
}
sb_new_describe() { sb -c "SELECT redshift_iam.describe_clusters('sb-new') #>> '{Clusters,0,ClusterStatus}'"; }
stored_cluster() { "$@" -c "SELECT coalesce((SELECT status FROM redshift_iam.catalog_clusters WHERE cluster_identifier = 'sb-new'), 'none')"; }
is "standby: the new cluster is creating, its role adding" "$(sb_new)" "creating adding"
is "standby: describe_clusters() shows it creating" "$(sb_new_describe)" creating
for i in $(seq 1 60); do [ "$(sb_new)" = "available in-sync" ] && break; sleep 0.25; done
is "standby: after apply_delay the cluster is available and its role in-sync, by the clock alone" \
  "$(sb_new)" "available in-sync"
is "standby: describe_clusters() shows it available" "$(sb_new_describe)" available
is "no write: the stored cluster status is still creating, on the standby and on the primary" \
  "$(stored_cluster sb) $(stored_cluster sql "$DB")" "creating creating"

is "standby: writes are refused (apply_pending_changes, 25006)" \
  "$(sb -v VERBOSITY=verbose -c "SELECT redshift_iam.apply_pending_changes()" 2>&1 | sed -nE 's/^(psql:[^ ]* )?ERROR: +([0-9A-Z]{5}):.*/\2/p' | head -1)" 25006

# the IAM snapshot imported on the primary is read on the standby; an import is refused
if has_fn "$DB" import_iam; then
  sql "$DB" -o /dev/null -v doc="$(cat test/fixtures/iam/account-authorization-details.json)" <<'SQL' || not_ok "import_iam on the primary"
SELECT redshift_iam.import_iam(:'doc'::jsonb);
SQL
  check "the standby catches up with the IAM snapshot" catch_up
  is "standby: iam_authorization_details() reads the imported role" \
    "$(sb -c "SELECT redshift_iam_internal.iam_authorization_details(ARRAY['arn:aws:iam::123456789012:role/ChainedReader']) #>> '{RoleDetailList,0,RolePolicyList,0,PolicyName}'")" ReadSecrets
  is "standby: the views list the snapshot" \
    "$(sb -c "SELECT (SELECT count(*) FROM redshift_iam.iam_roles) || ' ' || (SELECT count(*) FROM redshift_iam.iam_role_policies)")" "3 6"
  is "standby: import_iam is refused (25006)" \
    "$(sb -v VERBOSITY=verbose -c "SELECT redshift_iam.import_iam('{}')" 2>&1 | sed -nE 's/^(psql:[^ ]* )?ERROR: +([0-9A-Z]{5}):.*/\2/p' | head -1)" 25006
fi

finish
