#!/usr/bin/env bash
# hijack.sh — nothing of the extension resolves through the caller's
# search_path.  Hostile functions, aggregates and operators named
# like the built-ins the extension uses (lower, now, clock_timestamp, format,
# jsonb_build_object, unnest, ||, =, ->>, @>, ...) are planted in public,
# with argument types that match the extension's calls exactly or better than
# the built-ins do, so that each would win if public were searched.  public
# is put first on search_path (ALTER DATABASE ... SET search_path), then
# CREATE EXTENSION runs, then every function of the extension, as superuser
# and as a mapped plain user.  Each hostile object bumps a sequence (which a
# rollback does not undo) and raises a WARNING "HIJACKED ...": the test shows
# that the trap works on a plain query and then that it never fired.
# Also: a schema "redshift_iam" or "redshift_iam_internal" created beforehand
# makes CREATE EXTENSION fail.
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/extended/lib/common.bash

fresh_db rsi_hijack
PLAIN=rsi_hijack_user_$$
createuser "$PLAIN" || { not_ok "createuser $PLAIN"; finish; }
on_exit "psql -X -q -d postgres -c 'DROP ROLE IF EXISTS $PLAIN'"

# ---- plant ----
sql "$DB" >/dev/null <<'SQL' || { not_ok "plant hostile objects"; finish; }
CREATE SEQUENCE public.hijack_seq;
GRANT USAGE, UPDATE ON SEQUENCE public.hijack_seq TO PUBLIC;

-- hostile functions: f(name, argument types, result type, set-returning)
DO $plant$
DECLARE
  f record;
  args text;
  call text;
BEGIN
  FOR f IN SELECT * FROM (VALUES
      ('clock_timestamp', '', 'timestamptz', false), ('now', '', 'timestamptz', false),
      ('statement_timestamp', '', 'timestamptz', false), ('transaction_timestamp', '', 'timestamptz', false),
      ('lower', 'text', 'text', false), ('upper', 'text', 'text', false),
      ('lower', 'varchar', 'text', false), ('upper', 'varchar', 'text', false),
      ('length', 'text', 'integer', false), ('btrim', 'text', 'text', false),
      ('left', 'text,integer', 'text', false), ('right', 'text,integer', 'text', false),
      ('substr', 'text,integer', 'text', false), ('substr', 'text,integer,integer', 'text', false),
      ('strpos', 'text,text', 'integer', false), ('replace', 'text,text,text', 'text', false),
      ('translate', 'text,text,text', 'text', false), ('split_part', 'text,text,integer', 'text', false),
      ('starts_with', 'text,text', 'boolean', false), ('md5', 'text', 'text', false),
      ('concat', 'text,text', 'text', false), ('concat', 'text,text,text', 'text', false),
      ('format', 'text', 'text', false), ('format', 'text,text', 'text', false),
      ('format', 'text,text,text', 'text', false), ('format', 'text,text,text,text', 'text', false),
      ('format', 'text,text,integer', 'text', false), ('format', 'text,integer,text,integer', 'text', false),
      ('quote_literal', 'text', 'text', false), ('quote_ident', 'text', 'text', false),
      ('to_char', 'timestamp,text', 'text', false), ('to_char', 'timestamptz,text', 'text', false),
      ('timezone', 'text,timestamptz', 'timestamp', false),
      ('date_trunc', 'text,timestamptz', 'timestamptz', false),
      ('date_part', 'text,interval', 'double precision', false),
      ('date_part', 'text,timestamptz', 'double precision', false),
      ('encode', 'bytea,text', 'text', false), ('decode', 'text,text', 'bytea', false),
      ('convert_from', 'bytea,name', 'text', false), ('convert_to', 'text,name', 'bytea', false),
      ('jsonb_build_object', 'text,text', 'jsonb', false),
      ('jsonb_build_object', 'text,jsonb', 'jsonb', false),
      ('jsonb_build_object', 'text,text,text,text', 'jsonb', false),
      ('jsonb_build_object', 'text,integer', 'jsonb', false),
      ('jsonb_build_array', 'jsonb', 'jsonb', false), ('jsonb_build_array', 'text', 'jsonb', false),
      ('to_jsonb', 'text', 'jsonb', false), ('to_json', 'text', 'json', false),
      ('jsonb_array_length', 'jsonb', 'integer', false), ('jsonb_typeof', 'jsonb', 'text', false),
      ('jsonb_array_elements', 'jsonb', 'jsonb', true),
      ('jsonb_array_elements_text', 'jsonb', 'text', true),
      ('jsonb_object_keys', 'jsonb', 'text', true),
      ('unnest', 'text[]', 'text', true),
      ('array_length', 'text[],integer', 'integer', false), ('cardinality', 'text[]', 'integer', false),
      ('array_to_string', 'text[],text', 'text', false), ('string_to_array', 'text,text', 'text[]', false),
      ('array_position', 'text[],text', 'integer', false), ('array_append', 'text[],text', 'text[]', false),
      ('array_cat', 'text[],text[]', 'text[]', false),
      ('regexp_replace', 'text,text,text', 'text', false), ('regexp_match', 'text,text', 'text[]', false),
      ('current_setting', 'text', 'text', false), ('current_setting', 'text,boolean', 'text', false),
      ('set_config', 'text,text,boolean', 'text', false),
      ('pg_has_role', 'name,name,text', 'boolean', false), ('pg_has_role', 'oid,oid,text', 'boolean', false),
      ('has_function_privilege', 'name,text,text', 'boolean', false),
      ('pg_extension_config_dump', 'regclass,text', 'void', false),
      ('make_interval', 'integer,integer,integer,integer,integer,integer,double precision', 'interval', false)
    ) AS v(name, argtypes, rettype, srf)
  LOOP
    SELECT coalesce(string_agg('$' || i, ', '), '') INTO args
      FROM generate_series(1, CASE WHEN f.argtypes = '' THEN 0
                                   ELSE array_length(string_to_array(f.argtypes, ','), 1) END) AS i;
    call := format('pg_catalog.%I(%s)', f.name, args);
    EXECUTE format($f$
      CREATE FUNCTION public.%I(%s) RETURNS %s%s LANGUAGE plpgsql AS $b$
      BEGIN
        PERFORM pg_catalog.nextval('public.hijack_seq');
        RAISE WARNING 'HIJACKED %s(%s)';
        %s
      END $b$$f$,
      f.name, f.argtypes, CASE WHEN f.srf THEN 'SETOF ' ELSE '' END, f.rettype,
      f.name, f.argtypes,
      CASE WHEN f.srf THEN format('RETURN QUERY SELECT * FROM %s;', call)
           WHEN f.rettype = 'void' THEN format('PERFORM %s;', call)
           ELSE format('RETURN %s;', call) END);
  END LOOP;
END
$plant$;

-- hostile operators: op(symbol, left type, right type, result type)
DO $plant$
DECLARE
  o record;
  fname text;
  k integer := 0;
BEGIN
  FOR o IN SELECT * FROM (VALUES
      ('=', 'text', 'text', 'boolean'), ('<>', 'text', 'text', 'boolean'),
      ('<', 'text', 'text', 'boolean'), ('>', 'text', 'text', 'boolean'),
      ('<=', 'text', 'text', 'boolean'), ('>=', 'text', 'text', 'boolean'),
      ('~', 'text', 'text', 'boolean'), ('~~', 'text', 'text', 'boolean'),
      ('||', 'text', 'text', 'text'), ('||', 'text[]', 'text[]', 'text[]'),
      ('||', 'text[]', 'text', 'text[]'), ('||', 'jsonb', 'jsonb', 'jsonb'),
      ('=', 'text[]', 'text[]', 'boolean'), ('@>', 'text[]', 'text[]', 'boolean'),
      ('&&', 'text[]', 'text[]', 'boolean'),
      ('->>', 'jsonb', 'text', 'text'), ('->', 'jsonb', 'text', 'jsonb'),
      ('->', 'jsonb', 'integer', 'jsonb'), ('->>', 'jsonb', 'integer', 'text'),
      ('#>', 'jsonb', 'text[]', 'jsonb'), ('#>>', 'jsonb', 'text[]', 'text'),
      ('@>', 'jsonb', 'jsonb', 'boolean'), ('?', 'jsonb', 'text', 'boolean'),
      ('=', 'jsonb', 'jsonb', 'boolean'),
      ('=', 'integer', 'integer', 'boolean'), ('<>', 'integer', 'integer', 'boolean'),
      ('<', 'integer', 'integer', 'boolean'), ('>', 'integer', 'integer', 'boolean'),
      ('<=', 'integer', 'integer', 'boolean'), ('>=', 'integer', 'integer', 'boolean'),
      ('+', 'integer', 'integer', 'integer'), ('-', 'integer', 'integer', 'integer'),
      ('=', 'bigint', 'bigint', 'boolean'), ('>', 'bigint', 'integer', 'boolean'),
      ('+', 'bigint', 'bigint', 'bigint'),
      ('=', 'timestamptz', 'timestamptz', 'boolean'), ('>', 'timestamptz', 'timestamptz', 'boolean'),
      ('<', 'timestamptz', 'timestamptz', 'boolean'), ('<=', 'timestamptz', 'timestamptz', 'boolean'),
      ('>=', 'timestamptz', 'timestamptz', 'boolean'),
      ('+', 'timestamptz', 'interval', 'timestamptz'), ('-', 'timestamptz', 'timestamptz', 'interval'),
      ('*', 'interval', 'double precision', 'interval'),
      ('=', 'oid', 'oid', 'boolean'), ('=', 'name', 'name', 'boolean'),
      ('=', 'regrole', 'regrole', 'boolean'),
      ('=', 'boolean', 'boolean', 'boolean'), ('<>', 'boolean', 'boolean', 'boolean')
    ) AS v(sym, l, r, res)
  LOOP
    k := k + 1;
    fname := 'hijack_op_' || k;
    EXECUTE format($f$
      CREATE FUNCTION public.%I(%s, %s) RETURNS %s LANGUAGE plpgsql AS $b$
      BEGIN
        PERFORM pg_catalog.nextval('public.hijack_seq');
        RAISE WARNING 'HIJACKED operator %s(%s, %s)';
        RETURN $1 OPERATOR(pg_catalog.%s) $2;
      END $b$$f$, fname, o.l, o.r, o.res, o.sym, o.l, o.r, o.sym);
    EXECUTE format('CREATE OPERATOR public.%s (LEFTARG = %s, RIGHTARG = %s, FUNCTION = public.%I)',
                   o.sym, o.l, o.r, fname);
  END LOOP;
END
$plant$;

-- hostile aggregates
CREATE FUNCTION public.hijack_agg_step(state anycompatiblearray, x anycompatible) RETURNS anycompatiblearray
LANGUAGE plpgsql AS $b$
BEGIN
  PERFORM pg_catalog.nextval('public.hijack_seq');
  RAISE WARNING 'HIJACKED aggregate';
  RETURN pg_catalog.array_append(state, x);
END $b$;
CREATE AGGREGATE public.array_agg(text) (SFUNC = public.hijack_agg_step, STYPE = text[], INITCOND = '{}');
CREATE FUNCTION public.hijack_max_step(state integer, x integer) RETURNS integer LANGUAGE plpgsql AS $b$
BEGIN
  PERFORM pg_catalog.nextval('public.hijack_seq');
  RAISE WARNING 'HIJACKED aggregate max';
  RETURN pg_catalog.int4larger(state, x);
END $b$;
CREATE AGGREGATE public.max(integer) (SFUNC = public.hijack_max_step, STYPE = integer);
CREATE FUNCTION public.hijack_jsonb_step(state jsonb, x jsonb) RETURNS jsonb LANGUAGE plpgsql AS $b$
BEGIN
  PERFORM pg_catalog.nextval('public.hijack_seq');
  RAISE WARNING 'HIJACKED aggregate jsonb_agg';
  RETURN state OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_array(x);
END $b$;
CREATE AGGREGATE public.jsonb_agg(jsonb) (SFUNC = public.hijack_jsonb_step, STYPE = jsonb, INITCOND = '[]');
CREATE FUNCTION public.hijack_text_step(state text, x text, d text) RETURNS text LANGUAGE plpgsql AS $b$
BEGIN
  PERFORM pg_catalog.nextval('public.hijack_seq');
  RAISE WARNING 'HIJACKED aggregate string_agg';
  RETURN pg_catalog.concat(state, d, x);
END $b$;
CREATE AGGREGATE public.string_agg(text, text) (SFUNC = public.hijack_text_step, STYPE = text);
CREATE FUNCTION public.hijack_count_step(state bigint) RETURNS bigint LANGUAGE plpgsql AS $b$
BEGIN
  PERFORM pg_catalog.nextval('public.hijack_seq');
  RAISE WARNING 'HIJACKED aggregate count';
  RETURN state OPERATOR(pg_catalog.+) 1;
END $b$;
CREATE AGGREGATE public.count(*) (SFUNC = public.hijack_count_step, STYPE = bigint, INITCOND = '0');
SQL
[ $? -eq 0 ] && ok "hostile functions, operators and aggregates planted in public"
nplanted=$(sql "$DB" -c "SELECT count(*) FROM pg_proc WHERE pronamespace = 'public'::regnamespace")
nops=$(sql "$DB" -c "SELECT count(*) FROM pg_operator WHERE oprnamespace = 'public'::regnamespace")
echo "# $nplanted functions and aggregates, $nops operators in public"
sql "$DB" -c "ALTER DATABASE \"$DB\" SET search_path = public, pg_catalog"
# the test's own queries run with pg_catalog only; the sessions under test
# (HOSTILE=...) take the database's search_path, public first
export PGOPTIONS="-c search_path=pg_catalog"
HOSTILE="env PGOPTIONS="

hits() { sql "$DB" -c "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM public.hijack_seq"; }

# the trap works: with public first, plain queries run the hostile objects
out=$($HOSTILE psql -X -q -A -t -d "$DB" -c "SELECT lower('X'), 'a' = 'a', clock_timestamp() IS NOT NULL, '{\"a\": 1}'::jsonb ->> 'a'" 2>&1)
n_control=$(hits)
check "control: with public first, an unqualified query runs hostile objects ($n_control hits)" [ "$n_control" -ge 4 ]
grep -q HIJACKED <<< "$out" || not_ok "control: hostile objects raise HIJACKED"
sql "$DB" -c "SELECT setval('public.hijack_seq', 1, false)" >/dev/null

# ---- CREATE EXTENSION and every function, public first ----
LOG=$(mktemp); on_exit "rm -f $LOG $LOG.sql $LOG.plain.sql $LOG.end.sql $LOG.plain"
$HOSTILE psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$DB" >"$LOG" 2>&1 <<'SQL'
SHOW search_path;
CREATE EXTENSION redshift_iam;
SQL
rc=$?
check "CREATE EXTENSION with hostile objects first on search_path" [ "$rc" -eq 0 ]
is "CREATE EXTENSION ran no hostile object" "$(hits)" "0"
grep -q HIJACKED "$LOG" && { not_ok "CREATE EXTENSION raised no HIJACKED warning"; grep HIJACKED "$LOG" | sort | uniq -c | diag; }

# nothing of the extension depends on an object in public
deps=$(sql "$DB" <<'SQL'
SELECT coalesce(string_agg(DISTINCT pg_describe_object(d.classid, d.objid, d.objsubid) || ' -> ' ||
                           pg_describe_object(d.refclassid, d.refobjid, d.refobjsubid), E'\n'), '')
  FROM pg_depend d
  JOIN pg_depend m ON m.classid = d.classid AND m.objid = d.objid AND m.deptype = 'e'
                  AND m.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'redshift_iam')
 WHERE (d.refclassid = 'pg_proc'::regclass AND d.refobjid IN (SELECT oid FROM pg_proc WHERE pronamespace = 'public'::regnamespace))
    OR (d.refclassid = 'pg_operator'::regclass AND d.refobjid IN (SELECT oid FROM pg_operator WHERE oprnamespace = 'public'::regnamespace))
SQL
)
vdeps=$(sql "$DB" <<'SQL'
SELECT coalesce(string_agg(DISTINCT c.oid::regclass || ' -> ' || pg_describe_object(d.refclassid, d.refobjid, 0), E'\n'), '')
  FROM pg_rewrite w
  JOIN pg_class c ON c.oid = w.ev_class AND c.relnamespace IN ('redshift_iam'::regnamespace, 'redshift_iam_internal'::regnamespace)
  JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = w.oid
 WHERE (d.refclassid = 'pg_proc'::regclass AND d.refobjid IN (SELECT oid FROM pg_proc WHERE pronamespace = 'public'::regnamespace))
    OR (d.refclassid = 'pg_operator'::regclass AND d.refobjid IN (SELECT oid FROM pg_operator WHERE oprnamespace = 'public'::regnamespace))
SQL
)
is "no function, default or constraint of the extension refers to an object in public" "$deps" ""
is "no view of the extension refers to an object in public" "$vdeps" ""

# every function, as superuser, public first.  The calls that matter are
# the successful paths; errors are expected for some probes and ignored.
cat > "$LOG.sql" <<'SQL'
\set ON_ERROR_STOP 0
SHOW search_path;
SET redshift_iam.apply_delay = '1h';
SELECT redshift_iam.create_cluster('hj', 'dc1.large', 2,
         ARRAY['arn:aws:iam::123456789012:role/A', 'arn:aws:iam::123456789012:role/B',
               'arn:aws:iam::123456789012:role/B'],
         'arn:aws:iam::123456789012:role/A') IS NOT NULL AS created;
SELECT redshift_iam.create_cluster('hj2', 'dc1.large', 1) IS NOT NULL AS created;
SELECT redshift_iam.describe_clusters();
SELECT redshift_iam.apply_pending_changes('hj');
SELECT redshift_iam.apply_pending_changes();
SELECT redshift_iam.modify_cluster_iam_roles('hj', ARRAY['arn:aws:iam::123456789012:role/C'],
         ARRAY['arn:aws:iam::123456789012:role/B'], 'arn:aws:iam::123456789012:role/C');
SELECT redshift_iam.modify_cluster_iam_roles('hj', ARRAY['arn:aws:iam::123456789012:role/B']);
SELECT redshift_iam.modify_cluster_iam_roles('hj', default_iam_role_arn => '');
SELECT redshift_iam.describe_clusters('hj');
SELECT redshift_iam.describe_clusters(max_records => 20);
SELECT redshift_iam.describe_clusters(max_records => 20, marker => 'cnNpMTpoag==');
SELECT * FROM redshift_iam.clusters;
SELECT * FROM redshift_iam.cluster_iam_roles;
-- (the test's own expressions are qualified: only the extension is on trial)
SELECT redshift_iam.import_clusters(pg_catalog.jsonb_build_object('Clusters', pg_catalog.jsonb_build_array(
         redshift_iam.describe_clusters('hj2') OPERATOR(pg_catalog.->) 'Clusters' OPERATOR(pg_catalog.->) 0)));
SELECT redshift_iam.import_clusters('{"Clusters": [{"ClusterIdentifier": "hj3", "NodeType": "dc1.large",
         "NumberOfNodes": 1, "IamRoles": [{"IamRoleArn": "arn:aws:iam::123456789012:role/A",
         "IamRoleApplyStatus": "in-sync"}], "ClusterCreateTime": "2024-01-02T03:04:05.678Z"}]}');
SELECT redshift_iam.delete_cluster('hj3');
SELECT redshift_iam.import_namespaces('{"namespaces": [{"namespaceName": "hj-ns", "status": "AVAILABLE",
         "namespaceArn": "arn:aws:redshift-serverless:us-east-1:123456789012:namespace/0a1b",
         "defaultIamRoleArn": "arn:aws:iam::123456789012:role/A",
         "iamRoles": ["IamRole(applyStatus=in-sync, iamRoleArn=arn:aws:iam::123456789012:role/A)"]}],
         "workgroups": [{"workgroupName": "hj-wg", "namespaceName": "hj-ns", "status": "AVAILABLE",
         "workgroupArn": "arn:aws:redshift-serverless:us-east-1:123456789012:workgroup/0c1d"}]}');
SELECT * FROM redshift_iam.namespaces;
SELECT * FROM redshift_iam.namespace_iam_roles;
SELECT * FROM redshift_iam.workgroups;
SELECT redshift_iam.check_command('hj-wg', $c$COPY t FROM 's3://b/k' IAM_ROLE default$c$);
SELECT redshift_iam.list_namespaces();
SELECT redshift_iam.get_namespace('hj-ns');
SELECT redshift_iam.parse_command($c$COPY t FROM 's3://b/k' IAM_ROLE 'arn:aws:iam::123456789012:role/A,arn:aws:iam::123456789012:role/B'$c$);
SELECT redshift_iam.parse_command($c$UNLOAD ('select 1') TO 's3://b/p' ACCESS_KEY_ID 'AKIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' SESSION_TOKEN 'tok'$c$);
SELECT redshift_iam.parse_command($c$CREATE EXTERNAL SCHEMA s FROM DATA CATALOG DATABASE 'd' IAM_ROLE default$c$);
SELECT redshift_iam.parse_command($c$CREATE EXTERNAL FUNCTION f(int) RETURNS int VOLATILE LAMBDA 'l' IAM_ROLE 'arn:aws:iam::123456789012:role/A'$c$);
SELECT redshift_iam.redact($c$COPY t FROM 's3://b/k' CREDENTIALS 'aws_access_key_id=AKIAIOSFODNN7EXAMPLE;aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'$c$);
SELECT redshift_iam.apply_pending_changes();
SELECT redshift_iam.check_command('hj', $c$COPY t FROM 's3://b/k' IAM_ROLE 'arn:aws:iam::123456789012:role/A'$c$);
SELECT redshift_iam.check_command('hj', $c$COPY t FROM 's3://b/k' IAM_ROLE default$c$);
SELECT redshift_iam.check_command('hj', $c$COPY t FROM 's3://b/k' IAM_ROLE 'arn:aws:iam::123456789012:role/Z'$c$);
SELECT redshift_iam.check_command('hj', $c$COPY t FROM 's3://b/k' ACCESS_KEY_ID 'ASIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY 'x' SESSION_TOKEN 'y'$c$);
SELECT * FROM redshift_iam.validate_script('hj', $c$
  COPY t FROM 's3://b/k' IAM_ROLE 'arn:aws:iam::123456789012:role/A';
  UNLOAD ('select 1') TO 's3://b/p' IAM_ROLE 'arn:aws:iam::123456789012:role/Q';
  SELECT 1;
  COPY t FROM 's3://b/k' IAM_ROLE 'nope';
$c$);
SELECT redshift_iam.grant_assumerole('arn:aws:iam::123456789012:role/A', 'PUBLIC', ARRAY['COPY']);
SELECT redshift_iam.revoke_assumerole('ALL', 'PUBLIC');
SELECT redshift_iam.grant_assumerole('ALL', 'PUBLIC');
SELECT * FROM redshift_iam.assumerole_grants;
SELECT redshift_iam.has_assumerole_privilege(current_user, 'arn:aws:iam::123456789012:role/A', 'COPY');
SELECT redshift_iam.put_principal_policy('arn:aws:iam::123456789012:user/etl', 'seed', '{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "redshift:DescribeClusters", "Resource": "*"},
    {"Effect": "Allow", "Action": ["redshift:ModifyClusterIamRoles", "redshift:CreateCluster"],
     "Resource": "arn:aws:redshift:us-east-1:123456789012:cluster:hj*"},
    {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/*",
     "Condition": {"StringEquals": {"iam:PassedToService": "redshift.amazonaws.com"}}},
    {"Effect": "Deny", "NotAction": ["redshift:*", "iam:PassRole"], "Resource": "*"}
  ]}');
SELECT redshift_iam.map_principal(:'plain', 'arn:aws:iam::123456789012:user/etl');
SELECT * FROM redshift_iam.principals;
SELECT * FROM redshift_iam.principal_policies;
SELECT * FROM redshift_iam.simulate_principal_policy('arn:aws:iam::123456789012:user/etl',
         ARRAY['redshift:CreateCluster', 'iam:PassRole'],
         ARRAY['arn:aws:redshift:us-east-1:123456789012:cluster:hj9']);
SELECT * FROM redshift_iam.simulate_custom_policy(ARRAY['{"Version": "2012-10-17", "Statement":
         {"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}}'::jsonb], ARRAY['s3:GetObject']);
SELECT redshift_iam.import_iam('{"RoleDetailList": [{"RoleName": "HjRole", "Arn": "arn:aws:iam::123456789012:role/x/HjRole",
         "CreateDate": "2024-01-02T03:04:05Z",
         "AssumeRolePolicyDocument": "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%22redshift.amazonaws.com%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D",
         "RolePolicyList": [{"PolicyName": "In", "PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}}],
         "AttachedManagedPolicies": [{"PolicyName": "HjP", "PolicyArn": "arn:aws:iam::123456789012:policy/HjP"}]}],
       "Policies": [{"PolicyName": "HjP", "Arn": "arn:aws:iam::123456789012:policy/HjP", "Path": "/", "DefaultVersionId": "v1",
         "AttachmentCount": 1, "IsAttachable": true, "CreateDate": "2024-01-02T03:04:05Z",
         "PolicyVersionList": [{"VersionId": "v1", "IsDefaultVersion": true, "Document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}]}}]}],
       "ResourcePolicies": [{"ResourceArn": "arn:aws:s3:::hjbucket", "Policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::hjbucket/*"}]}}]}');
SELECT redshift_iam_internal.iam_authorization_details(ARRAY['arn:aws:iam::123456789012:role/x/HjRole']);
SELECT access_key_id IS NOT NULL FROM redshift_iam.create_access_key('arn:aws:iam::123456789012:user/hjkey');
SELECT redshift_iam.update_access_key((SELECT access_key_id FROM redshift_iam.list_access_keys('arn:aws:iam::123456789012:user/hjkey') LIMIT 1), 'Inactive');
SELECT redshift_iam.delete_access_key((SELECT access_key_id FROM redshift_iam.list_access_keys() LIMIT 1));
SELECT redshift_iam.create_role('arn:aws:iam::123456789012:role/HjTwo', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "sts:AssumeRole"}]}');
SELECT redshift_iam.create_role('HjThree', '123456789012', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}]}', '/p/', 'd');
SELECT redshift_iam.put_role_policy('arn:aws:iam::123456789012:role/HjTwo', 'In', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}');
SELECT redshift_iam.create_policy('arn:aws:iam::123456789012:policy/HjQ', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}');
SELECT redshift_iam.create_policy('HjR', '123456789012', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}', '/', 'd');
SELECT redshift_iam.create_policy_version('arn:aws:iam::123456789012:policy/HjQ', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}', true);
SELECT redshift_iam.set_default_policy_version('arn:aws:iam::123456789012:policy/HjQ', 'v1');
SELECT redshift_iam.delete_policy_version('arn:aws:iam::123456789012:policy/HjQ', 'v2');
SELECT redshift_iam.attach_role_policy('arn:aws:iam::123456789012:role/HjTwo', 'arn:aws:iam::123456789012:policy/HjQ');
SELECT redshift_iam.put_resource_policy('arn:aws:kms:us-east-1:123456789012:key/hj', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "kms:*", "Resource": "*"}]}');
SELECT * FROM redshift_iam.iam_roles;
SELECT * FROM redshift_iam.iam_role_policies;
SELECT * FROM redshift_iam.iam_policies;
SELECT * FROM redshift_iam.iam_policy_versions;
SELECT * FROM redshift_iam.iam_resource_policies;
SELECT redshift_iam.detach_role_policy('arn:aws:iam::123456789012:role/HjTwo', 'arn:aws:iam::123456789012:policy/HjQ');
SELECT redshift_iam.delete_role_policy('arn:aws:iam::123456789012:role/HjTwo', 'In');
SELECT redshift_iam.delete_role('arn:aws:iam::123456789012:role/HjTwo');
SELECT redshift_iam.delete_policy('arn:aws:iam::123456789012:policy/HjQ');
SELECT redshift_iam.delete_resource_policy('arn:aws:kms:us-east-1:123456789012:key/hj');
-- an IAM snapshot, so the checks below also evaluate trust and permissions
SELECT redshift_iam.import_iam('{"RoleDetailList": [{"RoleName": "A", "Path": "/",
  "Arn": "arn:aws:iam::123456789012:role/A",
  "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": {"Effect": "Allow",
    "Principal": {"Service": "redshift.amazonaws.com"}, "Action": "sts:AssumeRole"}},
  "RolePolicyList": [{"PolicyName": "read", "PolicyDocument": {"Version": "2012-10-17",
    "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}}],
  "AttachedManagedPolicies": []}], "Policies": []}'::jsonb);
SQL
# the plain user, mapped to an IAM user with a policy, runs what it may
cat > "$LOG.plain.sql" <<'SQL'
\set ON_ERROR_STOP 0
SHOW search_path;
SELECT redshift_iam.create_cluster('hj9', 'dc1.large', 1, ARRAY['arn:aws:iam::123456789012:role/A']);
SELECT redshift_iam.modify_cluster_iam_roles('hj9', ARRAY['arn:aws:iam::123456789012:role/B']);
SELECT redshift_iam.modify_cluster_iam_roles('hj9', ARRAY['arn:aws:iam::123456789012:role/B']);
SELECT redshift_iam.create_cluster('other', 'dc1.large', 1);
SELECT redshift_iam.describe_clusters();
SELECT * FROM redshift_iam.clusters;
SELECT * FROM redshift_iam.cluster_iam_roles;
SELECT redshift_iam.parse_command($c$COPY t FROM 's3://b/k' IAM_ROLE 'arn:aws:iam::123456789012:role/A'$c$);
SELECT redshift_iam.redact($c$COPY t FROM 's3://b/k' SECRET_ACCESS_KEY 'abc' ACCESS_KEY_ID 'AKIAIOSFODNN7EXAMPLE'$c$);
SELECT redshift_iam.check_command('hj', $c$COPY t FROM 's3://b/k' IAM_ROLE 'arn:aws:iam::123456789012:role/A'$c$);
SELECT * FROM redshift_iam.validate_script('hj', $c$COPY t FROM 's3://b/k' IAM_ROLE 'arn:aws:iam::123456789012:role/A'; SELECT 2$c$);
SELECT redshift_iam.script_may_run('hj', $c$COPY t FROM 's3://b/k' IAM_ROLE 'arn:aws:iam::123456789012:role/A'; SELECT 2$c$);
SELECT redshift_iam.assert_script('hj', $c$COPY t FROM 's3://b/k' IAM_ROLE 'arn:aws:iam::123456789012:role/A'; SELECT 2$c$);
SELECT redshift_iam.redshift_iam_version();
SELECT redshift_iam.has_assumerole_privilege(current_user, 'arn:aws:iam::123456789012:role/A', 'COPY');
SQL
cat > "$LOG.end.sql" <<'SQL'
\set ON_ERROR_STOP 0
SELECT redshift_iam.delete_principal_policy('arn:aws:iam::123456789012:user/etl', 'seed');
SELECT redshift_iam.unmap_principal(:'plain');
SELECT redshift_iam.delete_cluster('hj9');
SQL
sql "$DB" >/dev/null <<SQL
GRANT EXECUTE ON FUNCTION redshift_iam.create_cluster(text, text, integer, text[], text, text),
                          redshift_iam.modify_cluster_iam_roles(text, text[], text[], text),
                          redshift_iam.describe_clusters(text, integer, text) TO $PLAIN;
SQL
$HOSTILE psql -X -q -v plain="$PLAIN" -d "$DB" -f "$LOG.sql" >"$LOG" 2>&1
errs_su=$(grep -c 'ERROR:' "$LOG")
# apply_delay is superuser-only: set it, then become the plain user
$HOSTILE psql -X -q -d "$DB" -c "SET redshift_iam.apply_delay = 0" -c "SET ROLE $PLAIN" -f "$LOG.plain.sql" >"$LOG.plain" 2>&1
plain_made=$(sql "$DB" -c "SELECT count(*) FROM redshift_iam.cluster_iam_roles WHERE cluster_identifier = 'hj9'")
cat "$LOG.plain" >>"$LOG"
$HOSTILE psql -X -q -v plain="$PLAIN" -d "$DB" -f "$LOG.end.sql" >>"$LOG" 2>&1
ncalls=$(grep -c '^SELECT' "$LOG.sql" "$LOG.plain.sql" "$LOG.end.sql" | awk -F: '{s += $2} END {print s}')
echo "# ran $ncalls statements ($errs_su errors as superuser, expected for the probes that must fail)"
sql "$DB" -c "SELECT 'described: ' || redshift_iam.describe_clusters('hj')::text" 2>&1 | diag

# every function of the extension was called by the scripts above, or is
# internal and reached through them
uncalled=$(sql "$DB" -c "SELECT coalesce(string_agg(p.proname, ' ' ORDER BY p.proname), '') FROM pg_proc p WHERE p.pronamespace = 'redshift_iam'::regnamespace AND p.proname !~ '^_'" \
  | tr ' ' '\n' | while read -r f; do [ -z "$f" ] || grep -q "redshift_iam\.$f\b" "$LOG.sql" "$LOG.plain.sql" "$LOG.end.sql" || echo "$f"; done | tr '\n' ' ')
is "every public function of the extension is called" "${uncalled% }" ""

h=$(hits)
is "running every function ran no hostile object" "$h" "0"
if grep -q HIJACKED "$LOG"; then
  not_ok "no HIJACKED warning while running the functions"
  grep HIJACKED "$LOG" | sort | uniq -c | diag
else
  ok "no HIJACKED warning while running the functions"
fi
# the calls did their work (the hostile objects would have changed nothing
# visible: they return the built-ins' results, so this is a sanity check)
got=$(sql "$DB" -c "SELECT string_agg(iam_role_arn || ' ' || apply_status, ', ' ORDER BY iam_role_arn) FROM redshift_iam.cluster_iam_roles WHERE cluster_identifier = 'hj'")
is "the calls did their work" "$got" "arn:aws:iam::123456789012:role/A in-sync, arn:aws:iam::123456789012:role/B in-sync, arn:aws:iam::123456789012:role/C in-sync"
is "the mapped plain user's calls did their work (two roles on hj9, allowed by its policy)" "$plain_made" "2"
[ "$failed" -eq 0 ] || { echo "# --- session output ---"; diag < "$LOG"; }

# ---- a schema planted before CREATE EXTENSION ----
DB_PLANT=${DB}_planted
createdb "$DB_PLANT" && _cleanup_dbs+=("$DB_PLANT")
sql "$DB_PLANT" -c "CREATE SCHEMA redshift_iam" \
  -c "CREATE FUNCTION redshift_iam.describe_clusters(text DEFAULT NULL, integer DEFAULT NULL, text DEFAULT NULL) RETURNS jsonb LANGUAGE sql AS 'SELECT NULL::jsonb'"
st=$(psql -X -q -v ON_ERROR_STOP=1 -v VERBOSITY=verbose -d "$DB_PLANT" -c "CREATE EXTENSION redshift_iam" 2>&1 | sed -nE 's/^ERROR: +([0-9A-Z]{5}):.*/\1/p')
is "CREATE EXTENSION fails when a schema redshift_iam already exists (no objects can be planted in it)" "$st" "42P06"

# the same for the schema of the internal functions
DB_PLANT2=${DB}_planted_internal
createdb "$DB_PLANT2" && _cleanup_dbs+=("$DB_PLANT2")
sql "$DB_PLANT2" -c "CREATE SCHEMA redshift_iam_internal" \
  -c "CREATE FUNCTION redshift_iam_internal._region() RETURNS text LANGUAGE sql AS 'SELECT ''planted''::text'"
st=$(psql -X -q -v ON_ERROR_STOP=1 -v VERBOSITY=verbose -d "$DB_PLANT2" -c "CREATE EXTENSION redshift_iam" 2>&1 | sed -nE 's/^ERROR: +([0-9A-Z]{5}):.*/\1/p')
is "CREATE EXTENSION fails when a schema redshift_iam_internal already exists (no objects can be planted in it)" "$st" "42P06"

finish
