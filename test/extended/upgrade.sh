#!/usr/bin/env bash
# upgrade.sh — an upgrade from every release keeps the data and yields the
# schema of a fresh install.  For each release (0.1.0, 0.2.0, 0.3.0):
# installs it, fills the catalog with every status, runs ALTER EXTENSION
# redshift_iam UPDATE, and compares
#   * describe_clusters() output and the stored rows, before and after;
#   * every object of the extension (functions with their source, settings,
#     privileges and comments; tables, columns, constraints, indexes, views;
#     membership in the extension; configuration tables) with a fresh
#     CREATE EXTENSION redshift_iam in another database.
# A difference fails the test and is printed.  The update from the last
# release also runs under an event trigger that logs its DDL: the unreleased
# script must create (or replace) each object once and comment on it once.
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/extended/lib/common.bash

NEW=$(sed -n "s/^default_version *= *'\(.*\)'/\1/p" redshift_iam.control)
RELEASES="0.1.0 0.2.0 0.3.0"
fresh_db rsi_upgrade_new; NEW_DB=$DB
sql "$NEW_DB" -c "CREATE EXTENSION redshift_iam" && ok "fresh CREATE EXTENSION redshift_iam ($NEW)" \
  || not_ok "fresh CREATE EXTENSION"

upgrade_from() {
OLD=$1
fresh_db "rsi_upgrade_${OLD//./_}"; OLD_DB=$DB
sql "$OLD_DB" -c "CREATE EXTENSION redshift_iam VERSION '$OLD'" \
  && ok "CREATE EXTENSION redshift_iam VERSION '$OLD'" || { not_ok "install $OLD"; return; }

# every status: creating / available; adding / in-sync / removing; a default
# role; an imported cluster with a create time of its own
sql "$OLD_DB" >/dev/null <<'SQL' && ok "$OLD: fill the catalog" || not_ok "$OLD: fill the catalog"
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
         ARRAY['arn:aws:iam::123456789012:role/MyRedshiftRole',
               'arn:aws:iam::123456789012:role/SecondRedshiftRole',
               'arn:aws:iam::123456789012:role/ThirdRedshiftRole']);
SELECT redshift_iam.import_clusters('{"Clusters": [{"ClusterIdentifier": "imported", "NodeType": "ra3.4xlarge",
  "NumberOfNodes": 2, "ClusterStatus": "available", "ClusterCreateTime": "2023-05-06T07:08:09.123Z",
  "IamRoles": [{"IamRoleArn": "arn:aws:iam::123456789012:role/A", "IamRoleApplyStatus": "in-sync"}]}]}');
SET redshift_iam.region = 'eu-west-1';
SELECT redshift_iam.create_cluster('elsewhere', 'dc2.large', 1, ARRAY['arn:aws:iam::123456789012:role/A']);
SQL

# 0.4.0 prints ClusterCreateTime as the AWS CLI does (and not while
# creating): compared without it; the stored times are compared below
describe_all() {
  local d="regexp_replace(redshift_iam.describe_clusters()::text, '\"ClusterCreateTime\": \"[^\"]*\", ', '', 'g')"
  sql "$1" -c "SELECT $d" \
           -c "SET redshift_iam.region = 'eu-west-1'" -c "SELECT $d" \
           -c "SELECT string_agg(format('%s', r), E'\n' ORDER BY r::text) FROM redshift_iam.cluster_iam_roles r" \
           -c "SELECT string_agg(format('%s', c), E'\n' ORDER BY c::text) FROM redshift_iam.clusters c"
}
before=$(describe_all "$OLD_DB")
rows_before=$(catalog_snapshot "$OLD_DB")

sql "$OLD_DB" -c "ALTER EXTENSION redshift_iam UPDATE" \
  && ok "$OLD: ALTER EXTENSION redshift_iam UPDATE" || not_ok "$OLD: ALTER EXTENSION redshift_iam UPDATE"
is "$OLD: the extension is now version $NEW" "$(sql "$OLD_DB" -c "SELECT extversion FROM pg_extension WHERE extname = 'redshift_iam'")" "$NEW"
is "$OLD: describe_clusters() and the views show the same after the upgrade" "$(describe_all "$OLD_DB")" "$before"
rows_after=$(catalog_snapshot "$OLD_DB")
# tables new in this version start empty; the 0.1.0 tables keep every row
# catalog_clusters gained availability_status (last column) in 0.4.0: NULL,
# an empty last field, on every row that existed before
rows_after_old_tables=$(printf '%s\n' "$rows_after" | awk '/^== /{keep = ($2 == "redshift_iam.catalog_clusters" || $2 == "redshift_iam.catalog_cluster_iam_roles"); clusters = ($2 == "redshift_iam.catalog_clusters")} clusters && !/^== / {sub(/,\)$/, ")")} keep')
rows_before_old_tables=$(printf '%s\n' "$rows_before" | awk '/^== /{keep = ($2 == "redshift_iam.catalog_clusters" || $2 == "redshift_iam.catalog_cluster_iam_roles")} keep')
is "$OLD: the stored rows (request times included) are unchanged" "$rows_after_old_tables" "$rows_before_old_tables"
check "$OLD: the upgraded catalog still works (modify, apply, describe)" \
  sql "$OLD_DB" -c "SET redshift_iam.apply_delay = 0" -c "SELECT redshift_iam.apply_pending_changes()" \
    -c "SELECT redshift_iam.modify_cluster_iam_roles('my-second-redshift-cluster', remove_iam_roles => ARRAY['arn:aws:iam::123456789012:role/MyRedshiftRole'])" \
    -c "SELECT redshift_iam.apply_pending_changes()" -c "SELECT redshift_iam.describe_clusters('imported')" -o /dev/null

}

# the extension's objects, one line each, in a stable order; owner names and
# OIDs left out
schema_of() {
  sql "$1" <<'SQL'
WITH ext AS (SELECT oid FROM pg_extension WHERE extname = 'redshift_iam'),
members AS (
  SELECT d.classid, d.objid FROM pg_depend d, ext
   WHERE d.refclassid = 'pg_extension'::regclass AND d.refobjid = ext.oid AND d.deptype = 'e'),
nsp AS (SELECT n.oid FROM pg_namespace n WHERE n.nspname IN ('redshift_iam', 'redshift_iam_internal')),
lines AS (
  -- membership
  SELECT 'member ' || pg_describe_object(m.classid, m.objid, 0) AS l FROM members m
  -- extension header and configuration tables
  UNION ALL
  SELECT format('extension version=%s relocatable=%s config=%s condition=%s', e.extversion, e.extrelocatable,
                (SELECT array_agg(c::regclass::text ORDER BY c::regclass::text) FROM unnest(e.extconfig) c),
                e.extcondition)
    FROM pg_extension e WHERE e.extname = 'redshift_iam'
  UNION ALL
  SELECT format('schema %s acl=%s comment=%s', n.nspname, n.nspacl, obj_description(n.oid, 'pg_namespace'))
    FROM pg_namespace n, nsp WHERE n.oid = nsp.oid
  -- functions
  UNION ALL
  SELECT format(E'function %s\n%s\nacl=%s comment=%s', p.oid::regprocedure,
                pg_get_functiondef(p.oid), p.proacl, obj_description(p.oid, 'pg_proc'))
    FROM pg_proc p, nsp WHERE p.pronamespace = nsp.oid AND p.prokind IN ('f', 'p', 'w')
  UNION ALL
  SELECT format('aggregate %s acl=%s comment=%s', p.oid::regprocedure, p.proacl, obj_description(p.oid, 'pg_proc'))
    FROM pg_proc p, nsp WHERE p.pronamespace = nsp.oid AND p.prokind = 'a'
  -- relations, columns, constraints, indexes, views, triggers, policies
  UNION ALL
  SELECT format('relation %s kind=%s acl=%s options=%s rls=%s comment=%s', c.oid::regclass, c.relkind,
                c.relacl, c.reloptions, c.relrowsecurity, obj_description(c.oid, 'pg_class'))
    FROM pg_class c, nsp WHERE c.relnamespace = nsp.oid
  UNION ALL
  SELECT format('column %s.%s #%s %s notnull=%s collation=%s default=%s identity=%s generated=%s acl=%s comment=%s',
                c.oid::regclass, a.attname, a.attnum, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                a.attcollation::regcollation, pg_get_expr(ad.adbin, ad.adrelid), a.attidentity, a.attgenerated,
                a.attacl, col_description(c.oid, a.attnum))
    FROM pg_class c JOIN nsp ON c.relnamespace = nsp.oid
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    LEFT JOIN pg_attrdef ad ON ad.adrelid = c.oid AND ad.adnum = a.attnum
  UNION ALL
  SELECT format('constraint %s on %s: %s comment=%s', co.conname, co.conrelid::regclass,
                pg_get_constraintdef(co.oid), obj_description(co.oid, 'pg_constraint'))
    FROM pg_constraint co JOIN pg_class c ON c.oid = co.conrelid JOIN nsp ON c.relnamespace = nsp.oid
  UNION ALL
  SELECT format('index %s', pg_get_indexdef(i.indexrelid))
    FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN nsp ON c.relnamespace = nsp.oid
  UNION ALL
  SELECT format(E'view %s\n%s', c.oid::regclass, pg_get_viewdef(c.oid))
    FROM pg_class c, nsp WHERE c.relnamespace = nsp.oid AND c.relkind IN ('v', 'm')
  UNION ALL
  SELECT format('trigger %s', pg_get_triggerdef(t.oid))
    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN nsp ON c.relnamespace = nsp.oid
   WHERE NOT t.tgisinternal
  UNION ALL
  SELECT format('policy %s on %s cmd=%s roles=%s using=%s check=%s', po.polname, po.polrelid::regclass,
                po.polcmd, po.polroles::regrole[], pg_get_expr(po.polqual, po.polrelid),
                pg_get_expr(po.polwithcheck, po.polrelid))
    FROM pg_policy po JOIN pg_class c ON c.oid = po.polrelid JOIN nsp ON c.relnamespace = nsp.oid
  -- types that are not row types of relations, operators, casts of the extension
  UNION ALL
  SELECT format('type %s kind=%s comment=%s', t.oid::regtype, t.typtype, obj_description(t.oid, 'pg_type'))
    FROM pg_type t, nsp WHERE t.typnamespace = nsp.oid AND t.typrelid = 0 AND t.typelem = 0
  UNION ALL
  SELECT format('operator %s', o.oid::regoperator) FROM pg_operator o, nsp WHERE o.oprnamespace = nsp.oid
  UNION ALL
  SELECT 'cast ' || pg_describe_object('pg_cast'::regclass, m.objid, 0) FROM members m
   WHERE m.classid = 'pg_cast'::regclass
)
SELECT l FROM lines ORDER BY l;
SQL
}
fresh=$(schema_of "$NEW_DB")
for OLD in $RELEASES; do
upgrade_from "$OLD"
upgraded=$(schema_of "$OLD_DB")
fresh=$(schema_of "$NEW_DB")
nobj=$(printf '%s\n' "$fresh" | grep -c '^member ')
echo "# comparing $(printf '%s\n' "$fresh" | grep -c '') lines describing $nobj member objects"
if [ "$upgraded" = "$fresh" ] && [ "$nobj" -gt 0 ]; then
  ok "$OLD -> $NEW: the upgraded schema equals a fresh install of $NEW"
else
  not_ok "$OLD -> $NEW: the upgraded schema equals a fresh install of $NEW (diff: < upgraded, > fresh)"
  diff <(printf '%s\n' "$upgraded") <(printf '%s\n' "$fresh") | head -200 | diag
fi
is "$OLD -> $NEW: the upgraded and the fresh install hold the same rows in tables new in $NEW" \
  "$(printf '%s\n' "$rows_after" | awk '/^== /{keep = !($2 == "redshift_iam.catalog_clusters" || $2 == "redshift_iam.catalog_cluster_iam_roles")} keep')" \
  "$(catalog_snapshot "$NEW_DB" | awk '/^== /{keep = !($2 == "redshift_iam.catalog_clusters" || $2 == "redshift_iam.catalog_cluster_iam_roles")} keep')"

done

# ---- 0.3.0 -> 0.4.0 moves principal mappings and ASSUMEROLE grants to
# role OIDs: live rows are linked by name, a mapping of a dropped role goes,
# and a grant to a dropped role never applies again
fresh_db rsi_upgrade_roles; ROLES_DB=$DB
sql "$ROLES_DB" -o /dev/null <<'SQL' && ok "0.3.0: principals and grants of live and dropped roles" || not_ok "0.3.0: principals and grants of live and dropped roles"
SET client_min_messages = warning;
DROP ROLE IF EXISTS rsi_up_live;
DROP ROLE IF EXISTS rsi_up_gone;
CREATE ROLE rsi_up_live;
CREATE ROLE rsi_up_gone;
CREATE EXTENSION redshift_iam VERSION '0.3.0';
SELECT redshift_iam.map_principal('rsi_up_live', 'arn:aws:iam::123456789012:user/live');
SELECT redshift_iam.map_principal('rsi_up_gone', 'arn:aws:iam::123456789012:user/gone');
SELECT redshift_iam.revoke_assumerole('ALL', 'PUBLIC');
SELECT redshift_iam.grant_assumerole('arn:aws:iam::123456789012:role/A', 'rsi_up_live', '{COPY}');
SELECT redshift_iam.grant_assumerole('arn:aws:iam::123456789012:role/A', 'rsi_up_gone', '{COPY}');
CREATE TEMP TABLE gone AS SELECT 'rsi_up_gone'::regrole::oid AS oid;
DROP ROLE rsi_up_gone;
ALTER EXTENSION redshift_iam UPDATE;
SQL
on_exit "psql -X -q -d postgres -c 'DROP ROLE IF EXISTS rsi_up_live' -c 'DROP ROLE IF EXISTS rsi_up_gone'"
is "0.3.0 -> $NEW: the live mapping is linked to its role's OID, the dropped role's mapping is gone" \
  "$(sql "$ROLES_DB" -c "SELECT string_agg(format('%s %s %s', p.db_role, c.role_oid::oid = 'rsi_up_live'::regrole::oid, p.stale), ',' ORDER BY p.db_role) FROM redshift_iam.principals p JOIN redshift_iam.catalog_principals c USING (db_role)")" \
  "rsi_up_live t f"
sql "$ROLES_DB" -o /dev/null -c "CREATE ROLE rsi_up_gone"
is "0.3.0 -> $NEW: a new role of a dropped grantee's name holds no ASSUMEROLE; the live grantee does" \
  "$(sql "$ROLES_DB" -c "SELECT redshift_iam.has_assumerole_privilege('rsi_up_gone', 'arn:aws:iam::123456789012:role/A', 'COPY')::text || ' ' || redshift_iam.has_assumerole_privilege('rsi_up_live', 'arn:aws:iam::123456789012:role/A', 'COPY')::text")" \
  "false true"
is "0.3.0 -> $NEW: the view lists only the live grantee" \
  "$(sql "$ROLES_DB" -c "SELECT string_agg(grantee, ',') FROM redshift_iam.assumerole_grants")" "rsi_up_live"

# ---- create_cluster and delete_cluster took parameters in 0.4.0 (new
# signatures): EXECUTE someone granted on the old ones is granted on the new
fresh_db rsi_upgrade_grants; GRANTS_DB=$DB
sql "$GRANTS_DB" -o /dev/null <<'SQL' && ok "0.3.0: EXECUTE on create_cluster and delete_cluster granted to a role" \
  || not_ok "0.3.0: EXECUTE on create_cluster and delete_cluster granted to a role"
SET client_min_messages = warning;
DROP ROLE IF EXISTS rsi_up_admin;
CREATE ROLE rsi_up_admin;
CREATE EXTENSION redshift_iam VERSION '0.3.0';
GRANT EXECUTE ON FUNCTION redshift_iam.create_cluster(text, text, integer, text[], text) TO rsi_up_admin WITH GRANT OPTION;
GRANT EXECUTE ON FUNCTION redshift_iam.delete_cluster(text) TO rsi_up_admin;
ALTER EXTENSION redshift_iam UPDATE;
SQL
on_exit "psql -X -q -d postgres -c 'DROP ROLE IF EXISTS rsi_up_admin'"
is "0.3.0 -> $NEW: the grants hold on the new create_cluster and delete_cluster, grant option included" \
  "$(sql "$GRANTS_DB" -c "SELECT has_function_privilege('rsi_up_admin', 'redshift_iam.create_cluster(text, text, integer, text[], text, text)', 'EXECUTE WITH GRANT OPTION')::text || ' ' || has_function_privilege('rsi_up_admin', 'redshift_iam.delete_cluster(text, boolean, text)', 'EXECUTE')::text || ' ' || has_function_privilege('rsi_up_admin', 'redshift_iam.delete_cluster(text, boolean, text)', 'EXECUTE WITH GRANT OPTION')::text || ' ' || has_function_privilege('public', 'redshift_iam.delete_cluster(text, boolean, text)', 'EXECUTE')::text")" \
  "true true false false"

# ---- the unreleased script defines each object once: an event trigger
# logs every CREATE and COMMENT that ALTER EXTENSION UPDATE runs from the
# last release, by object (an OID survives ALTER ... SET SCHEMA) and by name
# and signature (they survive a DROP and a CREATE again).  An object created,
# replaced or described a second time means a later section redefines what
# an earlier one defined: the script must say it once, in its final form.
LAST=${RELEASES##* }
fresh_db rsi_upgrade_once; ONCE_DB=$DB
sql "$ONCE_DB" -o /dev/null <<SQL && ok "$LAST -> $NEW: ALTER EXTENSION UPDATE under an event trigger logging its DDL" \
  || not_ok "$LAST -> $NEW: ALTER EXTENSION UPDATE under an event trigger logging its DDL"
CREATE EXTENSION redshift_iam VERSION '$LAST';
CREATE TABLE public.ddl_log (firing bigint, tag text, classid oid, objid oid, objsubid integer, identity text);
CREATE SEQUENCE public.ddl_firing;
CREATE FUNCTION public.log_ddl() RETURNS event_trigger LANGUAGE plpgsql AS \$\$
DECLARE
  f bigint := pg_catalog.nextval('public.ddl_firing');
BEGIN
  INSERT INTO public.ddl_log
  SELECT f, c.command_tag, c.classid, c.objid, c.objsubid, c.object_identity
    FROM pg_catalog.pg_event_trigger_ddl_commands() c
   WHERE c.in_extension AND (c.command_tag LIKE 'CREATE %' OR c.command_tag = 'COMMENT');
END
\$\$;
CREATE EVENT TRIGGER log_ddl ON ddl_command_end EXECUTE FUNCTION public.log_ddl();
ALTER EXTENSION redshift_iam UPDATE;
SQL
is "$LAST -> $NEW: the update script creates (or replaces) each object once and comments on it once" \
  "$(sql "$ONCE_DB" -c "SELECT string_agg(DISTINCT a.tag || ' ' || a.identity, E'\n')
                          FROM public.ddl_log a JOIN public.ddl_log b
                            ON b.firing <> a.firing AND b.tag = a.tag
                           AND ((b.classid, b.objid, b.objsubid) = (a.classid, a.objid, a.objsubid)
                                OR b.identity = a.identity)")" ""

# the comparison sees a change as small as one setting of one function
sql "$OLD_DB" -c "ALTER FUNCTION redshift_iam.describe_clusters(text, integer, text) SET work_mem = '64kB'"
check "self-test: the comparison detects a one-setting difference" [ "$(schema_of "$OLD_DB")" != "$fresh" ]

finish
