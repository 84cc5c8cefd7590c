-- DeleteCluster as AWS runs it, and CreateCluster's ClusterType and
-- NumberOfNodes: a deleted cluster is "deleting" (describe, views, checks,
-- modify, create, delete again) until redshift_iam.apply_delay has passed,
-- then gone; the final-snapshot parameters; the node-count rules with
-- AWS's codes.  Every refused call leaves the catalog unchanged.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS redshift_iam;
SELECT plan(122);

SELECT is(redshift_iam_internal._region(), 'us-east-1', 'the library is loaded');
SET LOCAL redshift_iam.account_id = '123456789012';
SET LOCAL redshift_iam.region = 'us-east-1';
SET LOCAL redshift_iam.apply_delay = 0;

\ir catalog_helpers.psql

-- the error a statement raises, as sqlstate, message and hint
CREATE FUNCTION pg_temp.err(call text) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE s text; m text; h text;
BEGIN
  EXECUTE call;
  RETURN NULL;
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS s = RETURNED_SQLSTATE, m = MESSAGE_TEXT, h = PG_EXCEPTION_HINT;
  RETURN jsonb_build_object('state', s, 'msg', m, 'hint', h);
END $$;

CREATE FUNCTION pg_temp.copy_a() RETURNS text LANGUAGE sql AS
$$ SELECT $c$COPY t FROM 's3://b/k' IAM_ROLE 'arn:aws:iam::123456789012:role/A'$c$ $$;

-- ======================================================================
-- 1. deleting: shown, the identifier taken, no command, no change
-- ======================================================================
SELECT ok(redshift_iam.create_cluster('gone', 'dc2.large', 2,
            ARRAY['arn:aws:iam::123456789012:role/A'], 'arn:aws:iam::123456789012:role/A') IS NOT NULL,
          'cluster gone created (apply_delay 0: available at once)');
SELECT ok(redshift_iam.create_cluster('stays', 'dc2.large') IS NOT NULL, 'cluster stays created');
SET LOCAL redshift_iam.apply_delay = '1h';
SELECT is(redshift_iam.delete_cluster('gone', skip_final_cluster_snapshot => true) #- '{Cluster,ClusterCreateTime}',
  '{"Cluster": {"ClusterIdentifier": "gone", "NodeType": "dc2.large", "ClusterStatus": "deleting", "NumberOfNodes": 2,
    "IamRoles": [{"IamRoleArn": "arn:aws:iam::123456789012:role/A", "ApplyStatus": "in-sync"}],
    "DefaultIamRoleArn": "arn:aws:iam::123456789012:role/A"}}'::jsonb,
  'delete_cluster(skip_final_cluster_snapshot => true) answers the cluster as deleting');
SELECT is(redshift_iam.describe_clusters('gone') #>> '{Clusters,0,ClusterStatus}', 'deleting',
          'describe_clusters(id): deleting while apply_delay runs');
SELECT is(jsonb_path_query_array(redshift_iam.describe_clusters(), '$.Clusters[*].ClusterStatus'),
          '["deleting", "available"]'::jsonb, 'describe_clusters(): lists it, deleting');
SELECT ok(redshift_iam.describe_clusters('gone') #> '{Clusters,0}' ? 'ClusterCreateTime',
          'a deleting cluster keeps its ClusterCreateTime');
SELECT results_eq($$SELECT cluster_status FROM redshift_iam.clusters WHERE cluster_identifier = 'gone'$$,
                  $$VALUES ('deleting')$$, 'clusters view: deleting');
SELECT results_eq($$SELECT apply_status FROM redshift_iam.cluster_iam_roles WHERE cluster_identifier = 'gone'$$,
                  $$VALUES ('in-sync')$$, 'cluster_iam_roles view: its role is still listed while deleting');
SELECT pg_temp.fails($$SELECT redshift_iam.create_cluster('gone', 'dc2.large')$$, '42710',
  'An error occurred (ClusterAlreadyExists) when calling the CreateCluster operation: Cluster gone already exists.',
  'create_cluster with the identifier of a deleting cluster');
SELECT is(pg_temp.err($$SELECT redshift_iam.create_cluster('gone', 'dc2.large')$$) ->> 'hint',
  'Cluster gone is being deleted and keeps its identifier until the deletion completes (redshift_iam.apply_delay); create it again after describe_clusters(''gone'') reports ClusterNotFound, or run redshift_iam.apply_pending_changes(''gone'') first.',
  '... the hint says the identifier is free once the deletion completes');
SELECT pg_temp.fails($$SELECT redshift_iam.modify_cluster_iam_roles('gone', ARRAY['arn:aws:iam::123456789012:role/B'])$$, '55000',
  'An error occurred (InvalidClusterState) when calling the ModifyClusterIamRoles operation: The specified cluster is not in the available state.',
  'modify_cluster_iam_roles on a deleting cluster');
SELECT is(pg_temp.err($$SELECT redshift_iam.modify_cluster_iam_roles('gone', remove_iam_roles => ARRAY['arn:aws:iam::123456789012:role/A'])$$) ->> 'hint',
  'Cluster gone is being deleted (delete_cluster); a cluster being deleted takes no role changes.',
  '... the hint says it is being deleted (not: wait until available)');
SELECT pg_temp.fails($$SELECT redshift_iam.delete_cluster('gone', true)$$, '55000',
  'An error occurred (InvalidClusterState) when calling the DeleteCluster operation: There is an operation running on the Cluster. Please try to delete it at a later time.',
  'delete_cluster of a cluster already deleting');
SELECT pg_temp.fails(format('SELECT * FROM redshift_iam.check_command(%L, %L)', 'gone', pg_temp.copy_a()), '55000',
  'cluster gone is not available (ClusterStatus deleting)',
  'check_command on a deleting cluster refuses');
SELECT results_eq(format('SELECT ok, sqlstate, message FROM redshift_iam.validate_script(%L, %L)', 'gone', pg_temp.copy_a() || ';'),
  $$VALUES (false, '55000', 'cluster gone is not available (ClusterStatus deleting)')$$,
  'validate_script on a deleting cluster: the statement is refused');
SELECT is((SELECT status FROM redshift_iam.catalog_clusters WHERE cluster_identifier = 'gone'), 'deleting',
          'stored: deleting until the delay passes');

-- ======================================================================
-- 2. after the delay: gone everywhere, the identifier free
-- ======================================================================
SET LOCAL redshift_iam.apply_delay = '1s';
SELECT ok(redshift_iam.create_cluster('brief', 'dc2.large', iam_roles => ARRAY['arn:aws:iam::123456789012:role/A']) IS NOT NULL,
          'cluster brief created under apply_delay 1s');
SELECT is(redshift_iam.apply_pending_changes('brief'), 2, 'brief available at once (creating and adding completed)');
SELECT is(redshift_iam.delete_cluster('brief', false, 'brief-final') #>> '{Cluster,ClusterStatus}', 'deleting',
          'delete_cluster naming a final snapshot: deleting');
-- an imported deleting cluster stays as observed; with advance => true it
-- completes like one deleted here
SELECT is(redshift_iam.import_clusters('{"Clusters": [{"ClusterIdentifier": "seen-deleting", "NodeType": "dc2.large",
            "NumberOfNodes": 1, "ClusterStatus": "deleting", "IamRoles": []}]}'), 1, 'import a deleting cluster');
SELECT is(redshift_iam.import_clusters('{"Clusters": [{"ClusterIdentifier": "sim-deleting", "NodeType": "dc2.large",
            "NumberOfNodes": 1, "ClusterStatus": "deleting", "IamRoles": []}]}', advance => true), 1,
          'import a deleting cluster with advance => true');
SELECT lives_ok('SELECT pg_sleep(1.2)', 'wait past apply_delay');
SELECT pg_temp.fails($$SELECT redshift_iam.describe_clusters('brief')$$, '42704',
  'An error occurred (ClusterNotFound) when calling the DescribeClusters operation: Cluster brief not found.',
  'describe_clusters(id) after the delay: ClusterNotFound');
SELECT is(jsonb_path_query_array(redshift_iam.describe_clusters(), '$.Clusters[*].ClusterIdentifier'),
          '["gone", "seen-deleting", "stays"]'::jsonb,
          'describe_clusters(): brief and sim-deleting are gone, the imported observation stays');
SELECT is_empty($$SELECT 1 FROM redshift_iam.clusters WHERE cluster_identifier IN ('brief', 'sim-deleting')$$,
                'clusters view: gone');
SELECT is_empty($$SELECT 1 FROM redshift_iam.cluster_iam_roles WHERE cluster_identifier = 'brief'$$,
                'cluster_iam_roles view: its roles are gone');
SELECT pg_temp.fails(format('SELECT * FROM redshift_iam.check_command(%L, %L)', 'brief', pg_temp.copy_a()), '42704',
  'cluster brief not found', 'check_command after the delay: not found');
SELECT is(pg_temp.detail_of(format('SELECT * FROM redshift_iam.check_command(%L, %L)', 'stays', pg_temp.copy_a())),
  'Redshift refuses it: User arn:aws:redshift:us-east-1:123456789012:dbuser:stays/' || current_user
    || ' is not authorized to assume IAM Role arn:aws:iam::123456789012:role/A. The role is associated with: gone (in-sync).',
  'the other clusters a role is associated with: the deleting one, not the one whose deletion completed');
SELECT pg_temp.fails($$SELECT redshift_iam.modify_cluster_iam_roles('brief', ARRAY['arn:aws:iam::123456789012:role/B'])$$, '42704',
  'An error occurred (ClusterNotFound) when calling the ModifyClusterIamRoles operation: Cluster brief not found.',
  'modify_cluster_iam_roles after the delay: ClusterNotFound');
SELECT is(redshift_iam.import_clusters('{"Clusters": [{"ClusterIdentifier": "sim-deleting", "NodeType": "dc2.large",
            "NumberOfNodes": 1, "ClusterStatus": "deleting", "IamRoles": []}]}', advance => true), 1,
          'sim-deleting imported again, deleting');
SELECT lives_ok('SELECT pg_sleep(1.2)', 'wait past apply_delay again');
SELECT pg_temp.fails($$SELECT redshift_iam.delete_cluster('sim-deleting', true)$$, '42704',
  'An error occurred (ClusterNotFound) when calling the DeleteCluster operation: Cluster sim-deleting not found.',
  'delete_cluster after the delay: ClusterNotFound');
SELECT is(redshift_iam.create_cluster('sim-deleting', 'dc2.large') #>> '{Cluster,ClusterStatus}', 'creating',
          'create_cluster: the identifier is free after the deletion completed');
SELECT is((SELECT count(*)::int FROM redshift_iam.catalog_clusters WHERE cluster_identifier = 'sim-deleting'), 1,
          '... one row, the new cluster');
SELECT is(redshift_iam.describe_clusters('seen-deleting') #>> '{Clusters,0,ClusterStatus}', 'deleting',
          'the imported deleting cluster is still deleting (an observation)');

-- ======================================================================
-- 3. apply_pending_changes completes a deletion; apply_delay 0 deletes at once
-- ======================================================================
SET LOCAL redshift_iam.apply_delay = '1h';
SELECT is(redshift_iam.apply_pending_changes('gone'), 1, 'apply_pending_changes(gone) completes the deletion: 1');
SELECT is((SELECT count(*)::int FROM redshift_iam.catalog_clusters WHERE cluster_identifier = 'gone')
          + (SELECT count(*)::int FROM redshift_iam.catalog_cluster_iam_roles WHERE cluster_identifier = 'gone'), 0,
          '... the cluster and its associations are gone from the tables');
SELECT is(redshift_iam.apply_pending_changes(), 2,
          'apply_pending_changes() completes the rest (sim-deleting creating, seen-deleting deleting)');
SELECT is(jsonb_path_query_array(redshift_iam.describe_clusters(), '$.Clusters[*].ClusterIdentifier'),
          '["sim-deleting", "stays"]'::jsonb, '... seen-deleting is gone');

SELECT is(redshift_iam.import_clusters('{"Clusters": [{"ClusterIdentifier": "avail", "NodeType": "dc2.large",
            "NumberOfNodes": 1, "ClusterStatus": "available", "ClusterAvailabilityStatus": "Available", "IamRoles": []}]}'), 1,
          'import a cluster with ClusterAvailabilityStatus Available');
SELECT is(redshift_iam.delete_cluster('avail', true) #>> '{Cluster,ClusterAvailabilityStatus}', 'Unavailable',
          'deleting it answers ClusterAvailabilityStatus Unavailable');
SELECT is(redshift_iam.describe_clusters('avail') #>> '{Clusters,0,ClusterAvailabilityStatus}', 'Unavailable',
          '... and describe_clusters shows it');
SET LOCAL redshift_iam.apply_delay = 0;
SELECT is(redshift_iam.delete_cluster('sim-deleting') #>> '{Cluster,ClusterStatus}', 'deleting',
          'delete_cluster(id), the short form: answers deleting');
SELECT is((SELECT count(*)::int FROM redshift_iam.catalog_clusters WHERE cluster_identifier = 'sim-deleting'), 0,
          '... apply_delay 0: the row is gone at once');
SELECT is(redshift_iam.create_cluster('sim-deleting', 'dc2.large') #>> '{Cluster,ClusterStatus}', 'available',
          '... and the identifier free');

-- ======================================================================
-- 4. SkipFinalClusterSnapshot and FinalClusterSnapshotIdentifier
-- ======================================================================
SELECT pg_temp.fails($$SELECT redshift_iam.delete_cluster('stays', false)$$, '22023',
  'An error occurred (InvalidParameterCombination) when calling the DeleteCluster operation: FinalClusterSnapshotIdentifier is required unless SkipFinalClusterSnapshot is specified.',
  'skip false without a final snapshot identifier');
SELECT pg_temp.fails($$SELECT redshift_iam.delete_cluster('stays', skip_final_cluster_snapshot => false)$$, '22023',
  'An error occurred (InvalidParameterCombination) when calling the DeleteCluster operation: FinalClusterSnapshotIdentifier is required unless SkipFinalClusterSnapshot is specified.',
  'skip false (named) without a final snapshot identifier');
SELECT is(pg_temp.err($$SELECT redshift_iam.delete_cluster('stays', false)$$) ->> 'hint',
  'Name the final snapshot with final_cluster_snapshot_identifier, or pass skip_final_cluster_snapshot => true.',
  '... the hint names both ways');
SELECT pg_temp.fails($$SELECT redshift_iam.delete_cluster('stays', true, 'final-1')$$, '22023',
  'An error occurred (InvalidParameterCombination) when calling the DeleteCluster operation: FinalClusterSnapshotIdentifier must not be specified when SkipFinalClusterSnapshot is true.',
  'skip true with a final snapshot identifier');
SELECT pg_temp.fails($$SELECT redshift_iam.delete_cluster('stays', final_cluster_snapshot_identifier => '1final')$$, '22023',
  'An error occurred (InvalidParameterValue) when calling the DeleteCluster operation: Invalid FinalClusterSnapshotIdentifier "1final": the identifier must start with a letter.',
  'a snapshot identifier starting with a digit');
SELECT pg_temp.fails($$SELECT redshift_iam.delete_cluster('stays', false, 'fin--al')$$, '22023',
  'An error occurred (InvalidParameterValue) when calling the DeleteCluster operation: Invalid FinalClusterSnapshotIdentifier "fin--al": the identifier cannot contain two consecutive hyphens.',
  'a snapshot identifier with two hyphens in a row');
SELECT pg_temp.fails($$SELECT redshift_iam.delete_cluster('stays', false, 'final-')$$, '22023',
  'An error occurred (InvalidParameterValue) when calling the DeleteCluster operation: Invalid FinalClusterSnapshotIdentifier "final-": the identifier cannot end with a hyphen.',
  'a snapshot identifier ending with a hyphen');
SELECT pg_temp.fails($$SELECT redshift_iam.delete_cluster('stays', false, 'my_snapshot')$$, '22023',
  'An error occurred (InvalidParameterValue) when calling the DeleteCluster operation: Invalid FinalClusterSnapshotIdentifier "my_snapshot": the identifier may contain only letters, digits and hyphens.',
  'a snapshot identifier with an underscore');
SELECT pg_temp.fails($$SELECT redshift_iam.delete_cluster('stays', false, '')$$, '22023',
  'An error occurred (InvalidParameterValue) when calling the DeleteCluster operation: Invalid FinalClusterSnapshotIdentifier "": the identifier is empty.',
  'an empty snapshot identifier');
SELECT pg_temp.fails(format('SELECT redshift_iam.delete_cluster(%L, false, %L)', 'stays', 'a' || repeat('b', 255)), '22023',
  'An error occurred (InvalidParameterValue) when calling the DeleteCluster operation: Invalid FinalClusterSnapshotIdentifier "'
    || redshift_iam_internal._excerpt('a' || repeat('b', 255), 256) || '": the identifier is longer than 255 characters.',
  'a snapshot identifier of 256 characters');
SELECT is(pg_temp.err($$SELECT redshift_iam.delete_cluster('stays', false, 'final-')$$) ->> 'hint',
  'A snapshot identifier has 1 to 255 letters, digits and hyphens, starts with a letter, and has no "--" and no trailing hyphen.',
  '... the hint states the rule');
SELECT pg_temp.fails($$SELECT redshift_iam.delete_cluster('nope', true)$$, '42704',
  'An error occurred (ClusterNotFound) when calling the DeleteCluster operation: Cluster nope not found.',
  'a cluster that does not exist');
SELECT pg_temp.fails($$SELECT redshift_iam.delete_cluster('nope', false)$$, '22023',
  'An error occurred (InvalidParameterCombination) when calling the DeleteCluster operation: FinalClusterSnapshotIdentifier is required unless SkipFinalClusterSnapshot is specified.',
  'the parameters are checked before the cluster is looked up');
SELECT is(redshift_iam.delete_cluster('stays', final_cluster_snapshot_identifier => 'Stays-Final-2026') #>> '{Cluster,ClusterStatus}',
          'deleting', 'a valid final snapshot identifier alone (SkipFinalClusterSnapshot defaults to false)');
SELECT ok(redshift_iam.create_cluster('stays', 'dc2.large') IS NOT NULL, 'stays created again');
SELECT is(redshift_iam.delete_cluster('stays', false, 'a' || repeat('b', 254)) #>> '{Cluster,ClusterStatus}',
          'deleting', 'a snapshot identifier of 255 characters');

-- ======================================================================
-- 5. ClusterType and NumberOfNodes (CreateCluster)
-- ======================================================================
SELECT is(redshift_iam.create_cluster('n-one', 'dc2.large') #>> '{Cluster,NumberOfNodes}', '1',
          'no cluster_type, no number_of_nodes: single-node, NumberOfNodes 1');
SELECT is(redshift_iam.create_cluster('n-four', 'dc2.large', 4) #>> '{Cluster,NumberOfNodes}', '4',
          'no cluster_type, 4 nodes: multi-node, NumberOfNodes 4');
SELECT is(redshift_iam.create_cluster('n-single', 'ra3.xlplus', cluster_type => 'single-node') #>> '{Cluster,NumberOfNodes}', '1',
          'cluster_type single-node without a count: 1 node');
SELECT is(redshift_iam.create_cluster('n-single1', 'dc2.large', 1, cluster_type => 'single-node') #>> '{Cluster,NumberOfNodes}', '1',
          'cluster_type single-node with 1');
SELECT is(redshift_iam.create_cluster('n-multi', 'ra3.4xlarge', 2, cluster_type => 'multi-node') #>> '{Cluster,NumberOfNodes}', '2',
          'cluster_type multi-node with 2 nodes');
SELECT is(redshift_iam.create_cluster('n-max', 'ra3.16xlarge', 128) #>> '{Cluster,NumberOfNodes}', '128',
          'ra3.16xlarge with 128 nodes');
SELECT is(redshift_iam.describe_clusters('n-four') #>> '{Clusters,0,NumberOfNodes}', '4',
          'describe_clusters shows the node count');
SELECT results_eq($$SELECT number_of_nodes FROM redshift_iam.clusters WHERE cluster_identifier LIKE 'n-%' ORDER BY cluster_identifier$$,
                  $$VALUES (4), (128), (2), (1), (1), (1)$$, 'clusters view: the node counts');

SELECT pg_temp.fails($$SELECT redshift_iam.create_cluster('n-bad', 'dc2.large', 2, cluster_type => 'single-node')$$, '22023',
  'An error occurred (InvalidParameterValue) when calling the CreateCluster operation: Number of nodes must be 1 or not be supplied for cluster type single-node.',
  'single-node with 2 nodes');
SELECT pg_temp.fails($$SELECT redshift_iam.create_cluster('n-bad', 'dc2.large', 0)$$, '22023',
  'An error occurred (InvalidParameterValue) when calling the CreateCluster operation: Number of nodes must be 1 or not be supplied for cluster type single-node.',
  'no cluster_type and 0 nodes (single-node)');
SELECT pg_temp.fails($$SELECT redshift_iam.create_cluster('n-bad', 'dc2.large', cluster_type => 'multi-node')$$, '22023',
  'An error occurred (InvalidParameterValue) when calling the CreateCluster operation: Number of nodes for cluster type multi-node must be greater than or equal to 2.',
  'multi-node without number_of_nodes');
SELECT pg_temp.fails($$SELECT redshift_iam.create_cluster('n-bad', 'dc2.large', 1, cluster_type => 'multi-node')$$, '22023',
  'An error occurred (InvalidParameterValue) when calling the CreateCluster operation: Number of nodes for cluster type multi-node must be greater than or equal to 2.',
  'multi-node with 1 node');
SELECT is(pg_temp.err($$SELECT redshift_iam.create_cluster('n-bad', 'dc2.large', 1, cluster_type => 'multi-node')$$) ->> 'hint',
  'Pass number_of_nodes of 2 or more for a multi-node cluster, or cluster_type => ''single-node'' for one node.',
  '... the hint');
SELECT pg_temp.fails($$SELECT redshift_iam.create_cluster('n-bad', 'dc2.large', -1, cluster_type => 'multi-node')$$, '22023',
  'An error occurred (InvalidParameterValue) when calling the CreateCluster operation: Number of nodes for cluster type multi-node must be greater than or equal to 2.',
  'multi-node with -1 nodes');
SELECT pg_temp.fails($$SELECT redshift_iam.create_cluster('n-bad', 'dc2.large', 2, cluster_type => 'Multi-Node')$$, '22023',
  'An error occurred (InvalidParameterValue) when calling the CreateCluster operation: Invalid cluster type. Cluster type can be one of multi-node or single-node.',
  'a cluster_type that is not single-node or multi-node');
SELECT pg_temp.fails($$SELECT redshift_iam.create_cluster('n-bad', 'ra3.4xlarge')$$, '22023',
  'An error occurred (InvalidParameterCombination) when calling the CreateCluster operation: Node type ra3.4xlarge does not support cluster type single-node: a cluster of that node type has 2 to 32 nodes.',
  'ra3.4xlarge as a single node');
SELECT pg_temp.fails($$SELECT redshift_iam.create_cluster('n-bad', 'dc2.8xlarge', cluster_type => 'single-node')$$, '22023',
  'An error occurred (InvalidParameterCombination) when calling the CreateCluster operation: Node type dc2.8xlarge does not support cluster type single-node: a cluster of that node type has 2 to 128 nodes.',
  'dc2.8xlarge with cluster_type single-node');
SELECT pg_temp.fails($$SELECT redshift_iam.create_cluster('n-bad', 'ra3.4xlarge', 33)$$, '54000',
  'An error occurred (NumberOfNodesPerClusterLimitExceeded) when calling the CreateCluster operation: The operation would exceed the number of nodes allowed for a cluster: a ra3.4xlarge cluster is created with at most 32 nodes; the request asks for 33.',
  'ra3.4xlarge with 33 nodes');
SELECT pg_temp.fails($$SELECT redshift_iam.create_cluster('n-bad', 'ra3.xlplus', 17, cluster_type => 'multi-node')$$, '54000',
  'An error occurred (NumberOfNodesPerClusterLimitExceeded) when calling the CreateCluster operation: The operation would exceed the number of nodes allowed for a cluster: a ra3.xlplus cluster is created with at most 16 nodes; the request asks for 17.',
  'ra3.xlplus with 17 nodes (32 only by elastic resize)');
SELECT is(pg_temp.err($$SELECT redshift_iam.create_cluster('n-bad', 'ra3.xlplus', 17)$$) ->> 'hint',
  'Create the cluster with fewer nodes (elastic resize can grow some node types later), or choose a larger node type.',
  '... the hint');
SELECT pg_temp.fails($$SELECT redshift_iam.create_cluster('n-bad', 'dc9.large', 2)$$, '22023',
  'An error occurred (InvalidParameterValue) when calling the CreateCluster operation: Invalid node type: dc9.large.',
  'an unknown node type');
SELECT pg_temp.fails($$SELECT redshift_iam.create_cluster('n-bad', NULL, 2)$$, '22023',
  'An error occurred (MissingParameter) when calling the CreateCluster operation: The request must contain the parameter NodeType.',
  'no node type');
SELECT pg_temp.fails($$SELECT redshift_iam.create_cluster('n-one', 'dc2.large', 2, cluster_type => 'single-node')$$, '22023',
  'An error occurred (InvalidParameterValue) when calling the CreateCluster operation: Number of nodes must be 1 or not be supplied for cluster type single-node.',
  'the parameters are checked before the identifier is found taken');
SELECT is((SELECT count(*)::int FROM redshift_iam.catalog_clusters WHERE cluster_identifier = 'n-bad'), 0,
          'no refused create left a row');

-- ======================================================================
-- 6. ClusterCreateTime: absent while creating, then as the AWS CLI prints it
-- ======================================================================
SET LOCAL redshift_iam.apply_delay = '1h';
SELECT ok(NOT (redshift_iam.create_cluster('t-creating', 'dc2.large') #> '{Cluster}' ? 'ClusterCreateTime'),
          'create_cluster answers no ClusterCreateTime while creating');
SELECT ok(NOT (redshift_iam.describe_clusters('t-creating') #> '{Clusters,0}' ? 'ClusterCreateTime'),
          'describe_clusters: none while creating');
SELECT is(redshift_iam.apply_pending_changes('t-creating'), 1, 't-creating available');
SELECT matches(redshift_iam.describe_clusters('t-creating') #>> '{Clusters,0,ClusterCreateTime}',
               '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$',
               'ClusterCreateTime as the AWS CLI prints it (2024-03-11T09:15:42.517000+00:00)');

SELECT * FROM finish();
ROLLBACK;
