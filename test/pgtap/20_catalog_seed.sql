-- Seed scenario (catalog part): create the two clusters of the
-- management guide, watch statuses move with no user action, describe them.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS redshift_iam;
SELECT plan(37);

SET LOCAL redshift_iam.account_id = '123456789012';
SET LOCAL redshift_iam.region = 'us-east-1';
SET LOCAL redshift_iam.apply_delay = '2s';

-- the management guide's create-cluster example
SELECT is(
  redshift_iam.create_cluster(
    cluster_identifier => 'my-redshift-cluster',
    node_type => 'dc1.large',
    number_of_nodes => 16,
    iam_roles => ARRAY['arn:aws:iam::123456789012:role/RedshiftCopyUnload',
                       'arn:aws:iam::123456789012:role/SecondRedshiftRole'])
    #- '{Cluster,ClusterCreateTime}',
  '{"Cluster": {"ClusterIdentifier": "my-redshift-cluster", "NodeType": "dc1.large",
    "ClusterStatus": "creating", "NumberOfNodes": 16,
    "IamRoles": [{"IamRoleArn": "arn:aws:iam::123456789012:role/RedshiftCopyUnload", "ApplyStatus": "adding"},
                 {"IamRoleArn": "arn:aws:iam::123456789012:role/SecondRedshiftRole", "ApplyStatus": "adding"}]}}'::jsonb,
  'create_cluster returns the Cluster: creating, roles adding');

SELECT ok(
  redshift_iam.create_cluster('my-second-redshift-cluster', 'dc1.large', 10,
    ARRAY['arn:aws:iam::123456789012:role/MyRedshiftRole',
          'arn:aws:iam::123456789012:role/SecondRedshiftRole',
          'arn:aws:iam::123456789012:role/ThirdRedshiftRole']) IS NOT NULL,
  'second cluster created with three roles (one role on many clusters)');

-- CreateCluster's answer has no ClusterCreateTime while the cluster is
-- creating; once it exists, the AWS CLI prints it as 2024-03-11T09:15:42.517000+00:00
SELECT ok(NOT (redshift_iam.describe_clusters('my-redshift-cluster') #> '{Clusters,0}' ? 'ClusterCreateTime'),
  'ClusterCreateTime is absent while the cluster is creating');

-- before the delay
SELECT results_eq(
  $$SELECT cluster_identifier::text, cluster_status FROM redshift_iam.clusters ORDER BY 1$$,
  $$VALUES ('my-redshift-cluster', 'creating'), ('my-second-redshift-cluster', 'creating')$$,
  'both clusters creating before apply_delay');
SELECT results_eq(
  $$SELECT cluster_identifier::text, iam_role_arn::text, apply_status, is_default
      FROM redshift_iam.cluster_iam_roles ORDER BY 1, 2$$,
  $$VALUES ('my-redshift-cluster', 'arn:aws:iam::123456789012:role/RedshiftCopyUnload', 'adding', false),
           ('my-redshift-cluster', 'arn:aws:iam::123456789012:role/SecondRedshiftRole', 'adding', false),
           ('my-second-redshift-cluster', 'arn:aws:iam::123456789012:role/MyRedshiftRole', 'adding', false),
           ('my-second-redshift-cluster', 'arn:aws:iam::123456789012:role/SecondRedshiftRole', 'adding', false),
           ('my-second-redshift-cluster', 'arn:aws:iam::123456789012:role/ThirdRedshiftRole', 'adding', false)$$,
  'every association adding before apply_delay');
SELECT is(redshift_iam_internal._association_status('123456789012', 'us-east-1', 'my-redshift-cluster',
                                            'arn:aws:iam::123456789012:role/RedshiftCopyUnload'),
          'adding', 'lookup: adding');
SELECT is(redshift_iam_internal._association_status('123456789012', 'us-east-1', 'my-redshift-cluster',
                                            'arn:aws:iam::123456789012:role/MyRedshiftRole'),
          NULL, 'lookup: a role associated only with the other cluster is not associated');
SELECT results_eq(
  $$SELECT * FROM redshift_iam_internal._cluster_lookup('123456789012', 'us-east-1', 'my-redshift-cluster')$$,
  $$VALUES ('creating'::text, NULL::text)$$, 'cluster lookup: creating, no default');
SELECT is_empty(
  $$SELECT * FROM redshift_iam_internal._cluster_lookup('123456789012', 'us-east-1', 'nope')$$,
  'cluster lookup: no row for a missing cluster');
SELECT throws_ok(
  $$SELECT redshift_iam.modify_cluster_iam_roles('my-redshift-cluster',
      ARRAY['arn:aws:iam::123456789012:role/MyRedshiftRole'])$$,
  '55000',
  'An error occurred (InvalidClusterState) when calling the ModifyClusterIamRoles operation: The specified cluster is not in the available state.',
  'modify while creating: InvalidClusterState');

-- the delay passes: no user action, no write
SELECT lives_ok('SELECT pg_sleep(2.2)', 'wait for apply_delay');
SELECT results_eq(
  $$SELECT DISTINCT cluster_status FROM redshift_iam.clusters$$,
  $$VALUES ('available')$$, 'clusters available after apply_delay');
SELECT results_eq(
  $$SELECT DISTINCT apply_status FROM redshift_iam.cluster_iam_roles$$,
  $$VALUES ('in-sync')$$, 'associations in-sync after apply_delay');
SELECT is((SELECT count(*)::int FROM redshift_iam.catalog_cluster_iam_roles WHERE state = 'adding'), 5,
          'the transition needed no write: stored state is still adding');

-- describe output, the shape of DescribeClusters
SELECT is(
  redshift_iam.describe_clusters() #- '{Clusters,0,ClusterCreateTime}' #- '{Clusters,1,ClusterCreateTime}',
  '{"Clusters": [
     {"ClusterIdentifier": "my-redshift-cluster", "NodeType": "dc1.large", "ClusterStatus": "available",
      "NumberOfNodes": 16,
      "IamRoles": [{"IamRoleArn": "arn:aws:iam::123456789012:role/RedshiftCopyUnload", "ApplyStatus": "in-sync"},
                   {"IamRoleArn": "arn:aws:iam::123456789012:role/SecondRedshiftRole", "ApplyStatus": "in-sync"}]},
     {"ClusterIdentifier": "my-second-redshift-cluster", "NodeType": "dc1.large", "ClusterStatus": "available",
      "NumberOfNodes": 10,
      "IamRoles": [{"IamRoleArn": "arn:aws:iam::123456789012:role/MyRedshiftRole", "ApplyStatus": "in-sync"},
                   {"IamRoleArn": "arn:aws:iam::123456789012:role/SecondRedshiftRole", "ApplyStatus": "in-sync"},
                   {"IamRoleArn": "arn:aws:iam::123456789012:role/ThirdRedshiftRole", "ApplyStatus": "in-sync"}]}]}'::jsonb,
  'describe_clusters() after the delay');
SELECT matches(
  redshift_iam.describe_clusters('my-redshift-cluster') #>> '{Clusters,0,ClusterCreateTime}',
  '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$',
  'once available, ClusterCreateTime is printed as the AWS CLI prints it');

-- the guide's modify examples: add a role, remove a role
SELECT is(
  redshift_iam.modify_cluster_iam_roles('my-redshift-cluster',
    add_iam_roles => ARRAY['arn:aws:iam::123456789012:role/MyRedshiftRole'])
    #> '{Cluster,IamRoles}',
  '[{"IamRoleArn": "arn:aws:iam::123456789012:role/RedshiftCopyUnload", "ApplyStatus": "in-sync"},
    {"IamRoleArn": "arn:aws:iam::123456789012:role/SecondRedshiftRole", "ApplyStatus": "in-sync"},
    {"IamRoleArn": "arn:aws:iam::123456789012:role/MyRedshiftRole", "ApplyStatus": "adding"}]'::jsonb,
  'add: existing roles stay in-sync, the new one is adding');
SELECT is(
  redshift_iam.modify_cluster_iam_roles('my-redshift-cluster',
    remove_iam_roles => ARRAY['arn:aws:iam::123456789012:role/RedshiftCopyUnload'])
    #> '{Cluster,IamRoles}',
  '[{"IamRoleArn": "arn:aws:iam::123456789012:role/RedshiftCopyUnload", "ApplyStatus": "removing"},
    {"IamRoleArn": "arn:aws:iam::123456789012:role/SecondRedshiftRole", "ApplyStatus": "in-sync"},
    {"IamRoleArn": "arn:aws:iam::123456789012:role/MyRedshiftRole", "ApplyStatus": "adding"}]'::jsonb,
  'remove: the removed role is listed as removing');
SELECT is(redshift_iam_internal._association_status('123456789012', 'us-east-1', 'my-redshift-cluster',
                                            'arn:aws:iam::123456789012:role/RedshiftCopyUnload'),
          'removing', 'lookup: removing');
SELECT lives_ok('SELECT pg_sleep(2.2)', 'wait for apply_delay');
SELECT is(
  redshift_iam.describe_clusters('my-redshift-cluster') #> '{Clusters,0,IamRoles}',
  '[{"IamRoleArn": "arn:aws:iam::123456789012:role/SecondRedshiftRole", "ApplyStatus": "in-sync"},
    {"IamRoleArn": "arn:aws:iam::123456789012:role/MyRedshiftRole", "ApplyStatus": "in-sync"}]'::jsonb,
  'after the delay the added role is in-sync and the removed one gone');
SELECT is(redshift_iam_internal._association_status('123456789012', 'us-east-1', 'my-redshift-cluster',
                                            'arn:aws:iam::123456789012:role/RedshiftCopyUnload'),
          NULL, 'lookup: a finished removal is not associated');
SELECT is((SELECT count(*)::int FROM redshift_iam.cluster_iam_roles
            WHERE cluster_identifier = 'my-redshift-cluster'), 2, 'view agrees');

-- apply_pending_changes stores what the clock already finished and counts
-- only the transitions it completes itself: none, after the delay
SELECT is(redshift_iam.apply_pending_changes(), 0,
          'apply_pending_changes after the delay: every transition was already complete by the clock');
SELECT is(redshift_iam.apply_pending_changes(), 0, 'nothing left to apply');
SELECT is((SELECT count(*)::int FROM redshift_iam.catalog_cluster_iam_roles WHERE state <> 'in-sync'), 0,
          'stored states now in-sync');

-- default role, as in the guide's default-iam-role examples
SELECT is(
  redshift_iam.modify_cluster_iam_roles('my-second-redshift-cluster',
    default_iam_role_arn => 'arn:aws:iam::123456789012:role/ThirdRedshiftRole')
    #>> '{Cluster,DefaultIamRoleArn}',
  'arn:aws:iam::123456789012:role/ThirdRedshiftRole', 'set an associated role as default');
SELECT results_eq(
  $$SELECT iam_role_arn::text FROM redshift_iam.cluster_iam_roles WHERE is_default$$,
  $$VALUES ('arn:aws:iam::123456789012:role/ThirdRedshiftRole')$$, 'is_default in the view');
SELECT results_eq(
  $$SELECT * FROM redshift_iam_internal._cluster_lookup('123456789012', 'us-east-1', 'my-second-redshift-cluster')$$,
  $$VALUES ('available'::text, 'arn:aws:iam::123456789012:role/ThirdRedshiftRole'::text)$$,
  'cluster lookup: available with its default role');

-- immediate mode
SET LOCAL redshift_iam.apply_delay = 0;
SELECT is(
  redshift_iam.modify_cluster_iam_roles('my-second-redshift-cluster',
    remove_iam_roles => ARRAY['arn:aws:iam::123456789012:role/MyRedshiftRole'])
    #> '{Cluster,IamRoles}',
  '[{"IamRoleArn": "arn:aws:iam::123456789012:role/SecondRedshiftRole", "ApplyStatus": "in-sync"},
    {"IamRoleArn": "arn:aws:iam::123456789012:role/ThirdRedshiftRole", "ApplyStatus": "in-sync"}]'::jsonb,
  'apply_delay = 0: the removal is complete at once (as the CLI example shows)');
SELECT is(
  redshift_iam.create_cluster('third', 'dc2.large') #>> '{Cluster,ClusterStatus}',
  'available', 'apply_delay = 0: a new cluster is available at once');
SELECT is(redshift_iam.apply_pending_changes(), 0, 'apply_delay = 0: nothing was pending, so apply_pending_changes completes nothing');

-- delete
SELECT is(redshift_iam.delete_cluster('third') #>> '{Cluster,ClusterStatus}', 'deleting',
          'delete_cluster returns the cluster as deleting');
SELECT throws_ok($$SELECT redshift_iam.describe_clusters('third')$$, '42704',
  'An error occurred (ClusterNotFound) when calling the DescribeClusters operation: Cluster third not found.',
  'a deleted cluster is gone');

-- regions and accounts are separate catalogs
SET LOCAL redshift_iam.region = 'eu-west-1';
SELECT is(redshift_iam.describe_clusters(), '{"Clusters": []}'::jsonb, 'another region has no clusters');
SET LOCAL redshift_iam.region = 'us-east-1';
SET LOCAL redshift_iam.account_id = '210987654321';
SELECT is(redshift_iam.describe_clusters(), '{"Clusters": []}'::jsonb, 'another account has no clusters');
SELECT ok(redshift_iam.create_cluster('my-redshift-cluster', 'dc1.large') IS NOT NULL,
          'the same identifier in another account is another cluster');

SELECT * FROM finish();
ROLLBACK;
