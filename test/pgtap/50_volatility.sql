-- Function volatility.  IMMUTABLE only when the result depends on nothing
-- but the arguments; STABLE when it reads a setting, a table or the role;
-- VOLATILE when it writes, logs, raises for its own sake, or reads the real
-- clock (clock_timestamp), which must move within a statement.  An
-- IMMUTABLE function that reads a setting is folded into a cached plan and
-- keeps answering for the old value: the first tests prove that the two
-- functions reading redshift_iam.region follow a SET; the last lists every
-- function of the extension with its audited volatility, so a new function
-- or a changed marking fails until this list is updated (docs/safety.md).
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS redshift_iam;
SELECT plan(7);

SET LOCAL plan_cache_mode = force_generic_plan;
SET LOCAL redshift_iam.region = 'us-east-1';

-- a role of partition aws is fine for a cluster in us-east-1, not in cn-north-1
PREPARE rsi_t50_check_role AS
  SELECT redshift_iam_internal._check_role_arn('arn:aws:iam::123456789012:role/A', 'ModifyClusterIamRoles',
                                      '123456789012');
SELECT lives_ok('EXECUTE rsi_t50_check_role', '_check_role_arn: an aws role in us-east-1 (plan cached)');
SET LOCAL redshift_iam.region = 'cn-north-1';
SELECT throws_ok('EXECUTE rsi_t50_check_role', '22023', NULL,
                 '_check_role_arn: the cached plan follows SET redshift_iam.region (cn-north-1 refuses an aws role)');
SET LOCAL redshift_iam.region = 'us-east-1';
SELECT lives_ok('EXECUTE rsi_t50_check_role', '_check_role_arn: and back in us-east-1');

PREPARE rsi_t50_describe AS
  SELECT redshift_iam_internal._parse_describe_output(
    '{"Clusters": [{"ClusterIdentifier": "c1", "NodeType": "dc2.large", "ClusterStatus": "available",
                    "NumberOfNodes": 1,
                    "IamRoles": [{"IamRoleArn": "arn:aws:iam::123456789012:role/A", "ApplyStatus": "in-sync"}]}]}',
    10);
SELECT lives_ok('EXECUTE rsi_t50_describe', '_parse_describe_output: an aws role in us-east-1 (plan cached)');
SET LOCAL redshift_iam.region = 'cn-north-1';
SELECT throws_ok('EXECUTE rsi_t50_describe', '22023', NULL,
                 '_parse_describe_output: the cached plan follows SET redshift_iam.region');
SET LOCAL redshift_iam.region = 'us-east-1';
DEALLOCATE rsi_t50_check_role;
DEALLOCATE rsi_t50_describe;

-- i = IMMUTABLE, s = STABLE, v = VOLATILE
SELECT set_eq(
  $$SELECT p.oid::pg_catalog.regprocedure::text, p.provolatile::text
      FROM pg_catalog.pg_proc p
     WHERE p.pronamespace IN ('redshift_iam'::pg_catalog.regnamespace, 'redshift_iam_internal'::pg_catalog.regnamespace)$$,
  $$VALUES
    -- arguments only
    ('redshift_iam_internal._dedup(text[])', 'i'),
    ('redshift_iam_internal._excerpt(text,integer)', 'i'),
    ('redshift_iam_internal._raise_without_statement(text,text,text,text)', 'v'),
    ('redshift_iam_internal._cluster_arn(text,text,text)', 'i'),
    ('redshift_iam_internal._partition(text)', 'i'),
    ('redshift_iam.redact(text)', 'i'),
    ('redshift_iam_internal._check_cluster_identifier(text,text)', 'i'),
    ('redshift_iam_internal._check_node_type(text,integer,text)', 'i'),
    ('redshift_iam_internal._check_cluster_layout(text,text,integer,text)', 'i'),
    ('redshift_iam_internal._check_snapshot_identifier(text,text,text)', 'i'),
    ('redshift_iam_internal._role_arn_problem(text)', 'i'),
    ('redshift_iam_internal._cluster_identifier_problem(text)', 'i'),
    ('redshift_iam_internal._check_principal_arn(text)', 'i'),
    ('redshift_iam_internal._check_policy_document(jsonb,text,text)', 'i'),
    ('redshift_iam_internal._url_decode(text)', 'i'),
    ('redshift_iam_internal._iam_document(jsonb,text,text,text)', 'i'),
    ('redshift_iam_internal._iam_owner_ok(jsonb,text)', 'i'),
    ('redshift_iam_internal._iam_resource_arn_ok(text)', 'i'),
    ('redshift_iam_internal._iam_check_role_arn(text,text)', 'i'),
    ('redshift_iam_internal._iam_check_policy_arn(text,text)', 'i'),
    ('redshift_iam_internal._iam_arn(text,text,text,text,text)', 'i'),
    ('redshift_iam_internal._iam_no_such_role(text,text)', 'i'),
    ('redshift_iam_internal._iam_no_such_policy(text,text)', 'i'),
    -- reads the IAM snapshot
    ('redshift_iam_internal.iam_authorization_details(text[])', 's'),
    -- trigger: writes the IAM snapshot's version
    ('redshift_iam_internal._iam_snapshot_changed()', 'v'),
    -- trigger: drops the command checks' cached catalog rows in every backend
    ('redshift_iam_internal._check_cache_invalidate()', 'v'),
    ('redshift_iam_internal._assumerole_command(text)', 'i'),
    -- settings, tables, the current role
    ('redshift_iam.parse_command(text)', 's'),
    ('redshift_iam_internal._check_role_arn(text,text,text)', 's'),
    ('redshift_iam_internal._parse_describe_output(jsonb,integer)', 's'),
    ('redshift_iam_internal._describe_rows(jsonb,integer)', 's'),
    ('redshift_iam_internal._parse_serverless_output(jsonb)', 's'),
    ('redshift_iam_internal._region()', 's'),
    ('redshift_iam_internal._apply_delay()', 's'),
    ('redshift_iam_internal._max_roles_per_cluster()', 's'),
    ('redshift_iam_internal._caller_account()', 's'),
    ('redshift_iam_internal._require_superuser(text)', 's'),
    ('redshift_iam.simulate_custom_policy(jsonb[],text[],text[],jsonb)', 's'),
    ('redshift_iam.simulate_principal_policy(text,text[],text[],jsonb)', 's'),
    ('redshift_iam_internal._assumerole_held(oid,text,text,text)', 's'),
    ('redshift_iam_internal._assumerole_args(text,text,text[],text)', 's'),
    ('redshift_iam.has_assumerole_privilege(name,text,text)', 's'),
    ('redshift_iam.has_assumerole_privilege(text,text)', 's'),
    ('redshift_iam.redshift_iam_version()', 's'),
    -- the real clock (status by clock_timestamp), writes, logs, raising
    ('redshift_iam_internal._effective_apply_status(text,timestamp with time zone)', 'v'),
    ('redshift_iam_internal._effective_cluster_status(text,timestamp with time zone)', 'v'),
    ('redshift_iam_internal._association_status(text,text,text,text)', 'v'),
    ('redshift_iam_internal._cluster_lookup(text,text,text)', 'v'),
    ('redshift_iam_internal._cluster_json(text,text,text)', 'v'),
    ('redshift_iam_internal._role_clusters(text,text,text,text)', 'v'),
    ('redshift_iam_internal._materialize(text,text,text,boolean)', 'v'),
    ('redshift_iam_internal._authorize(text,text,text[],text)', 'v'),
    ('redshift_iam_internal._aws_error(text,text,text,text,text)', 'v'),
    ('redshift_iam.create_cluster(text,text,integer,text[],text,text)', 'v'),
    ('redshift_iam.modify_cluster_iam_roles(text,text[],text[],text)', 'v'),
    ('redshift_iam.describe_clusters(text,integer,text)', 'v'),
    ('redshift_iam.delete_cluster(text,boolean,text)', 'v'),
    ('redshift_iam.apply_pending_changes(text)', 'v'),
    ('redshift_iam.import_clusters(jsonb,boolean)', 'v'),
    ('redshift_iam.import_namespaces(jsonb)', 'v'),
    ('redshift_iam.list_namespaces()', 'v'),
    ('redshift_iam.get_namespace(text)', 'v'),
    ('redshift_iam_internal._namespace_json(text,text,text)', 's'),
    ('redshift_iam.map_principal(name,text)', 'v'),
    ('redshift_iam.unmap_principal(name)', 'v'),
    ('redshift_iam.put_principal_policy(text,text,jsonb)', 'v'),
    ('redshift_iam.import_iam(jsonb)', 'v'),
    ('redshift_iam_internal._iam_write_lock()', 'v'),
    ('redshift_iam.create_role(text,jsonb)', 'v'),
    ('redshift_iam.create_role(text,text,jsonb,text,text)', 'v'),
    ('redshift_iam.delete_role(text)', 'v'),
    ('redshift_iam.put_role_policy(text,text,jsonb)', 'v'),
    ('redshift_iam.delete_role_policy(text,text)', 'v'),
    ('redshift_iam.create_policy(text,jsonb)', 'v'),
    ('redshift_iam.create_policy(text,text,jsonb,text,text)', 'v'),
    ('redshift_iam.create_policy_version(text,jsonb,boolean)', 'v'),
    ('redshift_iam.set_default_policy_version(text,text)', 'v'),
    ('redshift_iam.delete_policy_version(text,text)', 'v'),
    ('redshift_iam.delete_policy(text)', 'v'),
    ('redshift_iam.attach_role_policy(text,text)', 'v'),
    ('redshift_iam.detach_role_policy(text,text)', 'v'),
    ('redshift_iam.put_resource_policy(text,jsonb,text)', 'v'),
    ('redshift_iam.delete_resource_policy(text)', 'v'),
    ('redshift_iam.delete_principal_policy(text,text)', 'v'),
    ('redshift_iam.create_access_key(text)', 'v'),
    ('redshift_iam.update_access_key(text,text)', 'v'),
    ('redshift_iam.delete_access_key(text)', 'v'),
    ('redshift_iam.list_access_keys(text)', 's'),
    ('redshift_iam.grant_assumerole(text,text,text[])', 'v'),
    ('redshift_iam.revoke_assumerole(text,text,text[])', 'v'),
    ('redshift_iam.check_command(text,text)', 'v'),
    ('redshift_iam.script_may_run(text,text)', 'v'),
    ('redshift_iam.assert_script(text,text)', 'v'),
    ('redshift_iam.validate_script(text,text)', 'v')$$,
  'every function of the extension has its audited volatility (add new functions here)');

SELECT is_empty(
  $$SELECT p.oid::pg_catalog.regprocedure::text
      FROM pg_catalog.pg_proc p
     WHERE p.pronamespace IN ('redshift_iam'::pg_catalog.regnamespace, 'redshift_iam_internal'::pg_catalog.regnamespace)
       AND p.provolatile = 'i'
       AND p.prosrc ~ 'current_setting|now\(\)|clock_timestamp|current_user|redshift_iam\.catalog_'$$,
  'no IMMUTABLE SQL or PL/pgSQL function reads a setting, the clock, the role or a catalog table');

SELECT * FROM finish();
ROLLBACK;
