#!/usr/bin/env bash
# trust_cache.sh — a backend that has checked before (its catalog row cache,
# its IAM snapshots and evaluation memo) gives the verdict a new backend
# gives, after every sequence that changes the answer: a rolled-back IAM
# write whose version number a later committed write takes again, a
# savepoint rolled back the same way, DROP and CREATE EXTENSION, IAM writes
# under session_replication_role = replica, another session's writes
# (GRANT/REVOKE of ASSUMEROLE, role membership, a role renamed, TRUNCATE,
# a write with the cache trigger disabled), SET ROLE and SECURITY DEFINER
# between users of different privileges, another account or region, and a
# temporary table shadowing a catalog table.  Each scenario asks the
# long-lived session, then a fresh connection, and wants both to equal the
# right verdict.
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/extended/lib/common.bash

fresh_db rsi_trust_cache
R='arn:aws:iam::123456789012:role/RedshiftCopyUnload'
A='arn:aws:iam::123456789012:role/A'
EXPORT=$(cat test/cli/fixtures/iam-account.json)
# the cluster and snapshot every scenario starts from (CREATE EXTENSION again
# runs it in the session that dropped the extension)
SETUP="SET client_min_messages = warning;
CREATE EXTENSION redshift_iam;
SET redshift_iam.apply_delay = 0;
SELECT redshift_iam.create_cluster('my-redshift-cluster', 'dc2.large', 1, ARRAY['$R', '$A']) IS NULL AS x;
SELECT redshift_iam.import_iam(:'export'::jsonb) IS NULL AS x;
RESET redshift_iam.apply_delay;
RESET client_min_messages;"
sql "$DB" -o /dev/null -v export="$EXPORT" <<SQL || { not_ok "set up"; finish; }
ALTER DATABASE $DB SET redshift_iam.account_id = '123456789012';
ALTER DATABASE $DB SET redshift_iam.region = 'us-east-1';
ALTER DATABASE $DB SET redshift_iam.log_checks = none;
SET redshift_iam.account_id = '123456789012';
SET redshift_iam.region = 'us-east-1';
$SETUP
-- the verdict and SQLSTATE only
CREATE FUNCTION public.verdict(cluster text, command text) RETURNS text LANGUAGE plpgsql AS \$f\$
BEGIN
  PERFORM redshift_iam.check_command(cluster, command);
  RETURN 'allowed';
EXCEPTION WHEN OTHERS THEN
  RETURN 'refused ' || SQLSTATE;
END \$f\$;
-- validate_script's verdict of the same command
CREATE FUNCTION public.script_verdict(cluster text, command text) RETURNS text LANGUAGE sql AS \$f\$
  SELECT CASE WHEN ok THEN 'allowed' ELSE 'refused ' || sqlstate END
    FROM redshift_iam.validate_script(cluster, command)
\$f\$;
GRANT EXECUTE ON FUNCTION public.verdict(text, text), public.script_verdict(text, text) TO PUBLIC;
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'trust_u1') THEN CREATE ROLE trust_u1; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'trust_u2') THEN CREATE ROLE trust_u2; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'trust_u1x') THEN CREATE ROLE trust_u1x; END IF;
END \$\$;
SQL
on_exit "psql -X -q -d postgres -c 'DROP ROLE IF EXISTS trust_u1, trust_u2, trust_u1x'"

ALLOW='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}'
NOOP='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::unrelated/*"}]}'
# refused by the snapshot: no policy of R allows s3:GetObject on other/
COPY_NO="COPY t FROM 's3://my-bucket/other/' IAM_ROLE '$R' CSV"
# A is associated but not in the snapshot: only the association and ASSUMEROLE decide
COPY_A="COPY t FROM 's3://b/k' IAM_ROLE '$A' CSV"
v() { printf "SELECT public.verdict('my-redshift-cluster', \$q\$%s\$q\$) || ' ' || public.script_verdict('my-redshift-cluster', \$q\$%s\$q\$);" "$1" "$1"; }

# the long-lived session: a psql coprocess; ask SQL prints what it printed
coproc LS { psql -X -q -A -t -v export="$EXPORT" -d "$DB" 2>&1; }
ask() {
  local line out=
  printf '%s\n\\echo __end__\n' "$1" >&"${LS[1]}"
  while IFS= read -r -t 60 line <&"${LS[0]}"; do
    [ "$line" = "__end__" ] && break
    out+="$line"$'\n'
  done
  printf '%s' "${out%$'\n'}"
}
# a new backend's answer: nothing cached
fresh() { psql -X -q -A -t -d "$DB" -c "$1" 2>&1; }
# the superuser in another session
other() {
  printf 'SET client_min_messages = warning;\n%s\n' "$1" |
    psql -X -q -A -t -v ON_ERROR_STOP=1 -v export="$EXPORT" -d "$DB" >/dev/null 2>&1 ||
    not_ok "in another session: ${1:0:100}"
}
# scenario DESCRIPTION WANT SQL: the long-lived session and a new backend both give WANT
both() {
  local d=$1 want=$2 q=$3
  is "$d (this session)" "$(ask "$q")" "$want"
  is "$d (a new backend)" "$(fresh "$q")" "$want"
}

REF="refused 42501 refused 42501"
OK="allowed allowed"
both "the snapshot refuses COPY from other/" "$REF" "$(v "$COPY_NO")"

# ---- the IAM snapshot's version ----
# a rolled-back write raised the version; a committed write takes the same
# number: what the session loaded in the rolled-back transaction is not current
VER="SELECT version FROM redshift_iam.catalog_iam_version;"
ask "BEGIN;" >/dev/null
ask "SELECT redshift_iam.put_role_policy('$R', 'tmp', '$ALLOW');" >/dev/null
is "in the writing transaction, its own policy allows" "$(ask "$(v "$COPY_NO")")" "$OK"
v1=$(ask "$VER")
ask "ROLLBACK;" >/dev/null
other "SELECT redshift_iam.put_role_policy('$R', 'tmp', '$NOOP')"
is "the committed write took the rolled-back version number" "$(fresh "$VER")" "$v1"
both "a rolled-back IAM write, then a committed write of the same version: refused" "$REF" "$(v "$COPY_NO")"

# the same within one transaction: a savepoint rolled back, then another write
ask "BEGIN;" >/dev/null
ask "SAVEPOINT a;" >/dev/null
ask "SELECT redshift_iam.put_role_policy('$R', 'tmp2', '$ALLOW');" >/dev/null
is "in the savepoint, its policy allows" "$(ask "$(v "$COPY_NO")")" "$OK"
v1=$(ask "$VER")
ask "ROLLBACK TO SAVEPOINT a;" >/dev/null
ask "SELECT redshift_iam.put_role_policy('$R', 'tmp2', '$NOOP');" >/dev/null
is "the write after ROLLBACK TO took the same version number" "$(ask "$VER")" "$v1"
is "after ROLLBACK TO SAVEPOINT and another write in the transaction: refused" \
  "$(ask "$(v "$COPY_NO")")" "$REF"
ask "COMMIT;" >/dev/null
both "and after its COMMIT" "$REF" "$(v "$COPY_NO")"

# DROP EXTENSION and CREATE EXTENSION: the version starts again from 0, and
# the same writes take it to the same number
ask "DROP EXTENSION redshift_iam;" >/dev/null
ask "$SETUP" >/dev/null
ask "SELECT redshift_iam.put_role_policy('$R', 'tmp', '$ALLOW');" >/dev/null
is "the extension created again, a policy allows it" "$(ask "$(v "$COPY_NO")")" "$OK"
v1=$(ask "$VER")
ask "DROP EXTENSION redshift_iam;" >/dev/null
ask "$SETUP" >/dev/null
ask "SELECT redshift_iam.put_role_policy('$R', 'tmp', '$NOOP');" >/dev/null
is "created again and written the same way: the same version number" "$(ask "$VER")" "$v1"
both "dropped and created again in this session, the policy not there: refused" "$REF" "$(v "$COPY_NO")"
other "DROP EXTENSION redshift_iam; $SETUP; SELECT redshift_iam.put_role_policy('$R', 'tmp', '$ALLOW')"
both "created again in another session, a policy allows it" "$OK" "$(v "$COPY_NO")"
other "DROP EXTENSION redshift_iam; $SETUP; SELECT redshift_iam.put_role_policy('$R', 'tmp', '$NOOP')"
is "the same version number again" "$(fresh "$VER")" "$v1"
both "dropped and created again in another session, the policy not there: refused" "$REF" "$(v "$COPY_NO")"

# an IAM write under session_replication_role = replica (a superuser's
# restore or bulk load) still changes what the checks see
other "SELECT redshift_iam.put_role_policy('$R', 'tmp', '$ALLOW')"
both "a policy allows it" "$OK" "$(v "$COPY_NO")"
other "SET session_replication_role = replica; SELECT redshift_iam.delete_role_policy('$R', 'tmp')"
both "the policy deleted under session_replication_role = replica: refused" "$REF" "$(v "$COPY_NO")"
ask "SET session_replication_role = replica;" >/dev/null
ask "SELECT redshift_iam.put_role_policy('$R', 'tmp', '$ALLOW');" >/dev/null
ask "RESET session_replication_role;" >/dev/null
both "put back in this session under replica: allowed" "$OK" "$(v "$COPY_NO")"
ask "SET session_replication_role = replica;" >/dev/null
ask "SELECT redshift_iam.delete_role_policy('$R', 'tmp');" >/dev/null
ask "RESET session_replication_role;" >/dev/null
both "deleted again in this session under replica: refused" "$REF" "$(v "$COPY_NO")"

# the version trigger disabled on one IAM table, or made to fire on origin
# writes only: a policy deleted then is not announced, so the session keeps
# no snapshot from one call to the next while a trigger is not in place
for how in "DISABLE TRIGGER iam_snapshot_changed" "ENABLE TRIGGER iam_snapshot_changed" \
           "DISABLE TRIGGER iam_snapshot_changed_row"; do
  other "SELECT redshift_iam.put_role_policy('$R', 'tmp', '$ALLOW')"
  other "ALTER TABLE redshift_iam.catalog_iam_role_policies $how"
  both "$how: a policy allows it" "$OK" "$(v "$COPY_NO")"
  if [ "$how" = "ENABLE TRIGGER iam_snapshot_changed" ]; then
    other "SET session_replication_role = replica; SELECT redshift_iam.delete_role_policy('$R', 'tmp')"
  else
    other "ALTER TABLE redshift_iam.catalog_iam_role_policies DISABLE TRIGGER iam_snapshot_changed; SELECT redshift_iam.delete_role_policy('$R', 'tmp'); ALTER TABLE redshift_iam.catalog_iam_role_policies ENABLE ALWAYS TRIGGER iam_snapshot_changed; ALTER TABLE redshift_iam.catalog_iam_role_policies $how"
  fi
  both "$how: the policy deleted unannounced: refused" "$REF" "$(v "$COPY_NO")"
  other "ALTER TABLE redshift_iam.catalog_iam_role_policies ENABLE ALWAYS TRIGGER iam_snapshot_changed; ALTER TABLE redshift_iam.catalog_iam_role_policies ENABLE REPLICA TRIGGER iam_snapshot_changed_row"
done

# ---- the catalog row cache and ASSUMEROLE ----
RA="refused 42501 refused 42501"
both "A: allowed to a plain user while PUBLIC holds ALL" "$OK" "SET ROLE trust_u2; $(v "$COPY_A") RESET ROLE;"
other "SELECT redshift_iam.revoke_assumerole('ALL', 'PUBLIC'); SELECT redshift_iam.grant_assumerole('$A', 'trust_u1', '{COPY}')"
both "PUBLIC's grant revoked in another session: trust_u2 refused" "$RA" "SET ROLE trust_u2; $(v "$COPY_A") RESET ROLE;"
both "trust_u1, granted: allowed" "$OK" "SET ROLE trust_u1; $(v "$COPY_A") RESET ROLE;"
both "then trust_u2 again in the same session: refused" "$RA" "SET ROLE trust_u2; $(v "$COPY_A") RESET ROLE;"
both "SET ROLE trust_u1 then trust_u2 in one statement sequence" "$OK
$RA" "SET ROLE trust_u1; $(v "$COPY_A") SET ROLE trust_u2; $(v "$COPY_A") RESET ROLE;"

# SECURITY DEFINER: the check is the definer's (GetUserId), as any query in it
other "CREATE FUNCTION public.as_u1(c text) RETURNS text LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS \$f\$ SELECT public.verdict('my-redshift-cluster', c) \$f\$; ALTER FUNCTION public.as_u1(text) OWNER TO trust_u1; GRANT EXECUTE ON FUNCTION public.as_u1(text) TO trust_u2"
both "trust_u2 through trust_u1's SECURITY DEFINER function: trust_u1's verdict" \
  "allowed|refused 42501" "SET ROLE trust_u2; SELECT public.as_u1(\$q\$$COPY_A\$q\$) || '|' || public.verdict('my-redshift-cluster', \$q\$$COPY_A\$q\$); RESET ROLE;"

# membership: through trust_u1, then not
other "GRANT trust_u1 TO trust_u2"
both "trust_u2 a member of trust_u1: allowed" "$OK" "SET ROLE trust_u2; $(v "$COPY_A") RESET ROLE;"
other "REVOKE trust_u1 FROM trust_u2"
both "the membership revoked in another session: refused" "$RA" "SET ROLE trust_u2; $(v "$COPY_A") RESET ROLE;"
# the grant follows the role's name: renamed, it holds nothing
other "ALTER ROLE trust_u1 RENAME TO trust_u1y"
both "trust_u1 renamed: its grant does not follow" "$RA" "SET ROLE trust_u1y; $(v "$COPY_A") RESET ROLE;"
other "ALTER ROLE trust_u1y RENAME TO trust_u1"
both "renamed back: allowed again" "$OK" "SET ROLE trust_u1; $(v "$COPY_A") RESET ROLE;"
other "SELECT redshift_iam.revoke_assumerole('$A', 'trust_u1', '{COPY}')"
both "the grant revoked in another session: refused" "$RA" "SET ROLE trust_u1; $(v "$COPY_A") RESET ROLE;"
other "SELECT redshift_iam.grant_assumerole('ALL', 'PUBLIC')"
both "PUBLIC's grant back: allowed" "$OK" "SET ROLE trust_u2; $(v "$COPY_A") RESET ROLE;"

# ---- the association, written around the functions ----
RN="refused 28000 refused 28000"
both "A associated: allowed (the row is in this session's cache)" "$OK" "$(v "$COPY_A")"
other "TRUNCATE redshift_iam.catalog_cluster_iam_roles"
both "the associations truncated in another session: refused" "$RN" "$(v "$COPY_A")"
other "SET redshift_iam.apply_delay = 0; SELECT redshift_iam.modify_cluster_iam_roles('my-redshift-cluster', ARRAY['$A']) IS NULL"
both "A added again: allowed" "$OK" "$(v "$COPY_A")"
other "ALTER TABLE redshift_iam.catalog_cluster_iam_roles DISABLE TRIGGER check_cache_invalidate; DELETE FROM redshift_iam.catalog_cluster_iam_roles WHERE iam_role_arn = '$A'"
both "deleted with the cache trigger disabled: refused" "$RN" "$(v "$COPY_A")"
other "ALTER TABLE redshift_iam.catalog_cluster_iam_roles ENABLE ALWAYS TRIGGER check_cache_invalidate; SET redshift_iam.apply_delay = 0; SELECT redshift_iam.modify_cluster_iam_roles('my-redshift-cluster', ARRAY['$A']) IS NULL"
both "the trigger enabled again, A added: allowed" "$OK" "$(v "$COPY_A")"
other "SET session_replication_role = replica; DELETE FROM redshift_iam.catalog_cluster_iam_roles WHERE iam_role_arn = '$A'"
both "deleted under session_replication_role = replica: refused" "$RN" "$(v "$COPY_A")"
other "SET redshift_iam.apply_delay = 0; SELECT redshift_iam.modify_cluster_iam_roles('my-redshift-cluster', ARRAY['$A']) IS NULL"

# a temporary table of a catalog table's name, first in search_path, is not read
ask "CREATE TEMP TABLE catalog_cluster_iam_roles (LIKE redshift_iam.catalog_cluster_iam_roles); CREATE TEMP TABLE catalog_clusters (LIKE redshift_iam.catalog_clusters);" >/dev/null
ask "INSERT INTO pg_temp.catalog_clusters SELECT * FROM redshift_iam.catalog_clusters; UPDATE pg_temp.catalog_clusters SET cluster_identifier = 'ghost'; INSERT INTO pg_temp.catalog_cluster_iam_roles SELECT * FROM redshift_iam.catalog_cluster_iam_roles; UPDATE pg_temp.catalog_cluster_iam_roles SET iam_role_arn = 'arn:aws:iam::123456789012:role/Ghost';" >/dev/null
is "a cluster only in a temporary table of the catalog's name: not found" \
  "$(ask "SET search_path = pg_temp, redshift_iam, public; SELECT public.verdict('ghost', \$q\$$COPY_A\$q\$); RESET search_path;")" "refused 42704"
is "a role only in a temporary table of the catalog's name: refused" \
  "$(ask "SET search_path = pg_temp, redshift_iam, public; $(v "COPY t FROM 's3://b/k' IAM_ROLE 'arn:aws:iam::123456789012:role/Ghost' CSV") RESET search_path;")" "$RN"

# ---- the account and region are part of the row's key ----
other "SET redshift_iam.account_id = '210987654321'; SET redshift_iam.apply_delay = 0; SELECT redshift_iam.create_cluster('my-redshift-cluster', 'dc2.large', 1) IS NULL"
both "the same identifier in another account without A: refused" "$RN" \
  "SET redshift_iam.account_id = '210987654321'; $(v "$COPY_A") RESET redshift_iam.account_id;"
both "and in the first account: allowed" "$OK" "$(v "$COPY_A")"
both "another region: no such cluster" "refused 42704 refused 42704" \
  "SET redshift_iam.region = 'eu-west-1'; $(v "$COPY_A") RESET redshift_iam.region;"

# ---- the cache is in use, and only with every trigger in place ----
# (these tests pass vacuously if the cache is never used: prove it is)
# (every index of the table: a check reads an association by its primary
# key or by the hash index catalog_cluster_iam_roles_check)
SCANS="SELECT sum(pg_stat_get_xact_numscans(indexrelid)) FROM pg_index WHERE indrelid = 'redshift_iam.catalog_cluster_iam_roles'::regclass;"
twice() { ask "BEGIN; $(v "$COPY_A") $SCANS $(v "$COPY_A") $SCANS COMMIT;"; }
out=$(twice)
is "two checks in a transaction: the second reads no association from the table" \
  "$(sed -n 2p <<<"$out")" "$(sed -n 4p <<<"$out")"
other "ALTER TABLE redshift_iam.catalog_cluster_iam_roles DISABLE TRIGGER check_cache_invalidate_row"
out=$(twice)
check "the row trigger (logical replication's) disabled: the second check reads the table" \
  [ "$(sed -n 4p <<<"$out")" -gt "$(sed -n 2p <<<"$out")" ]
other "ALTER TABLE redshift_iam.catalog_cluster_iam_roles ENABLE REPLICA TRIGGER check_cache_invalidate_row"
out=$(twice)
is "enabled again: the cache is used again" "$(sed -n 2p <<<"$out")" "$(sed -n 4p <<<"$out")"

# the IAM snapshots are kept from call to call, and not while a version
# trigger is disabled (counted by the reads of iam_authorization_details)
ask "SET track_functions = 'all';" >/dev/null
other "SET redshift_iam.apply_delay = 0; SELECT redshift_iam.modify_cluster_iam_roles('my-redshift-cluster', ARRAY['$R']) IS NULL"
both "R associated again: the snapshot refuses COPY from other/" "$REF" "$(v "$COPY_NO")"
READS="SELECT pg_stat_get_xact_function_calls('redshift_iam_internal.iam_authorization_details(text[])'::regprocedure);"
iam_twice() { ask "BEGIN; $(v "$COPY_NO") $READS $(v "$COPY_NO") $READS COMMIT;"; }
out=$(iam_twice)
check "IAM: the snapshot was read" [ "$(sed -n 2p <<<"$out")" -ge 1 ]
is "IAM: the second check reads no snapshot" "$(sed -n 2p <<<"$out")" "$(sed -n 4p <<<"$out")"
other "ALTER TABLE redshift_iam.catalog_iam_policies DISABLE TRIGGER iam_snapshot_changed_row"
out=$(iam_twice)
check "IAM: a version trigger disabled: each check reads the snapshot again" \
  [ "$(sed -n 4p <<<"$out")" -gt "$(sed -n 2p <<<"$out")" ]
other "ALTER TABLE redshift_iam.catalog_iam_policies ENABLE REPLICA TRIGGER iam_snapshot_changed_row"
ask "$(v "$COPY_NO")" >/dev/null
out=$(iam_twice)
is "IAM: enabled again: kept again" "$(sed -n 2p <<<"$out")" "$(sed -n 4p <<<"$out")"

ask '\q' >/dev/null 2>&1
finish
