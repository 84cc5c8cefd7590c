-- import_clusters: real describe-clusters output, round trip, idempotence,
-- all-or-nothing on a malformed document.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS redshift_iam;
SELECT plan(24);

SET LOCAL redshift_iam.account_id = '123456789012';
SET LOCAL redshift_iam.region = 'us-east-1';
SET LOCAL redshift_iam.apply_delay = '1h';

CREATE FUNCTION pg_temp.snap() RETURNS text LANGUAGE sql AS $$
  SELECT md5(coalesce((SELECT string_agg(c::text, '|' ORDER BY c::text) FROM redshift_iam.catalog_clusters c), '')
             || '#' ||
             coalesce((SELECT string_agg(r::text, '|' ORDER BY r::text) FROM redshift_iam.catalog_cluster_iam_roles r), ''))
$$;

-- a catalog with every status: creating, available; adding, in-sync, removing; a default role
SELECT ok(redshift_iam.create_cluster('my-redshift-cluster', 'dc1.large', 16,
            ARRAY['arn:aws:iam::123456789012:role/RedshiftCopyUnload',
                  'arn:aws:iam::123456789012:role/SecondRedshiftRole'],
            'arn:aws:iam::123456789012:role/SecondRedshiftRole') IS NOT NULL
          AND redshift_iam.apply_pending_changes() = 3
          AND redshift_iam.modify_cluster_iam_roles('my-redshift-cluster',
                ARRAY['arn:aws:iam::123456789012:role/MyRedshiftRole'],
                ARRAY['arn:aws:iam::123456789012:role/RedshiftCopyUnload']) IS NOT NULL
          AND redshift_iam.create_cluster('my-second-redshift-cluster', 'dc1.large', 10,
                ARRAY['arn:aws:iam::123456789012:role/ThirdRedshiftRole']) IS NOT NULL,
          'a catalog with every status');
CREATE TEMP TABLE original AS SELECT redshift_iam.describe_clusters() AS doc;
SELECT is((SELECT jsonb_path_query_array(doc, '$.Clusters[*].IamRoles[*].ApplyStatus') FROM original),
          '["removing", "in-sync", "adding", "adding"]'::jsonb, 'statuses before the round trip');

-- round trip into an empty catalog
SELECT lives_ok($$DELETE FROM redshift_iam.catalog_clusters$$, 'empty the catalog');
SELECT is(redshift_iam.import_clusters((SELECT doc FROM original)), 2, 'import returns the number of clusters');
SELECT is(redshift_iam.describe_clusters(), (SELECT doc FROM original),
          'describe -> import -> describe gives the same document');
SELECT is(redshift_iam.import_clusters((SELECT doc FROM original)), 2, 'importing again');
SELECT is(redshift_iam.describe_clusters(), (SELECT doc FROM original), 'import is idempotent');
SELECT is((SELECT count(*)::int FROM redshift_iam.catalog_cluster_iam_roles), 4, 'no duplicate rows');
SELECT is(redshift_iam.apply_pending_changes(), 4, 'imported pending changes still complete (1 cluster, 2 additions, 1 removal)');

-- the management guide's output: IamRoleApplyStatus, unknown members, no ClusterStatus
SELECT is(redshift_iam.import_clusters($${
  "Clusters": [{
    "NodeType": "dc1.large", "Endpoint": {"Port": 5439, "Address": "x.us-east-1.redshift.amazonaws.com"},
    "ClusterIdentifier": "guide-cluster", "NumberOfNodes": 2, "PubliclyAccessible": false,
    "ClusterCreateTime": "2013-01-22T21:59:29.559000+00:00", "MultiAZ": "Disabled",
    "IamRoles": [{"IamRoleArn": "arn:aws:iam::123456789012:role/RedshiftCopyUnload", "IamRoleApplyStatus": "in-sync"}],
    "Tags": [{"Key": "k", "Value": "v"}]
  }],
  "Marker": ""
}$$), 1, 'management-guide output with IamRoleApplyStatus and unknown members');
SELECT is(redshift_iam.describe_clusters('guide-cluster'),
  '{"Clusters": [{"ClusterIdentifier": "guide-cluster", "NodeType": "dc1.large", "ClusterStatus": "available",
     "NumberOfNodes": 2, "ClusterCreateTime": "2013-01-22T21:59:29.559000+00:00",
     "IamRoles": [{"IamRoleArn": "arn:aws:iam::123456789012:role/RedshiftCopyUnload", "ApplyStatus": "in-sync"}]}]}'::jsonb,
  'imported without ClusterStatus: available; printed with ApplyStatus');
SELECT is(redshift_iam.import_clusters(redshift_iam.create_cluster('made', 'dc2.large')), 1,
          'a single {"Cluster": ...} as create_cluster prints it');

-- replace
SELECT is(redshift_iam.import_clusters(
  '{"Clusters": [{"ClusterIdentifier": "guide-cluster", "NodeType": "dc2.large", "NumberOfNodes": 4, "IamRoles": []}]}'),
  1, 'import over an existing cluster');
SELECT is(redshift_iam.describe_clusters('guide-cluster') #- '{Clusters,0,ClusterCreateTime}',
  '{"Clusters": [{"ClusterIdentifier": "guide-cluster", "NodeType": "dc2.large", "ClusterStatus": "available",
     "NumberOfNodes": 4, "IamRoles": []}]}'::jsonb, 'the cluster is replaced, roles and all');

-- malformed documents: a clear error naming the element, nothing changes
CREATE TEMP TABLE before_import AS SELECT pg_temp.snap() AS digest;
SELECT throws_ok($$SELECT redshift_iam.import_clusters('{"Clusters": [
    {"ClusterIdentifier": "fine", "NodeType": "dc2.large", "NumberOfNodes": 1},
    {"ClusterIdentifier": "bad", "NodeType": "dc2.large", "NumberOfNodes": 1,
     "IamRoles": [{"IamRoleArn": "arn:aws:iam::123456789012:role/R", "ApplyStatus": "done"}]}]}')$$,
  '22023', 'invalid describe-clusters output: Clusters[1].IamRoles[0].ApplyStatus: expected one of in-sync, adding, removing',
  'a bad ApplyStatus is named');
SELECT throws_ok($$SELECT redshift_iam.import_clusters('{"Clusters": [{"ClusterIdentifier": "x", "NodeType": "dc2.large",
    "NumberOfNodes": 1, "IamRoles": [{"IamRoleArn": "arn:aws:iam::111122223333:role/R", "ApplyStatus": "in-sync"}]}]}')$$,
  '22023', 'invalid describe-clusters output: Clusters[0]: the cluster is in account 111122223333 (from its IamRoles), but redshift_iam.account_id is 123456789012',
  'roles of another account than the one set: both accounts named');
SELECT throws_ok($$SELECT redshift_iam.import_clusters('{"Clusters": [{"ClusterIdentifier": "x", "NodeType": "dc2.large",
    "NumberOfNodes": 1, "IamRoles": [{"IamRoleArn": "MyRole", "ApplyStatus": "in-sync"}]}]}')$$,
  '22023', 'invalid describe-clusters output: Clusters[0].IamRoles[0].IamRoleArn: "MyRole" is not a valid IAM role ARN: an IAM role ARN starts with "arn:"',
  'a role name is named');
SELECT throws_ok($$SELECT redshift_iam.import_clusters('{"Clusters": [{"ClusterIdentifier": "x", "NodeType": "dc1.large", "NumberOfNodes": 0}]}')$$,
  '22023', 'invalid describe-clusters output: Clusters[0].NumberOfNodes: expected a count from 1 to 100000',
  'a node count that no cluster can have is named');
SELECT throws_ok($$SELECT redshift_iam.import_clusters('{"Clusters": [{"ClusterIdentifier": "x", "NodeType": "dc1.large"}]}')$$,
  '22023', 'invalid describe-clusters output: Clusters[0]: missing member NumberOfNodes',
  'a missing member is named');
SELECT throws_ok($$SELECT redshift_iam.import_clusters('[]')$$,
  '22023', 'invalid describe-clusters output: (document): expected an object with a Clusters member, found an array',
  'not an object');
SET LOCAL redshift_iam.max_roles_per_cluster = 1;
SELECT throws_ok($$SELECT redshift_iam.import_clusters('{"Clusters": [{"ClusterIdentifier": "x", "NodeType": "dc1.large", "NumberOfNodes": 1,
    "IamRoles": [{"IamRoleArn": "arn:aws:iam::123456789012:role/A", "ApplyStatus": "in-sync"},
                 {"IamRoleArn": "arn:aws:iam::123456789012:role/B", "ApplyStatus": "in-sync"}]}]}')$$,
  '22023', 'invalid describe-clusters output: Clusters[0].IamRoles: 2 roles exceed the quota of 1 roles per cluster in us-east-1',
  'the quota applies to imports');
RESET redshift_iam.max_roles_per_cluster;
SELECT is(pg_temp.snap(), (SELECT digest FROM before_import), 'failed imports changed nothing');

-- the current region
SET LOCAL redshift_iam.region = 'eu-west-1';
SELECT is(redshift_iam.import_clusters((SELECT doc FROM original)), 2, 'import into another region');
SELECT is((SELECT count(*)::int FROM redshift_iam.clusters WHERE region = 'eu-west-1'), 2,
          'clusters are created in the current region');

SELECT * FROM finish();
ROLLBACK;
