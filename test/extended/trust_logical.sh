#!/usr/bin/env bash
# trust_logical.sh — the catalog replicated by logical replication: a
# subscriber backend that checked before sees the publisher's changes as a
# new backend does.  PostgreSQL's apply worker fires row triggers but not
# statement triggers ("Logical Replication — Triggers", PostgreSQL 15
# documentation, https://www.postgresql.org/docs/15/logical-replication-architecture.html),
# so a cache that statement triggers alone invalidate would keep the row the
# publisher removed.  A publisher is made with initdb (wal_level = logical,
# in a temp dir, on a free port, as the postgres OS user when run as root);
# the test server subscribes to its cluster and association tables.
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/extended/lib/common.bash

BINDIR=$(pg_config --bindir)
fresh_db rsi_trust_logical
A='arn:aws:iam::123456789012:role/A'
B='arn:aws:iam::123456789012:role/B'

# ---- the publisher ----
AS=()
[ "$(id -u)" -eq 0 ] && AS=(runuser -u postgres --)
PUBDIR=$(mktemp -d /tmp/rsi_pub.XXXXXX)
[ ${#AS[@]} -gt 0 ] && chown postgres "$PUBDIR"
# the test server connects to its socket: the directory is not private
chmod 755 "$PUBDIR"
PUBPORT=$(( (${PGPORT:-5432} + 2000 + $$ % 1000) ))
while "$BINDIR/pg_isready" -q -h localhost -p "$PUBPORT" >/dev/null 2>&1 || [ -e "/tmp/.s.PGSQL.$PUBPORT" ]; do
  PUBPORT=$((PUBPORT + 1))
done
# in this order: the subscription (its slot left to the discarded publisher),
# the database (a subscription would keep it), the publisher
_cleanup_dbs=()
on_exit "psql -X -q -d $DB -c 'ALTER SUBSCRIPTION trust_sub DISABLE' -c 'ALTER SUBSCRIPTION trust_sub SET (slot_name = NONE)' -c 'DROP SUBSCRIPTION trust_sub'"
on_exit "dropdb --if-exists $DB"
on_exit "${AS[*]} $BINDIR/pg_ctl stop -D $PUBDIR/data -m immediate; rm -rf $PUBDIR"
"${AS[@]}" "$BINDIR/initdb" -A trust -U "${PGUSER:-postgres}" -D "$PUBDIR/data" --no-sync >"$PUBDIR/initdb.log" 2>&1 \
  || { not_ok "initdb of the publisher"; diag < "$PUBDIR/initdb.log"; finish; }
"${AS[@]}" sh -c "cat >> '$PUBDIR/data/postgresql.conf' <<CONF
port = $PUBPORT
listen_addresses = ''
unix_socket_directories = '$PUBDIR'
wal_level = logical
shared_buffers = 16MB
fsync = off
logging_collector = off
CONF"
"${AS[@]}" "$BINDIR/pg_ctl" start -w -t 30 -D "$PUBDIR/data" -l "$PUBDIR/pub.log" >/dev/null 2>&1 \
  && ok "the publisher starts" || { not_ok "the publisher starts"; diag < "$PUBDIR/pub.log"; finish; }
pub() { PGPASSWORD= psql -X -q -A -t -v ON_ERROR_STOP=1 -h "$PUBDIR" -p "$PUBPORT" -U "${PGUSER:-postgres}" -d postgres "$@"; }
R='arn:aws:iam::123456789012:role/RedshiftCopyUnload'
pub -o /dev/null -v export="$(cat test/cli/fixtures/iam-account.json)" <<SQL || { not_ok "the publisher's catalog and publication"; finish; }
SET client_min_messages = warning;
CREATE EXTENSION redshift_iam;
SET redshift_iam.account_id = '123456789012';
SET redshift_iam.region = 'us-east-1';
SET redshift_iam.apply_delay = 0;
SELECT redshift_iam.create_cluster('rep', 'dc2.large', 1, ARRAY['$A', '$B']);
SELECT redshift_iam.create_cluster('my-redshift-cluster', 'dc2.large', 1, ARRAY['$R']);
SELECT redshift_iam.import_iam(:'export'::jsonb);
-- the IAM snapshot's tables, without catalog_iam_version (each side keeps its own row)
CREATE PUBLICATION trust_pub FOR TABLE redshift_iam.catalog_clusters, redshift_iam.catalog_cluster_iam_roles,
  redshift_iam.catalog_iam_roles, redshift_iam.catalog_iam_role_policies, redshift_iam.catalog_iam_policies,
  redshift_iam.catalog_iam_policy_versions, redshift_iam.catalog_iam_role_attachments,
  redshift_iam.catalog_iam_resource_policies;
SQL

# ---- the subscriber: the test server ----
sql "$DB" -o /dev/null <<SQL || { not_ok "the subscription"; finish; }
SET client_min_messages = warning;
CREATE EXTENSION redshift_iam;
ALTER DATABASE $DB SET redshift_iam.account_id = '123456789012';
ALTER DATABASE $DB SET redshift_iam.region = 'us-east-1';
ALTER DATABASE $DB SET redshift_iam.log_checks = none;
CREATE SUBSCRIPTION trust_sub CONNECTION 'host=$PUBDIR port=$PUBPORT dbname=postgres user=${PGUSER:-postgres}'
  PUBLICATION trust_pub;
CREATE FUNCTION public.verdict(cluster text, command text) RETURNS text LANGUAGE plpgsql AS \$f\$
BEGIN
  PERFORM redshift_iam.check_command(cluster, command);
  RETURN 'allowed';
EXCEPTION WHEN OTHERS THEN
  RETURN 'refused ' || SQLSTATE;
END \$f\$;
SQL
# wait_for SQL WANT: until the subscriber's new backend answers WANT (30 s)
wait_for() {
  local i
  for i in $(seq 1 300); do
    [ "$(sql "$DB" -c "$1" 2>/dev/null)" = "$2" ] && return 0
    sleep 0.1
  done
  return 1
}
check "the initial copy arrives" wait_for \
  "SELECT count(*) FROM redshift_iam.catalog_cluster_iam_roles WHERE iam_role_arn = '$A'" 1

coproc LS { psql -X -q -A -t -d "$DB" 2>&1; }
ask() {
  local line out=
  printf '%s\n\\echo __end__\n' "$1" >&"${LS[1]}"
  while IFS= read -r -t 60 line <&"${LS[0]}"; do
    [ "$line" = "__end__" ] && break
    out+="$line"$'\n'
  done
  printf '%s' "${out%$'\n'}"
}
fresh() { psql -X -q -A -t -d "$DB" -c "$1" 2>&1; }
both() {
  is "$1 (a backend that checked before)" "$(ask "$3")" "$2"
  is "$1 (a new backend)" "$(fresh "$3")" "$2"
}
vA="SELECT public.verdict('rep', 'COPY t FROM ''s3://b/k'' IAM_ROLE ''$A'' CSV');"
vB="SELECT public.verdict('rep', 'COPY t FROM ''s3://b/k'' IAM_ROLE ''$B'' CSV');"
ask "$vA" >/dev/null
both "A associated on the subscriber: allowed" "allowed" "$vA"

pub -o /dev/null -c "SET redshift_iam.apply_delay = 0" -c "SET redshift_iam.account_id = '123456789012'" \
  -c "SET redshift_iam.region = 'us-east-1'" \
  -c "SELECT redshift_iam.modify_cluster_iam_roles('rep', remove_iam_roles => ARRAY['$A'])" \
  || not_ok "A removed on the publisher"
check "the removal arrives" wait_for \
  "SELECT count(*) FROM redshift_iam.catalog_cluster_iam_roles WHERE iam_role_arn = '$A' AND state = 'in-sync'" 0
both "A removed on the publisher: refused" "refused 28000" "$vA"

ask "$vB" >/dev/null
pub -o /dev/null -c "SET redshift_iam.apply_delay = 0" -c "SET redshift_iam.account_id = '123456789012'" \
  -c "SET redshift_iam.region = 'us-east-1'" -c "SELECT redshift_iam.delete_cluster('rep')" \
  || not_ok "the cluster deleted on the publisher"
check "the deletion arrives" wait_for "SELECT count(*) FROM redshift_iam.catalog_clusters WHERE cluster_identifier = 'rep'" 0
both "the cluster deleted on the publisher: not found" "refused 42704" "$vB"

# ---- the IAM snapshot ----
check "the IAM snapshot arrives" wait_for \
  "SELECT count(*) > 0 FROM redshift_iam.catalog_iam_roles WHERE role_arn = '$R'" t
ALLOW='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}'
vR="SELECT public.verdict('my-redshift-cluster', 'COPY t FROM ''s3://my-bucket/other/'' IAM_ROLE ''$R'' CSV');"
put() {
  pub -o /dev/null -c "SELECT redshift_iam.put_role_policy('$R', 'tmp', '$ALLOW')" || not_ok "a policy put on the publisher"
  check "the policy arrives" wait_for \
    "SELECT count(*) FROM redshift_iam.catalog_iam_role_policies WHERE policy_name = 'tmp'" 1
}
put
both "a policy put on the publisher allows COPY from other/" "allowed" "$vR"
pub -o /dev/null -c "SELECT redshift_iam.delete_role_policy('$R', 'tmp')" || not_ok "the policy deleted on the publisher"
check "the deletion arrives" wait_for \
  "SELECT count(*) FROM redshift_iam.catalog_iam_role_policies WHERE policy_name = 'tmp'" 0
both "the policy deleted on the publisher: refused" "refused 42501" "$vR"
put
both "put again: allowed" "allowed" "$vR"

ask '\q' >/dev/null 2>&1
finish
