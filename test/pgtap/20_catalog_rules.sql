-- Every rule and error of the management functions, and
-- a catalog left unchanged by every failed call.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS redshift_iam;
SELECT plan(169);

SET LOCAL redshift_iam.account_id = '123456789012';
SET LOCAL redshift_iam.region = 'us-east-1';
SET LOCAL redshift_iam.apply_delay = 0;

\ir catalog_helpers.psql

SELECT ok(redshift_iam.create_cluster('c1', 'dc1.large', 2,
            ARRAY['arn:aws:iam::123456789012:role/A', 'arn:aws:iam::123456789012:role/B'],
            'arn:aws:iam::123456789012:role/A') IS NOT NULL, 'c1 created with a default role');

-- ---- identifier ----
SELECT pg_temp.fails($$SELECT redshift_iam.create_cluster('a-', 'dc1.large')$$, '22023',
  'An error occurred (InvalidParameterValue) when calling the CreateCluster operation: Invalid cluster identifier "a-": the identifier cannot end with a hyphen.',
  'identifier with a trailing hyphen');
SELECT pg_temp.fails($$SELECT redshift_iam.create_cluster('a--b', 'dc1.large')$$, '22023',
  'An error occurred (InvalidParameterValue) when calling the CreateCluster operation: Invalid cluster identifier "a--b": the identifier cannot contain two consecutive hyphens.',
  'identifier with two hyphens in a row');
SELECT pg_temp.fails($$SELECT redshift_iam.create_cluster('1a', 'dc1.large')$$, '22023', NULL,
  'identifier starting with a digit');
SELECT pg_temp.fails($$SELECT redshift_iam.create_cluster('Ab', 'dc1.large')$$, '22023', NULL,
  'identifier with an uppercase letter');
SELECT pg_temp.fails($$SELECT redshift_iam.create_cluster(repeat('a', 64), 'dc1.large')$$, '22023', NULL,
  'identifier of 64 characters');
SELECT pg_temp.fails($$SELECT redshift_iam.create_cluster(NULL, 'dc1.large')$$, '22023',
  'An error occurred (MissingParameter) when calling the CreateCluster operation: The request must contain the parameter ClusterIdentifier.',
  'missing identifier');
SELECT ok(redshift_iam.create_cluster(repeat('a', 63), 'dc1.large') IS NOT NULL, '63 characters are fine');
SELECT ok(redshift_iam.create_cluster('a', 'dc1.large') IS NOT NULL, 'one letter is fine');

-- ---- node types and counts ----
SELECT pg_temp.fails($$SELECT redshift_iam.create_cluster('n1', 'dc3.large')$$, '22023',
  'An error occurred (InvalidParameterValue) when calling the CreateCluster operation: Invalid node type: dc3.large.',
  'unknown node type');
SELECT pg_temp.fails($$SELECT redshift_iam.create_cluster('n1', 'dc1.large', 33)$$, '54000',
  'An error occurred (NumberOfNodesPerClusterLimitExceeded) when calling the CreateCluster operation: The operation would exceed the number of nodes allowed for a cluster: a dc1.large cluster is created with at most 32 nodes; the request asks for 33.',
  'dc1.large with 33 nodes');
SELECT pg_temp.fails($$SELECT redshift_iam.create_cluster('n1', 'dc1.8xlarge')$$, '22023',
  'An error occurred (InvalidParameterCombination) when calling the CreateCluster operation: Node type dc1.8xlarge does not support cluster type single-node: a cluster of that node type has 2 to 128 nodes.',
  'dc1.8xlarge with the default single node');
SELECT pg_temp.fails($$SELECT redshift_iam.create_cluster('n1', NULL)$$, '22023',
  'An error occurred (MissingParameter) when calling the CreateCluster operation: The request must contain the parameter NodeType.',
  'missing node type');
SELECT ok(redshift_iam.create_cluster('n2', 'ds1.xlarge', 32) IS NOT NULL, 'legacy alias ds1.xlarge');
SELECT ok(redshift_iam.create_cluster('n3', 'ra3.16xlarge', 128) IS NOT NULL, 'ra3.16xlarge 128 nodes');

-- ---- role ARNs ----
SELECT pg_temp.fails($$SELECT redshift_iam.create_cluster('r1', 'dc1.large', 1, ARRAY['MyRedshiftRole'])$$, '22023',
  'An error occurred (InvalidParameterValue) when calling the CreateCluster operation: The IAM role MyRedshiftRole is not valid. The IAM role must delegate access to an Amazon Redshift account.',
  'a role name instead of an ARN');
SELECT pg_temp.fails($$SELECT redshift_iam.modify_cluster_iam_roles('c1', ARRAY['MyRedshiftRole'])$$, '22023',
  'An error occurred (InvalidParameterValue) when calling the ModifyClusterIamRoles operation: The IAM role MyRedshiftRole is not valid. The IAM role must delegate access to an Amazon Redshift account.',
  'a role name in add_iam_roles');
SELECT pg_temp.fails($$SELECT redshift_iam.modify_cluster_iam_roles('c1', ARRAY['arn:aws:iam::0123456789012:role/R'])$$, '22023',
  'An error occurred (InvalidParameterValue) when calling the ModifyClusterIamRoles operation: The IAM role arn:aws:iam::0123456789012:role/R is not valid. The IAM role must delegate access to an Amazon Redshift account.',
  'a 13-digit account (a documentation bug: account IDs have 12 digits)');
SELECT pg_temp.fails($$SELECT redshift_iam.modify_cluster_iam_roles('c1', ARRAY['arn:aws:iam::123456789012:user/bob'])$$, '22023', NULL,
  'a user ARN');
SELECT pg_temp.fails($$SELECT redshift_iam.modify_cluster_iam_roles('c1',
    ARRAY['arn:aws:iam::123456789012:role/aws-service-role/redshift.amazonaws.com/AWSServiceRoleForRedshift'])$$, '22023',
  'An error occurred (InvalidParameterValue) when calling the ModifyClusterIamRoles operation: The IAM Role ARN arn:aws:iam::123456789012:role/aws-service-role/redshift.amazonaws.com/AWSServiceRoleForRedshift can''t be used since it''s a AWS service-linked IAM role.',
  'a service-linked role');
SELECT pg_temp.fails($$SELECT redshift_iam.modify_cluster_iam_roles('c1', ARRAY['arn:aws:iam::111122223333:role/Other'])$$, '22023',
  'An error occurred (InvalidParameterValue) when calling the ModifyClusterIamRoles operation: The IAM role arn:aws:iam::111122223333:role/Other is not valid. The IAM role must delegate access to an Amazon Redshift account.',
  'a role of another account');
SELECT pg_temp.fails($$SELECT redshift_iam.modify_cluster_iam_roles('c1', ARRAY[NULL::text])$$, '22023', NULL,
  'a null ARN');
SELECT is(redshift_iam_internal._role_arn_problem('arn:aws:iam::123456789012:role/A'), NULL, '_role_arn_problem: valid');
SELECT isnt(redshift_iam_internal._role_arn_problem('A'), NULL, '_role_arn_problem: a name');
SELECT is(redshift_iam_internal._cluster_identifier_problem('a-'), 'the identifier cannot end with a hyphen',
          '_cluster_identifier_problem uses the core validator');
SELECT ok(redshift_iam.create_cluster('path', 'dc1.large', 1,
            ARRAY['arn:aws:iam::123456789012:role/application_abc/component_xyz/RDSAccess']) IS NOT NULL,
          'role paths are fine');

-- ---- partitions: a region's clusters use roles of its partition only ----
SELECT pg_temp.fails($$SELECT redshift_iam.create_cluster('gov', 'dc1.large', 1,
    ARRAY['arn:aws-us-gov:iam::123456789012:role/Gov'])$$, '22023',
  'An error occurred (InvalidParameterValue) when calling the CreateCluster operation: The IAM role arn:aws-us-gov:iam::123456789012:role/Gov is not valid. The IAM role must delegate access to an Amazon Redshift account.',
  'a role of another partition (aws-us-gov in us-east-1)');
SELECT is(pg_temp.detail_of($$SELECT redshift_iam.modify_cluster_iam_roles('path', ARRAY['arn:aws-cn:iam::123456789012:role/Cn'])$$),
          'The role is in partition aws-cn, the cluster in partition aws (region us-east-1); access is not delegated across partitions.',
          'the DETAIL names both partitions');
SET LOCAL redshift_iam.region = 'us-gov-west-1';
SELECT is(redshift_iam.create_cluster('gov', 'dc1.large', 1, ARRAY['arn:aws-us-gov:iam::123456789012:role/Gov'])
            #>> '{Cluster,IamRoles,0,IamRoleArn}',
          'arn:aws-us-gov:iam::123456789012:role/Gov', 'in us-gov-west-1 an aws-us-gov role is fine');
SELECT is(redshift_iam_internal._cluster_arn('123456789012', 'us-gov-west-1', 'gov'),
          'arn:aws-us-gov:redshift:us-gov-west-1:123456789012:cluster:gov', 'the cluster ARN carries the partition');
SELECT pg_temp.fails($$SELECT redshift_iam.modify_cluster_iam_roles('gov', ARRAY['arn:aws:iam::123456789012:role/A'])$$, '22023',
  NULL, 'in us-gov-west-1 an aws role is refused');
SELECT pg_temp.fails($$SELECT redshift_iam.import_clusters('{"Clusters": [{"ClusterIdentifier": "gov2", "NodeType": "dc2.large",
    "NumberOfNodes": 1, "IamRoles": [{"IamRoleArn": "arn:aws:iam::123456789012:role/A", "ApplyStatus": "in-sync"}]}]}')$$,
  '22023', 'invalid describe-clusters output: Clusters[0].IamRoles[0].IamRoleArn: the role is in partition aws, not in the partition aws-us-gov of the cluster''s region',
  'import: a role of another partition is named');
SELECT is(redshift_iam.check_command('gov', $$COPY t FROM 's3://b/x' IAM_ROLE 'arn:aws-us-gov:iam::123456789012:role/Gov'$$)
            ->> 'cluster_arn',
          'arn:aws-us-gov:redshift:us-gov-west-1:123456789012:cluster:gov', 'check_command names the cluster with its partition');
SELECT is(redshift_iam.delete_cluster('gov') #>> '{Cluster,ClusterStatus}', 'deleting', 'gov deleted');
SET LOCAL redshift_iam.region = 'us-east-1';

-- ---- existence ----
SELECT pg_temp.fails($$SELECT redshift_iam.create_cluster('c1', 'dc1.large')$$, '42710',
  'An error occurred (ClusterAlreadyExists) when calling the CreateCluster operation: Cluster c1 already exists.',
  'ClusterAlreadyExists');
SELECT pg_temp.fails($$SELECT redshift_iam.modify_cluster_iam_roles('nope', ARRAY['arn:aws:iam::123456789012:role/A'])$$, '42704',
  'An error occurred (ClusterNotFound) when calling the ModifyClusterIamRoles operation: Cluster nope not found.',
  'ClusterNotFound from modify');
SELECT pg_temp.fails($$SELECT redshift_iam.describe_clusters('nope')$$, '42704',
  'An error occurred (ClusterNotFound) when calling the DescribeClusters operation: Cluster nope not found.',
  'ClusterNotFound from describe');
SELECT pg_temp.fails($$SELECT redshift_iam.delete_cluster('nope')$$, '42704',
  'An error occurred (ClusterNotFound) when calling the DeleteCluster operation: Cluster nope not found.',
  'ClusterNotFound from delete');
SELECT pg_temp.fails($$SELECT redshift_iam.apply_pending_changes('nope')$$, '42704', NULL,
  'ClusterNotFound from apply_pending_changes');
SELECT pg_temp.fails($$SELECT redshift_iam.modify_cluster_iam_roles(NULL)$$, '22023',
  'An error occurred (MissingParameter) when calling the ModifyClusterIamRoles operation: The request must contain the parameter ClusterIdentifier.',
  'modify without an identifier');

-- ---- default role ----
SELECT pg_temp.fails($$SELECT redshift_iam.create_cluster('d1', 'dc1.large', 1,
    ARRAY['arn:aws:iam::123456789012:role/A'], 'arn:aws:iam::123456789012:role/B')$$, '22023',
  'An error occurred (InvalidParameterValue) when calling the CreateCluster operation: The list of Amazon Resource Names (ARNs) for customer roles should contain the ARN of the default IAM role when a default is specified.',
  'create: the default must be among iam_roles');
SELECT pg_temp.fails($$SELECT redshift_iam.modify_cluster_iam_roles('c1',
    remove_iam_roles => ARRAY['arn:aws:iam::123456789012:role/B'],
    default_iam_role_arn => 'arn:aws:iam::123456789012:role/B')$$, '22023',
  'An error occurred (InvalidParameterValue) when calling the ModifyClusterIamRoles operation: The list of Amazon Resource Names (ARNs) for customer roles should contain the ARN of the default IAM role when a default is specified.',
  'modify: naming as default a role being removed (aws-sdk-go#4462)');
SELECT pg_temp.fails($$SELECT redshift_iam.modify_cluster_iam_roles('c1',
    default_iam_role_arn => 'arn:aws:iam::123456789012:role/C')$$, '22023',
  'An error occurred (InvalidParameterValue) when calling the ModifyClusterIamRoles operation: The list of Amazon Resource Names (ARNs) for customer roles should contain the ARN of the default IAM role when a default is specified.',
  'modify: an unassociated default');
SELECT is(redshift_iam.create_cluster('d2', 'dc1.large', 1, ARRAY['arn:aws:iam::123456789012:role/A'], '')
            #> '{Cluster,DefaultIamRoleArn}', NULL, 'create: '''' means no default');
SELECT is(redshift_iam.modify_cluster_iam_roles('c1', default_iam_role_arn => NULL)
            #>> '{Cluster,DefaultIamRoleArn}', 'arn:aws:iam::123456789012:role/A', 'NULL leaves the default unchanged');
SELECT is(redshift_iam.modify_cluster_iam_roles('c1',
            remove_iam_roles => ARRAY['arn:aws:iam::123456789012:role/B'],
            default_iam_role_arn => 'arn:aws:iam::123456789012:role/A')
            #>> '{Cluster,DefaultIamRoleArn}', 'arn:aws:iam::123456789012:role/A',
          'removing another role while restating the default works (terraform''s calls)');
SELECT is(redshift_iam.modify_cluster_iam_roles('c1',
            add_iam_roles => ARRAY['arn:aws:iam::123456789012:role/C'],
            default_iam_role_arn => 'arn:aws:iam::123456789012:role/C')
            #>> '{Cluster,DefaultIamRoleArn}', 'arn:aws:iam::123456789012:role/C',
          'an unassociated role added in the same call can be the default');
SELECT is(redshift_iam.modify_cluster_iam_roles('c1', default_iam_role_arn => '')
            #> '{Cluster,DefaultIamRoleArn}', NULL, ''''' clears the default');
SELECT is(redshift_iam.modify_cluster_iam_roles('c1', default_iam_role_arn => 'arn:aws:iam::123456789012:role/A')
            #>> '{Cluster,DefaultIamRoleArn}', 'arn:aws:iam::123456789012:role/A', 'an associated role becomes default');
SELECT is(redshift_iam.modify_cluster_iam_roles('c1', remove_iam_roles => ARRAY['arn:aws:iam::123456789012:role/A'])
            #> '{Cluster,DefaultIamRoleArn}', NULL, 'removing the default role clears the default');

-- ---- undocumented cases, as decided ----
-- c1 now holds C (in-sync)
SELECT is(redshift_iam.modify_cluster_iam_roles('c1') #> '{Cluster,IamRoles}',
          '[{"IamRoleArn": "arn:aws:iam::123456789012:role/C", "ApplyStatus": "in-sync"}]'::jsonb,
          'an empty call returns the cluster');
SELECT ok(pg_temp.mark() AND redshift_iam.modify_cluster_iam_roles('c1') IS NOT NULL AND pg_temp.unchanged(),
          'an empty call changes nothing');
SELECT ok(redshift_iam.modify_cluster_iam_roles('c1', ARRAY['arn:aws:iam::123456789012:role/C']) IS NOT NULL
          AND pg_temp.unchanged(), 're-adding an associated role is a no-op');
SELECT pg_temp.fails($$SELECT redshift_iam.modify_cluster_iam_roles('c1',
    remove_iam_roles => ARRAY['arn:aws:iam::123456789012:role/Z'])$$, '22023',
  'An error occurred (InvalidParameterValue) when calling the ModifyClusterIamRoles operation: The IAM role arn:aws:iam::123456789012:role/Z is not associated with cluster c1.',
  'removing a role that is not associated');
SELECT pg_temp.fails($$SELECT redshift_iam.modify_cluster_iam_roles('c1',
    add_iam_roles => ARRAY['arn:aws:iam::123456789012:role/D'],
    remove_iam_roles => ARRAY['arn:aws:iam::123456789012:role/D'])$$, '22023',
  'An error occurred (InvalidParameterCombination) when calling the ModifyClusterIamRoles operation: The IAM role arn:aws:iam::123456789012:role/D cannot be both added and removed in the same request.',
  'the same ARN in add and remove');
SELECT is(redshift_iam.modify_cluster_iam_roles('c1',
            ARRAY['arn:aws:iam::123456789012:role/D', 'arn:aws:iam::123456789012:role/D',
                  'arn:aws:iam::123456789012:role/E']) #> '{Cluster,IamRoles}',
          '[{"IamRoleArn": "arn:aws:iam::123456789012:role/C", "ApplyStatus": "in-sync"},
            {"IamRoleArn": "arn:aws:iam::123456789012:role/D", "ApplyStatus": "in-sync"},
            {"IamRoleArn": "arn:aws:iam::123456789012:role/E", "ApplyStatus": "in-sync"}]'::jsonb,
          'duplicates in one list are merged; order kept');
SET LOCAL redshift_iam.apply_delay = '1h';
SELECT is(redshift_iam.modify_cluster_iam_roles('c1', remove_iam_roles => ARRAY['arn:aws:iam::123456789012:role/E'])
            #>> '{Cluster,IamRoles,2,ApplyStatus}', 'removing', 'E removing');
SELECT is(redshift_iam.modify_cluster_iam_roles('c1', remove_iam_roles => ARRAY['arn:aws:iam::123456789012:role/E'])
            #>> '{Cluster,IamRoles,2,ApplyStatus}', 'removing', 'removing a role that is already removing is a no-op');
SELECT is(redshift_iam.modify_cluster_iam_roles('c1', ARRAY['arn:aws:iam::123456789012:role/E'])
            #>> '{Cluster,IamRoles,2,ApplyStatus}', 'adding', 're-adding a removing role makes it adding again');
SELECT is(redshift_iam.apply_pending_changes('c1'), 1, 'apply_pending_changes(cluster) completes it');
SELECT is(redshift_iam.describe_clusters('c1') #>> '{Clusters,0,IamRoles,2,ApplyStatus}', 'in-sync', 'E in-sync');

-- ---- InvalidClusterState ----
SELECT ok(redshift_iam.create_cluster('slow', 'dc1.large') IS NOT NULL, 'a cluster that stays creating for an hour');
SELECT pg_temp.fails($$SELECT redshift_iam.modify_cluster_iam_roles('slow', ARRAY['arn:aws:iam::123456789012:role/A'])$$, '55000',
  'An error occurred (InvalidClusterState) when calling the ModifyClusterIamRoles operation: The specified cluster is not in the available state.',
  'modify while creating');
SELECT is(redshift_iam.apply_pending_changes('slow'), 1, 'apply_pending_changes makes it available');
SELECT ok(redshift_iam.modify_cluster_iam_roles('slow', ARRAY['arn:aws:iam::123456789012:role/A']) IS NOT NULL,
          'modify once available');

-- ---- quota: adding, in-sync and removing all count ----
SET LOCAL redshift_iam.max_roles_per_cluster = 3;
SELECT pg_temp.fails($$SELECT redshift_iam.create_cluster('q1', 'dc1.large', 1,
    ARRAY['arn:aws:iam::123456789012:role/A', 'arn:aws:iam::123456789012:role/B',
          'arn:aws:iam::123456789012:role/C', 'arn:aws:iam::123456789012:role/D'])$$, '54000',
  'An error occurred (InvalidParameterValue) when calling the CreateCluster operation: A cluster can have at most 3 IAM roles associated; the request names 4.',
  'create over the quota');
SELECT ok(redshift_iam.create_cluster('q1', 'dc1.large', 1,
    ARRAY['arn:aws:iam::123456789012:role/A', 'arn:aws:iam::123456789012:role/A',
          'arn:aws:iam::123456789012:role/B', 'arn:aws:iam::123456789012:role/C']) IS NOT NULL,
          'duplicates are merged before the quota is counted');
SELECT is(redshift_iam.apply_pending_changes('q1'), 4, 'q1 available with 3 roles in-sync');
-- q1: A, B, C in-sync; remove C (removing, still counts)
SELECT ok(redshift_iam.modify_cluster_iam_roles('q1', remove_iam_roles => ARRAY['arn:aws:iam::123456789012:role/C']) IS NOT NULL,
          'remove C');
SELECT pg_temp.fails($$SELECT redshift_iam.modify_cluster_iam_roles('q1', ARRAY['arn:aws:iam::123456789012:role/D'])$$, '54000',
  'An error occurred (InvalidParameterValue) when calling the ModifyClusterIamRoles operation: A cluster can have at most 3 IAM roles associated; cluster q1 has 3 and the request adds 1.',
  'a removing role still counts');
SELECT pg_temp.fails($$SELECT redshift_iam.modify_cluster_iam_roles('q1', ARRAY['arn:aws:iam::123456789012:role/D'],
    ARRAY['arn:aws:iam::123456789012:role/A'])$$, '54000', NULL,
  'removing in the same call does not make room');
SELECT ok(redshift_iam.modify_cluster_iam_roles('q1', ARRAY['arn:aws:iam::123456789012:role/C']) IS NOT NULL,
          're-adding the removing role needs no room');
SELECT ok(redshift_iam.modify_cluster_iam_roles('q1', remove_iam_roles => ARRAY['arn:aws:iam::123456789012:role/C']) IS NOT NULL
          AND redshift_iam.apply_pending_changes('q1') = 1
          AND redshift_iam.modify_cluster_iam_roles('q1', ARRAY['arn:aws:iam::123456789012:role/D']) IS NOT NULL,
          'once the removal finished there is room');
-- a quota lowered below what the cluster holds (A, B, D): a call that adds
-- no role still works, so roles can be removed to get back under it
SET LOCAL redshift_iam.max_roles_per_cluster = 1;
SELECT is(redshift_iam.modify_cluster_iam_roles('q1') #> '{Cluster,IamRoles}',
          redshift_iam.describe_clusters('q1') #> '{Clusters,0,IamRoles}',
          'over a lowered quota: an empty call returns the cluster');
SELECT is(redshift_iam.modify_cluster_iam_roles('q1', default_iam_role_arn => 'arn:aws:iam::123456789012:role/A')
            #>> '{Cluster,DefaultIamRoleArn}',
          'arn:aws:iam::123456789012:role/A', 'over a lowered quota: setting the default works');
SELECT is(redshift_iam.modify_cluster_iam_roles('q1', remove_iam_roles => ARRAY['arn:aws:iam::123456789012:role/B'])
            #>> '{Cluster,IamRoles,1,ApplyStatus}',
          'removing', 'over a lowered quota: removing a role works');
SELECT pg_temp.fails($$SELECT redshift_iam.modify_cluster_iam_roles('q1', ARRAY['arn:aws:iam::123456789012:role/E'],
    ARRAY['arn:aws:iam::123456789012:role/D'])$$, '54000',
  'An error occurred (InvalidParameterValue) when calling the ModifyClusterIamRoles operation: A cluster can have at most 1 IAM roles associated; cluster q1 has 3 and the request adds 1.',
  'over a lowered quota: a call that adds a role is refused');
RESET redshift_iam.max_roles_per_cluster;
SET LOCAL redshift_iam.apply_delay = 0;

-- ---- describe parameters and pagination ----
SELECT pg_temp.fails($$SELECT redshift_iam.describe_clusters(max_records => 19)$$, '22023',
  'An error occurred (InvalidParameterValue) when calling the DescribeClusters operation: MaxRecords must be between 20 and 100; 19 is not.',
  'max_records below 20');
SELECT pg_temp.fails($$SELECT redshift_iam.describe_clusters(max_records => 101)$$, '22023', NULL,
  'max_records above 100');
SELECT pg_temp.fails($$SELECT redshift_iam.describe_clusters('c1', marker => 'cnNpMTpj')$$, '22023',
  'An error occurred (InvalidParameterCombination) when calling the DescribeClusters operation: A marker cannot be specified together with a cluster identifier.',
  'identifier and marker together');
SELECT is(redshift_iam.describe_clusters('c1', marker => '') #>> '{Clusters,0,ClusterIdentifier}', 'c1',
          'an empty marker is no marker, also next to an identifier');
SELECT pg_temp.fails($$SELECT redshift_iam.describe_clusters(marker => 'garbage!')$$, '22023',
  'An error occurred (InvalidParameterValue) when calling the DescribeClusters operation: Invalid marker: garbage!',
  'a marker not from us');

SELECT lives_ok('DELETE FROM redshift_iam.catalog_clusters', 'start paging from an empty catalog');
SELECT is((SELECT count(redshift_iam.create_cluster('p' || lpad(i::text, 2, '0'), 'dc2.large'))::int
             FROM generate_series(1, 45) AS i), 45, '45 clusters for paging');
CREATE TEMP TABLE pages AS
  SELECT 1 AS page, redshift_iam.describe_clusters(max_records => 20) AS doc;
INSERT INTO pages SELECT 2, redshift_iam.describe_clusters(max_records => 20, marker => doc->>'Marker') FROM pages WHERE page = 1;
INSERT INTO pages SELECT 3, redshift_iam.describe_clusters(max_records => 20, marker => doc->>'Marker') FROM pages WHERE page = 2;
SELECT results_eq($$SELECT jsonb_array_length(doc->'Clusters') FROM pages ORDER BY page$$,
                  $$VALUES (20), (20), (5)$$, 'pages of 20, 20 and 5');
SELECT results_eq($$SELECT doc ? 'Marker' FROM pages ORDER BY page$$,
                  $$VALUES (true), (true), (false)$$, 'a Marker on every page but the last');
SELECT results_eq(
  $$SELECT c->>'ClusterIdentifier' FROM pages, jsonb_array_elements(doc->'Clusters') WITH ORDINALITY AS e(c, o) ORDER BY page, o$$,
  $$SELECT 'p' || lpad(i::text, 2, '0') FROM generate_series(1, 45) AS i$$,
  'the pages list every cluster once, in identifier order');
SELECT is(jsonb_array_length(redshift_iam.describe_clusters()->'Clusters'), 45, 'default max_records is 100');
SELECT ok(NOT redshift_iam.describe_clusters() ? 'Marker', 'no Marker when everything fits');
SELECT is(jsonb_array_length(redshift_iam.describe_clusters(max_records => 45)->'Clusters'), 45, 'exactly max_records');
SELECT ok(NOT redshift_iam.describe_clusters(max_records => 45) ? 'Marker', 'no Marker when the last page is full');

-- ---- privileges, comments, pg_dump ----
SELECT ok(NOT has_function_privilege('public', p.oid, 'EXECUTE'), 'PUBLIC cannot execute ' || p.proname)
  FROM pg_proc p
 WHERE p.pronamespace IN ('redshift_iam'::regnamespace, 'redshift_iam_internal'::regnamespace)
   AND p.proname IN ('create_cluster', 'modify_cluster_iam_roles', 'describe_clusters', 'delete_cluster',
                     'apply_pending_changes', 'import_clusters', '_materialize', '_authorize')
 ORDER BY p.proname;
SELECT ok(NOT has_table_privilege('public', t, p), 'PUBLIC has no ' || p || ' on ' || t)
  FROM unnest(ARRAY['redshift_iam.catalog_clusters', 'redshift_iam.catalog_cluster_iam_roles']) AS t,
       unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) AS p;
SELECT ok(has_table_privilege('public', v, 'SELECT'), 'PUBLIC can read ' || v)
  FROM unnest(ARRAY['redshift_iam.clusters', 'redshift_iam.cluster_iam_roles']) AS v;
SELECT is_empty($$
  SELECT p.oid::regprocedure::text FROM pg_proc p
   WHERE p.pronamespace IN ('redshift_iam'::regnamespace, 'redshift_iam_internal'::regnamespace)
     AND (p.proname IN ('create_cluster', 'modify_cluster_iam_roles', 'describe_clusters', 'delete_cluster',
                        'apply_pending_changes', 'import_clusters', '_authorize', '_caller_account')
          OR p.proname LIKE '\_check\_%' OR p.proname LIKE '\_effective\_%' OR p.proname LIKE '%cluster%')
     AND obj_description(p.oid, 'pg_proc') IS NULL$$, 'every catalog function has a COMMENT');
SELECT is_empty($$
  SELECT c.relname FROM pg_class c
   WHERE c.relnamespace = 'redshift_iam'::regnamespace AND c.relkind IN ('r', 'v')
     AND c.relname IN ('catalog_clusters', 'catalog_cluster_iam_roles', 'clusters', 'cluster_iam_roles')
     AND obj_description(c.oid, 'pg_class') IS NULL$$, 'every catalog table and view has a COMMENT');
SELECT is((SELECT count(*)::int FROM pg_proc p
            WHERE p.pronamespace IN ('redshift_iam'::regnamespace, 'redshift_iam_internal'::regnamespace)
              AND p.proname IN ('create_cluster', 'modify_cluster_iam_roles', 'describe_clusters', 'delete_cluster',
                                'apply_pending_changes', 'import_clusters', '_materialize', '_cluster_json',
                                '_cluster_arn', '_dedup', '_association_status', '_cluster_lookup')
              AND coalesce('search_path=pg_catalog, pg_temp' = ANY (p.proconfig), false)), 12,
          'every SQL and PL/pgSQL catalog function pins search_path');
SELECT is((SELECT count(*)::int FROM pg_proc p
            WHERE p.pronamespace IN ('redshift_iam'::regnamespace, 'redshift_iam_internal'::regnamespace)
              AND p.proname IN ('_effective_apply_status', '_effective_cluster_status')
              AND p.proconfig IS NULL
              AND p.prosrc ~ 'OPERATOR\(pg_catalog\.[=<>]+\) pg_catalog\.clock_timestamp\(\)'
              AND p.prosrc !~ '[^)] [=<>]+ '), 2,
          'the status rule is inlinable: no SET clause, every operator and function schema-qualified');
SELECT ok(p.prosecdef, p.proname || ' is SECURITY DEFINER')
  FROM pg_proc p
 WHERE p.pronamespace IN ('redshift_iam'::regnamespace, 'redshift_iam_internal'::regnamespace)
   AND p.proname IN ('create_cluster', 'modify_cluster_iam_roles', 'describe_clusters', 'delete_cluster',
                     'apply_pending_changes', 'import_clusters')
 ORDER BY p.proname;
SELECT ok((SELECT extconfig @> ARRAY['redshift_iam.catalog_clusters'::regclass::oid,
                                     'redshift_iam.catalog_cluster_iam_roles'::regclass::oid]
             FROM pg_extension WHERE extname = 'redshift_iam'), 'both tables are dumped by pg_dump');

-- ---- a non-superuser granted the functions ----
CREATE ROLE rsi_catalog_ops;
GRANT USAGE ON SCHEMA redshift_iam TO rsi_catalog_ops;
GRANT EXECUTE ON FUNCTION redshift_iam.create_cluster(text, text, integer, text[], text, text),
                          redshift_iam.describe_clusters(text, integer, text) TO rsi_catalog_ops;
-- with redshift_iam.enforce_iam_policies on, it acts as an IAM principal (30_policy_*.sql)
SELECT redshift_iam.map_principal('rsi_catalog_ops', 'arn:aws:iam::123456789012:user/ops');
SELECT redshift_iam.put_principal_policy('arn:aws:iam::123456789012:user/ops', 'ops',
  '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
    "Action": ["redshift:CreateCluster", "redshift:DescribeClusters"], "Resource": "*"}]}');
SET LOCAL ROLE rsi_catalog_ops;
SELECT is(redshift_iam.create_cluster('ops', 'dc2.large') #>> '{Cluster,ClusterIdentifier}', 'ops',
          'a granted role can create a cluster');
SELECT is(redshift_iam.describe_clusters('ops') #>> '{Clusters,0,ClusterStatus}', 'available',
          'and describe it');
SELECT throws_ok($$SELECT redshift_iam.delete_cluster('ops')$$, '42501', NULL,
                 'functions not granted stay closed');
SELECT throws_ok($$INSERT INTO redshift_iam.catalog_clusters VALUES
                   ('123456789012', 'us-east-1', 'evil', 'dc2.large', 1, 'available', NULL, now(), now())$$,
                 '42501', NULL, 'no direct writes to the tables');
SELECT throws_ok($$SELECT * FROM redshift_iam.catalog_cluster_iam_roles$$, '42501', NULL,
                 'no direct reads of the tables');
SELECT is((SELECT cluster_status FROM redshift_iam.clusters WHERE cluster_identifier = 'ops'), 'available',
          'the views are readable');
SELECT is(redshift_iam_internal._association_status('123456789012', 'us-east-1', 'c1', 'arn:aws:iam::123456789012:role/C'),
          NULL, 'lookup functions work for anyone');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
