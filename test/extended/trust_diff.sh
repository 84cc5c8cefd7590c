#!/usr/bin/env bash
# trust_diff.sh — differential test of the checks' caches: a random sequence
# of catalog changes (associations added and removed, clusters deleted and
# created, ASSUMEROLE granted and revoked to PUBLIC and to a user, IAM
# policies put and deleted, two of them, so that a rolled-back write and a
# committed one can raise the version to the same number), made by another
# session or by the long-lived session itself in a transaction it commits
# or rolls back, at the top or in a savepoint.  After each step the
# verdicts of every cluster x role x prefix x user, from the long-lived
# session (its row cache, IAM snapshots and memo warm) and from a new
# backend (nothing cached), must be equal; and for the roles the snapshot
# does not hold, equal to the verdicts decided in SQL from the views
# clusters and cluster_iam_roles and has_assumerole_privilege.
#   TRUST_DIFF_SEED=N TRUST_DIFF_STEPS=M bash test/extended/trust_diff.sh
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/extended/lib/common.bash

SEED=${TRUST_DIFF_SEED:-$$}
STEPS=${TRUST_DIFF_STEPS:-150}
RANDOM=$SEED
echo "# seed $SEED, $STEPS steps"

fresh_db rsi_trust_diff
R='arn:aws:iam::123456789012:role/RedshiftCopyUnload'
A='arn:aws:iam::123456789012:role/A'
B='arn:aws:iam::123456789012:role/B'
ROLES=("$R" "$A" "$B")
CLUSTERS=(my-redshift-cluster c2)
sql "$DB" -o /dev/null -v export="$(cat test/cli/fixtures/iam-account.json)" <<SQL || { not_ok "set up"; finish; }
ALTER DATABASE $DB SET redshift_iam.account_id = '123456789012';
ALTER DATABASE $DB SET redshift_iam.region = 'us-east-1';
ALTER DATABASE $DB SET redshift_iam.log_checks = none;
ALTER DATABASE $DB SET redshift_iam.apply_delay = 0;
ALTER DATABASE $DB SET client_min_messages = warning;
SET client_min_messages = warning;
SET redshift_iam.account_id = '123456789012';
SET redshift_iam.region = 'us-east-1';
SET redshift_iam.apply_delay = 0;
CREATE EXTENSION redshift_iam;
SELECT redshift_iam.create_cluster('my-redshift-cluster', 'dc2.large', 1, ARRAY['$R', '$A']);
SELECT redshift_iam.create_cluster('c2', 'dc2.large', 1, ARRAY['$B']);
SELECT redshift_iam.import_iam(:'export'::jsonb);
CREATE FUNCTION public.verdict(cluster text, command text) RETURNS text LANGUAGE plpgsql AS \$f\$
BEGIN
  PERFORM redshift_iam.check_command(cluster, command);
  RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
  RETURN SQLSTATE;
END \$f\$;
-- every cluster x role, for COPY from a prefix the snapshot allows and one it refuses
CREATE FUNCTION public.verdicts() RETURNS text LANGUAGE sql AS \$f\$
  SELECT string_agg(c || '/' || pg_catalog.right(r, 1) || '/' || p || '=' ||
                    public.verdict(c, pg_catalog.format('COPY t FROM %L IAM_ROLE %L CSV',
                                                        's3://my-bucket/' || p || '/', r)),
                    ' ' ORDER BY c, r, p)
    FROM (VALUES ('my-redshift-cluster'), ('c2')) cs(c),
         (VALUES ('$R'), ('$A'), ('$B')) rs(r),
         (VALUES ('sales'), ('other')) ps(p)
\$f\$;
-- the roles the snapshot does not hold (A, B): check_command's verdicts, and
-- the same decided in SQL from the views and has_assumerole_privilege (no
-- cache: the rules as documented, in Redshift's order)
CREATE FUNCTION public.verdicts_ab() RETURNS text LANGUAGE sql AS \$f\$
  SELECT string_agg(c || '/' || pg_catalog.right(r, 1) || '=' ||
                    public.verdict(c, pg_catalog.format('COPY t FROM %L IAM_ROLE %L CSV', 's3://b/k', r)),
                    ' ' ORDER BY c, r)
    FROM (VALUES ('my-redshift-cluster'), ('c2')) cs(c), (VALUES ('$A'), ('$B')) rs(r)
\$f\$;
CREATE FUNCTION public.sql_verdicts_ab() RETURNS text LANGUAGE sql AS \$f\$
  SELECT string_agg(c || '/' || pg_catalog.right(r, 1) || '=' ||
    CASE WHEN NOT EXISTS (SELECT 1 FROM redshift_iam.clusters k
                           WHERE k.account_id = '123456789012' AND k.region = 'us-east-1'
                             AND k.cluster_identifier = c AND k.cluster_status = 'available') THEN '42704'
         WHEN NOT redshift_iam.has_assumerole_privilege(r, 'COPY') THEN '42501'
         WHEN NOT EXISTS (SELECT 1 FROM redshift_iam.cluster_iam_roles a
                           WHERE a.account_id = '123456789012' AND a.region = 'us-east-1'
                             AND a.cluster_identifier = c AND a.iam_role_arn = r
                             AND a.apply_status = 'in-sync') THEN '28000'
         ELSE 'ok' END, ' ' ORDER BY c, r)
    FROM (VALUES ('my-redshift-cluster'), ('c2')) cs(c), (VALUES ('$A'), ('$B')) rs(r)
\$f\$;
GRANT EXECUTE ON FUNCTION public.verdict(text, text), public.verdicts(), public.verdicts_ab(),
  public.sql_verdicts_ab() TO PUBLIC;
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'trust_diff_u') THEN CREATE ROLE trust_diff_u; END IF;
END \$\$;
SQL
on_exit "psql -X -q -d postgres -c 'DROP ROLE IF EXISTS trust_diff_u'"
ALLOW='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}'
NOOP='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::unrelated/*"}]}'
ALL_VERDICTS="SELECT 'super ' || public.verdicts(); SET ROLE trust_diff_u; SELECT 'user ' || public.verdicts(); RESET ROLE;"
AB="SELECT 'super ' || public.verdicts_ab(); SET ROLE trust_diff_u; SELECT 'user ' || public.verdicts_ab(); RESET ROLE;"
SQL_AB="SELECT 'super ' || public.sql_verdicts_ab(); SET ROLE trust_diff_u; SELECT 'user ' || public.sql_verdicts_ab(); RESET ROLE;"

coproc LS { psql -X -q -A -t -d "$DB" 2>&1; }
ask() {
  local line out=
  printf '%s\n\\echo __end__\n' "$1" >&"${LS[1]}"
  while IFS= read -r -t 120 line <&"${LS[0]}"; do
    [ "$line" = "__end__" ] && break
    out+="$line"$'\n'
  done
  printf '%s' "${out%$'\n'}"
}
fresh() { psql -X -q -A -t -d "$DB" -c "$1" 2>&1; }
other() { psql -X -q -A -t -d "$DB" -c "$1" >/dev/null 2>&1; }

# one random change, as SQL that never fails (a refused change is a no-op
# in a subtransaction, so the transaction around it goes on)
change() {
  local q
  q=$(change_sql)
  printf 'DO $do$ BEGIN PERFORM 1 FROM (%s) x; EXCEPTION WHEN OTHERS THEN NULL; END $do$;' "${q%;}"
}
change_sql() {
  local c=${CLUSTERS[RANDOM % 2]} r=${ROLES[RANDOM % 3]}
  local plain=(0 1 2 3 4 5 8) iam=(6 7 9 10) k
  # half of the changes are IAM writes: a rolled-back one and a committed one
  # then often raise the version to the same number
  if [ $((RANDOM % 2)) -eq 0 ]; then k=${iam[RANDOM % 4]}; else k=${plain[RANDOM % 7]}; fi
  case $k in
    0) echo "SELECT redshift_iam.modify_cluster_iam_roles('$c', ARRAY['$r']) IS NULL;" ;;
    1) echo "SELECT redshift_iam.modify_cluster_iam_roles('$c', remove_iam_roles => ARRAY['$r']) IS NULL;" ;;
    2) echo "SELECT redshift_iam.revoke_assumerole('ALL', 'PUBLIC');" ;;
    3) echo "SELECT redshift_iam.grant_assumerole('ALL', 'PUBLIC');" ;;
    4) echo "SELECT redshift_iam.grant_assumerole('$r', 'trust_diff_u', '{COPY}');" ;;
    5) echo "SELECT redshift_iam.revoke_assumerole('$r', 'trust_diff_u', '{COPY}');" ;;
    6) echo "SELECT redshift_iam.put_role_policy('$R', 'p', '$ALLOW');" ;;
    7) echo "SELECT redshift_iam.delete_role_policy('$R', 'p');" ;;
    9) echo "SELECT redshift_iam.put_role_policy('$R', 'q', '$NOOP');" ;;
    10) echo "SELECT redshift_iam.delete_role_policy('$R', 'q');" ;;
    8) if [ $((RANDOM % 2)) -eq 0 ]; then
         echo "SELECT redshift_iam.delete_cluster('$c', skip_final_cluster_snapshot => true) IS NULL;"
       else
         echo "SELECT redshift_iam.create_cluster('$c', 'dc2.large', 1, ARRAY['$r']) IS NULL;"
       fi ;;
  esac
}

ask "$ALL_VERDICTS" >/dev/null
mismatches=0
sql_mismatches=0
AB_SEEN=()
for ((i = 1; i <= STEPS; i++)); do
  ch=$(change)
  case $((RANDOM % 5)) in
    0|1) other "$ch"; how="another session" ;;
    2) ask "BEGIN; $ch" >/dev/null; ask "$ALL_VERDICTS" >/dev/null; ask "ROLLBACK;" >/dev/null
       ch2=$(change); other "$ch2"; ch+=" then $ch2"
       how="this session, rolled back; then another session" ;;
    3) ask "BEGIN; SAVEPOINT s; $ch" >/dev/null; ask "$ALL_VERDICTS" >/dev/null
       ask "ROLLBACK TO SAVEPOINT s; $(change)" >/dev/null; ask "$ALL_VERDICTS" >/dev/null; ask "COMMIT;" >/dev/null
       how="this session, a savepoint rolled back then another change committed" ;;
    4) ask "BEGIN; $ch" >/dev/null; ask "$ALL_VERDICTS" >/dev/null; ask "COMMIT;" >/dev/null
       how="this session, committed" ;;
  esac
  got=$(ask "$ALL_VERDICTS")
  want=$(fresh "$ALL_VERDICTS")
  if [ "$got" != "$want" ]; then
    mismatches=$((mismatches + 1))
    [ "$mismatches" -le 3 ] && printf 'step %d (%s): %s\nwarm:  %s\nfresh: %s\n' "$i" "$how" "$ch" "$got" "$want" | diag
  fi
  got=$(ask "$AB")
  want=$(fresh "$SQL_AB")
  AB_SEEN+=("$want")
  if [ "$got" != "$want" ]; then
    sql_mismatches=$((sql_mismatches + 1))
    [ "$sql_mismatches" -le 3 ] && printf 'step %d (%s): %s\nwarm: %s\nSQL:  %s\n' "$i" "$how" "$ch" "$got" "$want" | diag
  fi
done
is "$STEPS random steps: the warm session's verdicts equal a new backend's (mismatches)" "$mismatches" 0
is "$STEPS random steps: the warm session's verdicts on A and B equal the SQL rules' (mismatches)" "$sql_mismatches" 0
final=$(fresh "$ALL_VERDICTS")
seen=$(printf '%s\n' "${AB_SEEN[@]}" | tr ' ' '\n' | cut -s -d= -f2 | sort -u | tr '\n' ' ')
check "A and B met every verdict the SQL rules give (${seen})" \
  bash -c '[ "$(wc -w <<<"$1")" -ge 4 ]' _ "$seen"
check "the verdicts are not all the same (the steps changed something)" \
  bash -c '[ "$(tr " " "\n" <<<"$1" | cut -d= -f2 | sort -u | wc -l)" -gt 1 ]' _ "$final"
ask '\q' >/dev/null 2>&1
finish
