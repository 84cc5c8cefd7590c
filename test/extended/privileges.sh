#!/usr/bin/env bash
# privileges.sh — a plain database user cannot change the catalog.
#   * no INSERT, UPDATE, DELETE or TRUNCATE on any table of the extension
#     (privileges and real attempts), none through the views, no DDL in the
#     schema, no DROP of its objects;
#   * functions that change the catalog are not executable by PUBLIC (by
#     name, by their source, and by calling every function PUBLIC may run and
#     comparing the catalog before and after);
#   * SECURITY DEFINER functions, and every PL/pgSQL function, pin
#     search_path = pg_catalog, pg_temp (hijack.sh covers the others);
#   * settings that weaken enforcement are superuser-only;
#   * a plain user cannot CREATE EXTENSION redshift_iam.
# Functions are called as superuser to fill the catalog, and as the plain
# user only to show refusals (policy enforcement is authz.c's business).
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/extended/lib/common.bash

fresh_db rsi_priv
PLAIN=rsi_plain_$$
createuser "$PLAIN" || { not_ok "createuser $PLAIN"; finish; }
on_exit "psql -X -q -d postgres -c 'DROP ROLE IF EXISTS $PLAIN'"
sql "$DB" -c "GRANT CREATE ON DATABASE \"$DB\" TO $PLAIN" -c "GRANT CREATE ON SCHEMA public TO $PLAIN"

# a plain user cannot create the extension (superuser = true, trusted = false)
probe_add "a plain user cannot CREATE EXTENSION redshift_iam" 42501 "CREATE EXTENSION redshift_iam"
probe_run "$DB" "$PLAIN"

sql "$DB" -c "CREATE EXTENSION redshift_iam" || { not_ok "CREATE EXTENSION"; finish; }
sql "$DB" >/dev/null <<'SQL' || not_ok "fill the catalog"
SET redshift_iam.apply_delay = '1h';
SELECT redshift_iam.create_cluster('priv', 'dc1.large', 2,
         ARRAY['arn:aws:iam::123456789012:role/A', 'arn:aws:iam::123456789012:role/B'],
         'arn:aws:iam::123456789012:role/A');
SELECT redshift_iam.apply_pending_changes();
SELECT redshift_iam.modify_cluster_iam_roles('priv', ARRAY['arn:aws:iam::123456789012:role/C']);
SELECT redshift_iam.create_role('arn:aws:iam::123456789012:role/A',
         '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "redshift.amazonaws.com"}, "Action": "sts:AssumeRole"}]}');
SELECT redshift_iam.put_role_policy('arn:aws:iam::123456789012:role/A', 'Read',
         '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}');
SELECT redshift_iam.create_policy('arn:aws:iam::123456789012:policy/P',
         '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}]}');
SELECT redshift_iam.attach_role_policy('arn:aws:iam::123456789012:role/A', 'arn:aws:iam::123456789012:policy/P');
SELECT redshift_iam.put_resource_policy('arn:aws:s3:::bkt',
         '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bkt/*"}]}');
SQL

# ---- tables and views ----
# one row per relation: name, kind, write privileges the plain user holds,
# first column (connections are slow on a loaded machine: few queries)
rels=$(sql "$DB" -F '|' <<SQL
SELECT c.oid::regclass, c.relkind,
       coalesce((SELECT string_agg(p, ',') FROM unnest(ARRAY['INSERT','UPDATE','DELETE','TRUNCATE','REFERENCES','TRIGGER']) p
                  WHERE has_table_privilege('$PLAIN', c.oid, p)), ''),
       (SELECT attname FROM pg_attribute WHERE attrelid = c.oid AND attnum = 1)
  FROM pg_class c
 WHERE c.relnamespace IN ('redshift_iam'::regnamespace, 'redshift_iam_internal'::regnamespace) AND c.relkind IN ('r', 'p', 'v', 'm')
 ORDER BY c.relkind, 1::text
SQL
)
grep -q '^[^|]*|r|' <<< "$rels" || not_ok "the extension has tables"
while IFS='|' read -r t kind privs col; do
  [ -n "$t" ] || continue
  if [ "$kind" = r ] || [ "$kind" = p ]; then
    is "$t: the plain user holds no write privilege" "$privs" ""
    probe_add "$t: INSERT refused" 42501 "INSERT INTO $t DEFAULT VALUES"
    probe_add "$t: UPDATE refused" 42501 "UPDATE $t SET $col = $col"
    probe_add "$t: DELETE refused" 42501 "DELETE FROM $t"
    probe_add "$t: TRUNCATE refused" 42501 "TRUNCATE $t"
    probe_add "$t: DROP refused" 42501 "DROP TABLE $t"
  else
    is "$t: the plain user holds no write privilege on the view" "$privs" ""
    # PostgreSQL checks updatability before privileges, so a view that is not
    # auto-updatable refuses with 0A000 or 55000 rather than 42501
    for q in "INSERT INTO $t ($col) VALUES (NULL)" "UPDATE $t SET $col = $col" "DELETE FROM $t"; do
      probe_add "$t: ${q%% *} through the view refused" "42501|0A000|55000" "$q"
    done
  fi
done <<< "$rels"
probe_add "no CREATE in schema redshift_iam" 42501 "CREATE TABLE redshift_iam.planted (x int)"
probe_add "no CREATE FUNCTION in schema redshift_iam" 42501 "CREATE FUNCTION redshift_iam.planted() RETURNS int LANGUAGE sql AS 'SELECT 1'"
probe_add "no CREATE in schema redshift_iam_internal" 42501 "CREATE TABLE redshift_iam_internal.planted (x int)"
probe_add "no CREATE FUNCTION in schema redshift_iam_internal" 42501 "CREATE FUNCTION redshift_iam_internal.planted() RETURNS int LANGUAGE sql AS 'SELECT 1'"
probe_add "no ALTER of the extension's internal functions" 42501 "ALTER FUNCTION redshift_iam_internal._authorize(text, text, text[], text) SECURITY DEFINER"
probe_add "no ALTER of the extension's functions" 42501 "ALTER FUNCTION redshift_iam.describe_clusters(text, integer, text) SECURITY INVOKER"

# ---- functions ----
# by name: the management functions that change the catalog
sigs=$(sql "$DB" -F '|' <<'SQL'
SELECT p.oid::regprocedure, p.oid::regproc,
       EXISTS (SELECT FROM aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
                WHERE a.grantee = 0 AND a.privilege_type = 'EXECUTE'),
       coalesce((SELECT string_agg('NULL', ', ') FROM generate_series(1, p.pronargs)), '')
  FROM pg_proc p
 WHERE p.pronamespace IN ('redshift_iam'::regnamespace, 'redshift_iam_internal'::regnamespace)
   AND p.proname IN ('create_cluster', 'modify_cluster_iam_roles', 'delete_cluster', 'apply_pending_changes',
                     'import_clusters', '_materialize', 'grant_assumerole', 'revoke_assumerole',
                     'map_principal', 'unmap_principal', 'put_principal_policy', 'delete_principal_policy',
                     'import_iam', 'create_role', 'delete_role', 'put_role_policy', 'delete_role_policy',
                     'create_policy', 'create_policy_version', 'set_default_policy_version',
                     'delete_policy_version', 'delete_policy', 'attach_role_policy', 'detach_role_policy',
                     'put_resource_policy', 'delete_resource_policy')
 ORDER BY 1::text
SQL
)
while IFS='|' read -r sig fn pub args; do
  [ -n "$sig" ] || continue
  is "$sig is not executable by PUBLIC" "$pub" "f"
  probe_add "$sig refused to the plain user" 42501 "SELECT $fn($args)"
done <<< "$sigs"
probe_run "$DB" "$PLAIN"

# by source: no function PUBLIC may execute writes, or calls a writer
writers=$(sql "$DB" <<'SQL'
SELECT coalesce(string_agg(p.oid::regprocedure::text, ' '), '')
  FROM pg_proc p
 WHERE p.pronamespace IN ('redshift_iam'::regnamespace, 'redshift_iam_internal'::regnamespace)
   AND EXISTS (SELECT FROM aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
                WHERE a.grantee = 0 AND a.privilege_type = 'EXECUTE')
   AND p.prolang <> (SELECT oid FROM pg_language WHERE lanname = 'c')
   AND (p.prosrc ~* '\m(insert\s+into|delete\s+from|truncate|grant|revoke)\M'
        OR p.prosrc ~* '\mupdate\s+redshift_iam(_internal)?\.'
        OR p.prosrc ~* '\mredshift_iam(_internal)?\.(_materialize|create_cluster|modify_cluster_iam_roles|delete_cluster|apply_pending_changes|import_clusters|grant_assumerole|revoke_assumerole)\M'
        OR p.prosrc ~* '\mredshift_iam\.(import_iam|create_role|delete_role|put_role_policy|delete_role_policy|create_policy|create_policy_version|set_default_policy_version|delete_policy_version|delete_policy|attach_role_policy|detach_role_policy|put_resource_policy|delete_resource_policy)\M')
SQL
)
is "no SQL or PL/pgSQL function executable by PUBLIC writes (by its source)" "$writers" ""

# SECURITY DEFINER functions, and all SQL / PL/pgSQL functions, pin search_path
bad=$(sql "$DB" -c "SELECT coalesce(string_agg(p.oid::regprocedure::text, ' '), '') FROM pg_proc p WHERE p.pronamespace IN ('redshift_iam'::regnamespace, 'redshift_iam_internal'::regnamespace) AND p.prosecdef AND NOT coalesce(p.proconfig @> ARRAY['search_path=pg_catalog, pg_temp'], false)")
is "every SECURITY DEFINER function has SET search_path = pg_catalog, pg_temp" "$bad" ""
ndef=$(sql "$DB" -c "SELECT count(*) FROM pg_proc p WHERE p.pronamespace IN ('redshift_iam'::regnamespace, 'redshift_iam_internal'::regnamespace) AND p.prosecdef")
echo "# $ndef SECURITY DEFINER functions"
# SQL functions left without SET so that the planner can inline them must
# name every object with its schema; hijack.sh shows that they resolve
# nothing through the caller's search_path
unpinned=$(sql "$DB" -c "SELECT coalesce(string_agg(p.oid::regprocedure::text, ' '), '') FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang WHERE p.pronamespace IN ('redshift_iam'::regnamespace, 'redshift_iam_internal'::regnamespace) AND l.lanname IN ('sql', 'plpgsql') AND NOT coalesce(p.proconfig @> ARRAY['search_path=pg_catalog, pg_temp'], false)")
echo "# SQL functions without a pinned search_path (inlinable, schema-qualified): ${unpinned:-none}"
bad=$(sql "$DB" -c "SELECT coalesce(string_agg(p.oid::regprocedure::text, ' '), '') FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang WHERE p.pronamespace IN ('redshift_iam'::regnamespace, 'redshift_iam_internal'::regnamespace) AND l.lanname = 'plpgsql' AND NOT coalesce(p.proconfig @> ARRAY['search_path=pg_catalog, pg_temp'], false)")
is "every PL/pgSQL function pins search_path" "$bad" ""
bad=$(sql "$DB" -c "SELECT coalesce(string_agg(p.oid::regprocedure::text, ' '), '') FROM pg_proc p WHERE p.pronamespace IN ('redshift_iam'::regnamespace, 'redshift_iam_internal'::regnamespace) AND p.prosecdef AND p.prolang = (SELECT oid FROM pg_language WHERE lanname = 'c')")
is "no C function is SECURITY DEFINER" "$bad" ""

# by behaviour: the plain user calls every function PUBLIC may execute, with
# NULLs and with plausible arguments; the catalog does not change
before=$(catalog_snapshot "$DB")
calls=$(sql "$DB" <<'SQL'
SELECT format('SELECT %s(%s)', p.oid::regproc::text,
              (SELECT string_agg(CASE
                   WHEN v.k = 'null' THEN 'NULL::' || format_type(a.t, NULL)
                   WHEN a.t = 'text'::regtype THEN
                     CASE WHEN nm ~ 'cluster' THEN quote_literal('priv')
                          WHEN nm ~ 'account' THEN quote_literal('123456789012')
                          WHEN nm ~ 'region' THEN quote_literal('us-east-1')
                          WHEN nm ~ 'arn|role' THEN quote_literal('arn:aws:iam::123456789012:role/A')
                          ELSE quote_literal($q$COPY t FROM 's3://b/k' IAM_ROLE 'arn:aws:iam::123456789012:role/A'$q$) END
                   WHEN a.t = 'text[]'::regtype THEN $q$ARRAY['arn:aws:iam::123456789012:role/A']$q$
                   WHEN a.t = 'name'::regtype THEN 'current_user'
                   WHEN a.t = 'jsonb'::regtype THEN $q$'{"Clusters": []}'::jsonb$q$
                   WHEN a.t = 'integer'::regtype THEN '20'
                   WHEN a.t = 'boolean'::regtype THEN 'true'
                   WHEN a.t = 'oid'::regtype THEN '0'
                   ELSE 'NULL::' || format_type(a.t, NULL) END, ', ' ORDER BY a.i)
                 FROM unnest(p.proargtypes::regtype[]) WITH ORDINALITY AS a(t, i),
                      LATERAL (SELECT coalesce((p.proargnames)[a.i], '') AS nm) AS n))
  FROM pg_proc p, (VALUES ('null'), ('a')) AS v(k)
 WHERE p.pronamespace IN ('redshift_iam'::regnamespace, 'redshift_iam_internal'::regnamespace)
   AND p.prokind = 'f'
   AND EXISTS (SELECT FROM aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
                WHERE a.grantee = 0 AND a.privilege_type = 'EXECUTE')
 ORDER BY 1;
SQL
)
ncalls=0
while IFS= read -r q; do
  [ -n "$q" ] || continue
  ncalls=$((ncalls + 1))
  probe_add "plain user calls $q" '.*' "$q"
done <<< "$calls"
probe_run "$DB" "$PLAIN" quiet
after=$(catalog_snapshot "$DB")
echo "# the plain user made $ncalls calls to functions PUBLIC may execute"
check "calling every function PUBLIC may execute leaves the catalog unchanged" [ "$before" = "$after" ]
[ "$before" = "$after" ] || diff <(echo "$before") <(echo "$after") | diag

# ---- settings that weaken enforcement are superuser-only ----
for s in "account_id = '210987654321'" "max_roles_per_cluster = 1000" "max_role_chain = 100" \
         "apply_delay = 0" "access_keys = allow" "enforce_iam_policies = off" "log_checks = none"; do
  probe_add "plain user cannot SET redshift_iam.$s" 42501 "SELECT redshift_iam.redact('x'); SET redshift_iam.$s"
done
probe_add "plain user may SET redshift_iam.region (like the CLI's --region)" ok "SET redshift_iam.region = 'eu-west-1'"
probe_run "$DB" "$PLAIN"

finish
