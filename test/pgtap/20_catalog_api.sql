-- The management API: the six functions'
-- exact signatures and named notation, the settings' validation, exact
-- comparison of ARNs and identifiers, the views' columns,
-- transitions by the clock with nothing preloaded, and a quota that counts
-- roles still adding.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS redshift_iam;
SELECT plan(126);

-- Load the library before any SET: until it is loaded, redshift_iam.*
-- settings are unchecked placeholders.
SELECT is(redshift_iam_internal._region(), 'us-east-1', 'the library is loaded (a C function ran)');

SET LOCAL redshift_iam.account_id = '123456789012';
SET LOCAL redshift_iam.region = 'us-east-1';
SET LOCAL redshift_iam.apply_delay = 0;

\ir catalog_helpers.psql

-- SET LOCAL setting = value is refused with state and message (and detail,
-- when given), and the setting keeps its value: 2 or 3 tests
CREATE FUNCTION pg_temp.set_refused(setting text, val text, state text, msg text, detail text, name text)
RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
  before text := current_setting(setting);
  stmt text := format('SET LOCAL %s = %L', setting, val);
BEGIN
  RETURN NEXT throws_ok(stmt, state, msg, name);
  IF detail IS NOT NULL THEN
    RETURN NEXT is(pg_temp.detail_of(stmt), detail, name || ': DETAIL');
  END IF;
  RETURN NEXT is(current_setting(setting), before, name || ': the setting keeps its value');
END $$;

-- SET LOCAL setting = value is accepted and SHOW gives back shown: 2 tests
CREATE FUNCTION pg_temp.set_accepted(setting text, val text, shown text, name text)
RETURNS SETOF text LANGUAGE plpgsql AS $$
BEGIN
  RETURN NEXT lives_ok(format('SET LOCAL %s = %L', setting, val), name);
  RETURN NEXT is(current_setting(setting), shown, name || ': SHOW gives ' || shown);
END $$;

-- ======================================================================
-- 1. the six functions: exact signatures, one overload each, named notation
-- ======================================================================
SELECT is((SELECT count(*)::int FROM pg_proc p
            WHERE p.pronamespace = 'redshift_iam'::regnamespace AND p.proname = f), 1,
          f || ' has exactly one signature')
  FROM unnest(ARRAY['create_cluster', 'modify_cluster_iam_roles', 'describe_clusters', 'delete_cluster',
                    'apply_pending_changes', 'import_clusters']) AS f;

SELECT is(pg_get_function_arguments('redshift_iam.create_cluster(text, text, integer, text[], text, text)'::regprocedure),
          'cluster_identifier text, node_type text, number_of_nodes integer DEFAULT NULL::integer, iam_roles text[] DEFAULT ''{}''::text[], default_iam_role_arn text DEFAULT NULL::text, cluster_type text DEFAULT NULL::text',
          'create_cluster: parameter names and defaults (number_of_nodes and cluster_type NULL: not given)');
SELECT is(pg_get_function_arguments('redshift_iam.modify_cluster_iam_roles(text, text[], text[], text)'::regprocedure),
          'cluster_identifier text, add_iam_roles text[] DEFAULT ''{}''::text[], remove_iam_roles text[] DEFAULT ''{}''::text[], default_iam_role_arn text DEFAULT NULL::text',
          'modify_cluster_iam_roles: parameter names and defaults');
SELECT is(pg_get_function_arguments('redshift_iam.describe_clusters(text, integer, text)'::regprocedure),
          'cluster_identifier text DEFAULT NULL::text, max_records integer DEFAULT NULL::integer, marker text DEFAULT NULL::text',
          'describe_clusters: parameter names and defaults');
SELECT is(pg_get_function_arguments('redshift_iam.delete_cluster(text, boolean, text)'::regprocedure),
          'cluster_identifier text, skip_final_cluster_snapshot boolean DEFAULT NULL::boolean, final_cluster_snapshot_identifier text DEFAULT NULL::text',
          'delete_cluster: parameter names and defaults');
SELECT is(pg_get_function_arguments('redshift_iam.apply_pending_changes(text)'::regprocedure),
          'cluster_identifier text DEFAULT NULL::text',
          'apply_pending_changes: parameter name and default');
SELECT is(pg_get_function_arguments('redshift_iam.import_clusters(jsonb, boolean)'::regprocedure),
          'describe_clusters_output jsonb, advance boolean DEFAULT false',
          'import_clusters: parameter names, advance defaults to false');

SELECT function_returns('redshift_iam', 'create_cluster', ARRAY['text', 'text', 'integer', 'text[]', 'text', 'text'], 'jsonb',
                        'create_cluster returns jsonb');
SELECT function_returns('redshift_iam', 'modify_cluster_iam_roles', ARRAY['text', 'text[]', 'text[]', 'text'], 'jsonb',
                        'modify_cluster_iam_roles returns jsonb');
SELECT function_returns('redshift_iam', 'describe_clusters', ARRAY['text', 'integer', 'text'], 'jsonb',
                        'describe_clusters returns jsonb');
SELECT function_returns('redshift_iam', 'delete_cluster', ARRAY['text', 'boolean', 'text'], 'jsonb',
                        'delete_cluster returns jsonb');
SELECT function_returns('redshift_iam', 'apply_pending_changes', ARRAY['text'], 'integer',
                        'apply_pending_changes returns integer');
SELECT function_returns('redshift_iam', 'import_clusters', ARRAY['jsonb', 'boolean'], 'integer',
                        'import_clusters returns integer');

-- named notation, the arguments in an order unlike the declaration's
SELECT is(
  redshift_iam.create_cluster(
    default_iam_role_arn => 'arn:aws:iam::123456789012:role/B',
    iam_roles => ARRAY['arn:aws:iam::123456789012:role/A', 'arn:aws:iam::123456789012:role/B'],
    number_of_nodes => 2,
    node_type => 'dc2.large',
    cluster_identifier => 'named') #- '{Cluster,ClusterCreateTime}',
  '{"Cluster": {"ClusterIdentifier": "named", "NodeType": "dc2.large", "ClusterStatus": "available",
    "NumberOfNodes": 2, "DefaultIamRoleArn": "arn:aws:iam::123456789012:role/B",
    "IamRoles": [{"IamRoleArn": "arn:aws:iam::123456789012:role/A", "ApplyStatus": "in-sync"},
                 {"IamRoleArn": "arn:aws:iam::123456789012:role/B", "ApplyStatus": "in-sync"}]}}'::jsonb,
  'create_cluster: every parameter by name');
SELECT is(
  redshift_iam.modify_cluster_iam_roles(
    default_iam_role_arn => 'arn:aws:iam::123456789012:role/C',
    remove_iam_roles => ARRAY['arn:aws:iam::123456789012:role/A'],
    add_iam_roles => ARRAY['arn:aws:iam::123456789012:role/C'],
    cluster_identifier => 'named') #- '{Cluster,ClusterCreateTime}',
  '{"Cluster": {"ClusterIdentifier": "named", "NodeType": "dc2.large", "ClusterStatus": "available",
    "NumberOfNodes": 2, "DefaultIamRoleArn": "arn:aws:iam::123456789012:role/C",
    "IamRoles": [{"IamRoleArn": "arn:aws:iam::123456789012:role/B", "ApplyStatus": "in-sync"},
                 {"IamRoleArn": "arn:aws:iam::123456789012:role/C", "ApplyStatus": "in-sync"}]}}'::jsonb,
  'modify_cluster_iam_roles: every parameter by name');
SELECT is(
  redshift_iam.describe_clusters(cluster_identifier => 'named') #- '{Clusters,0,ClusterCreateTime}',
  '{"Clusters": [{"ClusterIdentifier": "named", "NodeType": "dc2.large", "ClusterStatus": "available",
    "NumberOfNodes": 2, "DefaultIamRoleArn": "arn:aws:iam::123456789012:role/C",
    "IamRoles": [{"IamRoleArn": "arn:aws:iam::123456789012:role/B", "ApplyStatus": "in-sync"},
                 {"IamRoleArn": "arn:aws:iam::123456789012:role/C", "ApplyStatus": "in-sync"}]}]}'::jsonb,
  'describe_clusters(cluster_identifier =>) describes that cluster');
SELECT is(
  redshift_iam.describe_clusters(marker => NULL, max_records => 20, cluster_identifier => 'named')
    #>> '{Clusters,0,ClusterIdentifier}',
  'named', 'describe_clusters: every parameter by name');
SELECT ok(
  redshift_iam.describe_clusters(max_records => 20, marker => '') @> '{"Clusters": [{"ClusterIdentifier": "named"}]}',
  'describe_clusters(max_records =>, marker =>) lists from the start');
CREATE TEMP TABLE saved AS SELECT redshift_iam.describe_clusters(cluster_identifier => 'named') AS doc;
SELECT is(redshift_iam.delete_cluster(cluster_identifier => 'named') #>> '{Cluster,ClusterStatus}', 'deleting',
          'delete_cluster(cluster_identifier =>)');
SELECT throws_ok($$SELECT redshift_iam.describe_clusters(cluster_identifier => 'named')$$, '42704',
  'An error occurred (ClusterNotFound) when calling the DescribeClusters operation: Cluster named not found.',
  'the deleted cluster is gone');
SELECT is(redshift_iam.import_clusters(describe_clusters_output => (SELECT doc FROM saved)), 1,
          'import_clusters(describe_clusters_output =>) imports one cluster');
SELECT is(redshift_iam.describe_clusters(cluster_identifier => 'named'), (SELECT doc FROM saved),
          'the imported cluster describes as before the delete');
SET LOCAL redshift_iam.apply_delay = '1h';
SELECT is(redshift_iam.create_cluster(cluster_identifier => 'pending', node_type => 'dc2.large')
            #>> '{Cluster,ClusterStatus}', 'creating', 'a cluster creating for an hour');
SELECT lives_ok($$SELECT redshift_iam.apply_pending_changes(cluster_identifier => 'pending')$$,
                'apply_pending_changes(cluster_identifier =>)');
SELECT is(redshift_iam.describe_clusters(cluster_identifier => 'pending') #>> '{Clusters,0,ClusterStatus}',
          'available', 'apply_pending_changes(cluster_identifier =>) completed that cluster');
SELECT throws_ok($$SELECT redshift_iam.apply_pending_changes(cluster_identifier => 'nope')$$, '42704',
  'An error occurred (ClusterNotFound) when calling the ApplyPendingChanges operation: Cluster nope not found.',
  'apply_pending_changes(cluster_identifier =>) names a missing cluster');
SELECT lives_ok($$SELECT redshift_iam.apply_pending_changes()$$,
                'apply_pending_changes() with the default (every cluster)');
SET LOCAL redshift_iam.apply_delay = 0;
-- a misspelt name is an error, not a silently ignored argument
SELECT throws_ok($$SELECT redshift_iam.describe_clusters(cluster_id => 'named')$$, '42883', NULL,
                 'a parameter name that does not exist is refused');

-- ======================================================================
-- 2. settings are validated (src/pg/guc.c); the redshift_iam. prefix being
--    reserved is tested in 10_parse.sql
-- ======================================================================
SELECT pg_temp.set_refused('redshift_iam.max_roles_per_cluster', '0', '22023',
  '0 is outside the valid range for parameter "redshift_iam.max_roles_per_cluster" (1 .. 1000)', NULL,
  'max_roles_per_cluster = 0');
SELECT pg_temp.set_refused('redshift_iam.max_roles_per_cluster', '1001', '22023',
  '1001 is outside the valid range for parameter "redshift_iam.max_roles_per_cluster" (1 .. 1000)', NULL,
  'max_roles_per_cluster = 1001');
SELECT pg_temp.set_accepted('redshift_iam.max_roles_per_cluster', '1', '1', 'max_roles_per_cluster = 1');
SELECT pg_temp.set_accepted('redshift_iam.max_roles_per_cluster', '1000', '1000', 'max_roles_per_cluster = 1000');
SELECT lives_ok('RESET redshift_iam.max_roles_per_cluster', 'max_roles_per_cluster reset');

SELECT pg_temp.set_refused('redshift_iam.apply_delay', '-1s', '22023',
  '-1000 ms is outside the valid range for parameter "redshift_iam.apply_delay" (0 .. 86400000)', NULL,
  'apply_delay = -1s');
SELECT pg_temp.set_refused('redshift_iam.apply_delay', '86400001', '22023',
  '86400001 ms is outside the valid range for parameter "redshift_iam.apply_delay" (0 .. 86400000)', NULL,
  'apply_delay one millisecond above a day');
SELECT pg_temp.set_refused('redshift_iam.apply_delay', '25h', '22023',
  '90000000 ms is outside the valid range for parameter "redshift_iam.apply_delay" (0 .. 86400000)', NULL,
  'apply_delay = 25h');
SELECT pg_temp.set_accepted('redshift_iam.apply_delay', '1d', '1d', 'apply_delay = 1d (the maximum)');
SELECT pg_temp.set_accepted('redshift_iam.apply_delay', '500ms', '500ms', 'apply_delay = 500ms');
SELECT is(redshift_iam_internal._apply_delay(), interval '0.5 s', 'apply_delay 500ms is half a second');
SELECT pg_temp.set_accepted('redshift_iam.apply_delay', '2s', '2s', 'apply_delay = 2s');
SELECT is(redshift_iam_internal._apply_delay(), interval '2 s', 'apply_delay 2s is two seconds');
SELECT pg_temp.set_accepted('redshift_iam.apply_delay', '1min', '1min', 'apply_delay = 1min');
SELECT is(redshift_iam_internal._apply_delay(), interval '1 min', 'apply_delay 1min is a minute');
SELECT is(redshift_iam.create_cluster('one-minute', 'dc2.large') #>> '{Cluster,ClusterStatus}', 'creating',
          'a cluster created under apply_delay 1min');
SELECT is((SELECT ready_at - created_at FROM redshift_iam.catalog_clusters WHERE cluster_identifier = 'one-minute'),
          interval '1 min', 'is ready a minute after it was created');
SELECT pg_temp.set_accepted('redshift_iam.apply_delay', '1500', '1500ms', 'apply_delay = 1500 (no unit: milliseconds)');
SELECT pg_temp.set_accepted('redshift_iam.apply_delay', '0', '0', 'apply_delay = 0');

SELECT pg_temp.set_refused('redshift_iam.account_id', '12345', '22023',
  'invalid value for parameter "redshift_iam.account_id": "12345"', 'an account ID is exactly 12 digits.',
  'account_id of 5 digits');
SELECT pg_temp.set_refused('redshift_iam.account_id', 'abcdefghijkl', '22023',
  'invalid value for parameter "redshift_iam.account_id": "abcdefghijkl"', 'an account ID is exactly 12 digits.',
  'account_id of 12 letters');
SELECT pg_temp.set_refused('redshift_iam.account_id', '1234567890123', '22023',
  'invalid value for parameter "redshift_iam.account_id": "1234567890123"', 'an account ID is exactly 12 digits.',
  'account_id of 13 digits');
SELECT pg_temp.set_accepted('redshift_iam.account_id', '210987654321', '210987654321', 'account_id of 12 digits');
SELECT pg_temp.set_accepted('redshift_iam.account_id', '123456789012', '123456789012', 'account_id back');

SELECT pg_temp.set_refused('redshift_iam.region', 'mars', '22023',
  'invalid value for parameter "redshift_iam.region": "mars"', 'A region looks like "us-east-1".',
  'region = mars');
SELECT pg_temp.set_refused('redshift_iam.region', 'US-EAST-1', '22023',
  'invalid value for parameter "redshift_iam.region": "US-EAST-1"', 'A region looks like "us-east-1".',
  'region in capitals');
SELECT pg_temp.set_accepted('redshift_iam.region', 'eu-central-2', 'eu-central-2', 'region = eu-central-2');
SELECT is(redshift_iam_internal._region(), 'eu-central-2', 'the functions act in the region set');
SELECT pg_temp.set_accepted('redshift_iam.region', 'us-gov-west-1', 'us-gov-west-1', 'region = us-gov-west-1');
SELECT pg_temp.set_accepted('redshift_iam.region', 'us-east-1', 'us-east-1', 'region back');

-- ======================================================================
-- 3. ARNs are compared exactly; identifiers too
-- ======================================================================
SELECT is(redshift_iam.create_cluster('exact', 'dc2.large', 1, ARRAY['arn:aws:iam::123456789012:role/A'])
            #>> '{Cluster,IamRoles,0,ApplyStatus}', 'in-sync', 'cluster exact with role/A');
SELECT pg_temp.fails($$SELECT redshift_iam.modify_cluster_iam_roles('exact',
    remove_iam_roles => ARRAY['arn:aws:iam::123456789012:role/a'])$$, '22023',
  'An error occurred (InvalidParameterValue) when calling the ModifyClusterIamRoles operation: The IAM role arn:aws:iam::123456789012:role/a is not associated with cluster exact.',
  'removing role/a when role/A is associated');
SELECT throws_ok($$SELECT redshift_iam.check_command('exact',
    'COPY t FROM ''s3://b/k'' IAM_ROLE ''arn:aws:iam::123456789012:role/a''')$$, '28000', NULL,
  'check_command naming role/a when role/A is associated: 28000');
SELECT throws_like($$SELECT redshift_iam.check_command('exact',
    'COPY t FROM ''s3://b/k'' IAM_ROLE ''arn:aws:iam::123456789012:role/a''')$$,
  'IAM role arn:aws:iam::123456789012:role/a is not associated with cluster exact',
  'check_command names role/a as not associated');
SELECT is(redshift_iam.check_command('exact',
    'COPY t FROM ''s3://b/k'' IAM_ROLE ''arn:aws:iam::123456789012:role/A''') ->> 'resolved_role',
  'arn:aws:iam::123456789012:role/A', 'check_command allows role/A');
SELECT is(redshift_iam.modify_cluster_iam_roles('exact', ARRAY['arn:aws:iam::123456789012:role/a'])
            #> '{Cluster,IamRoles}',
          '[{"IamRoleArn": "arn:aws:iam::123456789012:role/A", "ApplyStatus": "in-sync"},
            {"IamRoleArn": "arn:aws:iam::123456789012:role/a", "ApplyStatus": "in-sync"}]'::jsonb,
          'adding role/a makes a second association');
SELECT results_eq(
  $$SELECT iam_role_arn FROM redshift_iam.cluster_iam_roles WHERE cluster_identifier = 'exact' ORDER BY iam_role_arn COLLATE "C"$$,
  $$VALUES ('arn:aws:iam::123456789012:role/A'), ('arn:aws:iam::123456789012:role/a')$$,
  'the view lists role/A and role/a');

SELECT ok(redshift_iam.create_cluster('my-cluster', 'dc2.large') IS NOT NULL, 'cluster my-cluster');
SELECT pg_temp.fails($$SELECT redshift_iam.describe_clusters('My-Cluster')$$, '42704',
  'An error occurred (ClusterNotFound) when calling the DescribeClusters operation: Cluster My-Cluster not found.',
  'describe_clusters(''My-Cluster'') does not find my-cluster');
SELECT is(redshift_iam.describe_clusters('my-cluster') #>> '{Clusters,0,ClusterIdentifier}', 'my-cluster',
          'describe_clusters(''my-cluster'') finds it');

-- ======================================================================
-- 4. the views' columns, in order, with their types
-- ======================================================================
SELECT is(
  (SELECT array_agg(column_name || ' ' || data_type ORDER BY ordinal_position)::text[]
     FROM information_schema.columns WHERE table_schema = 'redshift_iam' AND table_name = 'clusters'),
  ARRAY['account_id text', 'region text', 'cluster_identifier text', 'node_type text', 'number_of_nodes integer',
        'cluster_status text', 'default_iam_role_arn text', 'created_at timestamp with time zone'],
  'redshift_iam.clusters: columns in order, with types');
SELECT is(
  (SELECT array_agg(column_name || ' ' || data_type ORDER BY ordinal_position)::text[]
     FROM information_schema.columns WHERE table_schema = 'redshift_iam' AND table_name = 'cluster_iam_roles'),
  ARRAY['account_id text', 'region text', 'cluster_identifier text', 'iam_role_arn text', 'apply_status text',
        'is_default boolean', 'requested_at timestamp with time zone'],
  'redshift_iam.cluster_iam_roles: columns in order, with types');

-- ======================================================================
-- 5. transitions by the clock, with nothing preloaded and no write
-- ======================================================================
SELECT ok(current_setting('shared_preload_libraries') !~ 'redshift_iam',
          'redshift_iam is not in shared_preload_libraries');
SELECT ok(current_setting('session_preload_libraries') !~ 'redshift_iam'
          AND current_setting('local_preload_libraries') !~ 'redshift_iam',
          'nor in session_ or local_preload_libraries');
SELECT is_empty($$SELECT 1 FROM pg_stat_activity WHERE backend_type ~* 'redshift'$$,
                'no redshift_iam background worker');
SET LOCAL redshift_iam.apply_delay = '1s';
SELECT is(redshift_iam.create_cluster('async', 'dc2.large', 1,
            ARRAY['arn:aws:iam::123456789012:role/A', 'arn:aws:iam::123456789012:role/B']) #>> '{Cluster,ClusterStatus}',
          'creating', 'cluster async created under apply_delay 1s');
SELECT results_eq(
  $$SELECT cluster_status FROM redshift_iam.clusters WHERE cluster_identifier = 'async'$$,
  $$VALUES ('creating')$$, 'clusters view: creating before the delay');
SELECT results_eq(
  $$SELECT iam_role_arn, apply_status FROM redshift_iam.cluster_iam_roles WHERE cluster_identifier = 'async' ORDER BY 1$$,
  $$VALUES ('arn:aws:iam::123456789012:role/A', 'adding'), ('arn:aws:iam::123456789012:role/B', 'adding')$$,
  'cluster_iam_roles view: adding before the delay');
SELECT lives_ok('SELECT pg_sleep(1.2)', 'wait past apply_delay');
SELECT results_eq(
  $$SELECT cluster_status FROM redshift_iam.clusters WHERE cluster_identifier = 'async'$$,
  $$VALUES ('available')$$, 'clusters view: available after the delay');
SELECT results_eq(
  $$SELECT iam_role_arn, apply_status FROM redshift_iam.cluster_iam_roles WHERE cluster_identifier = 'async' ORDER BY 1$$,
  $$VALUES ('arn:aws:iam::123456789012:role/A', 'in-sync'), ('arn:aws:iam::123456789012:role/B', 'in-sync')$$,
  'cluster_iam_roles view: in-sync after the delay');
SELECT is(redshift_iam.describe_clusters('async') #- '{Clusters,0,ClusterCreateTime}',
  '{"Clusters": [{"ClusterIdentifier": "async", "NodeType": "dc2.large", "ClusterStatus": "available", "NumberOfNodes": 1,
    "IamRoles": [{"IamRoleArn": "arn:aws:iam::123456789012:role/A", "ApplyStatus": "in-sync"},
                 {"IamRoleArn": "arn:aws:iam::123456789012:role/B", "ApplyStatus": "in-sync"}]}]}'::jsonb,
  'describe_clusters: available and in-sync after the delay');
SELECT results_eq(
  $$SELECT status FROM redshift_iam.catalog_clusters WHERE cluster_identifier = 'async'$$,
  $$VALUES ('creating')$$, 'no write: the stored cluster status is still creating');
SELECT results_eq(
  $$SELECT DISTINCT state FROM redshift_iam.catalog_cluster_iam_roles WHERE cluster_identifier = 'async'$$,
  $$VALUES ('adding')$$, 'no write: the stored associations are still adding');

-- ======================================================================
-- 6. the quota counts roles still adding
-- ======================================================================
SET LOCAL redshift_iam.apply_delay = 0;
SELECT is(redshift_iam.create_cluster('quota', 'dc2.large') #>> '{Cluster,ClusterStatus}', 'available',
          'cluster quota, available at once');
SET LOCAL redshift_iam.apply_delay = '1h';
SET LOCAL redshift_iam.max_roles_per_cluster = 2;
SELECT is(redshift_iam.modify_cluster_iam_roles('quota', ARRAY['arn:aws:iam::123456789012:role/A'])
            #>> '{Cluster,IamRoles,0,ApplyStatus}', 'adding', 'role A adding');
SELECT pg_temp.fails($$SELECT redshift_iam.modify_cluster_iam_roles('quota',
    ARRAY['arn:aws:iam::123456789012:role/B', 'arn:aws:iam::123456789012:role/C'])$$, '54000',
  'An error occurred (InvalidParameterValue) when calling the ModifyClusterIamRoles operation: A cluster can have at most 2 IAM roles associated; cluster quota has 1 and the request adds 2.',
  'one role adding and two more: over the quota');
SELECT is(redshift_iam.modify_cluster_iam_roles('quota', ARRAY['arn:aws:iam::123456789012:role/B'])
            #> '{Cluster,IamRoles}',
          '[{"IamRoleArn": "arn:aws:iam::123456789012:role/A", "ApplyStatus": "adding"},
            {"IamRoleArn": "arn:aws:iam::123456789012:role/B", "ApplyStatus": "adding"}]'::jsonb,
          'roles A and B adding: the quota is full');
SELECT pg_temp.fails($$SELECT redshift_iam.modify_cluster_iam_roles('quota', ARRAY['arn:aws:iam::123456789012:role/C'])$$, '54000',
  'An error occurred (InvalidParameterValue) when calling the ModifyClusterIamRoles operation: A cluster can have at most 2 IAM roles associated; cluster quota has 2 and the request adds 1.',
  'two roles adding refuse a third');
SELECT results_eq(
  $$SELECT iam_role_arn, apply_status FROM redshift_iam.cluster_iam_roles WHERE cluster_identifier = 'quota' ORDER BY 1$$,
  $$VALUES ('arn:aws:iam::123456789012:role/A', 'adding'), ('arn:aws:iam::123456789012:role/B', 'adding')$$,
  'after the refusal A and B are still adding and C is not there');

SELECT * FROM finish();
ROLLBACK;
